"""Cost follows capacity: the just-in-time upgrade policy.

The plan's staircase (``as-written``) charges the vendor plans of the level in force by DAU, whatever
the capacity figures say. Under ``just-in-time`` each *component* (a group of line items sold as one
vendor plan, and the resources its capacity carries) is bought on its own:

==============  ==========================================  =======================
component       resources (model/capacity/)                 line-item categories
==============  ==========================================  =======================
database        db_connections (the pool), db_writes        database
cache           redis_memory                                cache
ai_provider     ai_requests, ai_tokens (the rate limits)    (none: the AI bill is per call)
==============  ==========================================  =======================

Hosting, compute, CDN, monitoring and other line items have no capacity figure in the scenario, so they
stay with the level in force (as written).

A component's *options* are the plan's levels: option ``i`` costs the sum of level ``i``'s line items in
the component's categories and carries level ``i``'s capacities (``capacity.capacities``; a database plan
of a level from PgBouncer's DAU on comes with PgBouncer). At a DAU, the option is *enough* when every
resource of the component is at or below its warning threshold under that option's capacity (the alert
rule of model/capacity/formulas.py, ``alert == 'ok'``).

Just-in-time choice at a DAU: the cheapest enough option (ties: the level in force's, else the lower level). Because demand rises with
DAU, the enough options at a higher DAU are a subset of those at a lower one, so the cheapest cost never
falls as DAU rises. Where no option is enough, the component takes the option with the most headroom (the
lowest of its resources' highest utilisation) and the result carries a ``shortfall`` (an error-level
finding naming the resource and the DAU): never a silent under-count.

Over the growth path (model/analysis/timeline.py's monthly DAU) the plan in force in month k is the
just-in-time choice at the DAU of month ``k + upgrade_lead_months`` (the last month's DAU beyond the
horizon: the path is flat after its last milestone), never a cheaper one than the month before (no
downgrades mid-path). Assumption: in the month an upgrade is bought the old plan runs beside the new one
(data moves over), so that month carries both plans' cost; from the next month only the new plan's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import Literal

import numpy as np

from model import costs
from model.capacity import (
    RESOURCES,
    ResourceReading,
    alert_for,
    capacities,
    demand_coefficients,
    readings_at,
    thresholds,
)
from model.phrase import N_, Number, Phrase, Term, phrase
from model.result import ModelResult, evaluate
from model.scenario import MAX_DAU, LineItem, Scenario

Policy = Literal["as-written", "just-in-time"]
POLICIES: tuple[str, ...] = ("as-written", "just-in-time")


@dataclass(frozen=True)
class Component:
    """Line items bought as one vendor plan, and the resources that plan's capacity carries."""

    id: str
    label: str
    resources: tuple[str, ...]
    categories: tuple[str, ...]


COMPONENTS: tuple[Component, ...] = (
    Component("database", N_("Database and pool"), ("db_connections", "db_writes"), ("database",)),
    Component("cache", N_("Redis"), ("redis_memory",), ("cache",)),
    Component("ai_provider", N_("AI provider limits"), ("ai_requests", "ai_tokens"), ()),
)
_COMPONENT_OF = {r: c for c in COMPONENTS for r in c.resources}


@dataclass(frozen=True)
class Option:
    """One level's plan for a component."""

    level_index: int
    level: int
    name: str
    """'Vendor Plan' of the level's items in the component's categories (for the AI provider: capacity.levels.N.ai_provider)."""
    usd_per_month: float
    items: tuple[LineItem, ...]


@dataclass(frozen=True)
class Shortfall:
    """A component with no plan in the scenario big enough at a DAU."""

    component: str
    resource: str
    label: str
    dau: float
    utilization: float
    """Utilisation under the biggest plan (the option with the most headroom)."""
    warning_threshold: float
    level: int
    """The level whose plan that is."""

    @property
    def text(self) -> str:
        return str(self.phrase)

    @property
    def phrase(self) -> Phrase:
        """The sentence (``text`` is its English), for the app to translate."""
        return phrase(
            "{resource} at {dau} DAU: no plan in the scenario has enough capacity; the biggest (level {level}'s) is at "
            "{share}, above the {warning} warning line.",
            resource=Term(self.label, self.label),
            dau=Number(self.dau, ",.0f"),
            level=str(self.level),
            share=Number(self.utilization, ".0%", "share"),
            warning=Number(self.warning_threshold, ".0%", "share"),
        )


