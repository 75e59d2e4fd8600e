"""The Assumptions sheet: every input, one row each, one column per scenario, and a Live column.

Layout: A input, B unit, C Live (the chosen scenario's value, a formula),
D.. one column per scenario (the inputs, styled with Excel's 'Input' style),
then Source. The cell ``chosen_scenario`` (C2) is a drop-down of the scenario
names; ``scenario_index`` (C3) finds its column. Every other sheet references
only the Live column, so the drop-down drives the whole workbook.

Lists (tiers, levels, line items, models, phases, caches, stated cost rows)
get as many slots as the longest scenario needs; a scenario with fewer leaves
the rest blank and its Live value is the empty string "", which the
calculation sheets treat as absent.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation

from i18n.text import N_
from model.costs import phase_factor
from model.driver_spec import Cell, Spec, element_driver, spec_of
from model.params import APPLIED
from model.prices import TokenPrices, prices_for, snapshot
from model.scenario import (
    AIDrivers,
    Cache,
    Economics,
    LineItem,
    ModelShare,
    OptimisationPhase,
    OwnModel,
    ReservedInstances,
    Scenario,
    value_at,
)
from outputs import xl
from outputs.bounds import Bounds, bounds_at
from outputs.context import Book, InputCheck

SHEET = "Assumptions"
LIVE_COL = "C"
FIRST_SCENARIO_COL = 4
HEADER_ROW = 5
NAME_ROW = 6
SOURCE_WIDTH = 50
SCENARIO_WIDTH = 17
SOURCE_CHARS_PER_LINE = 58


@dataclass(frozen=True)
class Row:
    key: str
    """Scenario field path where there is one (used for provenance), else a key of ours."""
    label: str
    unit: str
    fmt: str
    get: Callable[[Scenario, int], Any]
    """(scenario, scenario column index) -> value; None leaves the cell blank."""
    text: bool = False
    name: str | None = None
    """Defined name for the Live cell."""
    source: str | None = None
    """Fixed source text; otherwise from the scenario's provenance."""


@dataclass(frozen=True)
class Section:
    title: str


SENSITIVITY_STEPS = (-0.2, -0.1, 0.1, 0.2)
POSITIVE = Bounds("decimal", low=0, low_strict=True)


@dataclass(frozen=True)
class Constant:
    key: str
    label: str
    unit: str
    fmt: str
    value: float
    name: str
    source: str
    bounds: Bounds = POSITIVE
    """What may be typed (constants are not scenario fields, so their rule is stated here)."""


CELL_FORMATS: dict[Cell, str] = {
    "number": xl.NUM,
    "integer": xl.INT,
    "percent": xl.PCT,
    "multiple": xl.MULT,
    "flag": xl.FLAG,
    "usd": xl.USD0,
    "usd_cents": xl.USD2,
}
"""A driver's ``Spec.cell`` -> its number format on the sheet."""


def _driver_row(path: str, spec: Spec, get: Callable[[Scenario, int], Any] | None = None, slot: int | None = None) -> Row:
    """A declared driver's row: label, unit, number format and defined name from its Spec (``model.driver_spec``).
    A list element's label is the Spec's sheet template for its slot ('Cache {n}: hit rate' -> 'Cache 2: hit rate')."""
    label = spec.sheet_label or spec.label
    return Row(
        path,
        label if slot is None else label.format(n=slot + 1),
        spec.sheet_unit or spec.unit,
        CELL_FORMATS[spec.cell],
        get or _as_applied(path) or _at(path, _flag if spec.cell == "flag" else None),
        name=spec.name,
    )


def _element_driver(model: type[Any], base: str, get: Callable[[Scenario, int], Any] | None = None, *, slot: int) -> Row:
    """The row of the one driver a list element declares (a model's share of calls, a phase's multiplier, a cache's hit
    rate), read off its Spec: path ``base.<field>``, the sheet template for ``slot``, the value from ``get`` where the
    sheet shows it as the model applies it."""
    field, spec = element_driver(model)
    return _driver_row(f"{base}.{field}", spec, get, slot=slot)


def _fields(
    model: type[Any],
    prefix: str,
    others: dict[str, Row] | None = None,
) -> Iterator[Row]:
    """One row per field of ``model`` (at ``prefix``), in the schema's order: a declared driver's from its Spec (its value
    as the model applies it where ``model.params.APPLIED`` says it differs), any other field's from ``others``; fields in neither
    are not on the sheet. A driver declared on one of these models reaches the sheet without an edit here."""
    for field, info in model.model_fields.items():
        spec = spec_of(info.metadata)
        if spec is not None:
            yield _driver_row(prefix + field, spec)
        elif others and field in others:
            yield others[field]


def _at(path: str, transform: Callable[[Any], Any] | None = None) -> Callable[[Scenario, int], Any]:
    def get(s: Scenario, _i: int) -> Any:
        try:
            value = value_at(s, path)
        except KeyError:
            return None
        if value is None:
            return None
        return transform(value) if transform else value

    return get


