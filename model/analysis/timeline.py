"""Timeline: a monthly projection of DAU and cost from the plan's milestones.

Months are counted from the first milestone's month: index k = 12 x (year - year0) + (month - month0).

DAU in month k between milestones a (month index k_a, DAU D_a) and b (k_b, D_b), k_a <= k <= k_b:
- linear:      D(k) = D_a + (D_b - D_a) x (k - k_a) / (k_b - k_a)
- exponential: D(k) = D_a x (D_b / D_a) ^ ((k - k_a) / (k_b - k_a))   (a constant monthly growth rate)
At a milestone's month D is exactly its level's DAU; after the last milestone D stays at the last DAU. The rows are
defined once in ``model.timeline_rows`` (evaluated here, written on the Timeline sheet).

Each month's costs are the model at that month's DAU (``result.curve``; a month is
``days_per_month`` days, the same as every other figure): total_usd = infrastructure_usd + ai_usd.
cumulative_usd(k) = total_usd(0) + ... + total_usd(k).

Checklists: a level's checklist is due in month reached - checklist_lead_months, where
'reached' is the first month whose projected DAU >= the level's DAU (none if never reached
within the horizon). In a workbook: DAU by the formulas above per month row, cost by the same
lookups as the tier sheets at that DAU, cumulative as a running SUM.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pandas as pd

from model import timeline_rows
from model.formula import Env
from model.result import curve
from model.rollouts import ai_usd_by_month, any_in_time
from model.scenario import Scenario


def month_index(month: str, start: str) -> int:
    """Months from ``start`` to ``month`` ('YYYY-MM'): 12 x (year - start year) + (month - start month)."""
    y, m = (int(x) for x in month.split("-"))
    y0, m0 = (int(x) for x in start.split("-"))
    return 12 * (y - y0) + (m - m0)


def month_label(index: int, start: str) -> str:
    """'YYYY-MM' of the month ``index`` months after ``start``."""
    y0, m0 = (int(x) for x in start.split("-"))
    total = y0 * 12 + (m0 - 1) + index
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


@dataclass(frozen=True)
class ChecklistDue:
    level: int
    level_name: str
    dau: int
    reached_month: str | None
    """First month whose projected DAU >= the level's DAU (None if not within the horizon)."""
    due_month: str | None
    """reached_month minus the lead time."""
    items: tuple[str, ...]
    due_before_start: bool
    """True when the due month falls before the projection starts (already late on day one)."""


@dataclass(frozen=True)
class TimelineResult:
    scenario_name: str
    start_month: str
    growth: str
    lead_months: int
    months: pd.DataFrame
    """One row per month: month, month_index, dau, level, infrastructure_usd, ai_usd, total_usd, cumulative_usd, cost_per_dau_usd."""
    checklists: tuple[ChecklistDue, ...]
    milestones: pd.DataFrame
    """One row per milestone: level, level_name, month, dau."""
    policy: str = "as-written"
    """The upgrade policy the months are costed under (scenario.upgrades.policy)."""
    purchases: tuple = ()
    """Under just-in-time: model.upgrades.Purchase per plan bought, in month order."""
    shortfalls: tuple = ()
    """Under just-in-time: (first month, model.upgrades.Shortfall) per component no plan is big enough for."""

    def purchase_frame(self) -> pd.DataFrame:
        """One row per plan bought, its columns ``model.upgrades.Purchase``'s fields in order (also with none bought)."""
        from dataclasses import asdict, fields

        from model.upgrades import Purchase

        columns = [f.name for f in fields(Purchase)]
        return pd.DataFrame([asdict(p) for p in self.purchases], columns=columns)

    def due_frame(self) -> pd.DataFrame:
        """One row per level whose checklist falls due within or before the timeline: level, level_name, due_month, reached_month."""
        rows = [
            {"level": c.level, "level_name": c.level_name, "due_month": c.due_month, "reached_month": c.reached_month}
            for c in self.checklists
            if c.due_month is not None
        ]
        return pd.DataFrame(rows, columns=["level", "level_name", "due_month", "reached_month"])

    def checklist_frame(self) -> pd.DataFrame:
        """One row per checklist item: level, level_name, dau, reached_month, due_month, item."""
        rows = [
            {
                "level": c.level,
                "level_name": c.level_name,
                "dau": c.dau,
                "reached_month": c.reached_month,
                "due_month": c.due_month,
                "item": item,
            }
            for c in self.checklists
            for item in c.items
        ]
        return pd.DataFrame(rows, columns=["level", "level_name", "dau", "reached_month", "due_month", "item"])


