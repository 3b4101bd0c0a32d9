"""The gateway in production mode: no introspection, no suggestions, no GraphiQL, real secrets.

A second gateway process, over the test stack's subgraphs, started with GATEWAY_ENV=production.
"""

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from shulin_testkit import wait_until

from shulin_kit.identity import AuthSettings, mint_token
from shulin_kit.tokens import bearer

pytestmark = pytest.mark.e2e
RUN = Path(__file__).resolve().parents[2] / "services" / "gateway" / "run"
SECRETS = {"SHULIN_JWT_SECRET": "j" * 48, "SHULIN_GATEWAY_SECRET": "g" * 48}


def gateway_env(stack: Any, port: int, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "GATEWAY_ENV": "production",
        "GATEWAY_PORT": str(port),
        "GATEWAY_COMPOSE": "files",
        "GATEWAY_SUPERGRAPH": str(stack.var / "gateway" / f"production-{port}.graphql"),
        "RESIDENTS_URL": stack.residents,
        "ACTIVITIES_URL": stack.activities,
        "MATCHING_URL": stack.matching,
        **extra,
    }


@pytest.fixture(scope="module")
def production_gateway(stack: Any) -> Iterator[str]:
    port = int(stack.gateway.rsplit(":", 1)[1].split("/")[0]) + 2
    log = (stack.var / "log" / "gateway-production.log").open("wb")
    process = subprocess.Popen(
        [str(RUN)], env=gateway_env(stack, port, **SECRETS), stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(
            lambda: process.poll() is None and _healthy(base),
            timeout_s=90,
            what="the production gateway to start",
        )
        yield f"{base}/graphql"
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthcheck", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def ask(url: str, query: str) -> dict[str, Any]:
    token = mint_token(
        AuthSettings(jwt_secret=SECRETS["SHULIN_JWT_SECRET"]), "r", "c", ["resident"]
    )
    body: dict[str, Any] = httpx.post(url, json={"query": query}, headers=bearer(token)).json()
    return body


def test_introspection_suggestions_and_graphiql_are_off(production_gateway: str) -> None:
    introspection = ask(production_gateway, "{ __schema { types { name } } }")
    assert "data" not in introspection or not introspection.get("data")
    assert "introspection" in introspection["errors"][0]["message"].lower()

    typo = ask(production_gateway, '{ residnt(id: "x") { id } }')
    assert "Did you mean" not in str(typo)

    page = httpx.get(production_gateway, headers={"accept": "text/html"}, timeout=10)
    assert page.status_code != 200


def test_a_token_signed_with_the_dev_key_is_refused(production_gateway: str) -> None:
    dev_token = mint_token(AuthSettings(), "r", "c", ["resident"])
    response = httpx.post(
        production_gateway, json={"query": "{ __typename }"}, headers=bearer(dev_token)
    )
    assert response.status_code == 401


def test_production_refuses_to_start_with_the_dev_secrets(stack: Any) -> None:
    port = int(stack.gateway.rsplit(":", 1)[1].split("/")[0]) + 3
    env = gateway_env(stack, port)
    for name in SECRETS:
        env.pop(name, None)
    done = subprocess.run([str(RUN)], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "must be set" in done.stdout + done.stderr
