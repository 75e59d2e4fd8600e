"""A real browser: the app served on a free 127.0.0.1 port, driven by Playwright through Debian's Chromium.

Without /usr/bin/chromium the tests skip with an install hint; under CI (CI=true) they fail instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scripts.serving import CHROMIUM, CHROMIUM_ARGS, serve_app

INSTALL_HINT = "Chromium is not installed: sudo apt-get install -y chromium (never `playwright install`)"


def _chromium_or_skip() -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{CHROMIUM} missing under CI. {INSTALL_HINT}")
    pytest.skip(INSTALL_HINT)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch options, pointed at Debian's Chromium."""
    _chromium_or_skip()
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """The app, started once for the session; terminated by PID at the end."""
    _chromium_or_skip()
    with serve_app() as url:
        yield url
