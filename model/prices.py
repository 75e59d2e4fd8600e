"""LLM token prices: the genai-prices package's snapshot, pinned or overridden per scenario.

The package is imported lazily (its data module takes about half a second to
load) and every lookup is cached, so a rerun of the app never pays for it twice.

Where a price comes from, for each model in the mix (first that applies):
1. ``ai.price_overrides[model]``: typed in by hand ('scenario override');
2. ``ai.pinned_prices.models[model]`` when ``ai.price_source == 'pinned'``: the prices the scenario was
   calibrated with ('pinned <snapshot>, checked <date>');
3. the installed genai-prices, any provider it prices ('genai-prices X.Y.Z').

Tiered (long-context) prices are taken at the tier the call's input tokens fall in, as genai-prices
bills them. Cache-write prices exist where the provider bills prompt-cache writes (Anthropic); elsewhere a
written token costs the input price. Reasoning tokens are billed at the output price.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

from model.phrase import Phrase, phrase
from model.scenario import AIDrivers, PriceOverride

PROVIDER_ID = "openai"
"""The provider looked in first when a model in the mix names none (the plan's models are OpenAI's)."""


@dataclass(frozen=True)
class TokenPrices:
    """USD per million tokens for one model, and where the figures came from."""

    model: str
    input_usd_per_mtok: float
    cached_input_usd_per_mtok: float
    output_usd_per_mtok: float
    source_phrase: Phrase
    """Where the figures came from, for the app to translate: 'genai-prices X.Y.Z', 'pinned ...', 'scenario override'."""
    cache_write_usd_per_mtok: float | None = None
    """Price of writing prompt tokens to the cache; None where the provider bills none (then: the input price)."""
    provider: str = ""
    """genai-prices provider id the prices are from ('' for an override)."""

    @property
    def source(self) -> str:
        """``source_phrase`` in English, as the CLI and the workbook print it."""
        return str(self.source_phrase)

    @property
    def write_usd_per_mtok(self) -> float:
        """The cache-write price, or the input price where the provider bills none."""
        return self.input_usd_per_mtok if self.cache_write_usd_per_mtok is None else self.cache_write_usd_per_mtok


@dataclass(frozen=True)
class PriceSnapshot:
    package: str
    version: str
    checked: dt.date | None
    """Newest 'checked' date the package records in its price notes."""

    @property
    def label(self) -> str:
        return str(self.phrase)

    @property
    def phrase(self) -> Phrase:
        """``label`` for the app to translate: 'genai-prices 0.2.3, prices checked up to 2026-11-03'."""
        if self.checked is None:
            return phrase("{package} {version}", package=self.package, version=self.version)
        return phrase(
            "{package} {version}, prices checked up to {checked}",
            package=self.package,
            version=self.version,
            checked=self.checked.isoformat(),
        )


@dataclass(frozen=True)
class CatalogueEntry:
    """One model the price library prices per token, at its list prices in force today (base tier)."""

    provider: str
    provider_name: str
    model: str
    name: str
    input_usd_per_mtok: float
    cached_input_usd_per_mtok: float | None
    cache_write_usd_per_mtok: float | None
    output_usd_per_mtok: float
    tiered: bool
    """True where a long-context tier prices tokens differently past a threshold of input tokens."""
    tier_starts_at_input_tokens: int | None
    deprecated: bool
    context_window: int | None
    korean: bool = False
    """Made for Korean (Upstage Solar, LG EXAONE, Naver HyperCLOVA X, Kakao Kanana) by its id, name or description."""


KOREAN_MARKERS = ("solar", "upstage", "exaone", "hyperclova", "kanana", "korean")
"""Words that mark a Korean-language model in the library's ids, names and descriptions."""


class UnknownModelError(LookupError):
    """The price library has no price for a model the scenario names."""


@cache
def snapshot() -> PriceSnapshot:
    """The genai-prices snapshot bundled with the installed package."""
    from importlib.metadata import version

    from genai_prices import data_snapshot

    found: list[str] = []
    for provider in data_snapshot.get_snapshot().providers:
        notes = [provider.price_comments or ""] + [m.price_comments or "" for m in provider.models]
        for text in notes:
            found += re.findall(r"[Cc]hecked (?:on )?(\d{4}-\d{2}-\d{2})", text)
    checked = max((dt.date.fromisoformat(d) for d in found), default=None)
    return PriceSnapshot(package="genai-prices", version=version("genai-prices"), checked=checked)


