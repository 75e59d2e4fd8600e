"""Calculation sheets: 'Unit costs' (per AI call, per cache), 'Levels' (line items by category) and 'Calc' (per tier).

Each reproduces a formula of model/costs.py; the docstring there is quoted in
the 'How' column. Every input comes from the Live column of Assumptions.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, ClassVar

import openpyxl

from i18n.text import N_
from model import cache_rows, model_rows, tier_rows
from model.driver_spec import element_driver
from model.formula import Formula
from model.scenario import CATEGORIES, LineItem
from outputs import xl
from outputs.context import Book

PRICE = element_driver(LineItem)[0]
"""A line item's price field (its one driver, declared on ``LineItem``): the Levels sheet sums its range."""

UNIT = "Unit costs"
LEVELS = "Levels"
CALC = "Calc"
FIRST_TIER_COL = 4  # D
CATEGORY_LABELS = {"cdn": N_("CDN"), "ai": N_("AI")}
DISPLAY_FORMATS = {
    # model.formula.Formula.display -> number format
    "count": xl.INT,
    "share": xl.PCT,
    "usd": xl.USD0,
    "usd_per_call": xl.USD4,
    "usd_per_dau": xl.USD2,
    "multiplier": xl.MULT,
    "flag": "0",
}


_SLOT_FORMATS = {
    model_rows.MODEL_SHARE_OF_CALLS.key: xl.PCT,
    model_rows.MODEL_INPUT_USD_PER_MTOK.key: xl.PRICE,
    model_rows.MODEL_CACHED_INPUT_USD_PER_MTOK.key: xl.PRICE,
    model_rows.MODEL_OUTPUT_USD_PER_MTOK.key: xl.PRICE,
    model_rows.MODEL_WRITE_USD_PER_MTOK.key: xl.PRICE,
    model_rows.MODEL_REASONING_TOKENS_PER_CALL.key: xl.INT,
}


class _NamedInputs:
    """An input is the workbook's defined name of the same name (writing fails if the workbook has none)."""

    book: Book

    def name(self, name: str) -> str:
        if name not in self.book.wb.defined_names:
            raise KeyError(f"the workbook defines no name '{name}'")
        return name


class _UnitCostsRow(_NamedInputs):
    """A model's row of Unit costs, as model.formula.Column for tier_rows' per-model rows: its cells by key."""

    COLUMNS: ClassVar[dict[str, str]] = {
        model_rows.MODEL_SHARE_OF_CALLS.key: "C",
        model_rows.MODEL_INPUT_USD_PER_MTOK.key: "D",
        model_rows.MODEL_CACHED_INPUT_USD_PER_MTOK.key: "E",
        model_rows.MODEL_OUTPUT_USD_PER_MTOK.key: "F",
        model_rows.MODEL_LIST_USD_PER_CALL.key: "G",
        model_rows.MODEL_SHARE_USD.key: "H",
        model_rows.MODEL_WRITE_USD_PER_MTOK.key: "I",
        model_rows.MODEL_REASONING_TOKENS_PER_CALL.key: "J",
    }

    def __init__(self, book: Book, r: int) -> None:
        self.book, self.r = book, r

    def row(self, key: str) -> str:
        return f"{self.COLUMNS[key]}{self.r}"


class _CacheRow(_NamedInputs):
    """A cache's row of Unit costs (``model.cache_rows``' per-cache rows): its cells by key; the totals' row sums the
    parts' column (``span``)."""

    COLUMNS: ClassVar[dict[str, str]] = {
        cache_rows.SERVES.key: "C",
        cache_rows.HIT_RATE.key: "D",
        cache_rows.SHARE_OF_DB_READS.key: "E",
        cache_rows.AI_HIT_PART.key: "F",
        cache_rows.DB_REDUCTION_PART.key: "G",
    }

    def __init__(self, book: Book, r: int, first: int = 0, last: int = 0) -> None:
        self.book, self.r, self.first, self.last = book, r, first, last

    def row(self, key: str) -> str:
        return f"{self.COLUMNS[key]}{self.r}"

    def span(self, key: str) -> str:
        c = self.COLUMNS[key]
        return f"{c}{self.first}:{c}{self.last}"


