"""Chart builder for the own model's business case (Economics page): data in, ``alt.Chart`` out, no ``st.*``."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from i18n.text import N_, _
from ui.analysis_charts import AI_COLOUR
from ui.chart_parts import Data, TwoPart
from ui.charts import HEIGHT, MONEY, per_month

OWN_COLOUR = "#0F766E"
OPTIONS = (N_("API only"), N_("Own model (business case)"))
"""model.analysis.owncase.timeline_frame's options (the catalogue's keys)."""


def _owncase_parts(frame: pd.DataFrame, *, payback_month: str | None) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """The two options' monthly spend with dates (model.analysis.owncase.timeline_frame(), options in the session's
    language) and the payback rule."""
    frames = {"months": frame.assign(date=pd.to_datetime(frame["month"] + "-01"), option=[_(o) for o in frame["option"]])}
    if payback_month is not None:
        frames["payback"] = pd.DataFrame(
            {"date": [pd.Timestamp(payback_month + "-01")], "label": [_("Paid back in {month}").format(month=payback_month)]}
        )
    return frames, {}


def _owncase_layout(data: Data) -> alt.LayerChart:
    lines = (
        alt.Chart(data["months"])
        .mark_line(strokeWidth=2.5, interpolate="step-after")
        .encode(
            x=alt.X("date:T", title=_("Month"), axis=alt.Axis(format="%Y", tickCount="year")),
            y=alt.Y("usd:Q", title=_("AI spend, {per_month}").format(per_month=per_month()), axis=alt.Axis(format="$,.2s")),
            color=alt.Color(
                "option:N",
                title=None,
                scale=alt.Scale(domain=[_(o) for o in OPTIONS], range=[AI_COLOUR, OWN_COLOUR]),
                legend=alt.Legend(orient="top", labelLimit=320),
            ),
            tooltip=[
                alt.Tooltip("option:N", title=_("Option")),
                alt.Tooltip("month:N", title=_("Month")),
                alt.Tooltip("usd:Q", title=per_month(), format=MONEY),
            ],
        )
    )
    layers: list[alt.Chart] = [lines]
    if "payback" in data:
        layers.append(
            alt.Chart(data["payback"])
            .mark_rule(strokeDash=[4, 3], color="#111827")
            .encode(x=alt.X("date:T"), tooltip=[alt.Tooltip("label:N", title=_("Payback"))])
        )
    return alt.layer(*layers).properties(height=HEIGHT)


owncase_chart = TwoPart(_owncase_parts, _owncase_layout)
"""Monthly AI spend over the timeline: staying on the API against building and running the own model (build spend
included); a rule at the payback month. Input: model.analysis.owncase.timeline_frame()."""
