"""Every Query and Mutation field of activities has an access rule (docs/security.md)."""

import pytest
from graphql import GraphQLObjectType

from activities.entrypoints.access import FIELD_RULES
from activities.entrypoints.schema import schema


@pytest.mark.parametrize("type_name", sorted(FIELD_RULES))
def test_every_field_has_an_access_rule(type_name: str) -> None:
    gql_type = schema._schema.get_type(type_name)
    assert isinstance(gql_type, GraphQLObjectType)
    if type_name in ("Query", "Mutation"):
        without_rule = set(gql_type.fields) - set(FIELD_RULES[type_name])
        assert not without_rule, f"add an access rule for {type_name}.{sorted(without_rule)}"
    assert not set(FIELD_RULES[type_name]) - set(gql_type.fields), "rules for removed fields"
