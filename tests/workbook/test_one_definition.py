"""The sheets that render model formulas do not type them again: their writers name none of the formulas' inputs, and
the cells they write are the formulas' own text (issue 13, "one definition per formula")."""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

import pytest

from model import economics_rows, tier_rows, timeline_rows
from model.capacity import rows as capacity_rows
from model.formula import BinOp, Call, CountIf, Expr, Formula, Input, Product
from model.loading import plan_scenario
from outputs.budget import SHEET as BUDGET
from outputs.capacity import SHEET as CAPACITY
from outputs.compare import SHEET as COMPARE
from outputs.sensitivity import SHEET as SENSITIVITY
from outputs.timeline import SHEET as TIMELINE
from outputs.workbook import build_book

ROOT = Path(__file__).resolve().parents[2]


def _inputs(expr: Expr) -> set[str]:
    """Every input name an expression reads, through the rows it uses."""
    if isinstance(expr, Input):
        return {expr.name}
    if isinstance(expr, Formula):
        return _inputs(expr.expr)
    if isinstance(expr, BinOp):
        return _inputs(expr.left) | _inputs(expr.right)
    if isinstance(expr, Call):
        return set().union(*(_inputs(a) for a in expr.args))
    if isinstance(expr, CountIf):
        return _inputs(expr.values) | _inputs(expr.value)
    if isinstance(expr, Product):
        return _inputs(expr.row)
    return set()


def _named(path: str, names: set[str]) -> list[str]:
    source = (ROOT / path).read_text(encoding="utf-8")
    return sorted(n for n in names if re.search(rf"(?<![\w.]){re.escape(n)}(?!\w)", source))


def test_the_capacity_sheet_names_no_input_of_its_rows() -> None:
    assert "calls_per_dau_per_day" in capacity_rows.INPUT_NAMES  # the scan looks for the right words
    assert _named("outputs/capacity.py", set(capacity_rows.INPUT_NAMES) - {"level_start_dau"}) == []
    assert _named("outputs/capacity.py", {"level_start_dau", "concurrent_users_per_dau"}) == []


def test_the_compare_sheet_names_no_input_of_the_rows_it_renders() -> None:
    rendered = set().union(
        *(_inputs(f) for f in (tier_rows.INFRASTRUCTURE_USD, tier_rows.AI_USD, tier_rows.TOTAL_USD, tier_rows.COST_PER_DAU_USD))
    )
    assert {"calls_per_dau_per_day", "days_per_month", "own_model_from_dau", "reserved_discount"} <= rendered
    source = (ROOT / "outputs/compare.py").read_text(encoding="utf-8")
    assert _named("outputs/compare.py", rendered) == []
    # nor by their paths on Assumptions
    for path in ("ai.calls_per_dau_per_day", "ai.own_model", "reserved_instances.", "days_per_month"):
        assert path not in source


@pytest.fixture(scope="module")
def book():
    return build_book(plan_scenario())


def test_the_capacity_sheet_writes_the_rows_text(book) -> None:
    # Tier 2's column (E): the sheet's own rows and the workbook's names, as model.capacity.rows write them.
    ws, rows = book.wb[CAPACITY], book.rows[CAPACITY]
    assert ws[f"E{rows['demand.ai_requests']}"].value == (
        f"=calls_per_dau_per_day*(1-ai_response_hit_rate)/minutes_per_day*peak_to_average*E${rows['dau']}"
    )
    u = f"E${rows['utilization.db_connections']}"
    assert ws[f"E{rows['alert.db_connections']}"].value == (
        f'=IF(ROUND({u},alert_decimals)>critical_db_pool,"critical",IF(ROUND({u},alert_decimals)>warning_db_pool,"warning","ok"))'
    )


