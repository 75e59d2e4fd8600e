"""``format_amount`` parses Babel's locale and pattern once (i18n.money._locale/_pattern) instead of per amount: the
text must be exactly what ``babel.numbers.format_currency`` gives for the same amount, pattern and locale."""

from __future__ import annotations

from babel import numbers
from hypothesis import given, settings
from hypothesis import strategies as st

from i18n.display import Display
from i18n.money import decimals, format_amount, money
from model.fx import FxRate


@settings(max_examples=300, deadline=None)
@given(
    amount=st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
    currency=st.sampled_from(["USD", "KRW", "EUR", "JPY"]),
    locale=st.sampled_from(["ko_KR", "en_US"]),
    digits=st.integers(min_value=0, max_value=4),
)
def test_format_amount_is_babels_format_currency(amount: float, currency: str, locale: str, digits: int) -> None:
    from model.rounding import excel_round

    value = excel_round(amount, digits) + 0.0
    pattern = "¤#,##0" + ("." + "0" * digits if digits else "")
    expected = numbers.format_currency(value, currency, format=pattern, locale=locale, currency_digits=False)
    assert format_amount(amount, currency, locale=locale, digits=digits) == expected


def test_money_by_hand() -> None:
    # 1234.5 USD whole: rounded half away from zero -> 1,235; cents: $1,234.50.
    assert money(1234.5, display=Display(lang="en")) == "$1,235"
    assert money(1234.5, cents=True, display=Display(lang="en")) == "$1,234.50"
    # In Korean the symbol is US$: the locale is parsed per call's locale, not reused from the last call.
    assert money(1234.5, display=Display(lang="ko")) == "US$1,235"
    # At 1,400 won a dollar: 1234.5 * 1400 = 1,728,300 won (KRW has no cents, so cents=True is whole won too).
    won = Display(lang="ko", fx=FxRate(currency="KRW", rate=1400.0, date=None, source="typed rate"))
    assert money(1234.5, display=won) == "₩1,728,300"
    assert money(1234.5, cents=True, display=won) == "₩1,728,300"
    assert decimals("KRW", cents=True) == 0 and decimals("USD", cents=True) == 2
