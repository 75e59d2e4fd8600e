"""``_`` and ``ngettext`` for code that draws: the language is the display's in force (the session's in the app)."""

from __future__ import annotations

from . import catalog
from .display import current


def _(message: str) -> str:
    """``message`` (English source) in the current language."""
    return catalog.gettext(message, current().lang)


def N_(message: str) -> str:
    """Marks a literal for the catalogue where it is defined (a module-level label); translated where it is drawn."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return catalog.ngettext(singular, plural, n, current().lang)


def lang() -> str:
    return current().lang


def plan_text(text: str) -> str:
    """The plan's own text (level names, bottlenecks, checklists) in the current language; a user's own text as is."""
    return catalog.plan_text(text, current().lang)
