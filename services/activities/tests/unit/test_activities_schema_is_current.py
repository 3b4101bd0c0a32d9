"""The committed subgraph SDL is what the code exports, and the enum matches the domain."""

from activities.domain.model import ActivityKind
from activities.entrypoints import schema as graphql_schema
from activities.entrypoints.export_schema import SCHEMA_FILE
from shulin_kit.subgraph import exported_sdl


def test_committed_schema_matches_the_code() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == exported_sdl(graphql_schema.schema), (
        "run `make schemas`"
    )


def test_schema_uses_a_federation_version_the_gateway_composes() -> None:
    assert 'specs.apollo.dev/federation/v2.9"' in exported_sdl(graphql_schema.schema)


def test_every_activity_kind_is_in_the_graphql_enum_and_back() -> None:
    assert {k.value for k in ActivityKind} == {k.value for k in graphql_schema.ActivityKind}


def test_every_activity_kind_has_a_chinese_label() -> None:
    assert ActivityKind.FREE_CLINIC.label == "义诊"
    assert all(kind.label for kind in ActivityKind)
