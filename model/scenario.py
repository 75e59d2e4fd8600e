"""The scenario: every assumption of the model, validated at the boundary.

A scenario is a JSON file (``data/scenarios/*.json``) read into these strict
pydantic models. Unknown keys are errors (``extra="forbid"``), every number has
bounds, and every field says its unit in its name or its docstring. Where a
number came from (the plan, an assumption of ours, a figure implied by the
plan's own table, a price library) is kept in ``Scenario.provenance``, keyed by
the field's dotted path, so the UI and the workbook can show it beside the value.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from model.driver_spec import Spec
from model.phrase import N_

SCHEMA_VERSION = 1

Category = Literal["hosting", "database", "cache", "compute", "cdn", "monitoring", "other"]
"""Infrastructure cost categories; every chart keeps one colour per category."""

CATEGORIES: tuple[str, ...] = ("hosting", "database", "cache", "compute", "cdn", "monitoring", "other")

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
Usd = Annotated[float, Field(ge=0.0, le=1e10)]
# Scenario size limits. Far above any real plan (the plan has 5 levels of 3-4 line items, 5 tiers, 12 ranges,
# 60 months, at most 6 checklist items a level), low enough that the largest valid scenario prices, analyses and
# exports in a few seconds on a shared 2-core machine. Measured in one process with every limit at once (12 levels
# x 20 line items, 20 tiers, 50 ranges, 240 months, 20 caches, 10 phases, 30 checklist items a level) on this
# machine under a load average of 12: loading 0.4 s, tornado 0.2 s, Monte Carlo (10,000 draws) 0.5 s, comparing
# four 0.3 s, the workbook 4.6 s (the plan's 0.9 s in the same run; 0.4 s unloaded), where 50 levels x 100 line
# items, 200 ranges and 600 months took 25-52 s for the workbook and 16 s for the tornado. Each limit is refused
# with a message naming the field and the limit (model/loading.py).
MAX_LEVELS = 12
MAX_LINE_ITEMS_PER_LEVEL = 20
MAX_TIERS = 20
MAX_RANGES = 50
MAX_TIMELINE_MONTHS = 240
MAX_CACHES = 20
MAX_PHASES = 10
MAX_TRIGGERS = 100
MAX_TEXT_ITEMS = 30
"""Longest list of text lines (a level's checklist, bottlenecks and mitigations; indexes; backup and recovery steps)."""
MAX_TABLE_ROWS = 50
"""Longest list of plain records (rate limits, stated cost rows, recovery scenarios)."""
MAX_PROVENANCE = 1000
MAX_PRICE_OVERRIDES = 10

MIN_DAU = 1
MAX_DAU = 100_000_000
"""The one DAU range: every DAU in a scenario, and every DAU a command or a page accepts, lies in MIN_DAU..MAX_DAU."""
Dau = Annotated[int, Field(gt=MIN_DAU - 1, le=MAX_DAU)]

Month = Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
"""A calendar month, 'YYYY-MM'."""

TextItems = Annotated[list[str], Field(max_length=MAX_TEXT_ITEMS)]


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        allow_inf_nan=False,
        str_max_length=4000,
        use_attribute_docstrings=True,
    )


class Provenance(_Strict):
    """Where a number came from."""

    kind: Literal["plan", "assumption", "implied", "library", "actuals"]
    """plan: stated in the plan; assumption: ours (the note says why); implied: derived from the plan's own figures; library: a price library; actuals: fitted to the bills (a re-forecast)."""
    note: str = ""
    """Where in the plan, or why we chose it."""
    checked: dt.date | None = None
    """For prices: when the figure was last checked."""


class PlanSource(_Strict):
    """The document this scenario transcribes."""

    title: str
    version: str
    written: dt.date
    """Date the plan was written."""
    start_date: dt.date
    """Date the plan's first level (its 'now') applies from."""


class LineItem(_Strict):
    """One vendor line of a level's infrastructure bill."""

    vendor: str
    plan: str
    """The vendor's plan or product, e.g. 'Pro', 'Team'."""
    category: Category
    usd_per_month: Annotated[
        Usd,
        Spec(
            "L{level.number} {vendor} {plan}",
            N_("USD/month"),
            "Infrastructure",
            "usd",
            0.0,
            1000.0,
            1.0,
            cell="usd",
            sheet_label=N_("USD per month"),
            order=150,
            max_per_value=4.0,
            coarse_step=(5000.0, 100.0),
        ),
    ]
    """Monthly price in USD. For negotiated prices the plan leaves blank, the figure its own cost table implies."""
    negotiated: bool = False
    """True where the plan gives no figure (a negotiated contract)."""
    reserved_eligible: bool = False
    """True if reserved-instance discounts can apply to this item."""