def _phase_factor(s: Scenario, i: int, *, p: int, prices: list[tuple[TokenPrices, ...]]) -> float | None:
    """The phase's multiplier as the model applies it: its fitted multiplier x what its levers save (model.costs)."""
    if p >= len(s.ai.optimisation_phases):
        return None
    return phase_factor(s.ai, s.ai.optimisation_phases[p], prices[i])


def _as_applied(path: str) -> Callable[[Scenario, int], Any] | None:
    """The value the model applies for a driver it applies at other than the scenario's figure (``model.params.APPLIED``:
    the own model's cost relative to the API, the plan's share or the business case's); None for any other driver."""
    value_of = APPLIED.get(path)
    return None if value_of is None else (lambda s, _i: value_of(s))


def _month(value: Any) -> dt.date:
    """'YYYY-MM' -> the first day of that month (a real date, so the sheet can do month arithmetic)."""
    year, month = (int(x) for x in str(value).split("-"))
    return dt.date(year, month, 1)


def _flag(value: Any) -> int:
    return 1 if value else 0


def _provenance(s: Scenario, path: str) -> str:
    parts = path.split(".")
    while parts:
        prov = s.provenance.get(".".join(parts))
        if prov is not None:
            checked = f" (checked {prov.checked.isoformat()})" if prov.checked else ""
            return f"{prov.kind}: {prov.note}{checked}".strip()
        parts.pop()
    return ""


def _price_source(p: TokenPrices) -> str:
    snap = snapshot()
    if p.source.startswith("genai-prices"):
        checked = f", checked {snap.checked.isoformat()}" if snap.checked else ""
        return f"library: {p.source}{checked} ({p.provider or 'openai'} {p.model})"
    if p.source.startswith("pinned"):
        return f"{p.source} ({p.model})"
    return f"scenario override for {p.model}"


