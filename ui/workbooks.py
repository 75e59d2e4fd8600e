"""Bounded workbook builds: at most ``POOL_SIZE`` for the whole process.

A workbook of a large scenario costs seconds of CPU (in the worker process, ``outputs.build_worker``), and the
sidebar builds one when a person asks for it (its "Prepare" button, in that session's run). Without a bound, every
session that asked started another build, and all of them shared the two cores with everyone's reruns. Here the
process runs at most ``POOL_SIZE`` builds at once (a ``threading.BoundedSemaphore``); a build waits for its turn up to
``QUEUE_WAIT_S`` and is then refused with one clear sentence (``ServerBusy``, marked for translation), which the
sidebar shows in place of the workbook. A session never runs two builds at once: its build runs inside its own
script run, and Streamlit starts a session's next run only after the last has ended. No ``st.*`` calls: the tests
reach this module directly.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from i18n.text import N_

POOL_SIZE = 1
"""Workbook builds the process runs at once (2 cores shared with every session's reruns)."""
QUEUE_WAIT_S = 60.0
"""How long a build waits for a free slot before it is refused."""

BUSY_SERVER = N_("The server is building other workbooks; try again in a minute.")

T = TypeVar("T")

_pool = threading.BoundedSemaphore(POOL_SIZE)


class ServerBusy(RuntimeError):
    """A build that was not started; ``str(exc)`` is the sentence to show (a msgid: translate it where shown)."""


def build(make: Callable[[], T], *, wait_s: float | None = None) -> T:
    """``make()`` once a slot is free; ServerBusy if none frees within ``wait_s`` (``QUEUE_WAIT_S``)."""
    if not _pool.acquire(timeout=QUEUE_WAIT_S if wait_s is None else wait_s):
        raise ServerBusy(BUSY_SERVER)
    try:
        return make()
    finally:
        _pool.release()