class Targets(_Strict):
    """A level's service targets."""

    p95_ms: Annotated[float, Field(gt=0, le=60_000)]
    """95th-percentile response time target, milliseconds."""
    availability: Annotated[float, Field(gt=0.0, le=1.0)]
    """Availability target as a fraction (0.999 = 99.9%)."""
    concurrent_users: Annotated[int, Field(ge=0, le=100_000_000)]
    """Concurrent users the level must serve."""


class StatedAI(_Strict):
    """The AI figures a level states, kept for the audit."""

    api_usd_per_month: Usd | None = None
    """The OpenAI API line, as stated."""
    own_model_usd_per_month: Usd | None = None
    """The own-model line, as stated."""
    basis: Literal["api", "own_model"] = "api"
    """Which of the two the level's stated total uses, by its arithmetic."""


class Level(_Strict):
    """One traffic level of the plan: the vendor plans in force from its DAU until the next level's."""

    number: Annotated[int, Field(ge=1, le=50)]
    name: str
    dau: Dau
    """DAU at which this level's vendor plans start to apply."""
    when: str
    """When the plan expects to reach it, in its own words."""
    line_items: list[LineItem] = Field(max_length=MAX_LINE_ITEMS_PER_LEVEL)
    targets: Targets
    stated_total_usd: Usd
    """The level's total as the plan states it."""
    stated_total_label: str = ""
    """The plan's own words beside the total."""
    stated_ai: StatedAI
    ai_phase_label: str = ""
    """The plan's label on the AI line (e.g. 'Phase 2 optimisation')."""
    bottlenecks: TextItems = []
    mitigations: TextItems = []
    architecture_changes: TextItems = []
    checklist: TextItems = []
    """What the plan says must be done before this level."""


class ModelShare(_Strict):
    """Share of AI calls answered by one model."""

    model: Annotated[str, Field(min_length=1, max_length=100)]
    """Model id as genai-prices knows it, e.g. 'gpt-4o', 'claude-sonnet-4-5', 'gemini-2.5-flash'."""
    share_of_calls: Annotated[
        Fraction,
        Spec(
            N_("Share of calls on {model}"),
            N_("share"),
            "AI",
            "fraction",
            0.0,
            1.0,
            0.05,
            N_("The rest go to the other model(s) in the mix."),
            cell="percent",
            sheet_label=N_("Model {n}: share of calls"),
            order=40,
            slots=1,
        ),
    ]
    provider: Annotated[str, Field(min_length=1, max_length=60)] | None = None
    """genai-prices provider id ('openai', 'anthropic', 'google', ...); none: OpenAI, else the library's match."""
    reasoning_tokens_per_call: Annotated[float, Field(ge=0.0, le=2_000_000.0)] = 0.0
    """Reasoning ('thinking') tokens the model bills per call on top of the visible output, at its output price."""


class PriceOverride(_Strict):
    """Prices that replace the genai-prices snapshot for one model."""

    input_usd_per_mtok: Usd
    cached_input_usd_per_mtok: Usd
    output_usd_per_mtok: Usd
    cache_write_usd_per_mtok: Usd | None = None
    """Price of writing prompt tokens to the provider's cache; none: the input price."""


class PinnedPrices(_Strict):
    """The token prices a scenario was calibrated with, kept so the library's newer prices cannot move it silently."""

    snapshot: Annotated[str, Field(min_length=1, max_length=200)]
    """Where the prices came from, e.g. 'genai-prices 0.2.3'."""
    checked: dt.date
    """The snapshot's price-check date."""
    models: dict[str, PriceOverride]
    """Per model id: the prices as they were."""


class OptimisationPhase(_Strict):
    """An AI cost optimisation project, in force from a DAU on."""

    name: str
    from_dau: Annotated[int, Field(ge=0, le=MAX_DAU)]
    cost_multiplier: Annotated[
        float,
        Field(gt=0.0, le=10.0),
        Spec(
            N_("{name} cost multiplier"),
            N_("x"),
            "AI",
            "number",
            0.05,
            1.0,
            0.01,
            N_("AI cost relative to the phase before."),
            cell="multiple",
            sheet_label=N_("Phase {n}: cost multiplier (fitted x its levers)"),
            order=130,
        ),
    ] = 1.0
    """Fitted multiplier on AI cost relative to the phase before (0.6 = -40%), on top of the levers below;
    used where only the phase's total effect is known."""
    prompt_tokens_saved: Annotated[float, Field(ge=0.0, le=0.99)] = 0.0
    """Share of each call's prompt (input) tokens the phase removes (shorter prompts, trimmed context)."""
    output_tokens_saved: Annotated[float, Field(ge=0.0, le=0.99)] = 0.0
    """Share of each call's output (and reasoning) tokens the phase removes (shorter answers)."""
    routed_share: Fraction = 0.0
    """Share of calls the phase routes to ``routed_model`` instead of the mix."""
    routed_model: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    """The cheaper model routed calls go to (genai-prices id, or one in price_overrides)."""
    routed_provider: Annotated[str, Field(min_length=1, max_length=60)] | None = None
    batch_share: Fraction = 0.0
    """Share of calls sent through the provider's batch interface at ``ai.batch_price_relative`` of the price."""
    from_month: Month | None = None
    """If set, the timeline and budget take the phase into force from this month ('YYYY-MM') instead of from_dau
    (a rollout in time); a DAU-only figure (summary, tiers) still uses from_dau."""
    ramp_months: Annotated[int, Field(ge=0, le=60)] = 0
    """With from_month: months over which the phase ramps in linearly (0 = all at once). In month k after
    from_month (k = 0, 1, ...) the share in force is MIN(1, (k + 1) / ramp_months)."""

    @model_validator(mode="after")
    def _check_route(self) -> OptimisationPhase:
        if self.routed_share > 0 and self.routed_model is None:
            raise ValueError("routed_share needs a routed_model")
        return self


