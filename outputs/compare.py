"""The Compare sheet: every scenario column of Assumptions side by side at its own tiers, as live formulas.

The rest of the workbook computes only the chosen scenario (through the Live column). Here each scenario column is
priced directly from its own Assumptions column, with the per-tier formulas of model/costs.py in a compact form:
level = the last level whose DAU <= the tier's; infrastructure = that level's line items, less the reserved saving
where the scenario applies it; AI = DAU x calls x days x (1 - AI response hit rate) x list price per call x the
optimisation phases in force x the own model's relative cost where in force; Total = infrastructure + AI; cost per
DAU = Total / DAU. The 5-year cumulative runs each scenario's timeline (model/analysis/timeline.py) month by month in
blocks of month rows below the tiers and sums the first 60 months. A test checks every column against the model, so
this second rendering cannot drift unnoticed.
"""

from __future__ import annotations

import unicodedata

from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from i18n.text import N_
from model import cache_rows, model_rows, tier_rows, timeline_rows
from model.formula import Formula
from outputs import xl
from outputs.assumptions import FIRST_SCENARIO_COL
from outputs.assumptions import SHEET as ASSUMPTIONS
from outputs.calculation import PRICE
from outputs.context import Book

SHEET = "Compare"
FIRST_COL = FIRST_SCENARIO_COL  # D: the same letter as the scenario's column on Assumptions, so formulas use one letter
FIVE_YEARS = 60
"""Months in the 5-year cumulative (5 x 12): the first 60 months of each scenario's timeline, fewer if its horizon is shorter."""


class _ScenarioColumn:
    """A scenario column of the Compare sheet, as model.formula.Column for tier_rows' formulas: an input is that
    scenario's own cell on Assumptions (the row its defined name points to, in the scenario's column; a constant keeps
    its name); a row is a cell of this sheet or a given expression; a row with neither is written in place."""

    def __init__(
        self,
        book: Book,
        x: str,
        rows: dict[str, str],
        scenario_rows: set[int],
        *,
        ranges: dict[str, str] | None = None,
        phases: list[tuple[str, str]] | None = None,
        caches: list[dict[str, str]] | None = None,
    ) -> None:
        self.book, self.x, self.rows, self.scenario_rows = book, x, rows, scenario_rows
        self.ranges, self.phases, self.caches = ranges or {}, phases or [], caches or []

    def row(self, key: str) -> str:
        return self.rows[key]

    def inline(self, key: str) -> bool:
        return key not in self.rows

    def each(self, key: str) -> list[_ScenarioColumn]:
        """One column per optimisation phase (``tier_rows.OPTIMISATION_MULTIPLIER``'s PRODUCT, written in place): the
        phase's from DAU and multiplier are this scenario's cells. Likewise one per cache (``cache_rows``' SUMs): what
        it serves, its hit rate and share of DB reads are this scenario's cells."""
        if key in (cache_rows.AI_HIT_PART.key, cache_rows.DB_REDUCTION_PART.key):
            return [_ScenarioColumn(self.book, self.x, cells, self.scenario_rows) for cells in self.caches]
        assert key == tier_rows.PHASE_MULTIPLIER.key, key
        return [
            _ScenarioColumn(
                self.book,
                self.x,
                {**self.rows, tier_rows.PHASE_FROM_DAU.key: frm, tier_rows.PHASE_COST_MULTIPLIER.key: mult},
                self.scenario_rows,
                ranges=self.ranges,
            )
            for frm, mult in self.phases
        ]

    def name(self, name: str) -> str:
        if name in self.ranges:  # an input that is a range of this scenario's cells (its levels' DAU, its milestones)
            return self.ranges[name]
        reference = self.book.names.get(name)
        if reference is None:
            raise KeyError(f"the workbook defines no name '{name}'")
        sheet, _, cell = reference.rpartition("!")
        row = int(cell.rsplit("$", 1)[1])
        if sheet != f"'{ASSUMPTIONS}'" or row not in self.scenario_rows:
            return name  # a constant (minutes per day) or a derived figure: the same for every scenario
        return f"'{ASSUMPTIONS}'!${self.x}${row}"


