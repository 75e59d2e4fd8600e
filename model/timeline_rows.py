"""The Timeline's month rows defined once (``model.formula``): ``model.analysis.timeline`` evaluates them over the months,
the Timeline sheet writes them in each month's row (``outputs.timeline``).

Months count from the first milestone's month (``MONTH_INDEX``, k = 0, 1, ...). The milestones are two ranges: their month
indexes (``MILESTONE_MONTH_INDEX``) and their DAU (``MILESTONE_DAU``). Month k lies in the segment of the last milestone
reached (``SEGMENT``, a = how many milestones start at or before k), which ends at the next milestone (b = MIN(a + 1,
the milestone count); after the last milestone a = b). With k_a, k_b their month indexes and D_a, D_b their DAU:

    share passed t = (k - k_a) / (k_b - k_a)   (1 where k_b = k_a: after the last milestone)
    linear       D = D_a + (D_b - D_a) x t
    exponential  D = D_a x (D_b / D_a) ^ t     (a constant monthly growth rate)

a milestone's month is exactly its DAU (t = 0) and after the last milestone D stays there (D_b = D_a). Beyond the
projection (k >= months projected; the sheet has rows for the longest scenario's horizon) D is 0.

By hand, milestones at month 0 (10,000 DAU) and month 4 (50,000), linear: month 1 is in segment 1, t = 1/4, D = 10,000 +
40,000 x 0.25 = 20,000; exponential: 10,000 x 5 ^ 0.25 = 14,953.49 (tests/model/test_timeline_rows.py).

>>> import numpy as np
>>> from types import SimpleNamespace
>>> from model.formula import Env
>>> inputs = SimpleNamespace(milestone_month_index=np.array([0.0, 4.0]), milestone_dau=np.array([10_000.0, 50_000.0]),
...     months_projected=6, timeline_growth="linear")
>>> with np.errstate(divide="ignore", invalid="ignore"):  # after the last milestone IF's other branch divides by 0
...     DAU.evaluate(Env(inputs, rows={"month_index": lambda: np.arange(6.0)})).tolist()
[10000.0, 20000.0, 30000.0, 40000.0, 50000.0, 50000.0]
"""

from __future__ import annotations

from model.formula import AND, COUNT, COUNTIF, EXP, IF, INDEX, LN, MIN, Formula, Input, Row, Text, eq
from model.phrase import N_

MONTH_INDEX = Row("month_index")
"""Months from the first milestone's month (the sheet counts its rows; the model gives 0, 1, ...)."""
MONTHS_PROJECTED = Input("months_projected")
MILESTONE_MONTH_INDEX = Input("milestone_month_index")
"""Per milestone (a range on the sheet): its month index."""
MILESTONE_DAU = Input("milestone_dau")
"""Per milestone (a range on the sheet): its level's DAU."""
TIMELINE_GROWTH = Input("timeline_growth")

IN_PROJECTION = Formula(
    "in_projection",
    IF(MONTH_INDEX < MONTHS_PROJECTED, 1, 0),
    label=N_("In the projection"),
    unit="1/0",
    display="flag",
)
"""1 for a month within the horizon (month index < months projected), else 0."""

SEGMENT = Formula(
    "segment",
    COUNTIF(MILESTONE_MONTH_INDEX, "<=", MONTH_INDEX),
    label=N_("Segment (milestone)"),
    display="flag",
)
"""The last milestone reached: how many milestones fall in this month or before (1 = the first)."""

_NEXT = MIN(SEGMENT + 1, COUNT(MILESTONE_MONTH_INDEX))
"""The milestone that ends the segment: the next one, or the last one itself after it."""

SEGMENT_START = Formula("segment_start", INDEX(MILESTONE_MONTH_INDEX, SEGMENT), label=N_("Segment starts (month index)"))
"""The month index of the segment's first milestone."""

SEGMENT_END = Formula("segment_end", INDEX(MILESTONE_MONTH_INDEX, _NEXT), label=N_("Segment ends (month index)"))
"""The month index of the milestone that ends the segment."""

DAU_START = Formula("dau_start", INDEX(MILESTONE_DAU, SEGMENT), label=N_("DAU at segment start"), display="count")
"""The DAU of the segment's first milestone."""

DAU_END = Formula("dau_end", INDEX(MILESTONE_DAU, _NEXT), label=N_("DAU at segment end"), display="count")
"""The DAU of the milestone that ends the segment."""

SHARE_PASSED = Formula(
    "share_passed",
    IF(SEGMENT_END > SEGMENT_START, (MONTH_INDEX - SEGMENT_START) / (SEGMENT_END - SEGMENT_START), 1),
    label=N_("Share of the segment passed"),
    display="share",
)
"""(k - k_a) / (k_b - k_a); 1 after the last milestone (k_b = k_a)."""

GROWN_DAU = Formula(
    "grown_dau",
    IF(
        AND(MONTH_INDEX > SEGMENT_START, MONTH_INDEX < SEGMENT_END),
        IF(
            eq(TIMELINE_GROWTH, Text("linear")),
            DAU_START + (DAU_END - DAU_START) / (SEGMENT_END - SEGMENT_START) * (MONTH_INDEX - SEGMENT_START),
            EXP(LN(DAU_START) + (LN(DAU_END) - LN(DAU_START)) / (SEGMENT_END - SEGMENT_START) * (MONTH_INDEX - SEGMENT_START)),
        ),
        DAU_START,
    ),
    label=N_("DAU"),
    display="count",
)
"""The DAU along the milestones: strictly between two milestones, linear D_a + (D_b - D_a) / (k_b - k_a) x (k - k_a) or
exponential EXP(LN D_a + (LN D_b - LN D_a) / (k_b - k_a) x (k - k_a)) (= D_a x (D_b / D_a) ^ t); in a milestone's month
and after the last milestone, D_a exactly. (Written with the slope first, as ``numpy.interp`` computes it, so the model's
months are the same to the last bit as they were before this definition.)"""

DAU = Formula(
    "dau",
    IF(eq(IN_PROJECTION, 0), 0, GROWN_DAU),
    label=N_("DAU"),
    display="count",
)
"""The month's DAU: along the milestones within the projection, 0 beyond it (the Timeline sheet's rows past the
horizon; Compare's month blocks leave those months blank instead)."""
