"""Money and percentages as people read them; the same strings in the app, the CLI and the README."""

from __future__ import annotations

import math

from model.rounding import excel_round

ABSURD = 1e15
"""From this magnitude on a figure is shown in scientific notation (1.52e+301%): a valid but absurd scenario (a line
item of 1e10 USD, a capacity of 1e-300) must display, not fill a screen with digits."""


def scientific(value: float, prefix: str = "", suffix: str = "") -> str | None:
    """``value`` as '-$1.00e+26' / '∞%' when it is not finite or at least ABSURD in size, else None (show it normally)."""
    if math.isfinite(value) and abs(value) < ABSURD:
        return None
    sign = "-" if value < 0 else ""
    body = "∞" if math.isinf(value) else ("NaN" if math.isnan(value) else f"{abs(value):.2e}")
    return f"{sign}{prefix}{body}{suffix}"


def usd(value: float) -> str:
    """Whole dollars with thousands separators: $1,234 (negative: -$1,234); $1.00e+26 from ABSURD on."""
    if (absurd := scientific(value, "$")) is not None:
        return absurd
    whole = excel_round(value, 0) + 0.0  # + 0.0 turns -0.0 (from -0.4) into 0.0, shown as $0 not $-0
    return f"-${-whole:,.0f}" if whole < 0 else f"${whole:,.0f}"


def usd_cents(value: float) -> str:
    """Dollars and cents: $0.91."""
    if (absurd := scientific(value, "$")) is not None:
        return absurd
    cents = excel_round(value, 2) + 0.0
    return f"-${-cents:,.2f}" if cents < 0 else f"${cents:,.2f}"


def pct(value: float, digits: int = 0) -> str:
    """A fraction as a percentage: 0.3 -> 30%."""
    if (absurd := scientific(value * 100, suffix="%")) is not None:
        return absurd
    return f"{excel_round(value * 100, digits) + 0.0:.{digits}f}%"


def dau(value: float) -> str:
    """10,000 -> 10k; 1,000,000 -> 1M; 2,500,000 -> 2.5M."""
    if value >= 1_000_000 and value % 10_000 == 0:
        return f"{value / 1_000_000:g}M"
    if value >= 1_000 and value % 1_000 == 0:
        return f"{value / 1_000:g}k"
    return f"{value:,.0f}"
