"""Print (or check) the subgraph SDL committed at services/activities/schema.graphql."""

import sys
from pathlib import Path

from strawberry.printer import print_schema

from activities.entrypoints.schema import schema

SCHEMA_FILE = Path(__file__).resolve().parents[3] / "schema.graphql"


def exported_sdl() -> str:
    return print_schema(schema) + "\n"


def main() -> None:
    sdl = exported_sdl()
    if "--check" in sys.argv:
        if not SCHEMA_FILE.exists() or SCHEMA_FILE.read_text(encoding="utf-8") != sdl:
            sys.exit(f"{SCHEMA_FILE} is stale: run `make schemas`")
        return
    SCHEMA_FILE.write_text(sdl, encoding="utf-8")


if __name__ == "__main__":
    main()