class OwnModelCase(_Strict):
    """Building our own model: what it costs, how long it takes, what share of calls it can serve."""

    build_usd: Usd = 600_000.0
    """One-off cost of building it (people, data, training runs), USD, spread evenly over the build months."""
    build_months: Annotated[int, Field(ge=0, le=60)] = 9
    """Months of building before it goes live (it goes live in the first month the DAU reaches ``from_dau``)."""
    fixed_usd_per_month: Usd = 40_000.0
    """People and MLOps once live (on-call ML engineers, evaluation, monitoring), USD per month, on top of the GPUs."""
    share_of_calls_served: Fraction = 0.8
    """Quality: the share of API calls the own model answers well enough; the rest stay on the API."""
    discount_rate_per_year: Annotated[float, Field(ge=0.0, le=1.0)] = 0.1
    """Annual rate the NPV discounts monthly savings at (monthly factor (1 + r) ^ (1/12))."""


class OwnModel(_Strict):
    """A self-hosted model that replaces the API from a DAU on."""

    enabled: Annotated[
        bool,
        Spec(
            N_("Own model replaces the API"),
            N_("on/off"),
            "AI",
            "bool",
            0.0,
            1.0,
            1.0,
            N_("Off: the API answers every call at every DAU."),
            name="own_model_enabled",
            cell="flag",
            sheet_label=N_("Own model enabled (1 = yes, 0 = no)"),
            sheet_unit=N_("flag"),
            order=80,
        ),
    ]
    from_dau: Annotated[
        Dau,
        Spec(
            N_("Own model replaces the API from"),
            N_("DAU"),
            "AI",
            "dau",
            10_000.0,
            2_000_000.0,
            10_000.0,
            name="own_model_from_dau",
            cell="integer",
            order=70,
        ),
    ]
    """DAU from which the own model answers every AI call."""
    cost_relative_to_api: Annotated[
        float,
        Field(ge=0.0, le=10.0),
        Spec(
            N_("Own model cost relative to the API"),
            N_("x API"),
            "AI",
            "fraction",
            0.0,
            1.5,
            0.01,
            name="own_model_cost_relative_to_api",
            cell="multiple",
            order=60,
        ),
    ]
    """Own-model cost as a fraction of what the API would have cost for the same calls."""
    case: OwnModelCase | None = None
    """The own model as a business case (build, GPUs, people, quality); none: the defaults of OwnModelCase."""
    basis: Literal["share_of_api", "business_case"] = "share_of_api"
    """'share_of_api': the own model costs cost_relative_to_api x the API (the plan's 1/3); 'business_case': the
    business case's running cost at from_dau as a share of the API there (GPUs, people, the calls it cannot serve)."""
    from_month: Month | None = None
    """If set, the timeline and budget switch to the own model from this month ('YYYY-MM') instead of at from_dau
    (a rollout in time); a DAU-only figure (summary, tiers) still uses from_dau."""
    ramp_months: Annotated[int, Field(ge=0, le=60)] = 0
    """With from_month: months over which traffic moves to the own model linearly (0 = all at once); in month k
    after from_month the own model answers MIN(1, (k + 1) / ramp_months) of the calls."""


