"""The gateway's image holds every local module its config imports (the image copies files one
by one: security.ts was missing from it, so the container could not start)."""

import re
from pathlib import Path

GATEWAY = Path(__file__).resolve().parents[2] / "services" / "gateway"


def local_imports(module: Path) -> set[str]:
    """Files imported as './x.ts' by `module`, and by those in turn."""
    found: set[str] = set()
    pending = [module]
    while pending:
        text = pending.pop().read_text(encoding="utf-8")
        for name in re.findall(r"from '\./([\w.-]+)'", text):
            if name not in found:
                found.add(name)
                pending.append(GATEWAY / name)
    return found


def test_the_image_copies_every_module_the_config_imports() -> None:
    copied = {
        name
        for line in (GATEWAY / "Dockerfile").read_text(encoding="utf-8").splitlines()
        if line.startswith("COPY ")
        for name in line.split()[1:-1]
    }
    needed = local_imports(GATEWAY / "gateway.config.ts") | {"gateway.config.ts", "run"}
    assert needed <= copied, f"not copied into the image: {sorted(needed - copied)}"
