"""A thin GraphQL-over-HTTP client with aliased batches of mutations."""

import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from shulin_kit.tokens import default_token

DEFAULT_GATEWAY_URL = "http://127.0.0.1:4000/graphql"


def gateway_url(explicit: str | None = None) -> str:
    return explicit or os.environ.get("GATEWAY_URL", DEFAULT_GATEWAY_URL)


@dataclass(frozen=True)
class GatewayError(Exception):
    """A GraphQL error with its `extensions.code` (e.g. NOT_FOUND, CONFLICT, BAD_USER_INPUT)."""

    code: str
    message: str
    field: str | None = None
    # BAD_USER_INPUT naming several inputs: (field, message), e.g. ("residentIds[3]", "unknown").
    problems: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


@dataclass(frozen=True)
class Call:
    """One root field of a batched mutation: `field(input: $input) { selection }`."""

    field: str
    input_type: str
    input: Mapping[str, Any]
    selection: str = "id"


class GraphQLTransport(Protocol):
    """What the loader needs from a GraphQL client (the tests give it a fake)."""

    def execute(self, document: str, **variables: Any) -> dict[str, Any]: ...

    def batch(self, calls: Sequence[Call]) -> list[dict[str, Any] | GatewayError]: ...


def _error(raw: Mapping[str, Any]) -> GatewayError:
    extensions = raw.get("extensions") or {}
    return GatewayError(
        str(extensions.get("code", "GRAPHQL_ERROR")),
        str(raw.get("message")),
        extensions.get("field"),
        tuple(
            (str(p.get("field")), str(p.get("message")))
            for p in extensions.get("problems") or ()
            if isinstance(p, Mapping)
        ),
    )


class GraphQLClient:
    def __init__(
        self,
        url: str,
        timeout_s: float = 60.0,
        token: str | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        # None: SHULIN_TOKEN, else an admin token minted from SHULIN_JWT_SECRET; "": no token.
        token = default_token() if token is None else token
        headers = {"authorization": f"Bearer {token}"} if token else {}
        self._http = httpx.Client(timeout=timeout_s, headers=headers, transport=transport)
        self.url = url

    def close(self) -> None:
        self._http.close()

    def _post(self, document: str, variables: Mapping[str, Any]) -> dict[str, Any]:
        response = self._http.post(self.url, json={"query": document, "variables": variables})
        if response.status_code >= 500 or response.status_code in (401, 403):
            response.raise_for_status()
        body: dict[str, Any] = response.json()
        return body

    def execute(self, document: str, **variables: Any) -> dict[str, Any]:
        """The data of one operation; the first error raised as GatewayError."""
        body = self._post(document, variables)
        if body.get("errors"):
            raise _error(body["errors"][0])
        data: dict[str, Any] = body.get("data") or {}
        return data

    def batch(self, calls: Sequence[Call]) -> list[dict[str, Any] | GatewayError]:
        """Many mutations in one request, aliased c0, c1, …; each gets its result or its error."""
        if not calls:
            return []
        params = ", ".join(f"$i{n}: {call.input_type}!" for n, call in enumerate(calls))
        fields = " ".join(
            f"c{n}: {call.field}(input: $i{n})"
            + (f" {{ {call.selection} }}" if call.selection else "")
            for n, call in enumerate(calls)
        )
        body = self._post(
            f"mutation Batch({params}) {{ {fields} }}",
            {f"i{n}": c.input for n, c in enumerate(calls)},
        )
        errors: dict[int, GatewayError] = {}
        for raw in body.get("errors") or []:
            path = raw.get("path") or []
            if path and str(path[0]).startswith("c"):
                errors.setdefault(int(str(path[0])[1:]), _error(raw))
            else:  # the whole document failed (e.g. validation): every call failed
                return [_error(raw)] * len(calls)
        data = body.get("data")
        if data is None and errors and len(calls) > 1:
            # Every mutation returns a non-null type, so one failure nulls the whole `data`: the
            # other calls' results are lost (and serial execution may have stopped there). Send
            # those one by one; idempotency keys and CONFLICT make a repeated call harmless.
            return [errors.get(n) or self.batch([call])[0] for n, call in enumerate(calls)]
        return [errors.get(n) or _as_result((data or {}).get(f"c{n}")) for n in range(len(calls))]


def _as_result(value: Any) -> dict[str, Any] | GatewayError:
    if value is None:
        return GatewayError("NO_DATA", "no result")
    return value if isinstance(value, dict) else {"value": value}


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