@dataclass(frozen=True)
class Upgrade:
    """A component whose just-in-time plan differs from the level in force at a DAU (the documented JSON shape)."""

    resource: str
    """The component: database, cache or ai_provider."""
    label: str
    from_level: int
    from_plan: str
    to_level: int
    to_plan: str
    usd_per_month: float
    """What the just-in-time plan costs per month."""
    from_usd_per_month: float
    delta_usd_per_month: float
    """usd_per_month - from_usd_per_month."""
    drivers: tuple[str, ...]
    """Resources above the warning line under the level in force's plan (empty when the move is to a cheaper plan)."""

    def as_record(self) -> dict[str, object]:
        record = asdict(self)
        record["drivers"] = list(self.drivers)
        return record


def options(scenario: Scenario, component: Component) -> tuple[Option, ...]:
    """Every level's plan for ``component``, in level order."""
    out = []
    for i, (lv, lc) in enumerate(zip(scenario.levels, scenario.capacity.levels, strict=True)):
        items = tuple(li for li in lv.line_items if li.category in component.categories)
        name = " + ".join(f"{li.vendor} {li.plan}" for li in items) if component.categories else lc.ai_provider
        out.append(Option(i, lv.number, name or "(none)", costs.line_items_list_usd(items), items))
    return tuple(out)


def utilizations(scenario: Scenario, component: Component, dau: float) -> np.ndarray:
    """Utilisation of each of the component's resources (rows) under each level's capacity (columns) at ``dau``."""
    coeffs, caps = demand_coefficients(scenario), capacities(scenario)
    return np.array([(coeffs[r][0] + coeffs[r][1] * dau) / caps[r] for r in component.resources])


def enough(scenario: Scenario, component: Component, dau: float) -> np.ndarray:
    """Per level: True where every resource of the component is at or below its warning line (alert 'ok')."""
    thr = thresholds(scenario)
    util = utilizations(scenario, component, dau)
    ok = [alert_for(util[j], *thr[r]) == "ok" for j, r in enumerate(component.resources)]
    return np.logical_and.reduce(np.array(ok, dtype=bool), axis=0)


def choose(scenario: Scenario, component: Component, dau: float) -> tuple[Option, tuple[Shortfall, ...]]:
    """The just-in-time option at ``dau`` (module docstring) and, if no option is enough, a shortfall for each
    resource of the component that the chosen (most headroom) option leaves above its warning line.

    Among equally cheap enough options the level in force's is kept (the AI provider's limits have no price,
    so a level's provider stays unless its limits are not enough), else the lowest level's."""
    opts = options(scenario, component)
    ok = enough(scenario, component, dau)
    fitting = [o for o in opts if ok[o.level_index]]
    if fitting:
        here = _level_position(scenario, dau)
        return min(fitting, key=lambda o: (o.usd_per_month, o.level_index != here, o.level_index)), ()
    util = utilizations(scenario, component, dau)
    best = int(np.argmin(util.max(axis=0)))
    thr = thresholds(scenario)
    shortfalls = tuple(
        Shortfall(
            component=component.id,
            resource=rid,
            label=next(r.label for r in RESOURCES if r.id == rid),
            dau=float(dau),
            utilization=float(util[j, best]),
            warning_threshold=thr[rid][0],
            level=opts[best].level,
        )
        for j, rid in enumerate(component.resources)
        if alert_for(float(util[j, best]), *thr[rid]) != "ok"
    )
    return opts[best], shortfalls


@dataclass(frozen=True)
class PlanChoice:
    """What each component runs at one DAU under a policy."""

    dau: float
    policy: str
    chosen: dict[str, Option]
    """Component id -> option in force."""
    written: dict[str, Option]
    """Component id -> the level in force's option (as written)."""
    shortfalls: tuple[Shortfall, ...]

    def upgrades(self, scenario: Scenario) -> tuple[Upgrade, ...]:
        """Components whose plan differs from the level in force's."""
        out = []
        thr = thresholds(scenario)
        for comp in COMPONENTS:
            new, old = self.chosen[comp.id], self.written[comp.id]
            if new.level_index == old.level_index:
                continue
            util = utilizations(scenario, comp, self.dau)[:, old.level_index]
            drivers = tuple(r for j, r in enumerate(comp.resources) if alert_for(float(util[j]), *thr[r]) != "ok")
            out.append(
                Upgrade(
                    resource=comp.id,
                    label=comp.label,
                    from_level=old.level,
                    from_plan=old.name,
                    to_level=new.level,
                    to_plan=new.name,
                    usd_per_month=new.usd_per_month,
                    from_usd_per_month=old.usd_per_month,
                    delta_usd_per_month=new.usd_per_month - old.usd_per_month,
                    drivers=drivers,
                )
            )
        return tuple(out)