def test_the_compare_sheet_points_the_rows_inputs_at_each_scenarios_column(book) -> None:
    # The plan's AI at tier 1, in the exported scenario's column D and the working copy's column E: the calls per DAU
    # read each column's own Assumptions cell (the row the defined name points to), the hit rate and list price are
    # the sheet's rows, and the calls reaching the model are written in place.
    ws, rows = book.wb[COMPARE], book.rows[COMPARE]
    calls_row = int(book.names["calls_per_dau_per_day"].rsplit("$", 1)[1])
    days_row = int(book.names["days_per_month"].rsplit("$", 1)[1])
    for x in ("D", "E"):
        text = ws[f"{x}{rows['ai.0']}"].value
        d = f"{x}${rows['dau.0']}"
        calls = f"{d}*'Assumptions'!${x}${calls_row}*'Assumptions'!${x}${days_row}"
        # AI = (calls x (1 - hit rate)) x (list price x multiplier x own model): brackets only where the order needs them
        assert text.startswith(f'=IF({d}="","",{calls}*(1-{x}${rows["hit"]})*({x}${rows["list"]}*'), text
        assert "calls_per_dau_per_day" not in text
    # Total: the infrastructure and AI rows above it, as on Calc
    assert ws[f"D{rows['total.0']}"].value == f'=IF(D${rows["dau.0"]}="","",D{rows["infrastructure.0"]}+D{rows["ai.0"]})'


def test_unit_costs_and_compare_write_the_per_model_list_price_from_one_definition(book) -> None:
    # Unit costs: model 1's row (row 4) in its own cells; Compare: the same formula over each scenario's cells.
    ws = book.wb["Unit costs"]
    assert ws["G4"].value == (
        "=IF(ISNUMBER(C4),(input_tokens_per_call*((1-prompt_cache_share-prompt_cache_write_share)*D4"
        "+prompt_cache_share*E4+prompt_cache_write_share*N(I4))+(output_tokens_per_call+N(J4))*F4)/tokens_per_mtok,0)"
    )
    assert ws["H4"].value == "=IF(ISNUMBER(C4),C4*G4,0)"
    text = book.wb[COMPARE][f"E{book.rows[COMPARE]['list']}"].value
    tokens_row = int(book.names["input_tokens_per_call"].rsplit("$", 1)[1])
    assert f"'Assumptions'!$E${tokens_row}*((1-" in text  # the scenario's own input tokens
    assert "/tokens_per_mtok," in text  # a constant keeps its name
    assert "input_tokens_per_call" not in text


TIMELINE_ROWS = (
    timeline_rows.DAU,
    tier_rows.LEVEL,
    tier_rows.INFRASTRUCTURE_USD,
    tier_rows.OPTIMISATION_MULTIPLIER,
    tier_rows.TOTAL_USD,
    tier_rows.COST_PER_DAU_USD,
)


def test_the_timeline_sheet_names_no_input_of_its_month_rows() -> None:
    rendered = set().union(*(_inputs(f) for f in TIMELINE_ROWS))
    assert {"milestone_month_index", "reserved_discount", "level_total", "calls_per_dau_per_day"} <= rendered
    # Named there for other reasons: the milestone table looks each milestone's DAU up by its level, the sheet defines
    # months_projected, and shows the growth at the top.
    elsewhere = {"level_start_dau", "months_projected", "timeline_growth"}
    assert _named("outputs/timeline.py", rendered - elsewhere) == []
    source = (ROOT / "outputs/timeline.py").read_text(encoding="utf-8")
    for typed in ("COUNTIF(level_start_dau", "reserved_applied=1", "PRODUCT(", "^", "LN("):
        assert typed not in source


