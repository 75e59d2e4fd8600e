"""The per-tier rows defined once (``model.formula``): ``model.costs`` evaluates them, the workbook's Calc sheet
writes them (``outputs.calculation``).

Rows given from outside (still computed by their own code in both places): ``dau`` (the tier's DAU),
``ai_list_usd_per_call`` (the mixed list price of one call; the Unit costs sheet), ``optimisation_multiplier`` (the
product of the phases in force; one Calc row per phase), and the level in force's line items looked up by level:
``infrastructure_gross_usd`` (all of them), ``reserved_eligible_usd`` (those reserved instances discount) and
``gross.cache`` (the 'cache' category).

By hand, the plan at 10,000 DAU: 10,000 x 2 calls x 30 days = 600,000 AI calls; the response cache answers 30%, so
420,000 reach the model at $0.0423555 list x 0.50592 (phase 1) = $0.0214286 per call: AI $9,000 a month, and the cache
saves 600,000 x 0.3 x $0.0214286 = $3,857.14 (tests/model/test_tier_rows.py works rounder numbers through).
"""

from __future__ import annotations

from model.formula import AND, IF, Formula, Input, Row, eq
from model.phrase import N_

DAU = Row("dau")
AI_LIST_USD_PER_CALL = Row("ai_list_usd_per_call")
OPTIMISATION_MULTIPLIER = Row("optimisation_multiplier")
INFRASTRUCTURE_GROSS_USD = Row("infrastructure_gross_usd")
RESERVED_ELIGIBLE_USD = Row("reserved_eligible_usd")
CACHE_CATEGORY_USD = Row("gross.cache")

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

INFRASTRUCTURE_USD = Formula(
    "infrastructure_usd",
    INFRASTRUCTURE_GROSS_USD - IF(eq(Input("reserved_applied"), 1), RESERVED_SAVINGS_USD, 0),
    label=N_("Infrastructure"),
    unit=N_("USD/month"),
    how=N_("gross less the saving where the scenario applies it"),
    bold=True,
)
"""The level in force's line items less the reserved-instance saving where the scenario applies it."""

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
