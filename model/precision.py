"""Enough digits to tell a figure from the target it is compared with: no rounding that hides a miss.

A cost per DAU of $0.3009 shown as "$0.30" next to a $0.30 budget reads as met when it is not. Wherever a
figure is compared with a target, threshold or budget, both are shown with the fewest decimal places (at
least the usual number) at which, rounded the way the workbook rounds (``excel_round``), they compare the
same way as unrounded: bigger stays bigger, smaller stays smaller, equal stays equal.
"""

from __future__ import annotations

from model.rounding import excel_round

MOST_DIGITS = 12


def digits_to_tell_apart(value: float, reference: float, *, least: int = 2, most: int = MOST_DIGITS) -> int:
    """The fewest decimal places d >= ``least`` with sign(round(value, d) - round(reference, d)) = sign(value - reference).

    >>> digits_to_tell_apart(0.3009, 0.30)   # 0.30 vs 0.30 hides the miss; 0.301 vs 0.300 shows it
    3
    >>> digits_to_tell_apart(0.25, 0.30)
    2
    """
    value, reference = float(value), float(reference)  # numpy scalars too (their booleans do not subtract)
    want = (value > reference) - (value < reference)
    for d in range(least, most + 1):
        a, b = excel_round(value, d), excel_round(reference, d)
        if (a > b) - (a < b) == want:
            return d
    return most


def usd_against(value: float, reference: float, *, least: int = 2) -> tuple[str, str]:
    """``value`` and ``reference`` as dollars with the digits that tell them apart: (0.3009, 0.3) -> ('$0.301', '$0.300')."""
    d = digits_to_tell_apart(value, reference, least=least)
    return _usd(value, d), _usd(reference, d)


def pct_against(value: float, reference: float, *, least: int = 0) -> tuple[str, str]:
    """Fractions as percentages with the digits that tell them apart: (0.80004, 0.8) -> ('80.004%', '80.000%')."""
    d = digits_to_tell_apart(value * 100, reference * 100, least=least)
    return _pct(value, d), _pct(reference, d)


def number_against(value: float, reference: float, *, least: int = 0) -> tuple[str, str]:
    """Plain numbers with the digits that tell them apart: (1234.5, 1234) -> ('1,234.5', '1,234.0')."""
    d = digits_to_tell_apart(value, reference, least=least)
    return f"{excel_round(value, d) + 0.0:,.{d}f}", f"{excel_round(reference, d) + 0.0:,.{d}f}"


def _usd(v: float, d: int) -> str:
    r = excel_round(v, d) + 0.0  # + 0.0: -0.0 shows as $0
    return f"-${-r:,.{d}f}" if r < 0 else f"${r:,.{d}f}"


def _pct(v: float, d: int) -> str:
    return f"{excel_round(v * 100, d) + 0.0:.{d}f}%"
