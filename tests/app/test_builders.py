"""Chart and table builders: one colour per category everywhere, money shown as money, never a raw float."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from model.modelcompare import model_price_frame
from model.overrides import with_overrides
from model.result import ALL_CATEGORIES, evaluate
from model.scenario import Scenario
from model.views import ai_usage_frame, cache_frame, cache_savings_frame
from ui import charts, tables

MONEY = re.compile(r"^-?\$\d{1,3}(,\d{3})*(\.\d{2,4})?( \(not applied\))?$")


def _colour_scale(spec: dict) -> dict:
    """The category colour scale of a chart spec (layer or single)."""
    enc = spec.get("encoding") or next(layer["encoding"] for layer in spec["layer"])
    return enc["color"]["scale"]


def test_every_category_chart_uses_the_one_mapping(plan: Scenario) -> None:
    result = evaluate(plan)
    by_category = charts.cost_by_category_chart(result.category_frame()).to_dict()
    items = charts.line_items_chart(result.line_item_frame().query("dau == 1000000")).to_dict()
    expected = {
        "domain": [charts.CATEGORY_LABELS[c] for c in ALL_CATEGORIES],
        "range": [charts.CATEGORY_COLOURS[c] for c in ALL_CATEGORIES],
    }
    assert _colour_scale(by_category) == expected
    assert _colour_scale(items) == expected
    assert len(set(charts.CATEGORY_COLOURS.values())) == len(ALL_CATEGORIES), "two categories share a colour"
    # The cache's own cost in the savings chart is the cache category's colour.
    savings = charts.cache_savings_chart(cache_savings_frame(result)).to_dict()
    scale = savings["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"], strict=True))["Cache's own cost"] == charts.CATEGORY_COLOURS["cache"]


def test_money_axes_and_tooltips_are_formatted(plan: Scenario) -> None:
    spec = charts.cost_by_category_chart(evaluate(plan).category_frame()).to_dict()
    assert spec["encoding"]["y"]["axis"]["format"] == "$,.0f"
    usd_tips = [t for t in spec["encoding"]["tooltip"] if t["field"] == "usd"]
    assert usd_tips and usd_tips[0]["format"] == "$,.0f"


def _all_cells(frame: pd.DataFrame) -> list[object]:
    return [v for col in frame.columns for v in frame[col]]


@pytest.mark.parametrize("calls", [2.0, 3.7])
def test_tables_hold_only_strings_and_money_looks_like_money(plan: Scenario, calls: float) -> None:
    scenario = with_overrides(plan, {"ai.calls_per_dau_per_day": calls})
    result = evaluate(scenario)
    built = [
        tables.tier_table(result),
        tables.line_items_table(result.tier(500_000)),
        tables.ai_usage_table(ai_usage_frame(result, scenario)),
        tables.model_price_table(model_price_frame(result, scenario)),
        tables.cache_table(cache_frame(scenario)),
        tables.cache_savings_table(cache_savings_frame(result)),
        tables.audit_table(result.audit),
        tables.rate_limit_table(scenario.rate_limits),
        tables.dr_table(tuple(scenario.disaster_recovery.scenarios)),
    ]
    for frame in built:
        assert all(isinstance(v, str) for v in _all_cells(frame)), frame.columns
    tier = tables.tier_table(result)
    for col in ("Infrastructure", "AI", "Total per month", "Cost per DAU", "Cache savings (gross)", "Reserved-instance saving"):
        assert all(MONEY.match(v) for v in tier[col]), (col, list(tier[col]))


def test_tier_table_cells_are_the_model_formatted(plan: Scenario) -> None:
    result = evaluate(plan)
    table = tables.tier_table(result)
    assert list(table["Total per month"]) == ["$9,055", "$45,719", "$57,000", "$297,000", "$207,000"]
    assert list(table["Cost per DAU"]) == ["$0.91", "$0.91", "$0.57", "$0.59", "$0.21"]
    # A phone shows the first three columns without scrolling: the figures a person reads come first.
    assert list(table.columns[:3]) == ["DAU", "Total per month", "Cost per DAU"]
    # Level 4 eligible items $7,000 x 40% = $2,800, not deducted by the plan's table.
    assert table["Reserved-instance saving"][3] == "$2,800 (not applied)"


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0.999, "99.9%"), (0.99995, "99.995%"), (0.9999, "99.99%"), (1.0, "100%")],
)
def test_availability(value: float, shown: str) -> None:
    assert tables.availability(value) == shown


def test_small_formatters() -> None:
    assert tables.window(60) == "minute"
    assert tables.window(120) == "2 minutes"
    assert tables.window(45) == "45 seconds"
    assert tables.minutes(60) == "1 hour"
    assert tables.minutes(15) == "15 minutes"
    assert tables.tokens(1.596e9) == "1.60B"
    assert tables.tokens(12_600_000) == "12.6M"
    assert tables.usd_price(0.0423555) == "$0.0424"
    assert tables.usd_price(2.5) == "$2.50"
    assert tables.percent(2 / 3) == "66.667%"


def test_metric_strings_show_the_sign_and_hide_zero_change(plan: Scenario) -> None:
    from model.views import tier_metrics

    base = evaluate(plan)
    cheaper = evaluate(with_overrides(plan, {"ai.calls_per_dau_per_day": 1.0}))
    total = tables.metric_strings(tier_metrics(cheaper, base, 10_000)[0])
    # 1 call instead of 2 halves AI: $4,500 + $55 = $4,555, change -$4,500.
    assert (total.value, total.change, total.reference) == ("$4,555", "-$4,500", "$9,055")
    same = tables.metric_strings(tier_metrics(base, base, 10_000)[0])
    assert same.change is None


def test_file_names_are_safe() -> None:
    from ui.sidebar import workbook_file_name
    from ui.state import scenario_file_name

    assert scenario_file_name("The plan: 09. Scaling Infrastructure v1.0") == "The-plan-09.-Scaling-Infrastructure-v1.0.json"
    assert scenario_file_name("../../etc/passwd") == "etc-passwd.json"
    assert workbook_file_name("=HYPERLINK()") == "HYPERLINK.xlsx"


def test_the_sidebar_builds_the_workbook_only_through_the_builder(plan: Scenario) -> None:
    """The download button gets a callable; what it calls (outputs.build_worker.build, in the worker process) yields
    an xlsx (a zip) for the current scenario."""
    from model.fx import USD
    from outputs.build_worker import build

    data = build(with_overrides(plan, {"ai.calls_per_dau_per_day": 3.0}), USD, "en")
    assert data[:2] == b"PK"


def test_every_chart_builder_makes_a_valid_vega_lite_spec(plan: Scenario) -> None:
    """The app skips Altair's per-run schema validation (ui.render), so every builder is validated here."""
    import numpy as np

    from model.result import curve
    from model.views import api_vs_own_model_curve, dau_grid_for, plan_cost_per_dau_points
    from ui.render import chart_spec

    result = evaluate(plan)
    grid = dau_grid_for(plan)
    built = [
        charts.cost_by_category_chart(result.category_frame()),
        charts.cost_per_dau_chart(curve(plan, grid), plan_cost_per_dau_points(plan)),
        charts.api_vs_own_model_chart(api_vs_own_model_curve(plan, grid), own_model_from_dau=1_000_000),
        charts.api_vs_own_model_chart(api_vs_own_model_curve(plan, np.array([10_000.0])), own_model_from_dau=None),
        charts.cache_savings_chart(cache_savings_frame(result)),
        charts.db_cache_chart(cache_frame(plan)),
        charts.line_items_chart(result.line_item_frame().query("dau == 500000")),
    ]
    for chart in built:
        chart.to_dict(validate=True)  # raises on an invalid spec
        spec = chart_spec(chart)
        assert "continuousWidth" not in str(spec.get("config", {}))
        assert spec["datasets"], "the data travels with the spec"