def plans_at(scenario: Scenario, dau: float, policy: str | None = None) -> PlanChoice:
    """The plan of each component at ``dau``: the level in force's (as-written) or the just-in-time choice."""
    policy = policy or scenario.upgrades.policy
    _check_dau(dau)
    idx = _level_position(scenario, dau)
    written = {c.id: options(scenario, c)[idx] for c in COMPONENTS}
    if policy == "as-written":
        return PlanChoice(float(dau), policy, dict(written), written, ())
    chosen: dict[str, Option] = {}
    shortfalls: list[Shortfall] = []
    for c in COMPONENTS:
        opt, short = choose(scenario, c, dau)
        chosen[c.id] = opt
        shortfalls.extend(short)
    return PlanChoice(float(dau), policy, chosen, written, tuple(shortfalls))


def scenario_at(scenario: Scenario, choice: PlanChoice) -> Scenario:
    """``scenario`` with the level in force at ``choice.dau`` carrying the chosen plans' line items.

    Items of categories no component owns (hosting, compute, CDN, ...) stay the level's own; the rest are
    the chosen options' items. Pricing this scenario at ``choice.dau`` prices the just-in-time plans with the
    model's own formulas (reserved-instance discounts included)."""
    idx = _level_position(scenario, choice.dau)
    owned = {cat for c in COMPONENTS for cat in c.categories}
    level = scenario.levels[idx]
    items = [li for li in level.line_items if li.category not in owned]
    for c in COMPONENTS:
        items.extend(choice.chosen[c.id].items)
    levels = list(scenario.levels)
    levels[idx] = level.model_copy(update={"line_items": items})
    return scenario.model_copy(update={"levels": levels})


@dataclass(frozen=True)
class PolicyResult:
    """The model's result at some DAU under a policy, with what was bought and what no plan covers."""

    policy: str
    result: ModelResult
    choices: tuple[PlanChoice, ...]
    """One per tier, in tier order."""

    def upgrades(self, dau: int) -> tuple[Upgrade, ...]:
        i = [t.dau for t in self.result.tiers].index(dau)
        return self.choices[i].upgrades(self.result.scenario)

    @property
    def shortfalls(self) -> tuple[Shortfall, ...]:
        return tuple(s for c in self.choices for s in c.shortfalls)


def evaluate_policy(scenario: Scenario, tiers_dau: Sequence[int] | None = None, policy: str | None = None) -> PolicyResult:
    """``evaluate`` at each tier under ``policy`` (default: the scenario's). as-written is ``evaluate`` itself."""
    policy = policy or scenario.upgrades.policy
    tiers = list(tiers_dau if tiers_dau is not None else scenario.tiers_dau)
    base = evaluate(scenario, tiers)
    choices = tuple(plans_at(scenario, d, policy) for d in tiers)
    if policy == "as-written":
        return PolicyResult(policy, base, choices)
    priced = [evaluate(scenario_at(scenario, c), [t]).tiers[0] for c, t in zip(choices, tiers, strict=True)]
    return PolicyResult(policy, replace(base, tiers=tuple(priced)), choices)


def readings_with_plans(scenario: Scenario, dau: float, policy: str | None = None) -> tuple[ResourceReading, ...]:
    """Every resource at ``dau`` under the capacity of the plan its component runs under ``policy``.

    ``level`` in each reading is the level whose plan that is; warning_dau / critical_dau are the crossings
    under that plan's capacity (capacity.readings_at with that level)."""
    choice = plans_at(scenario, dau, policy)
    if choice.policy == "as-written":
        return readings_at(scenario, dau)
    by_level: dict[int, dict[str, ResourceReading]] = {}
    out = []
    for r in RESOURCES:
        level = choice.chosen[_COMPONENT_OF[r.id].id].level
        if level not in by_level:
            by_level[level] = {x.resource: x for x in readings_at(scenario, dau, level=level)}
        out.append(replace(by_level[level][r.id], forced_level=False))
    return tuple(out)


# --- helpers -----------------------------------------------------------------------------------


def _check_dau(dau: float) -> None:
    if not (np.isfinite(dau) and 0 < dau <= MAX_DAU):
        raise ValueError(f"DAU must be more than 0 and at most {MAX_DAU:,} (got {dau})")


def _level_position(scenario: Scenario, dau: float) -> int:
    pos = 0
    for i, lv in enumerate(scenario.levels):
        if lv.dau <= dau:
            pos = i
    return pos


# --- Over the growth path -----------------------------------------------------------------------


@dataclass(frozen=True)
class Purchase:
    """A plan bought on the growth path under just-in-time (the documented timeline JSON shape)."""

    resource: str
    """The component: database, cache or ai_provider."""
    label: str
    month: str
    """The month it is bought and first charged ('YYYY-MM')."""
    needed_month: str
    """The month whose DAU the old plan could not carry: month + upgrade_lead_months (the last month if beyond)."""
    needed_dau: float
    from_level: int
    from_plan: str
    to_level: int
    to_plan: str
    usd_per_month: float
    from_usd_per_month: float


