"""Chart builder for the own model's business case (Economics page): data in, ``alt.Chart`` out, no ``st.*``."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ui.analysis_charts import AI_COLOUR
from ui.charts import HEIGHT, MONEY

OWN_COLOUR = "#0F766E"
OPTIONS = ("API only", "Own model (business case)")


def owncase_chart(frame: pd.DataFrame, *, payback_month: str | None) -> alt.LayerChart:
    """Monthly AI spend over the timeline: staying on the API against building and running the own model
    (build spend included); a rule at the payback month. Input: model.analysis.owncase.timeline_frame()."""
    data = frame.assign(date=pd.to_datetime(frame["month"] + "-01"))
    lines = (
        alt.Chart(data)
        .mark_line(strokeWidth=2.5, interpolate="step-after")
        .encode(
            x=alt.X("date:T", title="Month", axis=alt.Axis(format="%Y", tickCount="year")),
            y=alt.Y("usd:Q", title="AI spend, USD per month", axis=alt.Axis(format="$,.2s")),
            color=alt.Color(
                "option:N",
                title=None,
                scale=alt.Scale(domain=list(OPTIONS), range=[AI_COLOUR, OWN_COLOUR]),
                legend=alt.Legend(orient="top", labelLimit=320),
            ),
            tooltip=[
                alt.Tooltip("option:N", title="Option"),
                alt.Tooltip("month:N", title="Month"),
                alt.Tooltip("usd:Q", title="USD per month", format=MONEY),
            ],
        )
    )
    layers: list[alt.Chart] = [lines]
    if payback_month is not None:
        rule = pd.DataFrame({"date": [pd.Timestamp(payback_month + "-01")], "label": [f"Paid back in {payback_month}"]})
        layers.append(
            alt.Chart(rule)
            .mark_rule(strokeDash=[4, 3], color="#111827")
            .encode(x="date:T", tooltip=[alt.Tooltip("label:N", title="Payback")])
        )
    return alt.layer(*layers).properties(height=HEIGHT)