class _MonthLayout:
    """A month row of the Timeline read back from its header (row `header`): a row's cell is its column there."""

    HEADERS: ClassVar[dict[str, str]] = {
        "month_index": "Month index",
        "in_projection": "In the projection",
        "segment": "Segment (milestone)",
        "segment_start": "Segment starts (month index)",
        "segment_end": "Segment ends (month index)",
        "dau_start": "DAU at segment start",
        "dau_end": "DAU at segment end",
        "share_passed": "Share of the segment passed",
        "dau": "DAU",
        "level": "Level",
        "infrastructure_gross_usd": "Infrastructure before reserved",
        "reserved_deducted_usd": "Reserved saving deducted",
    }

    def __init__(self, book, ws, header: int, r: int) -> None:  # type: ignore[no-untyped-def]
        self.book, self.r = book, r
        self.col = {c.value: c.column_letter for c in ws[header] if c.value}
        self.milestones = {
            "milestone_month_index": ws.cell(row=5, column=4).coordinate,
            "milestone_dau": ws.cell(row=5, column=5).coordinate,
        }

    def row(self, key: str) -> str:
        return f"{self.col[self.HEADERS[key]]}{self.r}"

    def inline(self, key: str) -> bool:
        return key not in self.HEADERS

    def name(self, name: str) -> str:
        if name in self.milestones:  # the milestone table from row 5 down, one row per milestone slot
            first = self.milestones[name]
            letter = first.rstrip("0123456789")
            return f"'{TIMELINE}'!${letter}$5:${letter}${4 + self.book.counts.milestones}"
        return name if name in self.book.wb.defined_names else self.book.ranges[name]


def test_the_timeline_sheet_writes_the_rows_text(book) -> None:
    ws = book.wb[TIMELINE]
    first = book.rows[TIMELINE]["months.first"]
    for k in (0, 7, book.counts.months - 1):
        layout = _MonthLayout(book, ws, first - 1, first + k)
        for f, header in (
            (timeline_rows.SEGMENT, "Segment (milestone)"),
            (timeline_rows.SEGMENT_END, "Segment ends (month index)"),
            (timeline_rows.DAU, "DAU"),
            (tier_rows.LEVEL, "Level"),
            (tier_rows.INFRASTRUCTURE_GROSS_USD, "Infrastructure before reserved"),
            (tier_rows.RESERVED_DEDUCTED_USD, "Reserved saving deducted"),
            (tier_rows.INFRASTRUCTURE_USD, "Infrastructure"),
        ):
            assert ws[f"{layout.col[header]}{first + k}"].value == "=" + f.written(layout), (k, header)
        p1, p2 = layout.col["Phase 1 multiplier"], layout.col["Phase 2 multiplier"]
        assert ws[f"{layout.col['Optimisation multiplier']}{first + k}"].value == f"=PRODUCT({p1}{first + k}:{p2}{first + k})"
        assert ws[f"{p1}{first + k}"].value.startswith("=IF(ISNUMBER(")


def test_the_compare_sheet_writes_the_phases_levels_and_months_from_the_definitions(book) -> None:
    ws, rows = book.wb[COMPARE], book.rows[COMPARE]
    # The optimisation multiplier: the PRODUCT of the scenario's phases, written in place in its AI row
    assert "*PRODUCT(IF(ISNUMBER('Assumptions'!$D$" in ws[f"D{rows['ai.0']}"].value
    # The month blocks: the segment, the DAU along the milestones and the level, as timeline_rows and tier_rows write them
    r = rows["month_dau.5"]
    assert ws[f"D{r}"].value.startswith("=IF($C" + str(r) + ">=D$")
    assert ",EXP(LN(INDEX(D$" in ws[f"D{r}"].value
    assert ws[f"D{rows['month_segment.5']}"].value.startswith("=COUNTIF(D$")
    tier_level = ws[f"D{rows['level.0']}"].value  # =IF(dau="","",MAX(1,COUNTIF(<the scenario's levels>,"<="&dau)))
    levels = tier_level.split("COUNTIF(")[1].split(",")[0]
    assert ws[f"D{rows['month_level.5']}"].value == f'=IF(D{r}="","",MAX(1,COUNTIF({levels},"<="&D{r})))'
    source = (ROOT / "outputs/compare.py").read_text(encoding="utf-8")
    for typed in ("optimisation_phases.{p}.from_dau),IF", "(LN(", '"<="&', "^{t}"):
        assert typed not in source


