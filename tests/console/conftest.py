"""The web console in a real browser: Debian's Chromium, headless, driven by Playwright, against the
test stack (its own ports; the console on SHULIN_TEST_PORT_BASE + 5) with a tiny generated
community loaded by scripts/seed_demo.py, exactly as `make demo` does for people.

Screenshots go to var/test-artifacts/console/ (git-ignored).
"""

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from console_testkit import CHROMIUM_FLAGS, ROOT, ConsolePage, Demo, chromium_path
from playwright.sync_api import Browser, Playwright, expect, sync_playwright

# The first recommendation or analytics call of a fresh stack builds its graph caches: on a
# shared 2-core machine that can take longer than Playwright's default 5 s.
expect.set_options(timeout=30_000)


@pytest.fixture(scope="session")
def demo(stack: Any) -> Demo:
    """The tiny demo community in the test stack; its users.json is what the sign-in page lists."""
    env = {
        **os.environ,
        **stack.env(),
        "GATEWAY_URL": stack.gateway,
        "SHULIN_DEMO_SIZE": "tiny",
        "CONSOLE_URL": stack.console,
    }
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "seed_demo.py")],
        check=True,
        timeout=600,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    users = json.loads((stack.var / "demo" / "users.json").read_text())
    state = json.loads((stack.var / "data" / "demo-community.json").read_text())
    return Demo(
        console=stack.console,
        gateway=stack.gateway,
        community_id=users["community_id"],
        resident_id=state["resident_id"],
        tokens={u["role"]: u["token"] for u in users["users"]},
    )


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    path = chromium_path()
    if not path:
        pytest.skip("Chromium is not installed (infra/chromium installs Debian's chromium)")
    browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS, headless=True)
    yield browser
    browser.close()


@pytest.fixture
def open_console(browser: Browser, demo: Demo) -> Iterator[Callable[[dict[str, int]], ConsolePage]]:
    """Opens the console at a viewport size; each page fails the test if a script error occurred."""
    opened: list[ConsolePage] = []

    def open_(viewport: dict[str, int]) -> ConsolePage:
        console = ConsolePage(browser, demo, viewport)
        opened.append(console)
        return console

    yield open_
    for console in opened:
        console.close()
