"""Rounding the way Excel and LibreOffice do it.

Excel's ROUND works on the value shown to 15 significant digits and rounds
half away from zero; Python's round() works on the exact binary value and
rounds half to even. Where the workbook rounds, the model rounds with this.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal

import numpy as np
from numpy.typing import ArrayLike, NDArray


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


_FAST_SCALED = 1e10
"""Below this (|value| x 10^digits), a product's error and the 15-digit step are far smaller than ``_NEAR_HALF``."""
_NEAR_HALF = 1e-4
"""Within this of a half (in units of the last kept digit), the exact path decides; farther away rint cannot differ."""


def excel_round_array(values: ArrayLike, digits: int = 0) -> NDArray[np.float64]:
    """``excel_round`` element-wise over an array, fast: numpy's rint where no tie is near, the exact path elsewhere.

    Far from a half (more than 1e-4 of the last kept digit) rounding to nearest is the same whichever way ties go, and
    the 15-significant-digit step moves the value far less than that while |value| x 10^digits < 1e10; only values near
    a half, larger values and NaN/inf take ``excel_round`` (Decimal) one by one.

    >>> excel_round_array([1.005, -2.675, 0.123456789012, 3.2 / 4, float("nan")], 2).tolist()  # numpy.round gives 1.0 for the first
    [1.01, -2.68, 0.12, 0.8, nan]
    """
    x = np.array(values, dtype=float, ndmin=1)
    if digits < 0:  # 10^digits is not exact: every value takes the exact path
        out = np.array([excel_round(float(v), digits) for v in x])
        return out if np.ndim(values) else out.reshape(())
    scale = 10.0**digits
    fast = np.abs(x) < _FAST_SCALED / scale  # False for NaN and inf
    scaled = np.where(fast, x, 0.0) * scale  # never past the float range: the exact path takes the large
    fraction = np.abs(np.modf(scaled)[0])
    slow = ~fast | (np.abs(fraction - 0.5) < _NEAR_HALF)
    out = np.rint(scaled)
    out /= scale
    if slow.any():
        out[slow] = [excel_round(float(v), digits) for v in x[slow]]
    return out if np.ndim(values) else out.reshape(())
