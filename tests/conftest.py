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
def _no_guarded_page_error(request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture):
    """app.py turns an unexpected page error into one line on the page and a log record (ui.guard), so AppTest's
    ``at.exception`` no longer sees it: any test that did not mark ``page_errors_expected`` fails on such a record."""
    yield
    if request.node.get_closest_marker("page_errors_expected"):
        return
    from ui.guard import LOG

    errors = [r for when in ("setup", "call") for r in caplog.get_records(when) if r.name == LOG.name]
    assert not errors, "a page failed behind ui.guard: " + "; ".join(
        f"{r.getMessage()}: {r.exc_info[1]!r}" for r in errors if r.exc_info
    )
