from strawberry.printer import print_schema

from matching.entrypoints.export_schema import SCHEMA_FILE
from matching.entrypoints.schema import schema


def test_committed_schema_matches_the_code() -> None:
    assert SCHEMA_FILE.read_text() == print_schema(schema) + "\n", "run `make schemas`"
