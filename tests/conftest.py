"""Fixtures shared by every test folder."""

from __future__ import annotations

import pytest

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