# What Streamlit's Markdown acts on: formatting, code, links and images, HTML and entities, LaTeX, strike-through,
# emoji and colour directives, table bars (written out here, not read from ui.tables, so the test checks the escaper).
ACTIVE_IN_MARKDOWN = set("\\`*_[]<>|$~:&!")
HOSTILE_CELLS = [
    "a | b",
    "$9,450",
    "**bold** _it_ `code`",
    ":red[alert] :smile: :material/home:",
    "<b>html</b> &amp;",
    "[link](x) ![i](y)",
    "back\\slash",
    "two\nlines",
    "~~gone~~",
]


def test_a_markdown_table_shows_every_cell_literally() -> None:
    from tests.app.conftest import _cells

    frame = pd.DataFrame({"Text | col": HOSTILE_CELLS, "n": range(len(HOSTILE_CELLS))})
    md = tables.markdown_table(frame)
    header, rule, *rows = md.splitlines()
    assert rule == "| --- | --- |"
    assert _cells(header) == ["Text | col", "n"]
    shown = [_cells(r) for r in rows]
    assert [r[0] for r in shown] == [" ".join(c.splitlines()) for c in HOSTILE_CELLS]
    assert [r[1] for r in shown] == [str(i) for i in range(len(HOSTILE_CELLS))]
    for row in rows:  # nothing Markdown would act on is left unescaped; the only bare bars are the cell separators
        chars, bare = iter(row), []
        for c in chars:
            if c == "\\":
                next(chars)
            elif c in ACTIVE_IN_MARKDOWN:
                bare.append(c)
        assert set(bare) == {"|"} and len(bare) == 3, row


def test_markdown_escape_leaves_plain_text_alone() -> None:
    assert tables.markdown_escape("Level 4: 500k DAU, 42.5% (stated)") == "Level 4\\: 500k DAU, 42.5% (stated)"
    assert tables.markdown_escape(9055) == "9055"
