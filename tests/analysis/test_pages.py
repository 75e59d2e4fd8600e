"""The analysis pages under AppTest: what each page shows equals the analysis run on the same inputs."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from model.analysis.compare import compare, differences
from model.analysis.montecarlo import simulate
from model.analysis.selfhosted import compare_self_hosted
from model.analysis.sensitivity import tornado
from model.analysis.timeline import project
from model.formatting import pct, usd, usd_cents
from model.loading import load_scenario, plan_scenario, shipped_scenarios
from model.overrides import with_overrides
from model.result import evaluate
from tests.app.conftest import charts, in_won, literal, metrics, new_app, page_in_won
from ui import analysis_tables, panels

PAGES = ["views/compare.py", "views/sensitivity.py", "views/uncertainty.py", "views/timeline.py", "views/economics.py"]


def open_page(page: str) -> AppTest:
    at = new_app().run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def scenario_input(at: AppTest, kind: str, path: str):
    """The analysis input bound to scenario field ``path`` (its key is 'an:<path>=<value shown>')."""
    found = [w for w in at.get(kind) if str(w.key).startswith(f"an:{path}=")]
    assert len(found) == 1, [w.key for w in at.get(kind)]
    return found[0]


def table(at: AppTest, first_column: str):
    """The shown dataframe whose first column is ``first_column``."""
    return next(df.value for df in at.dataframe if df.value.columns[0] == first_column)


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_and_reruns(page: str) -> None:
    at = open_page(page)
    at.run()
    assert not at.exception and at.title


# --- compare ---------------------------------------------------------------------------


def test_compare_shows_each_scenarios_model_and_exactly_the_differences() -> None:
    at = open_page("views/compare.py")
    plan = plan_scenario()
    shipped = {stem: load_scenario(path) for stem, path in shipped_scenarios().items()}
    shown = table(at, "Tier")
    for label, scenario in (
        ("Current settings", plan),
        ("pessimistic", shipped["pessimistic"]),
        ("optimistic", shipped["optimistic"]),
    ):
        assert list(shown[f"{label}: total"]) == [usd(t.total_usd) for t in evaluate(scenario).tiers]
    diff = table(at, "Assumption")
    assert list(diff["Field"]) == [d.path for d in differences([plan, shipped["pessimistic"], shipped["optimistic"]])]
    titles = charts(at)
    assert {"Monthly total by scenario", "Cost per DAU by scenario"} <= set(titles)


def test_compare_two_scenarios_and_a_sidebar_change() -> None:
    at = open_page("views/compare.py")
    at.slider(key="drv:ai.calls_per_dau_per_day").set_value(3.0).run()
    at.multiselect(key="compare_choice").set_value(["current", "own-model-500k"]).run()
    assert not at.exception
    current = with_overrides(plan_scenario(), {"ai.calls_per_dau_per_day": 3.0})
    own = load_scenario(shipped_scenarios()["own-model-500k"])
    model = compare([current, own], labels=["Current settings", "own-model-500k"])
    assert (
        list(table(at, "Assumption")["Field"])
        == [d.path for d in model.differences]
        == ["ai.calls_per_dau_per_day", "ai.own_model.from_dau"]
    )
    shown = table(at, "Tier")
    # By hand at 10k: AI 9,000 x 3/2 = 13,500 + 55 of infrastructure.
    assert shown["Current settings: total"].iloc[0] == usd(evaluate(current).tiers[0].total_usd) == "$13,555"


def test_compare_needs_two() -> None:
    at = open_page("views/compare.py")
    at.multiselect(key="compare_choice").set_value(["current"]).run()
    assert not at.exception and any("at least 2" in i.value for i in at.info)


# --- sensitivity -------------------------------------------------------------------------


def test_sensitivity_chart_is_the_tornado_at_the_chosen_tier() -> None:
    at = open_page("views/sensitivity.py")
    for dau in (500_000, 100_000):
        at.segmented_control(key="sensitivity_tier").set_value(dau).run()
        t = tornado(plan_scenario(), dau)
        data = charts(at)[f"Cost per DAU at {dau // 1000}k DAU: each driver alone at its low and high value"][0]
        expected = t.long_frame()
        assert list(data["label"]) == list(expected["label"])
        assert list(data["cost_per_dau_usd"]) == pytest.approx(list(expected["cost_per_dau_usd"]), rel=1e-12)
        assert metrics(at)["Cost per DAU at this tier"] == usd_cents(t.base_cost_per_dau_usd)
        assert list(table(at, "Driver")["Swing"]) == [f"${b.swing_usd:,.3f}" for b in t.bars]


def test_the_sensitivity_total_fits_its_card_in_won() -> None:
    # At 500k DAU the plan's total is $297,000; at 1,400 won per dollar ₩415,800,000, shown compact on the card
    # (₩416M in English labels) with the full amount in its help. In dollars under a million nothing changes.
    from i18n.money import money

    at = page_in_won("views/sensitivity.py")
    t = tornado(plan_scenario(), 500_000)
    assert t.base_total_usd == pytest.approx(297_000.0)
    compact, full = in_won(money, t.base_total_usd, compact=True), in_won(money, t.base_total_usd)
    assert (compact, full) == ("₩416M", "₩415,800,000")
    card = next(m for m in at.metric if m.label == "Monthly total")
    assert card.value == compact and full in card.help


# --- uncertainty ---------------------------------------------------------------------------


def test_uncertainty_table_is_the_seeded_simulation() -> None:
    at = open_page("views/uncertainty.py")
    sim = simulate(plan_scenario(), draws=10_000, seed=0)
    assert table(at, "Tier").equals(analysis_tables.simulation_table(sim))
    at.number_input(key="mc_seed").set_value(5).run()
    at.number_input(key="mc_draws").set_value(2_000).run()
    sim = simulate(plan_scenario(), draws=2_000, seed=5)
    shown = table(at, "Tier")
    assert list(shown["P50 / month"]) == [usd(v) for v in sim.bands()["p50"]]
    row = sim.bands().set_index("dau").loc[500_000.0]
    assert metrics(at)["Chance over budget"] == pct(row["prob_over_budget"], 1)


def test_uncertainty_ranges_drawn_are_sent_only_while_their_panel_is_open() -> None:
    # A reference a person opens: closed (as the page opens), a sidebar move does not send the ranges' table.
    at = open_page("views/uncertainty.py")
    assert [e.label for e in at.expander if e.label == "The ranges drawn"] == ["The ranges drawn"]
    assert not [df for df in at.dataframe if df.value.columns[0] == "Driver"]
    at.session_state[panels.MC_RANGES] = True  # as a click on its header does
    at.run()
    assert not at.exception
    sim = simulate(plan_scenario(), draws=10_000, seed=0)
    assert table(at, "Driver").equals(analysis_tables.ranges_table(sim))
    assert len(table(at, "Driver")) == len(plan_scenario().ranges)


def test_uncertainty_budget_is_a_scenario_setting() -> None:
    at = open_page("views/uncertainty.py")
    scenario_input(at, "number_input", "economics.cost_budget_usd_per_dau_per_month").set_value(0.9).run()
    assert not at.exception
    moved = with_overrides(plan_scenario(), {"economics.cost_budget_usd_per_dau_per_month": 0.9})
    sim = simulate(moved, draws=10_000, seed=0)
    assert list(table(at, "Tier")["Chance over budget"]) == [pct(v, 1) for v in sim.bands()["prob_over_budget"]]
    data = charts(at)["Cost per DAU: P10 to P90 of the Monte Carlo"]
    assert any("budget" in df.columns and list(df["budget"]) == [0.9] for df in data)


# --- timeline --------------------------------------------------------------------------------


def test_timeline_tables_are_the_projection() -> None:
    at = open_page("views/timeline.py")
    tl = project(plan_scenario())
    assert table(at, "Month").equals(analysis_tables.timeline_table(tl))
    assert table(at, "Due").equals(analysis_tables.checklist_table(tl))
    assert metrics(at)["Spend over the timeline"] == usd(tl.months["cumulative_usd"].iloc[-1])


def open_timeline_inputs(at: AppTest) -> AppTest:
    """Open the lazy 'Milestones, growth and lead time' expander (its inputs are drawn only while open)."""
    at.session_state["timeline_inputs_open"] = True
    return at.run()


def test_timeline_inputs_are_drawn_only_when_opened() -> None:
    at = open_page("views/timeline.py")
    assert not at.text_input, "closed: no inputs built"
    assert len(open_timeline_inputs(at).text_input) == 6  # five milestones and the last month


def test_timeline_edits_change_the_projection() -> None:
    at = open_timeline_inputs(open_page("views/timeline.py"))
    scenario_input(at, "segmented_control", "timeline.growth").set_value("linear").run()
    scenario_input(at, "text_input", "timeline.milestones.1.month").set_value("2027-09").run()
    scenario_input(at, "number_input", "timeline.checklist_lead_months").set_value(6).run()
    assert not at.exception
    moved = with_overrides(
        plan_scenario(),
        {"timeline.growth": "linear", "timeline.milestones.1.month": "2027-09", "timeline.checklist_lead_months": 6},
    )
    tl = project(moved)
    assert table(at, "Month").equals(analysis_tables.timeline_table(tl))
    # 50k now reached in 2027-09; six months' lead: due 2027-03.
    assert table(at, "Due")["Due"].iloc[0] == "2027-03"


def test_timeline_refuses_a_bad_month_and_keeps_the_scenario() -> None:
    at = open_timeline_inputs(open_page("views/timeline.py"))
    scenario_input(at, "text_input", "timeline.milestones.1.month").set_value("2025-01").run()
    assert not at.exception
    assert any("strictly increasing" in w.value for w in at.sidebar.warning)
    assert table(at, "Month").equals(analysis_tables.timeline_table(project(plan_scenario())))
    assert scenario_input(at, "text_input", "timeline.milestones.1.month").value == "2027-05"


# --- economics --------------------------------------------------------------------------------


def test_economics_revenue_and_gpu_price() -> None:
    at = open_page("views/economics.py")
    scenario_input(at, "number_input", "economics.revenue_usd_per_dau_per_month").set_value(2.0).run()
    shown = table(at, "Tier")
    # Revenue 2.00 x 10,000 = $20,000; margin 20,000 - 9,055 = $10,945.
    assert (shown["Revenue / month"].iloc[0], shown["Gross margin"].iloc[0]) == ("$20,000", "$10,945")
    assert not [m for m in at.metric if m.label == "Self-hosting costs no more than the API at"]  # another tab's
    # The second of the page's lazy tabs, as a click would (only the chosen tab's content is drawn).
    at.session_state["economics_tab"] = "Own model: self-hosted GPUs against the API"
    at.session_state[panels.GPU_INPUTS] = True  # the lazy expander: its inputs are drawn only while open
    at.run()
    assert "Revenue / month" not in [c for df in at.dataframe for c in df.value.columns]  # the first tab is not sent
    scenario_input(at, "number_input", "self_hosted.gpu_usd_per_hour").set_value(4.0).run()
    assert not at.exception
    moved = with_overrides(plan_scenario(), {"economics.revenue_usd_per_dau_per_month": 2.0, "self_hosted.gpu_usd_per_hour": 4.0})
    cmp = compare_self_hosted(moved)
    assert metrics(at)["Self-hosting costs no more than the API at"] == analysis_tables.break_even_text(cmp)
    gpu_table = next(df.value for df in at.dataframe if "GPUs" in df.value.columns)
    assert gpu_table.equals(analysis_tables.self_hosted_table(cmp))


@pytest.mark.parametrize("page", ["views/sensitivity.py", "views/uncertainty.py"])
def test_a_range_no_cost_formula_reads_is_a_message_not_a_crash(page: str) -> None:
    bad = with_overrides(plan_scenario(), {"ranges": {"caching.caches.0.hit_rate": {"low": 0.5, "high": 0.9}}})
    at = new_app()
    # Start the session on this scenario, as an upload would (ui.state's session keys).
    for key, value in {
        "base": bad,
        "base_key": "bad-ranges",
        "base_label": "test",
        "base_stem": None,
        "overrides": {},
        "notices": [],
        "load_error": None,
    }.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("caching.caches.0.hit_rate" in literal(e.value) and "database caches" in literal(e.value) for e in at.error)
