"""The GraphQL roster gateway: every document it sends is valid against the exported SDL."""

import json
from functools import cache
from pathlib import Path
from typing import Any

import httpx
from graphql import (
    DirectiveDefinitionNode,
    DocumentNode,
    GraphQLSchema,
    ObjectTypeDefinitionNode,
    SchemaDefinitionNode,
    TypeDefinitionNode,
    build_ast_schema,
    parse,
    validate,
)

from shulin_cli.gateway import operations as ops
from shulin_cli.gateway.graphql import GatewayError, GraphQLClient
from shulin_cli.gateway.roster_gateway import GraphQLRosterGateway

SUBGRAPHS = Path(__file__).parents[3] / "services"


@cache
def composed() -> GraphQLSchema:
    """The residents and activities subgraphs' SDL merged type by type (as the gateway does)."""
    merged: dict[str, TypeDefinitionNode] = {}
    for name in ("residents", "activities"):
        for d in parse((SUBGRAPHS / name / "schema.graphql").read_text()).definitions:
            if isinstance(d, (DirectiveDefinitionNode, SchemaDefinitionNode)):
                continue
            assert isinstance(d, TypeDefinitionNode)
            old = merged.get(d.name.value)
            if isinstance(old, ObjectTypeDefinitionNode) and isinstance(
                d, ObjectTypeDefinitionNode
            ):
                have = {f.name.value for f in old.fields or ()}
                fields = (
                    *(old.fields or ()),
                    *(f for f in d.fields or () if f.name.value not in have),
                )
                merged[d.name.value] = ObjectTypeDefinitionNode(
                    name=old.name, fields=fields, interfaces=old.interfaces, directives=()
                )
            elif old is None:
                merged[d.name.value] = d
    return build_ast_schema(DocumentNode(definitions=tuple(merged.values())), assume_valid_sdl=True)


def test_every_query_the_cli_sends_is_valid_against_the_schema() -> None:
    for document in (ops.BUILDINGS, ops.RESIDENTS, ops.RESIDENT_BY_EXTERNAL_REF,
                     ops.ATTENDANCE, ops.ACTIVITY_COMMUNITY):  # fmt: skip
        assert validate(composed(), parse(document)) == [], document


def _gateway(answer: Any) -> tuple[GraphQLRosterGateway, list[dict[str, Any]]]:
    sent: list[dict[str, Any]] = []

    def handle(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        errors = validate(composed(), parse(body["query"]))
        assert errors == [], errors
        sent.append(body)
        return httpx.Response(200, json=answer(body))

    client = GraphQLClient("http://gateway/graphql", transport=httpx.MockTransport(handle))
    return GraphQLRosterGateway(client), sent


def test_attendance_walks_every_page_of_attendees() -> None:
    def answer(body: dict[str, Any]) -> dict[str, Any]:
        if "ActivityCommunity" in body["query"]:
            return {"data": {"activity": {"id": "a1", "communityId": "c1", "startsAt": "2025-03-01T01:00:00+00:00"}}}  # fmt: skip
        after = body["variables"]["after"]
        node = {"checkedInAt": "2025-03-01T01:00:00+00:00",
                "resident": {"id": "r2" if after else "r1", "displayName": "王秀英",
                             "building": {"name": "1栋"}}}  # fmt: skip
        page = {"edges": [{"node": node, "cursor": "x"}],
                "pageInfo": {"hasNextPage": after is None, "endCursor": "x"}}  # fmt: skip
        return {"data": {"activity": {"attendees": page}}}

    gateway, sent = _gateway(answer)

    records = gateway.attendance("a1")

    assert [r.resident_id for r in records] == ["r1", "r2"]
    assert records[0].name == "王秀英" and records[0].building == "1栋"
    assert len(sent) == 3


def test_a_refused_sheet_carries_each_refused_index() -> None:
    problems = [{"field": "residentIds[1]", "message": "unknown resident"}]
    error = {"message": "refused", "path": ["c0"],
             "extensions": {"code": "BAD_USER_INPUT", "problems": problems}}  # fmt: skip
    gateway, sent = _gateway(lambda body: {"data": None, "errors": [error]})

    try:
        gateway.record_attendance("a1", ["r1", "r2"], "key-1")
    except GatewayError as refused:
        assert refused.code == "BAD_USER_INPUT"
        assert refused.problems == (("residentIds[1]", "unknown resident"),)
    else:
        raise AssertionError("expected a GatewayError")
    assert ["r1", "r2"] in [v.get("residentIds") for v in sent[0]["variables"].values()]
