"""The gateway's own defences, on the real Hive Gateway: tokens, limits, rate limits, CORS, ids.

Each refusal is a clear error with a code, and nothing reaches a subgraph (nothing changes).
"""

import json
import sqlite3
import uuid
from typing import Any

import httpx
import pytest

from shulin_kit.identity import AuthSettings, mint_token
from shulin_kit.tokens import admin_headers, bearer

pytestmark = pytest.mark.e2e
AUTH = AuthSettings()
ANY_RESIDENT = '{ resident(id: "nobody") { id } }'


def send(url: str, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    headers = {"content-type": "application/json", **(headers or {})}
    return httpx.post(url, content=json.dumps(body), headers=headers, timeout=30)


def resident_headers(community: str = "c-hardening") -> dict[str, str]:
    """A resident of their own (the rate limit is per identity, so each test uses a fresh one)."""
    token = mint_token(AUTH, f"r-{uuid.uuid4().hex[:8]}", community, ["resident"])
    headers: dict[str, str] = bearer(token)
    return headers


def error_codes(response: httpx.Response) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in response.json().get("errors", [])]


def community_count(stack: Any) -> int:
    with sqlite3.connect(stack.var / "data" / "residents.sqlite3") as db:
        count: int = db.execute("SELECT count(*) FROM communities").fetchone()[0]
    return count


