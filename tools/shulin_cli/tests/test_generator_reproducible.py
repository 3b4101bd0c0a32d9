"""The generator gives the same plan in every process, whatever the string-hash seed."""

import os
import subprocess
import sys

import pytest

DIGEST_OF_DEMO_PLAN = (
    "from shulin_cli.generator import generate_community, plan_digest, preset; "
    "print(plan_digest(generate_community(preset('demo'), {seed})))"
)


def _digest_in_fresh_process(seed: int, hash_seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run(
        [sys.executable, "-c", DIGEST_OF_DEMO_PLAN.format(seed=seed)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout.strip()


@pytest.mark.parametrize("seed", [7, 8])
def test_plan_is_identical_across_processes_with_different_hash_seeds(seed: int) -> None:
    digests = {_digest_in_fresh_process(seed, hash_seed) for hash_seed in ("1", "2", "3")}
    assert len(digests) == 1, digests
