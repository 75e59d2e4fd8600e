"""Drawing what the builders return, quickly.

``st.altair_chart`` has Altair validate the whole spec against the Vega-Lite JSON
schema on every rerun (about 50-150 ms a chart here). The builders in
``ui.charts``, ``ui.capacity_charts`` and ``ui.analysis_charts`` are validated
once in the tests instead (tests/app/test_builders.py), so the app converts
without validation.

The chart's data goes to the browser as Arrow, straight from the DataFrame:
Altair's default turns every frame into a list of dicts (sanitising each
value), and Streamlit then turns that list back into a frame for Arrow; for
a few thousand rows that round trip cost more than drawing the chart.
"""

from __future__ import annotations

import copy
import hashlib
import threading
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
from streamlit import dataframe_util

from i18n.display import Display, current, using
from i18n.money import symbol
from model.fx import convert
from ui.bounded_cache import bounded
from ui.chart_parts import TwoPart
from ui.phone_fit import fit_for_phone
from ui.tables import markdown_table

try:  # Streamlit's own lock around Altair's global transformer and theme settings, so st.altair_chart cannot interleave
    from streamlit.elements.vega_charts import _altair_globals_lock as _LOCK
except ImportError:  # pragma: no cover - a Streamlit without it
    _LOCK = threading.Lock()

_TRANSFORMER = "ui_render_arrow"
VALIDATE = False
"""Validate every spec against the Vega-Lite schema as it is drawn: the tests turn this on (tests/app/test_render.py)."""


def money_columns(frame: Any) -> list[str]:
    """A chart frame's numeric money columns: by the house rule that names carry units, any name with a ``usd`` word
    (``usd``, ``total_usd``, ``usd_per_month``, ``revenue_usd_per_dau``). Columns a builder names otherwise (a
    percentile, a budget) are converted by the builder itself (``ui.charts.in_display_currency``)."""
    columns = getattr(frame, "columns", [])
    return [
        c
        for c in columns
        if isinstance(c, str) and "usd" in c.split("_") and frame[c].dtype.kind in "fiu"  # text labels stay as they are
    ]


def _arrow(data: Any, rate: float) -> bytes:
    """The frame as Arrow IPC bytes, its money columns converted to the display currency (``model.fx.convert``), once
    for every chart, so the builders stay in the model's USD; the spec's number locale (``chart_spec``) puts the
    currency's symbol on them."""
    cols = money_columns(data) if rate != 1.0 else []
    if cols:
        data = data.assign(**{c: convert(data[c].astype(float), rate) for c in cols})
    return dataframe_util.convert_anything_to_arrow_bytes(data)


def _to_arrow(data: Any, datasets: dict[str, bytes], rate: float = 1.0) -> dict[str, str]:
    """Altair data transformer: keep the frame as Arrow IPC bytes (``_arrow``) under a content-hash name."""
    raw = _arrow(data, rate)
    name = "data-" + hashlib.blake2b(raw, digest_size=8).hexdigest()
    datasets[name] = raw
    return {"name": name}


alt.data_transformers.register(_TRANSFORMER, _to_arrow)


def chart_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The chart's Vega-Lite spec, unvalidated, without Altair's default 300x300 view size.

    Its data travels in ``spec["datasets"]`` as Arrow IPC bytes per name (what ``st.vega_lite_chart`` sends).
    """
    datasets: dict[str, bytes] = {}
    shown = current()
    with _LOCK, alt.data_transformers.enable(_TRANSFORMER, datasets=datasets, rate=shown.fx.rate):
        spec = chart.to_dict(validate=VALIDATE)
    spec["datasets"] = {**spec.get("datasets", {}), **datasets}
    if not shown.fx.is_identity:  # d3's "$" format shows the display currency's symbol
        spec.setdefault("config", {})["locale"] = {
            "number": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": [symbol(shown), ""]}
        }
    fit_for_phone(spec)
    view = spec.get("config", {}).get("view", {})
    for k in ("continuousWidth", "continuousHeight"):
        view.pop(k, None)
    if "config" in spec and not view:
        spec["config"].pop("view", None)
        if not spec["config"]:
            del spec["config"]
    return spec


def chart(builder: TwoPart, *args: Any, key: str | None = None, **kwargs: Any) -> None:
    """Draw ``builder(*args, **kwargs)`` full width, its layout's spec built once per layout and display
    (``ui.chart_parts``): a rerun that only moves the data sends the cached spec with the new frames."""
    st.vega_lite_chart(two_part_spec(builder, args, kwargs), width="stretch", key=key)


def two_part_spec(
    builder: TwoPart, args: tuple[Any, ...], kwargs: dict[str, Any], display: Display | None = None
) -> dict[str, Any]:
    """The spec ``chart`` sends: the layout's cached spec (a copy) with this call's frames as its named datasets."""
    shown = display or current()
    frames, layout = builder.parts(*args, **kwargs)
    names = tuple(frames)
    spec = copy.deepcopy(_layout_spec(builder.name, _content_key((layout, list(names))), VALIDATE, shown, builder, layout, names))
    spec["datasets"] = {**spec.get("datasets", {}), **{n: _arrow(f, shown.fx.rate) for n, f in frames.items()}}
    return spec


@bounded
def _layout_spec(
    name: str, content: str, validate: bool, display: Display, _builder: TwoPart, _layout: dict[str, Any], _names: tuple[str, ...]
) -> dict[str, Any]:
    """A two-part builder's layout over placeholders, as ``chart_spec`` makes it, per layout arguments and display."""
    with using(display):
        return chart_spec(_builder.layout({n: alt.NamedData(n) for n in _names}, **_layout))


def _content_key(obj: Any) -> str:
    """A digest of ``obj``'s content: frames by their values (index and columns included), containers item by item."""
    h = hashlib.sha256()

    def feed(o: Any) -> None:
        if isinstance(o, pd.DataFrame):
            h.update(repr((list(o.columns), [str(t) for t in o.dtypes], o.shape)).encode())
            h.update(pd.util.hash_pandas_object(o, index=True).to_numpy().tobytes())
        elif isinstance(o, dict):
            for k in sorted(o, key=repr):
                h.update(repr(k).encode())
                feed(o[k])
        elif isinstance(o, list | tuple):
            h.update(f"[{len(o)}".encode())
            for item in o:
                feed(item)
        else:
            h.update(repr(o).encode())

    feed(obj)
    return h.hexdigest()


def table(frame: Any) -> None:
    """A small static table (``ui.tables.markdown_table``): cheaper for the browser to draw than ``st.table``."""
    st.markdown(markdown_table(frame))
