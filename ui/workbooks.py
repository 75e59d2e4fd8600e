"""Bounded workbook builds: one build per session at a time, and at most ``POOL_SIZE`` for the whole process.

A workbook of a large scenario costs seconds of server CPU, and the download button builds it when clicked
(Streamlit runs the build in a worker thread). Without a bound, every click of every session started another build
and all of them shared the two cores with everyone's reruns. Here:

- a session whose build is still running is refused at once (``SessionBusy``): a second click never starts a
  second build;
- the process runs at most ``POOL_SIZE`` builds at once (a ``threading.BoundedSemaphore``); a build waits for its turn
  up to ``QUEUE_WAIT_S`` and is then refused (``ServerBusy``).

Each refusal is an exception with one clear sentence: Streamlit then tells the browser the download failed, and the
sidebar shows the sentence on the session's next run (``status``). No ``st.*`` calls: the build runs outside a
script run, and the tests reach this module directly.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

POOL_SIZE = 1
"""Workbook builds the process runs at once (2 cores shared with every session's reruns)."""
QUEUE_WAIT_S = 60.0
"""How long a build waits for a free slot before it is refused."""

BUSY_SESSION = "Your workbook is still being built; it downloads when ready (one build per session at a time)."
BUSY_SERVER = "The server is building other workbooks; try the download again in a minute."

T = TypeVar("T")

_pool = threading.BoundedSemaphore(POOL_SIZE)
_lock = threading.Lock()
_building: set[str] = set()
_last_refusal: dict[str, str] = {}


class BuildRefused(RuntimeError):
    """A build that was not started; ``str(exc)`` is the sentence to show."""


class SessionBusy(BuildRefused):
    pass


class ServerBusy(BuildRefused):
    pass


def build(session_id: str, make: Callable[[], T], *, wait_s: float | None = None) -> T:
    """``make()`` under the bounds above, for the session ``session_id``; BuildRefused if it may not run now."""
    with _lock:
        if session_id in _building:
            _last_refusal[session_id] = BUSY_SESSION
            raise SessionBusy(BUSY_SESSION)
        _building.add(session_id)
        _last_refusal.pop(session_id, None)
    try:
        if not _pool.acquire(timeout=QUEUE_WAIT_S if wait_s is None else wait_s):
            with _lock:
                _last_refusal[session_id] = BUSY_SERVER
            raise ServerBusy(BUSY_SERVER)
        try:
            return make()
        finally:
            _pool.release()
    finally:
        with _lock:
            _building.discard(session_id)


def status(session_id: str) -> str | None:
    """What the session should read next to its download button: its build is running, or was refused (once)."""
    with _lock:
        if session_id in _building:
            return "Building your workbook…"
        return _last_refusal.pop(session_id, None)
