"""Report sheets: Summary (with the native charts), Audit and Checks. All formulas; no constants."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.layout import Layout, ManualLayout

from i18n.text import N_
from model.scenario import CATEGORIES
from outputs import xl
from outputs.calculation import CALC
from outputs.context import Book, InputCheck
from outputs.language import ALL_PASS, AN_ERROR, FAIL, FAILED_FIRST, OK

SUMMARY = "Summary"
AUDIT = "Audit"
CHECKS = "Checks"

SUMMARY_COLUMNS: tuple[tuple[str, str, str], ...] = (
    # (header with its unit, Calc row key, number format); the first six after Level are the columns.
    (N_("Infrastructure (USD/month)"), "infrastructure_usd", xl.USD0),
    (N_("AI (USD/month)"), "ai_usd", xl.USD0),
    (N_("Cache savings (USD/month)"), "cache_savings_usd", xl.USD0),
    (N_("Total (USD/month)"), "total_usd", xl.USD0),
    (N_("Cost per DAU (USD/DAU/month)"), "cost_per_dau_usd", xl.USD2),
    (N_("Reserved savings available (USD/month)"), "reserved_savings_usd", xl.USD0),
    (N_("Cache savings net of cache cost (USD/month)"), "cache_savings_net_usd", xl.USD0),
)
CATEGORY_HEADERS = {
    "hosting": N_("Hosting (USD/month)"),
    "database": N_("Database (USD/month)"),
    "cache": N_("Cache (USD/month)"),
    "compute": N_("Compute (USD/month)"),
    "cdn": N_("CDN (USD/month)"),
    "monitoring": N_("Monitoring (USD/month)"),
    "other": N_("Other (USD/month)"),
    "ai": N_("AI (USD/month)"),
}
"""Summary's cost-by-category headers, each with its unit (a test checks every category has one)."""
SUMMARY_HEADER_ROW = 5
TOLERANCE_FORMATS = {"audit_tol_usd": xl.USD2, "audit_tol_cents": '"$"0.000', "audit_tol_fraction": xl.PCT2}


def _calc_row(book: Book, key: str) -> str:
    """The whole tier row of ``key`` on Calc, for INDEX by tier number."""
    r = book.calc_row[key]
    return f"'{CALC}'!${book.calc_cols[0]}${r}:${book.calc_cols[-1]}${r}"


