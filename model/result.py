"""The one result every output reads: per tier, the monthly cost in full.

``evaluate(scenario)`` prices the scenario's tiers; ``curve(scenario, dau)``
prices any number of DAU points at once for charts. The browser, the workbook,
the CLI and JSON/CSV all read these objects; none of them recomputes a cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from model import costs
from model.audit import AuditFinding
from model.auditing import audit
from model.params import params_from
from model.prices import PriceSnapshot, TokenPrices, prices_for, snapshot
from model.scenario import CATEGORIES, Scenario

AI_CATEGORY = "ai"
ALL_CATEGORIES: tuple[str, ...] = (*CATEGORIES, AI_CATEGORY)


@dataclass(frozen=True)
class LineItemCost:
    """One line of a tier's bill."""

    vendor: str
    plan: str
    category: str
    usd_per_month: float
    """After any reserved-instance discount that the scenario applies."""
    list_usd_per_month: float
    """Before reserved-instance discounts."""
    negotiated: bool
    source: str
    """'plan', 'implied', 'model' (computed from drivers)."""


CHARGED_USD = "usd_per_month"
"""``line_item_frame``'s column (a CLI JSON key of a bill line) of an item's charge per month after the reserved
discount the scenario applies: ``LineItemCost``' field of that name. The line items chart takes it from here."""


@dataclass(frozen=True)
class TierResult:
    """The monthly cost of one DAU tier."""

    dau: int
    level_number: int
    level_name: str
    line_items: tuple[LineItemCost, ...]
    infrastructure_gross_usd: float
    reserved_savings_usd: float
    """Reserved-instance saving available at this tier (eligible items x discount)."""
    reserved_savings_applied: bool
    infrastructure_usd: float
    ai_calls_per_month: float
    api_calls_per_month: float
    ai_usd_per_api_call: float
    optimisation_multiplier: float
    own_model_in_force: bool
    ai_usd: float
    cache_savings_usd: float
    """Gross: AI spend the response cache avoids."""
    cache_cost_usd: float
    """What the cache itself (Redis) costs."""
    cache_savings_net_usd: float
    db_load_reduction: float
    total_usd: float
    cost_per_dau_usd: float
    by_category_usd: dict[str, float]

    def as_record(self) -> dict[str, object]:
        """A JSON-ready dict; the documented CLI/JSON shape (see README)."""
        record = asdict(self)
        record["line_items"] = [asdict(li) for li in self.line_items]
        return record


@dataclass(frozen=True)
class ModelResult:
    """Everything the outputs show for one scenario."""

    scenario_name: str
    tiers: tuple[TierResult, ...]
    prices: tuple[TokenPrices, ...]
    price_snapshot: PriceSnapshot
    ai_list_usd_per_call: float
    scenario: Scenario = field(repr=False, compare=False)
    """The scenario priced (kept for the audit)."""
    params: costs.Params = field(repr=False, compare=False)

    @cached_property
    def audit(self) -> tuple[AuditFinding, ...]:
        """The audit of the scenario (model/audit.py), computed on first use: it takes as long as the pricing
        itself and only the Audit page, the workbook and the CLI read it, so a rerun of any other page skips it."""
        return audit(self.scenario, self.params)

    def tier(self, dau: int) -> TierResult:
        return next(t for t in self.tiers if t.dau == dau)

    def to_frame(self) -> pd.DataFrame:
        """One row per tier: the summary columns."""
        return pd.DataFrame(
            {
                "dau": [t.dau for t in self.tiers],
                "level": [t.level_name for t in self.tiers],
                "infrastructure_usd": [t.infrastructure_usd for t in self.tiers],
                "ai_usd": [t.ai_usd for t in self.tiers],
                "cache_savings_usd": [t.cache_savings_usd for t in self.tiers],
                "reserved_savings_usd": [t.reserved_savings_usd for t in self.tiers],
                "total_usd": [t.total_usd for t in self.tiers],
                "cost_per_dau_usd": [t.cost_per_dau_usd for t in self.tiers],
            }
        )

    def category_frame(self) -> pd.DataFrame:
        """Tidy: one row per tier and category with a non-zero cost (dau, category, usd)."""
        rows = [
            {"dau": t.dau, "category": c, "usd": t.by_category_usd[c]}
            for t in self.tiers
            for c in ALL_CATEGORIES
            if t.by_category_usd[c] > 0
        ]
        return pd.DataFrame(rows, columns=["dau", "category", "usd"])

    def line_item_frame(self) -> pd.DataFrame:
        rows = [{"dau": t.dau, "level": t.level_name, **asdict(li)} for t in self.tiers for li in t.line_items]
        return pd.DataFrame(rows)

    def audit_frame(self) -> pd.DataFrame:
        return pd.DataFrame([asdict(f) for f in self.audit])


