"""The per-tier rows defined once (``model.formula``): ``model.costs`` evaluates them, the workbook's Calc sheet
writes them (``outputs.calculation``), and the Timeline (``outputs.timeline``) and Compare (``outputs.compare``) sheets
write them over their own layout.

Rows given from outside: ``dau`` (the tier's DAU) and ``ai_list_usd_per_call`` (the mixed list price of one call; the
Unit costs sheet, ``model.model_rows``). The level in force and its line items are looked up here (``LEVEL``,
``INFRASTRUCTURE_GROSS_USD``, ``RESERVED_ELIGIBLE_USD``, ``GROSS_BY_CATEGORY``: an ``INDEX`` into a per-level input,
a range on the Levels sheet), and the optimisation multiplier is the ``PRODUCT`` of the phases in force
(``PHASE_MULTIPLIER``, one per phase: evaluated with the phases on the last axis, ``model.costs.optimisation_multiplier``;
written one row or column per phase).

By hand, the plan at 10,000 DAU: 10,000 x 2 calls x 30 days = 600,000 AI calls; the response cache answers 30%, so
420,000 reach the model at $0.0423555 list x 0.50592 (phase 1) = $0.0214286 per call: AI $9,000 a month, and the cache
saves 600,000 x 0.3 x $0.0214286 = $3,857.14 (tests/model/test_tier_rows.py works rounder numbers through).
"""

from __future__ import annotations

from model.formula import AND, COUNTIF, IF, INDEX, ISNUMBER, MAX, PRODUCT, Formula, Input, Row, eq
from model.phrase import N_
from model.scenario import CATEGORIES

DAU = Row("dau")
AI_LIST_USD_PER_CALL = Row("ai_list_usd_per_call")

# --- The level in force and its line items (per-level inputs: ranges on the Levels sheet) ---------------------

LEVEL_START_DAU = Input("level_start_dau", attr="level_dau")
"""Per level (a range): the DAU it starts at."""

LEVEL = Formula(
    "level",
    MAX(1, COUNTIF(LEVEL_START_DAU, "<=", DAU)),
    label=N_("Level in force"),
    unit="#",
    how=N_("last level whose DAU <= the tier's DAU; level 1 below the first"),
    display="flag",
)
"""The level in force (1-based): how many levels start at or below the DAU, at least 1 (below the first level, the first).
The plan's levels start at 10k, 50k, 100k, 500k and 1M DAU: 49,999 DAU is level 1, 50,000 level 2, 2M level 5."""

INFRASTRUCTURE_LEVEL_TOTAL = Input("level_total", attr="level_total_usd")
"""Per level (a range): all its line items."""
RESERVED_LEVEL_ELIGIBLE = Input("level_eligible", attr="level_reserved_eligible_usd")
"""Per level (a range): its line items that reserved instances discount."""

INFRASTRUCTURE_GROSS_USD = Formula(
    "infrastructure_gross_usd",
    INDEX(INFRASTRUCTURE_LEVEL_TOTAL, LEVEL),
    label=N_("Infrastructure before reserved discounts"),
    unit=N_("USD/month"),
    how=N_("sum of the categories"),
    bold=True,
)
"""The level in force's line items, all of them (its categories summed on the Levels sheet)."""

RESERVED_ELIGIBLE_USD = Formula(
    "reserved_eligible_usd",
    INDEX(RESERVED_LEVEL_ELIGIBLE, LEVEL),
    label=N_("Reserved-eligible line items"),
    unit=N_("USD/month"),
)
"""The level in force's line items that reserved instances discount."""

GROSS_BY_CATEGORY = {
    cat: Formula(
        f"gross.{cat}",
        INDEX(Input(f"level_gross.{cat}", attr="level_category_usd", column=j), LEVEL),
        unit=N_("USD/month"),
        how=N_("the level's line items in this category"),
    )
    for j, cat in enumerate(CATEGORIES)
}
"""Per category: the level in force's line items in it (its column of ``Params.level_category_usd``, the
level-by-category table; on the sheet, its column on Levels)."""

CACHE_CATEGORY_USD = GROSS_BY_CATEGORY["cache"]

