"""The Audit page's cards for the plan's own disagreements, written once per finding and display.

A check of the plan against itself compares the plan's own numbers with each other and does not move with the
controls, yet the page rebuilt each card's sentences and figures on every rerun (about a dozen cards, each a one-row
audit table: a third of the page's work after a slider move). The card's Markdown is a function of the finding and the
display (language, currency and rate), so it is cached by exactly those: a finding that changes, or another language
or currency, is a new entry.
"""

from __future__ import annotations

from i18n.display import Display, current, using
from i18n.text import N_, _
from model.audit import AuditFinding
from ui import tables
from ui.bounded_cache import bounded
from ui.text import md

SCOPE_NAMES = {"plan": N_("The plan against itself"), "model": N_("This scenario against the plan's cost table")}


def card_markdown(finding: AuditFinding) -> str:
    """The finding's card: topic in bold, its scope, the stated/recomputed/gap line and the explanation."""
    return _card_markdown(repr(finding), current(), finding)


@bounded
def _card_markdown(content: str, shown: Display, _finding: AuditFinding) -> str:
    f = _finding
    with using(shown):
        row = tables.audit_table((f,)).iloc[0]
        return (
            f"**{md(tables.finding_topic(f))}**  \n:gray[{_(SCOPE_NAMES[f.scope])}]\n\n"
            + tables.audit_figures_line(row)
            + f"\n\n{md(tables.finding_explanation(f))}"
        )