def add_summary(book: Book) -> None:
    """One row per tier (DAU, level, infrastructure, AI, cache savings, total, cost per DAU), a category table, two charts."""
    ws = book.wb.create_sheet(SUMMARY)
    t_count = book.counts.tiers
    ws["A1"] = N_("Summary: monthly cost per DAU tier (USD per month)")
    ws["A1"].font = xl.TITLE
    ws["A2"] = N_("Scenario")
    ws["A2"].font = xl.BOLD
    ws["B2"] = "=live_scenario_name"
    ws["A3"] = N_("Checks")
    ws["A3"].font = xl.BOLD
    ws["B3"] = f"='{CHECKS}'!$B$2"
    hr = SUMMARY_HEADER_ROW
    xl.header(ws, hr, [N_("Tier"), N_("DAU"), N_("Level"), *[h for h, _, _ in SUMMARY_COLUMNS]])
    ws.row_dimensions[hr].height = 45
    first = hr + 1
    last = first + t_count - 1
    rows: dict[str, int] = {}
    for t in range(t_count):
        r = first + t
        rows[f"tier.{t}"] = r
        xl.put(ws, r, 1, f"=ROW()-ROW($A${hr})", "0")
        xl.put(ws, r, 2, f'=IF(INDEX({_calc_row(book, "shown")},$A{r})=1,INDEX({_calc_row(book, "dau")},$A{r}),"")', xl.INT)
        xl.put(ws, r, 3, f'=IF($B{r}="","",INDEX({_calc_row(book, "level_name")},$A{r}))')
        for j, (_, key, fmt) in enumerate(SUMMARY_COLUMNS):
            xl.put(ws, r, 4 + j, f'=IF($B{r}="","",INDEX({_calc_row(book, key)},$A{r}))', fmt, bold=key == "total_usd")
    book.rows[SUMMARY] = rows
    note = last + 1
    ws.cell(
        row=note,
        column=1,
        value=N_(
            "Cache savings are already in AI (they are the AI spend the response cache avoids). Reserved savings are deducted "
            "from Infrastructure only where the scenario applies them."
        ),
    ).font = xl.Font(italic=True)

    # Cost by category after reserved discounts: the stacked chart's data.
    cats = [*CATEGORIES, "ai"]
    ch = note + 2
    ws.cell(row=ch - 1, column=1, value=N_("Cost by category (USD per month)")).font = xl.BOLD
    xl.header(ws, ch, [N_("Tier"), N_("DAU"), *[CATEGORY_HEADERS[c] for c in cats]])
    for t in range(t_count):
        r = ch + 1 + t
        xl.put(ws, r, 1, f"=ROW()-ROW($A${ch})", "0")
        xl.put(ws, r, 2, f"=$B${first + t}", xl.INT)
        for j, cat in enumerate(cats):
            xl.put(ws, r, 3 + j, f'=IF($B{r}="","",INDEX({_calc_row(book, f"cat.{cat}")},$A{r}))', xl.USD0)
    cat_last = ch + t_count
    total_col = 3 + len(cats)
    xl.header(ws, ch, [N_("Sum of categories (USD/month)")], first_col=total_col)
    for t in range(t_count):
        r = ch + 1 + t
        xl.put(ws, r, total_col, f'=IF($B{r}="","",SUM(C{r}:{xl.col(total_col - 1)}{r}))', xl.USD0)

    anchor = cat_last + 3
    stacked = BarChart()
    stacked.type = "col"
    stacked.grouping = "stacked"
    stacked.overlap = 100
    stacked.title = N_("Monthly cost by category per tier")
    stacked.y_axis.title = N_("USD per month")
    stacked.x_axis.title = N_("DAU")
    stacked.y_axis.number_format = '"$"#,##0'
    stacked.x_axis.number_format = "#,##0"
    stacked.y_axis.majorGridlines = stacked.y_axis.majorGridlines  # keep gridlines
    stacked.x_axis.delete = False
    stacked.y_axis.delete = False
    stacked.legend.position = "r"
    data = Reference(ws, min_col=3, max_col=2 + len(cats), min_row=ch, max_row=cat_last)
    stacked.add_data(data, titles_from_data=True)
    stacked.set_categories(Reference(ws, min_col=2, min_row=ch + 1, max_row=cat_last))
    stacked.width, stacked.height = 17, 9.5
    ws.add_chart(stacked, f"A{anchor}")

    per_dau = BarChart()
    per_dau.type = "col"
    per_dau.title = N_("Cost per DAU per tier")
    per_dau.y_axis.title = N_("USD per DAU per month")
    per_dau.x_axis.title = N_("DAU")
    per_dau.y_axis.number_format = '"$"#,##0.00'
    per_dau.x_axis.number_format = "#,##0"
    per_dau.x_axis.delete = False
    per_dau.y_axis.delete = False
    per_dau.legend.position = "b"
    cpd_col = 4 + [k for _, k, _ in SUMMARY_COLUMNS].index("cost_per_dau_usd")
    per_dau.add_data(Reference(ws, min_col=cpd_col, min_row=hr, max_row=last), titles_from_data=True)
    per_dau.set_categories(Reference(ws, min_col=2, min_row=first, max_row=last))
    per_dau.dataLabels = DataLabelList()
    per_dau.dataLabels.showVal = True
    per_dau.dataLabels.showSerName = False
    per_dau.dataLabels.showCatName = False
    per_dau.dataLabels.showLegendKey = False
    per_dau.dataLabels.showPercent = False
    per_dau.dataLabels.numFmt = '"$"#,##0.00'
    per_dau.width, per_dau.height = 12, 9.5
    per_dau.plot_area.layout = Layout(manualLayout=ManualLayout(x=0.12, y=0.12, w=0.85, h=0.62))
    ws.add_chart(per_dau, f"G{anchor}")

    xl.widths(ws, {"A": 10, "B": 12, "C": 20, "D": 15, "E": 13, "F": 14, "G": 13, "H": 13, "I": 14, "J": 14, "K": 14})
    xl.print_setup(ws, freeze=f"A{first}")