# --- The optimisation phases --------------------------------------------------------------------------------

PHASE_FROM_DAU = Row("phase.from_dau")
PHASE_COST_MULTIPLIER = Row("phase.cost_multiplier")

PHASE_MULTIPLIER = Formula(
    "phase",
    IF(ISNUMBER(PHASE_FROM_DAU), IF(DAU >= PHASE_FROM_DAU, PHASE_COST_MULTIPLIER, 1), 1),
    unit=N_("x"),
    how=N_("the phase's multiplier from its DAU on, else 1"),
    display="multiplier",
)
"""Per phase: its multiplier from its DAU on, else 1 (a phase slot left blank on the sheet counts as 1)."""

OPTIMISATION_MULTIPLIER = Formula(
    "optimisation_multiplier",
    PRODUCT(PHASE_MULTIPLIER),
    label=N_("Optimisation multiplier"),
    unit=N_("x"),
    how=N_("product of the phases in force"),
    display="multiplier",
)
"""The product of the phases in force. The plan: phase 1 (from 0 DAU) 0.505922; from 100k DAU x 0.6 = 0.303553."""

# --- Infrastructure -------------------------------------------------------------

RESERVED_SAVINGS_USD = Formula(
    "reserved_savings_usd",
    IF(DAU >= Input("reserved_from_dau"), RESERVED_ELIGIBLE_USD * Input("reserved_discount"), 0),
    label=N_("Reserved-instance saving available"),
    unit=N_("USD/month"),
    how=N_("eligible x discount, from reserved_from_dau on"),
)
"""Reserved-instance saving: eligible line items x discount, from reserved_from_dau on (0 below)."""

RESERVED_IN_FORCE = Formula(
    "reserved_in_force",
    IF(AND(eq(Input("reserved_applied"), 1), DAU >= Input("reserved_from_dau")), 1, 0),
    label=N_("Reserved saving deducted here"),
    unit="1/0",
    how=N_("applied flag and DAU >= from"),
    display="flag",
)
"""1 where the saving is deducted: the scenario applies it and DAU >= reserved_from_dau; else 0."""

RESERVED_DEDUCTED_USD = Formula(
    "reserved_deducted_usd",
    IF(eq(Input("reserved_applied"), 1), RESERVED_SAVINGS_USD, 0),
    label=N_("Reserved saving deducted"),
    unit=N_("USD/month"),
)
"""The reserved-instance saving where the scenario applies it, else 0."""

INFRASTRUCTURE_USD = Formula(
    "infrastructure_usd",
    INFRASTRUCTURE_GROSS_USD - RESERVED_DEDUCTED_USD,
    label=N_("Infrastructure"),
    unit=N_("USD/month"),
    how=N_("gross less the saving where the scenario applies it"),
    bold=True,
)
"""The level in force's line items less the reserved-instance saving where the scenario applies it."""

CATEGORY_USD = {
    cat: Formula(
        f"cat.{cat}",
        GROSS_BY_CATEGORY[cat]
        - RESERVED_IN_FORCE
        * INDEX(Input(f"level_eligible.{cat}", attr="level_category_eligible_usd", column=j), LEVEL)
        * Input("reserved_discount"),
        unit=N_("USD/month"),
        how=N_("list less the saving on its eligible items where deducted"),
    )
    for j, cat in enumerate(CATEGORIES)
}
"""Per category, after reserved discounts (Calc's chart feed, the tier result's ``by_category_usd``, the variance's
plan by category): the level in force's line items in it less, where the saving is deducted, its eligible items x the
discount. Each bill line's own charge is ``costs.line_item_charged_usd``."""

# --- AI ---------------------------------------------------------------------------

AI_CALLS_PER_MONTH = Formula(
    "ai_calls_per_month",
    DAU * Input("calls_per_dau_per_day") * Input("days_per_month"),
    label=N_("AI calls"),
    unit=N_("calls/month"),
    how=N_("DAU x calls per DAU per day x days per month"),
    display="count",
)
"""AI requests users make in a month: DAU x calls per DAU per day x days per month."""

