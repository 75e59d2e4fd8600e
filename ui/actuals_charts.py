"""Plan against actual: chart and table builders for the Actuals page (data in, Altair/DataFrame out; no ``st.*``)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import CATEGORY_COLOURS, CATEGORY_LABELS, HEIGHT, MONEY

UNMAPPED_COLOUR = "#111827"
LABELS = {**CATEGORY_LABELS, "unmapped": "Unmapped", "total": "Total"}
ORDER = [*CATEGORY_LABELS.values(), "Unmapped"]
PLAN_COLOUR = "#111827"


def plan_vs_actual_chart(variance: pd.DataFrame) -> alt.LayerChart:
    """Actual spend per month stacked by category, with the planned total as a line of points.

    Input: ``model.variance.variance`` (rows with category 'total' give the planned line)."""
    parts = variance[variance["category"] != "total"].copy()
    parts["Category"] = parts["category"].map(LABELS)
    totals = variance[variance["category"] == "total"].copy()
    scale = alt.Scale(domain=ORDER, range=[*CATEGORY_COLOURS.values(), UNMAPPED_COLOUR])
    bars = (
        alt.Chart(parts)
        .mark_bar()
        .encode(
            x=alt.X("month:O", title="Month"),
            y=alt.Y("actual_usd:Q", title="Actual spend (USD per month)", axis=alt.Axis(format=MONEY), stack="zero"),
            color=alt.Color("Category:N", scale=scale, legend=alt.Legend(orient="bottom", title=None)),
            order=alt.Order("category:N"),
            tooltip=[
                alt.Tooltip("month:O", title="Month"),
                alt.Tooltip("Category:N"),
                alt.Tooltip("actual_usd:Q", title="Actual", format=MONEY),
                alt.Tooltip("planned_usd:Q", title="Planned", format=MONEY),
            ],
        )
    )
    plan = (
        alt.Chart(totals)
        .mark_line(point=alt.OverlayMarkDef(shape="diamond", size=80, filled=True), color=PLAN_COLOUR, strokeDash=[4, 3])
        .encode(
            x=alt.X("month:O"),
            y=alt.Y("planned_usd:Q"),
            tooltip=[
                alt.Tooltip("month:O", title="Month"),
                alt.Tooltip("planned_usd:Q", title="Planned total", format=MONEY),
                alt.Tooltip("actual_usd:Q", title="Actual total", format=MONEY),
            ],
        )
    )
    return alt.layer(bars, plan).properties(title="Actual by category, against the planned total (diamonds)", height=HEIGHT)


def reforecast_chart(months: pd.DataFrame) -> alt.Chart:
    """Monthly total: actual to date, then the re-forecast. Input: ``Reforecast.months``."""
    df = months.assign(Kind=months["kind"].map({"actual": "Actual", "forecast": "Forecast"}))
    return (
        alt.Chart(df, title="Actual to date + forecast", height=HEIGHT)
        .mark_bar()
        .encode(
            x=alt.X("month:O", title="Month"),
            y=alt.Y("total_usd:Q", title="USD per month", axis=alt.Axis(format=MONEY)),
            color=alt.Color(
                "Kind:N",
                scale=alt.Scale(domain=["Actual", "Forecast"], range=["#111827", "#A5B4FC"]),
                legend=alt.Legend(orient="bottom", title=None),
            ),
            tooltip=[
                alt.Tooltip("month:O", title="Month"),
                alt.Tooltip("Kind:N"),
                alt.Tooltip("total_usd:Q", title="Total", format=MONEY),
            ],
        )
    )


def variance_table(variance: pd.DataFrame) -> pd.DataFrame:
    """The variance for people: readable category names, money and percentages as numbers (formatted by the grid)."""
    return pd.DataFrame(
        {
            "Month": variance["month"],
            "Category": variance["category"].map(LABELS),
            "Planned (USD)": variance["planned_usd"],
            "Actual (USD)": variance["actual_usd"],
            "Variance (USD)": variance["variance_usd"],
            "Variance (%)": variance["variance_pct"] * 100,
            "At actual DAU (%)": variance["variance_at_actual_dau_pct"] * 100,
            "Cost per actual DAU (USD)": variance["cost_per_actual_dau_usd"],
            "Over threshold": variance["flagged"],
        }
    )
