"""DAU grids for plotting the staircase: sharp steps at every level start with few points."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

from model.capacity.resources import DEFAULT_MAX_DAU, DEFAULT_MIN_DAU
from model.scenario import Scenario


def dau_grid(
    min_dau: float = DEFAULT_MIN_DAU, max_dau: float = DEFAULT_MAX_DAU, points: int = 1000, *, scenario: Scenario | None = None
) -> NDArray[np.float64]:
    """Log-spaced DAU from min to max, plus every level start and the point just before it, so the steps are sharp."""
    grid = np.geomspace(min_dau, max_dau, points)
    if scenario is not None:
        starts = np.array([lv.dau for lv in scenario.levels], dtype=float)
        starts = starts[(starts > min_dau) & (starts <= max_dau)]
        grid = np.concatenate([grid, starts, starts - 1])
    return np.unique(grid)


SEGMENT_POINTS = 40
"""Log-spaced points per level segment in ``segment_grid``: enough that a line through them is the exact curve to the eye."""


def segment_grid(
    scenario: Scenario, min_dau: float = DEFAULT_MIN_DAU, max_dau: float = DEFAULT_MAX_DAU, points: int = SEGMENT_POINTS
) -> NDArray[np.float64]:
    """A DAU grid for plotting the staircase: ``points`` log-spaced DAU in each level segment, ends included.

    Within a segment [start, next start - 1] demand is linear in DAU and capacity constant, so utilisation
    is linear there; on a log DAU axis that is a smooth exponential, which 40 points draw as the exact curve.
    Each segment's first and last whole DAU are in the grid, so the steps are sharp (as ``dau_grid``'s), with
    a few hundred points instead of a thousand.
    """
    starts = np.array([lv.dau for lv in scenario.levels], dtype=float)
    edges = np.concatenate([[min_dau], starts[(starts > min_dau) & (starts <= max_dau)], [max_dau + 1]])
    pieces = [np.geomspace(a, b - 1, points) if b - 1 > a else np.array([a]) for a, b in pairwise(edges)]
    ends = np.concatenate([edges[:-1], edges[1:] - 1])
    return np.unique(np.concatenate([*pieces, ends]))
