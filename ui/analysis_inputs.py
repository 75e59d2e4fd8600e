"""Inputs on the analysis pages that change the scenario (timeline dates, revenue, GPU prices ...).

Each widget shows the current scenario's value and, when changed, records an
override through ``ui.state.set_override`` (so it is validated, shareable and
reset with everything else). The widget's key carries the value it shows, so
after a reset or a loaded scenario it is drawn afresh with the new value; a value
the scenario refuses is put back and the sidebar shows why.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import streamlit as st

from i18n.text import _
from model.drivers import field_bounds
from model.scenario import value_at
from ui import state

PREFIX = "an:"


def _key(path: str, value: Any) -> str:
    return f"{PREFIX}{path}={value!r}"


def _commit(path: str, key: str, shown: Any) -> None:
    state.set_override(path, st.session_state[key])
    if value_at(state.current_scenario(), path) != st.session_state[key]:
        st.session_state[key] = shown  # refused: show the scenario's value again


def number(label: str, path: str, *, step: float, fmt: str = "%g", help: str | None = None) -> None:
    """A number box for the scenario field ``path``. Its bounds are the schema's own (``model.drivers.field_bounds``):
    any value a valid file or share link holds is shown, never refused by the widget (Streamlit raises for a value
    outside a widget's bounds)."""
    value = value_at(state.current_scenario(), path)
    is_int = isinstance(value, int) and not isinstance(value, bool)
    shown: Any = int(value) if is_int else float(value)  # type: ignore[arg-type]
    key = _key(path, shown)
    lo, hi = field_bounds(path)
    min_value = lo if math.isfinite(lo) else None
    max_value = hi if math.isfinite(hi) else None
    if is_int:
        st.number_input(
            label,
            min_value=None if min_value is None else math.ceil(min_value),
            max_value=None if max_value is None else math.floor(max_value),
            value=shown,
            step=int(step),
            key=key,
            on_change=_commit,
            args=(path, key, shown),
            help=help,
        )
    else:
        st.number_input(
            label,
            min_value=min_value,
            max_value=max_value,
            value=shown,
            step=float(step),
            format=fmt,
            key=key,
            on_change=_commit,
            args=(path, key, shown),
            help=help,
        )


def text(label: str, path: str, *, help: str | None = None, max_chars: int | None = None) -> None:
    value = str(value_at(state.current_scenario(), path))
    key = _key(path, value)
    st.text_input(label, value=value, key=key, on_change=_commit, args=(path, key, value), help=help, max_chars=max_chars)


def choice(label: str, path: str, options: Sequence[str], *, help: str | None = None) -> None:
    value = str(value_at(state.current_scenario(), path))
    key = _key(path, value)
    st.segmented_control(
        label,
        options=list(options),
        format_func=_,  # options are the scenario's values (marked N_ where they are given), shown in the session's language
        default=value,
        required=True,
        key=key,
        on_change=_commit,
        args=(path, key, value),
        help=help,
    )


def toggle(label: str, path: str, *, help: str | None = None) -> None:
    value = bool(value_at(state.current_scenario(), path))
    key = _key(path, value)
    st.toggle(label, value=value, key=key, on_change=_commit, args=(path, key, value), help=help)
