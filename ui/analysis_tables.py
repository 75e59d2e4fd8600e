"""Display tables for the analysis pages: the analysis results' frames as formatted strings, no ``st.*`` calls.

Cells are formatted with ``model.formatting`` so a test can compare a cell with
``money(model value)``; nothing here computes a cost.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from i18n.money import money, money_cents, money_digits
from i18n.money import money_against as i18n_money_against
from i18n.text import N_, _, plan_text
from model.analysis.compare import Comparison
from model.analysis.economics import TierEconomics
from model.analysis.montecarlo import Simulation
from model.analysis.selfhosted import SelfHostedComparison
from model.analysis.sensitivity import Tornado
from model.analysis.timeline import TimelineResult
from model.formatting import dau, pct
from model.precision import pct_against
from ui.driver_text import label_of

DISTRIBUTIONS = {"triangular": N_("triangular"), "uniform": N_("uniform")}
"""A range's distribution (model/analysis/ranges.py), in the catalogue."""


def value_text(value: Any) -> str:
    """A scenario value for a diff table: numbers without float noise, None as a dash."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        return f"{value:,.6g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def comparison_table(cmp: Comparison) -> pd.DataFrame:
    """One row per tier: each scenario's monthly total and cost per DAU."""
    # Read once into a dict by (tier, scenario): a pandas filter, index and .loc per cell cost ~10 ms a rerun.
    cells = {
        (d, label): (total, per_dau, change)
        for d, label, total, per_dau, change in cmp.cost_frame()[
            ["dau", "scenario", "total_usd", "cost_per_dau_usd", "change"]
        ].itertuples(index=False, name=None)
    }
    rows = []
    for d in sorted({d for d, _label in cells}):
        row: dict[str, str] = {_("Tier"): dau(d) + " DAU"}
        for i, label in enumerate(cmp.labels):
            total, per_dau, change = cells[(d, label)]
            row[_("{scenario}: total").format(scenario=label)] = money(total)
            row[_("{scenario}: per DAU").format(scenario=label)] = money_cents(per_dau)
            if i:
                row[_("{scenario}: vs first").format(scenario=label)] = (
                    "-" if change is None or pd.isna(change) else pct(change, 1)
                )
        rows.append(row)
    return pd.DataFrame(rows)


def difference_table(cmp: Comparison) -> pd.DataFrame:
    """One row per differing assumption: what it is, its path, and each scenario's value."""
    rows = [
        {
            _("Assumption"): label_of(d.path, d.label) if d.label != d.path else "",
            _("Field"): d.path,
            **{label: value_text(v) for label, v in zip(cmp.labels, d.values, strict=True)},
        }
        for d in cmp.differences
    ]
    return pd.DataFrame(rows, columns=[_("Assumption"), _("Field"), *cmp.labels])


def tornado_table(t: Tornado) -> pd.DataFrame:
    rows = [
        {
            _("Driver"): label_of(b.path, b.label),
            _("Low"): value_text(b.low_value),
            _("Scenario"): value_text(b.base_value),
            _("High"): value_text(b.high_value),
            _("Cost per DAU at low"): money_digits(b.low_cost_per_dau_usd, 3),
            _("Cost per DAU at high"): money_digits(b.high_cost_per_dau_usd, 3),
            _("Swing"): money_digits(b.swing_usd, 3),
            _("Why this range"): plan_text(b.note)
            + (
                _(" (the scenario's value lies outside the stated range, which is widened to include it)")
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
            _("Tier"): [dau(d) + " DAU" for d in b["dau"]],
            _("P10 / month"): [money(v) for v in b["p10"]],
            _("P50 / month"): [money(v) for v in b["p50"]],
            _("P90 / month"): [money(v) for v in b["p90"]],
            _("Deterministic"): [money(v) for v in b["deterministic_usd"]],
            _("Cost per DAU P10"): [money_cents(v) for v in b["cost_per_dau_p10"]],
            _("Cost per DAU P50"): [money_cents(v) for v in b["cost_per_dau_p50"]],
            _("Cost per DAU P90"): [money_cents(v) for v in b["cost_per_dau_p90"]],
            _("Chance over budget"): [pct(v, 1) for v in b["prob_over_budget"]],
        }
    )


def ranges_table(sim: Simulation) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                _("Driver"): label_of(r.path, r.label),
                _("Low"): value_text(r.low),
                _("Scenario"): value_text(r.value),
                _("High"): value_text(r.high),
                _("Distribution"): _(DISTRIBUTIONS.get(r.distribution, r.distribution)),
                _("Why"): plan_text(r.note),
            }
            for r in sim.ranges
        ]
    )