def add_audit(book: Book) -> None:
    """The plan's stated figures (from Assumptions) against the same figures recomputed; mirrors model/audit.py."""
    ws = book.wb.create_sheet(AUDIT)
    n = book.counts
    live = book.live
    ws["A1"] = N_("Audit: the plan's stated figures against the recomputed ones")
    ws["A1"].font = xl.TITLE
    ws["A2"] = N_(
        "Stated figures are on Assumptions (section 'The plan's stated figures' and each level's block). Gap = stated - recomputed."
    )
    ws["A2"].font = xl.Font(italic=True)
    xl.header(ws, 4, [N_("ID"), N_("Check"), N_("Stated"), N_("Recomputed"), N_("Gap"), N_("Tolerance"), N_("Status"), N_("How")])
    state = {"r": 5}
    rows: dict[str, int] = {}

    def add(id_: str, topic: str, stated: str, computed: str, fmt: str, tol: str, how: str, status: str | None = None) -> None:
        r = state["r"]
        rows[id_] = r
        ws.cell(row=r, column=1, value=id_)
        ws.cell(row=r, column=2, value=topic)
        xl.put(ws, r, 3, f"={stated}", fmt)
        xl.put(ws, r, 4, f"={computed}", fmt)
        xl.put(ws, r, 5, f'=IF(AND(ISNUMBER(C{r}),ISNUMBER(D{r})),C{r}-D{r},"")', fmt)
        xl.put(ws, r, 6, f"={tol}", TOLERANCE_FORMATS[tol])
        default = f'IF(ABS(E{r})<F{r},"agrees","disagrees")'
        ws.cell(
            row=r, column=7, value=f'=IF(AND(ISNUMBER(C{r}),ISNUMBER(D{r})),{status.format(r=r) if status else default},"n/a")'
        )
        ws.cell(row=r, column=8, value=how).alignment = xl.WRAP
        if len(how) > 95:
            ws.row_dimensions[r].height = 27
        state["r"] = r + 1

    def heading(title: str) -> None:
        xl.section(ws, state["r"], title, 8)
        state["r"] += 1

    rg = book.ranges
    heading(N_("Levels (section 2): line items and AI against each level's stated total"))
    for lv in range(n.levels):
        sa = f"levels.{lv}.stated_ai"
        named = rg[f"levels.{lv}.named_usd"]
        negotiated = rg[f"levels.{lv}.negotiated_count"]
        ai_line = f'IF({live[f"{sa}.basis"]}="own_model",N({live[f"{sa}.own_model_usd_per_month"]}),N({live[f"{sa}.api_usd_per_month"]}))'
        add(
            f"level-{lv + 1}-total",
            N_("Level {n}: line items with a figure + AI line vs stated total").format(n=lv + 1),
            live[f"levels.{lv}.stated_total_usd"],
            f"{named}+{ai_line}",
            xl.USD0,
            "audit_tol_usd",
            N_(
                "items not negotiated + the AI line the total uses; 'implied' where a negotiated item has no figure and the gap "
                "is what the plan implies for it"
            ),
            status=f'IF(AND({negotiated}>0,E{{r}}>=audit_tol_usd),"implied",IF(ABS(E{{r}})<F{{r}},"agrees","disagrees"))',
        )
    for lv in range(n.levels):
        sa = f"levels.{lv}.stated_ai"
        api, own = live[f"{sa}.api_usd_per_month"], live[f"{sa}.own_model_usd_per_month"]
        add(
            f"level-{lv + 1}-own-model-reduction",
            N_("Level {n}: own model's cost reduction against the API").format(n=lv + 1),
            f'IF(AND(N({api})>0,N({own})>0),stated_own_model_reduction,"")',
            f'IF(AND(N({api})>0,N({own})>0),1-{own}/{api},"")',
            xl.PCT,
            "audit_tol_fraction",
            N_("1 - own-model line / API line, where the level states both"),
        )
    for lv in range(n.levels):
        dau = live[f"levels.{lv}.dau"]
        add(
            f"level-{lv + 1}-vs-cost-table",
            N_("Level {n}: stated total vs the cost table's").format(n=lv + 1),
            f'IFERROR(INDEX({rg["stated_costs.total_usd"]},MATCH({dau},{rg["stated_costs.dau"]},0)),"")',
            live[f"levels.{lv}.stated_total_usd"],
            xl.USD0,
            "audit_tol_usd",
            N_("section 2's level total against section 6's row at the same DAU"),
        )

    heading(N_("Cost table (section 6): its own arithmetic"))
    for i in range(n.stated_rows):
        s = {a: live[f"stated_costs.{i}.{a}"] for a in ("dau", "infrastructure_usd", "ai_usd", "total_usd", "cost_per_user_usd")}
        add(
            f"table-{i + 1}-sum",
            N_("Cost table row {n}: infrastructure + AI = total").format(n=i + 1),
            s["total_usd"],
            f'IF(ISNUMBER({s["dau"]}),{s["infrastructure_usd"]}+{s["ai_usd"]},"")',
            xl.USD0,
            "audit_tol_usd",
            N_("infrastructure + AI"),
        )
        add(
            f"table-{i + 1}-per-user",
            N_("Cost table row {n}: cost per user").format(n=i + 1),
            s["cost_per_user_usd"],
            f'IF(ISNUMBER({s["dau"]}),ROUND({s["total_usd"]}/{s["dau"]},cent_digits),"")',
            xl.USD2,
            "audit_tol_cents",
            N_("ROUND(total / DAU, 2), as the plan rounds"),
        )
    dau_r, pu_r = rg["stated_costs.dau"], rg["stated_costs.cost_per_user_usd"]
    add(
        "insight-cost-per-user-change",
        N_("Insight: change in cost per user, first to last row"),
        "stated_cost_per_user_change",
        f'IF(COUNT({dau_r})>1,ROUND(INDEX({pu_r},COUNT({dau_r}))/INDEX({pu_r},1)-1,cent_digits),"")',
        xl.PCT,
        "audit_tol_fraction",
        N_("last row's cost per user / first row's - 1, rounded to 2 decimals"),
    )
    add(
        "dashboard-ai-spend",
        N_("Dashboard AI spend per month vs level 1's AI line"),
        live["levels.0.stated_ai.api_usd_per_month"],
        "dashboard_ai_usd_per_day*days_per_month",
        xl.USD0,
        "audit_tol_usd",
        N_("dashboard USD per day x days per month"),
    )

    heading(N_("The model under the chosen scenario against the plan"))
    add(
        "caching-ai-effect",
        N_("Caching: AI cost reduction"),
        "stated_ai_cost_reduction",
        "ai_response_hit_rate",
        xl.PCT,
        "audit_tol_fraction",
        N_("each response-cache hit sends no tokens, so AI cost falls by its hit rate"),
    )
    add(
        "caching-db-effect",
        N_("Caching: database load reduction"),
        "stated_db_load_reduction",
        "db_load_reduction",
        xl.PCT,
        "audit_tol_fraction",
        N_("sum over the db caches of share of reads x hit rate"),
    )
    calc_dau = _calc_row(book, "dau")
    for i in range(n.stated_rows):
        s = {a: live[f"stated_costs.{i}.{a}"] for a in ("dau", "infrastructure_usd", "ai_usd", "total_usd", "cost_per_user_usd")}
        for key, stated, calc_key, digits, fmt, tol in (
            ("infrastructure", s["infrastructure_usd"], "infrastructure_usd", "dollar_digits", xl.USD0, "audit_tol_usd"),
            ("ai", s["ai_usd"], "ai_usd", "dollar_digits", xl.USD0, "audit_tol_usd"),
            ("total", s["total_usd"], "total_usd", "dollar_digits", xl.USD0, "audit_tol_usd"),
            ("cost-per-dau", s["cost_per_user_usd"], "cost_per_dau_usd", "cent_digits", xl.USD2, "audit_tol_cents"),
        ):
            add(
                f"model-{i + 1}-{key}",
                N_("Model at cost table row {n}'s DAU: {label}").format(n=i + 1, label=key.replace("-", " ")),
                stated,
                f'IFERROR(ROUND(INDEX({_calc_row(book, calc_key)},MATCH({s["dau"]},{calc_dau},0)),{digits}),"")',
                fmt,
                tol,
                N_(
                    "the model's figure at that DAU (a tier on Calc), rounded as the plan rounds it; n/a if the DAU is not a tier"
                ),
            )
    from outputs.reading import add_second_reading

    add_second_reading(ws, state, rows, book.exported)
    book.rows[AUDIT] = rows
    last = state["r"] - 1
    ws.conditional_formatting.add(f"G5:G{last}", _text_rule("disagrees", "FFFFC7CE"))
    ws.conditional_formatting.add(f"G5:G{last}", _text_rule("implied", "FFFFEB9C"))
    xl.widths(ws, {"A": 30, "B": 58, "C": 14, "D": 14, "E": 12, "F": 11, "G": 11, "H": 100})
    xl.print_setup(ws, freeze="C5", title_rows="4:4")


