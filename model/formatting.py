"""Money and percentages as people read them; the same strings in the app, the CLI and the README.

A figure too large to read digit by digit (ABSURD or more, which only a scenario at its bounds reaches)
is shown in scientific notation with three significant digits, e.g. $1.23e+16, never as a 40-digit string.
"""

from __future__ import annotations

import math

from model.rounding import excel_round

ABSURD = 1e15
"""From this magnitude on (a thousand trillion) a figure is shown in scientific notation."""


def _absurd(value: float) -> str | None:
    """'1.23e+16' for a value of magnitude ABSURD or more, 'inf' / 'nan' for a non-finite one; else None."""
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf"
    if abs(value) >= ABSURD:
        return f"{abs(value):.2e}"
    return None


def usd(value: float) -> str:
    """Whole dollars with thousands separators: $1,234 (negative: -$1,234); $1.23e+16 from ABSURD on."""
    if (big := _absurd(value)) is not None:
        return f"-${big}" if value < 0 else f"${big}"
    whole = excel_round(value, 0) + 0.0  # + 0.0 turns -0.0 (from -0.4) into 0.0, shown as $0 not $-0
    return f"-${-whole:,.0f}" if whole < 0 else f"${whole:,.0f}"


def usd_cents(value: float) -> str:
    """Dollars and cents: $0.91; $1.23e+16 from ABSURD on."""
    if (big := _absurd(value)) is not None:
        return f"-${big}" if value < 0 else f"${big}"
    cents = excel_round(value, 2) + 0.0
    return f"-${-cents:,.2f}" if cents < 0 else f"${cents:,.2f}"


def pct(value: float, digits: int = 0) -> str:
    """A fraction as a percentage: 0.3 -> 30%; 1.5e301 -> 1.50e+303%."""
    if (big := _absurd(value * 100)) is not None:
        return f"-{big}%" if value < 0 else f"{big}%"
    return f"{excel_round(value * 100, digits) + 0.0:.{digits}f}%"


def number(value: float, digits: int = 0) -> str:
    """A plain figure with thousands separators (1,234.5 with digits=1); scientific notation from ABSURD on and
    for a non-zero value that would show as 0 at ``digits`` decimals (a capacity of 1e-300 is not '0')."""
    if (big := _absurd(value)) is not None:
        return f"-{big}" if value < 0 else big
    if value != 0 and abs(value) < 0.5 * 10.0**-digits:
        return f"{value:.2e}"
    return f"{excel_round(value, digits) + 0.0:,.{digits}f}"


def dau(value: float) -> str:
    """10,000 -> 10k; 1,000,000 -> 1M; 2,500,000 -> 2.5M."""
    if _absurd(value) is not None:
        return number(value)
    if value >= 1_000_000 and value % 10_000 == 0:
        return f"{value / 1_000_000:g}M"
    if value >= 1_000 and value % 1_000 == 0:
        return f"{value / 1_000:g}k"
    return number(value)
