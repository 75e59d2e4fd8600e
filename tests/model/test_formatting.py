"""Money, percentages and DAU as people read them (the app, the CLI and the README use these strings)."""

from __future__ import annotations

import pytest

from model.formatting import dau, pct, usd, usd_cents


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
    # From ABSURD (1e15) on, scientific notation: 1e30 = 1.00 x 10^30.
    assert usd(1e30) == "$1.00e+30"


def test_absurd_figures_are_shown_in_scientific_notation():
    from model.formatting import ABSURD, pct, scientific, usd_cents

    assert usd(ABSURD - 1) == "$999,999,999,999,999"  # just under the line: as usual
    assert usd(ABSURD) == "$1.00e+15"
    assert usd(-2.5e26) == "-$2.50e+26"
    assert usd_cents(1e26) == "$1.00e+26"
    # utilisation 1.52e299 as a fraction is 1.52e301 percent
    assert pct(1.52e299) == "1.52e+301%"
    assert pct(float("inf")) == "∞%"
    assert scientific(12.5) is None
