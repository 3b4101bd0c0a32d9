"""Every subgraph response and log line carries the request id the gateway sent (or a new one)."""

import io
import json
import logging
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from shulin_kit.logs import REQUEST_ID, RequestIdMiddleware, configure_logging


def app_logging_each_request() -> FastAPI:
    app = FastAPI()
    app.add_middleware(RequestIdMiddleware)

    @app.get("/who")
    async def who() -> dict[str, str | None]:
        logging.getLogger("shulin.test").info("handled")
        return {"request_id": REQUEST_ID.get()}

    return app


@pytest.fixture
def json_logs() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    stream = io.StringIO()
    configure_logging("INFO", stream)
    yield stream
    root.handlers[:], root.level = handlers, level


def test_the_gateways_request_id_is_used_echoed_and_logged(json_logs: io.StringIO) -> None:
    client = TestClient(app_logging_each_request())
    response = client.get("/who", headers={"x-request-id": "req-abc.123"})
    assert response.headers["x-request-id"] == "req-abc.123"
    assert response.json() == {"request_id": "req-abc.123"}
    lines = [json.loads(line) for line in json_logs.getvalue().splitlines() if "handled" in line]
    assert lines and lines[0]["request_id"] == "req-abc.123"


@pytest.mark.parametrize("given", [None, "", "x" * 200, "evil\nline", "with space"])
def test_a_missing_or_unsafe_request_id_is_replaced(given: str | None) -> None:
    client = TestClient(app_logging_each_request())
    headers = {"x-request-id": given.encode().decode("latin-1")} if given is not None else {}
    response = client.get("/who", headers=headers)
    made = response.headers["x-request-id"]
    assert made != given and len(made) == 32 and response.json() == {"request_id": made}
