"""The workbook's labels in another language (``export --lang ko``): a pass over the built workbook.

Every cell holding a label we wrote (text, not a formula, not a user's text such as a scenario's name or notes) whose
words are in the message catalogue (``locales/<lang>/LC_MESSAGES/messages.po``, and the plan's own text in
``plan.po``) is replaced by its translation; sheet names, formulas and defined names stay as they are, so every
formula works as in English. Labels the catalogue does not have stay English.
"""

from __future__ import annotations

from openpyxl.workbook.workbook import Workbook

from i18n import catalog
from i18n.text import N_

SUMMARY_LABELS = (
    N_("Summary: monthly cost per DAU tier (USD per month)"),
    N_("Cache savings"),
    N_("Reserved savings available"),
    N_("Cache savings net of cache cost"),
    N_("Cost by category (USD per month)"),
    N_("Sum of categories"),
)
"""Summary's own labels (written by outputs.report), listed here so the catalogue has them."""


def translate_workbook(wb: Workbook, lang: str) -> int:
    """Translate the label cells of ``wb`` into ``lang``; returns how many cells changed."""
    if lang == "en":
        return 0
    changed = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if not isinstance(value, str) or not value.strip() or value.startswith("=") or cell.quotePrefix:
                    continue  # formulas, and user text (stored with a quote prefix) stay as they are
                shown = catalog.gettext(value, lang)
                if shown == value:
                    shown = catalog.plan_text(value, lang)
                if shown != value:
                    cell.value = shown
                    changed += 1
    return changed
