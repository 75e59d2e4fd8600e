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

from model import cache_rows
from model.costs import days_in_month, line_items_list_usd
from model.phrase import N_
from model.prices import pinned_vs_library, snapshot
from model.rounding import excel_round
from model.scenario import Scenario, value_at

if TYPE_CHECKING:
    from model.costs import Params

Status = Literal["agrees", "disagrees", "implied"]
Unit = Literal["usd", "usd_per_dau", "fraction", "count", "text"]


@dataclass(frozen=True)
class Usd:
    """A dollar amount inside a sentence, kept as a number so whoever shows the sentence can convert it (₩, €)."""

    usd: float
    digits: int = 0

    def __str__(self) -> str:
        return f"${self.usd:,.{self.digits}f}"


@dataclass(frozen=True)
class Text:
    """A sentence as a template (its English, the catalogue's key) and its arguments (strings or ``Usd``).

    ``str(text)`` is the English sentence; the app translates ``template`` and formats the ``Usd`` arguments in the
    session's currency (``ui.tables.audit_sentence``).
    """

    template: str
    args: tuple[tuple[str, str | Usd], ...] = ()

    def __str__(self) -> str:
        # A plain sentence (no arguments) is shown as written: its braces (a key pattern such as {userId}) are text.
        return self.template.format(**{k: str(v) for k, v in self.args}) if self.args else self.template


LEVEL_TOTAL_IMPLIED = N_(
    "The items with a figure ({named}) and the AI line ({ai}) make {parts}; the plan's total is {total}. {who} is "
    "negotiated with no figure, so the gap of {implied} is what the plan implies for it; the model uses that."
)
LEVEL_TOTAL_COPIED = N_(
    "The items with a figure ({named}) and the AI line ({ai}) make {parts}; the plan's total is {total}. {who} is "
    "negotiated with no figure, so the gap of {implied} is what the plan implies for it; the model uses that. The "
    "cost table's infrastructure figure ({figure}) is the same as the next level's, which suggests it was copied."
)
RESERVED_INSIDE = N_(
    "Eligible items ({eligible}) x {low_share}-{high_share} = {low}-{high}; the plan expects {expected}. "
    "The plan's cost table does not deduct it."
)
RESERVED_OUTSIDE = N_(
    "Eligible items ({eligible}) x {low_share}-{high_share} = {low}-{high}; the plan expects {expected}. "
    "The expected saving lies outside that range. The plan's cost table does not deduct it."
)


def _t(template: str, **args: str | Usd) -> Text:
    """A sentence to translate (``make messages`` finds the templates by this name)."""
    return Text(template, tuple(args.items()))


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
    topic_text: Text | None = None
    """The topic as a template and arguments (``topic`` is its English)."""
    explanation_text: Text | None = None
    """The explanation as a template and arguments (``explanation`` is its English)."""


def _finding(
    id: str,
    scope: Literal["plan", "model"],
    topic: str | Text,
    stated: float | None,
    computed: float | None,
    unit: Unit,
    explanation: str | Text,
    *,
    tolerance: float = 0.5,
    status: Status | None = None,
) -> AuditFinding:
    gap = None if stated is None or computed is None else stated - computed
    if status is None:
        status = "agrees" if gap is not None and abs(gap) < tolerance else "disagrees"
    topic_text = topic if isinstance(topic, Text) else _t(topic)
    explanation_text = explanation if isinstance(explanation, Text) else _t(explanation)
    return AuditFinding(
        id, scope, str(topic_text), status, stated, computed, gap, unit, str(explanation_text), topic_text, explanation_text
    )


def _usd(x: float) -> str:
    """Whole dollars as the audit's English writes them (model.audit_reading's sentences use it)."""
    return f"${x:,.0f}"


