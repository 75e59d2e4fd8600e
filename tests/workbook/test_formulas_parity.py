"""A fast parity check without LibreOffice: the workbook's Calc, Summary, Capacity and Sensitivity sheets and Compare's
tier rows, calculated by the `formulas` package, against the model.

Only the cells that Calc's tier columns, Summary's tier rows, the Capacity sheet and Compare's tier rows depend on are
compiled (``from_ranges``): the Assumptions, Unit costs, Levels, Calc, Summary, Capacity and Compare sheets (and the
few cells elsewhere those reference). The whole book takes ~40 s to load here and its Budget sheet uses OFFSET, which
`formulas` 1.3.4 lacks; the Timeline's month table has its own check (test_formulas_parity_timeline.py); Compare's
5-year month blocks, Budget (every column's formula holds the OFFSET of a year total), Audit and Checks stay with the
LibreOffice tests (tests/workbook,
marker ``libreoffice``). Any function `formulas` does not support evaluates to #NAME? and fails the test: no cell
in the compiled part may hold an error, and every function its formulas call must be one `formulas` implements.

One workbook is loaded once and calculated several times with inputs typed into its Assumptions sheet (the
scenario drop-down, a scenario column's cells), so the check also proves the formulas are live.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import formulas
import openpyxl
import pytest
from formulas.functions import get_functions
from formulas.tokens.operand import XlError

from model.capacity import RESOURCES, utilization_curve
from model.loading import plan_scenario
from model.overrides import with_overrides
from model.params import params_from
from model.result import evaluate
from model.scenario import CATEGORIES, Scenario
from outputs.calculation import CALC
from outputs.capacity import SHEET as CAPACITY
from outputs.compare import FIRST_COL as COMPARE_FIRST_COL
from outputs.compare import SHEET as COMPARE
from outputs.context import Book
from outputs.report import SUMMARY, SUMMARY_COLUMNS, SUMMARY_HEADER_ROW
from outputs.sensitivity import SHEET as SENSITIVITY
from outputs.sensitivity import STEPS as SENSITIVITY_STEPS
from outputs.workbook import build_book
from tests.workbook.wbhelpers import input_cell

FILE = "parity.xlsx"
CALC_KEYS = (
    # Calc row key -> TierResult attribute of the same name.
    "dau",
    "infrastructure_gross_usd",
    "reserved_savings_usd",
    "infrastructure_usd",
    "ai_calls_per_month",
    "api_calls_per_month",
    "optimisation_multiplier",
    "ai_usd_per_api_call",
    "ai_usd",
    "cache_savings_usd",
    "cache_cost_usd",
    "cache_savings_net_usd",
    "total_usd",
    "cost_per_dau_usd",
)


def _chosen(plan: Scenario) -> Scenario:
    """Unlike the plan: two models with reasoning tokens and cache writes, levers on the phases, reserved applied."""
    return with_overrides(
        plan,
        {
            "name": "Models chosen",
            "ai.model_mix": [
                {"model": "claude-sonnet-4-5", "provider": "anthropic", "share_of_calls": 0.5, "reasoning_tokens_per_call": 1000},
                {"model": "gpt-5-mini", "share_of_calls": 0.5, "reasoning_tokens_per_call": 2000},
            ],
            "ai.prompt_cache_write_share_of_input": 0.1,
            "ai.optimisation_phases.0.prompt_tokens_saved": 0.3,
            "ai.optimisation_phases.0.routed_share": 0.2,
            "ai.optimisation_phases.0.routed_model": "gpt-4o-mini",
            "ai.optimisation_phases.1.batch_share": 0.25,
            "reserved_instances.applied": True,
        },
    )


# Typed into the plan's column (1: the exported scenario is column 0) and the same change as overrides.
PLAN_EDITS: dict[str, Any] = {
    "ai.calls_per_dau_per_day": 2.5,
    "caching.caches.1.hit_rate": 0.45,  # the AI response cache
    "tiers_dau.2": 250_000,
    "levels.3.line_items.0.usd_per_month": 15_000,
    "ai.optimisation_phases.1.cost_multiplier": 0.5,
    "ai.own_model.from_dau": 400_000,
    "reserved_instances.applied": 1,
    "capacity.redis_gb_per_1k_dau": 0.25,
    "capacity.peak_to_average": 4,
    "database.pgbouncer.from_dau": 100_000,
}
PLAN_OVERRIDES: dict[str, Any] = {
    "ai.calls_per_dau_per_day": 2.5,
    "caching.caches.1.hit_rate": 0.45,
    "tiers_dau": [10_000, 50_000, 250_000, 500_000, 1_000_000],
    "levels.3.line_items.0.usd_per_month": 15_000,
    "ai.optimisation_phases.1.cost_multiplier": 0.5,
    "ai.own_model.from_dau": 400_000,
    "reserved_instances.applied": True,
    "capacity.redis_gb_per_1k_dau": 0.25,
    "capacity.peak_to_average": 4,
    "database.pgbouncer.from_dau": 100_000,
}


class Calculated:
    """A saved workbook compiled by `formulas` for the Calc and Summary cells; ``run(inputs)`` recalculates it."""

    def __init__(self, book: Book, folder: Path) -> None:
        self.book = book
        book.wb.save(folder / FILE)
        first, last = book.calc_cols[0], book.calc_cols[-1]
        calc_last = max(book.calc_row.values())
        tiers = book.rows[SUMMARY]
        compare = book.rows[COMPARE]
        compare_cols = [openpyxl.utils.get_column_letter(COMPARE_FIRST_COL + i) for i in range(len(book.scenarios))]
        tiers_last = f"cost_per_dau.{book.counts.tiers - 1}"
        ranges = (
            f"'[{FILE}]{CALC.upper()}'!{first}{min(book.calc_row.values())}:{last}{calc_last}",
            f"'[{FILE}]{SUMMARY.upper()}'!A{SUMMARY_HEADER_ROW}:{openpyxl.utils.get_column_letter(3 + len(SUMMARY_COLUMNS))}"
            f"{max(tiers.values())}",
            # The Capacity sheet: its rows are model.capacity.rows, the same expressions the model evaluates.
            f"'[{FILE}]{CAPACITY.upper()}'!{first}{min(book.rows[CAPACITY].values())}:{last}{max(book.rows[CAPACITY].values())}",
            # The Compare sheet's tier rows (not its 5-year month blocks: thousands of cells, left to LibreOffice).
            f"'[{FILE}]{COMPARE.upper()}'!{compare_cols[0]}{compare['hit']}:{compare_cols[-1]}{compare[tiers_last]}",
            # The Sensitivity table: tier_rows' total and cost per DAU over the tier's cells, each driver moved.
            f"'[{FILE}]{SENSITIVITY.upper()}'!B3:{openpyxl.utils.get_column_letter(2 + SENSITIVITY_STEPS)}"
            f"{book.rows[SENSITIVITY]['first_per_dau'] + 3}",
        )
        self.model = formulas.ExcelModel().from_ranges(*ranges).finish()

    def cell_id(self, sheet: str, coordinate: str) -> str:
        return f"'[{FILE}]{sheet.upper()}'!{coordinate.replace('$', '')}"

    def run(self, typed: Mapping[str, object] | None = None) -> dict[str, Any]:
        """Every compiled cell's value by id, after typing ``typed`` (Assumptions coordinate -> value)."""
        inputs = {self.cell_id("Assumptions", k): v for k, v in (typed or {}).items()}
        missing = [k for k in inputs if k not in self.model.dsp.data_nodes]
        assert not missing, f"typed cells the compiled part does not read: {missing}"
        solution = self.model.calculate(inputs=inputs)
        return {k: v.value[0, 0] if hasattr(v, "value") else v for k, v in solution.items()}