class AIDrivers(_Strict):
    """What drives the AI bill."""

    calls_per_dau_per_day: Annotated[
        float,
        Field(ge=0.0, le=10_000.0),
        Spec(
            N_("AI calls per DAU per day"),
            N_("calls/DAU/day"),
            "AI",
            "number",
            0.0,
            10.0,
            0.1,
            N_("AI requests each daily user makes, before the response cache."),
            name="calls_per_dau_per_day",
            order=10,
            headline=True,
        ),
    ]
    """AI requests each daily active user makes per day, before the response cache."""
    input_tokens_per_call: Annotated[
        float,
        Field(ge=0.0, le=2_000_000.0),
        Spec(
            N_("Input tokens per call"),
            N_("tokens"),
            "AI",
            "number",
            0.0,
            20_000.0,
            100.0,
            name="input_tokens_per_call",
            cell="integer",
            order=20,
        ),
    ]
    output_tokens_per_call: Annotated[
        float,
        Field(ge=0.0, le=2_000_000.0),
        Spec(
            N_("Output tokens per call"),
            N_("tokens"),
            "AI",
            "number",
            0.0,
            20_000.0,
            100.0,
            name="output_tokens_per_call",
            cell="integer",
            order=30,
        ),
    ]
    model_mix: list[ModelShare] = Field(min_length=1, max_length=10)
    """Which models answer the calls; shares sum to 1."""
    prompt_cache_share_of_input: Annotated[
        Fraction,
        Spec(
            N_("Prompt-cache share of input tokens"),
            N_("share"),
            "AI",
            "fraction",
            0.0,
            1.0,
            0.05,
            N_("Billed at the cached-input price; only calls that reach the API get it."),
            name="prompt_cache_share",
            param="prompt_cache_share_of_input",
            cell="percent",
            order=50,
        ),
    ]
    """Share of input tokens billed at the provider's cached-input price."""
    price_overrides: dict[str, PriceOverride] = Field(default={}, max_length=MAX_PRICE_OVERRIDES)
    """Per model id: prices that replace the price library's."""
    prompt_cache_write_share_of_input: Fraction = 0.0
    """Share of input tokens written to the provider's prompt cache per call, at its cache-write price."""
    batch_price_relative: Annotated[float, Field(ge=0.0, le=1.0)] = 0.5
    """Batch price as a share of the list price (OpenAI, Anthropic and Google batch at half price)."""
    pinned_prices: PinnedPrices | None = None
    """The prices the scenario was calibrated with."""
    price_source: Literal["pinned", "library"] = "library"
    """'pinned': the pinned prices (the library's for models not pinned); 'library': the installed genai-prices."""
    optimisation_phases: list[OptimisationPhase] = Field(default=[], max_length=MAX_PHASES)
    own_model: OwnModel

    @model_validator(mode="after")
    def _check(self) -> AIDrivers:
        total = sum(m.share_of_calls for m in self.model_mix)
        if abs(total - 1.0) > 1e-9:
            raise ValueError(f"model_mix shares must sum to 1 (they sum to {total:g})")
        names = [m.model for m in self.model_mix]
        if len(set(names)) != len(names):
            raise ValueError("model_mix names each model once")
        starts = [p.from_dau for p in self.optimisation_phases]
        if starts != sorted(starts):
            raise ValueError("optimisation_phases must be in order of from_dau")
        if self.prompt_cache_share_of_input + self.prompt_cache_write_share_of_input > 1.0 + 1e-9:
            raise ValueError("prompt_cache_share_of_input + prompt_cache_write_share_of_input must be <= 1")
        if self.price_source == "pinned" and self.pinned_prices is None:
            raise ValueError("price_source 'pinned' needs pinned_prices")
        return self


class Cache(_Strict):
    """One cache of the plan's caching strategy."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,40}$")]
    name: str
    key_pattern: str | None = None
    ttl_seconds: Annotated[int, Field(ge=0, le=10_000_000)] | None = None
    hit_rate: Annotated[
        Fraction | None,
        Spec(
            N_("{name} hit rate"),
            N_("share"),
            "Caching",
            "fraction",
            0.0,
            1.0,
            0.01,
            cell="percent",
            sheet_label=N_("Cache {n}: hit rate"),
            order=140,
        ),
    ] = None
    """Share of lookups answered from the cache; null where the plan gives none (counted as 0)."""
    serves: Literal["db", "ai"]
    """What a hit avoids: a database read or an AI call."""
    share_of_db_reads: Fraction = 0.0
    """For db caches: share of all database reads that go through this cache."""


class StatedCachingEffects(_Strict):
    """Caching's total effect, as the plan states it."""

    db_load_reduction: Fraction
    ai_cost_reduction: Fraction
    response_time_reduction: Fraction


class Caching(_Strict):
    caches: list[Cache] = Field(min_length=1, max_length=MAX_CACHES)
    stated_effects: StatedCachingEffects

    @model_validator(mode="after")
    def _check(self) -> Caching:
        ids = [c.id for c in self.caches]
        if len(set(ids)) != len(ids):
            raise ValueError("cache ids must be unique")
        if sum(1 for c in self.caches if c.serves == "ai") != 1:
            raise ValueError("exactly one cache must serve 'ai' (the AI response cache)")
        share = sum(c.share_of_db_reads for c in self.caches if c.serves == "db")
        if share > 1.0 + 1e-9:
            raise ValueError(f"share_of_db_reads of the db caches must sum to at most 1 (they sum to {share:g})")
        return self


