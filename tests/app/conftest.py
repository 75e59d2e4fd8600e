"""AppTest helpers: run the real app.py (absolute path) and read what the page shows."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from ui.text import JOINER

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"


def new_app() -> AppTest:
    return AppTest.from_file(str(APP), default_timeout=60)


WON_RATE = 1400.0
"""The typed rate ``page_in_won`` opens the app with (won per dollar)."""


def page_in_won(page: str) -> AppTest:
    """``page`` after the app opened with English labels and amounts in won at ``WON_RATE`` (a share link's settings)."""
    at = new_app()
    at.query_params.update({"lang": "en", "currency": "KRW", "fx_rate": f"{WON_RATE:g}"})
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def in_won(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    """``fn(*args, **kwargs)`` with the display ``page_in_won`` sets: English, won at ``WON_RATE``."""
    from i18n.display import Display, using
    from i18n.fx import FxRate

    with using(Display(lang="en", fx=FxRate("KRW", WON_RATE, None, "typed rate"))):
        return fn(*args, **kwargs)


BUSINESS_CASE_TAB = ("economics_tab", "Own model: the business case")
"""The Economics page's third lazy tab (views/economics.py): its session-state key and English label."""


def choose_tab(at: AppTest, key: str, label: str) -> AppTest:
    """Pick a page's lazy tab (its ``st.tabs`` key and label) as a click would: only the chosen tab's content is drawn."""
    at.session_state[key] = label
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.fixture
def at() -> AppTest:
    """The app after its first run on the plan's scenario (no exception)."""
    app = new_app().run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def open_driver_groups(at: AppTest, *groups: str) -> AppTest:
    """Open sidebar driver groups (all of them by default) and rerun, as clicking each would.

    A closed group's controls are not drawn (ui/sidebar.py); AppTest cannot click an expander, so this sets the
    expanders' state through session state.
    """
    from ui.sidebar import GROUP_ORDER, group_key

    for g in groups or GROUP_ORDER:
        at.session_state[group_key(g)] = True
    return at.run()


def markdown_tables(at: AppTest) -> list[pd.DataFrame]:
    """Every Markdown table in the main area (ui.render.table), parsed back into frames of the shown strings."""
    out = []
    for m in at.main.markdown:
        lines = m.value.splitlines()
        if len(lines) < 2 or not lines[0].startswith("| ") or set(lines[1]) != set("| -"):
            continue
        header, *rows = (_cells(line) for line in lines[:1] + lines[2:])
        out.append(pd.DataFrame(rows, columns=header))
    return out


def _cells(line: str) -> list[str]:
    """The cells of one table line: split on unescaped bars, backslash escapes undone."""
    cells, cell, chars = [], "", iter(line.replace(JOINER, "").strip()[1:])
    for c in chars:
        if c == "\\":
            cell += next(chars)
        elif c == "|":
            cells.append(cell.strip())
            cell = ""
        else:
            cell += c
    return cells


def literal(markdown: str) -> str:
    """Text as a person reads it from Markdown that user text was escaped into (ui.text.md): backslash escapes undone."""
    return re.sub(r"\\(.)", r"\1", markdown.replace(JOINER, ""))


def metrics(at: AppTest) -> dict[str, str]:
    """Label -> shown value of every st.metric on the page."""
    return {m.label: m.value for m in at.metric}


def deltas(at: AppTest) -> dict[str, str]:
    return {m.label: m.proto.delta for m in at.metric}


def charts(at: AppTest) -> dict[str, list[pd.DataFrame]]:
    """Chart title -> the datasets Streamlit sent for it, read back from Arrow."""
    out: dict[str, list[pd.DataFrame]] = {}
    for el in at.get("vega_lite_chart"):
        spec = json.loads(el.proto.spec)
        out[chart_title(spec)] = [pa.ipc.open_stream(d.data.data).read_pandas() for d in el.proto.datasets]
    return out


def chart_title(spec: dict) -> str:
    """A chart's title as one line: ui.phone_fit wraps long titles into a list of lines."""
    title = spec.get("title")
    title = title.get("text") if isinstance(title, dict) else title
    return " ".join(title) if isinstance(title, list) else str(title)


def chart_specs(at: AppTest) -> dict[str, dict]:
    out = {}
    for el in at.get("vega_lite_chart"):
        spec = json.loads(el.proto.spec)
        out[chart_title(spec)] = spec
    return out