def _text_rule(text: str, color: str, *, operator: str = "equal") -> Any:
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import PatternFill

    return CellIsRule(operator=operator, formula=[f'"{text}"'], fill=PatternFill("solid", fgColor=color, bgColor=color))


def _input_condition(book: Book, item: InputCheck) -> str:
    """The Live value of ``item`` meets its schema rule; a used list slot must be filled, an unused one may stay blank."""
    from outputs.assumptions import allowed_refs

    x = book.live[item.key]
    b = item.bounds
    low, high = allowed_refs(book, item.row)
    if b.kind == "code":
        codes = ",".join(f'"{code}"' for code in b.codes)
        cond = f"ISNUMBER(MATCH({x},{{{codes}}},0))"
    elif b.kind == "month":
        cond = f"ISNUMBER({x})"
    elif b.kind == "flag":
        cond = f"AND(ISNUMBER({x}),OR({x}={low},{x}={high}))"
    else:
        parts = []
        if b.low is not None:
            parts.append(f"{x}{'>' if b.low_strict else '>='}{low}")
        if b.high is not None:
            parts.append(f"{x}{'<' if b.high_strict else '<='}{high}")
        if b.kind == "whole":
            parts.append(f"{x}=INT({x})")
        # IF, not AND: INT("") is an error, and AND evaluates every argument.
        cond = f"IF(ISNUMBER({x}),AND({','.join(parts)}),FALSE)" if parts else f"ISNUMBER({x})"
    if item.anchor == item.key or b.nullable:
        return f'IF({x}="",TRUE,{cond})'
    if item.anchor is not None:
        return f'IF({book.live[item.anchor]}="",TRUE,{cond})'
    return cond


