from matching.entrypoints.export_schema import SCHEMA_FILE
from matching.entrypoints.schema import schema
from shulin_kit.subgraph import exported_sdl


def test_committed_schema_matches_the_code() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == exported_sdl(schema), "run `make schemas`"