class ReservedInstances(_Strict):
    """Reserved-instance (1-3 year commitment) discounts."""

    discount: Annotated[
        Fraction,
        Spec(
            N_("Reserved-instance discount"),
            N_("share"),
            "Reserved instances",
            "fraction",
            0.0,
            1.0,
            0.01,
            name="reserved_discount",
            cell="percent",
            order=110,
            min_from="discount_low",
            max_from="discount_high",
        ),
    ]
    """Discount on eligible line items."""
    discount_low: Fraction
    discount_high: Fraction
    from_dau: Annotated[
        Dau,
        Spec(
            N_("Reserved instances from"),
            N_("DAU"),
            "Reserved instances",
            "dau",
            10_000.0,
            2_000_000.0,
            10_000.0,
            name="reserved_from_dau",
            cell="integer",
            order=120,
        ),
    ]
    """DAU from which reservations are bought."""
    applied: Annotated[
        bool,
        Spec(
            N_("Deduct reserved-instance savings"),
            N_("on/off"),
            "Reserved instances",
            "bool",
            0.0,
            1.0,
            1.0,
            N_("The plan's cost table does not deduct them; on, eligible items cost (1 - discount)."),
            name="reserved_applied",
            cell="flag",
            sheet_label=N_("Saving deducted from infrastructure (1 = yes, 0 = no)"),
            sheet_unit=N_("flag"),
            order=90,
        ),
    ]
    """Whether the saving is deducted from infrastructure cost (the plan's cost table does not)."""
    term_years: tuple[Annotated[int, Field(ge=1, le=5)], Annotated[int, Field(ge=1, le=5)]]
    stated_expected_saving_usd_per_month: Usd

    @model_validator(mode="after")
    def _check(self) -> ReservedInstances:
        if not self.discount_low <= self.discount <= self.discount_high:
            raise ValueError("discount must lie between discount_low and discount_high")
        return self


class RateLimit(_Strict):
    endpoint: str
    requests: Annotated[int, Field(ge=1, le=1_000_000)]
    window_seconds: Annotated[int, Field(ge=1, le=86_400)]


class AlertThresholds(_Strict):
    """Alert when a reading is strictly greater than these."""

    p95_ms: Annotated[float, Field(gt=0)]
    error_rate: Fraction
    db_pool_utilization: Fraction
    redis_memory_utilization: Fraction


class Alerts(_Strict):
    warning: AlertThresholds
    critical: AlertThresholds
    example: str = ""

    @model_validator(mode="after")
    def _check(self) -> Alerts:
        for field in type(self.warning).model_fields:
            low, high = getattr(self.warning, field), getattr(self.critical, field)
            if not low < high:
                raise ValueError(f"warning.{field}: must be below critical.{field} (got {low:g}, critical {high:g})")
        return self


class Dashboard(_Strict):
    """The plan's monitoring snapshot, taken at the first level."""

    dau: Dau
    p50_ms: float
    p95_ms: float
    p99_ms: float
    error_rate_4xx: Fraction
    error_rate_5xx: Fraction
    db_pool_connections_used: Annotated[int, Field(ge=0)]
    db_pool_connections_max: Annotated[int, Field(ge=1)]
    db_query_p95_ms: float
    db_slow_queries_per_min: float
    redis_memory_used_gb: Annotated[float, Field(ge=0)]
    redis_memory_max_gb: Annotated[float, Field(gt=0)]
    redis_hit_rate: Fraction
    ai_requests_per_day: Annotated[float, Field(ge=0)]
    ai_usd_per_day: Usd
    ai_response_seconds: float


class PgBouncer(_Strict):
    pool_mode: str
    max_client_conn: Annotated[int, Field(ge=1, le=1_000_000)]
    default_pool_size: Annotated[int, Field(ge=1, le=1_000_000)]
    from_dau: Dau


class Database(_Strict):
    indexes: TextItems
    partitioning: str
    partitioning_from_dau: Dau
    read_replicas: TextItems
    read_replicas_from_dau: Dau
    pgbouncer: PgBouncer


class DRScenario(_Strict):
    name: str
    rto_minutes: Annotated[float, Field(ge=0)]
    rpo_minutes: Annotated[float, Field(ge=0)]
    steps: TextItems
    applies_from_dau: Dau | None = None


class DisasterRecovery(_Strict):
    backups: TextItems
    scenarios: list[DRScenario] = Field(max_length=MAX_TABLE_ROWS)


class StatedCostRow(_Strict):
    """One row of the plan's own cost table (section 6)."""

    dau: Dau
    infrastructure_usd: Usd
    ai_usd: Usd
    total_usd: Usd
    cost_per_user_usd: Usd


class StatedInsights(_Strict):
    cost_per_user_change: Annotated[float, Field(ge=-1.0, le=10.0)]
    """The plan's stated change in cost per user from the first to the last level (-0.77 = -77%)."""
    own_model_cost_reduction: Fraction
    """The own model's stated cost reduction against the API (0.70 = -70%)."""