def add_unit_costs(book: Book) -> None:
    """Per model: list price of one call; per cache: its part of the AI hit rate and of the DB load reduction."""
    ws = book.wb.create_sheet(UNIT)
    n = book.counts
    live = book.live
    ws["A1"] = N_("Unit costs: one AI call at list price, and what the caches absorb")
    ws["A1"].font = xl.TITLE
    rows: dict[str, int] = {}

    xl.header(
        ws,
        3,
        [
            N_("Slot"),
            N_("Model"),
            N_("Share of calls"),
            N_("Input USD/Mtok"),
            N_("Cached input USD/Mtok"),
            N_("Output USD/Mtok"),
            N_("List USD per call"),
            N_("Share x USD per call"),
            N_("Cache-write USD/Mtok"),
            N_("Reasoning tokens per call"),
        ],
    )
    first = 4
    for m in range(n.models):
        r = first + m
        ws.cell(row=r, column=1, value=m + 1)
        ws.cell(row=r, column=2, value=f"={live[f'ai.model_mix.{m}.model']}")
        for key, path in model_rows.SLOT_PATHS.items():  # the slot's inputs, each in its column (_UnitCostsRow)
            column = openpyxl.utils.column_index_from_string(_UnitCostsRow.COLUMNS[key])
            xl.put(ws, r, column, f"={live[path.format(m=m)]}", _SLOT_FORMATS[key])
        model_row = _UnitCostsRow(book, r)
        xl.put(ws, r, 7, "=" + model_rows.MODEL_LIST_USD_PER_CALL.written(model_row), xl.USD4)
        xl.put(ws, r, 8, "=" + model_rows.MODEL_SHARE_USD.written(model_row), xl.USD4)
    last = first + n.models - 1
    r = last + 1
    ws.cell(row=r, column=2, value=N_("Mixed list price of one API call")).font = xl.BOLD
    xl.put(ws, r, 3, f"=SUM(C{first}:C{last})", xl.PCT, bold=True)
    xl.put(ws, r, 8, f"=SUM(H{first}:H{last})", xl.USD4, bold=True)
    rows["model_share_total"] = r
    book.define("model_share_total", xl.ref(UNIT, "C", r))
    book.define("ai_list_usd_per_call", xl.ref(UNIT, "H", r))
    ws.cell(
        row=r + 1,
        column=2,
        value=N_(
            "List USD per call = (input tokens x ((1 - prompt-cache share - cache-write share) x input price + prompt-cache share "
            "x cached-input price + cache-write share x cache-write price) + (output tokens + reasoning tokens) x output price) "
            "/ tokens per Mtok; mixed over the models by share of calls."
        ),
    ).font = xl.Font(italic=True)

    top = r + 3
    xl.header(
        ws,
        top,
        [
            N_("Slot"),
            N_("Cache"),
            N_("Serves"),
            N_("Hit rate"),
            N_("Share of DB reads"),
            N_("AI response hit rate (part)"),
            N_("DB load reduction (part)"),
        ],
    )
    first_c = top + 1
    for c in range(n.caches):
        r = first_c + c
        base = f"caching.caches.{c}"
        ws.cell(row=r, column=1, value=c + 1)
        ws.cell(row=r, column=2, value=f"={live[f'{base}.name']}")
        field = {key: f"={live[f'{base}.{name}']}" for key, name in cache_rows.FIELDS.items()}  # the rows' inputs
        ws.cell(row=r, column=3, value=field[cache_rows.SERVES.key])
        xl.put(ws, r, 4, field[cache_rows.HIT_RATE.key], xl.PCT)
        xl.put(ws, r, 5, field[cache_rows.SHARE_OF_DB_READS.key], xl.PCT)
        xl.put(ws, r, 6, "=" + cache_rows.AI_HIT_PART.written(_CacheRow(book, r)), xl.PCT)
        xl.put(ws, r, 7, "=" + cache_rows.DB_REDUCTION_PART.written(_CacheRow(book, r)), xl.PCT)
    last_c = first_c + n.caches - 1
    r = last_c + 1
    ws.cell(row=r, column=2, value=N_("Totals")).font = xl.BOLD
    xl.put(ws, r, 3, f'=COUNTIF(C{first_c}:C{last_c},"ai")', "0", bold=True)
    totals = _CacheRow(book, r, first_c, last_c)
    xl.put(ws, r, 6, "=" + cache_rows.AI_RESPONSE_HIT_RATE.written(totals), xl.PCT, bold=True)
    xl.put(ws, r, 7, "=" + cache_rows.DB_LOAD_REDUCTION.written(totals), xl.PCT, bold=True)
    book.define("ai_cache_count", xl.ref(UNIT, "C", r))
    book.define("ai_response_hit_rate", xl.ref(UNIT, "F", r))
    book.define("db_load_reduction", xl.ref(UNIT, "G", r))
    ws.cell(
        row=r + 1,
        column=2,
        value=N_(
            "AI response hit rate: the hit rate of the cache that serves 'ai'. DB load reduction: sum over the db caches of "
            "share of reads x hit rate. A blank hit rate counts as 0."
        ),
    ).font = xl.Font(italic=True)
    book.rows[UNIT] = rows
    xl.widths(ws, {"A": 6, "B": 34, "C": 14, "D": 14, "E": 14, "F": 14, "G": 16, "H": 16})
    xl.print_setup(ws, freeze="A4")


