"""The cost formulas, vectorised with numpy.

Every function is pure and takes arrays or floats that broadcast against each
other, so the same code prices five tiers, a 1,000-point DAU curve, or a
Monte Carlo of 10,000 draws (parameters shaped ``(draws, 1)`` against DAU
shaped ``(tiers,)``). ``Params`` flattens a scenario into these numbers once.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from model import cache_rows, model_rows
from model import tier_rows as rows
from model.formula import Env
from model.prices import TokenPrices, price_of, prices_for
from model.scenario import CATEGORIES, AIDrivers, LineItem, OptimisationPhase, ReservedInstances, Scenario

Array = NDArray[np.float64]
Num = Any  # a float or an array that broadcasts

TOKENS_PER_MTOK = 1_000_000.0


@dataclass(frozen=True)
class Params:
    """A scenario flattened to the numbers the formulas use (one value, or an array of draws, each)."""

    days_per_month: Num
    calls_per_dau_per_day: Num
    input_tokens_per_call: Num
    output_tokens_per_call: Num
    prompt_cache_share_of_input: Num
    ai_response_hit_rate: Num
    model_shares: Array
    """Per model in the mix: share of calls."""
    input_usd_per_mtok: Array
    cached_input_usd_per_mtok: Array
    output_usd_per_mtok: Array
    phase_from_dau: Array
    phase_multipliers: Array
    own_model_enabled: bool
    own_model_from_dau: Num
    own_model_cost_relative_to_api: Num
    level_dau: Array
    """DAU at which each level starts."""
    level_category_usd: Array
    """Per level and category (CATEGORIES order): infrastructure USD per month, before reserved discounts."""
    level_reserved_eligible_usd: Array
    reserved_discount: Num
    reserved_from_dau: Num
    reserved_applied: bool
    cache_serves: Array
    """Per cache: what it serves, "ai" or "db" (``model.cache_rows``)."""
    cache_hit_rates: Array
    """Per cache: its hit rate (NaN where the scenario leaves it blank: it counts as 0)."""
    cache_shares_of_db_reads: Array
    cache_write_usd_per_mtok: Array | None = None
    """Per model: cache-write price (None: the input price for every model)."""
    reasoning_tokens_per_call: Array | None = None
    """Per model: reasoning tokens billed at the output price (None: none)."""
    prompt_cache_write_share_of_input: Num = 0.0
    level_category_eligible_usd: Array | None = None
    """Per level and category (CATEGORIES order): the reserved-eligible line items (``tier_rows.CATEGORY_USD``;
    None: none eligible)."""

    def with_values(self, **changes: Any) -> Params:
        return replace(self, **changes)

    @functools.cached_property
    def level_total_usd(self) -> Array:
        """Per level: its line items summed over the categories (the Levels sheet's 'Line items total')."""
        return np.sum(self.level_category_usd, axis=-1)


def base_params_from(
    scenario: Scenario, prices: tuple[TokenPrices, ...] | None = None, *, own_model_relative: float | None = None
) -> Params:
    """Flatten ``scenario`` into ``Params`` (prices from genai-prices unless the scenario overrides them).

    ``own_model_relative`` is the own model's cost as a share of the API (default: the scenario's
    ``cost_relative_to_api``); ``model.params.params_from`` gives the business case's where the scenario asks for it."""
    ai = scenario.ai
    prices = prices if prices is not None else prices_for(ai)
    cat_index = {c: i for i, c in enumerate(CATEGORIES)}
    level_cat = np.zeros((len(scenario.levels), len(CATEGORIES)))
    eligible = np.zeros(len(scenario.levels))
    eligible_cat = np.zeros((len(scenario.levels), len(CATEGORIES)))
    for i, lv in enumerate(scenario.levels):
        for item in lv.line_items:
            level_cat[i, cat_index[item.category]] += item.usd_per_month
            if item.reserved_eligible:
                eligible[i] += item.usd_per_month
                eligible_cat[i, cat_index[item.category]] += item.usd_per_month
    caches = scenario.caching.caches
    return Params(
        days_per_month=scenario.days_per_month,
        calls_per_dau_per_day=ai.calls_per_dau_per_day,
        input_tokens_per_call=ai.input_tokens_per_call,
        output_tokens_per_call=ai.output_tokens_per_call,
        prompt_cache_share_of_input=ai.prompt_cache_share_of_input,
        ai_response_hit_rate=cache_rows.ai_response_hit_rate(caches),
        model_shares=np.array([m.share_of_calls for m in ai.model_mix]),
        input_usd_per_mtok=np.array([p.input_usd_per_mtok for p in prices]),
        cached_input_usd_per_mtok=np.array([p.cached_input_usd_per_mtok for p in prices]),
        output_usd_per_mtok=np.array([p.output_usd_per_mtok for p in prices]),
        phase_from_dau=np.array([p.from_dau for p in ai.optimisation_phases], dtype=float),
        phase_multipliers=np.array([p.cost_multiplier for p in ai.optimisation_phases], dtype=float),
        own_model_enabled=ai.own_model.enabled,
        own_model_from_dau=float(ai.own_model.from_dau),
        own_model_cost_relative_to_api=ai.own_model.cost_relative_to_api if own_model_relative is None else own_model_relative,
        level_dau=np.array([lv.dau for lv in scenario.levels], dtype=float),
        level_category_usd=level_cat,
        level_reserved_eligible_usd=eligible,
        reserved_discount=scenario.reserved_instances.discount,
        reserved_from_dau=float(scenario.reserved_instances.from_dau),
        reserved_applied=scenario.reserved_instances.applied,
        cache_serves=np.array([c.serves for c in caches]),
        cache_hit_rates=np.array([np.nan if c.hit_rate is None else c.hit_rate for c in caches], dtype=float),
        cache_shares_of_db_reads=np.array([c.share_of_db_reads for c in caches], dtype=float),
        cache_write_usd_per_mtok=np.array([p.write_usd_per_mtok for p in prices]),
        reasoning_tokens_per_call=np.array([m.reasoning_tokens_per_call for m in ai.model_mix], dtype=float),
        prompt_cache_write_share_of_input=ai.prompt_cache_write_share_of_input,
        level_category_eligible_usd=eligible_cat,
    ).with_values(phase_multipliers=phase_factors(ai, prices))


def per_call_usd(
    *,
    input_tokens: float,
    output_tokens: float,
    reasoning_tokens: Array | float,
    cached_share: float,
    write_share: float,
    shares: Array,
    prices: tuple[TokenPrices, ...],
) -> float:
    """One call's price mixed over models (the list-price formula, for given token counts), USD."""
    inp = np.array([p.input_usd_per_mtok for p in prices])
    cached = np.array([p.cached_input_usd_per_mtok for p in prices])
    write = np.array([p.write_usd_per_mtok for p in prices])
    out = np.array([p.output_usd_per_mtok for p in prices])
    in_usd = input_tokens * ((1.0 - cached_share - write_share) * inp + cached_share * cached + write_share * write)
    out_usd = (output_tokens + np.asarray(reasoning_tokens, dtype=float)) * out
    return float(np.sum(shares * (in_usd + out_usd)) / TOKENS_PER_MTOK)


def phase_factor(ai: AIDrivers, phase: OptimisationPhase, prices: tuple[TokenPrices, ...]) -> float:
    """What one optimisation phase multiplies the price of a call by, from its levers:

    cost_multiplier x (1 - batch_share x (1 - batch_price_relative))
    x [(1 - routed_share) x P_mix(in', out') + routed_share x P_routed(in', out')] / P_mix(in, out),
    with in' = input tokens x (1 - prompt_tokens_saved), out' = (output + reasoning) tokens x (1 - output_tokens_saved),
    P the per-call price (prompt-cache shares as the scenario's). Each phase is measured against the mix's list price,
    and the phases in force multiply.
    """
    shares = np.array([m.share_of_calls for m in ai.model_mix])
    reasoning = np.array([m.reasoning_tokens_per_call for m in ai.model_mix], dtype=float)
    common = dict(cached_share=ai.prompt_cache_share_of_input, write_share=ai.prompt_cache_write_share_of_input)
    in2 = ai.input_tokens_per_call * (1.0 - phase.prompt_tokens_saved)
    keep_out = 1.0 - phase.output_tokens_saved
    base = per_call_usd(
        input_tokens=ai.input_tokens_per_call,
        output_tokens=ai.output_tokens_per_call,
        reasoning_tokens=reasoning,
        shares=shares,
        prices=prices,
        **common,
    )
    if base <= 0.0:
        return phase.cost_multiplier
    saved = per_call_usd(
        input_tokens=in2,
        output_tokens=ai.output_tokens_per_call * keep_out,
        reasoning_tokens=reasoning * keep_out,
        shares=shares,
        prices=prices,
        **common,
    )
    routed = saved
    if phase.routed_share > 0 and phase.routed_model is not None:
        rp = price_of(ai, phase.routed_model, phase.routed_provider)
        routed = per_call_usd(
            input_tokens=in2,
            output_tokens=ai.output_tokens_per_call * keep_out,
            reasoning_tokens=0.0,
            shares=np.array([1.0]),
            prices=(rp,),
            **common,
        )
    mixed = (1.0 - phase.routed_share) * saved + phase.routed_share * routed
    batch = 1.0 - phase.batch_share * (1.0 - ai.batch_price_relative)
    has_levers = phase.prompt_tokens_saved or phase.output_tokens_saved or phase.routed_share
    lever = mixed / base if has_levers else 1.0
    return phase.cost_multiplier * batch * lever


def phase_factors(ai: AIDrivers, prices: tuple[TokenPrices, ...]) -> Array:
    """``phase_factor`` of every optimisation phase, in order."""
    return np.array([phase_factor(ai, ph, prices) for ph in ai.optimisation_phases], dtype=float)


# --- AI -----------------------------------------------------------------------


def ai_list_usd_per_call(p: Params) -> Num:
    """List price of one API call, mixed over models (``tier_model_rows.MODEL_SHARE_USD`` summed over the models):

    sum over models of share x [input_tokens x ((1 - prompt_cache_share - cache_write_share) x input_price
    + prompt_cache_share x cached_input_price + cache_write_share x cache_write_price)
    + (output_tokens + reasoning_tokens) x output_price] / 1e6.

    The plan: 90% gpt-4o ($2.50 in, $1.25 cached in, $10 out per 1M tokens), 10% gpt-4o-mini ($0.15, $0.075, $0.60),
    4,000 input tokens (25% from the prompt cache) and 3,800 output tokens a call:
    gpt-4o 4,000 x (0.75 x 2.5 + 0.25 x 1.25) + 3,800 x 10 = 8,750 + 38,000 = 46,750 -> $0.04675;
    gpt-4o-mini 4,000 x (0.75 x 0.15 + 0.25 x 0.075) + 3,800 x 0.6 = 525 + 2,280 = 2,805 -> $0.002805;
    0.9 x 0.04675 + 0.1 x 0.002805 = 0.042075 + 0.0002805 = $0.0423555.

    >>> from model.loading import plan_scenario
    >>> from model.params import params_from
    >>> p = params_from(plan_scenario())
    >>> round(float(ai_list_usd_per_call(p)), 10)
    0.0423555
    """
    last_p, last = _last_list_price
    if last_p is p:
        return last
    price = np.sum(model_rows.MODEL_SHARE_USD.evaluate(_per_model_env(p)), axis=-1)
    if isinstance(price, np.ndarray):
        price.flags.writeable = False  # handed to every formula of the evaluation: nobody may change it
    _remember_list_price(p, price)
    return price


def model_list_usd_per_call(p: Params) -> Array:
    """Per model in the mix: the list price of one call to it (``model_rows.MODEL_LIST_USD_PER_CALL``), USD.

    The plan: gpt-4o (4,000 x (0.75 x 2.5 + 0.25 x 1.25) + 3,800 x 10) / 1e6 = 46,750 / 1e6 = $0.04675;
    gpt-4o-mini (4,000 x (0.75 x 0.15 + 0.25 x 0.075) + 3,800 x 0.6) / 1e6 = 2,805 / 1e6 = $0.002805.

    >>> from model.loading import plan_scenario
    >>> from model.params import params_from
    >>> model_list_usd_per_call(params_from(plan_scenario())).round(9).tolist()
    [0.04675, 0.002805]
    """
    return np.asarray(model_rows.MODEL_LIST_USD_PER_CALL.evaluate(_per_model_env(p)), dtype=float)


def _per_model_env(p: Params) -> Env:
    """The per-model rows' inputs (``model_rows.SLOT_PATHS``) from ``p``: one value per model in the mix."""
    write = p.input_usd_per_mtok if p.cache_write_usd_per_mtok is None else p.cache_write_usd_per_mtok
    reasoning = 0.0 if p.reasoning_tokens_per_call is None else p.reasoning_tokens_per_call
    given = {
        "model.share_of_calls": p.model_shares,
        "model.input_usd_per_mtok": p.input_usd_per_mtok,
        "model.cached_input_usd_per_mtok": p.cached_input_usd_per_mtok,
        "model.write_usd_per_mtok": write,
        "model.output_usd_per_mtok": p.output_usd_per_mtok,
        "model.reasoning_tokens_per_call": reasoning,
    }
    return Env(_PerModel(p), rows={k: functools.partial(_given, v) for k, v in given.items()})


def tokens_per_api_call(p: Params) -> tuple[Num, Num]:
    """(input, output) tokens of one call that reaches the model, as the scenario sets them (reasoning tokens are
    per model: ``Params.reasoning_tokens_per_call``). The plan: (4,000, 3,800)."""
    return p.input_tokens_per_call, p.output_tokens_per_call


def without_own_model(p: Params) -> Params:
    """``p`` with the own model switched off: every call goes to the API (the comparisons against self-hosting)."""
    return p.with_values(own_model_enabled=False)


def own_model_takeover_dau(p: Params) -> int | None:
    """The DAU from which the own model answers the calls (its ``from_dau``); None where the scenario switches it off."""
    return int(p.own_model_from_dau) if p.own_model_enabled else None


_last_list_price: tuple[Params | None, Num] = (None, None)
"""The last Params' list price: every formula of one evaluation reads it, and Params are frozen."""


def _remember_list_price(p: Params, price: Num) -> None:
    global _last_list_price
    _last_list_price = (p, price)


def _given(value: Num) -> Num:
    return value


class _PerModel:
    """``Params`` for the per-model rows (``model_rows.MODEL_LIST_USD_PER_CALL``): a per-draw input gets a trailing
    model axis, so it broadcasts against the per-model prices; tokens per Mtok is the constant."""

    def __init__(self, p: Params) -> None:
        self._p = p

    def __getattr__(self, name: str) -> Num:
        if name == "tokens_per_mtok":
            return TOKENS_PER_MTOK
        return _col(getattr(self._p, name))


def _env(dau: Num, p: Params) -> Env:
    """The rows of ``model.tier_rows`` at ``dau`` for ``p``: the DAU, the list price and the optimisation multiplier
    (evaluated with the phases on an axis of their own) are given, computed when read."""
    return Env(
        p,
        rows={
            "dau": lambda: dau,
            "ai_list_usd_per_call": lambda: ai_list_usd_per_call(p),
            "optimisation_multiplier": lambda: optimisation_multiplier(dau, p),
        },
    )


def _phase_env(dau: Num, p: Params) -> Env:
    """``tier_rows.PHASE_MULTIPLIER``'s inputs with the phases on the last axis, and DAU with an axis for them."""
    return Env(
        p,
        rows={
            "dau": lambda: np.asarray(dau, dtype=float)[..., None],
            "phase.from_dau": lambda: p.phase_from_dau,
            "phase.cost_multiplier": lambda: p.phase_multipliers,
        },
    )


def ai_calls_per_month(dau: Num, p: Params) -> Num:
    """AI requests users make in a month: DAU x calls per DAU per day x days per month (``tier_rows.AI_CALLS_PER_MONTH``).

    The plan at 10k DAU: 10,000 x 2 x 30 = 600,000.

    >>> from model.loading import plan_scenario
    >>> from model.params import params_from
    >>> p = params_from(plan_scenario())
    >>> float(ai_calls_per_month(10_000, p))
    600000.0
    """
    return rows.AI_CALLS_PER_MONTH.evaluate(_env(dau, p))


def api_calls_per_month(dau: Num, p: Params) -> Num:
    """Requests the response cache cannot answer: AI calls x (1 - hit rate) (``tier_rows.API_CALLS_PER_MONTH``).

    The plan at 10k DAU: 600,000 x (1 - 0.30) = 420,000.

    >>> from model.loading import plan_scenario
    >>> from model.params import params_from
    >>> p = params_from(plan_scenario())
    >>> float(api_calls_per_month(10_000, p))
    420000.0
    """
    return rows.API_CALLS_PER_MONTH.evaluate(_env(dau, p))


def optimisation_multiplier(dau: Num, p: Params) -> Num:
    """Product of the cost multipliers of every optimisation phase whose from_dau <= DAU (``tier_rows.OPTIMISATION_MULTIPLIER``).

    The plan: phase 1 (from 0 DAU) is implied by its $9,000 at 10k DAU: 9,000 / (420,000 calls x $0.0423555)
    = 9,000 / 17,789.31 = 0.505922; phase 2 (from 100k DAU) multiplies by 0.6: 0.505922 x 0.6 = 0.303553.

    >>> from model.loading import plan_scenario
    >>> from model.params import params_from
    >>> p = params_from(plan_scenario())
    >>> [round(float(m), 6) for m in optimisation_multiplier(np.array([10_000, 100_000]), p)]
    [0.505922, 0.303553]
    """
    return rows.OPTIMISATION_MULTIPLIER.evaluate(_phase_env(dau, p))


def own_model_in_force(dau: Num, p: Params) -> Num:
    """True where the own model answers the calls: enabled and DAU >= its from_dau (``tier_rows.OWN_MODEL_IN_FORCE``)."""
    return np.asarray(rows.OWN_MODEL_IN_FORCE.evaluate(_env(dau, p))) == 1


def ai_usd_per_api_call(dau: Num, p: Params) -> Num:
    """What one call that reaches the model costs: list price x optimisation multiplier,
    x the own model's cost relative to the API where the own model is in force (``tier_rows.AI_USD_PER_API_CALL``).

    The plan: $9,000 / 420,000 calls = $0.0214286 at 10k DAU; x 0.6 from 100k = $0.0128571; with the own model
    (1M DAU, a third of the API's cost) $0.0128571 / 3 = $0.0042857.

    >>> from model.loading import plan_scenario
    >>> from model.params import params_from
    >>> p = params_from(plan_scenario())
    >>> [round(float(c), 7) for c in ai_usd_per_api_call(np.array([10_000, 100_000, 1_000_000]), p)]
    [0.0214286, 0.0128571, 0.0042857]
    """
    return rows.AI_USD_PER_API_CALL.evaluate(_env(dau, p))


def ai_usd(dau: Num, p: Params) -> Num:
    """Monthly AI bill: API calls per month x cost per API call (``tier_rows.AI_USD``).

    Calls answered by the response cache send no tokens, so they earn no
    prompt-cache discount either: the discount lives inside the per-call price.

    The plan's AI line: 10k 420,000 x $0.0214286 = $9,000; 100k 4,200,000 x $0.0128571 = $54,000;
    1M 42,000,000 x $0.0042857 = $180,000.

    >>> from model.loading import plan_scenario
    >>> from model.params import params_from
    >>> p = params_from(plan_scenario())
    >>> [round(float(a), 2) for a in ai_usd(np.array([10_000, 100_000, 1_000_000]), p)]
    [9000.0, 54000.0, 180000.0]
    """
    return rows.AI_USD.evaluate(_env(dau, p))


def ai_response_cache_savings_usd(dau: Num, p: Params) -> Num:
    """AI spend the response cache avoids: AI calls x hit rate x cost per API call (``tier_rows.CACHE_SAVINGS_USD``).

    The plan at 10k DAU: 600,000 x 0.30 x $9,000 / 420,000 = 180,000 x $0.0214286 = $3,857.14.

    >>> from model.loading import plan_scenario
    >>> from model.params import params_from
    >>> p = params_from(plan_scenario())
    >>> round(float(ai_response_cache_savings_usd(10_000, p)), 2)
    3857.14
    """
    return rows.CACHE_SAVINGS_USD.evaluate(_env(dau, p))


# --- Caching ------------------------------------------------------------------


def db_load_reduction(p: Params) -> Num:
    """Share of database reads the caches absorb: sum over db caches of share of reads x hit rate.

    The plan: 0.40 x 0.85 + 0.20 x 0.70 + 0.20 x 0.60 = 0.34 + 0.14 + 0.12 = 0.60.

    >>> from model.loading import plan_scenario
    >>> from model.params import params_from
    >>> p = params_from(plan_scenario())
    >>> round(float(db_load_reduction(p)), 12)
    0.6
    """
    return cache_rows.DB_LOAD_REDUCTION.evaluate(
        Env(p, rows=cache_rows.per_cache(p.cache_serves, p.cache_hit_rates, p.cache_shares_of_db_reads))
    )


# --- Infrastructure -------------------------------------------------------------


def level_index(dau: Num, p: Params) -> NDArray[np.intp]:
    """Index of the level in force: the last level whose DAU <= the given DAU (the first below it); ``tier_rows.LEVEL``
    less 1.

    The plan's levels start at 10k, 50k, 100k, 500k and 1M DAU: 5k is below the first (index 0), 49,999 is still
    level 1 (0), 50k starts level 2 (1), 2M is past the last (4).

    >>> from model.loading import plan_scenario
    >>> from model.params import params_from
    >>> p = params_from(plan_scenario())
    >>> level_index(np.array([5_000, 49_999, 50_000, 2_000_000]), p).tolist()
    [0, 0, 1, 4]
    """
    return np.asarray(rows.LEVEL.evaluate(_env(dau, p))) - 1


def infrastructure_by_category_usd(dau: Num, p: Params) -> Array:
    """Per category (last axis, CATEGORIES order): the level in force's line items, before reserved discounts.

    ``take`` along the level axis (not ``[idx]``) so per-draw line items shaped (draws, levels, categories) broadcast too.
    """
    return np.take(p.level_category_usd, level_index(dau, p), axis=-2)


def category_usd(dau: Num, p: Params) -> Array:
    """Per category (last axis, CATEGORIES order): the level in force's line items less the reserved saving on its
    eligible items where deducted (``tier_rows.CATEGORY_USD``, Calc's "cost by category after reserved discounts";
    the tier result's ``by_category_usd``; ``model.variance``'s plan by category).

    The plan with its 40% reserved discount from 500k DAU switched on, at 1M DAU: database (CockroachDB $10,000,
    eligible) 10,000 - 10,000 x 0.4 = $6,000; cache (Redis $5,000) 5,000 - 2,000 = $3,000; compute (Kubernetes $10,000)
    $6,000; the CDN ($2,000, not eligible) stays $2,000. At 400k DAU nothing is deducted: level 3's list prices.

    >>> from model.loading import plan_scenario
    >>> from model.overrides import with_overrides
    >>> from model.params import params_from
    >>> p = params_from(with_overrides(plan_scenario(), {"reserved_instances.applied": True}))
    >>> dict(zip(CATEGORIES, category_usd(np.array([1_000_000.0]), p)[0].tolist()))  # doctest: +NORMALIZE_WHITESPACE
    {'hosting': 0.0, 'database': 6000.0, 'cache': 3000.0, 'compute': 6000.0, 'cdn': 2000.0, 'monitoring': 0.0,
     'other': 0.0}
    """
    env = _env(dau, p)
    return np.stack([np.asarray(rows.CATEGORY_USD[c].evaluate(env), dtype=float) for c in CATEGORIES], axis=-1)


def line_items_list_usd(items: Iterable[LineItem]) -> float:
    """The list price per month of ``items`` summed, before any reserved discount (``line_item_charged_usd`` is one
    item's charge after it): the plan audit's named and reserved-eligible figures of a level and an upgrade option's
    price are this sum over their items.

    The plan's 1M-DAU level: Kubernetes $10,000, CockroachDB $10,000, Redis $5,000 (reserved-eligible) and Cloudflare
    $2,000: 10,000 + 10,000 + 5,000 = $25,000 eligible, + 2,000 = $27,000 in all.

    >>> from model.loading import plan_scenario
    >>> items = plan_scenario().levels[-1].line_items
    >>> line_items_list_usd(li for li in items if li.reserved_eligible), line_items_list_usd(items)
    (25000.0, 27000.0)
    """
    return float(sum(item.usd_per_month for item in items))


def line_item_charged_usd(item: LineItem, dau: float, reserved: ReservedInstances) -> float:
    """One line item's monthly charge at ``dau``: its list price x (1 - reserved discount) where it is reserved-eligible
    and the scenario deducts the saving (applied, and DAU >= reserved from_dau); its list price otherwise. Summed over a
    level's eligible items it is ``tier_rows.INFRASTRUCTURE_USD``'s deduction, item by item (the tier's bill, the
    upgrade path's charge).

    The plan's 1M-DAU Kubernetes ($10,000, eligible) with its 40% discount from 500k DAU switched on: 10,000 x (1 - 0.4)
    = $6,000 at 1M DAU; $10,000 at 400k DAU, and $10,000 as the plan has it (the saving not deducted).

    >>> from model.loading import plan_scenario
    >>> plan = plan_scenario()
    >>> k8s = plan.levels[-1].line_items[0]
    >>> on = plan.reserved_instances.model_copy(update={"applied": True})
    >>> line_item_charged_usd(k8s, 1_000_000, on), line_item_charged_usd(k8s, 400_000, on)
    (6000.0, 10000.0)
    >>> line_item_charged_usd(k8s, 1_000_000, plan.reserved_instances)
    10000.0
    """
    if item.reserved_eligible and reserved.applied and dau >= reserved.from_dau:
        return item.usd_per_month * (1 - reserved.discount)
    return item.usd_per_month


def reserved_in_force(dau: Num, p: Params) -> Num:
    """True where the reserved saving is deducted: applied and DAU >= reserved_from_dau (``tier_rows.RESERVED_IN_FORCE``)."""
    return np.asarray(rows.RESERVED_IN_FORCE.evaluate(_env(dau, p))) == 1


def reserved_savings_usd(dau: Num, p: Params) -> Num:
    """Reserved-instance saving: eligible line items x discount, from reserved_from_dau on (``tier_rows.RESERVED_SAVINGS_USD``)."""
    return rows.RESERVED_SAVINGS_USD.evaluate(_env(dau, p))


def infrastructure_gross_usd(dau: Num, p: Params) -> Num:
    """Sum of the level in force's line items.

    The plan: level 1 (10k) $20 + $25 + $10 = $55; level 2 (50k) $20 + $599 + $100 = $719;
    level 4 (500k) $20,000 + $5,000 + $2,000 = $27,000.

    >>> from model.loading import plan_scenario
    >>> from model.params import params_from
    >>> p = params_from(plan_scenario())
    >>> infrastructure_gross_usd(np.array([10_000, 50_000, 500_000]), p).tolist()
    [55.0, 719.0, 27000.0]
    """
    return np.sum(infrastructure_by_category_usd(dau, p), axis=-1)


def infrastructure_usd(dau: Num, p: Params) -> Num:
    """Gross infrastructure less the reserved-instance saving where the scenario applies it (``tier_rows.INFRASTRUCTURE_USD``)."""
    return rows.INFRASTRUCTURE_USD.evaluate(_env(dau, p))


def cache_usd(dau: Num, p: Params) -> Num:
    """What the cache itself (the 'cache' category, Redis) costs at the level in force.

    The plan: $10 at 10k, $100 at 50k, $500 at 100k, $2,000 at 500k, $5,000 at 1M.

    >>> from model.loading import plan_scenario
    >>> from model.params import params_from
    >>> p = params_from(plan_scenario())
    >>> cache_usd(np.array([10_000, 50_000, 100_000, 500_000, 1_000_000]), p).tolist()
    [10.0, 100.0, 500.0, 2000.0, 5000.0]
    """
    return infrastructure_by_category_usd(dau, p)[..., CATEGORIES.index("cache")]


# --- Totals ---------------------------------------------------------------------


def total_usd(dau: Num, p: Params) -> Num:
    """Monthly total: infrastructure + AI (``tier_rows.TOTAL_USD``).

    The plan's table: 10k $55 + $9,000 = $9,055; 50k $719 + $45,000 = $45,719; 100k $3,000 + $54,000 = $57,000;
    500k $27,000 + $270,000 = $297,000; 1M $27,000 + $180,000 = $207,000.

    >>> from model.loading import plan_scenario
    >>> from model.params import params_from
    >>> p = params_from(plan_scenario())
    >>> [round(float(x), 2) for x in total_usd(np.array([10_000, 50_000, 100_000, 500_000, 1_000_000]), p)]
    [9055.0, 45719.0, 57000.0, 297000.0, 207000.0]
    """
    return rows.TOTAL_USD.evaluate(_env(dau, p))


def cost_per_dau_usd(dau: Num, p: Params) -> Num:
    """Monthly total / DAU (``tier_rows.COST_PER_DAU_USD``; 0 at DAU 0, as the workbook's empty tier slots).

    The plan at 10k DAU: $9,055 / 10,000 = $0.9055; at 1M: $207,000 / 1,000,000 = $0.207.

    >>> from model.loading import plan_scenario
    >>> from model.params import params_from
    >>> p = params_from(plan_scenario())
    >>> [round(float(x), 6) for x in cost_per_dau_usd(np.array([10_000, 1_000_000]), p)]
    [0.9055, 0.207]
    """
    return rows.COST_PER_DAU_USD.evaluate(_env(np.asarray(dau, dtype=float), p))


def cache_savings_net_usd(dau: Num, p: Params) -> Num:
    """AI spend the response cache avoids less what the cache costs (``tier_rows.CACHE_SAVINGS_NET_USD``)."""
    return rows.CACHE_SAVINGS_NET_USD.evaluate(_env(dau, p))


def own_model_share_of_api(p: Params) -> Num:
    """What the own model costs as a share of what the API bills for the same calls, as the model applies it where the
    own model is in force (``tier_rows``' factor): the plan's share (1/3) or the business case's (``model.params``).
    The views and the rollouts read it here, not off ``Params`` or the scenario.

    >>> from model.loading import plan_scenario
    >>> from model.params import params_from
    >>> round(float(own_model_share_of_api(params_from(plan_scenario()))), 6)
    0.333333
    """
    return p.own_model_cost_relative_to_api


def days_in_month(scenario: Scenario) -> float:
    """The days of the scenario's month (``days_per_month``; 30 in the plan): the one reading of it outside the formulas
    (``tier_rows``) and ``Params``. Every per-day to per-month step elsewhere (a self-hosted GPU's hours, the seconds
    its peak is spread over, a level's downtime budget in minutes, the dashboard's daily AI spend, a billed month's
    calls per DAU per day, the Timeline page's wording) multiplies or divides by it.

    >>> from model.loading import plan_scenario
    >>> days_in_month(plan_scenario())
    30.0
    """
    return float(scenario.days_per_month)


def _col(x: Num) -> Num:
    """Give a per-draw array a trailing model axis so it broadcasts against per-model prices."""
    arr = np.asarray(x, dtype=float)
    return arr[..., None] if arr.ndim else arr
