"""The Sensitivity sheet: the monthly total and cost per DAU at one tier with one driver moved at a time, live.

Per tier the model's AI bill is ``tier_rows.AI_USD``: AI calls x (1 - response-cache hit rate) x cost per call reaching
the model. Every cell writes that row (with the total, ``TOTAL_USD``, or the cost per DAU, ``COST_PER_DAU_USD``) over the
tier's cells with the moved value in place: calls per DAU moves the AI calls to calls x (1 + s); the hit rate h moves to
MIN(1, h x (1 + s)); the tokens per call (input and output together) and every token price move the cost per call to
cost per call x (1 + s) (it is linear in each, model/costs.py). Infrastructure does not depend on these drivers. The
tier and the changes are inputs on Assumptions (Constants); the CLI's sensitivity reruns the model.
A row for the won/dollar rate belongs here once the workbook has an FX input.
"""

from __future__ import annotations

from collections.abc import Callable

from i18n.text import N_
from model import tier_rows
from outputs import xl
from outputs.calculation import CALC
from outputs.context import Book

SHEET = "Sensitivity"
STEPS = 4  # sensitivity_step_1..4 on Assumptions; the base sits in the middle


class _TierCells:
    """The sensitivity tier, as model.formula.Column: the rows it has are its cells (or a moved value), the rest is
    written in place."""

    def __init__(self, book: Book, cells: dict[str, str]) -> None:
        self.book, self.cells = book, cells

    def row(self, key: str) -> str:
        return self.cells[key]

    def inline(self, key: str) -> bool:
        return key not in self.cells

    def name(self, name: str) -> str:
        if name not in self.book.wb.defined_names:
            raise KeyError(f"the workbook defines no name '{name}'")
        return name


def add_sensitivity(book: Book) -> None:
    ws = book.wb.create_sheet(SHEET)
    ws["A1"] = N_("Sensitivity: one driver moved at a time, at one tier (live formulas)")
    ws["A1"].font = xl.TITLE

    def calc(key: str) -> str:
        r = book.calc_row[key]
        return f"INDEX('{CALC}'!${book.calc_cols[0]}${r}:${book.calc_cols[-1]}${r},sensitivity_tier)"

    facts = [
        (N_("Tier (Assumptions: sensitivity_tier)"), "=sensitivity_tier", "0"),
        (N_("DAU"), f"={calc('dau')}", xl.INT),
        (N_("Infrastructure (USD per month)"), f"={calc('infrastructure_usd')}", xl.USD0),
        (N_("AI (USD per month)"), f"={calc('ai_usd')}", xl.USD0),
        (N_("AI calls per month"), f"={calc('ai_calls_per_month')}", xl.INT),
        (N_("AI response-cache hit rate"), f"={calc('ai_response_hit_rate')}", xl.PCT),
        (N_("Cost per call reaching the model (USD)"), f"={calc('ai_usd_per_api_call')}", xl.USD4),
    ]
    for i, (label, formula, fmt) in enumerate(facts):
        r = 3 + i
        ws.cell(row=r, column=1, value=label).font = xl.BOLD
        xl.put(ws, r, 2, formula, fmt)
    ref = {key: f"$B${3 + i}" for i, key in enumerate(("tier", "dau", "infra", "ai", "calls", "hit", "per_call"))}

    steps = [f"sensitivity_step_{i}" for i in range(1, STEPS + 1)]
    columns = [*steps[: STEPS // 2], None, *steps[STEPS // 2 :]]  # None = the base (no change)

    def ai_moved(key: str) -> Callable[[str], dict[str, str]]:
        """tier_rows.AI_USD's cells at the tier (AI calls, hit rate, cost per call) with row ``key`` moved by s: the
        calls and the cost per call x (1 + s), the hit rate to MIN(1, h x (1 + s)). The moved calls or cost per call
        are a factor of AI_USD's product, so they are written unbracketed: Excel multiplies left to right, and the cost
        per call moved, calls x (1 - h) x cost per call x (1 + s), is the tier's AI (Calc's cells, the same product)
        x (1 + s) to the last bit."""

        def cells(s: str) -> dict[str, str]:
            out = {
                tier_rows.AI_CALLS_PER_MONTH.key: ref["calls"],
                tier_rows.AI_RESPONSE_HIT_RATE.key: ref["hit"],
                tier_rows.AI_USD_PER_API_CALL.key: ref["per_call"],
            }
            moved = f"{out[key]}*(1+{s})"
            out[key] = f"MIN(1,{moved})" if key == tier_rows.AI_RESPONSE_HIT_RATE.key else moved
            return out

        return cells

    drivers: list[tuple[str, Callable[[str], dict[str, str]]]] = [
        (N_("AI calls per DAU per day"), ai_moved(tier_rows.AI_CALLS_PER_MONTH.key)),
        (N_("AI response-cache hit rate (at most 100%)"), ai_moved(tier_rows.AI_RESPONSE_HIT_RATE.key)),
        (N_("Tokens per call (input and output)"), ai_moved(tier_rows.AI_USD_PER_API_CALL.key)),
        (N_("Token prices (every model, input, cached input, output)"), ai_moved(tier_rows.AI_USD_PER_API_CALL.key)),
    ]
    top = 3 + len(facts) + 1
    block = len(drivers) + 3
    for b, (title, unit, per_dau) in enumerate(
        (
            (N_("Monthly total at the tier (USD per month)"), xl.USD0, False),
            (N_("Cost per DAU at the tier (USD per DAU per month)"), xl.USD4, True),
        )
    ):
        head = top + b * block
        xl.header(ws, head, [title, *[N_("Base") if s is None else "" for s in columns]])
        for j, s in enumerate(columns):
            cell = ws.cell(row=head, column=2 + j)
            if s is not None:
                cell.value = f"={s}"
                cell.number_format = "+0%;-0%;0%"
        for i, (label, ai) in enumerate(drivers):
            r = head + 1 + i
            ws.cell(row=r, column=1, value=label)
            for j, s in enumerate(columns):
                cells = {tier_rows.DAU.key: ref["dau"], tier_rows.INFRASTRUCTURE_USD.key: ref["infra"]}
                cells.update(ai(s) if s is not None else {tier_rows.AI_USD.key: ref["ai"]})
                row = tier_rows.COST_PER_DAU_USD if per_dau else tier_rows.TOTAL_USD
                xl.put(ws, r, 2 + j, "=" + row.written(_TierCells(book, cells)), unit, bold=s is None)
    book.rows[SHEET] = {"first_total": top + 1, "first_per_dau": top + block + 1}
    ws.cell(
        row=top + 2 * block,
        column=1,
        value=N_(
            "Changes are shares of each driver's value (Assumptions, Constants: sensitivity_step_1..4). AI scales with calls, "
            "tokens and prices; the hit rate acts on the calls that reach the model. Infrastructure stays as it is."
        ),
    ).font = xl.Font(italic=True)
    xl.widths(ws, {"A": 58, **{xl.col(2 + j): 15 for j in range(len(columns))}})
    xl.print_setup(ws, freeze=f"B{top + 1}")
