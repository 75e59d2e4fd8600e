"""Rounding the way Excel and LibreOffice do it.

Excel's ROUND works on the value shown to 15 significant digits and rounds
half away from zero; Python's round() works on the exact binary value and
rounds half to even. Where the workbook rounds, the model rounds with this.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal


def excel_round(value: float, digits: int = 0) -> float:
    """ROUND(value, digits) as a spreadsheet computes it: half away from zero on 15 significant digits.

    >>> excel_round(1.005, 2)   # 1.00499999... in binary, a half on 15 digits: away from zero
    1.01
    >>> excel_round(-2.5)
    -3.0
    >>> excel_round(1e300, 9)   # any finite float, however large: no fixed-precision overflow
    1e+300
    """
    if value != value or value in (float("inf"), float("-inf")):
        return value
    shown = Decimal(format(value, ".15g"))
    # A value with no digits after the rounding position is already rounded (this also keeps 1e300 from needing
    # a 300-digit quantisation, which a fixed-precision context cannot hold).
    if shown.as_tuple().exponent >= -digits:  # type: ignore[operator]
        return float(shown)
    # The result has at most 15 significant digits (the input has 15), so a 15-digit context always holds it;
    # a value that rounds to zero gives zero. ROUND_HALF_UP in decimal rounds half away from zero (negatives too).
    return float(shown.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP, context=Context(prec=40)))
