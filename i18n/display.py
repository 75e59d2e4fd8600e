"""The language and the exchange rate in force for what is being drawn now.

The app registers a provider that reads the browser session (``ui.i18n``); the CLI and the workbook writer pass
a ``Display`` explicitly or use ``using(...)``. With no provider: English, USD (so builders tested without a
browser show the model's own dollars, as before).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from model.fx import USD, FxRate

LANGUAGES = {"ko": "한국어", "en": "English"}
"""Language code -> its name in that language (the sidebar's choice)."""
LOCALES = {"ko": "ko_KR", "en": "en_US"}
"""Language -> the Babel locale numbers and money are formatted for."""
DEFAULT_LANG = "ko"
"""Korean first: the company's first language (the app's default; the link's ``lang=`` or the sidebar changes it)."""


@dataclass(frozen=True)
class Display:
    lang: str = "en"
    fx: FxRate = field(default_factory=lambda: USD)

    @property
    def locale(self) -> str:
        return LOCALES[self.lang]


_provider: Callable[[], Display] | None = None
_local = threading.local()


def set_provider(provider: Callable[[], Display] | None) -> None:
    """Where ``current()`` reads the display when nothing was set with ``using`` (the app: the session)."""
    global _provider
    _provider = provider


def current() -> Display:
    """The display in force: ``using(...)`` on this thread, else the provider's, else English and USD."""
    stack = getattr(_local, "stack", None)
    if stack:
        return stack[-1]
    if _provider is not None:
        return _provider()
    return Display()


@contextlib.contextmanager
def using(display: Display) -> Iterator[Display]:
    """Format with ``display`` inside the block (this thread only)."""
    stack = _local.__dict__.setdefault("stack", [])
    stack.append(display)
    try:
        yield display
    finally:
        stack.pop()
