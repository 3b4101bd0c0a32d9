"""GraphQL calls to the gateway for end-to-end tests: as the platform admin unless a token is given."""

from typing import Any

import httpx
from shulin_testkit import wait_until

from shulin_kit.tokens import admin_headers, bearer


def gql(url: str, query: str, token: str | None = None, **variables: Any) -> dict[str, Any]:
    headers = bearer(token) if token else admin_headers()
    response = httpx.post(
        url, json={"query": query, "variables": variables}, headers=headers, timeout=15
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def ok(url: str, query: str, **variables: Any) -> dict[str, Any]:
    body = gql(url, query, **variables)
    assert not body.get("errors"), body["errors"]
    data: dict[str, Any] = body["data"]
    return data


def ok_once_known(url: str, query: str, **variables: Any) -> dict[str, Any]:
    """Activities learns residents and communities from Kafka: retry while they are in flight."""

    def attempt() -> dict[str, Any] | None:
        body = gql(url, query, **variables)
        errors = body.get("errors") or []
        if any("retry in a moment" in e["message"] for e in errors):
            return None
        assert not errors, errors
        data: dict[str, Any] = body["data"]
        return data

    return wait_until(attempt, timeout_s=60, what="activities to learn of the residents")
