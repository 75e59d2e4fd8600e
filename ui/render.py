"""Drawing what the builders return, quickly.

``st.altair_chart`` has Altair validate the whole spec against the Vega-Lite JSON
schema on every rerun (about 50-150 ms a chart here). The builders in
``ui.charts`` are validated once in the tests instead
(tests/app/test_builders.py), so the app converts without validation.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import streamlit as st


def chart_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The chart's Vega-Lite spec with its data inline, unvalidated, without Altair's default 300x300 view size."""
    spec = chart.to_dict(validate=False)
    view = spec.get("config", {}).get("view", {})
    for k in ("continuousWidth", "continuousHeight"):
        view.pop(k, None)
    if "config" in spec and not view:
        spec["config"].pop("view", None)
        if not spec["config"]:
            del spec["config"]
    return spec


def altair_chart(chart: alt.TopLevelMixin, *, key: str | None = None) -> None:
    """Draw an Altair chart full width (Streamlit's theme, data sent as Arrow datasets)."""
    st.vega_lite_chart(chart_spec(chart), width="stretch", key=key)
