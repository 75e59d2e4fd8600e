"""A cost category's colour and name, one mapping for the whole app (charts, tables, the actuals page).

Apart from ui/charts.py so a table can name a category without importing Altair: the Overview draws its headline and
tier table before its first chart, and a cold start should not wait a quarter of a second for Altair to show them.
"""

from __future__ import annotations

from i18n.text import N_, _
from model.result import ALL_CATEGORIES

CATEGORY_COLOURS: dict[str, str] = {
    "hosting": "#4F46E5",
    "database": "#0EA5E9",
    "cache": "#F59E0B",
    "compute": "#10B981",
    "cdn": "#8B5CF6",
    "monitoring": "#64748B",
    "other": "#A8A29E",
    "ai": "#E11D48",
}
assert set(CATEGORY_COLOURS) == set(ALL_CATEGORIES), "every category needs a colour"

CATEGORY_LABELS: dict[str, str] = {
    "hosting": N_("Hosting"),
    "database": N_("Database"),
    "cache": N_("Cache"),
    "compute": N_("Compute"),
    "cdn": N_("CDN"),
    "monitoring": N_("Monitoring"),
    "other": N_("Other"),
    "ai": N_("AI"),
}
"""English names (the catalogue's keys); ``category_label`` gives the session's language."""


def category_label(category: str) -> str:
    return _(CATEGORY_LABELS[category])
