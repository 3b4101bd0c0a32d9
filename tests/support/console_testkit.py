"""Helpers for the web console's browser tests (tests/console): the seeded demo, pages, screenshots."""

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "var" / "test-artifacts" / "console"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-sync",
    "--disable-component-update",
]
PHONE = {"width": 390, "height": 844}
LOOPBACK = ("http://127.0.0.1:", "http://localhost:")
DESKTOP = {"width": 1280, "height": 900}


def chromium_path() -> str | None:
    """Debian's Chromium (infra/chromium installs it), or SHULIN_CHROMIUM."""
    return os.environ.get("SHULIN_CHROMIUM") or shutil.which("chromium")


@dataclass(frozen=True)
class Demo:
    """The seeded community and its demo users, as the console's sign-in page lists them."""

    console: str
    gateway: str
    community_id: str
    resident_id: str
    tokens: dict[str, str]

    def gql(self, role: str, query: str, **variables: Any) -> dict[str, Any]:
        """A call through the gateway as a demo user; fails on any GraphQL error."""
        response = httpx.post(
            self.gateway,
            json={"query": query, "variables": variables},
            headers={"authorization": f"Bearer {self.tokens[role]}"},
            timeout=30,
        )
        body: dict[str, Any] = response.json()
        assert not body.get("errors"), body["errors"]
        data: dict[str, Any] = body["data"]
        return data


class Screens:
    """Numbered full-page screenshots of a journey in var/test-artifacts/console/<journey>/."""

    def __init__(self, page: Page, journey: str) -> None:
        self.page = page
        self.folder = ARTIFACTS / journey
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def shot(self, name: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


class ConsolePage:
    """A fresh browser context (empty sessionStorage) on the console, collecting script errors."""

    def __init__(self, browser: Browser, demo: Demo, viewport: dict[str, int]) -> None:
        self.context = browser.new_context(
            viewport={"width": viewport["width"], "height": viewport["height"]},
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            accept_downloads=True,
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(20_000)
        self.errors: list[str] = []
        self.requested: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requested.append(r.url))
        self.page.goto(demo.console)

    def sign_in(self, role: str) -> Page:
        self.page.get_by_test_id(f"login-{role}").click()
        self.page.get_by_test_id("who").wait_for()
        return self.page

    def close(self) -> None:
        """Fails on script errors, and on any request off loopback (everything is bundled)."""
        self.context.close()
        assert self.errors == [], f"script errors in the page: {self.errors}"
        external = [
            u for u in self.requested if not u.startswith(LOOPBACK) and not u.startswith("blob:")
        ]
        assert external == [], f"the console fetched from outside loopback: {external}"