def _num(value: Any) -> tuple[float | None, int | None]:
    """(base price, first tier's threshold) of a Decimal or TieredPrices value."""
    if value is None:
        return None, None
    if isinstance(value, Decimal | int | float):
        return float(value), None
    tiers = getattr(value, "tiers", None) or []
    return float(value.base), (int(tiers[0].start) if tiers else None)


def _price_today(model: Any) -> Any:
    """The model's ModelPrice in force today: the last conditional price whose start date has passed."""
    prices = model.prices
    if not isinstance(prices, list):
        return prices
    today = dt.date.today()
    chosen = prices[0].prices
    for cond in prices:
        start = getattr(cond.constraint, "start_date", None)
        if cond.constraint is None or (start is not None and start <= today):
            chosen = cond.prices
    return chosen


@cache
def catalogue() -> tuple[CatalogueEntry, ...]:
    """Every model genai-prices prices per input or output token, by provider then model id."""
    from genai_prices import data_snapshot

    out = []
    for provider in data_snapshot.get_snapshot().providers:
        for m in provider.models:
            price = _price_today(m)
            inp, tier_in = _num(getattr(price, "input_mtok", None))
            outp, tier_out = _num(getattr(price, "output_mtok", None))
            if inp is None and outp is None:
                continue
            cached, _ = _num(getattr(price, "cache_read_mtok", None))
            write, _ = _num(getattr(price, "cache_write_mtok", None))
            tier = tier_in or tier_out
            out.append(
                CatalogueEntry(
                    provider=provider.id,
                    provider_name=provider.name,
                    model=m.id,
                    name=m.name or m.id,
                    input_usd_per_mtok=inp or 0.0,
                    cached_input_usd_per_mtok=cached,
                    cache_write_usd_per_mtok=write,
                    output_usd_per_mtok=outp or 0.0,
                    tiered=tier is not None,
                    tier_starts_at_input_tokens=tier,
                    deprecated=bool(m.deprecated),
                    context_window=m.context_window,
                    korean=any(w in f"{m.id} {m.name or ''} {m.description or ''}".lower() for w in KOREAN_MARKERS),
                )
            )
    return tuple(sorted(out, key=lambda e: (e.provider, e.model)))


@lru_cache(maxsize=64)
def search_catalogue(
    *, provider: str | None = None, search: str | None = None, chat_only: bool = False, korean: bool = False
) -> tuple[CatalogueEntry, ...]:
    """Catalogue entries of ``provider`` (its id, any case) whose id, name or provider contains every word of ``search``;
    ``chat_only``: only models with an output-token price (no embedding or reranking models).

    Kept for the process (the catalogue is the installed snapshot's): the AI page asks for every chat model on each
    rerun (its mix editor's empty search), a scan of about 2,000 entries (2 ms of its 27 ms rerun, cProfile)."""
    words = (search or "").lower().split()
    out = []
    for e in catalogue():
        if provider and e.provider.lower() != provider.lower():
            continue
        if chat_only and e.output_usd_per_mtok <= 0:
            continue
        if korean and not e.korean:
            continue
        text = f"{e.provider} {e.provider_name} {e.model} {e.name}".lower()
        if all(w in text for w in words):
            out.append(e)
    return tuple(out)


def closest_models(model: str, *, provider: str | None = None, n: int = 3) -> list[str]:
    """The ``n`` known model ids most like ``model`` (difflib), within ``provider`` when given."""
    ids = sorted({e.model for e in catalogue() if not provider or e.provider == provider})
    found = difflib.get_close_matches(model, ids, n=n, cutoff=0.5)
    if not found:
        found = difflib.get_close_matches(model.lower(), [i.lower() for i in ids], n=n, cutoff=0.3)
    return found


def unknown_model_message(model: str, provider: str | None = None) -> str:
    """One line naming the model and the closest names the library knows."""
    where = f"{provider} " if provider else ""
    near = closest_models(model, provider=provider)
    hint = f"; closest known: {', '.join(near)}" if near else ""
    return f"genai-prices has no {where}price for model {model!r}{hint}"


