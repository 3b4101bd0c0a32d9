"""Print (or check) the subgraph SDL committed at services/residents/schema.graphql."""

import sys
from pathlib import Path

from strawberry.printer import print_schema

from residents.entrypoints.schema import schema

SCHEMA_FILE = Path(__file__).resolve().parents[3] / "schema.graphql"


def main() -> None:
    sdl = print_schema(schema) + "\n"
    if "--check" in sys.argv:
        if not SCHEMA_FILE.exists() or SCHEMA_FILE.read_text() != sdl:
            sys.exit(f"{SCHEMA_FILE} is stale: run `make schemas`")
        return
    SCHEMA_FILE.write_text(sdl)


if __name__ == "__main__":
    main()
