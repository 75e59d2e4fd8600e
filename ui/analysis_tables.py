"""Display tables for the analysis pages: the analysis results' frames as formatted strings, no ``st.*`` calls.

Cells are formatted with ``model.formatting`` so a test can compare a cell with
``usd(model value)``; nothing here computes a cost.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from model.analysis.compare import Comparison
from model.analysis.economics import TierEconomics
from model.analysis.montecarlo import Simulation
from model.analysis.selfhosted import SelfHostedComparison
from model.analysis.sensitivity import Tornado
from model.analysis.timeline import TimelineResult
from model.formatting import dau, pct, usd, usd_cents
from model.precision import pct_against, usd_against


def value_text(value: Any) -> str:
    """A scenario value for a diff table: numbers without float noise, None as a dash."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.6g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def comparison_table(cmp: Comparison) -> pd.DataFrame:
    """One row per tier: each scenario's monthly total and cost per DAU."""
    frame = cmp.cost_frame()
    rows = []
    for d in sorted(frame["dau"].unique()):
        row: dict[str, str] = {"Tier": dau(d) + " DAU"}
        at = frame[frame["dau"] == d].set_index("scenario")
        for i, label in enumerate(cmp.labels):
            row[f"{label}: total"] = usd(at.loc[label, "total_usd"])
            row[f"{label}: per DAU"] = usd_cents(at.loc[label, "cost_per_dau_usd"])
            if i:
                change = at.loc[label, "change"]
                row[f"{label}: vs first"] = "-" if change is None or pd.isna(change) else pct(change, 1)
        rows.append(row)
    return pd.DataFrame(rows)


def difference_table(cmp: Comparison) -> pd.DataFrame:
    """One row per differing assumption: what it is, its path, and each scenario's value."""
    rows = [
        {
            "Assumption": d.label if d.label != d.path else "",
            "Field": d.path,
            **{label: value_text(v) for label, v in zip(cmp.labels, d.values, strict=True)},
        }
        for d in cmp.differences
    ]
    return pd.DataFrame(rows, columns=["Assumption", "Field", *cmp.labels])


def tornado_table(t: Tornado) -> pd.DataFrame:
    rows = [
        {
            "Driver": b.label,
            "Low": value_text(b.low_value),
            "Scenario": value_text(b.base_value),
            "High": value_text(b.high_value),
            "Cost per DAU at low": f"${b.low_cost_per_dau_usd:,.3f}",
            "Cost per DAU at high": f"${b.high_cost_per_dau_usd:,.3f}",
            "Swing": f"${b.swing_usd:,.3f}",
            "Why this range": b.note
            + (
                " (the scenario's value lies outside the stated range, which is widened to include it)"
                if b.value_outside_stated
                else ""
            ),
        }
        for b in t.bars
    ]
    return pd.DataFrame(rows)


def simulation_table(sim: Simulation) -> pd.DataFrame:
    """One row per DAU point of the simulation: P10/P50/P90 of the total and of cost per DAU, the chance of exceeding the budget."""
    b = sim.bands()
    return pd.DataFrame(
        {
            "Tier": [dau(d) + " DAU" for d in b["dau"]],
            "P10 / month": [usd(v) for v in b["p10"]],
            "P50 / month": [usd(v) for v in b["p50"]],
            "P90 / month": [usd(v) for v in b["p90"]],
            "Deterministic": [usd(v) for v in b["deterministic_usd"]],
            "Cost per DAU P10": [usd_cents(v) for v in b["cost_per_dau_p10"]],
            "Cost per DAU P50": [usd_cents(v) for v in b["cost_per_dau_p50"]],
            "Cost per DAU P90": [usd_cents(v) for v in b["cost_per_dau_p90"]],
            "Chance over budget": [pct(v, 1) for v in b["prob_over_budget"]],
        }
    )