def add_levels(book: Book) -> None:
    """Per level: line items summed by category, reserved-eligible amounts, and the plan's named vs negotiated items."""
    ws = book.wb.create_sheet(LEVELS)
    n = book.counts
    cats = list(CATEGORIES)
    k = len(cats)
    ws["A1"] = N_("Levels: each level's line items by category (USD per month, before reserved discounts)")
    ws["A1"].font = xl.TITLE
    c_gross = 4
    c_total = c_gross + k
    c_elig = c_total + 1
    c_elig_cat = c_elig + 1
    c_named = c_elig_cat + k
    c_neg = c_named + 1
    ws.cell(row=3, column=c_gross, value=N_("Line items by category")).font = xl.BOLD
    ws.cell(row=3, column=c_elig_cat, value=N_("Reserved-eligible by category")).font = xl.BOLD
    labels = [
        N_("Level"),
        N_("Name"),
        N_("Starts at DAU"),
        *cats,
        N_("Line items total"),
        N_("Reserved eligible"),
        *cats,
        N_("Items with a figure"),
        N_("Negotiated items"),
    ]
    xl.header(ws, 4, labels)
    first = 5
    for lv in range(n.levels):
        r = first + lv
        rg = {a: book.ranges[f"levels.{lv}.{a}"] for a in ("category", PRICE, "reserved_eligible", "negotiated")}
        ws.cell(row=r, column=1, value=lv + 1)
        ws.cell(row=r, column=2, value=f"={book.live[f'levels.{lv}.name']}")
        xl.put(ws, r, 3, f"={book.live[f'levels.{lv}.dau']}", xl.INT)
        for j in range(k):
            h = xl.col(c_gross + j)
            xl.put(ws, r, c_gross + j, f"=SUMIF({rg['category']},{h}$4,{rg[PRICE]})", xl.USD0)
        xl.put(ws, r, c_total, f"=SUM({xl.col(c_gross)}{r}:{xl.col(c_gross + k - 1)}{r})", xl.USD0, bold=True)
        xl.put(ws, r, c_elig, f"=SUMIF({rg['reserved_eligible']},1,{rg[PRICE]})", xl.USD0)
        for j in range(k):
            h = xl.col(c_elig_cat + j)
            xl.put(
                ws,
                r,
                c_elig_cat + j,
                f"=SUMIFS({rg[PRICE]},{rg['category']},{h}$4,{rg['reserved_eligible']},1)",
                xl.USD0,
            )
        xl.put(ws, r, c_named, f"=SUMIF({rg['negotiated']},0,{rg[PRICE]})", xl.USD0)
        book.ranges[f"levels.{lv}.named_usd"] = xl.ref(LEVELS, xl.col(c_named), r)
        book.ranges[f"levels.{lv}.negotiated_count"] = xl.ref(LEVELS, xl.col(c_neg), r)
        xl.put(ws, r, c_neg, f"=COUNTIF({rg['negotiated']},1)", "0")
    last = first + n.levels - 1
    for j, cat in enumerate(cats):
        book.ranges[f"level_gross.{cat}"] = xl.span(LEVELS, xl.col(c_gross + j), first, last)
        book.ranges[f"level_eligible.{cat}"] = xl.span(LEVELS, xl.col(c_elig_cat + j), first, last)
    book.ranges["level_total"] = xl.span(LEVELS, xl.col(c_total), first, last)
    book.ranges["level_eligible"] = xl.span(LEVELS, xl.col(c_elig), first, last)
    book.ranges["level_named"] = xl.span(LEVELS, xl.col(c_named), first, last)
    book.ranges["level_negotiated"] = xl.span(LEVELS, xl.col(c_neg), first, last)
    ws.cell(
        row=last + 2,
        column=1,
        value=N_(
            "A level's vendor plans apply from its DAU until the next level's; DAU below the first level uses level 1. "
            "Blank rows are level slots the chosen scenario does not use."
        ),
    ).font = xl.Font(italic=True)
    _vendor_matrix(book, ws, last + 4)
    xl.widths(ws, {"A": 7, "B": 24, "C": 13, **{xl.col(c): 12 for c in range(c_gross, c_neg + 1)}})
    xl.print_setup(ws, freeze="D5")


