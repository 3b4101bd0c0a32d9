"""The gateway's supergraph composition (services/gateway/compose.mjs, @theguild/federation-composition).

Plain subprocess + stdlib: runs Node the way CI and `services/gateway/run` do.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GATEWAY = REPO / "services" / "gateway"
COMPOSE = GATEWAY / "compose.mjs"

# `npm ci` of Hive Gateway (~500 MB) can take minutes on a cold 2-core machine.
if importlib.util.find_spec("pytest_timeout") is not None:
    pytestmark = [pytest.mark.timeout(1200)]

URL_VARS = ("RESIDENTS_URL", "ACTIVITIES_URL", "MATCHING_URL", "SHULIN_VAR")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in URL_VARS}
    env.update(extra)
    return env


@pytest.fixture(scope="module", autouse=True)
def node_modules() -> None:
    if shutil.which("node") is None:
        pytest.fail("node (>= 20) is not on PATH: the gateway and its composition need it")
    if not (GATEWAY / "node_modules").is_dir():
        # Idempotent; stamps node_modules so later runs skip `npm ci`.
        proc = subprocess.run(
            [str(GATEWAY / "install")], capture_output=True, text=True, timeout=1100
        )
        assert proc.returncode == 0, (
            f"services/gateway/install failed:\n{proc.stdout}\n{proc.stderr}"
        )


def compose(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["node", str(COMPOSE), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        env=env or _env(),
    )


def test_committed_subgraph_schemas_compose() -> None:
    subgraphs = json.loads((GATEWAY / "subgraphs.json").read_text(encoding="utf-8"))
    assert {s["name"] for s in subgraphs} == {"residents", "activities", "matching"}
    missing = [s["schema"] for s in subgraphs if not (REPO / s["schema"]).is_file()]
    assert not missing, f"subgraph SDL not committed (export it with print_schema): {missing}"

    proc = compose("--check")
    assert proc.returncode == 0, f"supergraph composition failed:\n{proc.stdout}\n{proc.stderr}"
    assert proc.stdout.startswith("OK"), proc.stdout


def test_composed_supergraph_is_written_with_routing_urls_from_env(tmp_path: Path) -> None:
    out = tmp_path / "nested" / "supergraph.graphql"
    env = _env(RESIDENTS_URL="http://residents.internal:9001/graphql")
    proc = compose("--from-files", "--out", str(out), env=env)
    assert proc.returncode == 0, proc.stderr
    sdl = out.read_text(encoding="utf-8")
    assert '@join__graph(name: "residents", url: "http://residents.internal:9001/graphql")' in sdl
    assert '@join__graph(name: "activities", url: "http://127.0.0.1:8002/graphql")' in sdl
    assert '@join__graph(name: "matching", url: "http://127.0.0.1:8003/graphql")' in sdl
    assert "type Resident" in sdl


LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])'


def test_conflicting_subgraphs_fail_composition_and_name_the_problem(tmp_path: Path) -> None:
    (tmp_path / "people.graphql").write_text(
        f"""{LINK}
type Resident @key(fields: "id") {{ id: ID! name: String! }}
type Query {{ resident(id: ID!): Resident }}
""",
        encoding="utf-8",
    )
    (tmp_path / "clubs.graphql").write_text(
        f"""{LINK}
type Resident @key(fields: "id") {{ id: ID! name: Int! }}
type Query {{ topResident: Resident }}
""",
        encoding="utf-8",
    )
    proc = compose(
        "--check", f"people={tmp_path / 'people.graphql'}", f"clubs={tmp_path / 'clubs.graphql'}"
    )
    assert proc.returncode == 1, f"expected composition errors:\n{proc.stdout}\n{proc.stderr}"
    assert "composition FAILED" in proc.stderr
    assert "Resident.name" in proc.stderr
    assert "FIELD_TYPE_MISMATCH" in proc.stderr
    assert '"people"' in proc.stderr and '"clubs"' in proc.stderr


def test_unsupported_federation_version_is_rejected_with_a_hint(tmp_path: Path) -> None:
    # Strawberry's default link version (2.11) is rejected by this composition library.
    sdl = tmp_path / "new.graphql"
    sdl.write_text(
        LINK.replace("v2.9", "v2.11") + "\ntype Query { hello: String }\n", encoding="utf-8"
    )
    proc = compose("--check", f"newer={sdl}")
    assert proc.returncode == 1
    assert "Invalid version v2.11" in proc.stderr
    assert 'federation_version="2.9"' in proc.stderr


def test_missing_schema_file_names_the_subgraph(tmp_path: Path) -> None:
    proc = compose("--check", f"ghost={tmp_path / 'nope.graphql'}")
    assert proc.returncode == 2
    assert 'subgraph "ghost"' in proc.stderr and "not found" in proc.stderr


def test_unreachable_subgraph_names_the_subgraph(tmp_path: Path) -> None:
    subgraphs = tmp_path / "subgraphs.json"
    # Port 9 (discard) on loopback: nothing listens there in this project.
    subgraphs.write_text(
        json.dumps(
            [{"name": "ghost", "url_env": "GHOST_URL", "default_url": "http://127.0.0.1:9/graphql"}]
        ),
        encoding="utf-8",
    )
    proc = compose("--from-urls", "--check", "--subgraphs", str(subgraphs), "--timeout", "3")
    assert proc.returncode == 2
    assert 'subgraph "ghost" is unreachable at http://127.0.0.1:9/graphql' in proc.stderr
