"""services/console/serve.mjs on its own: runtime config, demo users only in development, no
files outside dist/, security headers. Needs Node only (no stack, no browser)."""

import json
import os
import shutil
import socket
import subprocess
from pathlib import Path

import httpx
import pytest
from console_testkit import ROOT
from shulin_testkit import wait_until

SERVE = ROOT / "services" / "console" / "serve.mjs"
pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="Node is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def up(url: str) -> bool:
    try:
        return httpx.get(url + "health", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture
def var(tmp_path: Path) -> Path:
    """A SHULIN_VAR holding demo users, as scripts/seed_demo.py leaves it."""
    (tmp_path / "demo").mkdir()
    users = {"users": [{"role": "resident", "token": "t"}]}
    (tmp_path / "demo" / "users.json").write_text(json.dumps(users))
    return tmp_path


def start(var: Path, environment: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "CONSOLE_PORT": str(port),
        "SHULIN_VAR": str(var),
        "GATEWAY_PORT": "4999",
        "SHULIN_ENV": environment,
    }
    process = subprocess.Popen(["node", str(SERVE)], env=env, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    wait_until(lambda: up(url), timeout_s=20, what="the console's server")
    return process, url


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    process.wait(timeout=10)


def test_development_serves_config_and_demo_users(var: Path) -> None:
    process, url = start(var, "development")
    try:
        config = httpx.get(url + "config.json").json()
        assert config == {"gatewayUrl": "http://127.0.0.1:4999/graphql", "demoUsers": True}
        users = httpx.get(url + "demo-users.json").json()
        assert users["users"][0]["role"] == "resident"
        page = httpx.get(url)
        assert "connect-src 'self' http://127.0.0.1:4999" in page.headers["content-security-policy"]
        assert page.headers["x-content-type-options"] == "nosniff"
        assert httpx.post(url + "config.json").status_code == 405
    finally:
        stop(process)


def test_production_never_serves_demo_users(var: Path) -> None:
    process, url = start(var, "production")
    try:
        assert httpx.get(url + "config.json").json()["demoUsers"] is False
        response = httpx.get(url + "demo-users.json")
        assert response.status_code == 404
        assert "token" not in response.text
    finally:
        stop(process)


def test_paths_outside_dist_are_not_served(var: Path) -> None:
    process, url = start(var, "development")
    try:
        for path in ("%2e%2e/%2e%2e/pyproject.toml", "..%2fserve.mjs", "%2e%2e%2fpackage.json"):
            response = httpx.get(url + path)
            assert "[project]" not in response.text and "createServer" not in response.text
            assert '"name": "shulin-console"' not in response.text
    finally:
        stop(process)