def _errors(values: Mapping[str, Any]) -> list[str]:
    return [f"{k}={v}" for k, v in values.items() if isinstance(v, XlError)]


def _functions_used(calculated: Calculated) -> set[str]:
    """Every function name the compiled cells' formulas call."""
    found: set[str] = set()
    wb = calculated.book.wb
    for node in calculated.model.cells:
        match = re.match(r"'\[[^\]]+\](.+)'!([A-Z]+[0-9]+)$", node)
        if not match:
            continue
        sheet = next(ws for ws in wb.worksheets if ws.title.upper() == match.group(1))
        value = sheet[match.group(2)].value
        if isinstance(value, str) and value.startswith("="):
            found.update(re.findall(r"([A-Z][A-Z0-9.]*)\(", re.sub(r'"[^"]*"', "", value)))
    return found


def _assert_is_model(calculated: Calculated, values: Mapping[str, Any], scenario: Scenario) -> None:
    """Calc's rows and Summary's tier rows equal the model's result for ``scenario``, to the cent; the Capacity sheet's
    demand, capacity, utilisation and alert equal the model's capacity readings at each tier."""
    assert _errors(values) == []
    _assert_capacity_is_model(calculated, values, scenario)
    book = calculated.book
    result = evaluate(scenario)
    for t, tier in enumerate(result.tiers):
        col = book.calc_cols[t]
        for key in CALC_KEYS:
            got = values[calculated.cell_id(CALC, f"{col}{book.calc_row[key]}")]
            assert got == pytest.approx(getattr(tier, key), rel=1e-9, abs=0.005), (scenario.name, tier.dau, key)
        for cat in CATEGORIES:  # the chart's feed (tier_rows.CATEGORY_USD) against the bill's by-category figures
            got = values[calculated.cell_id(CALC, f"{col}{book.calc_row[f'cat.{cat}']}")]
            assert got == pytest.approx(tier.by_category_usd[cat], rel=1e-9, abs=0.005), (scenario.name, tier.dau, cat)
        r = book.rows[SUMMARY][f"tier.{t}"]
        assert values[calculated.cell_id(SUMMARY, f"B{r}")] == tier.dau
        assert values[calculated.cell_id(SUMMARY, f"C{r}")] == tier.level_name
        for j, (header, key, _) in enumerate(SUMMARY_COLUMNS):
            got = values[calculated.cell_id(SUMMARY, f"{openpyxl.utils.get_column_letter(4 + j)}{r}")]
            assert got == pytest.approx(getattr(tier, key), rel=1e-9, abs=0.005), (scenario.name, tier.dau, header)


