"""The workbook for a currency and a language: what the app's download button and ``python -m model export`` write."""

from __future__ import annotations

from typing import Any

from model.fx import FxRate


def workbook_for(scenario: Any, fx: FxRate | None, *, lang: str = "en", actuals: object = None) -> bytes:
    """The workbook's bytes: ``outputs.workbook.workbook_bytes`` in dollars (``fx`` None or USD) and English; else with
    ``fx``'s rate on Assumptions and the currency switch on Summary, and its labels in ``lang`` (``outputs.language``)."""
    usd = fx is None or fx.is_identity
    if usd and lang == "en":
        from outputs.workbook import workbook_bytes

        return workbook_bytes(scenario, actuals=actuals)
    from outputs.currency import workbook_bytes_in

    return workbook_bytes_in(scenario, None if usd else fx, lang=lang, actuals=actuals)
