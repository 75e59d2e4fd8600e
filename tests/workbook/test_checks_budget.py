"""Issue 18's acceptance, recalculated by LibreOffice: bad inputs turn the master check off and name the input; the
Budget's months and year columns equal the model's projection to the cent; the horizon and the fiscal year move the
columns; the Working column is a copy the drop-down can pick and the user can edit.

Every workbook is built first and recalculated in one soffice call (start-up dominates).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from model.analysis.timeline import project
from model.loading import plan_scenario
from model.overrides import with_overrides
from model.scenario import Scenario
from outputs.budget import FIRST_COL as BUDGET_FIRST_COL
from outputs.budget import HEADER_ROW
from outputs.compare import FIRST_COL
from outputs.context import Book
from outputs.workbook import build_book
from tests.workbook.wbhelpers import error_cells, set_input, values

pytestmark = pytest.mark.libreoffice


@dataclass
class Case:
    book: Book
    expected: Scenario
    recalculated: Path | None = None

    def wb(self) -> openpyxl.Workbook:
        assert self.recalculated is not None
        return values(self.recalculated)


# (case name, input row key, what is typed into the exported scenario's column). Each must turn the master check off.
BAD_INPUTS: list[tuple[str, str, Any]] = [
    ("text", "ai.calls_per_dau_per_day", "two"),
    ("blank", "ai.calls_per_dau_per_day", None),
    ("negative", "ai.calls_per_dau_per_day", -1),
    ("out_of_range_share", "caching.caches.1.hit_rate", 1.3),
    ("negative_dau", "tiers_dau.0", -10_000),
    ("not_whole_dau", "tiers_dau.1", 50_000.5),
    ("unknown_code", "timeline.growth", "quadratic"),
    ("unknown_serves", "caching.caches.0.serves", "disk"),
    ("unknown_category", "levels.0.line_items.0.category", "hostingg"),
    ("flag_not_0_or_1", "reserved_instances.applied", 2),
    ("multiplier_zero", "ai.optimisation_phases.0.cost_multiplier", 0),
    ("blank_line_item_price", "levels.1.line_items.0.usd_per_month", None),
    ("month_as_text", "timeline.end_month", "2030-12"),
]


@pytest.fixture(scope="module")
def cases(recalc, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:  # type: ignore[no-untyped-def]
    plan = plan_scenario()
    out: dict[str, Case] = {"plan": Case(build_book(plan, others={}), plan)}
    out["shipped"] = Case(build_book(plan), plan)  # every shipped scenario as a column (the Compare sheet)

    longer = with_overrides(plan, {"name": "Longer horizon", "timeline.end_month": "2032-12"})
    out["2032"] = Case(build_book(longer, others={"plan": plan}), longer)

    fiscal = build_book(plan, others={})
    fiscal.wb["Assumptions"][fiscal.live["fiscal_year_start_month"].split("!")[1].replace("$", "")].value = 4
    out["fiscal"] = Case(fiscal, plan)

    # The Working column picked and edited: the model with the same change; the shipped column stays as it was.
    working = build_book(plan, others={})
    key, copy = working.scenarios[-1]
    assert key == "working"
    set_input(working, "ai.calls_per_dau_per_day", 3, column=len(working.scenarios) - 1)
    working.wb["Assumptions"]["C2"].value = copy.name
    out["working"] = Case(working, with_overrides(plan, {"ai.calls_per_dau_per_day": 3}))

    # Cache writes and reasoning tokens, which every shipped scenario leaves at zero: Compare must price them too.
    priced = with_overrides(
        plan,
        {
            "name": "Writes and reasoning",
            "ai.prompt_cache_write_share_of_input": 0.1,
            "ai.model_mix.0.reasoning_tokens_per_call": 500,
        },
    )
    out["writes"] = Case(build_book(priced, others={"plan": plan}), priced)

    for name, key, value in BAD_INPUTS:
        book = build_book(plan, others={})
        set_input(book, key, value)
        out[f"bad:{name}"] = Case(book, plan)

    folder = tmp_path_factory.mktemp("issue18")
    paths = []
    for name, case in out.items():
        path = folder / f"{name.replace(':', '_')}.xlsx"
        case.book.wb.save(path)
        paths.append(path)
    for case, result in zip(out.values(), recalc(paths), strict=True):
        case.recalculated = result
    return out


def _budget(wb: openpyxl.Workbook, book: Book) -> tuple[dict[str, int], dict[str, dict[str, Any]]]:
    """(header label -> column, row key -> {header label -> value}) of the Budget sheet."""
    ws = wb["Budget"]
    headers = {}
    for c in range(BUDGET_FIRST_COL, ws.max_column + 1):
        label = ws.cell(row=HEADER_ROW, column=c).value
        if label not in (None, ""):
            headers[str(label)] = c
    rows = {
        key: {label: ws.cell(row=r, column=c).value for label, c in headers.items()}
        for key, r in book.rows["Budget"].items()
        if not key.startswith("helper.")
    }
    return headers, rows


def _model_months(s: Scenario) -> Any:
    months = project(s).months.copy()
    months["revenue_usd"] = s.economics.revenue_usd_per_dau_per_month * months["dau"]
    return months


def _assert_budget_is_model(case: Case, *, fiscal_start: int = 1) -> dict[str, int]:
    wb = case.wb()
    headers, rows = _budget(wb, case.book)
    months = _model_months(case.expected)
    for _, m in months.iterrows():
        label = m["month"]
        for key, column in (("total", "total_usd"), ("ai", "ai_usd"), ("infrastructure", "infrastructure_usd")):
            assert rows[key][label] == pytest.approx(m[column], abs=0.005), (label, key)
        assert rows["revenue"][label] == pytest.approx(m["revenue_usd"], abs=0.005), label
    # Year columns: the months of each (fiscal) year, named by the calendar year the fiscal year ends in.
    year, month = months["month"].str.slice(0, 4).astype(int), months["month"].str.slice(5, 7).astype(int)
    fy = year + (month >= fiscal_start).astype(int) if fiscal_start > 1 else year
    years = {}
    for y, group in months.groupby(fy.to_numpy()):
        label = f"FY{y}" if fiscal_start > 1 else str(y)
        years[label] = len(group)
        for key, column in (("total", "total_usd"), ("ai", "ai_usd"), ("revenue", "revenue_usd")):
            assert rows[key][label] == pytest.approx(group[column].sum(), abs=0.005), (label, key)
    # Gross margin = revenue - Total in every column, months and years; the % is margin / revenue.
    for label in headers:
        assert rows["gross_margin"][label] == pytest.approx(rows["revenue"][label] - rows["total"][label], abs=0.005)
        assert rows["gross_margin_pct"][label] == pytest.approx(rows["gross_margin"][label] / rows["revenue"][label])
    # Nothing but months and year totals in the header, in order: every month, a year after its last month.
    month_labels = [label for label in headers if "-" in label]
    assert month_labels == list(months["month"])
    assert [label for label in headers if "-" not in label] == list(years)
    assert error_cells(wb) == []
    assert wb["Checks"]["B2"].value == "ALL CHECKS PASS"
    return years


def test_budget_equals_the_models_months_and_years(cases: dict[str, Case]) -> None:
    case = cases["plan"]
    years = _assert_budget_is_model(case)
    assert years == {"2026": 12, "2027": 12, "2028": 12, "2029": 12, "2030": 12}
    _, rows = _budget(case.wb(), case.book)
    # By hand: 2026-01 is level 1 at 10,000 DAU: Vercel 20 + Supabase 25 + Upstash Redis 10 = 55 of infrastructure,
    # AI 9,000, Total 9,055; revenue 1.50 x 10,000 = 15,000; margin 15,000 - 9,055 = 5,945 = 39.63% of revenue.
    assert rows["total"]["2026-01"] == pytest.approx(9_055)
    assert rows["revenue"]["2026-01"] == pytest.approx(15_000)
    assert rows["gross_margin"]["2026-01"] == pytest.approx(5_945)
    assert rows["gross_margin_pct"]["2026-01"] == pytest.approx(5_945 / 15_000)
    # All of 2026 is level 1 (50k DAU is reached in 2027-05): Vercel's year is 12 x 20 = 240.
    ws = case.wb()["Budget"]
    vercel = next(r for r in range(HEADER_ROW + 1, ws.max_row) if ws.cell(row=r, column=2).value == "Vercel")
    headers, _ = _budget(case.wb(), case.book)
    assert ws.cell(row=vercel, column=headers["2026"]).value == 240
    # The labels: the grand total row is 'Total', its subtotal says what it totals.
    labels = [ws.cell(row=r, column=1).value for r in range(HEADER_ROW + 1, ws.max_row)]
    assert "Total" in labels and "Infrastructure total" in labels and "Gross margin %" in labels


def test_the_horizon_moved_to_2032_gives_columns_through_2032(cases: dict[str, Case]) -> None:
    case = cases["2032"]
    years = _assert_budget_is_model(case)
    headers, _ = _budget(case.wb(), case.book)
    assert list(headers)[-2:] == ["2032-12", "2032"]
    assert years["2031"] == years["2032"] == 12
    assert len([h for h in headers if "-" in h]) == 84  # 2026-01 .. 2032-12 (the Timeline sheet has as many rows)


def test_a_fiscal_year_from_april_moves_the_year_columns(cases: dict[str, Case]) -> None:
    years = _assert_budget_is_model(cases["fiscal"], fiscal_start=4)
    # January-March 2026 close FY2026 (3 months); April to March after that; April-December 2030 open FY2031 (9 months).
    assert years == {"FY2026": 3, "FY2027": 12, "FY2028": 12, "FY2029": 12, "FY2030": 12, "FY2031": 9}


def test_the_working_column_is_picked_and_edited_without_touching_the_shipped_one(cases: dict[str, Case]) -> None:
    case = cases["working"]
    _assert_budget_is_model(case)
    wb = case.wb()
    row = int(case.book.live["ai.calls_per_dau_per_day"].rsplit("$", 1)[1])
    assert wb["Assumptions"][f"C{row}"].value == 3  # Live follows the Working column
    assert wb["Assumptions"][f"D{row}"].value == plan_scenario().ai.calls_per_dau_per_day  # the plan's column is as shipped
    assert wb["Summary"]["B2"].value == f"Working copy of {plan_scenario().name}"


@pytest.mark.parametrize(("name", "key", "value"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_a_bad_input_turns_the_master_check_off_and_names_the_input(
    cases: dict[str, Case], name: str, key: str, value: Any
) -> None:
    case = cases[f"bad:{name}"]
    wb = case.wb()
    label = next(i.label for i in case.book.inputs if i.key == key)
    master = wb["Checks"]["B2"].value
    assert master != "ALL CHECKS PASS"
    assert f"first: Input: {label} (Assumptions row " in master, master
    # The same words on the Cover and the Summary.
    assert wb["Summary"]["B3"].value == master
    assert wb["Budget"]["B3"].value == master
    cover = {r[0]: r[1] for r in wb["Cover"].iter_rows(min_row=3, max_row=12, values_only=True) if r[0]}
    assert cover["Checks"] == master


def test_the_sensitivity_table_equals_the_model_rerun(cases: dict[str, Case]) -> None:
    from model.prices import prices_for
    from model.result import evaluate

    case = cases["plan"]
    ws = case.wb()["Sensitivity"]
    plan = case.expected
    tier = 3  # sensitivity_tier defaults to the 4th tier: 500,000 DAU in the plan
    assert ws["B3"].value == tier + 1 and ws["B4"].value == plan.tiers_dau[tier] == 500_000
    first = case.book.rows["Sensitivity"]["first_total"]
    per_dau = case.book.rows["Sensitivity"]["first_per_dau"]
    steps = (-0.2, -0.1, 0.0, 0.1, 0.2)  # the columns: the four changes on Assumptions around the base
    prices = prices_for(plan.ai)

    def moved(driver: int, s: float) -> Scenario:
        ai = plan.ai
        if driver == 0:
            return with_overrides(plan, {"ai.calls_per_dau_per_day": ai.calls_per_dau_per_day * (1 + s)})
        if driver == 1:
            hit = plan.caching.caches[1].hit_rate
            return with_overrides(plan, {"caching.caches.1.hit_rate": min(1.0, hit * (1 + s))})
        if driver == 2:
            return with_overrides(
                plan,
                {
                    "ai.input_tokens_per_call": ai.input_tokens_per_call * (1 + s),
                    "ai.output_tokens_per_call": ai.output_tokens_per_call * (1 + s),
                },
            )
        scaled = {
            p.model: {
                "input_usd_per_mtok": p.input_usd_per_mtok * (1 + s),
                "cached_input_usd_per_mtok": p.cached_input_usd_per_mtok * (1 + s),
                "output_usd_per_mtok": p.output_usd_per_mtok * (1 + s),
            }
            for p in prices
        }
        return with_overrides(plan, {"ai.price_overrides": scaled})

    for driver in range(4):
        for j, s in enumerate(steps):
            expected = evaluate(moved(driver, s)).tiers[tier]
            assert ws.cell(row=first + driver, column=2 + j).value == pytest.approx(expected.total_usd, abs=0.005), (driver, s)
            got = ws.cell(row=per_dau + driver, column=2 + j).value
            assert got == pytest.approx(expected.cost_per_dau_usd, abs=1e-9), (driver, s)
    # By hand, the base: 500k DAU is 27,000 of infrastructure + 270,000 of AI (the plan's cost table) = 297,000;
    # 20% more calls is 27,000 + 1.2 x 270,000 = 351,000.
    assert ws.cell(row=first, column=4).value == pytest.approx(297_000)
    assert ws.cell(row=first, column=6).value == pytest.approx(351_000)


def test_the_compare_sheet_prices_every_scenario_column_like_the_model(cases: dict[str, Case]) -> None:
    from model.result import evaluate

    case = cases["shipped"]
    wb = case.wb()
    assert error_cells(wb) == [] and wb["Checks"]["B2"].value == "ALL CHECKS PASS"
    ws = wb["Compare"]
    rows = case.book.rows["Compare"]
    assert len(case.book.scenarios) >= 5  # the plan, the shipped scenarios, the Working copy
    for i, (key, scenario) in enumerate(case.book.scenarios):
        column = FIRST_COL + i
        assert ws.cell(row=4, column=column).value == scenario.name
        result = evaluate(scenario)
        for t, tier in enumerate(result.tiers):
            for name, attr in (
                ("dau", "dau"),
                ("infrastructure", "infrastructure_usd"),
                ("ai", "ai_usd"),
                ("total", "total_usd"),
                ("cost_per_dau", "cost_per_dau_usd"),
            ):
                got = ws.cell(row=rows[f"{name}.{t}"], column=column).value
                assert got == pytest.approx(getattr(tier, attr), rel=1e-9, abs=0.005), (key, tier.dau, name)
    # By hand: the plan at 10k DAU is 55 + 9,000 = 9,055; without the AI response cache (hit rate 0 instead of 30%)
    # the same calls all reach the model: 9,000 / (1 - 0.3) = 12,857.14.
    names = [k for k, _ in case.book.scenarios]
    assert ws.cell(row=rows["total.0"], column=FIRST_COL + names.index("plan")).value == pytest.approx(9_055)
    no_cache = ws.cell(row=rows["ai.0"], column=FIRST_COL + names.index("no-ai-cache")).value
    assert no_cache == pytest.approx(9_000 / 0.7)


def test_the_compare_sheet_prices_cache_writes_and_reasoning_tokens_like_the_model(cases: dict[str, Case]) -> None:
    """A scenario with a 10% cache-write share and 500 reasoning tokens a call on its first model: Compare's column for
    it equals the model at every tier (it once priced only input, cached input and output tokens)."""
    from model.result import evaluate

    case = cases["writes"]
    ws = case.wb()["Compare"]
    rows = case.book.rows["Compare"]
    names = [k for k, _ in case.book.scenarios]
    column = FIRST_COL + next(i for i, (_, s) in enumerate(case.book.scenarios) if s.name == "Writes and reasoning")
    result = evaluate(case.expected)
    plan_ai = evaluate(plan_scenario()).tier(10_000).ai_usd
    assert result.tier(10_000).ai_usd != pytest.approx(plan_ai)  # the change moves the AI cost, so the check can fail
    for t, tier in enumerate(result.tiers):
        assert ws.cell(row=rows[f"ai.{t}"], column=column).value == pytest.approx(tier.ai_usd, rel=1e-9, abs=0.005), tier.dau
        assert ws.cell(row=rows[f"total.{t}"], column=column).value == pytest.approx(tier.total_usd, rel=1e-9, abs=0.005)
    assert "plan" in names


def test_the_compare_sheet_has_each_scenarios_5_year_cumulative_like_the_model(cases: dict[str, Case]) -> None:
    """Compare's 5-year cumulative per scenario column equals model/analysis/timeline.py ``project``'s cumulative spend
    after 60 months (``cumulative_usd`` of month index 59) to the cent, for every shipped scenario."""
    case = cases["shipped"]
    wb = case.wb()
    ws = wb["Compare"]
    rows = case.book.rows["Compare"]
    for i, (key, scenario) in enumerate(case.book.scenarios):
        months = project(scenario).months
        assert len(months) >= 60, key
        got = ws.cell(row=rows["cumulative_5y"], column=FIRST_COL + i).value
        assert got == pytest.approx(months["cumulative_usd"].iloc[59], abs=0.005), key
        for k in (0, 23, 59):  # the month rows behind it: DAU and total as the model's months
            assert ws.cell(row=rows[f"month_dau.{k}"], column=FIRST_COL + i).value == pytest.approx(
                months["dau"].iloc[k], rel=1e-9
            )
            total = ws.cell(row=rows[f"month_total.{k}"], column=FIRST_COL + i).value
            assert total == pytest.approx(months["total_usd"].iloc[k], abs=0.005), (key, k)
    # By hand: the plan's first month is its first milestone, 10k DAU: 55 of infrastructure + 9,000 of AI = 9,055.
    plan_col = FIRST_COL + [k for k, _ in case.book.scenarios].index("plan")
    assert ws.cell(row=rows["month_total.0"], column=plan_col).value == pytest.approx(9_055)


def test_the_compare_cumulative_follows_an_edited_scenario_column(cases: dict[str, Case]) -> None:
    """Live, not pasted: the Working column edited to 3 calls per DAU per day gives the model's cumulative for that change,
    while the plan's column keeps the plan's."""
    case = cases["working"]
    ws = case.wb()["Compare"]
    rows = case.book.rows["Compare"]
    working = FIRST_COL + len(case.book.scenarios) - 1
    expected = project(case.expected).months["cumulative_usd"].iloc[59]
    assert ws.cell(row=rows["cumulative_5y"], column=working).value == pytest.approx(expected, abs=0.005)
    plan = project(plan_scenario()).months["cumulative_usd"].iloc[59]
    assert ws.cell(row=rows["cumulative_5y"], column=FIRST_COL).value == pytest.approx(plan, abs=0.005)
    assert expected != pytest.approx(plan)
