"""Never a traceback on the page: an unexpected error becomes one short message, and the log gets the details.

``app.py`` runs each page, the sidebar and the address-bar sync through ``guarded``, so one failing part neither shows
a stack trace (with server paths) nor stops the others from being drawn. Streamlit's own control flow (rerun, stop)
is a BaseException, not an Exception, and passes through untouched. ``.streamlit/config.toml`` also sets
``client.showErrorDetails = "none"`` for errors raised where no guard reaches (a fragment rerun on its own).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from i18n.text import N_, _

LOG = logging.getLogger("scaling_cost_model.app")

PAGE_FAILED = N_(
    "Something went wrong while drawing {where}, so it is not shown. The error was logged; the rest of the app still works."
)
"""English (the catalogue's key); shown in the session's language, ``where`` too (a catalogue message or translated)."""


def guarded(fn: Callable[[], object], *, where: str, container: object = None) -> bool:
    """Run ``fn()``; on an unexpected exception log it (with its traceback) and show one line instead. True if it ran."""
    try:
        fn()
    except Exception:  # the point: any page error becomes a message, never a stack trace
        LOG.exception("error while drawing %s", where)
        (container or st).error(_(PAGE_FAILED).format(where=_(where)), icon=":material/error:")  # type: ignore[attr-defined]
        return False
    return True
