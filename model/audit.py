"""The audit: the plan's stated figures recomputed from their parts.

Two scopes. ``plan``: the plan's own figures checked against each other (sums,
ratios, percentages, targets); these do not move with the drivers. ``model``:
the model's result under the current scenario against the plan's cost table,
so a founder sees at once how far a changed scenario is from the plan. Figures
we had to imply are listed too, with the value we use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from model.prices import pinned_vs_library, snapshot
from model.rounding import excel_round
from model.scenario import Scenario, value_at

if TYPE_CHECKING:
    from model.costs import Params

Status = Literal["agrees", "disagrees", "implied"]
Unit = Literal["usd", "usd_per_dau", "fraction", "count", "text"]


@dataclass(frozen=True)
class AuditFinding:
    """One recomputed figure: what the plan says, what its parts give, and the gap."""

    id: str
    scope: Literal["plan", "model"]
    topic: str
    status: Status
    stated: float | None
    computed: float | None
    gap: float | None
    """stated - computed."""
    unit: Unit
    explanation: str


def _finding(
    id: str,
    scope: Literal["plan", "model"],
    topic: str,
    stated: float | None,
    computed: float | None,
    unit: Unit,
    explanation: str,
    *,
    tolerance: float = 0.5,
    status: Status | None = None,
) -> AuditFinding:
    gap = None if stated is None or computed is None else stated - computed
    if status is None:
        status = "agrees" if gap is not None and abs(gap) < tolerance else "disagrees"
    return AuditFinding(id, scope, topic, status, stated, computed, gap, unit, explanation)


def _usd(x: float) -> str:
    return f"${x:,.0f}"


def plan_findings(s: Scenario) -> list[AuditFinding]:
    """The plan's figures against each other."""
    out: list[AuditFinding] = []
    table = {row.dau: row for row in s.stated_costs}

    for lv in s.levels:
        named = sum(li.usd_per_month for li in lv.line_items if not li.negotiated)
        negotiated = [li for li in lv.line_items if li.negotiated]
        ai = lv.stated_ai.own_model_usd_per_month if lv.stated_ai.basis == "own_model" else lv.stated_ai.api_usd_per_month
        parts = named + (ai or 0.0)
        if negotiated and lv.stated_total_usd - parts >= 0.5:
            implied = lv.stated_total_usd - parts
            who = ", ".join(f"{li.vendor} {li.plan}" for li in negotiated)
            extra = ""
            row = table.get(lv.dau)
            if (
                row is not None
                and lv.number > 1
                and row.infrastructure_usd in {r.infrastructure_usd for r in s.stated_costs if r.dau > lv.dau}
            ):
                extra = f" The cost table's infrastructure figure ({_usd(row.infrastructure_usd)}) is the same as the next level's, which suggests it was copied."
            out.append(
                _finding(
                    f"level-{lv.number}-total",
                    "plan",
                    f"Level {lv.number} ({lv.name}): line items + AI vs stated total",
                    lv.stated_total_usd,
                    parts,
                    "usd",
                    f"The items with a figure ({_usd(named)}) and the AI line ({_usd(ai or 0)}) make {_usd(parts)}; "
                    f"the plan's total is {_usd(lv.stated_total_usd)}. {who} is negotiated with no figure, so the "
                    f"gap of {_usd(implied)} is what the plan implies for it; the model uses that.{extra}",
                    status="implied",
                )
            )
        else:
            out.append(
                _finding(
                    f"level-{lv.number}-total",
                    "plan",
                    f"Level {lv.number} ({lv.name}): line items + AI vs stated total",
                    lv.stated_total_usd,
                    parts,
                    "usd",
                    f"{_usd(named)} of line items and {_usd(ai or 0)} of AI.",
                )
            )
        if (
            lv.stated_ai.basis == "api"
            and lv.stated_ai.own_model_usd_per_month is not None
            and "own" in lv.stated_total_label.lower()
        ):
            own_total = lv.stated_total_usd - (lv.stated_ai.api_usd_per_month or 0.0) + lv.stated_ai.own_model_usd_per_month
            out.append(
                _finding(
                    f"level-{lv.number}-total-label",
                    "plan",
                    f"Level {lv.number}: the total labelled '{lv.stated_total_label}'",
                    lv.stated_total_usd,
                    own_total,
                    "usd",
                    f"With the own model ({_usd(lv.stated_ai.own_model_usd_per_month)}) instead of the API "
                    f"({_usd(lv.stated_ai.api_usd_per_month or 0)}) the level would total {_usd(own_total)}. "
                    f"The stated {_usd(lv.stated_total_usd)} is the API figure, and so is the cost table's row; "
                    "the model follows the arithmetic and keeps the API at this level.",
                )
            )
        if lv.stated_ai.api_usd_per_month and lv.stated_ai.own_model_usd_per_month:
            reduction = 1 - lv.stated_ai.own_model_usd_per_month / lv.stated_ai.api_usd_per_month
            out.append(
                _finding(
                    f"level-{lv.number}-own-model-reduction",
                    "plan",
                    f"Level {lv.number}: own model's cost reduction against the API",
                    s.stated_insights.own_model_cost_reduction,
                    reduction,
                    "fraction",
                    f"The text says the own model cuts AI cost by {s.stated_insights.own_model_cost_reduction:.0%}; "
                    f"its figures ({_usd(lv.stated_ai.own_model_usd_per_month)} against {_usd(lv.stated_ai.api_usd_per_month)}) "
                    f"give {reduction:.1%}. The model uses the figures (own model = {1 - reduction:.4g} x API cost).",
                    tolerance=0.005,
                )
            )
        row = table.get(lv.dau)
        if row is not None:
            out.append(
                _finding(
                    f"level-{lv.number}-vs-cost-table",
                    "plan",
                    f"Level {lv.number}: stated total vs the cost table's",
                    row.total_usd,
                    lv.stated_total_usd,
                    "usd",
                    "Section 2's level total against section 6's table.",
                )
            )

    for row in s.stated_costs:
        out.append(
            _finding(
                f"table-{row.dau}-sum",
                "plan",
                f"Cost table at {row.dau:,} DAU: infrastructure + AI = total",
                row.total_usd,
                row.infrastructure_usd + row.ai_usd,
                "usd",
                f"{_usd(row.infrastructure_usd)} + {_usd(row.ai_usd)}.",
            )
        )
        per_user = excel_round(row.total_usd / row.dau, 2)
        out.append(
            _finding(
                f"table-{row.dau}-per-user",
                "plan",
                f"Cost table at {row.dau:,} DAU: cost per user",
                row.cost_per_user_usd,
                per_user,
                "usd_per_dau",
                f"{_usd(row.total_usd)} / {row.dau:,} = ${row.total_usd / row.dau:.4f}, ${per_user:.2f} rounded to the cent.",
                tolerance=0.005,
            )
        )

    # A change against a zero first row is undefined: no finding rather than a division by zero.
    if len(s.stated_costs) >= 2 and s.stated_costs[0].cost_per_user_usd > 0 and s.stated_costs[0].total_usd > 0:
        first, last = s.stated_costs[0], s.stated_costs[-1]
        change = last.cost_per_user_usd / first.cost_per_user_usd - 1
        out.append(
            _finding(
                "insight-cost-per-user-change",
                "plan",
                "Insight: change in cost per user, first to last level",
                s.stated_insights.cost_per_user_change,
                excel_round(change, 2),
                "fraction",
                f"${first.cost_per_user_usd:.2f} to ${last.cost_per_user_usd:.2f} is {change:.1%}; "
                f"unrounded ({first.total_usd / first.dau:.4f} to {last.total_usd / last.dau:.4f}) "
                f"{(last.total_usd / last.dau) / (first.total_usd / first.dau) - 1:.1%}.",
                tolerance=0.005,
            )
        )

    d = s.dashboard
    first_level = s.levels[0]
    dash_month = d.ai_usd_per_day * s.days_per_month
    if first_level.stated_ai.api_usd_per_month:  # None or 0: nothing to compare the dashboard with
        out.append(
            _finding(
                "dashboard-ai-spend",
                "plan",
                "Dashboard AI spend per month vs level 1's AI line",
                first_level.stated_ai.api_usd_per_month,
                dash_month,
                "usd",
                f"The dashboard's ${d.ai_usd_per_day:,.0f}/day x {s.days_per_month:g} days = {_usd(dash_month)}/month, "
                f"{dash_month / first_level.stated_ai.api_usd_per_month:.2g}x the level's "
                f"{_usd(first_level.stated_ai.api_usd_per_month)}. The level's figure is labelled 'after Phase 1 "
                "optimisation', so we read the dashboard as today's, before Phase 1; the Phase 1 multiplier is implied from it.",
            )
        )
    out.append(
        _finding(
            "dashboard-db-pool",
            "plan",
            "Dashboard: DB connection pool utilisation",
            0.72,
            d.db_pool_connections_used / d.db_pool_connections_max,
            "fraction",
            f"{d.db_pool_connections_used}/{d.db_pool_connections_max}, stated as 72%.",
            tolerance=0.005,
        )
    )
    out.append(
        _finding(
            "dashboard-redis-memory",
            "plan",
            "Dashboard: Redis memory utilisation",
            0.80,
            d.redis_memory_used_gb / d.redis_memory_max_gb,
            "fraction",
            f"{d.redis_memory_used_gb:g} GB / {d.redis_memory_max_gb:g} GB, stated as 80%: exactly on the warning "
            "threshold, which alerts only above 80%.",
            tolerance=0.005,
        )
    )

    shares = [lv.targets.concurrent_users / lv.dau for lv in s.levels]
    out.append(
        _finding(
            "targets-concurrency",
            "plan",
            "Targets: concurrent users as a share of DAU",
            shares[0],
            min(shares) if max(shares) - min(shares) < 1e-12 else max(shares),
            "fraction",
            "Every level's concurrent-user target is " + ", ".join(f"{x:.0%}" for x in shares) + " of its DAU.",
            tolerance=1e-9,
        )
    )
    for prev, lv in zip(s.levels, s.levels[1:], strict=False):
        if lv.targets.availability < prev.targets.availability:
            out.append(
                _finding(
                    f"level-{lv.number}-availability",
                    "plan",
                    f"Targets: availability falls at level {lv.number}",
                    lv.targets.availability,
                    prev.targets.availability,
                    "fraction",
                    f"Level {lv.number} targets {lv.targets.availability:.3%} after level {prev.number}'s "
                    f"{prev.targets.availability:.3%}; every other target tightens as the plan scales.",
                    tolerance=1e-12,
                )
            )

    ri = s.reserved_instances
    for lv in s.levels:
        if lv.dau < ri.from_dau:
            continue
        eligible = sum(li.usd_per_month for li in lv.line_items if li.reserved_eligible)
        low, high = eligible * ri.discount_low, eligible * ri.discount_high
        inside = low - 0.5 <= ri.stated_expected_saving_usd_per_month <= high + 0.5
        nearest = min(max(ri.stated_expected_saving_usd_per_month, low), high)
        out.append(
            _finding(
                f"reserved-level-{lv.number}",
                "plan",
                f"Reserved instances at level {lv.number}: expected saving vs {ri.discount_low:.0%}-{ri.discount_high:.0%} of eligible items",
                ri.stated_expected_saving_usd_per_month,
                nearest,
                "usd",
                f"Eligible items ({_usd(eligible)}) x {ri.discount_low:.0%}-{ri.discount_high:.0%} = "
                f"{_usd(low)}-{_usd(high)}; the plan expects {_usd(ri.stated_expected_saving_usd_per_month)}."
                + ("" if inside else " The expected saving lies outside that range.")
                + " The plan's cost table does not deduct it.",
                status="agrees" if inside else "disagrees",
            )
        )
    return out


