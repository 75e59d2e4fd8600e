"""Revenue and gross margin defined once (``model.formula``): ``model.analysis.economics`` evaluates them per tier, the
Budget sheet writes them in each month and year column (``outputs.budget``).

Rows given from outside: ``dau`` and ``total_usd`` (the month's or tier's cost, ``tier_rows.TOTAL_USD``).

By hand, the plan's 10,000 DAU at $1.50 revenue per DAU a month: revenue $15,000; cost $9,055; gross margin $5,945,
5,945 / 15,000 = 39.63% of revenue.

>>> from types import SimpleNamespace
>>> from model.formula import Env
>>> env = Env(SimpleNamespace(revenue_usd_per_dau_per_month=1.5), rows={"dau": lambda: 10_000, "total_usd": lambda: 9_055.0})
>>> REVENUE_USD.evaluate(env), GROSS_MARGIN_USD.evaluate(env), round(GROSS_MARGIN.evaluate(env), 6)
(15000.0, 5945.0, 0.396333)
"""

from __future__ import annotations

from model.formula import IF, Blank, Formula, Input, N, Row
from model.phrase import N_
from model.tier_rows import TOTAL_USD

DAU = Row("dau")

REVENUE_USD = Formula(
    "revenue_usd",
    Input("revenue_usd_per_dau", attr="revenue_usd_per_dau_per_month") * DAU,
    label=N_("Revenue"),
    unit=N_("USD/month"),
)
"""Revenue: revenue per DAU per month x DAU."""

GROSS_MARGIN_USD = Formula(
    "gross_margin_usd",
    REVENUE_USD - TOTAL_USD,
    label=N_("Gross margin (revenue - Total)"),
    unit=N_("USD/month"),
)
"""Gross margin: revenue - total cost."""

GROSS_MARGIN = Formula(
    "gross_margin",
    IF(N(REVENUE_USD) > 0, GROSS_MARGIN_USD / REVENUE_USD, Blank()),
    label=N_("Gross margin %"),
    display="share",
)
"""Gross margin as a share of revenue; blank where there is no revenue (a blank revenue cell counts as 0): the sheet's
``""``, evaluated NaN (the economics rows' None; goal seek's margin-share target, which skips it)."""
