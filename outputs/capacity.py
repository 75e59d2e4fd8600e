"""The Capacity sheet: model/capacity/'s utilisation and alerts at each tier, as formulas.

Per tier (columns, as on Calc) and resource: demand = fixed + per DAU x DAU; capacity = the level in
force's (database connections: MAX(server connections, PgBouncer's client connections) where the
level starts at or after PgBouncer's DAU); utilisation = demand / capacity; alert = 'critical' if
ROUND(utilisation, 9) > critical, else 'warning' if > warning, else 'ok'.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from i18n.text import N_
from model.capacity import RESOURCES
from outputs import xl
from outputs.calculation import CALC, FIRST_TIER_COL
from outputs.context import Book

SHEET = "Capacity"


def add_capacity(book: Book) -> None:
    ws = book.wb.create_sheet(SHEET)
    cols = book.calc_cols
    rg = book.ranges
    rows: dict[str, int] = {}
    ws["A1"] = N_("Capacity: demand, capacity, utilisation and alerts per tier")
    ws["A1"].font = xl.TITLE
    xl.header(ws, 3, [N_("Line"), N_("Unit"), N_("How"), *[N_("Tier {n}").format(n=t + 1) for t in range(len(cols))]])
    state = {"r": 4}

    def calc(key: str, c: str) -> str:
        return f"'{CALC}'!{c}${book.calc_row[key]}"

    def add(
        key: str, label: str, unit: str, fmt: str, formula: Callable[[str], str], how: str = "", *, bold: bool = False
    ) -> None:
        r = state["r"]
        rows[key] = r
        ws.cell(row=r, column=1, value=label).font = xl.BOLD if bold else xl.Font()
        ws.cell(row=r, column=2, value=unit)
        ws.cell(row=r, column=3, value=how)
        for c in cols:
            cell = xl.put(ws, r, FIRST_TIER_COL + cols.index(c), "=" + formula(c), fmt, bold=bold)
            if fmt == "@":
                cell.alignment = xl.Alignment(horizontal="right")
        state["r"] = r + 1

    def at(key: str, c: str) -> str:
        return f"{c}${rows[key]}"

    add("dau", N_("DAU"), N_("DAU"), xl.INT, lambda c: calc("dau", c), N_("from Calc"), bold=True)
    add("level", N_("Level in force"), "#", "0", lambda c: calc("level", c), N_("from Calc"))
    add(
        "pgbouncer",
        N_("PgBouncer part of the level"),
        "1/0",
        "0",
        lambda c: f"IF(INDEX(level_start_dau,{at('level', c)})>=pgbouncer_from_dau,1,0)",
        N_("the level starts at or after PgBouncer's DAU"),
    )

    demand: dict[str, Callable[[str], str]] = {
        "db_connections": lambda c: f"{at('dau', c)}*concurrent_users_per_dau*db_connections_per_concurrent_user",
        "redis_memory": lambda c: f"redis_fixed_gb+redis_gb_per_1k_dau/dau_per_thousand*{at('dau', c)}",
        "ai_requests": lambda c: f"calls_per_dau_per_day*(1-ai_response_hit_rate)/minutes_per_day*peak_to_average*{at('dau', c)}",
        "ai_tokens": lambda c: f"{at('demand.ai_requests', c)}*(input_tokens_per_call+output_tokens_per_call)",
        "db_writes": lambda c: f"db_writes_per_dau_per_day/seconds_per_day*peak_to_average*{at('dau', c)}",
    }
    demand_how = {
        "db_connections": N_("DAU x concurrent users per DAU x connections per concurrent user"),
        "redis_memory": N_("fixed GB + GB per 1,000 DAU / 1,000 x DAU"),
        "ai_requests": N_("calls per DAU per day x (1 - AI response hit rate) / minutes per day x peak-to-average x DAU"),
        "ai_tokens": N_("AI requests per minute x (input + output tokens per call)"),
        "db_writes": N_("writes per DAU per day / seconds per day x peak-to-average x DAU"),
    }
    capacity: dict[str, Callable[[str], str]] = {
        "db_connections": lambda c: (
            f"IF({at('pgbouncer', c)}=1,MAX(INDEX({rg['capacity.db_max_connections']},{at('level', c)}),pgbouncer_max_client_conn),"
            f"INDEX({rg['capacity.db_max_connections']},{at('level', c)}))"
        ),
        "redis_memory": lambda c: f"INDEX({rg['capacity.redis_memory_gb']},{at('level', c)})",
        "ai_requests": lambda c: f"INDEX({rg['capacity.ai_requests_per_minute']},{at('level', c)})",
        "ai_tokens": lambda c: f"INDEX({rg['capacity.ai_tokens_per_minute']},{at('level', c)})",
        "db_writes": lambda c: f"INDEX({rg['capacity.db_writes_per_second']},{at('level', c)})",
    }
    thresholds = {
        "db_connections": ("warning_db_pool", "critical_db_pool"),
        "redis_memory": ("warning_redis_memory", "critical_redis_memory"),
        "ai_requests": ("unstated_warning", "unstated_critical"),
        "ai_tokens": ("unstated_warning", "unstated_critical"),
        "db_writes": ("unstated_warning", "unstated_critical"),
    }
    for res in RESOURCES:
        state["r"] += 1
        xl.section(
            ws, state["r"], N_("{resource} ({unit})").format(resource=res.label, unit=res.unit), FIRST_TIER_COL + len(cols) - 1
        )
        state["r"] += 1
        rid = res.id
        add(f"demand.{rid}", N_("Demand"), res.unit, xl.NUM if rid == "redis_memory" else "#,##0.0", demand[rid], demand_how[rid])
        add(
            f"capacity.{rid}",
            N_("Capacity"),
            res.unit,
            xl.NUM if rid == "redis_memory" else xl.INT,
            capacity[rid],
            N_("the level in force's (with PgBouncer: MAX(server, PgBouncer clients))")
            if rid == "db_connections"
            else N_("the level in force's"),
        )
        add(
            f"utilization.{rid}",
            N_("Utilisation"),
            N_("share"),
            xl.PCT,
            partial(lambda c, rid: f"{at(f'demand.{rid}', c)}/{at(f'capacity.{rid}', c)}", rid=rid),
            N_("demand / capacity"),
            bold=True,
        )
        warning, critical = thresholds[rid]
        add(
            f"alert.{rid}",
            N_("Alert"),
            N_("text"),
            "@",
            partial(
                lambda c, rid, w, k: (
                    f'IF(ROUND({at(f"utilization.{rid}", c)},alert_decimals)>{k},"critical",'
                    f'IF(ROUND({at(f"utilization.{rid}", c)},alert_decimals)>{w},"warning","ok"))'
                ),
                rid=rid,
                w=warning,
                k=critical,
            ),
            N_("above {critical} / {warning} (Assumptions)").format(
                critical=critical.replace("_", " "), warning=warning.replace("_", " ")
            ),
        )
    book.rows[SHEET] = rows
    last = state["r"] - 1
    span = f"{cols[0]}4:{cols[-1]}{last}"
    from outputs.report import _text_rule

    ws.conditional_formatting.add(span, _text_rule("critical", "FFFFC7CE"))
    ws.conditional_formatting.add(span, _text_rule("warning", "FFFFEB9C"))
    xl.widths(ws, {"A": 24, "B": 13, "C": 70, **{c: 14 for c in cols}})
    xl.print_setup(ws, freeze="D4", title_rows="3:3")
