"""The Excel workbook: the model as live formulas, not pasted values.

    from outputs.workbook import workbook_bytes
    data = workbook_bytes(scenario)            # the scenario, the plan and every shipped scenario as columns
    data = workbook_bytes(scenario, others={}) # just this one

Sheets, in order: Cover, Assumptions (every input; one column per scenario, a
Live column and a drop-down that picks the scenario), Unit costs, Levels, Calc
(the model per tier), Summary (with two native charts), Capacity, Timeline, Audit, Checks.

Adding a sheet (e.g. Capacity or Timeline): write ``add_<name>(book: Book)``
in a module of ``outputs/`` that creates its sheet with
``book.wb.create_sheet(title)`` and writes formulas only, referencing inputs
by their defined names (``book.names``), Live cells (``book.live[path]``) or
Calc cells (``book.calc_ref(key, tier)``); add any new input to
``outputs.assumptions.rows`` first. Then append the function to ``SHEETS``
below. See ``outputs/context.py`` for what a sheet can reference.

This module never imports streamlit and never runs the model: the workbook
computes everything itself when opened (Excel) or recalculated (LibreOffice).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping

from openpyxl import Workbook

import model
from i18n.text import N_
from model.analysis.timeline import month_index
from model.prices import snapshot
from model.scenario import Scenario
from outputs import xl
from outputs.actuals import actuals_frame, add_actuals, add_variance
from outputs.assumptions import add_assumptions
from outputs.budget import add_budget
from outputs.calculation import add_calc, add_levels, add_unit_costs
from outputs.capacity import add_capacity
from outputs.compare import add_compare
from outputs.context import Book, Counts
from outputs.report import add_audit, add_checks, add_summary
from outputs.sensitivity import add_sensitivity
from outputs.timeline import add_timeline

SheetFunction = Callable[[Book], None]

SHEETS: list[SheetFunction] = [
    add_assumptions,
    add_unit_costs,
    add_levels,
    add_calc,
    add_summary,
    add_capacity,
    add_timeline,
    add_budget,
    add_actuals,
    add_variance,
    add_sensitivity,
    add_compare,
    add_audit,
    add_checks,
]
"""Sheet builders in workbook order (after the Cover, which is written last because it summarises the others)."""

EXPORTED_KEY = "exported"


def default_others() -> tuple[dict[str, Scenario], list[str]]:
    """The plan and every shipped scenario in data/scenarios, by file stem; files that fail to load are reported, not fatal."""
    from model.loading import ScenarioError, load_scenario, shipped_scenarios

    out: dict[str, Scenario] = {}
    skipped: list[str] = []
    for stem, path in shipped_scenarios().items():
        try:
            out[stem] = load_scenario(path)
        except ScenarioError as exc:
            skipped.append(str(exc))
    return out, skipped


def scenario_columns(scenario: Scenario, others: Mapping[str, Scenario]) -> list[tuple[str, Scenario]]:
    """(key, scenario) per column: the exported scenario first, then the others not equal to it or to each other.

    Names must be unique (they are the drop-down's entries, compared without case): a repeated name gets ' (key)' added.
    """
    columns: list[tuple[str, Scenario]] = []
    exported_key = next((k for k, s in others.items() if s == scenario), EXPORTED_KEY)
    columns.append((exported_key, scenario))
    for key, other in others.items():
        if any(other == s for _, s in columns):
            continue
        columns.append((key, other))
    seen: set[str] = set()
    unique: list[tuple[str, Scenario]] = []
    for key, s in columns:
        name = xl.clean_text(s.name)
        if name.casefold() in seen:
            name = f"{name} ({key})"
            s = s.model_copy(update={"name": name})
        seen.add(name.casefold())
        unique.append((key, s))
    return unique


WORKING_KEY = "working"


def with_working_column(columns: list[tuple[str, Scenario]]) -> list[tuple[str, Scenario]]:
    """The columns plus a Working column: a copy of the exported scenario to edit, so a shipped scenario is never overwritten.

    It is named 'Working copy of <name>' (with ' (working)' added if that name is taken) and offered by the drop-down.
    """
    exported = columns[0][1]
    name = f"Working copy of {xl.clean_text(exported.name)}"
    if any(s.name.casefold() == name.casefold() for _, s in columns):
        name += f" ({WORKING_KEY})"
    working = exported.model_copy(update={"name": name, "notes": f"Edit freely: starts as a copy of '{exported.name}'."})
    return [*columns, (WORKING_KEY, working)]


def counts_for(scenarios: list[Scenario]) -> Counts:
    def most(f: Callable[[Scenario], int]) -> int:
        return max(1, *(f(s) for s in scenarios))

    return Counts(
        tiers=most(lambda s: len(s.tiers_dau)),
        levels=most(lambda s: len(s.levels)),
        items=most(lambda s: max(len(lv.line_items) for lv in s.levels)),
        models=most(lambda s: len(s.ai.model_mix)),
        phases=most(lambda s: len(s.ai.optimisation_phases)),
        caches=most(lambda s: len(s.caching.caches)),
        stated_rows=most(lambda s: len(s.stated_costs)),
        milestones=most(lambda s: len(s.timeline.milestones)),
        months=most(lambda s: month_index(s.timeline.end_month, s.timeline.milestones[0].month) + 1),
    )


def build_book(
    scenario: Scenario,
    *,
    others: Mapping[str, Scenario] | None = None,
    made_at: dt.datetime | None = None,
    actuals: object = None,
    currency: str | None = None,
) -> Book:
    """The workbook and its layout (where each input's cells are); see ``workbook_bytes``."""
    skipped: list[str] = []
    if others is None:
        others, skipped = default_others()
    columns = with_working_column(scenario_columns(scenario, others))
    wb = Workbook()
    cover = wb.active
    assert cover is not None
    cover.title = "Cover"
    book = Book(
        wb=wb,
        scenarios=columns,
        counts=counts_for([s for _, s in columns]),
        made_at=made_at or dt.datetime.now(dt.UTC).replace(microsecond=0),
        skipped=skipped,
        actuals=actuals_frame(actuals),
        currency=currency,
    )
    for add in SHEETS:
        add(book)
    add_cover(book)
    title = N_("Scaling cost model {version}: {name} (exported {date})").format(
        version=model.__version__, name=xl.clean_text(scenario.name), date=f"{book.made_at:%Y-%m-%d}"
    )
    for ws in wb.worksheets:
        xl.protect(ws)
        xl.header_footer(ws, title=title)
    wb.calculation.fullCalcOnLoad = True
    wb.active = 0
    return book


def build_workbook(
    scenario: Scenario, *, others: Mapping[str, Scenario] | None = None, actuals: object = None, currency: str | None = None
) -> Workbook:
    """The workbook as an openpyxl object; ``currency``: the code ``outputs.currency.add_currency`` will add (the Budget
    and the Timeline leave room for their converted totals)."""
    return build_book(scenario, others=others, actuals=actuals, currency=currency).wb


def workbook_bytes(scenario: Scenario, *, others: dict[str, Scenario] | None = None, actuals: object = None) -> bytes:
    """The .xlsx file for ``scenario``.

    ``others``: more scenarios as extra columns on Assumptions, by a short key;
    by default the plan's scenario and every shipped scenario in data/scenarios.
    The exported scenario is the one chosen when the workbook opens. ``actuals`` (the imported bills, a DataFrame as
    ``actuals.read`` gives it) adds the Actuals and Variance sheets.
    """
    buf = io.BytesIO()
    build_workbook(scenario, others=others, actuals=actuals).save(buf)
    return buf.getvalue()


COVER_CHARS_PER_LINE = 120
"""About as many characters as one line of the Cover's column B (width 110) holds."""


def add_cover(book: Book) -> None:
    ws = book.wb["Cover"]
    s = book.exported
    ws["A1"] = N_("Scaling cost model: the workbook")
    ws["A1"].font = xl.TITLE
    r = 3

    def line(label: str, value: object, *, text: bool = False, fmt: str | None = None) -> None:
        nonlocal r
        head = ws.cell(row=r, column=1, value=label)
        head.font = xl.BOLD
        head.alignment = xl.WRAP
        cell = ws.cell(row=r, column=2)
        if text:
            xl.put_text(cell, value)
            # Long text wraps in B (110 wide): give the row its lines, or LibreOffice prints only the first two.
            lines = max(1, -(-len(str(value or "")) // COVER_CHARS_PER_LINE))
            if lines > 1:
                ws.row_dimensions[r].height = 13 * lines + 2
        else:
            cell.value = value
        cell.alignment = xl.WRAP
        if fmt:
            cell.number_format = fmt
        r += 1

    snap = snapshot()
    line(N_("Scenario exported"), s.name, text=True)
    line(N_("Notes"), s.notes, text=True)
    line(N_("Scenario driving the workbook now"), "=live_scenario_name")
    line(N_("Checks"), "='Checks'!$B$2")
    line(N_("Made (UTC)"), book.made_at.strftime("%Y-%m-%d %H:%M:%S"), text=True)
    line(N_("Model version"), model.__version__, text=True)
    line(
        N_("Price snapshot"),
        f"{snap.package} {snap.version}" + (f", prices checked up to {snap.checked.isoformat()}" if snap.checked else ""),
        text=True,
    )
    line(
        N_("Plan"),
        f"{s.plan_source.title}, version {s.plan_source.version}, written {s.plan_source.written.isoformat()}",
        text=True,
    )
    columns = "; ".join(f"{key}: {sc.name}" for key, sc in book.scenarios)
    line(N_("Scenario columns"), columns, text=True)
    if book.skipped:
        line(N_("Scenarios not included"), "; ".join(book.skipped), text=True)
    r += 1
    ws.cell(row=r, column=1, value=N_("How to use this workbook")).font = xl.BOLD
    r += 1
    how = [
        N_("1. Assumptions, cell C2: pick a scenario from the drop-down. Every sheet follows it. To try a change, pick the"),
        N_(
            "    'Working copy' (the last column, a copy of the exported scenario) and edit it: the shipped columns stay as they are."
        ),
        N_("2. Change any orange input cell in a scenario column of Assumptions; the Live column (green) passes the chosen"),
        N_("    scenario's values to the calculation. Nothing else is typed in: every other cell is a protected formula"),
        N_(
            "    (Review > Unprotect sheet, no password). Inputs refuse values outside the scenario schema's bounds (shown beside them)."
        ),
        N_(
            "3. Calc shows the model per DAU tier, one formula per row; Levels and Unit costs hold the per-level and per-call parts."
        ),
        N_("4. Summary has the cost table and two charts; Capacity and Timeline follow the same inputs; Audit sets the plan's"),
        N_("    stated figures against the recomputed ones; Checks must read 'ALL CHECKS PASS'."),
        N_(
            "5. Excel recalculates on opening. LibreOffice: Data > Calculate > Recalculate Hard (Ctrl+Shift+F9) if values look stale."
        ),
        N_("Money is USD per month unless a unit says otherwise. Key inputs have defined names (Formulas > Name Manager)."),
    ]
    for text in how:
        ws.cell(row=r, column=1, value=text)
        r += 1
    r += 1
    ws.cell(row=r, column=1, value=N_("Sheets")).font = xl.BOLD
    r += 1
    for name, what in (
        ("Assumptions", N_("every input with unit and source; one column per scenario; the drop-down")),
        ("Unit costs", N_("one AI call at list price per model; the caches' effects")),
        ("Levels", N_("each level's line items by category; reserved-eligible amounts")),
        ("Calc", N_("the model per tier: level in force, infrastructure, reserved savings, AI, cache savings, totals")),
        ("Summary", N_("a row per tier, cost by category, charts")),
        ("Capacity", N_("demand, capacity, utilisation and alerts of each resource per tier (model/capacity/)")),
        ("Timeline", N_("DAU month by month through the plan's milestones, the cost at each month's DAU, checklist due months")),
        (
            "Budget",
            N_("months across through the horizon, a total after each (fiscal) year; line items, AI, Total, revenue, margin"),
        ),
        ("Sensitivity", N_("the total and cost per DAU at one tier with calls, hit rate, tokens or prices moved")),
        (
            "Compare",
            N_("every scenario column priced side by side at its own tiers (totals, cost per DAU) and its 5-year cumulative"),
        ),
        ("Audit", N_("the plan's stated figures against the recomputed ones")),
        ("Checks", N_("every input against its rule, no error cells, reconciliations; the master check names the first failure")),
    ):
        xl.put_text(ws.cell(row=r, column=1), name)  # a sheet's name, as on its tab in every language
        ws.cell(row=r, column=2, value=what)
        r += 1
    xl.widths(ws, {"A": 34, "B": 110})
    xl.print_setup(ws)