def test_the_budget_and_sensitivity_sheets_name_no_input_of_the_rows_they_render() -> None:
    budget = set().union(*(_inputs(f) for f in (economics_rows.GROSS_MARGIN, tier_rows.TOTAL_USD)))
    assert "revenue_usd_per_dau" in budget
    assert _named("outputs/budget.py", {"revenue_usd_per_dau"}) == []
    # Sensitivity's total and cost per DAU read no input but the tier's cells: it must not type their arithmetic
    source = (ROOT / "outputs/sensitivity.py").read_text(encoding="utf-8")
    for typed in (">0,(", "(1-MIN(1,"):
        assert typed not in source
    source = (ROOT / "outputs/budget.py").read_text(encoding="utf-8")
    assert "N({rev})>0" not in source


def test_the_budget_writes_revenue_and_margin_from_their_definitions(book) -> None:
    ws, rows = book.wb[BUDGET], book.rows[BUDGET]
    dau = rows["helper.dau"]
    for c in ("D", "Q"):  # the first month's column and a later one
        kind = f"{c}${rows['helper.kind']}"
        assert ws[f"{c}{rows['revenue']}"].value.startswith(f'=IF({kind}="month",revenue_usd_per_dau*{c}${dau},')
        assert ws[f"{c}{rows['gross_margin']}"].value == f'=IF({kind}="","",{c}{rows["revenue"]}-{c}{rows["total"]})'
        rev, gm = f"{c}{rows['revenue']}", f"{c}{rows['gross_margin']}"
        assert ws[f"{c}{rows['gross_margin_pct']}"].value == f'=IF({kind}="","",IF(N({rev})>0,{gm}/{rev},""))'


def test_the_sensitivity_table_writes_the_total_and_cost_per_dau_rows(book) -> None:
    ws, first = book.wb[SENSITIVITY], book.rows[SENSITIVITY]["first_per_dau"]
    # The hit rate's row (the second driver), first step: the cost per DAU with AI written in place, the hit rate moved
    assert ws[f"B{first + 1}"].value == "=IF($B$4>0,($B$5+$B$7*(1-MIN(1,$B$8*(1+sensitivity_step_1)))*$B$9)/$B$4,0)"
    assert ws[f"D{book.rows[SENSITIVITY]['first_total']}"].value == "=$B$5+$B$6"  # the base column: infrastructure + AI


def test_the_sensitivity_table_moves_calls_tokens_and_prices_inside_the_ai_row(book) -> None:
    # AI = calls x (1 - hit rate) x cost per call (B7, B8, B9) with the moved cell in place, not the tier's AI x (1 + s):
    # the calls (first driver) move in the calls, the tokens and the prices (third, fourth) in the cost per call.
    ws, first = book.wb[SENSITIVITY], book.rows[SENSITIVITY]["first_total"]
    assert ws[f"B{first}"].value == "=$B$5+$B$7*(1+sensitivity_step_1)*(1-$B$8)*$B$9"
    for r in (first + 2, first + 3):
        assert ws[f"E{r}"].value == "=$B$5+$B$7*(1-$B$8)*$B$9*(1+sensitivity_step_3)"
    per_dau = book.rows[SENSITIVITY]["first_per_dau"]
    assert ws[f"F{per_dau}"].value == "=IF($B$4>0,($B$5+$B$7*(1+sensitivity_step_4)*(1-$B$8)*$B$9)/$B$4,0)"
    # no cell scales the tier's AI (B6) by hand
    assert not any("$B$6*" in str(c.value) for row in ws.iter_rows() for c in row)
    assert "{ref['ai']}*(1+" not in (ROOT / "outputs/sensitivity.py").read_text(encoding="utf-8")


