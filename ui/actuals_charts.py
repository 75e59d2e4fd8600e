"""Plan against actual: chart and table builders for the Actuals page (data in, Altair/DataFrame out; no ``st.*``)."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from i18n.text import N_, _
from ui.chart_parts import Data, TwoPart
from ui.charts import CATEGORY_COLOURS, CATEGORY_LABELS, HEIGHT, MONEY, per_month

UNMAPPED_COLOUR = "#111827"
LABELS = {**CATEGORY_LABELS, "unmapped": N_("Unmapped"), "total": N_("Total")}
"""English (the catalogue's keys); ``label(category)`` is the session's language."""
ORDER = [*CATEGORY_LABELS.values(), "Unmapped"]
PLAN_COLOUR = "#111827"
VARIANCE_COLUMNS = {
    "planned": N_("Planned (USD)"),
    "actual": N_("Actual (USD)"),
    "variance": N_("Variance (USD)"),
    "variance_pct": N_("Variance (%)"),
    "at_actual_dau_pct": N_("At actual DAU (%)"),
}
"""The variance table's number columns (the page formats them by these names, in the session's language)."""
COST_PER_ACTUAL_DAU = N_("Cost per actual DAU (USD)")


def label(category: str) -> str:
    return _(LABELS.get(category, category))


def _plan_vs_actual_parts(variance: pd.DataFrame) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """``model.variance.variance`` split into the categories' actual spend (with their names in the session's
    language) and the totals (rows with category 'total', which give the planned line)."""
    cols = ["month", "category", "actual_usd", "planned_usd"]
    parts = variance.loc[variance["category"] != "total", cols]
    return {
        "parts": parts.assign(Category=parts["category"].map(label)),
        "totals": variance.loc[variance["category"] == "total", ["month", "actual_usd", "planned_usd"]],
    }, {}


def _plan_vs_actual_layout(data: Data) -> alt.LayerChart:
    scale = alt.Scale(domain=[_(x) for x in ORDER], range=[*CATEGORY_COLOURS.values(), UNMAPPED_COLOUR])
    bars = (
        alt.Chart(data["parts"])
        .mark_bar()
        .encode(
            x=alt.X("month:O", title=_("Month")),
            y=alt.Y(
                "actual_usd:Q",
                title=_("Actual spend, {per_month}").format(per_month=per_month()),
                axis=alt.Axis(format=MONEY),
                stack="zero",
            ),
            color=alt.Color("Category:N", scale=scale, legend=alt.Legend(orient="bottom", title=None)),
            order=alt.Order("category:N"),
            tooltip=[
                alt.Tooltip("month:O", title=_("Month")),
                alt.Tooltip("Category:N", title=_("Category")),
                alt.Tooltip("actual_usd:Q", title=_("Actual"), format=MONEY),
                alt.Tooltip("planned_usd:Q", title=_("Planned"), format=MONEY),
            ],
        )
    )
    plan = (
        alt.Chart(data["totals"])
        .mark_line(point=alt.OverlayMarkDef(shape="diamond", size=80, filled=True), color=PLAN_COLOUR, strokeDash=[4, 3])
        .encode(
            x=alt.X("month:O"),
            y=alt.Y("planned_usd:Q"),
            tooltip=[
                alt.Tooltip("month:O", title=_("Month")),
                alt.Tooltip("planned_usd:Q", title=_("Planned total"), format=MONEY),
                alt.Tooltip("actual_usd:Q", title=_("Actual total"), format=MONEY),
            ],
        )
    )
    return alt.layer(bars, plan).properties(title=_("Actual by category, against the planned total (diamonds)"), height=HEIGHT)


plan_vs_actual_chart = TwoPart(_plan_vs_actual_parts, _plan_vs_actual_layout)
"""Actual spend per month stacked by category, with the planned total as a line of points."""


def _reforecast_parts(months: pd.DataFrame) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """``Reforecast.months``: each month's total, actual to date then forecast, the kind named in the session's language."""
    kinds = {"actual": _("Actual"), "forecast": _("Forecast")}
    return {"months": months[["month", "total_usd"]].assign(Kind=months["kind"].map(kinds))}, {}


def _reforecast_layout(data: Data) -> alt.Chart:
    kinds = [_("Actual"), _("Forecast")]
    return (
        alt.Chart(data["months"], title=_("Actual to date + forecast"), height=HEIGHT)
        .mark_bar()
        .encode(
            x=alt.X("month:O", title=_("Month")),
            y=alt.Y("total_usd:Q", title=per_month(), axis=alt.Axis(format=MONEY)),
            color=alt.Color(
                "Kind:N",
                scale=alt.Scale(domain=kinds, range=["#111827", "#A5B4FC"]),
                legend=alt.Legend(orient="bottom", title=None),
            ),
            tooltip=[
                alt.Tooltip("month:O", title=_("Month")),
                alt.Tooltip("Kind:N", title=_("Kind")),
                alt.Tooltip("total_usd:Q", title=_("Total"), format=MONEY),
            ],
        )
    )


reforecast_chart = TwoPart(_reforecast_parts, _reforecast_layout)
"""Monthly total: actual to date, then the re-forecast."""


def variance_table(variance: pd.DataFrame) -> pd.DataFrame:
    """The variance for people: readable category names, money and percentages as numbers (formatted by the grid)."""
    return pd.DataFrame(
        {
            _("Month"): variance["month"],
            _("Category"): variance["category"].map(label),
            _(VARIANCE_COLUMNS["planned"]): variance["planned_usd"],
            _(VARIANCE_COLUMNS["actual"]): variance["actual_usd"],
            _(VARIANCE_COLUMNS["variance"]): variance["variance_usd"],
            _(VARIANCE_COLUMNS["variance_pct"]): variance["variance_pct"] * 100,
            _(VARIANCE_COLUMNS["at_actual_dau_pct"]): variance["variance_at_actual_dau_pct"] * 100,
            _(COST_PER_ACTUAL_DAU): variance["cost_per_actual_dau_usd"],
            _("Over threshold"): variance["flagged"],
        }
    )
