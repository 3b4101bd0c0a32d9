"""Tokens: what a subgraph accepts as an identity, and what it refuses with UNAUTHENTICATED."""

import time

import jwt
import pytest
import strawberry
from fastapi.testclient import TestClient
from pydantic import SecretStr

from shulin_kit.errors import Unauthenticated
from shulin_kit.identity import (
    DEV_JWT_SECRET,
    GATEWAY_HEADER,
    LEEWAY_S,
    AuthSettings,
    identity_from_header,
    mint_token,
    verify_token,
)
from shulin_kit.subgraph import Context, RequireIdentity, create_subgraph_app
from shulin_kit.tokens import bearer, main

SETTINGS = AuthSettings()
PROD = AuthSettings(jwt_secret=SecretStr("j" * 40), gateway_secret=SecretStr("g" * 40))


def test_a_minted_token_verifies_into_an_identity() -> None:
    token = mint_token(SETTINGS, "r1", "c1", ["building_head"], ["b1", "b2"])
    identity = verify_token(SETTINGS, token)
    assert identity.sub == "r1" and identity.community_id == "c1"
    assert identity.heads_building("c1", "b2") and not identity.heads_building("c2", "b2")
    assert not identity.is_staff_of("c1")


def test_an_expired_token_is_refused() -> None:
    token = mint_token(SETTINGS, "r1", "c1", ["resident"], ttl_s=-60)
    with pytest.raises(Unauthenticated, match="expired"):
        verify_token(SETTINGS, token)


def test_a_remembered_token_still_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    token = mint_token(SETTINGS, "r-expiring", "c1", ["resident"], ttl_s=60)
    assert verify_token(SETTINGS, token).sub == "r-expiring"  # verified, then remembered
    later = time.time() + 60 + LEEWAY_S + 1
    monkeypatch.setattr("shulin_kit.identity.time.time", lambda: later)
    with pytest.raises(Unauthenticated, match="expired"):
        verify_token(SETTINGS, token)


def test_a_token_is_remembered_only_for_the_settings_that_verified_it() -> None:
    token = mint_token(SETTINGS, "r1", "c1", ["resident"])
    assert verify_token(SETTINGS, token).sub == "r1"
    with pytest.raises(Unauthenticated, match="Invalid token"):
        verify_token(PROD, token)  # another secret: verified again, and refused


def test_a_token_signed_with_another_key_is_refused() -> None:
    token = mint_token(AuthSettings(jwt_secret=SecretStr("x" * 40)), "r1", "c1", ["operator"])
    with pytest.raises(Unauthenticated, match="Invalid token"):
        verify_token(SETTINGS, token)


def test_a_token_for_another_audience_is_refused() -> None:
    token = mint_token(AuthSettings(jwt_audience="someone-else"), "r1", "c1", ["operator"])
    with pytest.raises(Unauthenticated, match="not meant for this API"):
        verify_token(SETTINGS, token)


def test_an_unsigned_token_is_refused() -> None:
    claims = {"sub": "x", "community_id": "*", "roles": ["admin"], "aud": "shulin-api"}
    token = jwt.encode({**claims, "iss": "shulin", "exp": time.time() + 60}, None, "none")
    with pytest.raises(Unauthenticated):
        verify_token(SETTINGS, token)


def test_unknown_roles_and_non_admins_across_communities_are_refused() -> None:
    base = {"iss": "shulin", "aud": "shulin-api", "sub": "x", "exp": time.time() + 60}
    for extra in (
        {"community_id": "c1", "roles": ["root"]},
        {"community_id": "*", "roles": ["operator"]},
        {"community_id": "c1", "roles": []},
    ):
        token = jwt.encode({**base, **extra}, DEV_JWT_SECRET, "HS256")
        with pytest.raises(Unauthenticated):
            verify_token(SETTINGS, token)


def test_a_missing_or_malformed_header() -> None:
    assert identity_from_header(SETTINGS, None) == (None, None)
    identity, problem = identity_from_header(SETTINGS, "Basic abc")
    assert identity is None and problem is not None


