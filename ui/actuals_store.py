"""The Actuals page's side of the workspace store: save the session's bills (and monthly DAU) as a named set, list
the stored sets, load one back into the page, delete one. Saving and deleting follow the Workspace's rules (``ui.workspace``): where sign-in is configured,
only a signed-in user may save or delete, and a set records who saved it. Every store failure becomes one line in
``ERROR_KEY`` and the page keeps the bills it had.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from i18n.text import _, ngettext
from store import StoreError
from store.actuals import ActualsSetInfo
from ui import workspace

ERROR_KEY = "actuals_store_error"
DONE_KEY = "actuals_store_done"


def _fail(message: str) -> None:
    st.session_state[ERROR_KEY] = message
    st.session_state.pop(DONE_KEY, None)


def _done(message: str) -> None:
    st.session_state[DONE_KEY] = message
    st.session_state.pop(ERROR_KEY, None)


def take_messages() -> tuple[str | None, str | None]:
    """(error, done) from the last save or load, each shown once."""
    return st.session_state.pop(ERROR_KEY, None), st.session_state.pop(DONE_KEY, None)


def set_format(kinds: Sequence[str]) -> str:
    """The set's format: the one reader every bill came through (typed for the app's form), or mixed."""
    distinct = set(kinds)
    return next(iter(distinct)) if len(distinct) == 1 else "mixed"


def save(
    name: str,
    table: pd.DataFrame | None,
    *,
    sources: Sequence[str],
    kinds: Sequence[str],
    dau: pd.DataFrame | None = None,
) -> str | None:
    """Store ``table`` (with the monthly ``dau`` when there are any) as the actuals set ``name``; its stored name, or
    None (with the reason in ERROR_KEY)."""
    who = workspace.identity()
    if not who.can_write:
        _fail(_("Sign in to save: the workspace records who saved each set of actuals."))
        return None
    if table is None or table.empty:
        _fail(_("There are no bills to save yet."))
        return None
    try:
        info = workspace.store().save_actuals(
            name, table, source_file="; ".join(sources), fmt=set_format(kinds or ["typed"]), author=who.author, dau=dau
        )
    except StoreError as exc:
        _fail(str(exc))
        return None
    saved = _("Saved the actuals as “{name}” ({rows}).").format(name=info.name, rows=rows_text(info.row_count))
    _done(saved + " " + dau_text(dau))
    return info.name


def stored_sets() -> tuple[list[ActualsSetInfo], str | None]:
    """The stored sets, and a one-line reason when the store cannot be read (then no sets)."""
    try:
        return workspace.store().actuals_sets(), None
    except StoreError as exc:
        return [], str(exc)


def load(name: str) -> tuple[ActualsSetInfo, pd.DataFrame, pd.DataFrame | None] | None:
    """A stored set, its table and the monthly DAU saved with it (None when it has none), or None (with the reason
    in ERROR_KEY)."""
    try:
        info, table, dau = workspace.store().load_actuals_with_dau(name)
    except StoreError as exc:
        _fail(str(exc))
        return None
    loaded = _("Loaded the stored actuals “{name}” ({rows}).").format(name=info.name, rows=rows_text(info.row_count))
    _done(loaded + " " + dau_text(dau))
    return info, table, dau


def delete(name: str) -> bool:
    """Delete the stored set ``name`` (its rows and DAU go with it); False with the reason in ERROR_KEY."""
    if not workspace.identity().can_write:
        _fail(_("Sign in to delete stored actuals."))
        return False
    try:
        workspace.store().delete_actuals(name)
    except StoreError as exc:
        _fail(str(exc))
        return False
    _done(_("Deleted the stored actuals “{name}”.").format(name=name))
    return True


def dau_text(dau: pd.DataFrame | None) -> str:
    """Whether a set carries the actual DAU: the variance at the actual DAU needs them."""
    if dau is None or dau.empty:
        return _("No actual DAU are stored with it.")
    n = len(dau)
    return ngettext("It carries the actual DAU of {n} month.", "It carries the actual DAU of {n} months.", n).format(n=n)


def rows_text(n: int) -> str:
    return ngettext("{n} row", "{n} rows", n).format(n=n)


def set_label(info: ActualsSetInfo) -> str:
    """'Bills 2026 · 2026-01..2026-03 · 12 rows · DAU of 3 months · focus · ana · 2026-12-01 19:04 UTC' ('no DAU' for a
    set stored without them: it compares at the plan's DAU only)."""
    months = info.first_month if info.first_month == info.last_month else f"{info.first_month}..{info.last_month}"
    return " · ".join(
        [
            info.name,
            months,
            rows_text(info.row_count),
            dau_months_text(info.dau_months),
            info.format,
            info.author,
            info.imported_at.strftime("%Y-%m-%d %H:%M UTC"),
        ]
    )


def dau_months_text(n: int) -> str:
    """How many months of actual DAU a stored set carries, short enough for its line in the list."""
    if n <= 0:
        return _("no DAU")
    return ngettext("DAU of {n} month", "DAU of {n} months", n).format(n=n)