def evaluate(scenario: Scenario, tiers_dau: Sequence[int] | None = None) -> ModelResult:
    """Price ``scenario`` at each of ``tiers_dau`` (default: the scenario's own tiers)."""
    prices = prices_for(scenario.ai)
    p = params_from(scenario, prices)
    dau_list = list(tiers_dau if tiers_dau is not None else scenario.tiers_dau)
    dau = np.array(dau_list, dtype=float)

    by_cat = costs.infrastructure_by_category_usd(dau, p)
    gross = by_cat.sum(axis=-1)
    reserved = costs.reserved_savings_usd(dau, p)
    infra = costs.infrastructure_usd(dau, p)
    net_by_cat = costs.category_usd(dau, p)  # tier_rows.CATEGORY_USD: after the reserved saving where deducted
    calls = costs.ai_calls_per_month(dau, p)
    api_calls = costs.api_calls_per_month(dau, p)
    per_call = costs.ai_usd_per_api_call(dau, p)
    mult = costs.optimisation_multiplier(dau, p)
    own = costs.own_model_in_force(dau, p)
    ai = costs.ai_usd(dau, p)
    savings = costs.ai_response_cache_savings_usd(dau, p)
    cache_cost = costs.cache_usd(dau, p)
    net_savings = costs.cache_savings_net_usd(dau, p)
    total = costs.total_usd(dau, p)
    per_dau = costs.cost_per_dau_usd(dau, p)
    db_reduction = float(costs.db_load_reduction(p))
    ri = scenario.reserved_instances

    tiers = []
    for i, d in enumerate(dau_list):
        level = scenario.level_for(d)
        items = [
            LineItemCost(
                vendor=li.vendor,
                plan=li.plan,
                category=li.category,
                list_usd_per_month=li.usd_per_month,
                usd_per_month=costs.line_item_charged_usd(li, d, ri),
                negotiated=li.negotiated,
                source="implied" if li.negotiated else "plan",
            )
            for li in level.line_items
        ]
        ai_vendor = (
            ("Own AI model", "self-hosted") if own[i] else ("OpenAI API", "+".join(m.model for m in scenario.ai.model_mix))
        )
        items.append(
            LineItemCost(
                vendor=ai_vendor[0],
                plan=ai_vendor[1],
                category=AI_CATEGORY,
                usd_per_month=float(ai[i]),
                list_usd_per_month=float(ai[i]),
                negotiated=False,
                source="model",
            )
        )
        category_usd = {c: float(net_by_cat[i, j]) for j, c in enumerate(CATEGORIES)}
        category_usd[AI_CATEGORY] = float(ai[i])
        tiers.append(
            TierResult(
                dau=int(d),
                level_number=level.number,
                level_name=level.name,
                line_items=tuple(items),
                infrastructure_gross_usd=float(gross[i]),
                reserved_savings_usd=float(reserved[i]),
                reserved_savings_applied=bool(ri.applied),
                infrastructure_usd=float(infra[i]),
                ai_calls_per_month=float(calls[i]),
                api_calls_per_month=float(api_calls[i]),
                ai_usd_per_api_call=float(per_call[i]),
                optimisation_multiplier=float(mult[i]),
                own_model_in_force=bool(own[i]),
                ai_usd=float(ai[i]),
                cache_savings_usd=float(savings[i]),
                cache_cost_usd=float(cache_cost[i]),
                cache_savings_net_usd=float(net_savings[i]),
                db_load_reduction=db_reduction,
                total_usd=float(total[i]),
                cost_per_dau_usd=float(per_dau[i]),
                by_category_usd=category_usd,
            )
        )
    return ModelResult(
        scenario_name=scenario.name,
        tiers=tuple(tiers),
        prices=prices,
        price_snapshot=snapshot(),
        ai_list_usd_per_call=float(costs.ai_list_usd_per_call(p)),
        scenario=scenario,
        params=p,
    )


def curve(scenario: Scenario, dau: Sequence[float] | np.ndarray) -> pd.DataFrame:
    """Cost at many DAU points at once (vectorised): one row per DAU."""
    p = params_from(scenario)
    d = np.asarray(dau, dtype=float)
    infra = costs.infrastructure_usd(d, p)
    ai = costs.ai_usd(d, p)
    total = costs.total_usd(d, p)
    return pd.DataFrame(
        {
            "dau": d,
            "level": np.array([lv.number for lv in scenario.levels])[costs.level_index(d, p)],
            "infrastructure_usd": infra,
            "ai_usd": ai,
            "cache_savings_usd": costs.ai_response_cache_savings_usd(d, p),
            "total_usd": total,
            "cost_per_dau_usd": costs.cost_per_dau_usd(d, p),
        }
    )