@cache
def library_prices(model: str, provider: str | None = None, input_tokens_per_call: float = 0.0) -> TokenPrices:
    """Input, cached-input, cache-write and output USD per million tokens from genai-prices.

    ``provider`` None: OpenAI first (the plan's models), then whichever provider genai-prices matches.
    Prices are those of the tier a call of ``input_tokens_per_call`` input tokens is billed at.
    """
    from genai_prices import Usage, calc_price

    n = max(round(input_tokens_per_call), 1)
    tries = [provider] if provider else [PROVIDER_ID, None]
    calc = None
    for pid in tries:
        try:
            calc = calc_price(Usage(input_tokens=n), model, provider_id=pid)
            break
        except LookupError:
            continue
    if calc is None:
        raise UnknownModelError(unknown_model_message(model, provider))
    pid = calc.provider.id
    price = calc.model_price

    def per_mtok(**usage: int) -> tuple[Decimal, Decimal]:
        c = calc_price(Usage(**usage), model, provider_id=pid)
        return Decimal(c.input_price), Decimal(c.output_price)

    scale = Decimal(1_000_000) / Decimal(n)  # exact Decimal arithmetic, one rounding to float at the end
    input_price = float(Decimal(calc.input_price) * scale)
    cached = input_price
    if getattr(price, "cache_read_mtok", None) is not None:
        cached = float(per_mtok(input_tokens=n, cache_read_tokens=n)[0] * scale)
    write = None
    if getattr(price, "cache_write_mtok", None) is not None:
        write = float(per_mtok(input_tokens=n, cache_write_tokens=n)[0] * scale)
    output = (
        float(per_mtok(input_tokens=n, output_tokens=1_000_000)[1]) if getattr(price, "output_mtok", None) is not None else 0.0
    )
    return TokenPrices(
        model=model,
        input_usd_per_mtok=input_price,
        cached_input_usd_per_mtok=cached,
        output_usd_per_mtok=output,
        cache_write_usd_per_mtok=write,
        provider=pid,
        source_phrase=_library_source(),
    )


def entry_prices(e: CatalogueEntry) -> TokenPrices:
    """A catalogue entry's listed (base-tier) prices; no cached price listed: the input price."""
    return TokenPrices(
        model=e.model,
        input_usd_per_mtok=e.input_usd_per_mtok,
        cached_input_usd_per_mtok=e.input_usd_per_mtok if e.cached_input_usd_per_mtok is None else e.cached_input_usd_per_mtok,
        output_usd_per_mtok=e.output_usd_per_mtok,
        cache_write_usd_per_mtok=e.cache_write_usd_per_mtok,
        provider=e.provider,
        source_phrase=_library_source(),
    )


def _library_source() -> Phrase:
    return phrase("genai-prices {version}", version=snapshot().version)


def _from_table(model: str, o: PriceOverride, source: Phrase) -> TokenPrices:
    return TokenPrices(
        model=model,
        input_usd_per_mtok=o.input_usd_per_mtok,
        cached_input_usd_per_mtok=o.cached_input_usd_per_mtok,
        output_usd_per_mtok=o.output_usd_per_mtok,
        cache_write_usd_per_mtok=o.cache_write_usd_per_mtok,
        source_phrase=source,
    )


def price_of(ai: AIDrivers, model: str, provider: str | None = None) -> TokenPrices:
    """One model's prices as the scenario takes them: override, then pinned (if chosen), then the library."""
    override = ai.price_overrides.get(model)
    if override is not None:
        return _from_table(model, override, phrase("scenario override"))
    pinned = ai.pinned_prices
    if ai.price_source == "pinned" and pinned is not None and model in pinned.models:
        return _from_table(
            model,
            pinned.models[model],
            phrase("pinned {snapshot}, checked {checked}", snapshot=pinned.snapshot, checked=pinned.checked.isoformat()),
        )
    return library_prices(model, provider, ai.input_tokens_per_call)


def prices_for(ai: AIDrivers) -> tuple[TokenPrices, ...]:
    """Prices for every model in the mix (see ``price_of``)."""
    return tuple(price_of(ai, share.model, share.provider) for share in ai.model_mix)


@dataclass(frozen=True)
class PinnedDifference:
    model: str
    field: str
    pinned_usd_per_mtok: float
    library_usd_per_mtok: float | None
    """None: the library no longer prices the model."""


def pinned_vs_library(ai: AIDrivers) -> tuple[PinnedDifference, ...]:
    """Every pinned price that differs from the installed library's (by more than 1e-9 USD per MTok)."""
    if ai.pinned_prices is None:
        return ()
    providers = {m.model: m.provider for m in ai.model_mix}
    out = []
    for model, pinned in ai.pinned_prices.models.items():
        try:
            lib: TokenPrices | None = library_prices(model, providers.get(model), ai.input_tokens_per_call)
        except UnknownModelError:
            lib = None
        for field in ("input_usd_per_mtok", "cached_input_usd_per_mtok", "output_usd_per_mtok"):
            want = float(getattr(pinned, field))
            have = None if lib is None else float(getattr(lib, field))
            if have is None or abs(want - have) > 1e-9:
                out.append(PinnedDifference(model, field, want, have))
    return tuple(out)
