"""The workbook the app's download button gives, in the session's currency and language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from model.fx import FxRate


def workbook_for(build: Callable[..., bytes], scenario: Any, fx: FxRate, *, lang: str = "en") -> bytes:
    """The workbook's bytes: ``build(scenario)`` in dollars and English; in another currency than USD with its rate on
    Assumptions and the switch on Summary, and its labels in the session's language (``outputs.language``), as
    ``export --lang``."""
    if fx.is_identity and lang == "en":
        return build(scenario)
    from outputs.currency import workbook_bytes_in

    return workbook_bytes_in(scenario, None if fx.is_identity else fx, lang=lang)
