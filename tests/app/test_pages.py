"""The app under AppTest: every page runs; what it shows equals the model run on the same inputs."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from model.formatting import usd, usd_cents
from model.loading import plan_scenario
from model.overrides import with_overrides
from model.result import curve, evaluate
from model.views import api_vs_own_model_curve, cache_savings_frame, dau_grid_for
from tests.app.conftest import APP, ROOT, charts, deltas, literal, markdown_tables, metrics, new_app, open_driver_groups
from ui.text import md

CALLS = "ai.calls_per_dau_per_day"
AI_HIT = "caching.caches.1.hit_rate"


def page_files() -> list[str]:
    """Every page app.py navigates to (views/*.py that exist), relative to app.py."""
    return sorted(str(p.relative_to(APP.parent)) for p in (ROOT / "views").glob("*.py") if not p.name.startswith("_"))


@pytest.mark.parametrize("page", page_files())
def test_every_page_runs_and_reruns(page: str) -> None:
    at = new_app().run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title, f"{page} shows no title"
    at.run()
    assert not at.exception, [e.message for e in at.exception]


def test_every_page_runs_after_a_change(at: AppTest) -> None:
    at.slider(key="drv:" + CALLS).set_value(3.5).run()
    for page in page_files():
        at.switch_page(page).run()
        assert not at.exception, (page, [e.message for e in at.exception])


def test_overview_shows_the_model_for_the_plan(at: AppTest) -> None:
    tier = evaluate(plan_scenario()).tier(10_000)
    shown = metrics(at)
    assert shown["Total / month"] == usd(tier.total_usd) == "$9,055"
    assert shown["Cost per DAU"] == usd_cents(tier.cost_per_dau_usd) == "$0.91"
    assert all(d == "" for d in deltas(at).values()), "the plan against itself shows no change"


def test_moving_a_control_changes_the_totals_by_what_the_model_computes(at: AppTest) -> None:
    plan = plan_scenario()
    at.slider(key="drv:" + CALLS).set_value(3.0).run()
    assert not at.exception
    moved = evaluate(with_overrides(plan, {CALLS: 3.0}))
    before = evaluate(plan)
    shown = metrics(at)
    assert shown["Total / month"] == usd(moved.tier(10_000).total_usd)
    # By hand: AI scales with calls, $9,000 x 3/2 = $13,500, plus $55 of infrastructure.
    assert shown["Total / month"] == "$13,555"
    assert deltas(at)["Total / month"] == "+" + usd(moved.tier(10_000).total_usd - before.tier(10_000).total_usd) == "+$4,500"
    table = at.dataframe[0].value
    assert list(table["Total per month"]) == [usd(t.total_usd) for t in moved.tiers]
    assert list(table["Cost per DAU"]) == [usd_cents(t.cost_per_dau_usd) for t in moved.tiers]


def test_two_controls_and_a_tier_choice(at: AppTest) -> None:
    plan = plan_scenario()
    open_driver_groups(at, "Caching")
    at.slider(key="drv:" + AI_HIT).set_value(0.5).run()
    at.slider(key="drv:ai.input_tokens_per_call").set_value(6000.0).run()
    at.segmented_control(key="overview_tier").set_value(500_000).run()
    assert not at.exception
    model = evaluate(with_overrides(plan, {AI_HIT: 0.5, "ai.input_tokens_per_call": 6000.0})).tier(500_000)
    shown = metrics(at)
    assert shown["Total / month"] == usd(model.total_usd)
    assert shown["AI"] == usd(model.ai_usd)
    assert shown["Cache saving (net)"] == usd(model.cache_savings_net_usd)


def test_overview_chart_data_is_the_model_result(at: AppTest) -> None:
    plan = plan_scenario()
    at.slider(key="drv:" + CALLS).set_value(2.5).run()
    scenario = with_overrides(plan, {CALLS: 2.5})
    result = evaluate(scenario)
    data = charts(at)
    (bars,) = data["Monthly cost by category"]
    expected = result.category_frame()
    pd.testing.assert_frame_equal(bars[["dau", "category", "usd"]].reset_index(drop=True), expected, check_dtype=False)
    line, points = data["Cost per DAU as users grow"]
    model_curve = curve(scenario, dau_grid_for(scenario))
    np.testing.assert_allclose(line["dau"], model_curve["dau"])
    np.testing.assert_allclose(line["cost_per_dau_usd"], model_curve["cost_per_dau_usd"], rtol=1e-12)
    assert list(points["cost_per_dau_usd"]) == [row.cost_per_user_usd for row in plan.stated_costs]


def test_ai_and_caching_chart_data_is_the_model_result(at: AppTest) -> None:
    plan = plan_scenario()
    open_driver_groups(at, "Caching")
    at.slider(key="drv:" + AI_HIT).set_value(0.4).run()
    scenario = with_overrides(plan, {AI_HIT: 0.4})
    at.switch_page("views/ai.py").run()
    (frame,) = next(v for k, v in charts(at).items() if "API against own model" in k)[:1]
    expected = api_vs_own_model_curve(scenario, dau_grid_for(scenario))
    np.testing.assert_allclose(frame["usd"], expected["usd"], rtol=1e-12)
    at.switch_page("views/caching.py").run()
    (bars,) = next(v for k, v in charts(at).items() if "AI response cache" in k)
    savings = cache_savings_frame(evaluate(scenario))
    net = bars[bars["measure"] == "Net saving"].sort_values("dau")
    np.testing.assert_allclose(net["usd"], savings["net_usd"], rtol=1e-12)


def test_a_share_link_reproduces_the_settings() -> None:
    plan = plan_scenario()
    at = new_app()
    at.query_params = {CALLS: "3", AI_HIT: "0.45"}
    at.run()
    assert not at.exception
    assert at.slider(key="drv:" + CALLS).value == 3.0
    expected = evaluate(with_overrides(plan, {CALLS: 3, AI_HIT: 0.45})).tier(10_000)
    assert metrics(at)["Total / month"] == usd(expected.total_usd)


def test_the_address_bar_carries_every_change(at: AppTest) -> None:
    open_driver_groups(at, "Caching")
    at.slider(key="drv:" + CALLS).set_value(3.0).run()
    at.slider(key="drv:" + AI_HIT).set_value(0.5).run()
    assert {k: json.loads(v) for k, v in at.query_params.items()} == {CALLS: 3.0, AI_HIT: 0.5}
    # Back to the plan's value: the parameter goes away.
    at.slider(key="drv:" + CALLS).set_value(2.0).run()
    assert set(at.query_params) == {AI_HIT}


def test_tampered_share_links_give_notices_and_are_ignored() -> None:
    at = new_app()
    at.query_params = {
        "no.such.setting": "1",
        AI_HIT: "1.5",  # outside 0..1
        "ai.input_tokens_per_call": "lots",  # not a number
        "days_per_month": "NaN",
        "scenario": "../../etc/passwd",
        CALLS: "3",  # the one good parameter is kept
    }
    at.run()
    assert not at.exception
    warnings = literal(" ".join(w.value for w in at.warning))
    for name in ("no.such.setting", AI_HIT, "ai.input_tokens_per_call", "days_per_month", "etc/passwd"):
        assert name in warnings
    assert metrics(at)["Total / month"] == usd(evaluate(with_overrides(plan_scenario(), {CALLS: 3})).tier(10_000).total_usd)


def test_reset_returns_to_the_plan(at: AppTest) -> None:
    at.slider(key="drv:" + CALLS).set_value(4.0).run()
    assert metrics(at)["Total / month"] != "$9,055"
    at.button(key="reset_to_plan").click().run()
    assert metrics(at)["Total / month"] == usd(evaluate(plan_scenario()).tier(10_000).total_usd)
    assert at.slider(key="drv:" + CALLS).value == 2.0
    assert dict(at.query_params) == {}


def _plan_json(**changes: object) -> bytes:
    data = json.loads((ROOT / "data" / "scenarios" / "plan.json").read_text())
    data["name"] = "Uploaded test"
    for path, value in changes.items():
        node = data
        *parents, last = path.split(".")
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value
    return json.dumps(data).encode()


def test_a_bad_upload_names_the_field_and_keeps_the_scenario(at: AppTest) -> None:
    at.slider(key="drv:" + CALLS).set_value(3.0).run()
    before = metrics(at)["Total / month"]
    at.switch_page("views/scenarios.py").run()
    at.file_uploader(key="scenario_upload").set_value(("broken.json", _plan_json(**{AI_HIT: 1.5}), "application/json")).run()
    assert not at.exception
    errors = literal(" ".join(e.value for e in at.error))
    assert "broken.json" in errors and AI_HIT in errors and "<= 1" in errors
    at.switch_page("views/overview.py").run()
    assert metrics(at)["Total / month"] == before
    assert at.slider(key="drv:" + CALLS).value == 3.0


def test_not_json_at_all_is_refused_too(at: AppTest) -> None:
    at.switch_page("views/scenarios.py").run()
    at.file_uploader(key="scenario_upload").set_value(("x.json", b"\xff\xfe not text", "application/json")).run()
    assert "x.json" in literal(" ".join(e.value for e in at.error))
    at.switch_page("views/overview.py").run()
    assert metrics(at)["Total / month"] == "$9,055"


def test_a_good_upload_becomes_the_scenario(at: AppTest) -> None:
    at.switch_page("views/scenarios.py").run()
    at.file_uploader(key="scenario_upload").set_value(("mine.json", _plan_json(**{CALLS: 2.5}), "application/json")).run()
    assert not at.error
    at.switch_page("views/overview.py").run()
    expected = evaluate(with_overrides(plan_scenario(), {CALLS: 2.5})).tier(10_000)
    assert metrics(at)["Total / month"] == usd(expected.total_usd)
    assert at.slider(key="drv:" + CALLS).value == 2.5
    # Against the plan, the change shows: 2.5 calls instead of 2, AI $9,000 -> $11,250.
    assert deltas(at)["Total / month"] == "+$2,250"
    # The share link of an uploaded scenario carries what differs from the plan.
    assert json.loads(at.query_params[CALLS]) == 2.5


def test_saved_json_reloads_to_the_same_numbers(at: AppTest) -> None:
    from model.loading import parse_scenario
    from ui import state

    scenario = with_overrides(plan_scenario(), {CALLS: 3.3, AI_HIT: 0.2, "reserved_instances.applied": True})
    again = parse_scenario(state.scenario_json(scenario), source="saved.json")
    assert again == scenario
    assert evaluate(again).tiers == evaluate(scenario).tiers


def test_two_sessions_do_not_share_settings() -> None:
    one, two = new_app().run(), new_app().run()
    one.slider(key="drv:" + CALLS).set_value(5.0).run()
    two.run()
    assert metrics(two)["Total / month"] == "$9,055"
    assert two.slider(key="drv:" + CALLS).value == 2.0
    assert metrics(one)["Total / month"] == usd(evaluate(with_overrides(plan_scenario(), {CALLS: 5.0})).tier(10_000).total_usd)


def test_every_driver_has_a_control_with_unit_plan_value_and_source(at: AppTest) -> None:
    from model.drivers import drivers_for

    plan = plan_scenario()
    open_driver_groups(at)
    controls = {s.key: s for s in at.slider} | {t.key: t for t in at.toggle}
    for d in drivers_for(plan):
        control = controls["drv:" + d.path]
        assert f"({d.unit})" in control.label
        assert "Plan value:" in control.help
        assert control.value == pytest.approx(d.value(plan))
    prov = controls["drv:" + CALLS].help
    assert "Source:" in prov and "The plan" in prov


def _a_shipped_overlay() -> str | None:
    """A shipped scenario other than the plan (helper-added files), or None."""
    names = sorted(p.stem for p in (ROOT / "data" / "scenarios").glob("*.json") if p.stem != "plan")
    return names[0] if names else None


def test_loading_a_shipped_scenario_and_sharing_it() -> None:
    from model.loading import load_scenario

    stem = _a_shipped_overlay()
    if stem is None:
        pytest.skip("no shipped scenario besides the plan")
    shipped = load_scenario(ROOT / "data" / "scenarios" / f"{stem}.json")
    at = new_app().run()
    at.switch_page("views/scenarios.py").run()
    at.selectbox(key="shipped_choice").set_value(stem).run()
    at.button(key="load_shipped").click().run()
    assert not at.exception and not at.error
    at.slider(key="drv:" + CALLS).set_value(2.4).run()
    assert dict(at.query_params) == {"scenario": stem, CALLS: "2.4"}
    at.switch_page("views/overview.py").run()
    expected = evaluate(with_overrides(shipped, {CALLS: 2.4})).tier(10_000)
    assert metrics(at)["Total / month"] == usd(expected.total_usd)

    # The same link in a new session gives the same view.
    other = new_app()
    other.query_params = {"scenario": stem, CALLS: "2.4"}
    other.run()
    assert metrics(other)["Total / month"] == usd(expected.total_usd)


def test_renaming_the_scenario_is_saved_and_shared(at: AppTest) -> None:
    from ui.state import scenario_key

    at.switch_page("views/scenarios.py").run()
    key = "scenario_name:" + scenario_key(plan_scenario())[:16]
    at.text_input(key=key).input("Lean launch").run()
    assert not at.exception
    assert at.query_params["name"] == json.dumps("Lean launch")
    assert any("Lean launch" in m.value for m in at.sidebar.markdown)


def test_only_open_driver_groups_draw_their_controls(at: AppTest) -> None:
    from model.drivers import drivers_for

    by_group: dict[str, set[str]] = {}
    for d in drivers_for(plan_scenario()):
        by_group.setdefault(d.group, set()).add("drv:" + d.path)
    drawn = {s.key for s in at.sidebar.slider} | {t.key for t in at.sidebar.toggle}
    assert drawn == by_group["AI"], "only the AI group starts open"
    assert [e.label for e in at.sidebar.expander] == ["AI", "Caching", "Infrastructure", "Reserved instances", "General"]
    open_driver_groups(at, "Caching")
    drawn = {s.key for s in at.sidebar.slider} | {t.key for t in at.sidebar.toggle}
    assert drawn == by_group["AI"] | by_group["Caching"]
    at.slider(key="drv:" + AI_HIT).set_value(0.5).run()  # the group stays open as its values change
    assert "drv:" + AI_HIT in {s.key for s in at.sidebar.slider}
    assert [e.label for e in at.sidebar.expander][:2] == ["AI", "Caching"]


def test_a_group_opened_later_shows_the_values_in_force() -> None:
    # Set through a share link while the Caching group is closed, then opened: the control shows 45%, not the plan's 30%.
    at = new_app()
    at.query_params = {AI_HIT: "0.45"}
    at.run()
    assert "drv:" + AI_HIT not in {s.key for s in at.sidebar.slider}
    assert "Changed: Caching 1" in [c.value for c in at.sidebar.caption]
    open_driver_groups(at, "Caching")
    assert at.slider(key="drv:" + AI_HIT).value == 0.45
    at.slider(key="drv:" + AI_HIT).set_value(0.5).run()
    expected = evaluate(with_overrides(plan_scenario(), {AI_HIT: 0.5})).tier(10_000)
    assert metrics(at)["Total / month"] == usd(expected.total_usd)


def test_the_sidebar_draws_on_a_page_that_ends_early(at: AppTest) -> None:
    # Compare with one scenario chosen returns before its charts; the sidebar is drawn after the page and must still be.
    at.switch_page("views/compare.py").run()
    at.multiselect(key="compare_choice").set_value(["current"]).run()
    assert not at.exception
    assert [i.value for i in at.info] == ["Choose at least 2 scenarios to compare."]
    assert "reset_to_plan" in [b.key for b in at.sidebar.button]
    assert at.slider(key="drv:" + CALLS).value == 2.0


def test_audit_page_shows_the_models_findings(at: AppTest) -> None:
    from ui import tables

    at.switch_page("views/audit.py").run()
    findings = evaluate(plan_scenario()).audit
    plan_cards = [f for f in findings if f.status == "disagrees" and f.scope == "plan"]
    text = "\n".join(m.value for m in at.markdown)
    for f in plan_cards:
        assert f"**{md(f.topic)}**" in text
        assert tables.audit_figures_line(tables.audit_table((f,)).iloc[0]) in text
    assert not markdown_tables(at), "at the plan's values the scenario agrees with the plan's cost table"
    at.slider(key="drv:" + CALLS).set_value(3.0).run()
    moved = tuple(
        f for f in evaluate(with_overrides(plan_scenario(), {CALLS: 3.0})).audit if f.status == "disagrees" and f.scope == "model"
    )
    assert moved, "three calls a day moves the AI line away from the plan's table"
    (shown,) = markdown_tables(at)
    expected = tables.audit_table(moved).drop(columns=["Status"])
    (explanation,) = set(expected.pop("Explanation"))  # every row says the same: it is shown once, as a caption
    pd.testing.assert_frame_equal(shown, expected, check_dtype=False)
    assert explanation in [literal(c.value) for c in at.main.caption]


def test_audit_figures_escape_dollar_signs() -> None:
    from ui import tables

    row = pd.Series({"Stated": "$9,450", "Recomputed": "$9,900", "Gap": "-$450"})
    assert (
        tables.audit_figures_line(row)
        == (
            "Stated **\\$9,450** · Recomputed **\\$9,900** · Gap (stated − recomputed) **\\-\\$450**"  # a leading '-' escaped too (it could start a list)
        )
    )


def test_the_sidebar_keeps_its_layout_whatever_changed() -> None:
    """The elements above the driver groups are the same on every run (ui/sidebar.py): one that came and went
    shifted the groups, the browser rebuilt them, and a slider moved by keyboard lost its focus."""

    def shape(app: AppTest) -> list[str]:
        return [node.type for node in app.sidebar.children.values()]

    plain = new_app().run()
    changed = new_app().run()
    changed.slider(key="drv:" + CALLS).set_value(3.0).run()
    noticed = new_app()
    noticed.query_params[CALLS] = "-5"
    noticed.run()
    assert not plain.sidebar.warning and noticed.sidebar.warning, "the refused share-link value is shown"
    assert [c.value for c in plain.sidebar.caption][-1] == "No driver changed from the base scenario."
    assert shape(plain) == shape(changed) == shape(noticed)