class LevelCapacity(_Strict):
    """What one level's vendor plans can carry: the capacities in force from the level's DAU until the next level's."""

    level: Annotated[int, Field(ge=1, le=50)]
    """The level number these capacities belong to (one entry per level, in order)."""
    db_max_connections: Annotated[int, Field(ge=1, le=10_000_000)]
    """Connections the database itself accepts (server side, without PgBouncer)."""
    redis_memory_gb: Annotated[float, Field(gt=0.0, le=1_000_000.0)]
    """Redis memory of the level's Redis plan, GB."""
    ai_provider: Annotated[str, Field(min_length=1, max_length=200)]
    """Who answers AI calls at this level and under which limits, e.g. 'OpenAI usage tier 5 (gpt-4o)'."""
    ai_requests_per_minute: Annotated[float, Field(gt=0.0, le=1e12)]
    """The AI provider's request limit, requests per minute."""
    ai_tokens_per_minute: Annotated[float, Field(gt=0.0, le=1e15)]
    """The AI provider's token limit (input + output tokens), tokens per minute."""
    db_writes_per_second: Annotated[float, Field(gt=0.0, le=1e12)]
    """Sustained writes per second the level's primary database (or distributed database) takes."""


class CapacityTrigger(_Strict):
    """Checklist items of a level that raise one resource's capacity."""

    resource: Literal["db_connections", "redis_memory", "ai_requests", "ai_tokens", "db_writes"]
    level: Annotated[int, Field(ge=1, le=50)]
    checklist: list[str] = Field(min_length=1, max_length=20)
    """Items exactly as they appear in that level's checklist."""


class UnstatedThresholds(_Strict):
    """Alert thresholds for resources the plan gives none for (alert when utilisation is strictly greater)."""

    warning_utilization: Fraction
    critical_utilization: Fraction

    @model_validator(mode="after")
    def _check(self) -> UnstatedThresholds:
        if self.warning_utilization >= self.critical_utilization:
            raise ValueError("warning_utilization must be below critical_utilization")
        return self


class Capacity(_Strict):
    """Resource demand per DAU and what each level's plans can carry (for utilisation and alerts at any DAU)."""

    concurrent_users_per_dau: Fraction
    """Concurrent users at peak per daily active user (the plan's targets: 10% at every level)."""
    peak_to_average: Annotated[float, Field(ge=1.0, le=100.0)]
    """Peak-minute rate / the day's average rate, for per-day volumes (AI calls, database writes)."""
    db_connections_per_concurrent_user: Annotated[float, Field(ge=0.0, le=100.0)]
    """Database connections held per concurrent user (the dashboard: 72 connections for 1,000 concurrent users)."""
    redis_fixed_gb: Annotated[float, Field(ge=0.0, le=1_000_000.0)]
    """Redis memory that does not grow with users, GB."""
    redis_gb_per_1k_dau: Annotated[float, Field(ge=0.0, le=1_000_000.0)]
    """Redis memory per 1,000 DAU, GB (keys live for their TTL, so they scale with users active within a TTL window)."""
    db_writes_per_dau_per_day: Annotated[float, Field(ge=0.0, le=1_000_000.0)]
    """Database writes (Reading and UserInteraction rows) each daily active user causes per day."""
    thresholds_unstated: UnstatedThresholds
    """Thresholds for AI rate limits and database writes, which the plan's alerts do not cover."""
    levels: list[LevelCapacity] = Field(min_length=1, max_length=MAX_LEVELS)
    """One entry per level of the scenario, in the same order."""
    triggers: list[CapacityTrigger] = Field(default=[], max_length=MAX_TRIGGERS)
    """Which checklist items raise which resource's capacity."""


class Range(_Strict):
    """Plausible low and high values of one driver, read by sensitivity (tornado) and the Monte Carlo."""

    low: Annotated[float, Field(ge=-1e10, le=1e10)]
    high: Annotated[float, Field(ge=-1e10, le=1e10)]
    distribution: Literal["uniform", "triangular"] = "triangular"
    """uniform: every value from low to high equally likely; triangular: most likely at the scenario's value, tapering to low and high."""
    note: str = ""
    """Why these bounds (the plan's own range, or our reasoning)."""

    @model_validator(mode="after")
    def _check(self) -> Range:
        if self.low > self.high:
            raise ValueError(f"low ({self.low:g}) must not exceed high ({self.high:g})")
        return self


class Milestone(_Strict):
    """When the plan expects a level's DAU to be reached."""

    level: Annotated[int, Field(ge=1, le=50)]
    """The level's number (levels.N.number); the milestone's DAU is that level's dau."""
    month: Month
    """Month the level's DAU is reached, 'YYYY-MM'."""


