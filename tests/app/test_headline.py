"""Every page with headline figures sends them, and only them, before it pauses for the browser (ui.render.headline_sent).

The pause lets the browser draw the figures a person watches before the page's charts and tables arrive; it only
helps if what comes before it is light. Each test stops the page at its pause (the pause raises instead of sleeping)
and looks at what had been drawn by then.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import markdown_tables, new_app
from ui import render

# Pages and the headline each shows above its pause. Compare and Scenarios have no headline figures (they start
# with choices), and Audit's counts rarely move with a control (its tables do), so those three do not pause.
HEADLINES = {
    "views/overview.py": {"Total / month", "Infrastructure", "AI", "Cache saving (net)", "Cost per DAU"},
    "views/ai.py": {"AI calls per DAU per day", "AI response cache answers"},
    "views/caching.py": {"Faster responses (stated)"},
    "views/tier_detail.py": {"Total per month", "Cost per DAU", "Infrastructure", "AI"},
    "views/capacity.py": set(),  # the DAU check's utilisation figures, labelled by resource
    "views/sensitivity.py": {"Cost per DAU at this tier", "Monthly total", "Biggest driver"},
    "views/uncertainty.py": {"Chance over budget", "P10 cost per DAU", "P50 cost per DAU", "P90 cost per DAU"},
    "views/timeline.py": {"Spend over the timeline", "Spend in the first month", "Spend in the last month"},
    "views/economics.py": set(),  # one figure per margin row, labelled from the scenario
}


class Paused(Exception):
    """Raised by the stand-in for headline_sent: the page stops where it would pause."""


def stopped_at_pause(page: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    calls: list[int] = []

    def stop() -> None:
        calls.append(1)
        raise Paused("stopped at the headline pause")

    at = new_app().run()
    monkeypatch.setattr(render, "headline_sent", stop)  # AppTest runs the pages in this process
    calls.clear()
    at.switch_page(page).run()
    assert calls == [1], f"{page} pauses once per run"
    # app.py guards each page (ui.guard): the stop shows as its one-line message (or, inside a fragment, as
    # Streamlit's redacted error line).
    assert [e for e in at.error if e.value.startswith("Something went wrong while drawing")] or at.exception
    return at


@pytest.mark.page_errors_expected  # the stand-in for the pause raises, and ui.guard logs it
@pytest.mark.parametrize("page", sorted(HEADLINES))
def test_a_page_sends_its_headline_figures_and_no_chart_before_it_pauses(page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    at = stopped_at_pause(page, monkeypatch)
    shown = {m.label for m in at.main.metric}
    assert shown, "the headline figures are drawn before the pause"
    assert HEADLINES[page] <= shown
    assert not at.get("vega_lite_chart"), "charts come after the pause"
    assert not markdown_tables(at), "static tables come after the pause"


def test_the_pages_whose_first_figures_are_not_what_moves_do_not_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    def stop() -> None:
        raise Paused("stopped at the headline pause")

    at = new_app().run()
    monkeypatch.setattr(render, "headline_sent", stop)
    for page in ("views/audit.py", "views/compare.py", "views/scenarios.py"):
        at.switch_page(page).run()
        assert not at.exception, (page, [e.message for e in at.exception])


def test_the_pause_sleeps_for_the_configured_time_and_not_at_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr(render.time, "sleep", slept.append)
    monkeypatch.setattr(render, "HEADLINE_PAUSE_S", 0.08)
    render.headline_sent()
    monkeypatch.setattr(render, "HEADLINE_PAUSE_S", 0.0)
    render.headline_sent()
    assert slept == [0.08]
