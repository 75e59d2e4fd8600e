"""The message catalogue: gettext ``.po`` files, one per language, read with Babel.

Source strings are English (the msgid); ``locales/ko/LC_MESSAGES/messages.po`` holds the Korean and
``locales/en/LC_MESSAGES/messages.po`` the English (a test checks every message has both). The ``.po`` files are
compiled in memory on first use (once per process per language), so there is no build step and no ``.mo`` to keep
in step. ``make messages`` extracts new strings from the code (``_("...")``, ``ngettext``) into both files.
"""

from __future__ import annotations

import gettext as _gettext
import io
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog as BabelCatalog

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"


PLAN_DOMAIN = "plan"
"""The plan's own text (level names, bottlenecks, checklists...): data, not code, so a catalogue of its own."""


def po_path(lang: str, domain: str = DOMAIN) -> Path:
    return LOCALES_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


@lru_cache(maxsize=8)
def read(lang: str, domain: str = DOMAIN) -> BabelCatalog | None:
    """The ``.po`` file of ``lang`` as Babel's ``Catalog`` (None when the language has no file), read once a process."""
    path = po_path(lang, domain)
    if not path.exists():
        return None
    from babel.messages.pofile import read_po  # lazy: Babel only when a catalogue is first read

    with path.open("rb") as fh:
        return read_po(fh, locale=lang)


@lru_cache(maxsize=8)
def messages(lang: str, domain: str = DOMAIN) -> Mapping[str, str]:
    """msgid -> translation of every message ``gettext`` translates in ``lang`` (one with a translation, not fuzzy; a
    plural by its singular form). Tells a message the catalogue has from text it passes through unchanged, which
    ``gettext`` returns alike when a translation equals its English."""
    catalog = read(lang, domain)
    found: dict[str, str] = {}
    for m in catalog or ():
        msgid = m.id[0] if isinstance(m.id, tuple | list) else m.id
        text = m.string[0] if isinstance(m.string, tuple | list) else m.string
        if msgid and text and not m.fuzzy:
            found[msgid] = text
    return MappingProxyType(found)


@lru_cache(maxsize=8)
def translations(lang: str, domain: str = DOMAIN) -> _gettext.NullTranslations:
    """The compiled catalogue for ``lang`` (English source strings pass through when a language has no file)."""
    catalog = read(lang, domain)
    if catalog is None:
        return _gettext.NullTranslations()
    from babel.messages.mofile import write_mo

    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return _gettext.GNUTranslations(buf)


def gettext(message: str, lang: str) -> str:
    """``message`` (English) in ``lang``."""
    return translations(lang).gettext(message)


def ngettext(singular: str, plural: str, n: int, lang: str) -> str:
    """The singular or plural form for ``n`` in ``lang`` (Korean has one form)."""
    return translations(lang).ngettext(singular, plural, n)


def plan_text(text: str, lang: str) -> str:
    """A piece of the plan's own text (a level's name, a bottleneck, a checklist item) in ``lang``; unknown text as is."""
    return translations(lang, PLAN_DOMAIN).gettext(text)
