"""The Goal seek page under AppTest: what it shows equals model.solve on the same inputs; Apply sets the driver."""

from __future__ import annotations

import pandas as pd
import pytest

from model.loading import plan_scenario
from model.overrides import with_overrides
from model.result import evaluate
from model.solve import solve_dau, solve_driver, solve_every_driver, solve_month
from tests.app.conftest import new_app
from ui.goal_seek import GOAL_KEY, against, answer_table, driver_value, driver_value_parts
from ui.tables import markdown_escape

HIT = "caching.caches.1.hit_rate"
PAGE = "views/goal_seek.py"


@pytest.fixture
def gs():
    at = new_app().run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.main.metric}


def test_the_table_lists_every_driver_with_the_models_answer(gs):
    gs.number_input(key="goal_seek_value:cost_per_dau_usd").set_value(0.30).run()
    expected = answer_table(
        solve_every_driver(plan_scenario(), target="cost_per_dau_usd", at=500_000, value=0.30),
        target="cost_per_dau_usd",
        value=0.30,
        goal="at_most",
    )
    shown = gs.main.dataframe[0].value
    pd.testing.assert_frame_equal(shown.reset_index(drop=True), expected)
    # Bounds come from the driver declarations: the hit rate's 0% to 100%, its answer 68.1111% (1 - 123,000 x 0.7 / 270,000).
    row = shown.set_index("Driver").loc["AI response hit rate"]
    assert row["Bounds"] == "0% to 100%" and row["Answer"] == "68.1111%"
    assert metrics(gs)["Answer"] == "68.1111%" and metrics(gs)["Result at the answer"] == "$0.30"


def test_apply_sets_the_driver_and_the_overview_says_met_then_not_met(gs):
    gs.number_input(key="goal_seek_value:cost_per_dau_usd").set_value(0.30).run()
    gs.button(key="goal_seek_apply").click().run()
    assert not gs.exception
    value = gs.session_state["overrides"][HIT]
    assert value == pytest.approx(613 / 900, abs=1e-9)
    assert gs.session_state["drv:" + HIT] == value  # the slider is at the answer, not at a step near it
    assert gs.session_state[GOAL_KEY] == {"target": "cost_per_dau_usd", "at": 500_000.0, "value": 0.30, "goal": "at_most"}
    gs.switch_page("views/overview.py").run()
    tier = evaluate(with_overrides(plan_scenario(), {HIT: value}), [500_000]).tiers[0]
    line = against("cost_per_dau_usd", tier.cost_per_dau_usd, 0.30, "at_most")
    assert line.met
    assert [s.value for s in gs.main.success] == [
        f"Goal seek: Cost per DAU (USD per month) at 500k DAU is **{markdown_escape(line.figure)}**, at most \\$0.30: **met**."
    ]
    # One step lower misses: h = 0.67 gives (27,000 + 270,000 x 0.33 / 0.7) / 500,000 = 0.3085714, shown $0.31 against $0.30.
    gs.session_state["overrides"] = {HIT: 0.67}
    gs.run()
    assert not gs.main.success and len(gs.main.warning) == 1
    assert "is **\\$0.31**, at most \\$0.30: **not met**." in gs.main.warning[0].value


def test_first_dau_and_first_month(gs):
    gs.selectbox(key="goal_seek_target").set_value("total_usd").run()
    gs.number_input(key="goal_seek_value:total_usd").set_value(100_000.0).run()
    gs.radio(key="goal_seek_mode").set_value("dau").run()
    s = solve_dau(plan_scenario(), target="total_usd", value=100_000)
    assert metrics(gs)["First DAU"] == f"{s.value:,.0f}" == "179,630"
    gs.radio(key="goal_seek_mode").set_value("month").run()
    m = solve_month(plan_scenario(), target="total_usd", value=100_000)
    assert metrics(gs)["First month"] == m.month == "2028-05"


def test_no_answer_is_a_notice_and_the_page_keeps_running(gs):
    gs.number_input(key="goal_seek_value:cost_per_dau_usd").set_value(0.001).run()
    assert not gs.exception and "No driver meets the target" in gs.main.info[0].value
    gs.radio(key="goal_seek_mode").set_value("dau").run()
    assert not gs.exception


def test_a_driver_that_meets_the_target_everywhere_is_not_offered(gs):
    # The worst case at 500k, h = 0: (27,000 + 270,000 / 0.7) / 500,000 = $0.825 <= $1: every hit rate meets $1.
    gs.number_input(key="goal_seek_value:cost_per_dau_usd").set_value(1.0).run()
    row = gs.main.dataframe[0].value.set_index("Driver").loc["AI response hit rate"]
    assert (row["Answer"], row["Note"]) == ("any", "every value in the bounds meets it")
    # ... so it is not offered to apply; AI calls per DAU per day still has a boundary (up to 10 a day costs more than $1).
    options = gs.selectbox(key="goal_seek_pick").options
    assert "AI response hit rate" not in options and "AI calls per DAU per day" in options


