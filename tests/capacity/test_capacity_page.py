"""The Capacity page under AppTest, and its chart/table builders: what it shows equals model/capacity/ on the same inputs."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from model import capacity as cap
from model.loading import plan_scenario
from model.overrides import with_overrides
from model.scenario import Scenario
from tests.app.conftest import charts as chart_data
from tests.app.conftest import choose_tab, new_app
from ui import capacity_charts as cc
from ui.text import md

TAB_KEY = "capacity_tab"
"""The page's lazy tabs (views/capacity.py)."""

PAGE = "views/capacity.py"


@pytest.fixture
def page() -> AppTest:
    at = new_app().run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def shown_metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def expected_metrics(scenario: Scenario, dau: float, level: int | None = None) -> dict[str, str]:
    readings = cap.readings_at(scenario, dau, level=level)
    table = cc.readings_table(readings)
    return {cap.resource(r.resource).short: u for r, u in zip(readings, table["Utilisation"], strict=True)}


def alerts_table(at: AppTest) -> pd.DataFrame:
    return next(df.value for df in at.dataframe if "Alert" in df.value.columns)


# --- AppTest ---------------------------------------------------------------------------------------------


def test_default_view_is_50k_under_the_plan_in_force(page: AppTest) -> None:
    plan = plan_scenario()
    shown = shown_metrics(page)
    assert shown == expected_metrics(plan, 50_000)
    # By hand: 360 / 1,000 connections (PgBouncer) = 36.0%; 15.2 GB / 10 GB = 152.0%.
    assert shown["DB connections"] == "36.0%"
    assert shown["Redis memory"] == "152.0%"
    table = alerts_table(page)
    assert list(table["Alert"]) == [cc.ALERT_LABELS[r.alert] for r in cap.readings_at(plan, 50_000)]


def test_the_dashboard_at_10k(page: AppTest) -> None:
    page.number_input(key="capacity_dau").set_value(10_000).run()
    assert not page.exception
    shown = shown_metrics(page)
    assert shown["DB connections"] == "72.0%"  # 72 / 100
    assert shown["Redis memory"] == "80.0%"  # 3.2 / 4 GB, not above 80%: no alert
    assert set(alerts_table(page)["Alert"]) == {"OK"}
    assert ":green-badge[OK]" in [m.value for m in page.markdown]
    assert not [m.value for m in page.markdown if "red-badge" in m.value or "orange-badge" in m.value]


def test_50k_under_level_1_plans_is_critical(page: AppTest) -> None:
    page.selectbox(key="capacity_under").set_value(1).run()
    assert not page.exception
    shown = shown_metrics(page)
    assert shown == expected_metrics(plan_scenario(), 50_000, level=1)
    assert shown["DB connections"] == "360.0%" and shown["Redis memory"] == "380.0%"
    alerts = alerts_table(page).set_index("Resource")["Alert"]
    assert alerts["Database connections"] == "Critical" and alerts["Redis memory"] == "Critical"


def test_findings_are_listed_as_the_model_states_them(page: AppTest) -> None:
    found = cap.findings(plan_scenario())
    critical = [f.text for f in found if f.severity == "critical"]
    assert critical, "the plan has critical findings"
    box = page.error[0].value
    for text in critical:
        assert md(text) in box  # shown literally (ui.text.md)
    assert not page.warning or all(
        f.severity == "warning" and md(f.text) in page.warning[0].value for f in found if f.severity == "warning"
    )


def test_charts_carry_the_models_numbers(page: AppTest) -> None:
    plan = plan_scenario()
    result = cap.capacity_result(plan)
    data = chart_data(page)
    strip = data["Alerts by resource as users grow (the plan's levels in force)"][0]
    assert list(strip["from_dau"]) == list(result.runs["from_dau"])
    assert list(strip["Alert"]) == [cc.ALERT_LABELS[a] for a in result.runs["alert"]]
    line = next(d for d in data["Database connections: utilisation against DAU"] if "demand" in d.columns)
    expected = result.curve[result.curve["resource"] == "db_connections"].sort_values("dau")
    assert line["utilization"].tolist() == pytest.approx(expected["utilization"].tolist(), rel=1e-12)
    assert not any(title.startswith("Upgrade ladder") for title in data), "the ladder's tab is not open"
    ladder = chart_data(choose_tab(page, TAB_KEY, "Upgrade ladder"))[
        "Upgrade ladder: each level's start (diamond) against the DAU each resource needs it"
    ]
    assert any("needed_by_dau" in d.columns for d in ladder)
    assert not any(title.startswith("Alerts by resource") for title in chart_data(page)), "only the open tab is drawn"


def test_picking_a_resource_redraws_its_chart(page: AppTest) -> None:
    page.get("button_group")[0].set_value("redis_memory").run()
    assert not page.exception
    data = chart_data(page)
    line = next(d for d in data["Redis memory: utilisation against DAU"] if "demand" in d.columns)
    curve = cap.capacity_result(plan_scenario()).curve
    expected = curve[curve["resource"] == "redis_memory"].sort_values("dau")
    assert line["utilization"].tolist() == pytest.approx(expected["utilization"].tolist(), rel=1e-12)


