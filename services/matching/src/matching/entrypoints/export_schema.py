"""Write (or with --check, verify) the SDL committed at services/matching/schema.graphql."""

import sys
from pathlib import Path

from matching.entrypoints.schema import schema
from shulin_kit.subgraph import export_schema_main

SCHEMA_FILE = Path(__file__).resolve().parents[3] / "schema.graphql"


def main() -> None:
    export_schema_main(schema, SCHEMA_FILE, sys.argv[1:])


if __name__ == "__main__":
    main()
