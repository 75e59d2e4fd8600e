"""The sheets that render model formulas do not type them again: their writers name none of the formulas' inputs, and
the cells they write are the formulas' own text (issue 13, "one definition per formula")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from model import tier_rows
from model.capacity import rows as capacity_rows
from model.formula import BinOp, Call, Expr, Formula, Input
from model.loading import plan_scenario
from outputs.capacity import SHEET as CAPACITY
from outputs.compare import SHEET as COMPARE
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