def test_the_compare_sheet_prices_every_scenario_column_like_the_model(calculated: Calculated) -> None:
    # Each column of Compare (the exported 'Models chosen', the plan, the working copy) is priced from its own
    # Assumptions column, whatever the drop-down says: type the plan into the drop-down and an edit into the plan's
    # column, and each column still equals the model of its own scenario.
    book = calculated.book
    typed: dict[str, object] = {"C2": plan_scenario().name}
    typed.update({input_cell(book, key, column=1): value for key, value in PLAN_EDITS.items()})
    values = calculated.run(typed)
    expected = [_chosen(plan_scenario()), with_overrides(plan_scenario(), PLAN_OVERRIDES)]
    rows = book.rows[COMPARE]
    for i, scenario in enumerate(expected):
        col = openpyxl.utils.get_column_letter(COMPARE_FIRST_COL + i)
        # the AI response hit rate (cache_rows.AI_RESPONSE_HIT_RATE over the column's caches): 0.30, and 0.45 typed
        got = values[calculated.cell_id(COMPARE, f"{col}{rows['hit']}")]
        assert got == pytest.approx(params_from(scenario).ai_response_hit_rate, abs=1e-12), scenario.name
        for t, tier in enumerate(evaluate(scenario).tiers):
            for name, attr in (
                ("infrastructure", "infrastructure_usd"),
                ("ai", "ai_usd"),
                ("total", "total_usd"),
                ("cost_per_dau", "cost_per_dau_usd"),
            ):
                got = values[calculated.cell_id(COMPARE, f"{col}{rows[f'{name}.{t}']}")]
                assert got == pytest.approx(getattr(tier, attr), rel=1e-9, abs=0.005), (scenario.name, tier.dau, name)
    # By hand, the plan at 10k DAU with 2.5 calls instead of 2 and a 45% hit rate instead of 30%: AI 9,000 x 1.25 x
    # 0.55 / 0.7 = 8,839.29 (the infrastructure stays 55).
    plan_col = openpyxl.utils.get_column_letter(COMPARE_FIRST_COL + 1)
    assert values[calculated.cell_id(COMPARE, f"{plan_col}{rows['ai.0']}")] == pytest.approx(9_000 * 1.25 * 0.55 / 0.7)


