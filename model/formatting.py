"""Money and percentages as people read them; the same strings in the app, the CLI and the README."""

from __future__ import annotations

from model.rounding import excel_round


def usd(value: float) -> str:
    """Whole dollars with thousands separators: $1,234 (negative: -$1,234)."""
    whole = excel_round(value, 0) + 0.0  # + 0.0 turns -0.0 (from -0.4) into 0.0, shown as $0 not $-0
    return f"-${-whole:,.0f}" if whole < 0 else f"${whole:,.0f}"


def usd_cents(value: float) -> str:
    """Dollars and cents: $0.91."""
    cents = excel_round(value, 2) + 0.0
    return f"-${-cents:,.2f}" if cents < 0 else f"${cents:,.2f}"


def pct(value: float, digits: int = 0) -> str:
    """A fraction as a percentage: 0.3 -> 30%."""
    return f"{excel_round(value * 100, digits) + 0.0:.{digits}f}%"


def dau(value: float) -> str:
    """10,000 -> 10k; 1,000,000 -> 1M; 2,500,000 -> 2.5M."""
    if value >= 1_000_000 and value % 10_000 == 0:
        return f"{value / 1_000_000:g}M"
    if value >= 1_000 and value % 1_000 == 0:
        return f"{value / 1_000:g}k"
    return f"{value:,.0f}"