def test_changing_a_capacity_assumption_changes_the_page_as_the_model_does(page: AppTest) -> None:
    choose_tab(page, TAB_KEY, "Capacity of each level")
    peak = next(n for n in page.number_input if n.label == "Peak-to-average factor")
    peak.set_value(6.0).run()
    assert not page.exception
    moved = with_overrides(plan_scenario(), {"capacity.peak_to_average": 6.0})
    assert shown_metrics(page) == expected_metrics(moved, 50_000)
    # By hand: writes 50,000 x 52 / 86,400 x 6 = 180.6 /s on 250 -> 72.2%.
    assert shown_metrics(page)["DB writes/s"] == "72.2%"
    # The control now shows the value in force (its key follows the value).
    assert next(n for n in page.number_input if n.label == "Peak-to-average factor").value == 6.0


def test_a_level_capacity_control(page: AppTest) -> None:
    choose_tab(page, TAB_KEY, "Capacity of each level")
    page.selectbox(key="capacity_edit_level").set_value(2).run()
    redis = next(n for n in page.number_input if n.label == cc.CAPACITY_INPUT_LABELS["redis_memory"])
    assert redis.value == 10.0
    redis.set_value(20.0).run()
    assert not page.exception
    moved = with_overrides(plan_scenario(), {"capacity.levels.1.redis_memory_gb": 20.0})
    assert shown_metrics(page) == expected_metrics(moved, 50_000)
    assert shown_metrics(page)["Redis memory"] == "76.0%"  # 15.2 / 20 GB


def test_a_sidebar_driver_moves_the_ai_demand(page: AppTest) -> None:
    page.slider(key="drv:ai.calls_per_dau_per_day").set_value(4.0).run()
    assert not page.exception
    moved = with_overrides(plan_scenario(), {"ai.calls_per_dau_per_day": 4.0})
    assert shown_metrics(page) == expected_metrics(moved, 50_000)


# --- Builders without a browser ---------------------------------------------------------------------------


def test_builders_return_charts_and_text_tables(plan: Scenario) -> None:
    result = cap.capacity_result(plan)
    assert isinstance(cc.alert_strip_chart(result.runs), alt.Chart)
    for rid in cap.RESOURCE_IDS:
        assert isinstance(cc.utilization_chart(result.curve, rid, result.targets), alt.LayerChart)
    assert isinstance(cc.upgrade_ladder_chart(result.ladder, domain=(1_000, 2_000_000)), alt.LayerChart)
    ladder = cc.ladder_table(result.ladder).set_index(["Resource", "Level"])
    row = ladder.loc[("Database connections", "Level 2: 50k DAU")]
    assert row["In time"] == "No: 36,805 DAU late"  # 50,000 - 13,195
    assert row["Capacity"] == "100 → 1,000"
    targets = cc.targets_table(result.targets)
    assert list(targets["P95 target"]) == ["< 2 s", "< 2 s", "< 1.5 s", "< 1 s", "< 0.5 s"]
    caps = cc.capacities_table(cap.capacity_frame(plan)).set_index("Level")
    assert caps.loc["Level 2: 50k DAU", "Database connections"] == "1,000 connections (PgBouncer)"
    assert caps.loc["Level 1: 10k DAU", "Redis memory"] == "4.0 GB"


def test_every_cell_of_the_tables_is_text(plan: Scenario) -> None:
    result = cap.capacity_result(plan)
    for table in (
        cc.readings_table(cap.readings_at(plan, 123_456)),
        cc.ladder_table(result.ladder),
        cc.targets_table(result.targets),
        cc.capacities_table(cap.capacity_frame(plan)),
        cc.provenance_table(cap.capacity_frame(plan)),
    ):
        assert all(isinstance(v, str) for v in table.to_numpy().ravel())


def test_the_targets_and_capacities_tabs_show_the_models_tables(page: AppTest) -> None:
    result = cap.capacity_result(plan_scenario())
    choose_tab(page, TAB_KEY, "Targets and checklists")
    (targets,) = page.dataframe[1:]  # after the DAU check's table
    pd.testing.assert_frame_equal(targets.value.reset_index(drop=True), cc.targets_table(result.targets), check_dtype=False)
    choose_tab(page, TAB_KEY, "Capacity of each level")
    capacities, provenance = page.dataframe[1:]
    rows = cap.capacity_frame(plan_scenario())
    pd.testing.assert_frame_equal(capacities.value.reset_index(drop=True), cc.capacities_table(rows), check_dtype=False)
    pd.testing.assert_frame_equal(provenance.value.reset_index(drop=True), cc.provenance_table(rows), check_dtype=False)


def test_the_utilisation_chart_marks_levels_as_the_ladder_does() -> None:
    """The level starts are written L1..L5 on the curve, as on the upgrade ladder: 'Level 4' and 'Level 5' (레벨 4,
    레벨 5) ran into each other at 500k and 1M DAU on a phone. The full name stays in the rule's tooltip."""
    result = cap.capacity_result(plan_scenario())
    curve = result.curve[result.curve["resource"] == "db_connections"]
    frames, _ = cc.utilization_chart.parts(curve, "db_connections", result.targets)
    starts = frames["starts"]
    assert list(starts["short"]) == ["L1", "L2", "L3", "L4", "L5"]
    assert list(starts["dau"]) == [10_000, 50_000, 100_000, 500_000, 1_000_000]
    assert list(starts["level_name"]) == list(result.targets["level_name"])