class Timeline(_Strict):
    """A monthly projection: DAU grows through the milestones; cost follows the model at each month's DAU."""

    milestones: list[Milestone] = Field(min_length=1, max_length=MAX_LEVELS)
    """In order of month and level; the first month of the first milestone starts the projection."""
    growth: Literal["linear", "exponential"]
    """Shape between milestones: linear in DAU, or exponential (a constant monthly growth rate, a straight line on a log scale)."""
    end_month: Month
    """Last month projected; after the last milestone DAU stays at that level's."""
    checklist_lead_months: Annotated[int, Field(ge=0, le=36)]
    """A level's checklist is due this many months before the month its DAU is first reached."""

    @model_validator(mode="after")
    def _check(self) -> Timeline:
        months = [m.month for m in self.milestones]
        if any(b <= a for a, b in itertools.pairwise(months)):
            raise ValueError("milestone months must be strictly increasing")
        levels = [m.level for m in self.milestones]
        if any(b <= a for a, b in itertools.pairwise(levels)):
            raise ValueError("milestone levels must be strictly increasing")
        if self.end_month < months[-1]:
            raise ValueError(f"end_month ({self.end_month}) must not be before the last milestone ({months[-1]})")
        first_y, first_m = (int(x) for x in months[0].split("-"))
        end_y, end_m = (int(x) for x in self.end_month.split("-"))
        if (end_y - first_y) * 12 + end_m - first_m >= MAX_TIMELINE_MONTHS:
            raise ValueError(f"end_month: a timeline may span at most {MAX_TIMELINE_MONTHS} months (a scenario size limit)")
        return self


class SelfHosted(_Strict):
    """An own model costed as GPU capacity, the alternative to the plan's 'share of the API cost'."""

    gpu_usd_per_hour: Annotated[float, Field(gt=0.0, le=1000.0)]
    """Price of one GPU for one hour, USD."""
    tokens_per_second_per_gpu: Annotated[float, Field(gt=0.0, le=10_000_000.0)]
    """Input plus output tokens one GPU serves per second at full load (batched)."""
    target_utilisation: Annotated[float, Field(gt=0.0, le=1.0)]
    """Share of a GPU's throughput planned to be used at peak, leaving headroom for bursts and latency."""
    peak_factor: Annotated[float, Field(ge=1.0, le=50.0)]
    """Peak-hour token rate / the day's average rate."""
    min_replicas: Annotated[int, Field(ge=1, le=100_000)]
    """GPUs kept running however low the traffic (redundancy)."""
    ops_usd_per_month: Usd
    """Fixed monthly cost of running a model ourselves (engineering time, monitoring, storage), USD."""
    workload_follows_optimisation: bool
    """True: the optimisation phases' multipliers cut the tokens served as they cut the API bill (shorter prompts, fewer calls)."""


class Economics(_Strict):
    """Revenue assumptions for unit economics."""

    revenue_usd_per_dau_per_month: Annotated[
        float,
        Field(ge=0.0, le=100_000.0),
        Spec(
            N_("Revenue per DAU per month"),
            N_("USD/DAU/month"),
            "General",
            "usd_cents",
            0.01,  # from one cent: at no revenue the margin's share of revenue is undefined
            10.0,
            0.01,
            name="revenue_usd_per_dau",
            cell="usd_cents",
            order=200,
            max_per_value=4.0,
            control=False,
        ),
    ]
    """Average revenue per daily active user per month, USD."""
    cost_budget_usd_per_dau_per_month: Annotated[float, Field(gt=0.0, le=100_000.0)]
    """Cost per DAU per month the founders want to stay under; the Monte Carlo reports the chance of exceeding it."""


class Upgrades(_Strict):
    """When vendor plans are bought: as the plan's levels say, or just in time for each resource (model/upgrades.py)."""

    policy: Literal["as-written", "just-in-time"] = "as-written"
    """as-written: the plans of the level in force by DAU (the plan's staircase). just-in-time: each capacity
    component (database and pool, Redis, AI provider limits) moves to the cheapest plan among the levels whose
    capacity keeps it at or below the warning threshold, upgrade_lead_months before the growth path needs it."""
    upgrade_lead_months: Annotated[int, Field(ge=0, le=36)] = 1
    """Just-in-time: months before the growth path reaches the DAU at which the current plan would cross its
    warning threshold that the next plan is bought (the timeline charges it from then on)."""