def rows(book: Book, prices: list[tuple[TokenPrices, ...]]) -> Iterator[Row | Section | Constant]:
    """Every input row, in sheet order."""
    n = book.counts

    def price(m: int, attr: str) -> Callable[[Scenario, int], Any]:
        return lambda _s, i: getattr(prices[i][m], attr) if m < len(prices[i]) else None

    yield Section("General")
    yield from _fields(Scenario, "")
    for t in range(n.tiers):
        yield Row(f"tiers_dau.{t}", N_("Tier {n}: DAU").format(n=t + 1), N_("DAU"), xl.INT, _at(f"tiers_dau.{t}"))

    yield Section(N_("AI usage"))
    yield from _fields(
        AIDrivers,
        "ai.",
        others={
            "prompt_cache_write_share_of_input": Row(
                "ai.prompt_cache_write_share_of_input",
                N_("Prompt-cache write share of input tokens (billed at the cache-write price)"),
                N_("share"),
                xl.PCT,
                _at("ai.prompt_cache_write_share_of_input"),
                name="prompt_cache_write_share",
            )
        },
    )

    yield Section(N_("AI model mix and prices (USD per million tokens)"))
    for m in range(n.models):
        base = f"ai.model_mix.{m}"
        yield Row(f"{base}.model", N_("Model {n}").format(n=m + 1), N_("model id"), xl.TEXT, _at(f"{base}.model"), text=True)
        yield _element_driver(ModelShare, base, slot=m)
        yield Row(
            f"{base}.reasoning_tokens_per_call",
            N_("Model {n}: reasoning tokens per call (billed as output)").format(n=m + 1),
            N_("tokens"),
            xl.INT,
            _at(f"{base}.reasoning_tokens_per_call"),
        )
        for attr, label in (
            ("input_usd_per_mtok", N_("input price")),
            ("cached_input_usd_per_mtok", N_("cached-input price")),
            ("output_usd_per_mtok", N_("output price")),
            ("write_usd_per_mtok", N_("cache-write price (the input price where the provider bills none)")),
        ):
            sources = {_price_source(p[m]) for p in prices if m < len(p)}
            yield Row(
                f"prices.{m}.{attr}",
                N_("Model {n}: {label}").format(n=m + 1, label=label),
                N_("USD/Mtok"),
                xl.PRICE,
                price(m, attr),
                source="; ".join(sorted(sources)),
            )

    yield Section(N_("AI optimisation phases (multipliers apply from their DAU on, cumulatively)"))
    for p in range(n.phases):
        base = f"ai.optimisation_phases.{p}"
        yield Row(f"{base}.name", N_("Phase {n}").format(n=p + 1), N_("name"), xl.TEXT, _at(f"{base}.name"), text=True)
        yield Row(f"{base}.from_dau", N_("Phase {n}: from DAU").format(n=p + 1), N_("DAU"), xl.INT, _at(f"{base}.from_dau"))
        multiplier = partial(_phase_factor, p=p, prices=prices)
        yield _element_driver(OptimisationPhase, base, multiplier, slot=p)

    yield Section(N_("Own AI model"))
    yield from _fields(OwnModel, "ai.own_model.")

    yield Section(N_("Caches (the one serving 'ai' is the AI response cache; a blank hit rate counts as 0)"))
    for c in range(n.caches):
        base = f"caching.caches.{c}"
        yield Row(f"{base}.name", N_("Cache {n}").format(n=c + 1), N_("name"), xl.TEXT, _at(f"{base}.name"), text=True)
        yield Row(
            f"{base}.serves",
            N_("Cache {n}: serves (ai / db)").format(n=c + 1),
            N_("text"),
            xl.TEXT,
            _at(f"{base}.serves"),
            text=True,
        )
        yield _element_driver(Cache, base, slot=c)
        yield Row(
            f"{base}.share_of_db_reads",
            N_("Cache {n}: share of DB reads").format(n=c + 1),
            N_("share"),
            xl.PCT,
            _at(f"{base}.share_of_db_reads"),
        )

    yield Section(N_("Reserved instances"))
    ri = "reserved_instances"
    yield from _fields(
        ReservedInstances,
        f"{ri}.",
        others={
            "discount_low": Row(
                f"{ri}.discount_low",
                N_("Discount, low end"),
                N_("share"),
                xl.PCT,
                _at(f"{ri}.discount_low"),
                name="reserved_discount_low",
            ),
            "discount_high": Row(
                f"{ri}.discount_high",
                N_("Discount, high end"),
                N_("share"),
                xl.PCT,
                _at(f"{ri}.discount_high"),
                name="reserved_discount_high",
            ),
            "stated_expected_saving_usd_per_month": Row(
                f"{ri}.stated_expected_saving_usd_per_month",
                N_("Plan's expected saving"),
                N_("USD/month"),
                xl.USD0,
                _at(f"{ri}.stated_expected_saving_usd_per_month"),
            ),
        },
    )

    yield Section(N_("Levels: the vendor plans in force from each level's DAU until the next level's"))
    for lv in range(n.levels):
        yield Row(f"levels.{lv}.dau", N_("Level {n}: starts at").format(n=lv + 1), N_("DAU"), xl.INT, _at(f"levels.{lv}.dau"))
    for lv in range(n.levels):
        yield Row(f"levels.{lv}.number", N_("Level {n}: number").format(n=lv + 1), "#", "0", _at(f"levels.{lv}.number"))
    for lv in range(n.levels):
        yield Row(
            f"levels.{lv}.name", N_("Level {n}: name").format(n=lv + 1), N_("text"), xl.TEXT, _at(f"levels.{lv}.name"), text=True
        )
    price_field, item_price = element_driver(LineItem)  # a line item's one driver: its price per month
    for lv in range(n.levels):
        yield Section(N_("Level {n}: line items (USD per month) and the plan's stated figures").format(n=lv + 1))
        fields = (
            ("vendor", N_("vendor"), N_("text"), xl.TEXT, None, True),
            ("plan", N_("plan"), N_("text"), xl.TEXT, None, True),
            ("category", N_("category"), N_("text"), xl.TEXT, None, True),
            (
                price_field,
                item_price.sheet_label or item_price.label,
                item_price.unit,
                CELL_FORMATS[item_price.cell],
                None,
                False,
            ),
            ("reserved_eligible", N_("reserved eligible (1/0)"), N_("flag"), xl.FLAG, _flag, False),
            ("negotiated", N_("negotiated, no figure in the plan (1/0)"), N_("flag"), xl.FLAG, _flag, False),
        )
        for attr, label, unit, fmt, transform, text in fields:
            for j in range(n.items):
                path = f"levels.{lv}.line_items.{j}.{attr}"
                yield Row(
                    path,
                    N_("L{n} item {m}: {label}").format(n=lv + 1, m=j + 1, label=label),
                    unit,
                    fmt,
                    _at(path, transform),
                    text=text,
                )
        sa = f"levels.{lv}.stated_ai"
        yield Row(
            f"levels.{lv}.stated_total_usd",
            N_("L{n}: plan's stated total").format(n=lv + 1),
            N_("USD/month"),
            xl.USD0,
            _at(f"levels.{lv}.stated_total_usd"),
        )
        yield Row(
            f"{sa}.api_usd_per_month",
            N_("L{n}: plan's stated API line").format(n=lv + 1),
            N_("USD/month"),
            xl.USD0,
            _at(f"{sa}.api_usd_per_month"),
        )
        yield Row(
            f"{sa}.own_model_usd_per_month",
            N_("L{n}: plan's stated own-model line").format(n=lv + 1),
            N_("USD/month"),
            xl.USD0,
            _at(f"{sa}.own_model_usd_per_month"),
        )
        yield Row(
            f"{sa}.basis",
            N_("L{n}: stated total uses (api / own_model)").format(n=lv + 1),
            N_("text"),
            xl.TEXT,
            _at(f"{sa}.basis"),
            text=True,
        )
        yield Row(
            f"levels.{lv}.checklist",
            N_("L{n}: checklist before this level (items separated by ';')").format(n=lv + 1),
            N_("text"),
            xl.TEXT,
            _at(f"levels.{lv}.checklist", lambda items: "; ".join(items) if items else None),
            text=True,
        )

    yield Section(N_("The plan's stated figures (for the Audit sheet)"))
    for attr, label, fmt in (
        ("dau", N_("DAU"), xl.INT),
        ("infrastructure_usd", N_("infrastructure"), xl.USD0),
        ("ai_usd", N_("AI"), xl.USD0),
        ("total_usd", N_("total"), xl.USD0),
        ("cost_per_user_usd", N_("cost per user"), xl.USD2),
    ):
        for r in range(n.stated_rows):
            unit = N_("DAU") if attr == "dau" else (N_("USD/DAU/month") if attr == "cost_per_user_usd" else N_("USD/month"))
            yield Row(
                f"stated_costs.{r}.{attr}",
                N_("Cost table row {n}: {label}").format(n=r + 1, label=label),
                unit,
                fmt,
                _at(f"stated_costs.{r}.{attr}"),
            )
    yield Row(
        "stated_insights.cost_per_user_change",
        N_("Stated change in cost per user, first to last row"),
        N_("share"),
        xl.PCT,
        _at("stated_insights.cost_per_user_change"),
        name="stated_cost_per_user_change",
    )
    yield Row(
        "stated_insights.own_model_cost_reduction",
        N_("Stated own-model cost reduction"),
        N_("share"),
        xl.PCT,
        _at("stated_insights.own_model_cost_reduction"),
        name="stated_own_model_reduction",
    )
    yield Row(
        "caching.stated_effects.ai_cost_reduction",
        N_("Stated caching effect: AI cost"),
        N_("share"),
        xl.PCT,
        _at("caching.stated_effects.ai_cost_reduction"),
        name="stated_ai_cost_reduction",
    )
    yield Row(
        "caching.stated_effects.db_load_reduction",
        N_("Stated caching effect: DB load"),
        N_("share"),
        xl.PCT,
        _at("caching.stated_effects.db_load_reduction"),
        name="stated_db_load_reduction",
    )
    yield Row(
        "dashboard.ai_usd_per_day",
        N_("Dashboard: AI spend per day"),
        N_("USD/day"),
        xl.USD0,
        _at("dashboard.ai_usd_per_day"),
        name="dashboard_ai_usd_per_day",
    )

    yield Section(N_("Capacity: demand per DAU and what each level can carry (for the Capacity sheet)"))
    cap = "capacity"
    for attr, label, unit, fmt, name in (
        ("concurrent_users_per_dau", N_("Concurrent users at peak per DAU"), N_("share"), xl.PCT, "concurrent_users_per_dau"),
        ("peak_to_average", N_("Peak-minute rate / the day's average"), N_("x"), xl.NUM, "peak_to_average"),
        (
            "db_connections_per_concurrent_user",
            N_("DB connections per concurrent user"),
            N_("connections"),
            xl.NUM,
            "db_connections_per_concurrent_user",
        ),
        ("redis_fixed_gb", N_("Redis memory, fixed"), N_("GB"), xl.NUM, "redis_fixed_gb"),
        ("redis_gb_per_1k_dau", N_("Redis memory per 1,000 DAU"), N_("GB"), xl.NUM, "redis_gb_per_1k_dau"),
        ("db_writes_per_dau_per_day", N_("DB writes per DAU per day"), N_("writes"), xl.NUM, "db_writes_per_dau_per_day"),
        (
            "thresholds_unstated.warning_utilization",
            N_("Warning above (AI, writes: not in the plan's alerts)"),
            N_("share"),
            xl.PCT,
            "unstated_warning",
        ),
        (
            "thresholds_unstated.critical_utilization",
            N_("Critical above (AI, writes: not in the plan's alerts)"),
            N_("share"),
            xl.PCT,
            "unstated_critical",
        ),
    ):
        yield Row(f"{cap}.{attr}", label, unit, fmt, _at(f"{cap}.{attr}"), name=name)
    for attr, label, unit, fmt, name in (
        ("warning.db_pool_utilization", N_("Warning above: DB connection pool"), N_("share"), xl.PCT, "warning_db_pool"),
        ("warning.redis_memory_utilization", N_("Warning above: Redis memory"), N_("share"), xl.PCT, "warning_redis_memory"),
        ("critical.db_pool_utilization", N_("Critical above: DB connection pool"), N_("share"), xl.PCT, "critical_db_pool"),
        ("critical.redis_memory_utilization", N_("Critical above: Redis memory"), N_("share"), xl.PCT, "critical_redis_memory"),
    ):
        yield Row(f"alerts.{attr}", label, unit, fmt, _at(f"alerts.{attr}"), name=name)
    yield Row(
        "database.pgbouncer.max_client_conn",
        N_("PgBouncer: client connections"),
        N_("connections"),
        xl.INT,
        _at("database.pgbouncer.max_client_conn"),
        name="pgbouncer_max_client_conn",
    )
    yield Row(
        "database.pgbouncer.from_dau",
        N_("PgBouncer from (a level starting here or later has it)"),
        N_("DAU"),
        xl.INT,
        _at("database.pgbouncer.from_dau"),
        name="pgbouncer_from_dau",
    )
    for attr, label, unit, fmt in (
        ("db_max_connections", N_("DB connections (server)"), N_("connections"), xl.INT),
        ("redis_memory_gb", N_("Redis memory"), N_("GB"), xl.NUM),
        ("ai_requests_per_minute", N_("AI request limit"), N_("requests/min"), xl.INT),
        ("ai_tokens_per_minute", N_("AI token limit"), N_("tokens/min"), xl.INT),
        ("db_writes_per_second", N_("DB writes"), N_("writes/s"), xl.INT),
    ):
        for lv in range(n.levels):
            path = f"{cap}.levels.{lv}.{attr}"
            yield Row(path, N_("Level {n} capacity: {label}").format(n=lv + 1, label=label), unit, fmt, _at(path))

    yield Section(N_("Timeline: DAU grows through the milestones (for the Timeline sheet)"))
    for i in range(n.milestones):
        path = f"timeline.milestones.{i}.level"
        yield Row(path, N_("Milestone {n}: level number").format(n=i + 1), "#", "0", _at(path))
    for i in range(n.milestones):
        path = f"timeline.milestones.{i}.month"
        yield Row(path, N_("Milestone {n}: month reached").format(n=i + 1), N_("month"), xl.MONTH, _at(path, _month))
    yield Row(
        "timeline.growth",
        N_("Growth between milestones (linear / exponential)"),
        N_("text"),
        xl.TEXT,
        _at("timeline.growth"),
        text=True,
        name="timeline_growth",
    )
    yield Row(
        "timeline.end_month",
        N_("Last month projected"),
        N_("month"),
        xl.MONTH,
        _at("timeline.end_month", _month),
        name="timeline_end_month",
    )
    yield Row(
        "timeline.checklist_lead_months",
        N_("Checklist due this many months before a level is reached"),
        N_("months"),
        "0",
        _at("timeline.checklist_lead_months"),
        name="checklist_lead_months",
    )

    yield Section(N_("Economics (for the Budget sheet)"))
    yield from _fields(Economics, "economics.")

    yield Section(N_("Constants (the same for every scenario; type in the Live column)"))
    yield Constant(
        "fiscal_year_start_month",
        N_("Budget: first month of the fiscal year (1 = January: calendar years)"),
        N_("month 1-12"),
        "0",
        1,
        "fiscal_year_start_month",
        "ours: finance's choice; the Budget sheet puts a year total after each fiscal year's last month",
        Bounds("whole", 1, 12),
    )
    yield Constant(
        "sensitivity_tier",
        N_("Sensitivity sheet: the tier it varies (1 = the first)"),
        N_("tier"),
        "0",
        min(4, n.tiers),
        "sensitivity_tier",
        "ours: the plan's 500k tier, where AI dominates",
        Bounds("whole", 1, n.tiers),
    )
    for i, step in enumerate(SENSITIVITY_STEPS, start=1):
        yield Constant(
            f"sensitivity_step_{i}",
            N_("Sensitivity sheet: change {n}").format(n=i),
            N_("share"),
            "+0%;-0%;0%",
            step,
            f"sensitivity_step_{i}",
            "ours: each driver moved by this share of its value",
            Bounds("decimal", -1, 10),
        )
    yield Constant(
        "months_per_year", N_("Months per year"), N_("months"), "0", 12, "months_per_year", "calendar", Bounds("whole", 12, 12)
    )
    yield Constant("minutes_per_day", N_("Minutes per day"), N_("minutes"), xl.INT, 1440, "minutes_per_day", "calendar")
    yield Constant("seconds_per_day", N_("Seconds per day"), N_("seconds"), xl.INT, 86_400, "seconds_per_day", "calendar")
    yield Constant("dau_per_thousand", N_("DAU in 'per 1,000 DAU'"), N_("DAU"), xl.INT, 1000, "dau_per_thousand", "definition")
    yield Constant(
        "alert_decimals",
        N_("Alerts compare utilisation rounded to"),
        N_("decimals"),
        "0",
        9,
        "alert_decimals",
        "as model/capacity/: floating-point noise cannot raise an alert at exactly the threshold",
        Bounds("whole", 0, 15),
    )
    yield Constant(
        "tokens_per_mtok", N_("Tokens per million tokens"), N_("tokens"), xl.INT, 1_000_000, "tokens_per_mtok", "definition"
    )
    yield Constant(
        "dollar_digits",
        N_("Rounding: whole dollars"),
        N_("digits"),
        "0",
        0,
        "dollar_digits",
        "the plan rounds dollars to whole dollars",
        Bounds("whole", 0, 15),
    )
    yield Constant(
        "cent_digits",
        N_("Rounding: cents"),
        N_("digits"),
        "0",
        2,
        "cent_digits",
        "the plan rounds cost per user to the cent",
        Bounds("whole", 0, 15),
    )
    yield Constant(
        "audit_tol_usd",
        N_("Audit tolerance, dollars"),
        N_("USD"),
        xl.USD2,
        0.5,
        "audit_tol_usd",
        "half a dollar, as model/audit.py",
    )
    yield Constant(
        "audit_tol_cents",
        N_("Audit tolerance, cost per user"),
        N_("USD"),
        xl.USD4,
        0.005,
        "audit_tol_cents",
        "half a cent, as model/audit.py",
    )
    yield Constant(
        "audit_tol_fraction",
        N_("Audit tolerance, shares"),
        N_("share"),
        xl.PCT2,
        0.005,
        "audit_tol_fraction",
        "half a percentage point, as model/audit.py",
    )
    yield Constant("check_tol_usd", N_("Checks tolerance"), N_("USD"), xl.USD4, 0.005, "check_tol_usd", "half a cent")