def ranges_table(sim: Simulation) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Driver": r.label,
                "Low": value_text(r.low),
                "Scenario": value_text(r.value),
                "High": value_text(r.high),
                "Distribution": r.distribution,
                "Why": r.note,
            }
            for r in sim.ranges
        ]
    )


def timeline_table(tl: TimelineResult) -> pd.DataFrame:
    m = tl.months
    return pd.DataFrame(
        {
            "Month": m["month"],
            "DAU": [f"{v:,.0f}" for v in m["dau"]],
            "Level": m["level"].astype(str),
            "Infrastructure": [usd(v) for v in m["infrastructure_usd"]],
            "AI": [usd(v) for v in m["ai_usd"]],
            "Total": [usd(v) for v in m["total_usd"]],
            "Cumulative": [usd(v) for v in m["cumulative_usd"]],
            "Cost per DAU": [usd_cents(v) for v in m["cost_per_dau_usd"]],
        }
    )


def checklist_table(tl: TimelineResult) -> pd.DataFrame:
    rows = [
        {
            "Due": (c.due_month or "not within the timeline") + (" (before the timeline starts)" if c.due_before_start else ""),
            "Before": f"{c.level_name} (reached {c.reached_month})" if c.reached_month else c.level_name,
            "Item": item,
        }
        for c in tl.checklists
        for item in c.items
    ]
    return pd.DataFrame(rows, columns=["Due", "Before", "Item"])


def economics_table(rows: tuple[TierEconomics, ...]) -> pd.DataFrame:
    def share(v: float | None) -> str:
        return "-" if v is None else pct(v, 1)

    return pd.DataFrame(
        [
            {
                "Tier": dau(r.dau) + " DAU",
                "Revenue / month": usd(r.revenue_usd),
                "Cost / month": usd(r.total_usd),
                "Gross margin": usd(r.gross_margin_usd),
                "Gross margin %": share(r.gross_margin),
                "AI spend / revenue": share(r.ai_share_of_revenue),
                # Compared with the revenue per DAU: the digits that tell them apart (break-even $1.501 vs revenue $1.500).
                "Break-even revenue per DAU": usd_against(r.break_even_revenue_usd_per_dau, r.revenue_usd_per_dau)[0],
            }
            for r in rows
        ]
    )


def margin_metrics(rows: tuple[TierEconomics, ...]) -> list[tuple[str, str, str]]:
    """(label, value, help) per tier for a row of metrics: the gross margin (short labels: five fit in a row)."""
    return [
        (
            f"Margin at {dau(r.dau)}",
            # Against break-even (0%): a margin of -0.04% shows as -0.04%, not 0.0% or -0.0%.
            "-" if r.gross_margin is None else pct_against(r.gross_margin, 0.0, least=1)[0],
            "Revenue {} less cost {} a month.".format(*usd_against(r.revenue_usd, r.total_usd, least=0)),
        )
        for r in rows
    ]


def self_hosted_table(cmp: SelfHostedComparison) -> pd.DataFrame:
    f = cmp.frame
    return pd.DataFrame(
        {
            "Tier": [dau(d) + " DAU" for d in f["dau"]],
            "Peak tokens/s": [f"{v:,.0f}" for v in f["peak_tokens_per_second"]],
            "GPUs": [f"{v:,.0f}" for v in f["gpus"]],
            "Self-hosted / month": [usd(v) for v in f["self_hosted_usd"]],
            "API / month": [usd(v) for v in f["api_usd"]],
            "Plan's own model / month": [usd(v) for v in f["plan_own_model_usd"]],
            "Cheaper": f["cheaper"],
        }
    )


def break_even_text(cmp: SelfHostedComparison) -> str:
    if cmp.break_even_dau is None:
        return f"never below {dau(cmp.search_high_dau)}"
    if cmp.break_even_dau <= cmp.search_low_dau:
        return f"from {dau(cmp.search_low_dau)} or fewer"
    return f"{cmp.break_even_dau:,.0f} DAU"
