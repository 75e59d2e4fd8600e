"""Rounding the way Excel and LibreOffice do it.

Excel's ROUND works on the value shown to 15 significant digits and rounds
half away from zero; Python's round() works on the exact binary value and
rounds half to even. Where the workbook rounds, the model rounds with this.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def excel_round(value: float, digits: int = 0) -> float:
    """ROUND(value, digits) as a spreadsheet computes it: half away from zero on 15 significant digits."""
    if value != value or value in (float("inf"), float("-inf")):
        return value
    shown = Decimal(format(value, ".15g"))
    # ROUND_HALF_UP in decimal rounds half away from zero (for negatives too).
    return float(shown.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))
