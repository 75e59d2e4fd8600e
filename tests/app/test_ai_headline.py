"""The AI page's headline figure is the declared headline driver (calls per DAU per day), as the scenario holds it."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from model.loading import plan_scenario
from tests.app.conftest import metrics

CALLS = "ai.calls_per_dau_per_day"


def test_the_ai_page_shows_the_calls_per_day_the_sidebar_sets(at: AppTest) -> None:
    at.switch_page("views/ai.py").run()
    assert metrics(at)["AI calls per DAU per day"] == f"{plan_scenario().ai.calls_per_dau_per_day:g}"  # the plan's 2
    at.slider(key="drv:" + CALLS).set_value(3.5).run()
    assert not at.exception
    assert metrics(at)["AI calls per DAU per day"] == "3.5"