def _scenario_rows(book: Book) -> set[int]:
    """The Assumptions rows that hold a value per scenario column: those whose Live cell picks from the scenario
    columns of its own row (a constant's Live cell is its number)."""
    ws = book.wb[ASSUMPTIONS]
    first = xl.col(FIRST_SCENARIO_COL)
    found = set()
    for ref in book.live.values():
        sheet, _, cell = ref.rpartition("!")
        row = int(cell.rsplit("$", 1)[1])
        live = ws[cell.replace("$", "")].value
        if sheet == f"'{ASSUMPTIONS}'" and isinstance(live, str) and f"${first}{row}:" in live:
            found.add(row)
    return found


def add_compare(book: Book) -> None:
    ws = book.wb.create_sheet(SHEET)
    n = book.counts
    ws["A1"] = N_("Compare: every scenario column side by side at its own tiers (USD per month, live formulas)")
    ws["A1"].font = xl.TITLE
    scen_cols = [xl.col(FIRST_SCENARIO_COL + i) for i in range(len(book.scenarios))]
    scenario_rows = _scenario_rows(book)

    def row_of(key: str) -> int:
        return int(book.live[key].rsplit("$", 1)[1])

    def at(key: str, x: str) -> str:
        return f"'{ASSUMPTIONS}'!${x}${row_of(key)}"

    def rng(first: str, last: str, x: str) -> str:
        return xl.span(ASSUMPTIONS, x, row_of(first), row_of(last))

    xl.header(ws, 3, [N_("Line"), N_("Unit"), "", *[key for key, _ in book.scenarios]])
    for i, (key, _) in enumerate(book.scenarios):
        xl.put_text(ws.cell(row=3, column=FIRST_COL + i), key)  # a key is user text: never a formula
    for i, x in enumerate(scen_cols):
        ws.cell(row=4, column=FIRST_COL + i, value=f"='{ASSUMPTIONS}'!${x}$6").alignment = xl.WRAP
    ws.cell(row=4, column=1, value=N_("Scenario")).font = xl.BOLD
    ws.row_dimensions[4].height = 45
    rows: dict[str, int] = {}
    r = 5

    def line(key: str, label: str, unit: str, fmt: str, formula: object, *, bold: bool = False) -> None:
        nonlocal r
        rows[key] = r
        ws.cell(row=r, column=1, value=label).font = xl.BOLD if bold else xl.Font()
        ws.cell(row=r, column=2, value=unit)
        for i, x in enumerate(scen_cols):
            xl.put(ws, r, FIRST_COL + i, "=" + formula(x), fmt, bold=bold)  # type: ignore[operator]
        r += 1

    def hit(x: str) -> str:
        """The Unit costs sheet's AI response hit rate (cache_rows.AI_RESPONSE_HIT_RATE), over this scenario's caches."""
        caches = [
            {key: at(f"caching.caches.{c}.{field}", x) for key, field in cache_rows.FIELDS.items()} for c in range(n.caches)
        ]
        return cache_rows.AI_RESPONSE_HIT_RATE.written(_ScenarioColumn(book, x, {}, scenario_rows, caches=caches))

    def list_price(x: str) -> str:
        """The Unit costs sheet's list price (model_rows.MODEL_SHARE_USD per model, summed), over this scenario's cells."""

        def term(m: int) -> str:
            cells = {key: at(path.format(m=m), x) for key, path in model_rows.SLOT_PATHS.items()}
            return model_rows.MODEL_SHARE_USD.written(_ScenarioColumn(book, x, cells, scenario_rows))

        return "+".join(term(m) for m in range(n.models))

    line("hit", N_("AI response-cache hit rate"), N_("share"), xl.PCT, hit)
    line("list", N_("List price per AI call (mixed)"), N_("USD/call"), xl.USD4, list_price)
    hit_row, list_row = rows["hit"], rows["list"]

    def level_sum(x: str, lv: int, eligible: bool) -> str:
        usd = rng(f"levels.{lv}.line_items.0.{PRICE}", f"levels.{lv}.line_items.{n.items - 1}.{PRICE}", x)
        if not eligible:
            return f"SUM({usd})"
        elig = rng(f"levels.{lv}.line_items.0.reserved_eligible", f"levels.{lv}.line_items.{n.items - 1}.reserved_eligible", x)
        return f"SUMIF({elig},1,{usd})"

    def phases(x: str) -> list[tuple[str, str]]:
        """Each optimisation phase's from DAU and multiplier: this scenario's cells."""
        base = "ai.optimisation_phases.{p}.{field}"
        return [
            (at(base.format(p=p, field="from_dau"), x), at(base.format(p=p, field="cost_multiplier"), x)) for p in range(n.phases)
        ]

    # Each scenario's line items per level (all of them, the reserved-eligible ones) sit in two blocks at the foot of
    # the sheet, after the month blocks (see the layout below: 8 rows a tier, then the milestones and five blocks):
    # tier_rows' per-level inputs are those ranges, so the level's line items are INDEX(range,level) as on Calc.
    block = FIVE_YEARS + 2  # a block of months: its section row, FIVE_YEARS month rows, a blank row
    levels_first = r + 8 * n.tiers + 2 + 3 + 2 * n.milestones + 3 + 5 * block
    eligible_first = levels_first + n.levels

    def level_starts(x: str) -> dict[str, str]:
        """The per-level inputs: this scenario's levels' DAU, and its line items per level (the blocks at the foot)."""
        return {
            tier_rows.LEVEL_START_DAU.name: rng("levels.0.dau", f"levels.{n.levels - 1}.dau", x),
            tier_rows.INFRASTRUCTURE_LEVEL_TOTAL.name: f"{x}${levels_first}:{x}${levels_first + n.levels - 1}",
            tier_rows.RESERVED_LEVEL_ELIGIBLE.name: f"{x}${eligible_first}:{x}${eligible_first + n.levels - 1}",
        }

    def column(x: str, dau: str, level: str, cells: dict[str, str] | None = None) -> _ScenarioColumn:
        """Scenario column ``x`` at the DAU in cell ``dau`` (level in force in ``level``), for tier_rows' formulas: the
        hit rate and list price are this sheet's rows, the rows it shows are ``cells``, the rest is written in place
        (the optimisation multiplier as the PRODUCT of this scenario's phases)."""
        given = {
            tier_rows.DAU.key: dau,
            tier_rows.LEVEL.key: level,
            tier_rows.AI_RESPONSE_HIT_RATE.key: f"{x}${hit_row}",
            tier_rows.AI_LIST_USD_PER_CALL.key: f"{x}${list_row}",
        }
        return _ScenarioColumn(book, x, {**given, **(cells or {})}, scenario_rows, ranges=level_starts(x), phases=phases(x))

    for t in range(n.tiers):
        r += 1
        xl.section(ws, r, N_("Tier {n}").format(n=t + 1), FIRST_COL + len(scen_cols) - 1)
        r += 1
        line(
            f"dau.{t}",
            N_("Tier {n}: DAU").format(n=t + 1),
            N_("DAU"),
            xl.INT,
            lambda x, t=t: f'IF(ISNUMBER({at(f"tiers_dau.{t}", x)}),{at(f"tiers_dau.{t}", x)},"")',
        )
        d = rows[f"dau.{t}"]

        def dau(x: str, d: int = d) -> str:
            return f"{x}${d}"

        line(
            f"level.{t}",
            N_("Level in force"),
            "#",
            "0",
            lambda x, dau=dau: f'IF({dau(x)}="","",{tier_rows.LEVEL.written(column(x, dau(x), ""))})',
        )
        lv_row = rows[f"level.{t}"]

        shown: dict[str, int] = {}  # tier_rows' rows this tier shows, by key: their rows here

        def tier(x: str, d: int = d, lv_row: int = lv_row, shown: dict[str, int] = shown) -> _ScenarioColumn:
            return column(x, f"{x}${d}", f"{x}${lv_row}", {k: f"{x}{row}" for k, row in shown.items()})

        def guarded(f: Formula, d: int = d, tier=tier) -> object:
            """``f`` in scenario column x, empty where the scenario has no such tier."""
            return lambda x: f'IF({x}${d}="","",{f.written(tier(x))})'

        for f, label in ((tier_rows.INFRASTRUCTURE_USD, N_("Infrastructure")), (tier_rows.AI_USD, N_("AI"))):
            key = f"{f.key.removesuffix('_usd')}.{t}"
            line(key, label, N_("USD/month"), xl.USD0, guarded(f))
            shown[f.key] = rows[key]
        line(f"total.{t}", N_("Total"), N_("USD/month"), xl.USD0, guarded(tier_rows.TOTAL_USD), bold=True)
        shown[tier_rows.TOTAL_USD.key] = rows[f"total.{t}"]
        line(f"cost_per_dau.{t}", N_("Cost per DAU"), N_("USD/DAU/month"), xl.USD2, guarded(tier_rows.COST_PER_DAU_USD))
    # The 5-year cumulative: each scenario's own timeline (model/analysis/timeline.py ``project``) month by month, in
    # blocks of one row per month (one formula per row, the same in every scenario column), summed over the first
    # FIVE_YEARS months within the scenario's horizon.
    width = FIRST_COL + len(scen_cols) - 1
    r += 1
    xl.section(ws, r, N_("5-year cumulative"), width)
    r += 1
    months_first = r + 3 + 2 * n.milestones + 3  # see the layout below: first month row of the first block
    total_first = months_first + 4 * block
    line(
        "cumulative_5y",
        N_("Cumulative spend over the first 5 years"),
        N_("USD"),
        xl.USD0,
        lambda x: f"SUM({x}{total_first}:{x}{total_first + FIVE_YEARS - 1})",
        bold=True,
    )
    r += 1
    xl.section(ws, r, N_("Each scenario's timeline, month by month (for the 5-year cumulative)"), width)
    r += 1
    first_k = r
    for i in range(n.milestones):
        month, month0 = at(f"timeline.milestones.{i}.month", "{x}"), at("timeline.milestones.0.month", "{x}")
        line(
            f"milestone_month.{i}",
            N_("Milestone {n}: month index").format(n=i + 1),
            N_("months"),
            "0",
            lambda x, month=month, month0=month0: (
                f"IF(ISNUMBER({month.format(x=x)}),(YEAR({month.format(x=x)})-YEAR({month0.format(x=x)}))*months_per_year"
                f'+MONTH({month.format(x=x)})-MONTH({month0.format(x=x)}),"")'
            ),
        )
    last_k = r - 1
    first_d = r
    for i in range(n.milestones):
        level = at(f"timeline.milestones.{i}.level", "{x}")
        line(
            f"milestone_dau.{i}",
            N_("Milestone {n}: DAU").format(n=i + 1),
            N_("DAU"),
            xl.INT,
            lambda x, level=level: (
                f"IF(ISNUMBER({level.format(x=x)}),INDEX({rng('levels.0.dau', f'levels.{n.levels - 1}.dau', x)},"
                f'MATCH({level.format(x=x)},{rng("levels.0.number", f"levels.{n.levels - 1}.number", x)},0)),"")'
            ),
        )
    last_d = r - 1
    end, start = at("timeline.end_month", "{x}"), at("timeline.milestones.0.month", "{x}")
    line(
        "months_projected",
        N_("Months projected"),
        N_("months"),
        "0",
        lambda x: (
            f"(YEAR({end.format(x=x)})-YEAR({start.format(x=x)}))*months_per_year"
            f"+MONTH({end.format(x=x)})-MONTH({start.format(x=x)})+1"
        ),
    )
    horizon = r - 1
    ws.cell(row=r, column=3, value=N_("Month index")).font = xl.BOLD
    r += 1
    assert r + 1 == months_first, (r, months_first)

    def months(key: str, title: str, unit: str, fmt: str, formula: object) -> None:
        """A block of FIVE_YEARS rows (month index k in column C) with the same formula in every row but k's row."""
        nonlocal r
        xl.section(ws, r, title, width)
        r += 1
        first = r
        for k in range(FIVE_YEARS):
            xl.put(ws, r, 3, f"=ROW()-ROW($C${first})", "0")
            rows[f"{key}.{k}"] = r
            ws.cell(row=r, column=2, value=unit)
            for i, x in enumerate(scen_cols):
                xl.put(ws, r, FIRST_COL + i, "=" + formula(x, r), fmt)  # type: ignore[operator]
            r += 1
        r += 1

    def k_rng(x: str) -> str:
        return f"{x}${first_k}:{x}${last_k}"

    def d_rng(x: str) -> str:
        return f"{x}${first_d}:{x}${last_d}"

    def in_month(x: str, r: int, cells: dict[str, str]) -> _ScenarioColumn:
        """Scenario column ``x`` in month row ``r`` of a block, for timeline_rows' formulas: the month index is column
        C, the milestones are this scenario's ranges above, ``cells`` the blocks' cells of this month."""
        milestones = {
            timeline_rows.MILESTONE_MONTH_INDEX.name: k_rng(x),
            timeline_rows.MILESTONE_DAU.name: d_rng(x),
            tier_rows.LEVEL_START_DAU.name: rng("levels.0.dau", f"levels.{n.levels - 1}.dau", x),
        }
        return _ScenarioColumn(book, x, {timeline_rows.MONTH_INDEX.key: f"$C{r}", **cells}, scenario_rows, ranges=milestones)

    months(
        "month_segment",
        N_("Segment: the last milestone reached"),
        "#",
        "0",
        lambda x, r: timeline_rows.SEGMENT.written(in_month(x, r, {})),
    )
    months(
        "month_passed",
        N_("Share of the segment passed"),
        N_("share"),
        xl.PCT,
        lambda x, r: timeline_rows.SHARE_PASSED.written(in_month(x, r, {timeline_rows.SEGMENT.key: f"{x}{r - block}"})),
    )
    months(
        "month_dau",
        N_("DAU"),
        N_("DAU"),
        xl.INT,
        lambda x, r: (
            f'IF($C{r}>={x}${horizon},"",'
            f"{timeline_rows.GROWN_DAU.written(in_month(x, r, {timeline_rows.SEGMENT.key: f'{x}{r - 2 * block}'}))})"
        ),
    )
    months(
        "month_level",
        N_("Level in force"),
        "#",
        "0",
        lambda x, r: (
            f'IF({x}{r - block}="","",{tier_rows.LEVEL.written(in_month(x, r, {tier_rows.DAU.key: f"{x}{r - block}"}))})'
        ),
    )
    assert r + 1 == total_first, (r, total_first)
    months(
        "month_total",
        N_("Total (infrastructure + AI)"),
        N_("USD/month"),
        xl.USD0,
        lambda x, r: (
            f'IF({x}{r - 2 * block}="",0,{tier_rows.TOTAL_USD.written(column(x, f"{x}{r - 2 * block}", f"{x}{r - block}"))})'
        ),
    )
    # The line items per level of each scenario (tier_rows' per-level inputs, above): sums of its Assumptions cells.
    xl.section(ws, r, N_("Each scenario's line items per level (USD per month, before reserved discounts)"), width)
    r += 1
    assert r == levels_first, (r, levels_first)
    for eligible in (False, True):
        for lv in range(n.levels):
            line(
                f"{'reserved_items' if eligible else 'items'}.level{lv}",
                N_("Level {n}: reserved-eligible line items").format(n=lv + 1)
                if eligible
                else N_("Level {n}: line items").format(n=lv + 1),
                N_("USD/month"),
                xl.USD0,
                lambda x, lv=lv, eligible=eligible: level_sum(x, lv, eligible),
            )
    assert rows["reserved_items.level0"] == eligible_first, (rows["reserved_items.level0"], eligible_first)
    book.rows[SHEET] = rows
    xl.widths(ws, {"A": label_width(ws, rows), "B": 14, "C": 7, **{xl.col(FIRST_COL + i): 18 for i in range(len(scen_cols))}})
    xl.print_setup(ws, freeze=f"{xl.col(FIRST_COL)}5", title_rows="3:4")
    print_the_comparison(ws, rows, last_col=width)


