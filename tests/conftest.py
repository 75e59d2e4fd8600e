"""Fixtures shared by every test folder."""

from __future__ import annotations

import os

import pytest

# The app opens in Korean (ui/i18n.py); the suite's page tests read English, so the test session's default is English
# (server processes started by the browser tests inherit it). Korean is tested with lang=ko (tests/i18n/), and the
# real default with this variable removed (tests/i18n/test_app_language.py).
os.environ.setdefault("SCALING_LANG", "en")

from model.loading import plan_scenario
from model.scenario import Scenario


@pytest.fixture
def plan() -> Scenario:
    """The plan's scenario, data/scenarios/plan.json (validated; immutable, so safe to share)."""
    return plan_scenario()


@pytest.fixture(autouse=True)
def _no_headline_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages pause after their headline figures so a browser can draw them first (ui.render.headline_sent).
    AppTest has no browser to wait for, so the tests run without the pause; tests/app/test_headline.py checks it."""
    from ui import render

    monkeypatch.setattr(render, "HEADLINE_PAUSE_S", 0.0)
