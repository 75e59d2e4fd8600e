"""LLM token prices: the genai-prices package's snapshot, overridable per scenario.

The package is imported lazily (its data module takes about half a second to
load) and every lookup is cached, so a rerun of the app never pays for it twice.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from model.scenario import AIDrivers

PROVIDER_ID = "openai"


@dataclass(frozen=True)
class TokenPrices:
    """USD per million tokens for one model, and where the figures came from."""

    model: str
    input_usd_per_mtok: float
    cached_input_usd_per_mtok: float
    output_usd_per_mtok: float
    source: str
    """'genai-prices X.Y.Z' or 'scenario override'."""


@dataclass(frozen=True)
class PriceSnapshot:
    package: str
    version: str
    checked: dt.date | None
    """Newest 'checked' date the package records in its price notes."""

    @property
    def label(self) -> str:
        when = f", prices checked up to {self.checked.isoformat()}" if self.checked else ""
        return f"{self.package} {self.version}{when}"


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


@cache
def library_prices(model: str) -> TokenPrices:
    """Input, cached-input and output USD per million tokens from genai-prices (provider OpenAI)."""
    from genai_prices import Usage, calc_price

    try:
        calc = calc_price(Usage(input_tokens=1_000_000), model, provider_id=PROVIDER_ID)
    except LookupError as exc:  # genai-prices raises LookupError for unknown models
        raise UnknownModelError(f"genai-prices has no {PROVIDER_ID} price for model {model!r}") from exc
    price = calc.model_price

    def per_mtok(name: str) -> float:
        value = getattr(price, name, None)
        if value is None:
            return 0.0
        if not isinstance(value, int | float) and not hasattr(value, "as_integer_ratio"):
            # Tiered prices: take the base tier (our calls are far below the tier thresholds).
            value = value.base
        return float(value)

    input_price = per_mtok("input_mtok")
    cached = getattr(price, "cache_read_mtok", None)
    return TokenPrices(
        model=model,
        input_usd_per_mtok=input_price,
        cached_input_usd_per_mtok=input_price if cached is None else per_mtok("cache_read_mtok"),
        output_usd_per_mtok=per_mtok("output_mtok"),
        source=f"genai-prices {snapshot().version}",
    )


def prices_for(ai: AIDrivers) -> tuple[TokenPrices, ...]:
    """Prices for every model in the mix: the scenario's override where it gives one, else the library's."""
    out = []
    for share in ai.model_mix:
        override = ai.price_overrides.get(share.model)
        if override is not None:
            out.append(
                TokenPrices(
                    model=share.model,
                    input_usd_per_mtok=override.input_usd_per_mtok,
                    cached_input_usd_per_mtok=override.cached_input_usd_per_mtok,
                    output_usd_per_mtok=override.output_usd_per_mtok,
                    source="scenario override",
                )
            )
        else:
            out.append(library_prices(share.model))
    return tuple(out)