PRINTED_LAST = "cumulative_5y"
"""The last row Compare prints: the tiers and the 5-year cumulative. The month-by-month working below it (five
blocks of 60 rows that feed the cumulative) stays on screen, out of the printout: it was 6 of the sheet's 7 pages."""


def display_width(text: str) -> int:
    """Characters as a column counts them: a Hangul or other wide character takes two ('처음 5년간' is 10)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def label_width(ws: Worksheet, rows: dict[str, int]) -> float:
    """Column A as wide as the longest line label it prints (2 to spare), between 30 and 50: 'Cumulative spend over the
    first 5 years' ran into the Unit column at 30. A longer label (a translation) wraps instead (print_the_comparison)."""
    last = rows[PRINTED_LAST]
    labels = [ws.cell(row=r, column=1).value for r in rows.values() if r <= last]
    longest = max((display_width(str(v)) for v in labels if v), default=0)
    return float(min(50, max(30, longest + 2)))


def print_the_comparison(ws: Worksheet, rows: dict[str, int], *, last_col: int) -> None:
    """Print setup beyond ``xl.print_setup`` (landscape, one page wide, header rows 3-4 on every page): the print area
    ends at the 5-year cumulative (one page), and the line labels wrap rather than run into the Unit column."""
    last = rows[PRINTED_LAST]
    ws.print_area = f"A1:{xl.col(last_col)}{last}"
    for r in rows.values():
        if r <= last:
            cell = ws.cell(row=r, column=1)
            cell.alignment = Alignment(wrap_text=True, vertical="bottom")
