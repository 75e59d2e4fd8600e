"""The browser session's side of the workspace store (store/): who is saving, opening a saved version or a ``?s=``
link as the session's scenario, and the save/lock/diff actions the Workspace page calls (all safe in callbacks).

Identity: where the deployment configures Streamlit's OpenID Connect login (an ``[auth]`` section in secrets.toml),
only a signed-in user may save or lock, and saves record ``st.user``'s e-mail (or name); without it, every save
records "local". Every store failure becomes one line in ``workspace_error`` and the session's scenario stays.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from model.overrides import differences
from store import LOCAL_AUTHOR, ScenarioSummary, Store, StoreError, VersionInfo
from store.db import shown_url, store_url
from ui import state

ERROR_KEY = "workspace_error"
DONE_KEY = "workspace_done"


@dataclass(frozen=True)
class Identity:
    """Who this session saves as, and whether it may write."""

    author: str | None
    can_write: bool
    login_configured: bool


def login_configured() -> bool:
    """Whether the deployment set up OpenID Connect (``[auth]`` in secrets.toml)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: no login
        return False


def identity() -> Identity:
    if not login_configured():
        return Identity(author=LOCAL_AUTHOR, can_write=True, login_configured=False)
    if st.user.get("is_logged_in"):  # absent (not False) until Streamlit sees the [auth] section
        who = st.user.get("email") or st.user.get("name") or st.user.get("sub") or "signed-in user"
        return Identity(author=str(who), can_write=True, login_configured=True)
    return Identity(author=None, can_write=False, login_configured=True)


def store() -> Store:
    """The store (``SCALING_STORE_URL`` or var/store.sqlite3), one engine per process. StoreError if unreachable."""
    return Store(store_url())


def where() -> str:
    return shown_url(store_url())


def _fail(exc: StoreError) -> None:
    st.session_state[ERROR_KEY] = str(exc)
    st.session_state.pop(DONE_KEY, None)


def _done(message: str) -> None:
    st.session_state[DONE_KEY] = message
    st.session_state.pop(ERROR_KEY, None)


def take_messages() -> tuple[str | None, str | None]:
    """(error, done) from the last action, each shown once."""
    return st.session_state.pop(ERROR_KEY, None), st.session_state.pop(DONE_KEY, None)


def _make_base(info: VersionInfo, scenario: Any) -> None:
    state._set_base(scenario, label=f"{info.name}, version {info.number} (saved by {info.author})", stem=None)
    st.session_state["base_saved"] = info.share_id
    st.session_state["base_saved_name"] = info.name
    st.session_state["base_saved_number"] = info.number


def open_shared(share_id: str) -> None:
    """A ``?s=`` link: the saved version becomes the base; a bad or unknown id is a notice and the plan stays."""
    try:
        info, scenario = store().load_shared(share_id)
    except StoreError as exc:
        st.session_state.setdefault("notices", []).append(f"Share link: {exc}; showing the plan.")
        return
    _make_base(info, scenario)


def open_version(name: str, number: int) -> None:
    """Open a saved version as the session's scenario (overrides cleared)."""
    try:
        info, scenario = store().load(name, number)
    except StoreError as exc:
        _fail(exc)
        return
    _make_base(info, scenario)
    _done(f"Opened {name!r} version {number}.")


def opened() -> tuple[str, int] | None:
    """(name, number) of the saved version the session's scenario started from, if any."""
    ss = st.session_state
    if ss.get("base_saved"):
        return ss["base_saved_name"], ss["base_saved_number"]
    return None


def save(name: str, *, note: str, new_name: bool) -> None:
    """Save the current scenario: under ``name`` as its next version, or (``new_name``) as version 1 of a new name.

    Only a signed-in user may save where login is configured. The saved version becomes the session's base, so the
    share link is ``?s=<its id>``."""
    who = identity()
    if not who.can_write:
        _fail(StoreError("sign in to save: this deployment records who saves each version"))
        return
    try:
        target = store()
        if new_name and any(s.name == " ".join(name.split()) for s in target.summaries()):
            raise StoreError(
                f"a saved scenario named {' '.join(name.split())!r} already exists; save a new version of it instead"
            )
        scenario = state.current_scenario()
        info = target.save(name, scenario, note=note, author=who.author)
    except StoreError as exc:
        _fail(exc)
        return
    _make_base(info, scenario)
    _done(f"Saved {info.name!r} version {info.number}.")


def lock(name: str, number: int) -> None:
    who = identity()
    if not who.can_write:
        _fail(StoreError("sign in to lock: a sign-off records who signed"))
        return
    try:
        store().lock(name, number, author=who.author)
    except StoreError as exc:
        _fail(exc)
        return
    _done(f"Locked {name!r} version {number}: it can be read and copied, never changed or deleted.")


def summaries() -> list[ScenarioSummary]:
    return store().summaries()


def versions(name: str) -> list[VersionInfo]:
    return store().versions(name)


def diff(name: str, a: VersionInfo, b: VersionInfo) -> dict[str, tuple[Any, Any]]:
    """Every field that differs from version ``a`` to version ``b`` of ``name``: path -> (value in a, value in b).

    A saved version never changes (the store refuses), so the answer is cached by the two versions' share ids: the
    Workspace page does not read and validate both scenarios again on every sidebar rerun (about 70 ms each time).
    """
    return _diff(store_url(), name, a.number, b.number, a.share_id, b.share_id)


@st.cache_data(max_entries=64, show_spinner=False)
def _diff(url: str, name: str, a: int, b: int, share_a: str, share_b: str) -> dict[str, tuple[Any, Any]]:
    return Store(url).diff(name, a, b)


def changed_since_opened() -> dict[str, tuple[Any, Any]]:
    """What the session changed on top of the saved version it opened (empty when nothing)."""
    return differences(state.base(), state.current_scenario())


def version_label(v: VersionInfo) -> str:
    """'v2 · 2026-12-01 19:04 UTC · ana · locked · note'."""
    parts = [f"v{v.number}", v.created_at.strftime("%Y-%m-%d %H:%M UTC"), v.author]
    if v.locked:
        parts.append("locked")
    if v.note:
        parts.append(v.note[:60])
    return " · ".join(parts)


def versions_table(versions: list[VersionInfo]) -> Any:
    """One row per version, newest first: number, saved (UTC), by, note, locked by, share id."""
    import pandas as pd

    rows = [
        {
            "Version": v.number,
            "Saved (UTC)": v.created_at.strftime("%Y-%m-%d %H:%M"),
            "By": v.author,
            "Note": v.note,
            "Locked": f"by {v.locked_by} {v.locked_at:%Y-%m-%d}" if v.locked_at else "",
            "Link": f"?s={v.share_id}",
        }
        for v in reversed(versions)
    ]
    return pd.DataFrame(rows, columns=["Version", "Saved (UTC)", "By", "Note", "Locked", "Link"])


def save_new_from_widgets() -> None:
    """Button callback: save under the name typed in 'ws_new_name' (read now, so a name typed just before the click counts)."""
    ss = st.session_state
    save(str(ss.get("ws_new_name", "")), note=str(ss.get("ws_note", "")), new_name=True)


def save_version_from_widgets(name: str) -> None:
    """Button callback: save the current scenario as the next version of ``name`` with the note in 'ws_note'."""
    save(name, note=str(st.session_state.get("ws_note", "")), new_name=False)