class Scenario(_Strict):
    """Everything the model needs; the plan's scenario reproduces the plan."""

    schema_version: Literal[1] = 1
    name: Annotated[str, Field(min_length=1, max_length=200)]
    notes: str = ""
    plan_source: PlanSource
    tiers_dau: list[Dau] = Field(min_length=1, max_length=MAX_TIERS)
    """The DAU levels the summary reports, strictly increasing."""
    days_per_month: Annotated[
        float,
        Field(ge=28.0, le=31.0),
        Spec(N_("Days per month"), N_("days"), "General", "number", 28.0, 31.0, 0.25, name="days_per_month", order=100),
    ]
    levels: list[Level] = Field(min_length=1, max_length=MAX_LEVELS)
    ai: AIDrivers
    caching: Caching
    reserved_instances: ReservedInstances
    rate_limits: list[RateLimit] = Field(default=[], max_length=MAX_TABLE_ROWS)
    alerts: Alerts
    dashboard: Dashboard
    database: Database
    capacity: Capacity
    """Resource demand per DAU and each level's capacities (model/capacity/)."""
    disaster_recovery: DisasterRecovery
    stated_costs: list[StatedCostRow] = Field(default=[], max_length=MAX_TABLE_ROWS)
    stated_insights: StatedInsights
    ranges: dict[str, Range] = Field(max_length=MAX_RANGES)
    """Plausible low/high of drivers, keyed by dotted field path (e.g. 'ai.calls_per_dau_per_day'); sensitivity and Monte Carlo read them.

    A path must name a numeric field. The field's value is not required to lie inside its range, so a control
    moved past a bound never makes the scenario invalid: the analysis widens the range to include the value and says so."""
    timeline: Timeline
    self_hosted: SelfHosted
    economics: Economics
    upgrades: Upgrades = Upgrades()
    """The upgrade policy (as-written reproduces the plan's cost table)."""
    provenance: dict[str, Provenance] = Field(default={}, max_length=MAX_PROVENANCE)
    """Keyed by dotted field path, e.g. 'ai.calls_per_dau_per_day' or 'levels.2.line_items.0.usd_per_month'."""

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> Scenario:
        if any(b <= a for a, b in zip(self.tiers_dau, self.tiers_dau[1:], strict=False)):
            raise ValueError("tiers_dau must be strictly increasing")
        starts = [lv.dau for lv in self.levels]
        if any(b <= a for a, b in itertools.pairwise(starts)):
            raise ValueError("levels must be in strictly increasing order of dau")
        if [c.level for c in self.capacity.levels] != [lv.number for lv in self.levels]:
            raise ValueError("capacity.levels must list one entry per level, with the same level numbers in the same order")
        checklists = {lv.number: lv.checklist for lv in self.levels}
        for t in self.capacity.triggers:
            missing = [item for item in t.checklist if item not in checklists.get(t.level, [])]
            if missing:
                raise ValueError(f"capacity.triggers: {missing[0]!r} is not in level {t.level}'s checklist")
        # A scenario that differs from a valid one only in scalar leaves has the same fields and list lengths, so its
        # provenance keys still name fields (model.overrides.with_overrides says so in the context).
        leaves_only = bool(info.context and info.context.get(LEAVES_CHANGED_ONLY))
        for path in () if leaves_only else self.provenance:
            if not _path_exists(self, path):
                raise ValueError(f"provenance key {path!r} names no field of the scenario")
        return self

    @model_validator(mode="after")
    def _check_analysis_sections(self) -> Scenario:
        for path in self.ranges:
            try:
                value = value_at(self, path)
            except KeyError:
                raise ValueError(f"ranges key {path!r} names no field of the scenario") from None
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"ranges key {path!r} names a field that is not a number")
        numbers = {lv.number for lv in self.levels}
        for i, m in enumerate(self.timeline.milestones):
            if m.level not in numbers:
                raise ValueError(f"timeline.milestones.{i}.level: no level is numbered {m.level}")
        return self

    def level_for(self, dau: float) -> Level:
        """The level whose vendor plans are in force at ``dau`` (the first level below its own DAU)."""
        chosen = self.levels[0]
        for lv in self.levels:
            if lv.dau <= dau:
                chosen = lv
        return chosen

    def ai_cache(self) -> Cache:
        return next(c for c in self.caching.caches if c.serves == "ai")


class ScenarioOverlay(_Strict):
    """A scenario written as changes to a shipped one (data/scenarios/NAME.json)."""

    extends: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,80}\.json$")]
    """File name of the scenario it builds on, in data/scenarios/."""
    name: Annotated[str, Field(min_length=1, max_length=200)]
    notes: str = ""
    """What it assumes and why."""
    overrides: dict[str, Any] = Field(default={}, max_length=500)
    """Dotted field path -> new value."""


LEAVES_CHANGED_ONLY = "leaves_changed_only"
"""Validation context key: the input is a valid scenario's dump with only scalar leaves replaced by scalars."""


def value_at(root: object, path: str) -> object:
    """The value at a dotted field path ('levels.2.line_items.0.usd_per_month'); raises KeyError if none."""
    node: object = root
    for part in path.split("."):
        if isinstance(node, BaseModel) and part in type(node).model_fields:
            node = getattr(node, part)
        elif isinstance(node, list | tuple) and part.isascii() and part.isdigit() and len(part) < 10 and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            raise KeyError(path)
    return node


def _path_exists(root: object, path: str) -> bool:
    try:
        value_at(root, path)
    except KeyError:
        return False
    return True