def test_goal_seek_takes_the_margin_share_from_its_definition() -> None:
    # model/solve.py evaluates economics_rows.GROSS_MARGIN (the Budget's row), not margin / revenue typed again
    source = (ROOT / "model/solve.py").read_text(encoding="utf-8")
    assert "economics_rows.GROSS_MARGIN.evaluate(" in source
    assert not re.search(r"GROSS_MARGIN_USD\.evaluate\(env\)\s*/", source)
    assert "REVENUE_USD.evaluate" not in source


def test_compare_looks_the_level_in_forces_line_items_up_as_calc_does(book) -> None:
    # Each scenario's line items per level are sums at the foot of the sheet; the tiers and months read them with
    # tier_rows.INFRASTRUCTURE_GROSS_USD and RESERVED_ELIGIBLE_USD (INDEX by the level in force), not a CHOOSE typed here.
    ws, rows = book.wb[COMPARE], book.rows[COMPARE]
    first, last = rows["items.level0"], rows[f"items.level{book.counts.levels - 1}"]
    level = f"E${rows['level.1']}"
    assert ws[f"E{rows['infrastructure.1']}"].value.startswith(f'=IF(E${rows["dau.1"]}="","",INDEX(E${first}:E${last},{level})-')
    assert ws[f"E{first}"].value.startswith("=SUM('Assumptions'!$E$")
    assert ws[f"E{rows['reserved_items.level0']}"].value.startswith("=SUMIF('Assumptions'!$E$")
    assert not any("CHOOSE(" in str(c.value) for row in ws.iter_rows() for c in row)


def test_unit_costs_and_compare_write_the_caches_hit_rate_from_one_definition(book) -> None:
    # Unit costs: each cache's row (the first at row 10) and the totals (row 16) are model.cache_rows' text; Compare's
    # hit rate is the same SUM over each scenario's cache cells, no IF(serves="ai",..) typed in a writer.
    ws = book.wb["Unit costs"]
    assert (ws["F10"].value, ws["G10"].value) == ('=IF(C10="ai",N(D10),0)', '=IF(C10="db",N(D10)*N(E10),0)')
    assert (ws["F16"].value, ws["G16"].value) == ("=SUM(F10:F15)", "=SUM(G10:G15)")
    serves_row = int(book.live["caching.caches.0.serves"].rsplit("$", 1)[1])
    hit_row = int(book.live["caching.caches.0.hit_rate"].rsplit("$", 1)[1])
    text = book.wb[COMPARE][f"E{book.rows[COMPARE]['hit']}"].value
    assert text.startswith(f"=SUM(IF('Assumptions'!$E${serves_row}=\"ai\",N('Assumptions'!$E${hit_row}),0),IF("), text
    assert text.count('="ai",N(') == book.counts.caches
    for path in ("outputs/compare.py", "outputs/calculation.py"):
        source = (ROOT / path).read_text(encoding="utf-8")
        assert '="ai",N(' not in source and '="db",N(' not in source, path


def test_calc_writes_the_cost_by_category_after_reserved_discounts_from_its_definition(book) -> None:
    # Calc's chart feed: per category the list less the saving on its eligible items where deducted, tier_rows.CATEGORY_USD
    # over Calc's own rows and the category's eligible range on Levels (column E, tier 2), not a sum typed in the writer.
    ws, row = book.wb["Calc"], book.calc_row
    for cat in ("database", "cdn"):
        eligible = book.ranges[f"level_eligible.{cat}"]
        assert ws[f"E{row[f'cat.{cat}']}"].value == (
            f"=E${row[f'gross.{cat}']}-E${row['reserved_in_force']}*INDEX({eligible},E${row['level']})*reserved_discount"
        )
    source = (ROOT / "outputs/calculation.py").read_text(encoding="utf-8")
    assert "reserved_discount" not in source and "INDEX({rng}" not in source
