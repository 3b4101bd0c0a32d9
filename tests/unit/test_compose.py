"""docker-compose.yml runs what `make up` runs, from images that hold what their builds need.

There is no Docker engine here, so these read the files: the console was missing from compose
for a while, unnoticed."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
CONSOLE = ROOT / "services" / "console"


def compose_services() -> set[str]:
    block = COMPOSE.split("\nservices:\n", 1)[1].split("\nvolumes:\n", 1)[0]
    return set(re.findall(r"^  ([\w-]+):$", block, flags=re.MULTILINE))


def stack_processes() -> set[str]:
    stack = (ROOT / "infra" / "stack").read_text(encoding="utf-8")
    found = re.search(r"^SERVICES=\(([^)]*)\)", stack, flags=re.MULTILINE)
    assert found, "infra/stack no longer lists its SERVICES"
    return set(found.group(1).split())


def copied_sources(dockerfile: Path) -> set[str]:
    """The repository paths a Dockerfile's COPY lines take (not those from another stage)."""
    return {
        source
        for line in dockerfile.read_text(encoding="utf-8").splitlines()
        if line.startswith("COPY ") and "--from=" not in line
        for source in line.split()[1:-1]
    }


def test_compose_runs_every_process_the_local_stack_runs() -> None:
    missing = stack_processes() - compose_services()
    assert not missing, f"in infra/stack but not in docker-compose.yml: {sorted(missing)}"


def test_every_image_compose_builds_has_its_dockerfile() -> None:
    dockerfiles = re.findall(r"dockerfile: ([\w./-]+)", COMPOSE)
    assert dockerfiles
    assert [d for d in dockerfiles if not (ROOT / d).is_file()] == []


def test_the_console_image_builds_from_every_input_of_the_console_build() -> None:
    # The inputs `services/console/install` hashes to know when to rebuild are the build's inputs.
    install = (CONSOLE / "install").read_text(encoding="utf-8")
    hashed = re.search(r"find ((?:[\w.-]+ )+)-type f", install)
    assert hashed, "services/console/install no longer lists its sources"
    needed = {f"services/console/{name}" for name in hashed.group(1).split()}
    needed |= {"services/console/package.json", "services/console/serve.mjs"}
    copied = copied_sources(CONSOLE / "Dockerfile")
    assert needed <= copied, f"not copied into the console image: {sorted(needed - copied)}"