@pytest.mark.parametrize(
    ("token", "says"),
    [
        (None, "Sign in"),
        (mint_token(AUTH, "r1", "c1", ["resident"], ttl_s=-60), "expired"),
        (
            mint_token(AuthSettings(jwt_secret="another-key-" * 4), "r1", "c1", ["resident"]),
            "Signature",
        ),
        (
            mint_token(AuthSettings(jwt_audience="another-api"), "r1", "c1", ["resident"]),
            "not meant",
        ),
        (mint_token(AuthSettings(jwt_issuer="somebody-else"), "r1", "c1", ["resident"]), "issuer"),
        ("not-a-jwt", "not a JWT"),
    ],
    ids=["missing", "expired", "badly-signed", "wrong-audience", "wrong-issuer", "garbage"],
)
def test_the_gateway_refuses_bad_tokens_before_any_subgraph(
    stack: Any, token: str | None, says: str
) -> None:
    before = community_count(stack)
    create = 'mutation { registerCommunity(input: {name: "不该存在 must not exist"}) { id } }'
    headers = bearer(token) if token else {}
    response = send(stack.gateway, {"query": create}, headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert error_codes(response) == ["UNAUTHENTICATED"]
    assert says in response.json()["errors"][0]["message"]
    assert community_count(stack) == before


def test_depth_and_alias_bombs_are_refused_with_a_code(stack: Any) -> None:
    nested = "buildingNeighbours { resident { " * 8 + "id" + " } }" * 8
    depth_bomb = f'{{ resident(id: "x") {{ id {nested} }} }}'
    alias_bomb = "{ " + " ".join(f'a{i}: resident(id: "x") {{ id }}' for i in range(40)) + " }"
    for query, says in ((depth_bomb, "depth limit of 12"), (alias_bomb, "Aliases limit of 30")):
        response = send(stack.gateway, {"query": query}, resident_headers())
        assert "QUERY_TOO_COMPLEX" in error_codes(response), response.text
        assert says in response.text
        assert "data" not in response.json() or response.json()["data"] is None


def test_token_bombs_batches_and_huge_bodies_are_refused(stack: Any) -> None:
    headers = resident_headers()
    tokens = send(stack.gateway, {"query": "{ " + "__typename " * 4000 + "}"}, headers)
    assert error_codes(tokens) == ["GRAPHQL_PARSE_FAILED"]
    assert "Token limit of 3000" in tokens.text

    batch = send(stack.gateway, [{"query": "{ __typename }"}] * 6, headers)
    assert batch.status_code == 413 and "limited to 5" in batch.text
    two = send(stack.gateway, [{"query": "{ __typename }"}] * 2, headers)
    assert (
        two.status_code == 200 and [r["data"] for r in two.json()] == [{"__typename": "Query"}] * 2
    )

    huge = {"query": "query($x: String) { __typename }", "variables": {"x": "水" * 600_000}}
    response = send(stack.gateway, huge, headers)
    assert response.status_code == 413
    assert error_codes(response) == ["REQUEST_TOO_LARGE"]


def test_rate_limit_is_per_identity_and_counts_root_fields(stack: Any) -> None:
    """Residents get 60 root fields at once and 20 a second after that (gateway defaults)."""
    heavy = {
        "query": "{ " + " ".join(f'a{i}: resident(id: "x") {{ id }}' for i in range(25)) + " }"
    }
    me, someone_else = resident_headers(), resident_headers()
    statuses = [send(stack.gateway, heavy, me).status_code for _ in range(4)]
    assert statuses[:2] == [200, 200] and 429 in statuses[2:], statuses
    refused = send(stack.gateway, heavy, me)
    if refused.status_code == 429:  # it may have refilled meanwhile on a slow machine
        assert error_codes(refused) == ["RATE_LIMITED"]
        assert int(refused.headers["retry-after"]) >= 1
    assert send(stack.gateway, heavy, someone_else).status_code == 200


def test_cors_allows_only_the_console_origin(stack: Any) -> None:
    def preflight(origin: str) -> httpx.Response:
        return httpx.options(
            stack.gateway,
            headers={
                "origin": origin,
                "access-control-request-method": "POST",
                "access-control-request-headers": "authorization,content-type",
            },
            timeout=10,
        )

    console = stack.console.rstrip("/")  # infra/stack allows the stack's own console
    allowed = preflight(console)
    assert allowed.headers["access-control-allow-origin"] == console
    assert "authorization" in allowed.headers["access-control-allow-headers"]
    assert preflight("http://evil.example").headers.get("access-control-allow-origin") in (
        None,
        "null",
    )


def test_request_ids_are_echoed_and_reach_the_subgraphs(stack: Any) -> None:
    request_id = f"req-{uuid.uuid4().hex}"
    headers = {**admin_headers(), "x-request-id": request_id}
    response = send(stack.gateway, {"query": ANY_RESIDENT}, headers)
    assert response.status_code == 200 and response.headers["x-request-id"] == request_id
    log = (stack.var / "log" / "residents.log").read_text(encoding="utf-8")
    assert request_id in log


def test_errors_carry_no_stack_traces_or_internals(stack: Any) -> None:
    response = send(stack.gateway, {"query": "{ nope }"}, resident_headers())
    text = response.text
    assert "GRAPHQL_VALIDATION_FAILED" in text
    for leak in ("Traceback", "stack", "/work/", "node_modules", ".py"):
        assert leak not in text, text


BRIDGES = "query($c: ID!, $w: WindowInput) { bridgeBuildings(communityId: $c, window: $w) { __typename } }"


@pytest.mark.parametrize(
    "bad",
    ["", "2025-13-01", "2025-02-29", "0000-01-01", "2025-1-1", "20250101x", "2025-01-01T10:00"],
)
def test_a_malformed_date_is_refused_at_the_gateway_with_the_argument_named(
    stack: Any, bad: str
) -> None:
    """Not first at the subgraph, which refused the whole fetch naming an internal variable and
    lost the query's other fields (a fuzzing finding)."""
    literal = (
        '{ bridgeBuildings(communityId: "c-x", window: {start: '
        + json.dumps(bad)
        + ', end: "2025-01-01"}) { __typename } '
        + 'neighboursToMeet(residentId: "nobody") { snapshotAgeSeconds } }'
    )
    response = send(stack.gateway, {"query": literal}, admin_headers())
    # validation errors are answered 200 to a client that accepts application/json (Yoga)
    assert response.status_code == 200 and error_codes(response) == ["GRAPHQL_VALIDATION_FAILED"]
    message = response.json()["errors"][0]["message"]
    assert message.startswith(f'Expected value of type "Date!", found {json.dumps(bad)}')
    assert "YYYY-MM-DD" in message and response.json()["errors"][0]["locations"]

    variables = {"c": "c-x", "w": {"start": "2025-01-01", "end": bad}}
    response = send(stack.gateway, {"query": BRIDGES, "variables": variables}, admin_headers())
    assert response.status_code == 400
    message = response.json()["errors"][0]["message"]
    assert message.startswith(f'Variable "$w" got invalid value {json.dumps(bad)} at "w.end"')


def test_dates_and_times_the_subgraphs_read_pass_the_gateway(stack: Any) -> None:
    for start, end in (("0001-01-01", "9999-12-31"), ("2024-02-29", "2025-01-01")):
        variables = {"c": "c-nowhere", "w": {"start": start, "end": end}}
        body = send(
            stack.gateway, {"query": BRIDGES, "variables": variables}, admin_headers()
        ).json()
        assert "DOWNSTREAM_SERVICE_ERROR" not in json.dumps(body), body
    attend = 'mutation($t: DateTime) { recordAttendance(input: {activityId: "nowhere", residentIds: [], checkedInAt: $t}) { id } }'
    for good in ("2025-01-01T10:00:00+08:00", "2025-01-01T10:00:00.123Z", "2025-01-01 10:00"):
        body = send(
            stack.gateway, {"query": attend, "variables": {"t": good}}, admin_headers()
        ).json()
        assert "DOWNSTREAM_SERVICE_ERROR" not in json.dumps(body) and body["errors"], body
        assert body["errors"][0]["extensions"]["code"] != "GRAPHQL_VALIDATION_FAILED", body
    for bad in ("2025-01-01T25:00", "2025-01-01T10:00:00+8", "yesterday", "2025-01-01T10:00:60"):
        response = send(stack.gateway, {"query": attend, "variables": {"t": bad}}, admin_headers())
        assert response.status_code == 400, response.text
        assert "DateTime" in response.json()["errors"][0]["message"]


def test_two_refused_fields_of_one_subgraph_are_refusals_not_internal_errors(stack: Any) -> None:
    """The subgraph reports both; the gateway stops at the first (data is null either way). The
    subgraph used to report one, and the gateway the other as INTERNAL_SERVER_ERROR "Unexpected
    error." (a fuzzing finding)."""
    for query in (
        '{ neighboursToMeet(residentId: "nobody", first: 0) { snapshotAgeSeconds } '
        'bridgeBuildings(communityId: "c-x", limit: 0) { __typename } }',
        '{ bridgeBuildings(communityId: "c-x", limit: 0) { __typename } '
        'neighboursToMeet(residentId: "nobody", first: 0) { snapshotAgeSeconds } }',
    ):
        body = send(stack.gateway, {"query": query}, admin_headers()).json()
        assert body["data"] is None and body["errors"], body
        fields = {"neighboursToMeet": "first", "bridgeBuildings": "limit"}
        for error in body["errors"]:
            assert error["extensions"]["code"] == "BAD_USER_INPUT", body
            assert error["extensions"]["field"] == fields[error["path"][0]], body