@dataclass(frozen=True)
class PathPlans:
    """Month by month under a policy: infrastructure USD and what was bought when."""

    infrastructure_usd: np.ndarray
    plan_levels: dict[str, np.ndarray]
    """Component id -> the level whose plan is in force each month."""
    purchases: tuple[Purchase, ...]
    shortfalls: tuple[tuple[str, Shortfall], ...]
    """(first month, shortfall) per resource with no plan big enough somewhere on the path."""


def path_plans(scenario: Scenario, labels: Sequence[str], dau: np.ndarray, policy: str | None = None) -> PathPlans:
    """Just-in-time over a monthly DAU path (module docstring): the plan in force each month and its cost.

    Month k needs the DAU of month MIN(k + lead, last). A component keeps its plan while that plan is enough
    at the needed DAU; otherwise it buys ``choose`` at the needed DAU, charged from month k, with the old plan
    charged too in month k (side by side). It starts on the level in force's plan in month 0. Infrastructure
    in month k = the level in force's items of categories no component owns + each component's plan (+ the
    replaced plan in a purchase month), each eligible item less the reserved-instance discount where the
    scenario applies it and DAU >= its from_dau."""
    policy = policy or scenario.upgrades.policy
    lead = scenario.upgrades.upgrade_lead_months
    n = len(dau)
    owned = {cat for c in COMPONENTS for cat in c.categories}
    ri = scenario.reserved_instances
    current = {c.id: options(scenario, c)[_level_position(scenario, float(dau[0]))] for c in COMPONENTS}
    levels = {c.id: np.zeros(n, dtype=int) for c in COMPONENTS}
    infra = np.zeros(n)
    purchases: list[Purchase] = []
    shortfalls: dict[str, tuple[str, Shortfall]] = {}

    def charge(items: Sequence[LineItem], d: float) -> float:
        return float(sum(costs.line_item_charged_usd(li, d, ri) for li in items))

    for k in range(n):
        d = float(dau[k])
        idx = _level_position(scenario, d)
        month_items: list[LineItem] = [li for li in scenario.levels[idx].line_items if li.category not in owned]
        for c in COMPONENTS:
            if policy == "as-written":
                current[c.id] = options(scenario, c)[idx]
            else:
                j = min(k + lead, n - 1)
                need = float(dau[j])
                if not enough(scenario, c, need)[current[c.id].level_index]:
                    new, short = choose(scenario, c, need)
                    for sf in short:
                        shortfalls.setdefault(sf.resource, (labels[k], sf))
                    if new.level_index != current[c.id].level_index:
                        old = current[c.id]
                        purchases.append(
                            Purchase(
                                resource=c.id,
                                label=c.label,
                                month=labels[k],
                                needed_month=labels[j],
                                needed_dau=need,
                                from_level=old.level,
                                from_plan=old.name,
                                to_level=new.level,
                                to_plan=new.name,
                                usd_per_month=new.usd_per_month,
                                from_usd_per_month=old.usd_per_month,
                            )
                        )
                        month_items.extend(old.items)  # side by side in the purchase month
                        current[c.id] = new
            month_items.extend(current[c.id].items)
            levels[c.id][k] = current[c.id].level
        infra[k] = charge(month_items, d)
    return PathPlans(infra, levels, tuple(purchases), tuple(shortfalls.values()))


# --- One DAU, both policies (the Overview) ----------------------------------------------------------


@dataclass(frozen=True)
class DauReading:
    """At one DAU: what the level in force leaves over capacity, and what each policy costs."""

    dau: int
    level: int
    level_name: str
    over: tuple[ResourceReading, ...]
    """Resources at warning or critical under the level in force's plans, worst utilisation first."""
    as_written_usd: float
    just_in_time_usd: float
    upgrades: tuple[Upgrade, ...]
    """What just-in-time buys at this DAU instead of the level in force's plans."""
    shortfalls: tuple[Shortfall, ...]


def reading_at(scenario: Scenario, dau: int) -> DauReading:
    """Both policies at ``dau``: monthly totals (``evaluate_policy``), the resources over capacity as written."""
    written = evaluate_policy(scenario, [dau], "as-written").result.tiers[0]
    jit = evaluate_policy(scenario, [dau], "just-in-time")
    over = sorted((r for r in readings_at(scenario, dau) if r.alert != "ok"), key=lambda r: -r.utilization)
    return DauReading(
        dau=int(dau),
        level=written.level_number,
        level_name=written.level_name,
        over=tuple(over),
        as_written_usd=written.total_usd,
        just_in_time_usd=jit.result.tiers[0].total_usd,
        upgrades=jit.upgrades(dau),
        shortfalls=jit.shortfalls,
    )
