"""Conversion: one pure function in the core, dated ECB rates from the currencyconverter package at the edge."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from currency_converter import CurrencyConverter

from i18n import fx
from model.fx import USD, FxRate, convert


def test_convert_multiplies_by_the_rate():
    # $9,055 at ₩1,400/$: 9,055 x 1,400 = 12,677,000
    assert convert(9_055.0, 1_400.0) == 12_677_000.0
    # a column: [$55, $0.91] x 1,400 = [77,000, 1,274]
    assert np.allclose(convert(np.array([55.0, 0.91]), 1_400.0), [77_000.0, 1_274.0])
    assert convert(123.45, USD.rate) == 123.45


def test_a_rate_must_be_positive_and_finite():
    for bad in (0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="fx rate"):
            FxRate("KRW", bad, None, "typed rate")


def test_the_rate_at_a_fixed_date_is_exactly_the_packages():
    day = dt.date(2025, 6, 2)
    rate = fx.ecb_rate("KRW", day)
    # the package's own cross rate through the euro, unrounded (testing-recipes: 1376.828...)
    expected = CurrencyConverter(fallback_on_missing_rate=True).convert(1, "USD", "KRW", date=day)
    assert rate.rate == expected
    assert 1376.82 < rate.rate < 1376.83
    assert rate.currency == "KRW" and rate.date == day
    assert rate.source.startswith("ECB reference rates (currencyconverter ")


def test_the_default_date_is_the_latest_the_package_has():
    conv = CurrencyConverter(fallback_on_missing_rate=True)
    latest = conv.bounds["USD"].last_date
    rate = fx.ecb_rate("KRW")
    assert rate.date == latest == fx.latest_date()
    assert rate.rate == conv.convert(1, "USD", "KRW", date=latest)


def test_a_weekend_is_interpolated_by_the_package():
    # 2025-06-01 is a Sunday: no ECB fixing; the package interpolates between the Friday and the Monday
    sunday = fx.ecb_rate("KRW", dt.date(2025, 6, 1)).rate
    friday = fx.ecb_rate("KRW", dt.date(2025, 5, 30)).rate
    monday = fx.ecb_rate("KRW", dt.date(2025, 6, 2)).rate
    assert min(friday, monday) <= sunday <= max(friday, monday)


def test_codes_are_case_insensitive_and_usd_needs_no_rate():
    assert fx.ecb_rate("krw", dt.date(2025, 6, 2)) == fx.ecb_rate("KRW", dt.date(2025, 6, 2))
    assert fx.ecb_rate("USD") == USD


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: fx.ecb_rate("XYZ"), "currency: 'XYZ' is not a currency the ECB publishes"),
        (lambda: fx.ecb_rate("KRW", dt.date(1990, 1, 1)), "fx date: 1990-01-01 is outside the rates for KRW"),
        (lambda: fx.ecb_rate("KRW", dt.date(2099, 1, 1)), "fx date: 2099-01-01 is outside the rates for KRW"),
        (lambda: fx.resolve("KRW", fx_date="2025-13-01"), "fx date: '2025-13-01' is not a date"),
        (lambda: fx.typed_rate("KRW", "0"), "fx rate: must be a number > 0"),
        (lambda: fx.typed_rate("KRW", "-1400"), "fx rate: must be a number > 0"),
        (lambda: fx.typed_rate("KRW", "abc"), "fx rate: 'abc' is not a number"),
        (lambda: fx.typed_rate("KRW", "nan"), "fx rate: must be a number > 0"),
        (lambda: fx.resolve("KRW", fx_date="2025-06-02", fx_rate="1400"), "not both"),
    ],
)
def test_bad_choices_are_one_line_naming_the_rule(call, message):
    with pytest.raises(fx.FxError) as info:
        call()
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_a_typed_rate_has_no_date_and_says_so():
    rate = fx.typed_rate("KRW", "1,400")
    assert rate == FxRate("KRW", 1400.0, None, "typed rate")


def test_the_currency_list_offers_what_the_ecb_still_publishes():
    codes = fx.currencies()
    assert codes[:2] == ["USD", "KRW"]
    assert {"EUR", "JPY", "GBP"} <= set(codes)
    assert "CYP" not in codes  # the Cyprus pound: rates end in 2007