def _assert_capacity_is_model(calculated: Calculated, values: Mapping[str, Any], scenario: Scenario) -> None:
    book = calculated.book
    rows = book.rows[CAPACITY]
    curve = utilization_curve(scenario, scenario.tiers_dau).set_index(["dau", "resource"])
    for t, dau in enumerate(scenario.tiers_dau):
        col = book.calc_cols[t]
        assert values[calculated.cell_id(CAPACITY, f"{col}{rows['dau']}")] == dau
        for res in RESOURCES:
            expected = curve.loc[(dau, res.id)]
            for key in ("demand", "capacity", "utilization"):
                got = values[calculated.cell_id(CAPACITY, f"{col}{rows[f'{key}.{res.id}']}")]
                assert got == pytest.approx(expected[key], rel=1e-12), (scenario.name, dau, res.id, key)
            assert values[calculated.cell_id(CAPACITY, f"{col}{rows[f'alert.{res.id}']}")] == expected["alert"], (dau, res.id)


@pytest.fixture(scope="module")
def calculated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Calculated]:
    """The 'Models chosen' scenario exported beside the plan (columns: chosen, plan, working copy), compiled once."""
    folder = tmp_path_factory.mktemp("formulas")
    plan = plan_scenario()
    book = build_book(_chosen(plan), others={"plan": plan})
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(folder)  # `formulas` resolves '[parity.xlsx]' against the working directory
        yield Calculated(book, folder)


def test_formulas_supports_every_function_the_compiled_sheets_use(calculated: Calculated) -> None:
    used = _functions_used(calculated)
    assert {"INDEX", "IF", "SUM", "COUNTIF", "PRODUCT"} <= used  # the scan sees the formulas
    assert sorted(used - set(get_functions())) == []


def test_the_exported_scenario_equals_the_model(calculated: Calculated) -> None:
    _assert_is_model(calculated, calculated.run(), _chosen(plan_scenario()))


def test_the_plan_picked_in_the_drop_down_equals_the_model(calculated: Calculated) -> None:
    plan = plan_scenario()
    values = calculated.run({"C2": plan.name})
    _assert_is_model(calculated, values, plan)
    # By hand, from the plan: 10k DAU = Vercel 20 + Supabase 25 + Redis 10 = 55 of infrastructure + 9,000 of AI = 9,055;
    # 1M DAU = 10,000 + 10,000 + 5,000 + 2,000 = 27,000 + own model 180,000 = 207,000, 0.207 per DAU.
    book = calculated.book
    first, last = book.rows[SUMMARY]["tier.0"], book.rows[SUMMARY]["tier.4"]
    assert [values[calculated.cell_id(SUMMARY, c)] for c in (f"D{first}", f"E{first}", f"G{first}")] == pytest.approx(
        [55, 9_000, 9_055]
    )
    assert [values[calculated.cell_id(SUMMARY, c)] for c in (f"G{last}", f"H{last}")] == pytest.approx([207_000, 0.207])


