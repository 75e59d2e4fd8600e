"""Two-part chart builders (ui.chart_parts): the spec a page sends, a cached layout with this call's frames, is the
spec the builder's chart makes (Altair over the frames themselves), for the plan and for a moved scenario, whichever
came first, in English dollars and Korean won."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest

from i18n.display import Display, using
from i18n.fx import FxRate
from model import capacity as cap
from model.analysis.compare import compare
from model.analysis.economics import economics_frame, unit_economics
from model.analysis.owncase import business_case, timeline_frame
from model.analysis.selfhosted import curve_frame
from model.analysis.sensitivity import tornado
from model.analysis.timeline import project
from model.loading import load_scenario, plan_scenario, shipped_scenarios
from model.overrides import with_overrides
from model.result import curve, evaluate
from model.scenario import Scenario
from model.variance import reforecast, variance
from model.views import (
    ai_headline,
    api_vs_own_model_curve,
    cache_frame,
    cache_savings_frame,
    dau_grid_for,
    plan_cost_per_dau_points,
)
from ui import actuals_charts, analysis_charts, analysis_state, charts, render
from ui import capacity_charts as cc
from ui.bounded_cache import clear
from ui.owncase_charts import owncase_chart

DISPLAYS = {
    "en-usd": Display(lang="en"),
    "ko-krw": Display(lang="ko", fx=FxRate("KRW", 1400.0, None, "typed rate")),
}


def _frames(spec: dict[str, Any]) -> tuple[str, list[Any]]:
    """The spec's text with its dataset names replaced by their order of first use, and the datasets in that order
    (as rows), so two specs that differ only in what they call their datasets compare equal."""
    datasets = spec.get("datasets", {})
    rest = {k: v for k, v in spec.items() if k != "datasets"}
    text = json.dumps(rest, sort_keys=True)
    order: list[str] = []
    for name in sorted(datasets, key=lambda n: text.find(f'"name": "{n}"')):
        order.append(name)
    for i, name in enumerate(order):
        text = text.replace(f'"name": "{name}"', f'"name": "#{i}"')
    rows = [pa.ipc.open_stream(datasets[n]).read_pandas().to_dict("records") for n in order]
    return text, rows


def _bands(s: Scenario) -> Any:
    return analysis_state.simulation(s, draws=500, seed=0, budget=0.6, grid=True).bands()


def _budget(s: Scenario) -> float:
    return s.economics.cost_budget_usd_per_dau_per_month


def _histogram(s: Scenario) -> Any:
    return analysis_state.simulation(s, draws=500, seed=0, budget=_budget(s)).histogram(500_000.0)


def _compared(s: Scenario) -> Any:
    shipped = shipped_scenarios()
    return compare(
        [s, load_scenario(shipped["pessimistic"]), load_scenario(shipped["optimistic"])], labels=["now", "low", "high"]
    )


def _tornado(s: Scenario) -> Any:
    return tornado(s, 500_000)


ACTUALS = pd.DataFrame(
    [
        (m, c, usd)
        for m in ("2026-01", "2026-02", "2026-03")
        for c, usd in (("ai", 9_900.0), ("hosting", 20.0), ("unmapped", 5.0))
    ],
    columns=["month", "category", "amount_usd"],
)
"""Three months of bills (AI, hosting, and a line no category claims), as the Actuals page draws them."""
ACTUAL_DAU = pd.DataFrame({"month": ["2026-01", "2026-02", "2026-03"], "dau": [10_000.0] * 3})


def _curve(s: Scenario, resource: str) -> Any:
    curve = cap.capacity_result(s).curve
    return curve[curve["resource"] == resource]


CASES: dict[str, Callable[[Scenario], tuple[Any, tuple[Any, ...], dict[str, Any]]]] = {
    "plan against actual": lambda s: (actuals_charts.plan_vs_actual_chart, (variance(s, ACTUALS, dau=ACTUAL_DAU),), {}),
    "re-forecast": lambda s: (actuals_charts.reforecast_chart, (reforecast(s, ACTUALS, dau=ACTUAL_DAU, last_n=3).months,), {}),
    "capacity ladder": lambda s: (
        cc.upgrade_ladder_chart,
        (cap.capacity_result(s).ladder,),
        {"domain": (1_000.0, 2_000_000.0)},
    ),
    "database caches": lambda s: (charts.db_cache_chart, (cache_frame(s),), {}),
    "timeline DAU": lambda s: (analysis_charts.timeline_dau_chart, (project(s).months, project(s).milestones), {}),
    "capacity alerts": lambda s: (cc.alert_strip_chart, (cap.capacity_result(s).runs,), {}),
    "capacity utilisation": lambda s: (
        cc.utilization_chart,
        (_curve(s, "ai_requests"), "ai_requests", cap.capacity_result(s).targets),
        {},
    ),
    "band total": lambda s: (analysis_charts.band_chart, (_bands(s),), {"per_dau": False}),
    "band per DAU": lambda s: (analysis_charts.band_chart, (_bands(s),), {"per_dau": True, "budget_usd_per_dau": _budget(s)}),
    "histogram": lambda s: (
        analysis_charts.draws_histogram,
        (_histogram(s),),
        {"dau": 500_000, "budget_usd_per_dau": _budget(s)},
    ),
    "margin": lambda s: (analysis_charts.margin_chart, (economics_frame(unit_economics(s, evaluate(s))),), {}),
    "self-hosted": lambda s: (
        analysis_charts.self_hosted_chart,
        (curve_frame(s, analysis_state.self_hosted_grid(s)),),
        {"break_even_dau": analysis_state.self_hosted(s).break_even_dau},
    ),
    "business case": lambda s: (
        owncase_chart,
        (timeline_frame(business_case(s)),),
        {"payback_month": business_case(s).payback_month},
    ),
    "comparison totals": lambda s: (
        analysis_charts.comparison_total_chart,
        (_compared(s).cost_frame(), ["now", "low", "high"]),
        {},
    ),
    "comparison per DAU": lambda s: (
        analysis_charts.comparison_cost_per_dau_chart,
        (_compared(s).cost_frame(), ["now", "low", "high"]),
        {},
    ),
    "tornado": lambda s: (
        analysis_charts.tornado_chart,
        (_tornado(s).long_frame(),),
        {"base_cost_per_dau_usd": _tornado(s).base_cost_per_dau_usd, "dau": 500_000},
    ),
    "cache savings": lambda s: (charts.cache_savings_chart, (cache_savings_frame(evaluate(s)),), {}),
    "line items": lambda s: (charts.line_items_chart, (evaluate(s).line_item_frame().query("dau == 1000000"),), {}),
    "timeline spend": lambda s: (analysis_charts.timeline_spend_chart, (project(s).months, project(s).due_frame()), {}),
    "timeline cumulative": lambda s: (analysis_charts.timeline_cumulative_chart, (project(s).months,), {}),
    "cost by category": lambda s: (charts.cost_by_category_chart, (evaluate(s).category_frame(),), {}),
    "cost per DAU": lambda s: (
        charts.cost_per_dau_chart,
        (curve(s, dau_grid_for(s)), plan_cost_per_dau_points(plan_scenario())),
        {},
    ),
    "API against own model": lambda s: (
        charts.api_vs_own_model_chart,
        (api_vs_own_model_curve(s, dau_grid_for(s)),),
        {"own_model_from_dau": ai_headline(evaluate(s)).own_model_takeover_dau},
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_two_part_chart_sends_what_its_whole_chart_makes(case: str) -> None:
    plan = plan_scenario()
    moved = with_overrides(
        plan,
        {
            "ai.calls_per_dau_per_day": 3.7,
            "economics.cost_budget_usd_per_dau_per_month": 0.45,
            # Each chart's data moves with at least one of these: the AI calls leave the capacity alerts, the
            # database caches and the months' DAU alone.
            "capacity.peak_to_average": 6.0,
            "caching.caches.0.hit_rate": 0.5,
            "timeline.growth": "linear",
        },
    )
    clear()
    # Each layout is built once per display and reused by the later calls: both languages and currencies in turn.
    for scenario in (plan, moved, plan):
        for shown in DISPLAYS.values():
            builder, args, kwargs = CASES[case](scenario)
            with using(shown):
                whole = render.chart_spec(builder(*args, **kwargs))
                sent = render.two_part_spec(builder, args, kwargs, shown)
            assert _frames(sent) == _frames(whole), (scenario.ai.calls_per_dau_per_day, shown.lang)
    shown = DISPLAYS["en-usd"]
    with using(shown):
        assert _frames(render.two_part_spec(*CASES[case](moved), shown)) != _frames(
            render.two_part_spec(*CASES[case](plan), shown)
        )


def test_the_line_items_layout_holds_no_figure_and_leaves_room_past_the_largest_bar() -> None:
    """The x axis reaches 12% past the largest charge through an unseen point at charge x 1.12, computed from the
    data in the currency the bars are drawn in. (It was a number in the spec: in dollars even when the bars were in
    won, 201,600 against bars of 252,000,000, and a new spec on every slider move, so the browser rebuilt the chart.)
    The spec is the same for the plan and a moved scenario; only the data differ."""
    plan = plan_scenario()
    moved = with_overrides(plan, {"ai.calls_per_dau_per_day": 3.7})
    for shown in DISPLAYS.values():
        specs = []
        for s in (plan, moved):
            items = evaluate(s).line_item_frame().query("dau == 1000000")
            with using(shown):
                specs.append(render.two_part_spec(charts.line_items_chart, (items,), {}, shown))
        layouts = [{k: v for k, v in spec.items() if k != "datasets"} for spec in specs]
        assert layouts[0] == layouts[1]
        assert specs[0]["datasets"] != specs[1]["datasets"]
        room = layouts[0]["layer"][2]
        assert room["transform"] == [{"calculate": "datum['usd_per_month'] * 1.12", "as": "label_room"}]
        assert "domainMax" not in json.dumps(layouts[0])


def test_the_timeline_milestones_are_named_in_the_pages_language() -> None:
    """The DAU chart's milestone points carry the plan's level names in Korean on a Korean page (they were sent in
    English whatever the language)."""
    from i18n import catalog

    tl = project(plan_scenario())
    shown = DISPLAYS["ko-krw"]
    with using(shown):
        spec = render.two_part_spec(analysis_charts.timeline_dau_chart, (tl.months, tl.milestones), {}, shown)
    names = list(pa.ipc.open_stream(spec["datasets"]["milestones"]).read_pandas()["level_name"])
    assert names == [catalog.plan_text(n, "ko") for n in tl.milestones["level_name"]]
    assert names[0] != tl.milestones["level_name"].iloc[0]