def model_findings(s: Scenario, p: Params) -> list[AuditFinding]:
    """The model under this scenario against the plan's cost table and stated effects."""
    from model import costs

    out: list[AuditFinding] = []
    ai_cache = s.ai_cache()
    out.append(
        _finding(
            "caching-ai-effect",
            "model",
            "Caching: AI cost reduction",
            s.caching.stated_effects.ai_cost_reduction,
            ai_cache.hit_rate or 0.0,
            "fraction",
            f"Each hit of the '{ai_cache.name}' cache sends no tokens, so AI cost falls by its hit rate.",
            tolerance=0.005,
        )
    )
    out.append(
        _finding(
            "caching-db-effect",
            "model",
            "Caching: database load reduction",
            s.caching.stated_effects.db_load_reduction,
            float(costs.db_load_reduction(p)),
            "fraction",
            "Sum over the database caches of share of reads x hit rate. The plan gives the hit rates; the shares of "
            "reads are ours, chosen so that the plan's hit rates give its stated effect.",
            tolerance=0.005,
        )
    )
    out += pinned_price_findings(s)
    if not s.stated_costs:
        return out
    dau = np.array([r.dau for r in s.stated_costs], dtype=float)
    infra = costs.infrastructure_usd(dau, p)
    ai = costs.ai_usd(dau, p)
    for i, row in enumerate(s.stated_costs):
        total = float(infra[i] + ai[i])
        for key, stated, computed, unit, digits in (
            ("infrastructure", row.infrastructure_usd, float(infra[i]), "usd", 0),
            ("ai", row.ai_usd, float(ai[i]), "usd", 0),
            ("total", row.total_usd, total, "usd", 0),
            ("cost-per-dau", row.cost_per_user_usd, total / row.dau, "usd_per_dau", 2),
        ):
            rounded = excel_round(computed, digits)
            out.append(
                _finding(
                    f"model-{row.dau}-{key}",
                    "model",
                    f"Model at {row.dau:,} DAU: {key.replace('-', ' ')}",
                    stated,
                    rounded,
                    unit,  # type: ignore[arg-type]
                    "The model's figure (rounded as the plan rounds it) against the plan's cost table.",
                    tolerance=0.5 * 10**-digits,
                )
            )
    return out