def plan_findings(s: Scenario) -> list[AuditFinding]:
    """The plan's figures against each other."""
    out: list[AuditFinding] = []
    table = {row.dau: row for row in s.stated_costs}

    for lv in s.levels:
        named = line_items_list_usd(li for li in lv.line_items if not li.negotiated)
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
                extra = "copied"
            out.append(
                _finding(
                    f"level-{lv.number}-total",
                    "plan",
                    _t("Level {number} ({name}): line items + AI vs stated total", number=str(lv.number), name=lv.name),
                    lv.stated_total_usd,
                    parts,
                    "usd",
                    _t(
                        LEVEL_TOTAL_COPIED if extra else LEVEL_TOTAL_IMPLIED,
                        named=Usd(named),
                        ai=Usd(ai or 0),
                        parts=Usd(parts),
                        total=Usd(lv.stated_total_usd),
                        who=who,
                        implied=Usd(implied),
                        **({"figure": Usd(row.infrastructure_usd)} if extra and row is not None else {}),
                    ),
                    status="implied",
                )
            )
        else:
            out.append(
                _finding(
                    f"level-{lv.number}-total",
                    "plan",
                    _t("Level {number} ({name}): line items + AI vs stated total", number=str(lv.number), name=lv.name),
                    lv.stated_total_usd,
                    parts,
                    "usd",
                    _t("{named} of line items and {ai} of AI.", named=Usd(named), ai=Usd(ai or 0)),
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
                    _t("Level {number}: the total labelled '{label}'", number=str(lv.number), label=lv.stated_total_label),
                    lv.stated_total_usd,
                    own_total,
                    "usd",
                    _t(
                        "With the own model ({own}) instead of the API ({api}) the level would total {own_total}. "
                        "The stated {total} is the API figure, and so is the cost table's row; "
                        "the model follows the arithmetic and keeps the API at this level.",
                        own=Usd(lv.stated_ai.own_model_usd_per_month),
                        api=Usd(lv.stated_ai.api_usd_per_month or 0),
                        own_total=Usd(own_total),
                        total=Usd(lv.stated_total_usd),
                    ),
                )
            )
        if lv.stated_ai.api_usd_per_month and lv.stated_ai.own_model_usd_per_month:
            reduction = 1 - lv.stated_ai.own_model_usd_per_month / lv.stated_ai.api_usd_per_month
            out.append(
                _finding(
                    f"level-{lv.number}-own-model-reduction",
                    "plan",
                    _t("Level {number}: own model's cost reduction against the API", number=str(lv.number)),
                    s.stated_insights.own_model_cost_reduction,
                    reduction,
                    "fraction",
                    _t(
                        "The text says the own model cuts AI cost by {stated}; its figures ({own} against {api}) give "
                        "{reduction}. The model uses the figures (own model = {relative} x API cost).",
                        stated=f"{s.stated_insights.own_model_cost_reduction:.0%}",
                        own=Usd(lv.stated_ai.own_model_usd_per_month),
                        api=Usd(lv.stated_ai.api_usd_per_month),
                        reduction=f"{reduction:.1%}",
                        relative=f"{1 - reduction:.4g}",
                    ),
                    tolerance=0.005,
                )
            )
        row = table.get(lv.dau)
        if row is not None:
            out.append(
                _finding(
                    f"level-{lv.number}-vs-cost-table",
                    "plan",
                    _t("Level {number}: stated total vs the cost table's", number=str(lv.number)),
                    row.total_usd,
                    lv.stated_total_usd,
                    "usd",
                    _t("Section 2's level total against section 6's table."),
                )
            )

    for row in s.stated_costs:
        out.append(
            _finding(
                f"table-{row.dau}-sum",
                "plan",
                _t("Cost table at {dau} DAU: infrastructure + AI = total", dau=f"{row.dau:,}"),
                row.total_usd,
                row.infrastructure_usd + row.ai_usd,
                "usd",
                _t("{infrastructure} + {ai}.", infrastructure=Usd(row.infrastructure_usd), ai=Usd(row.ai_usd)),
            )
        )
        per_user = excel_round(row.total_usd / row.dau, 2)
        out.append(
            _finding(
                f"table-{row.dau}-per-user",
                "plan",
                _t("Cost table at {dau} DAU: cost per user", dau=f"{row.dau:,}"),
                row.cost_per_user_usd,
                per_user,
                "usd_per_dau",
                _t(
                    "{total} / {dau} = {exact}, {rounded} rounded to the cent.",
                    total=Usd(row.total_usd),
                    dau=f"{row.dau:,}",
                    exact=Usd(row.total_usd / row.dau, 4),
                    rounded=Usd(per_user, 2),
                ),
                tolerance=0.005,
            )
        )

    # A change against a zero first row is undefined: no finding rather than a division by zero. The unrounded cost per
    # user is tested too: a total of 5e-324 is above zero, but divided by the DAU it is 0.0.
    if (
        len(s.stated_costs) >= 2
        and s.stated_costs[0].cost_per_user_usd > 0
        and s.stated_costs[0].total_usd / s.stated_costs[0].dau > 0
    ):
        first, last = s.stated_costs[0], s.stated_costs[-1]
        change = last.cost_per_user_usd / first.cost_per_user_usd - 1
        out.append(
            _finding(
                "insight-cost-per-user-change",
                "plan",
                _t("Insight: change in cost per user, first to last level"),
                s.stated_insights.cost_per_user_change,
                excel_round(change, 2),
                "fraction",
                _t(
                    "{first} to {last} is {change}; unrounded ({first_exact} to {last_exact}) {change_exact}.",
                    first=Usd(first.cost_per_user_usd, 2),
                    last=Usd(last.cost_per_user_usd, 2),
                    change=f"{change:.1%}",
                    first_exact=f"{first.total_usd / first.dau:.4f}",
                    last_exact=f"{last.total_usd / last.dau:.4f}",
                    change_exact=f"{(last.total_usd / last.dau) / (first.total_usd / first.dau) - 1:.1%}",
                ),
                tolerance=0.005,
            )
        )

    d = s.dashboard
    first_level = s.levels[0]
    days = days_in_month(s)
    dash_month = d.ai_usd_per_day * days
    if first_level.stated_ai.api_usd_per_month:  # None or 0: nothing to compare the dashboard with
        out.append(
            _finding(
                "dashboard-ai-spend",
                "plan",
                _t("Dashboard AI spend per month vs level 1's AI line"),
                first_level.stated_ai.api_usd_per_month,
                dash_month,
                "usd",
                _t(
                    "The dashboard's {per_day}/day x {days} days = {per_month}/month, {ratio}x the level's {level}. The "
                    "level's figure is labelled 'after Phase 1 optimisation', so we read the dashboard as today's, before "
                    "Phase 1; the Phase 1 multiplier is implied from it.",
                    per_day=Usd(d.ai_usd_per_day),
                    days=f"{days:g}",
                    per_month=Usd(dash_month),
                    ratio=f"{dash_month / first_level.stated_ai.api_usd_per_month:.2g}",
                    level=Usd(first_level.stated_ai.api_usd_per_month),
                ),
            )
        )
    out.append(
        _finding(
            "dashboard-db-pool",
            "plan",
            _t("Dashboard: DB connection pool utilisation"),
            0.72,
            d.db_pool_connections_used / d.db_pool_connections_max,
            "fraction",
            _t("{used}/{max}, stated as 72%.", used=str(d.db_pool_connections_used), max=str(d.db_pool_connections_max)),
            tolerance=0.005,
        )
    )
    out.append(
        _finding(
            "dashboard-redis-memory",
            "plan",
            _t("Dashboard: Redis memory utilisation"),
            0.80,
            d.redis_memory_used_gb / d.redis_memory_max_gb,
            "fraction",
            _t(
                "{used} GB / {max} GB, stated as 80%: exactly on the warning threshold, which alerts only above 80%.",
                used=f"{d.redis_memory_used_gb:g}",
                max=f"{d.redis_memory_max_gb:g}",
            ),
            tolerance=0.005,
        )
    )

    shares = [lv.targets.concurrent_users / lv.dau for lv in s.levels]
    out.append(
        _finding(
            "targets-concurrency",
            "plan",
            _t("Targets: concurrent users as a share of DAU"),
            shares[0],
            min(shares) if max(shares) - min(shares) < 1e-12 else max(shares),
            "fraction",
            _t("Every level's concurrent-user target is {shares} of its DAU.", shares=", ".join(f"{x:.0%}" for x in shares)),
            tolerance=1e-9,
        )
    )
    for prev, lv in zip(s.levels, s.levels[1:], strict=False):
        if lv.targets.availability < prev.targets.availability:
            out.append(
                _finding(
                    f"level-{lv.number}-availability",
                    "plan",
                    _t("Targets: availability falls at level {number}", number=str(lv.number)),
                    lv.targets.availability,
                    prev.targets.availability,
                    "fraction",
                    _t(
                        "Level {number} targets {target} after level {prev}'s {prev_target}; every other target tightens as "
                        "the plan scales.",
                        number=str(lv.number),
                        target=f"{lv.targets.availability:.3%}",
                        prev=str(prev.number),
                        prev_target=f"{prev.targets.availability:.3%}",
                    ),
                    tolerance=1e-12,
                )
            )

    ri = s.reserved_instances
    for lv in s.levels:
        if lv.dau < ri.from_dau:
            continue
        eligible = line_items_list_usd(li for li in lv.line_items if li.reserved_eligible)
        low, high = eligible * ri.discount_low, eligible * ri.discount_high
        inside = low - 0.5 <= ri.stated_expected_saving_usd_per_month <= high + 0.5
        nearest = min(max(ri.stated_expected_saving_usd_per_month, low), high)
        out.append(
            _finding(
                f"reserved-level-{lv.number}",
                "plan",
                _t(
                    "Reserved instances at level {number}: expected saving vs {low}-{high} of eligible items",
                    number=str(lv.number),
                    low=f"{ri.discount_low:.0%}",
                    high=f"{ri.discount_high:.0%}",
                ),
                ri.stated_expected_saving_usd_per_month,
                nearest,
                "usd",
                _t(
                    RESERVED_INSIDE if inside else RESERVED_OUTSIDE,
                    eligible=Usd(eligible),
                    low_share=f"{ri.discount_low:.0%}",
                    high_share=f"{ri.discount_high:.0%}",
                    low=Usd(low),
                    high=Usd(high),
                    expected=Usd(ri.stated_expected_saving_usd_per_month),
                ),
                status="agrees" if inside else "disagrees",
            )
        )
    return out


