"""The first DAU (to within 1) at which a cost comparison turns: bisection, its trial points priced a batch at a time.

Halving [a, b] until it is at most 1 DAU wide takes 9-16 steps over the searches' 2,000-point grids, and each step
priced one DAU through the whole cost model (~0.2 ms a call, most of it the call, not the point). Here the trial points
of the next ``LEVELS`` halvings, every way they could go, are computed with the same arithmetic as one halving at a
time (``(a + b) / 2``) and priced in one call; the walk then takes the same steps to the same answer.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

LEVELS = 6
"""Halvings priced per call: 63 trial points, of which the walk reads 6."""


def first_within_1(turned: Callable[[np.ndarray], np.ndarray], a: float, b: float, target: bool = True) -> float:
    """The DAU, within 1 of where ``turned`` becomes ``target`` in (a, b]: ``turned(a) != target``, ``turned(b) == target``.

    Exactly the answer of ``while b - a > 1: mid = (a + b) / 2; b = mid if turned(mid) == target else a = mid``.
    """
    while b - a > 1.0:
        points: list[float] = []
        level = [(a, b)]
        for _ in range(LEVELS):
            below = []
            for lo, hi in level:
                if hi - lo > 1.0:
                    mid = (lo + hi) / 2
                    points.append(mid)
                    below += [(lo, mid), (mid, hi)]
            level = below
        at = dict(zip(points, (bool(v) for v in turned(np.array(points))), strict=True))
        for _ in range(LEVELS):
            if b - a <= 1.0:
                break
            mid = (a + b) / 2
            if at[mid] == target:
                b = mid
            else:
                a = mid
    return b
