"""The Overview at any DAU, both upgrade policies and the editable tier list (AppTest), against the model."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from model.loading import plan_scenario
from model.result import evaluate
from model.upgrades import evaluate_policy, reading_at
from tests.app.conftest import literal, metrics, new_app
from ui.tables import usd
from ui.upgrade_text import JIT_METRIC, WRITTEN_METRIC, over_capacity_text


def fresh() -> AppTest:
    at = new_app().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_any_dau_shows_its_cost_and_the_over_capacity_warning_with_both_costs() -> None:
    plan = plan_scenario()
    at = fresh()
    assert not at.warning  # 10k: nothing over its warning line (Redis exactly at 80%)
    at.number_input(key="overview_dau").set_value(300_000).run()
    assert not at.exception
    written = evaluate(plan, [300_000]).tiers[0]
    shown = metrics(at)
    # As written at 300k: level 3, $3,000 infrastructure + AI = $165,000.
    assert shown["Total / month"] == usd(written.total_usd) == "$165,000"
    [warning] = at.warning
    reading = reading_at(plan, 300_000)
    assert warning.value.replace("\\", "") == over_capacity_text(reading)
    assert "Database connections at 216% (critical)" in warning.value.replace("\\", "")
    assert "Redis memory at 180.4% (critical)" in warning.value.replace("\\", "")
    # Just in time: Citus $5,000 and Redis Cluster $2,000 instead of $2,000 and $500: +$4,500 -> $169,500.
    assert shown[WRITTEN_METRIC] == "$165,000"
    assert shown[JIT_METRIC] == usd(evaluate_policy(plan, [300_000], "just-in-time").result.tiers[0].total_usd) == "$169,500"


def test_the_policy_toggle_prices_the_headline_and_goes_into_the_share_link() -> None:
    at = fresh()
    at.number_input(key="overview_dau").set_value(300_000).run()
    at.segmented_control(key="overview_policy").set_value("just-in-time").run()
    assert not at.exception
    assert metrics(at)["Total / month"] == "$169,500"
    assert metrics(at)["Infrastructure"] == "$7,500"
    assert json.loads(at.query_params["upgrades.policy"]) == "just-in-time"


def test_a_dau_beyond_every_plan_names_the_shortfall() -> None:
    at = fresh()
    at.number_input(key="overview_dau").set_value(2_000_000).run()
    assert not at.exception
    errors = [e.value.replace("\\", "") for e in at.error]
    assert any("Redis memory at 2,000,000 DAU: no plan in the scenario has enough capacity" in e for e in errors)


def test_the_tier_list_is_editable_and_kept_in_the_share_link() -> None:
    plan = plan_scenario()
    at = fresh()
    at.text_input(key="overview_tiers").input("20000, 60000, 300000").run()
    assert not at.exception
    expected = evaluate(plan, [20_000, 60_000, 300_000])
    table = at.dataframe[0].value
    assert list(table["Total per month"]) == [usd(t.total_usd) for t in expected.tiers]
    assert json.loads(at.query_params["tiers_dau"]) == [20_000, 60_000, 300_000]
    # The link in a new session reproduces the tiers.
    again = new_app()
    again.query_params = {"tiers_dau": "[20000, 60000, 300000]", "upgrades.policy": '"just-in-time"'}
    again.run()
    assert not again.exception
    assert list(again.dataframe[0].value["Total per month"]) == [usd(t.total_usd) for t in expected.tiers]
    assert again.segmented_control(key="overview_policy").value == "just-in-time"


def test_bad_tiers_are_refused_with_one_line_and_the_scenario_stays() -> None:
    at = fresh()
    before = list(at.dataframe[0].value["Total per month"])
    at.text_input(key="overview_tiers").input("300000, 20000").run()
    assert not at.exception
    assert list(at.dataframe[0].value["Total per month"]) == before
    assert any("Tiers: tiers must be in increasing order" in literal(w.value) for w in at.sidebar.warning)
    assert at.text_input(key="overview_tiers").value == ", ".join(str(t) for t in plan_scenario().tiers_dau)
    for bad in ("lots", "0, 10", "1, 1000000000000"):
        at.text_input(key="overview_tiers").input(bad).run()
        assert not at.exception
        assert list(at.dataframe[0].value["Total per month"]) == before
    tampered = new_app()
    tampered.query_params = {"tiers_dau": "[3, 2]"}
    tampered.run()
    assert not tampered.exception
    assert any("tiers_dau" in literal(w.value) for w in tampered.sidebar.warning)


def test_the_timeline_page_lists_the_plans_bought_under_just_in_time() -> None:
    from model.analysis.timeline import project
    from model.overrides import with_overrides

    at = new_app()
    at.query_params = {"upgrades.policy": '"just-in-time"'}
    at.run()
    at.switch_page("views/timeline.py").run()
    assert not at.exception
    tl = project(with_overrides(plan_scenario(), {"upgrades.policy": "just-in-time"}))
    table = at.dataframe[0].value
    assert list(table["Bought"]) == [p.month for p in tl.purchases]
    assert list(table["To"]) == [p.to_plan for p in tl.purchases]
    assert any("no plan in the scenario has enough capacity" in e.value.replace("\\", "") for e in at.error)
    # Spend over the timeline is the just-in-time projection's.
    assert metrics(at)["Spend over the timeline"] == usd(tl.months["cumulative_usd"].iloc[-1])
