"""Words for the Overview's capacity warning and upgrade policy (model/upgrades.py); never calls ``st.*``.

Every string a person reads on the Overview about upgrades is here: labels marked ``N_`` (translated where they are
drawn, ``_(words.DAU_LABEL)``), sentences translated as they are built (``_()``, figures in the session's currency via
``ui.tables.usd``). Names from the scenario (resources, vendor plans) stay as written; the page escapes them.
"""

from __future__ import annotations

import itertools

import pandas as pd

from i18n.phrase import render
from i18n.text import N_, _, ngettext
from model.formatting import ABSURD, pct
from model.precision import digits_to_tell_apart
from model.rounding import excel_round
from model.upgrades import DauReading
from ui.tables import count, percent, usd

POLICY_LABELS = {"as-written": N_("As written"), "just-in-time": N_("Just in time")}
POLICY_HELP = N_(
    "As written: the vendor plans of the plan's level in force at this DAU (the plan's cost table). "
    "Just in time: each of the database, Redis and AI limits moves to the cheapest of the plan's vendor plans that keeps "
    "it under its warning line; hosting stays with the level in force."
)
DAU_LABEL = N_("Any DAU")
DAU_HELP = N_(
    "Type any number of daily active users to see its cost, level and capacity; clear it to go back to the tier buttons."
)
POLICY_LABEL = N_("Upgrades")
WRITTEN_METRIC = N_("As written / month")
JIT_METRIC = N_("Just in time / month")
TIERS_LABEL = N_("Tiers (DAU, comma-separated)")
TIERS_HELP = N_("The DAU tiers the table and charts use, in increasing order; kept in the share link.")
ALERT_WORDS = {"ok": N_("ok"), "warning": N_("warning"), "critical": N_("critical")}


def utilization_shown(value: float, *thresholds: float) -> str:
    """``ui.tables.percent`` (only the digits it needs, up to 3 decimals), with more where that would hide which side
    of a threshold the utilisation is on: 0.800004 against 80% reads '80.0004%', not '80%'."""
    if not abs(value * 100) < ABSURD:
        return pct(value)
    needed = max([0, *(digits_to_tell_apart(excel_round(value * 100, 7), excel_round(t * 100, 7), least=0) for t in thresholds)])
    return percent(value) if needed <= 3 else f"{excel_round(value * 100, 7):,.{needed}f}%"


def over_capacity_text(r: DauReading) -> str | None:
    """The warning when the level in force is over capacity at this DAU, with both costs; None when it is not.

    Plain text: the page escapes it for Markdown (two dollar signs would otherwise be read as maths)."""
    if not r.over:
        return None
    # Against the thresholds: the digits that tell which side it is on (no rounding that hides a miss).
    parts = ", ".join(
        _("{resource} at {share} ({alert})").format(
            resource=_(x.label),  # the capacity resource's label, in the catalogue (model/capacity/resources.py)
            share=utilization_shown(x.utilization, x.warning_threshold, x.critical_threshold),
            alert=_(ALERT_WORDS.get(x.alert, x.alert)),
        )
        for x in r.over
    )
    diff = r.just_in_time_usd - r.as_written_usd
    sign = "+" if diff >= 0 else "-"
    buys = "; ".join(
        _("{plan} ({cost}/month)").format(plan=u.to_plan, cost=usd(u.usd_per_month))
        for u in r.upgrades
        if u.delta_usd_per_month > 0
    )
    text = _(
        "At {dau} DAU, level {level}'s plans are over capacity: {parts}. "
        "As written: {written}/month. Just in time: {jit}/month ({change})"
    ).format(
        dau=count(r.dau),
        level=r.level,
        parts=parts,
        written=usd(r.as_written_usd),
        jit=usd(r.just_in_time_usd),
        change=f"{sign}{usd(abs(diff))}",
    )
    return text + (_(", buying {plans}.").format(plans=buys) if buys else ".")


def shortfall_texts(r: DauReading) -> list[str]:
    """One line per resource no plan in the scenario is big enough for."""
    return [render(s.phrase) for s in r.shortfalls]


def capacity_caption(r: DauReading) -> str:
    if not r.over:
        return _("{dau} DAU: level {level} in force; every resource under its warning line as written.").format(
            dau=count(r.dau), level=r.level
        )
    return ngettext(
        "{dau} DAU: level {level} in force; {n} resource over the warning line as written.",
        "{dau} DAU: level {level} in force; {n} resources over the warning line as written.",
        len(r.over),
    ).format(dau=count(r.dau), level=r.level, n=len(r.over))


def parse_tiers(text: str) -> list[int] | str:
    """'10000, 50,000 ...' is ambiguous, so tiers are separated by commas and may use '_' or spaces inside: a list of
    whole DAU in increasing order, or the one-line reason it is refused."""
    parts = [p.strip().replace("_", "").replace(" ", "") for p in text.split(",") if p.strip()]
    try:
        tiers = [int(p) for p in parts]
    except ValueError:
        return _("Tiers: expected whole numbers of DAU separated by commas, e.g. 10000, 50000, 300000.")
    if not tiers or len(tiers) > 50:
        return _("Tiers: give from 1 to 50 tiers.")
    if any(not 0 < t <= 100_000_000 for t in tiers):
        return _("Tiers: every tier must be more than 0 and at most 100,000,000 DAU.")
    if any(b <= a for a, b in itertools.pairwise(tiers)):
        return _("Tiers: tiers must be in increasing order, each once.")
    return tiers


PURCHASES_TITLE = N_("Plans bought just in time")
PURCHASES_CAPTION = N_(
    "Under the just-in-time policy (the Upgrades toggle on the Overview) each plan is bought {lead} month(s) before the "
    "month whose DAU the old plan cannot carry, and charged from then on; in the month it is bought the old plan runs "
    "beside it, so that month carries both."
)


def purchases_table(purchases: tuple) -> pd.DataFrame:
    """One row per plan bought on the timeline (model.upgrades.Purchase), as shown."""
    return pd.DataFrame(
        {
            _("Bought"): [p.month for p in purchases],
            _("For"): [_(p.label) for p in purchases],
            _("From"): [p.from_plan for p in purchases],
            _("To"): [p.to_plan for p in purchases],
            _("Per month"): [usd(p.usd_per_month) for p in purchases],
            _("Needed by"): [f"{p.needed_month} ({count(p.needed_dau)} DAU)" for p in purchases],
        }
    )
