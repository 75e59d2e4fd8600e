"""Words for the Overview's capacity warning and upgrade policy (model/upgrades.py); never calls ``st.*``.

Every string a person reads on the Overview about upgrades is here, in plain English for now.
"""

from __future__ import annotations

import itertools

import pandas as pd

from model.upgrades import DauReading
from ui.capacity_charts import utilization_shown
from ui.tables import count, usd

POLICY_LABELS = {"as-written": "As written", "just-in-time": "Just in time"}
POLICY_HELP = (
    "As written: the vendor plans of the plan's level in force at this DAU (the plan's cost table). "
    "Just in time: each of the database, Redis and AI limits moves to the cheapest of the plan's vendor plans that keeps "
    "it under its warning line; hosting stays with the level in force."
)
DAU_LABEL = "Any DAU"
DAU_HELP = "Type any number of daily active users to see its cost, level and capacity; clear it to go back to the tier buttons."
POLICY_LABEL = "Upgrades"
WRITTEN_METRIC = "As written / month"
JIT_METRIC = "Just in time / month"
TIERS_LABEL = "Tiers (DAU, comma-separated)"
TIERS_HELP = "The DAU tiers the table and charts use, in increasing order; kept in the share link."


def over_capacity_text(r: DauReading) -> str | None:
    """The warning when the level in force is over capacity at this DAU, with both costs; None when it is not.

    Plain text: the page escapes it for Markdown (two dollar signs would otherwise be read as maths)."""
    if not r.over:
        return None
    # Against the thresholds: the digits that tell which side it is on (no rounding that hides a miss).
    parts = ", ".join(
        f"{x.label} at {utilization_shown(x.utilization, x.warning_threshold, x.critical_threshold)} ({x.alert})" for x in r.over
    )
    diff = r.just_in_time_usd - r.as_written_usd
    sign = "+" if diff >= 0 else "-"
    buys = "; ".join(f"{u.to_plan} ({usd(u.usd_per_month)}/month)" for u in r.upgrades if u.delta_usd_per_month > 0)
    text = (
        f"At {count(r.dau)} DAU, level {r.level}'s plans are over capacity: {parts}. "
        f"As written: {usd(r.as_written_usd)}/month. Just in time: {usd(r.just_in_time_usd)}/month "
        f"({sign}{usd(abs(diff))})"
    )
    return text + (f", buying {buys}." if buys else ".")


def shortfall_texts(r: DauReading) -> list[str]:
    """One line per resource no plan in the scenario is big enough for."""
    return [s.text for s in r.shortfalls]


def capacity_caption(r: DauReading) -> str:
    state = "every resource under its warning line" if not r.over else f"{len(r.over)} resource(s) over the warning line"
    return f"{count(r.dau)} DAU: level {r.level} in force; {state} as written."


def parse_tiers(text: str) -> list[int] | str:
    """'10000, 50,000 ...' is ambiguous, so tiers are separated by commas and may use '_' or spaces inside: a list of
    whole DAU in increasing order, or the one-line reason it is refused."""
    parts = [p.strip().replace("_", "").replace(" ", "") for p in text.split(",") if p.strip()]
    try:
        tiers = [int(p) for p in parts]
    except ValueError:
        return "Tiers: expected whole numbers of DAU separated by commas, e.g. 10000, 50000, 300000."
    if not tiers or len(tiers) > 50:
        return "Tiers: give from 1 to 50 tiers."
    if any(not 0 < t <= 100_000_000 for t in tiers):
        return "Tiers: every tier must be more than 0 and at most 100,000,000 DAU."
    if any(b <= a for a, b in itertools.pairwise(tiers)):
        return "Tiers: tiers must be in increasing order, each once."
    return tiers


PURCHASES_TITLE = "Plans bought just in time"
PURCHASES_CAPTION = (
    "Under the just-in-time policy (the Upgrades toggle on the Overview) each plan is bought {lead} month(s) before the "
    "month whose DAU the old plan cannot carry, and charged from then on; in the month it is bought the old plan runs "
    "beside it, so that month carries both."
)


def purchases_table(purchases: tuple) -> pd.DataFrame:
    """One row per plan bought on the timeline (model.upgrades.Purchase), as shown."""
    return pd.DataFrame(
        {
            "Bought": [p.month for p in purchases],
            "For": [p.label for p in purchases],
            "From": [p.from_plan for p in purchases],
            "To": [p.to_plan for p in purchases],
            "Per month": [usd(p.usd_per_month) for p in purchases],
            "Needed by": [f"{p.needed_month} ({count(p.needed_dau)} DAU)" for p in purchases],
        }
    )