def add_checks(book: Book) -> None:
    """Input checks, error checks and reconciliations; B2 is the master check.

    Every result cell reads OK or FAIL, never an error (IFERROR turns one into FAIL), and the master check reads
    ALL CHECKS PASS only when no result is FAIL or an error; otherwise it counts the failures and names the first.
    These words come from ``outputs.language`` (``FORMULA_WORDS``), which puts them in a Korean workbook's formulas.
    Input checks come first, so a bad input is the one named, not the totals it breaks.
    """
    ws = book.wb.create_sheet(CHECKS)
    cols = book.calc_cols
    ws["A1"] = N_("Checks: inputs, errors and reconciliations (OK / FAIL)")
    ws["A1"].font = xl.TITLE
    ws["A2"] = N_("Master check")
    ws["A2"].font = xl.BOLD
    xl.header(ws, 4, [N_("Check"), N_("Result"), N_("How / rule"), *[N_("Tier {n}").format(n=t + 1) for t in range(len(cols))]])
    state = {"r": 5}

    def calc(key: str, c: str) -> str:
        return f"'{CALC}'!{c}${book.calc_row[key]}"

    def heading(title: str) -> None:
        xl.section(ws, state["r"], title, 3 + len(cols))
        state["r"] += 1

    def per_tier(label: str, how: str, cond: Callable[[str, int], str]) -> None:
        r = state["r"]
        ws.cell(row=r, column=1, value=label)
        ws.cell(row=r, column=3, value=how)
        for t, c in enumerate(cols):
            ws.cell(row=r, column=4 + t, value=f'=IFERROR(IF({cond(c, t)},"{OK}","{FAIL}"),"{FAIL}")')
        ws.cell(row=r, column=2, value=f'=IF(COUNTIF(D{r}:{xl.col(3 + len(cols))}{r},"{FAIL}")=0,"{OK}","{FAIL}")').font = xl.BOLD
        state["r"] = r + 1

    def scalar(label: str, how: str, cond: str) -> None:
        r = state["r"]
        ws.cell(row=r, column=1, value=label)
        ws.cell(row=r, column=3, value=how)
        ws.cell(row=r, column=2, value=f'=IFERROR(IF({cond},"{OK}","{FAIL}"),"{FAIL}")').font = xl.BOLD
        state["r"] = r + 1

    first_check = state["r"] + 1
    heading(N_("Inputs: the chosen scenario's values (Assumptions, Live column) against the scenario schema"))
    for item in book.inputs:
        scalar(
            N_("Input: {label} (Assumptions row {row})").format(label=item.label, row=item.row),
            item.bounds.rule(),
            _input_condition(book, item),
        )
    scalar(N_("Model mix shares sum to 100%"), "Unit costs", "ABS(model_share_total-1)<audit_tol_fraction")
    scalar(N_("Exactly one cache serves 'ai'"), "Unit costs", "ai_cache_count=1")
    scalar(N_("Tiers in increasing order"), "Assumptions", _increasing(book, "tiers_dau", book.counts.tiers))
    scalar(N_("Levels in increasing order of DAU"), "Assumptions", _increasing(book, "levels.{}.dau", book.counts.levels))
    scalar(
        N_("The chosen scenario is one of the scenario columns"),
        N_("Assumptions C2 against row 6"),
        "SUMPRODUCT((" + _names_row(book) + "=chosen_scenario)*1)=1",
    )
    scalar(
        N_("Timeline rows cover the horizon (last month projected)"),
        N_("months projected <= the Timeline's rows (export again for a longer horizon)"),
        f"AND(months_projected>=1,months_projected<=ROWS({book.ranges['timeline_total']}))",
    )

    heading(N_("Outputs: no cell holds an error (#VALUE!, #DIV/0!, ...)"))
    # From the first row below anything that shows the master check (that would be a circular reference).
    tops = {
        "Unit costs": 1,
        "Levels": 1,
        CALC: 1,
        SUMMARY: SUMMARY_HEADER_ROW,
        "Capacity": 1,
        "Timeline": 4,
        "Budget": 6,
        "Sensitivity": 1,
        "Compare": 1,
        AUDIT: 1,
    }
    for title, top in tops.items():
        if title not in book.wb.sheetnames:
            continue
        sheet = book.wb[title]
        area = f"'{title}'!$A${top}:${xl.col(max(1, sheet.max_column))}${max(top, sheet.max_row)}"
        scalar(
            N_("No error cell on {sheet}").format(sheet=title), N_("ISERROR over the sheet"), f"SUMPRODUCT(--ISERROR({area}))=0"
        )

    heading(N_("Reconciliations"))
    tol = "check_tol_usd"
    per_tier(
        N_("Total = infrastructure + AI"),
        "Calc",
        lambda c, t: f"ABS({calc('total_usd', c)}-{calc('infrastructure_usd', c)}-{calc('ai_usd', c)})<{tol}",
    )
    first_cat = book.calc_row[f"cat.{CATEGORIES[0]}"]
    last_cat = book.calc_row["cat.ai"]
    per_tier(
        N_("Categories (after reserved) + AI = total"),
        "Calc",
        lambda c, t: f"ABS(SUM('{CALC}'!{c}{first_cat}:{c}{last_cat})-{calc('total_usd', c)})<{tol}",
    )
    per_tier(
        N_("Gross infrastructure = the level's line items"),
        N_("Calc against Levels"),
        lambda c, t: f"ABS({calc('infrastructure_gross_usd', c)}-INDEX({book.ranges['level_total']},{calc('level', c)}))<{tol}",
    )
    per_tier(
        N_("Infrastructure = gross - reserved saving where deducted"),
        "Calc",
        lambda c, t: (
            f"ABS({calc('infrastructure_usd', c)}-({calc('infrastructure_gross_usd', c)}-"
            f"{calc('reserved_in_force', c)}*{calc('reserved_savings_usd', c)}))<{tol}"
        ),
    )
    per_tier(
        N_("AI + cache savings = all AI calls at the cost per call"),
        "Calc",
        lambda c, t: (
            f"ABS({calc('ai_usd', c)}+{calc('cache_savings_usd', c)}-{calc('ai_calls_per_month', c)}*{calc('ai_usd_per_api_call', c)})<{tol}"
        ),
    )
    per_tier(
        N_("Cost per DAU x DAU = total"),
        "Calc",
        lambda c, t: (
            f"IF({calc('dau', c)}>0,ABS({calc('cost_per_dau_usd', c)}*{calc('dau', c)}-{calc('total_usd', c)})<{tol},TRUE)"
        ),
    )
    summary_rows = book.rows[SUMMARY]
    total_col = xl.col(4 + [k for _, k, _ in SUMMARY_COLUMNS].index("total_usd"))
    infra_col = xl.col(4 + [k for _, k, _ in SUMMARY_COLUMNS].index("infrastructure_usd"))
    ai_col = xl.col(4 + [k for _, k, _ in SUMMARY_COLUMNS].index("ai_usd"))
    per_tier(
        N_("Summary row = Calc"),
        N_("Summary against Calc"),
        lambda c, t: (
            f"IF({calc('shown', c)}=1,ABS('{SUMMARY}'!${total_col}${summary_rows[f'tier.{t}']}-{calc('total_usd', c)})<{tol},TRUE)"
        ),
    )
    f, last = summary_rows["tier.0"], summary_rows[f"tier.{len(cols) - 1}"]
    scalar(
        N_("Summary: total column = infrastructure column + AI column"),
        N_("column sums"),
        f"ABS(SUM('{SUMMARY}'!{total_col}{f}:{total_col}{last})-SUM('{SUMMARY}'!{infra_col}{f}:{infra_col}{last})"
        f"-SUM('{SUMMARY}'!{ai_col}{f}:{ai_col}{last}))<{tol}",
    )
    if "budget_kind" in book.ranges:
        kind, rg = book.ranges["budget_kind"], book.ranges
        months_total = f'SUMIF({kind},"month",{rg["budget_total"]})'
        scalar(
            N_("Budget: the months' Total = the Timeline's"),
            N_("Budget against Timeline"),
            f"ABS({months_total}-SUM({rg['timeline_total']}))<{tol}",
        )
        scalar(
            N_("Budget: the year columns add up to the months"),
            N_("year totals against month columns"),
            f'ABS(SUMIF({kind},"year",{rg["budget_total"]})-{months_total})<{tol}',
        )
        scalar(
            N_("Budget: Total = Infrastructure total + AI, months and years"),
            "Budget",
            f"ABS(SUM({rg['budget_total']})-SUM({rg['budget_infrastructure']})-SUM({rg['budget_ai']}))<{tol}",
        )
    last_row = state["r"] - 1
    results = f"B{first_check}:B{last_row}"
    labels = f"A{first_check}:A{last_row}"
    ws["B2"] = (
        f'=IF(AND(COUNTIF({results},"{FAIL}")=0,SUMPRODUCT(--ISERROR({results}))=0),"{ALL_PASS}",'
        f'COUNTIF({results},"{FAIL}")&"{FAILED_FIRST}"&IFERROR(INDEX({labels},MATCH("{FAIL}",{results},0)),"{AN_ERROR}"))'
    )
    ws["B2"].font = xl.BOLD
    ws.merge_cells("B2:H2")
    ws.conditional_formatting.add(f"B5:{xl.col(3 + len(cols))}{last_row}", _text_rule(FAIL, "FFFFC7CE"))
    ws.conditional_formatting.add("B2", _text_rule(ALL_PASS, "FFC6EFCE"))
    ws.conditional_formatting.add("B2", _text_rule(ALL_PASS, "FFFFC7CE", operator="notEqual"))
    xl.widths(ws, {"A": 70, "B": 9, "C": 48, **{xl.col(4 + t): 9 for t in range(len(cols))}})
    xl.print_setup(ws, freeze="B5", title_rows="4:4")


def _names_row(book: Book) -> str:
    from outputs.assumptions import FIRST_SCENARIO_COL, NAME_ROW, SHEET

    first = xl.col(FIRST_SCENARIO_COL)
    last = xl.col(FIRST_SCENARIO_COL + len(book.scenarios) - 1)
    return xl.row_span(SHEET, first, last, NAME_ROW)


def _increasing(book: Book, key: str, count: int) -> str:
    if key == "tiers_dau":
        cells = [book.live[f"tiers_dau.{i}"] for i in range(count)]
    else:
        cells = [book.live[key.format(i)] for i in range(count)]
    terms = [f'OR({b}="",AND(ISNUMBER({a}),{b}>{a}))' for a, b in itertools.pairwise(cells)]
    return f"AND({','.join(terms)})" if terms else "TRUE"