def test_production_refuses_the_dev_secrets() -> None:
    with pytest.raises(RuntimeError, match="SHULIN_JWT_SECRET"):
        AuthSettings().check_production()
    PROD.check_production()


def test_the_mint_command_prints_a_token(capsys: pytest.CaptureFixture[str]) -> None:
    main(["mint", "--role", "operator", "--community", "c9", "--sub", "op1"])
    identity = verify_token(SETTINGS, capsys.readouterr().out.strip())
    assert identity.roles == {"operator"} and identity.community_id == "c9"


@strawberry.type
class Query:
    @strawberry.field
    def hello(self) -> str:
        return "你好"


class Nothing:
    async def start(self) -> None: ...
    async def stop(self) -> None: ...
    async def readiness(self) -> dict[str, bool]:
        return {"ready": True}


SCHEMA = strawberry.federation.Schema(query=Query, extensions=[RequireIdentity])


def post(client: TestClient, query: str, headers: dict[str, str]) -> dict[str, object]:
    response = client.post("/graphql", json={"query": query}, headers=headers)
    body: dict[str, object] = response.json()
    return body


def test_every_field_needs_a_token_but_service_sdl() -> None:
    with TestClient(create_subgraph_app("t", SCHEMA, Nothing, False)) as client:
        body = post(client, "{ hello }", {})
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"  # type: ignore[index]
        expired = mint_token(SETTINGS, "a", "*", ["admin"], ttl_s=-60)
        body = post(client, "{ hello }", bearer(expired))
        assert "expired" in body["errors"][0]["message"]  # type: ignore[index]
        token = mint_token(SETTINGS, "a", "*", ["admin"])
        assert post(client, "{ hello }", bearer(token)) == {"data": {"hello": "你好"}}
        assert "sdl" in post(client, "{ _service { sdl } }", {})["data"]["_service"]  # type: ignore[index]


def test_in_production_only_the_gateway_reaches_graphql() -> None:
    app = create_subgraph_app("t", SCHEMA, Nothing, True, PROD)
    token = mint_token(PROD, "a", "*", ["admin"])
    with TestClient(app) as client:
        refused = client.post("/graphql", json={"query": "{ _service { sdl } }"})
        assert refused.status_code == 403
        assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        wrong = {GATEWAY_HEADER: "nope", **bearer(token)}
        assert (
            client.post("/graphql", json={"query": "{ hello }"}, headers=wrong).status_code == 403
        )
        good = {GATEWAY_HEADER: "g" * 40, **bearer(token)}
        assert post(client, "{ hello }", good) == {"data": {"hello": "你好"}}
        assert client.get("/health").status_code == 200
        # No GraphQL IDE and no queries by GET, even for the gateway.
        ide = client.get("/graphql", headers={**good, "accept": "text/html"})
        assert ide.status_code == 404
        by_get = client.get("/graphql", params={"query": "{ hello }"}, headers=good)
        assert by_get.status_code == 400 and "not allowed when using GET" in by_get.text


def test_in_development_the_ide_and_get_queries_are_on() -> None:
    with TestClient(create_subgraph_app("t", SCHEMA, Nothing, False)) as client:
        ide = client.get("/graphql", headers={"accept": "text/html"})
        assert ide.status_code == 200 and "graphiql" in ide.text.lower()
        token = mint_token(SETTINGS, "a", "*", ["admin"])
        by_get = client.get("/graphql", params={"query": "{ hello }"}, headers=bearer(token))
        assert by_get.json() == {"data": {"hello": "你好"}}


def test_production_with_dev_secrets_does_not_start() -> None:
    with pytest.raises(RuntimeError):
        create_subgraph_app("t", SCHEMA, Nothing, True, AuthSettings())


def test_context_without_identity_is_unauthenticated() -> None:
    result = SCHEMA.execute_sync("{ hello }", context_value=Context(Nothing()))
    assert result.errors and result.errors[0].extensions == {"code": "UNAUTHENTICATED"}