def test_driver_value_text():
    assert driver_value("fraction", "share", 613 / 900) == "68.1111%"
    assert driver_value("dau", "DAU", 500_000) == "500,000"
    assert driver_value("usd", "USD/month", 13_000) == "$13,000"
    assert driver_value("number", "calls/DAU/day", 0.9111111) == "0.911111 calls/DAU/day"
    # the answer card: the figure alone, its unit in the label
    assert driver_value_parts("number", "calls/DAU/day", 0.9111111) == ("0.911111", "calls/DAU/day")
    assert driver_value_parts("number", "x", 1.5) == ("1.5", "")
    assert driver_value_parts("fraction", "share", 613 / 900) == ("68.1111%", "")


def test_the_answer_card_shows_the_figure_large_and_its_unit_in_the_label(gs):
    """'2.02222 calls/DAU/day' was cut off in the card (1280 px: '2.02222 …'): the unit goes to the label."""
    calls = "ai.calls_per_dau_per_day"
    gs.number_input(key="goal_seek_value:cost_per_dau_usd").set_value(0.60).run()
    gs.selectbox(key="goal_seek_pick").set_value(calls).run()
    assert not gs.exception, [e.message for e in gs.exception]
    s = solve_driver(plan_scenario(), calls, target="cost_per_dau_usd", at=500_000, value=0.60)
    shown = metrics(gs)
    assert shown["Answer (calls/DAU/day)"] == f"{s.value:,.6g}"
    assert "Answer" not in shown  # the share's label, without a unit, is not there any more
    # the table keeps the figure and its unit together
    row = gs.main.dataframe[0].value.set_index("Driver").loc["AI calls per DAU per day"]
    assert row["Answer"] == f"{s.value:,.6g} calls/DAU/day"


def test_a_money_target_is_typed_and_shown_in_the_sessions_currency():
    """At ₩1,400 per $1, a target of ₩420 per DAU is the model's $0.30: the same answer as in dollars (68.1111%), its
    result shown in won with the digits that tell it from the target."""
    from i18n.display import Display, using
    from i18n.fx import typed_rate

    at = new_app()
    at.query_params["currency"] = "KRW"
    at.query_params["fx_rate"] = "1400"
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    box = at.number_input(key="goal_seek_value:cost_per_dau_usd:KRW")
    assert box.label == "Target value (KRW)"
    # AppTest formats the page's other widgets (the target's select box) in the test's thread when it sends a value:
    # in won there, as the session has them.
    with using(Display("en", typed_rate("KRW", 1400))):
        box.set_value(420.0).run()
    assert not at.exception, [e.message for e in at.exception]
    answers = solve_every_driver(plan_scenario(), target="cost_per_dau_usd", at=500_000, value=420.0 / 1400)
    hit = next(a for a in answers if a.path == HIT)
    assert hit.solution is not None and driver_value(hit.display, hit.unit, hit.solution.value) == "68.1111%"
    with using(Display("en", typed_rate("KRW", 1400))):
        expected = against("cost_per_dau_usd", hit.solution.achieved, 420.0 / 1400, "at_most")
    shown = metrics(at)
    assert shown["Answer"] == "68.1111%"
    assert shown["Result at the answer"] == expected.figure and expected.figure.startswith("₩")
    # $0.30 x 1,400 = ₩420 exactly at the boundary: whole won tell it from the target.
    assert expected.figure == "₩420" and expected.target == "₩420"


def test_money_against_keeps_the_digits_that_tell_figures_apart_in_any_currency():
    from i18n.display import Display
    from i18n.fx import typed_rate
    from i18n.money import money_against
    from model.fx import USD

    won = Display("en", typed_rate("KRW", 1400))
    assert money_against(0.3009, 0.30, cents=True, display=Display("en", USD)) == ("$0.301", "$0.300")
    assert money_against(0.25, 0.30, cents=True, display=Display("en", USD)) == ("$0.25", "$0.30")
    # 1,000.4 x 1,400 = 1,400,560 against 1,400,000: whole won suffice.
    assert money_against(1_000.4, 1_000, display=won) == ("₩1,400,560", "₩1,400,000")
    # 0.30001 x 1,400 = 420.014 against 420: whole won both read ₩420, so two decimals.
    assert money_against(0.30001, 0.30, cents=True, display=won) == ("₩420.01", "₩420.00")