def month_env(scenario: Scenario) -> tuple[list[str], Env]:
    """Month labels and the environment ``model.timeline_rows`` evaluates in: the month indexes 0 .. N - 1 and the
    milestones' month indexes and DAU (as the Timeline sheet's ranges)."""
    tl = scenario.timeline
    by_number = {lv.number: lv for lv in scenario.levels}
    start = tl.milestones[0].month
    n = month_index(tl.end_month, start) + 1
    inputs = SimpleNamespace(
        milestone_month_index=np.array([month_index(m.month, start) for m in tl.milestones], dtype=float),
        milestone_dau=np.array([float(by_number[m.level].dau) for m in tl.milestones]),
        months_projected=n,
        timeline_growth=tl.growth,
    )
    k = np.arange(n, dtype=float)
    return [month_label(i, start) for i in range(n)], Env(inputs, rows={timeline_rows.MONTH_INDEX.key: lambda: k})


def monthly_dau(scenario: Scenario) -> tuple[list[str], np.ndarray]:
    """Month labels and projected DAU per month: ``model.timeline_rows.DAU`` (the growth shape in the module
    docstring), evaluated over the months, as the Timeline sheet writes it in each month's row."""
    labels, env = month_env(scenario)
    with np.errstate(divide="ignore", invalid="ignore"):  # after the last milestone: IF's other branch divides by 0
        dau = np.asarray(timeline_rows.DAU.evaluate(env), dtype=float)
    return labels, dau


def project(scenario: Scenario) -> TimelineResult:
    """The monthly projection and each level's checklist due month."""
    from model.upgrades import path_plans  # imported here: model.upgrades imports the result, as this module does

    tl = scenario.timeline
    by_number = {lv.number: lv for lv in scenario.levels}
    labels, dau = monthly_dau(scenario)
    start = labels[0]
    costs = curve(scenario, dau)
    infra, ai = costs["infrastructure_usd"].to_numpy(), costs["ai_usd"].to_numpy()
    # Cost follows capacity (model/upgrades.py) and rollouts in time (model/rollouts.py), where the scenario asks.
    plans = None
    if scenario.upgrades.policy == "just-in-time":
        plans = path_plans(scenario, labels, dau)
        infra = plans.infrastructure_usd
    if any_in_time(scenario):
        ai = ai_usd_by_month(scenario, labels, dau)
    months = pd.DataFrame(
        {
            "month": labels,
            "month_index": np.arange(len(labels)),
            "dau": dau,
            "level": costs["level"].to_numpy(),
            "infrastructure_usd": infra,
            "ai_usd": ai,
            "total_usd": infra + ai if plans is not None or any_in_time(scenario) else costs["total_usd"].to_numpy(),
        }
    )
    months["cumulative_usd"] = months["total_usd"].cumsum()
    months["cost_per_dau_usd"] = months["total_usd"] / months["dau"]
    checklists = []
    for lv in scenario.levels:
        if not lv.checklist:
            continue
        hit = np.flatnonzero(dau >= lv.dau)
        reached = int(hit[0]) if hit.size else None
        due = reached - tl.checklist_lead_months if reached is not None else None
        checklists.append(
            ChecklistDue(
                level=lv.number,
                level_name=lv.name,
                dau=lv.dau,
                reached_month=labels[reached] if reached is not None else None,
                due_month=month_label(due, start) if due is not None else None,
                items=tuple(lv.checklist),
                due_before_start=due is not None and due < 0,
            )
        )
    return TimelineResult(
        scenario_name=scenario.name,
        start_month=start,
        growth=tl.growth,
        lead_months=tl.checklist_lead_months,
        months=months,
        checklists=tuple(checklists),
        milestones=pd.DataFrame(
            {
                "level": [m.level for m in tl.milestones],
                "level_name": [by_number[m.level].name for m in tl.milestones],
                "month": [m.month for m in tl.milestones],
                "dau": [float(by_number[m.level].dau) for m in tl.milestones],
            }
        ),
        policy=scenario.upgrades.policy,
        purchases=plans.purchases if plans is not None else (),
        shortfalls=plans.shortfalls if plans is not None else (),
    )