def test_inputs_typed_into_the_plan_column_recompute_like_the_model(calculated: Calculated) -> None:
    plan = plan_scenario()
    typed: dict[str, object] = {"C2": plan.name}
    typed.update({input_cell(calculated.book, key, column=1): value for key, value in PLAN_EDITS.items()})
    edited = with_overrides(plan, PLAN_OVERRIDES)
    # The edits must move every tier's total (otherwise the comparison proves nothing).
    assert all(
        a.total_usd != pytest.approx(b.total_usd) for a, b in zip(evaluate(edited).tiers, evaluate(plan).tiers, strict=True)
    )
    _assert_is_model(calculated, calculated.run(typed), edited)


def _moved(plan: Scenario, driver: int, s: float) -> Scenario:
    """The plan with Sensitivity's driver ``driver`` moved by the share ``s`` (the sheet's rows, in order)."""
    from model.prices import prices_for

    ai = plan.ai
    if driver == 0:
        return with_overrides(plan, {"ai.calls_per_dau_per_day": ai.calls_per_dau_per_day * (1 + s)})
    if driver == 1:
        return with_overrides(plan, {"caching.caches.1.hit_rate": min(1.0, plan.caching.caches[1].hit_rate * (1 + s))})
    if driver == 2:
        return with_overrides(
            plan,
            {
                "ai.input_tokens_per_call": ai.input_tokens_per_call * (1 + s),
                "ai.output_tokens_per_call": ai.output_tokens_per_call * (1 + s),
            },
        )
    fields = ("input_usd_per_mtok", "cached_input_usd_per_mtok", "output_usd_per_mtok")
    scaled = {p.model: {f: getattr(p, f) * (1 + s) for f in fields} for p in prices_for(ai)}
    return with_overrides(plan, {"ai.price_overrides": scaled})


def test_the_sensitivity_table_equals_the_model_rerun(calculated: Calculated) -> None:
    # The plan picked in the drop-down; the table's tier (sensitivity_tier, the 4th: 500,000 DAU) with each driver
    # moved by the steps on Assumptions (-20%, -10%, the base, +10%, +20%), against the model rerun with that change.
    plan = plan_scenario()
    values = calculated.run({"C2": plan.name})
    rows = calculated.book.rows[SENSITIVITY]
    tier = 3
    assert values[calculated.cell_id(SENSITIVITY, "B4")] == plan.tiers_dau[tier] == 500_000
    for driver in range(4):
        for j, s in enumerate((-0.2, -0.1, 0.0, 0.1, 0.2)):
            expected = evaluate(_moved(plan, driver, s)).tiers[tier]
            col = openpyxl.utils.get_column_letter(2 + j)
            total = values[calculated.cell_id(SENSITIVITY, f"{col}{rows['first_total'] + driver}")]
            per_dau = values[calculated.cell_id(SENSITIVITY, f"{col}{rows['first_per_dau'] + driver}")]
            assert total == pytest.approx(expected.total_usd, rel=1e-9, abs=0.005), (driver, s)
            assert per_dau == pytest.approx(expected.cost_per_dau_usd, rel=1e-9), (driver, s)
    # By hand, the base: 500k DAU is 27,000 of infrastructure + 270,000 of AI = 297,000, 0.594 per DAU; 20% more calls
    # is 27,000 + 1.2 x 270,000 = 351,000.
    first = rows["first_total"]
    assert values[calculated.cell_id(SENSITIVITY, f"D{first}")] == pytest.approx(297_000)
    assert values[calculated.cell_id(SENSITIVITY, f"F{first}")] == pytest.approx(351_000)
    assert values[calculated.cell_id(SENSITIVITY, f"D{rows['first_per_dau']}")] == pytest.approx(0.594)