def vendor_pairs(book: Book) -> list[tuple[str, str]]:
    """(vendor, category) of every line item of every scenario column, in order of first appearance."""
    seen: dict[tuple[str, str], None] = {}
    for _, s in book.scenarios:
        for lv in s.levels:
            for item in lv.line_items:
                seen.setdefault((xl.clean_text(item.vendor), item.category), None)
    return list(seen)


def _vendor_matrix(book: Book, ws: Any, top: int) -> None:
    """Per (vendor, category) and level: what that vendor's items in that category cost (the Budget's line items).

    SUMPRODUCT compares exactly: SUMIF would read a vendor named '>5' or 'A*' as a condition.
    """
    n = book.counts
    pairs = vendor_pairs(book)
    book.vendor_rows = pairs
    ws.cell(
        row=top - 1, column=1, value=N_("Line items by vendor and category (USD per month, before reserved discounts)")
    ).font = xl.BOLD
    xl.header(ws, top, ["#", N_("Vendor"), N_("Category"), *[N_("Level {n}").format(n=lv + 1) for lv in range(n.levels)]])
    for i, (vendor, category) in enumerate(pairs):
        r = top + 1 + i
        ws.cell(row=r, column=1, value=i + 1)
        xl.put_text(ws.cell(row=r, column=2), vendor)
        xl.put_text(ws.cell(row=r, column=3), category)
        for lv in range(n.levels):
            rg = {a: book.ranges[f"levels.{lv}.{a}"] for a in ("vendor", "category", PRICE)}
            xl.put(
                ws,
                r,
                4 + lv,
                f"=SUMPRODUCT(({rg['vendor']}=$B{r})*({rg['category']}=$C{r}),{rg[PRICE]})",
                xl.USD0,
            )
    last = top + max(1, len(pairs))
    book.ranges["vendor_matrix"] = f"'{LEVELS}'!$D${top + 1}:${xl.col(3 + n.levels)}${last}"


