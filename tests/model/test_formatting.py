"""Money, percentages and DAU as people read them (the app, the CLI and the README use these strings)."""

from __future__ import annotations

import pytest

from model.formatting import dau, number, pct, usd, usd_cents


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1234.5, "$1,235"),  # half rounds away from zero, as Excel does (Python's round gives 1234)
        (1234.4999, "$1,234"),
        (9055.0, "$9,055"),
        (0, "$0"),
        (1_000_000, "$1,000,000"),
        (-1234.5, "-$1,235"),  # negatives: the sign before the dollar sign
        (-9_000, "-$9,000"),
        (-0.4, "$0"),  # rounds to zero: no '$-0'
    ],
)
def test_usd(value, shown):
    assert usd(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.9055, "$0.91"),  # the plan's 10k cost per user: 9,055 / 10,000
        (0.207, "$0.21"),  # 1M: 207,000 / 1,000,000
        (1.005, "$1.01"),  # 1.005 is 1.00499999... in binary; on 15 significant digits it is a half: away from zero
        (1234.567, "$1,234.57"),
        (-1.005, "-$1.01"),
        (-0.45, "-$0.45"),
        (-0.001, "$0.00"),  # no '$-0.00'
    ],
)
def test_usd_cents(value, shown):
    assert usd_cents(value) == shown


@pytest.mark.parametrize(
    ("value", "digits", "shown"),
    [
        (0.3, 0, "30%"),
        (0.125, 0, "13%"),  # 12.5 -> 13 (half away from zero; Python's round gives 12)
        (2 / 3, 1, "66.7%"),
        (0.99995, 3, "99.995%"),
        (-0.77, 0, "-77%"),
        (-0.00001, 0, "0%"),  # no '-0%'
    ],
)
def test_pct(value, digits, shown):
    assert pct(value, digits) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (10_000, "10k"),
        (50_000, "50k"),
        (1_000_000, "1M"),
        (2_500_000, "2.5M"),
        (12_345, "12,345"),
        (500, "500"),
        (1_500, "1,500"),
    ],
)
def test_dau(value, shown):
    assert dau(value) == shown


@pytest.mark.parametrize(
    ("value", "digits", "rounded"),
    [
        (1e26, 0, 1e26),  # above Decimal's default 28-digit context once quantised: used to raise InvalidOperation
        (1e300, 9, 1e300),  # a utilisation from a capacity of 1e-300
        (1e-300, 9, 0.0),
        (1.23456789012345e27, 2, 1.23456789012345e27),
    ],
)
def test_excel_round_any_finite_float(value, digits, rounded):
    from model.rounding import excel_round

    assert excel_round(value, digits) == rounded


def test_usd_of_an_absurd_figure_does_not_raise():
    assert usd(1e30) == "$1.00e+30"  # not a 40-digit string


@pytest.mark.parametrize(
    ("func", "value", "shown"),
    [
        (usd, 999_999_999_999_999.0, "$999,999,999,999,999"),  # just under ABSURD (1e15): every digit
        (usd, 1e15, "$1.00e+15"),  # at ABSURD: scientific, three significant digits
        (usd, 1.2345e16, "$1.23e+16"),
        (usd, -2.5e20, "-$2.50e+20"),  # the sign before the dollar sign, as for small figures
        (usd_cents, 5.3462566845e15, "$5.35e+15"),
        (usd_cents, 1_234_567.891, "$1,234,567.89"),  # ordinary figures unchanged
        (usd, float("inf"), "$inf"),
        (pct, 1.52e301, "1.52e+303%"),  # utilisation 15.2 GB / 1e-300 GB: 1.52e301 x 100
        (pct, 1e13, "1.00e+15%"),  # 1e13 x 100 = 1e15, at ABSURD
        (pct, 9.99e12, "999000000000000%"),  # 9.99e12 x 100 = 9.99e14, below ABSURD: every digit
        (pct, float("inf"), "inf%"),
        (number, 1e-300, "1.00e-300"),  # a capacity of 1e-300 is not shown as 0
        (number, 0.0, "0"),
        (number, 15.5, "16"),  # digits=0 by default, half away from zero
        (number, 3e17, "3.00e+17"),
        (dau, 1e20, "1.00e+20"),  # not '1e+14M'
    ],
)
def test_absurd_figures_in_scientific_notation(func, value, shown):
    assert func(value) == shown