MODEL_TOPICS = {
    "infrastructure": N_("Model at {dau} DAU: infrastructure"),
    "ai": N_("Model at {dau} DAU: ai"),
    "total": N_("Model at {dau} DAU: total"),
    "cost-per-dau": N_("Model at {dau} DAU: cost per dau"),
}


def model_findings(s: Scenario, p: Params) -> list[AuditFinding]:
    """The model under this scenario against the plan's cost table and stated effects."""
    from model import costs

    out: list[AuditFinding] = []
    ai_cache = s.ai_cache()
    out.append(
        _finding(
            "caching-ai-effect",
            "model",
            _t("Caching: AI cost reduction"),
            s.caching.stated_effects.ai_cost_reduction,
            cache_rows.ai_response_hit_rate(s.caching.caches),
            "fraction",
            _t("Each hit of the '{cache}' cache sends no tokens, so AI cost falls by its hit rate.", cache=ai_cache.name),
            tolerance=0.005,
        )
    )
    out.append(
        _finding(
            "caching-db-effect",
            "model",
            _t("Caching: database load reduction"),
            s.caching.stated_effects.db_load_reduction,
            float(costs.db_load_reduction(p)),
            "fraction",
            _t(
                "Sum over the database caches of share of reads x hit rate. The plan gives the hit rates; the shares of "
                "reads are ours, chosen so that the plan's hit rates give its stated effect."
            ),
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
                    _t(MODEL_TOPICS[key], dau=f"{row.dau:,}"),
                    stated,
                    rounded,
                    unit,  # type: ignore[arg-type]
                    _t("The model's figure (rounded as the plan rounds it) against the plan's cost table."),
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
                topic_text=_t("Implied: {path}", path=path),
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