class _Calc:
    """Rows of the Calc sheet: one consistent formula per row, tiers across."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self.ws = book.wb.create_sheet(CALC)
        self.cols = [xl.col(FIRST_TIER_COL + t) for t in range(book.counts.tiers)]
        self.r = 3

    def at(self, key: str, c: str) -> str:
        return f"{c}${self.book.calc_row[key]}"

    def section(self, title: str) -> None:
        self.r += 1
        xl.section(self.ws, self.r, title, FIRST_TIER_COL + len(self.cols) - 1)
        self.r += 1

    def add(
        self, key: str, label: str, unit: str, fmt: str, formula: Callable[[str], str], how: str = "", *, bold: bool = False
    ) -> None:
        ws, r = self.ws, self.r
        ws.cell(row=r, column=1, value=label).font = xl.BOLD if bold else xl.Font()
        ws.cell(row=r, column=2, value=unit)
        ws.cell(row=r, column=3, value=how)
        self.book.calc_row[key] = r
        for c in self.cols:
            cell = ws[f"{c}{r}"]
            cell.value = "=" + formula(c)
            cell.number_format = fmt
            if bold:
                cell.font = xl.BOLD
        self.r += 1

    def formula(self, f: Formula) -> None:
        """A row defined once in model.tier_rows, written over the named inputs and the rows above it."""
        self.add(
            f.key, f.label, f.unit, DISPLAY_FORMATS[f.display], lambda c: f.written(_CalcColumn(self.book, c)), f.how, bold=f.bold
        )


class _CalcColumn(_NamedInputs):
    """A tier column of Calc, as model.formula.Column: a row's cell in it (a row Calc has none for, the reserved saving
    deducted, is written in place), the defined name of an input or, for a per-level input, its range on Levels; the
    phases' cells (``span``), and each phase's inputs (``phase``, a column per phase)."""

    def __init__(self, book: Book, column: str, phase: int | None = None) -> None:
        self.book, self.column, self.phase = book, column, phase

    def row(self, key: str) -> str:
        if self.phase is not None and key in (tier_rows.PHASE_FROM_DAU.key, tier_rows.PHASE_COST_MULTIPLIER.key):
            return self.book.live[f"ai.optimisation_phases.{self.phase}.{key.removeprefix('phase.')}"]
        return f"{self.column}${self.book.calc_row[key]}"

    def inline(self, key: str) -> bool:
        return key not in self.book.calc_row

    def name(self, name: str) -> str:
        if name not in self.book.wb.defined_names and name in self.book.ranges:
            return self.book.ranges[name]
        return super().name(name)

    def span(self, key: str) -> str | None:
        """The cells of a per-phase row in this column: its first phase's row to its last's."""
        n = self.book.counts.phases
        return f"{self.column}{self.book.calc_row[f'{key}.0']}:{self.column}{self.book.calc_row[f'{key}.{n - 1}']}"


def add_calc(book: Book) -> None:
    """Per tier (columns): the level in force, infrastructure by category, reserved savings, AI, cache savings, totals."""
    k = _Calc(book)
    ws = k.ws
    n = book.counts
    book.calc_cols = k.cols
    ws["A1"] = N_("Calc: the model per DAU tier (tiers across, one formula per row)")
    ws["A1"].font = xl.TITLE
    xl.header(ws, 3, [N_("Line"), N_("Unit"), N_("How")], first_col=1)
    book.calc_row["tier"] = 3
    first_tier = k.cols[0]
    for c in k.cols:
        cell = ws[f"{c}3"]
        cell.value = f"=COLUMNS(${first_tier}$2:{c}$2)"
        cell.font = xl.BOLD
        cell.fill = xl.HEADER_FILL
        cell.number_format = '"Tier "0'
    k.r = 4
    a = k.at
    k.add(
        "shown",
        N_("Tier used by the chosen scenario"),
        "1/0",
        "0",
        lambda c: f'IF(INDEX(tiers_dau,{a("tier", c)})="",0,1)',
        N_("1 where the chosen scenario has this tier"),
    )
    k.add(
        "dau",
        N_("DAU"),
        N_("DAU"),
        xl.INT,
        lambda c: f"IF({a('shown', c)}=1,INDEX(tiers_dau,{a('tier', c)}),0)",
        N_("tier DAU from Assumptions"),
        bold=True,
    )
    k.formula(tier_rows.LEVEL)
    k.add("level_name", N_("Level name"), N_("text"), "@", lambda c: f"INDEX(level_names,{a('level', c)})")

    k.section(N_("Infrastructure (USD per month)"))
    for cat in CATEGORIES:
        f = tier_rows.GROSS_BY_CATEGORY[cat]
        label = N_("{category}, list").format(category=CATEGORY_LABELS.get(cat, cat.capitalize()))
        k.formula(Formula(f.key, f.expr, label=label, unit=f.unit, how=f.how, display=f.display))
    k.formula(tier_rows.INFRASTRUCTURE_GROSS_USD)
    k.formula(tier_rows.RESERVED_ELIGIBLE_USD)
    k.formula(tier_rows.RESERVED_SAVINGS_USD)
    k.formula(tier_rows.RESERVED_IN_FORCE)
    k.formula(tier_rows.INFRASTRUCTURE_USD)

    k.section(N_("AI (USD per month)"))
    k.formula(tier_rows.AI_CALLS_PER_MONTH)
    k.formula(tier_rows.AI_RESPONSE_HIT_RATE)
    k.formula(tier_rows.API_CALLS_PER_MONTH)
    k.add(
        "ai_list_usd_per_call",
        N_("List price per call (mixed)"),
        N_("USD/call"),
        xl.USD4,
        lambda c: "ai_list_usd_per_call",
        N_("from Unit costs"),
    )
    phase = tier_rows.PHASE_MULTIPLIER
    for p in range(n.phases):
        k.add(
            f"{phase.key}.{p}",
            N_("Phase {n} multiplier in force").format(n=p + 1),
            phase.unit,
            DISPLAY_FORMATS[phase.display],
            partial(lambda c, p: phase.written(_CalcColumn(book, c, p)), p=p),
            phase.how,
        )
    k.formula(tier_rows.OPTIMISATION_MULTIPLIER)
    k.formula(tier_rows.OWN_MODEL_IN_FORCE)
    k.formula(tier_rows.AI_USD_PER_API_CALL)
    k.formula(tier_rows.AI_USD)

    k.section(N_("Response cache (USD per month)"))
    k.formula(tier_rows.CACHE_SAVINGS_USD)
    k.formula(tier_rows.CACHE_COST_USD)
    k.formula(tier_rows.CACHE_SAVINGS_NET_USD)

    k.section(N_("Cost by category after reserved discounts (USD per month; feeds the chart)"))
    for cat in CATEGORIES:
        f = tier_rows.CATEGORY_USD[cat]
        k.formula(
            Formula(f.key, f.expr, label=CATEGORY_LABELS.get(cat, cat.capitalize()), unit=f.unit, how=f.how, display=f.display)
        )
    k.add("cat.ai", N_("AI"), N_("USD/month"), xl.USD0, lambda c: a("ai_usd", c))

    k.section(N_("Totals"))
    k.formula(tier_rows.TOTAL_USD)
    k.formula(tier_rows.COST_PER_DAU_USD)

    xl.widths(ws, {"A": 40, "B": 15, "C": 52, **{c: 15 for c in k.cols}})
    xl.print_setup(ws, freeze="D4", title_rows="3:3")