def add_assumptions(book: Book) -> None:
    ws = book.wb.create_sheet(SHEET)
    scenarios = book.scenarios
    n = len(scenarios)
    first = FIRST_SCENARIO_COL
    last = first + n - 1
    first_l, last_l = xl.col(first), xl.col(last)
    low_col, high_col = last + 1, last + 2  # the schema's bounds, which the Checks sheet tests the Live value against
    source_col = last + 3
    prices = [prices_for(s.ai) for _, s in scenarios]

    ws["A1"] = N_("Assumptions: every input of the model")
    ws["A1"].font = xl.TITLE
    ws["A2"] = N_("Scenario driving the workbook (pick from the list)")
    ws["A2"].font = xl.BOLD
    chosen = xl.as_input(xl.put_text(ws["C2"], scenarios[0][1].name))
    chosen.font = xl.Font(bold=True, color="FF3F3F76", size=12)
    names_span = xl.row_span(SHEET, first_l, last_l, NAME_ROW)
    dv = DataValidation(type="list", formula1=names_span, allow_blank=False, showDropDown=False)
    dv.error = N_("Pick one of the scenario names in row 6.")
    dv.errorTitle = N_("Unknown scenario")
    dv.prompt = N_("Choose which scenario column drives every sheet.")
    dv.promptTitle = N_("Scenario")
    ws.add_data_validation(dv)
    dv.add("C2")
    book.define("chosen_scenario", xl.ref(SHEET, "C", 2))
    ws["A3"] = N_("Its column (1 = the first scenario column)")
    # Exact comparison, not MATCH: MATCH treats * ? ~ in a name as wildcards.
    ws["C3"] = (
        f"=MAX(1,SUMPRODUCT(({names_span}=chosen_scenario)*(COLUMN({names_span})-COLUMN({xl.ref(SHEET, first_l, NAME_ROW)})+1)))"
    )
    ws["C3"].number_format = "0"
    xl.as_live(ws["C3"])
    book.define("scenario_index", xl.ref(SHEET, "C", 3))
    ws["A4"] = N_(
        "Type inputs in the scenario columns (orange cells). The Live column (green) shows the chosen scenario's value; "
        "every other sheet reads only the Live column."
    )
    ws["A4"].font = xl.Font(italic=True)

    xl.header(
        ws,
        HEADER_ROW,
        [
            N_("Input"),
            N_("Unit"),
            N_("Live"),
            *[key for key, _ in scenarios],
            N_("Lowest allowed"),
            N_("Highest allowed"),
            N_("Source"),
        ],
    )
    for i, (key, _) in enumerate(scenarios):
        xl.put_text(ws.cell(row=HEADER_ROW, column=first + i), key)
        ws.cell(row=HEADER_ROW, column=first + i).font = xl.BOLD

    def live_formula(r: int) -> str:
        cells = f"${first_l}{r}:${last_l}{r}"
        return f'=IF(INDEX({cells},1,scenario_index)="","",INDEX({cells},1,scenario_index))'

    # Identity rows: name, notes.
    r = NAME_ROW
    for label, attr in ((N_("Scenario name"), "name"), (N_("Notes"), "notes")):
        ws.cell(row=r, column=1, value=label).font = xl.BOLD
        ws.cell(row=r, column=2, value=N_("text"))
        live = ws.cell(row=r, column=3, value=live_formula(r))
        xl.as_live(live)
        for i, (_, s) in enumerate(scenarios):
            cell = xl.put_text(ws.cell(row=r, column=first + i), getattr(s, attr))
            xl.as_input(cell)
            if attr == "notes":
                cell.alignment = xl.WRAP
        book.live[attr] = xl.ref(SHEET, LIVE_COL, r)
        r += 1
    book.define("live_scenario_name", book.live["name"])

    r += 1
    validations = _Validations(ws)
    for item in rows(book, prices):
        if isinstance(item, Section):
            xl.section(ws, r, item.title, source_col)
            r += 1
            continue
        if isinstance(item, Constant):
            ws.cell(row=r, column=1, value=item.label)
            ws.cell(row=r, column=2, value=item.unit)
            cell = xl.as_input(xl.put(ws, r, 3, item.value, item.fmt))
            cell.number_format = item.fmt
            ws.cell(row=r, column=source_col, value=item.source)
            book.live[item.key] = xl.ref(SHEET, LIVE_COL, r)
            book.define(item.name, book.live[item.key])
            validations.add(item.bounds, f"{LIVE_COL}{r}")
            _allowed(ws, r, low_col, item.bounds, item.fmt)
            book.inputs.append(InputCheck(item.key, item.label, r, item.bounds))
            r += 1
            continue
        ws.cell(row=r, column=1, value=item.label)
        ws.cell(row=r, column=2, value=item.unit)
        live = xl.as_live(ws.cell(row=r, column=3, value=live_formula(r)))
        live.number_format = item.fmt
        values = []
        for i, (_, s) in enumerate(scenarios):
            value = item.get(s, i)
            values.append(value)
            cell = ws.cell(row=r, column=first + i)
            if value is not None:
                if item.text:
                    xl.put_text(cell, value)
                else:
                    cell.value = value
            cell.number_format = item.fmt
            xl.as_input(cell)
        bounds = bounds_at(item.key)
        if bounds is not None:
            validations.add(bounds, f"{first_l}{r}:{last_l}{r}")
            _allowed(ws, r, low_col, bounds, item.fmt)
            book.inputs.append(InputCheck(item.key, item.label, r, bounds, anchor=_anchor(item.key)))
        src = ws.cell(
            row=r, column=source_col, value=item.source if item.source is not None else _source_text(scenarios, item.key, values)
        )
        src.alignment = xl.WRAP
        lines = -(-len(str(src.value or "")) // SOURCE_CHARS_PER_LINE)
        if lines > 1:  # neither LibreOffice nor Excel grows a row for wrapped text on opening
            ws.row_dimensions[r].height = 13 * lines + 2
        book.live[item.key] = xl.ref(SHEET, LIVE_COL, r)
        if item.name:
            book.define(item.name, book.live[item.key])
        r += 1

    validations.finish()
    _define_ranges(book)
    xl.widths(
        ws,
        {
            "A": 46,
            "B": 14,
            "C": 22,
            **{xl.col(first + i): SCENARIO_WIDTH for i in range(n)},
            xl.col(low_col): 12,
            xl.col(high_col): 12,
            xl.col(source_col): SOURCE_WIDTH,
        },
    )
    ws.row_dimensions[NAME_ROW + 1].height = 45
    xl.print_setup(ws, freeze=f"D{NAME_ROW}", title_rows=f"{HEADER_ROW}:{HEADER_ROW}")


def _allowed(ws: Any, r: int, column: int, b: Bounds, fmt: str) -> None:
    """The lowest and highest value the schema allows, beside the row (the input checks read them: no literal in a formula)."""
    if b.kind not in ("whole", "decimal", "flag"):
        return
    for c, value in ((column, b.low), (column + 1, b.high)):
        if value is not None:
            cell = ws.cell(row=r, column=c, value=int(value) if b.kind != "decimal" else value)
            # Schema ceilings such as 1e10 would not fit the column as currency: a short scientific form instead.
            cell.number_format = "0.##E+0" if abs(value) >= 1e7 else (fmt if fmt not in (xl.TEXT, xl.FLAG) else "0")


def allowed_refs(book: Book, row: int) -> tuple[str, str]:
    """References of row ``row``'s lowest and highest allowed values on Assumptions."""
    low = FIRST_SCENARIO_COL + len(book.scenarios)
    return xl.ref(SHEET, xl.col(low), row), xl.ref(SHEET, xl.col(low + 1), row)


class _Validations:
    """Data validation from the schema's bounds: one rule object per distinct rule, so the file stays small."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.by_rule: dict[tuple[Any, ...], DataValidation] = {}
        self.cells: dict[tuple[Any, ...], list[str]] = {}

    def add(self, b: Bounds, cells: str) -> None:
        first = cells.split(":")[0]
        if b.kind == "code":
            key: tuple[Any, ...] = ("list", *b.codes)
            make = lambda: DataValidation(type="list", formula1='"' + ",".join(b.codes) + '"', allow_blank=b.nullable)  # noqa: E731
        elif b.kind == "month":
            key = ("date",)
            # 1 = 1900-01-01 and 2958465 = 9999-12-31, Excel's first and last dates.
            make = lambda: DataValidation(type="date", operator="between", formula1="1", formula2="2958465", allow_blank=True)  # noqa: E731
        elif b.low_strict or b.high_strict:
            # No built-in rule has a strict bound: a custom formula, relative to the range's first cell, so one object per range.
            low = "" if b.low is None else f",{first}{'>' if b.low_strict else '>='}{b.low:.17g}"
            high = "" if b.high is None else f",{first}{'<' if b.high_strict else '<='}{b.high:.17g}"
            key = ("custom", cells)
            make = lambda: DataValidation(type="custom", formula1=f"AND(ISNUMBER({first}){low}{high})", allow_blank=True)  # noqa: E731
        else:
            kind = "decimal" if b.kind == "decimal" else "whole"
            low = "-1E+307" if b.low is None else f"{b.low:.17g}"
            high = "1E+307" if b.high is None else f"{b.high:.17g}"
            key = (kind, low, high)
            make = lambda: DataValidation(type=kind, operator="between", formula1=low, formula2=high, allow_blank=True)  # noqa: E731
        dv = self.by_rule.get(key)
        if dv is None:
            dv = make()
            dv.showErrorMessage = True
            dv.errorTitle = N_("Not allowed here")
            dv.error = N_("Type {rule}.").format(rule=b.rule())
            self.by_rule[key] = dv
            self.cells[key] = []
            self.ws.add_data_validation(dv)
        self.cells[key].append(cells)

    def finish(self) -> None:
        """Set each rule's cells at once (adding them one by one re-parses the whole list each time)."""
        for key, dv in self.by_rule.items():
            dv.sqref = MultiCellRange(" ".join(self.cells[key]))


_OPTIONAL_SLOTS = tuple(
    re.compile(p) for p in (r"^tiers_dau\.(\d+)$", r"^timeline\.milestones\.(\d+)\.level$", r"^stated_costs\.\d+\.dau$")
)
_SLOT_ANCHORS = tuple(
    (re.compile(p), a)
    for p, a in (
        # (prefix pattern, the field whose presence says the slot is used); a slot left blank entirely is unused.
        (r"^ai\.model_mix\.(\d+)\.", "ai.model_mix.{0}.model"),
        (r"^prices\.(\d+)\.", "ai.model_mix.{0}.model"),
        (r"^ai\.optimisation_phases\.(\d+)\.", "ai.optimisation_phases.{0}.name"),
        (r"^caching\.caches\.(\d+)\.", "caching.caches.{0}.name"),
        (r"^levels\.(\d+)\.line_items\.(\d+)\.", "levels.{0}.line_items.{1}.vendor"),
        (r"^levels\.(\d+)\.", "levels.{0}.name"),
        (r"^capacity\.levels\.(\d+)\.", "levels.{0}.name"),
        (r"^stated_costs\.(\d+)\.(?!dau$)", "stated_costs.{0}.dau"),
        (r"^timeline\.milestones\.(\d+)\.month$", "timeline.milestones.{0}.level"),
    )
)


def _anchor(key: str) -> str | None:
    """The input whose presence says ``key``'s list slot is in use (None: always required; ``key`` itself: may be blank).

    The first tier and the first milestone are required; later ones, and the cost table's rows, are slots a scenario
    may leave empty.
    """
    for pattern, anchor in _SLOT_ANCHORS:
        found = pattern.match(key)
        if found:
            return anchor.format(*found.groups())
    for optional in _OPTIONAL_SLOTS:
        found = optional.match(key)
        if found and (not found.groups() or int(found.group(1)) > 0):
            return key
    return None


def _source_text(scenarios: list[tuple[str, Scenario]], path: str, values: list[Any]) -> str:
    """The exported scenario's provenance; other scenarios' only where they say something else or change the value."""
    base = _provenance(scenarios[0][1], path)
    extra = []
    for (key, s), value in zip(scenarios[1:], values[1:], strict=True):
        own = _provenance(s, path)
        if own and own != base:
            extra.append(f"{key}: {own}")
        elif value != values[0]:
            extra.append(f"{key}: changed by this scenario")
    return "; ".join([base, *extra]) if extra else base


def _define_ranges(book: Book) -> None:
    """Live ranges the calculation sheets read (contiguous by construction of ``rows``)."""
    n = book.counts

    def live_span(first_key: str, last_key: str) -> str:
        a = int(book.live[first_key].rsplit("$", 1)[1])
        b = int(book.live[last_key].rsplit("$", 1)[1])
        return xl.span(SHEET, LIVE_COL, a, b)

    book.ranges["tiers_dau"] = live_span("tiers_dau.0", f"tiers_dau.{n.tiers - 1}")
    book.define("tiers_dau", book.ranges["tiers_dau"])
    book.ranges["level_start_dau"] = live_span("levels.0.dau", f"levels.{n.levels - 1}.dau")
    book.define("level_start_dau", book.ranges["level_start_dau"])
    book.ranges["level_names"] = live_span("levels.0.name", f"levels.{n.levels - 1}.name")
    book.ranges["level_numbers"] = live_span("levels.0.number", f"levels.{n.levels - 1}.number")
    book.define("level_numbers", book.ranges["level_numbers"])
    for attr in (
        "db_max_connections",
        "redis_memory_gb",
        "ai_requests_per_minute",
        "ai_tokens_per_minute",
        "db_writes_per_second",
    ):
        book.ranges[f"capacity.{attr}"] = live_span(f"capacity.levels.0.{attr}", f"capacity.levels.{n.levels - 1}.{attr}")
    book.ranges["milestone_levels"] = live_span("timeline.milestones.0.level", f"timeline.milestones.{n.milestones - 1}.level")
    book.ranges["milestone_months"] = live_span("timeline.milestones.0.month", f"timeline.milestones.{n.milestones - 1}.month")
    book.define("level_names", book.ranges["level_names"])
    price_field, _ = element_driver(LineItem)
    for lv in range(n.levels):
        for attr in ("vendor", "plan", "category", price_field, "reserved_eligible", "negotiated"):
            key = f"levels.{lv}.{attr}"
            book.ranges[key] = live_span(f"levels.{lv}.line_items.0.{attr}", f"levels.{lv}.line_items.{n.items - 1}.{attr}")
    for attr in ("dau", "infrastructure_usd", "ai_usd", "total_usd", "cost_per_user_usd"):
        book.ranges[f"stated_costs.{attr}"] = live_span(f"stated_costs.0.{attr}", f"stated_costs.{n.stated_rows - 1}.{attr}")