def timeline_table(tl: TimelineResult) -> pd.DataFrame:
    m = tl.months
    return pd.DataFrame(
        {
            _("Month"): m["month"],
            _("DAU"): [f"{v:,.0f}" for v in m["dau"]],
            _("Level"): m["level"].astype(str),
            _("Infrastructure"): [money(v) for v in m["infrastructure_usd"]],
            _("AI"): [money(v) for v in m["ai_usd"]],
            _("Total"): [money(v) for v in m["total_usd"]],
            _("Cumulative"): [money(v) for v in m["cumulative_usd"]],
            _("Cost per DAU"): [money_cents(v) for v in m["cost_per_dau_usd"]],
        }
    )


def checklist_table(tl: TimelineResult) -> pd.DataFrame:
    rows = [
        {
            _("Due"): (c.due_month or _("not within the timeline"))
            + (_(" (before the timeline starts)") if c.due_before_start else ""),
            _("Before"): _("{level} (reached {month})").format(level=plan_text(c.level_name), month=c.reached_month)
            if c.reached_month
            else plan_text(c.level_name),
            _("Item"): plan_text(item),
        }
        for c in tl.checklists
        for item in c.items
    ]
    return pd.DataFrame(rows, columns=[_("Due"), _("Before"), _("Item")])


def money_against(value: float, reference: float, *, least: int = 2) -> tuple[str, str]:
    """Two USD figures in the display's currency with the digits that tell them apart (per-DAU figures with ``least`` > 0
    at least at the currency's cents)."""
    return i18n_money_against(value, reference, cents=least > 0)


def economics_table(rows: tuple[TierEconomics, ...]) -> pd.DataFrame:
    def share(v: float | None) -> str:
        return "-" if v is None else pct(v, 1)

    return pd.DataFrame(
        [
            {
                _("Tier"): dau(r.dau) + " DAU",
                _("Revenue / month"): money(r.revenue_usd),
                _("Cost / month"): money(r.total_usd),
                _("Gross margin"): money(r.gross_margin_usd),
                _("Gross margin %"): share(r.gross_margin),
                _("AI spend / revenue"): share(r.ai_share_of_revenue),
                # Compared with the revenue per DAU: the digits that tell them apart (break-even $1.501 vs revenue $1.500).
                _("Break-even revenue per DAU"): money_against(r.break_even_revenue_usd_per_dau, r.revenue_usd_per_dau)[0],
            }
            for r in rows
        ]
    )


def margin_metrics(rows: tuple[TierEconomics, ...]) -> list[tuple[str, str, str]]:
    """(label, value, help) per tier for a row of metrics: the gross margin (short labels: five fit in a row)."""
    return [
        (
            _("Margin at {dau}").format(dau=dau(r.dau)),
            # Against break-even (0%): a margin of -0.04% shows as -0.04%, not 0.0% or -0.0%.
            "-" if r.gross_margin is None else pct_against(r.gross_margin, 0.0, least=1)[0],
            _("Revenue {revenue} less cost {cost} a month.").format(
                **dict(zip(("revenue", "cost"), money_against(r.revenue_usd, r.total_usd, least=0), strict=True))
            ),
        )
        for r in rows
    ]


def self_hosted_table(cmp: SelfHostedComparison) -> pd.DataFrame:
    f = cmp.frame
    return pd.DataFrame(
        {
            _("Tier"): [dau(d) + " DAU" for d in f["dau"]],
            _("Peak tokens/s"): [f"{v:,.0f}" for v in f["peak_tokens_per_second"]],
            _("GPUs"): [f"{v:,.0f}" for v in f["gpus"]],
            _("Self-hosted / month"): [money(v) for v in f["self_hosted_usd"]],
            _("API / month"): [money(v) for v in f["api_usd"]],
            _("Plan's own model / month"): [money(v) for v in f["plan_own_model_usd"]],
            _("Cheaper"): [{"self-hosted": _("self-hosted"), "API": _("API")}.get(v, v) for v in f["cheaper"]],
        }
    )


def break_even_text(cmp: SelfHostedComparison) -> str:
    if cmp.break_even_dau is None:
        return _("never below {dau}").format(dau=dau(cmp.search_high_dau))
    if cmp.break_even_dau <= cmp.search_low_dau:
        return _("from {dau} or fewer").format(dau=dau(cmp.search_low_dau))
    return f"{cmp.break_even_dau:,.0f} DAU"