AI_RESPONSE_HIT_RATE = Formula(
    "ai_response_hit_rate",
    Input("ai_response_hit_rate"),
    label=N_("AI response cache hit rate"),
    unit=N_("share"),
    how=N_("from Unit costs"),
    display="share",
)
"""The hit rate of the cache that serves 'ai' (0 without one)."""

API_CALLS_PER_MONTH = Formula(
    "api_calls_per_month",
    AI_CALLS_PER_MONTH * (1 - AI_RESPONSE_HIT_RATE),
    label=N_("Calls reaching the model"),
    unit=N_("calls/month"),
    how=N_("AI calls x (1 - hit rate)"),
    display="count",
)
"""Requests the response cache cannot answer: AI calls x (1 - AI response hit rate)."""

OWN_MODEL_IN_FORCE = Formula(
    "own_model_in_force",
    IF(AND(eq(Input("own_model_enabled"), 1), DAU >= Input("own_model_from_dau")), 1, 0),
    label=N_("Own model in force"),
    unit="1/0",
    how=N_("enabled and DAU >= its from DAU"),
    display="flag",
)
"""1 where the own model answers the calls: enabled and DAU >= its from_dau; else 0."""

AI_USD_PER_API_CALL = Formula(
    "ai_usd_per_api_call",
    AI_LIST_USD_PER_CALL * OPTIMISATION_MULTIPLIER * IF(eq(OWN_MODEL_IN_FORCE, 1), Input("own_model_cost_relative_to_api"), 1),
    label=N_("Cost per call reaching the model"),
    unit=N_("USD/call"),
    how=N_("list price x multiplier (x own model's relative cost where in force)"),
    display="usd_per_call",
)
"""What one call that reaches the model costs: list price x optimisation multiplier, x the own model's cost relative to
the API where the own model is in force."""

AI_USD = Formula(
    "ai_usd",
    API_CALLS_PER_MONTH * AI_USD_PER_API_CALL,
    label=N_("AI"),
    unit=N_("USD/month"),
    how=N_("calls reaching the model x cost per call"),
    bold=True,
)
"""Monthly AI bill: calls reaching the model x cost per call. Calls the response cache answers send no tokens, so they
earn no prompt-cache discount either: the discount lives inside the per-call price."""

CACHE_SAVINGS_USD = Formula(
    "cache_savings_usd",
    AI_CALLS_PER_MONTH * AI_RESPONSE_HIT_RATE * AI_USD_PER_API_CALL,
    label=N_("Cache savings (AI spend avoided)"),
    unit=N_("USD/month"),
    how=N_("AI calls x hit rate x cost per call"),
)
"""AI spend the response cache avoids: AI calls x hit rate x cost per call."""

CACHE_COST_USD = Formula(
    "cache_cost_usd",
    CACHE_CATEGORY_USD,
    label=N_("Cache cost (the 'cache' category)"),
    unit=N_("USD/month"),
    how=N_("what Redis costs at the level in force"),
)
"""What the cache itself (the 'cache' category, Redis) costs at the level in force."""

CACHE_SAVINGS_NET_USD = Formula(
    "cache_savings_net_usd",
    CACHE_SAVINGS_USD - CACHE_COST_USD,
    label=N_("Cache savings, net of its cost"),
    unit=N_("USD/month"),
)
"""AI spend the response cache avoids, less what the cache costs."""

# --- Totals -----------------------------------------------------------------------

TOTAL_USD = Formula(
    "total_usd",
    INFRASTRUCTURE_USD + AI_USD,
    label=N_("Total"),
    unit=N_("USD/month"),
    how=N_("infrastructure + AI"),
    bold=True,
)
"""Monthly total: infrastructure + AI."""

COST_PER_DAU_USD = Formula(
    "cost_per_dau_usd",
    IF(DAU > 0, TOTAL_USD / DAU, 0),
    label=N_("Cost per DAU"),
    unit=N_("USD/DAU/month"),
    how=N_("total / DAU"),
    display="usd_per_dau",
    bold=True,
)
"""Monthly total / DAU (0 for an empty tier slot)."""