def implied_findings(s: Scenario) -> list[AuditFinding]:
    """Every figure whose provenance is 'implied': what we use and why."""
    out = []
    for path, prov in s.provenance.items():
        if prov.kind != "implied":
            continue
        value = value_at(s, path)
        out.append(
            AuditFinding(
                id=f"implied-{path}",
                scope="plan",
                topic=f"Implied: {path}",
                status="implied",
                stated=None,
                computed=float(value) if isinstance(value, int | float) else None,
                gap=None,
                unit="usd" if path.endswith("usd_per_month") else "fraction",
                explanation=prov.note,
            )
        )
    return out


# --- Prices: a scenario's pinned prices against the installed price library's ---------------------------

_PRICE_FIELD_LABEL = {
    "input_usd_per_mtok": "input",
    "cached_input_usd_per_mtok": "cached input",
    "output_usd_per_mtok": "output",
}


def pinned_price_findings(s: Scenario) -> list[AuditFinding]:
    """One finding when the scenario pins prices: 'agrees' when the library still gives every pinned price,
    else 'disagrees', naming each model, price, the pinned and the library's figure (USD per million tokens)."""
    pinned = s.ai.pinned_prices
    if pinned is None:
        return []
    diffs = pinned_vs_library(s.ai)
    lib = snapshot().label
    used = "the pinned prices" if s.ai.price_source == "pinned" else "the library's prices"
    head = f"Prices pinned from {pinned.snapshot} (checked {pinned.checked.isoformat()}) against the installed {lib}"
    if not diffs:
        text = f"{head}: the same for {', '.join(pinned.models)}. The model uses {used}."
    else:
        parts = [
            f"{d.model} {_PRICE_FIELD_LABEL[d.field]} ${d.pinned_usd_per_mtok:g} pinned, "
            + ("not priced by the library" if d.library_usd_per_mtok is None else f"${d.library_usd_per_mtok:g} in the library")
            for d in diffs
        ]
        text = f"{head} differ: {'; '.join(parts)} (USD per million tokens). The model uses {used}."
    return [
        AuditFinding(
            id="prices-pinned",
            scope="model",
            topic="Prices: pinned against the library",
            status="disagrees" if diffs else "agrees",
            stated=None,
            computed=None,
            gap=None,
            unit="text",
            explanation=text,
        )
    ]
