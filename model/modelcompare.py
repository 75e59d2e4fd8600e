"""Models side by side at one DAU: the current mix against single-model candidates, at the same levers.

For each candidate the scenario's mix is replaced by that one model (no reasoning tokens unless the mix already
names the model with some) and everything else is kept: tokens, prompt-cache shares, the response cache, the
optimisation phases' levers (a fitted multiplier stays as it is; token savings, routing and batching are re-priced
for the candidate) and the own model where it is in force. Then, at DAU d:
- cost per call = ``costs.ai_usd_per_api_call(d)`` (list price x the phases' factors, x the own model's share
  where in force)
- monthly = ``costs.ai_usd(d)`` = API calls per month x cost per call; per DAU = monthly / d.
Rows are sorted by monthly cost, cheapest first; the current mix is one of them, marked.

The mix itself is gathered here too: its price table (``model_price_frame``, the AI page's) and its editing (``mix_entries``, ``add_model``, ``set_share``...: up to four models whose shares
always add to 100%), so the pages and tables never name a model's share of calls.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from model import costs
from model.params import params_from
from model.prices import UnknownModelError, catalogue, entry_prices, price_of
from model.scenario import ModelShare, Scenario

if TYPE_CHECKING:
    from model.result import ModelResult

CURRENT = "current mix"
AI_USD_PER_MONTH = "usd_per_month"
"""The column of an option's monthly AI cost at the DAU asked (the CLI's key, kept as it was): what the option costs, not
a line item's price that shares the name."""


def _row(label: str, provider: str, model: str, scenario: Scenario, prices: tuple, dau: float) -> dict[str, object]:
    p = params_from(scenario, prices)
    per_call = float(costs.ai_usd_per_api_call(dau, p))
    monthly = float(costs.ai_usd(dau, p))
    return {
        "option": label,
        "provider": provider,
        "model": model,
        "list_usd_per_call": float(costs.ai_list_usd_per_call(p)),
        "usd_per_call": per_call,
        "usd_per_dau": monthly / dau,
        AI_USD_PER_MONTH: monthly,
    }


def compare_models(scenario: Scenario, dau: float, candidates: Sequence[tuple[str, str | None]]) -> pd.DataFrame:
    """One row for the current mix and one per (model, provider) candidate, sorted by monthly AI cost.

    A candidate the price library does not know raises UnknownModelError naming the closest known ones.
    """
    mix = scenario.ai.model_mix
    label = " + ".join(f"{m.model} {m.share_of_calls:.0%}" for m in mix)
    mix_prices = _mix_prices(scenario)
    where = sorted({p.provider or ("pinned" if p.source.startswith("pinned") else "override") for p in mix_prices})
    rows = [_row(CURRENT, ", ".join(where), label, scenario, mix_prices, dau)]
    reasoning = {m.model: m.reasoning_tokens_per_call for m in mix}
    seen = set()
    for model, provider in candidates:
        if (model, provider) in seen:
            continue
        seen.add((model, provider))
        share = ModelShare(
            model=model, provider=provider, share_of_calls=1.0, reasoning_tokens_per_call=reasoning.get(model, 0.0)
        )
        ai = scenario.ai.model_copy(update={"model_mix": [share]})
        try:
            prices = (price_of(ai, model, provider),)
        except UnknownModelError:
            # Some catalogue ids are not what the library's matcher expects (e.g. 'ft:gpt-4o'): its listed prices.
            entry = next((e for e in catalogue() if e.model == model and (provider is None or e.provider == provider)), None)
            if entry is None:
                raise
            prices = (entry_prices(entry),)
        single = scenario.model_copy(update={"ai": ai})
        rows.append(_row(model, prices[0].provider or provider or "", model, single, prices, dau))
    frame = pd.DataFrame(rows).sort_values([AI_USD_PER_MONTH, "option"], kind="stable").reset_index(drop=True)
    return frame


def _mix_prices(scenario: Scenario) -> tuple:
    from model.prices import prices_for

    return prices_for(scenario.ai)


def model_price_frame(result: ModelResult, scenario: Scenario) -> pd.DataFrame:
    """Per model in the mix: its share of calls, prices per million tokens and its list price per call.

    list_usd_per_call is the model's own (``costs.model_list_usd_per_call``): [input tokens x ((1 - prompt-cache share
    - cache-write share) x input price + prompt-cache share x cached price + cache-write share x cache-write price)
    + (output + reasoning tokens) x output price] / 1e6, so the models' shares x these prices sum to the mixed list
    price per call the page heads with. ``source`` says where the prices came from, as a phrase the page translates.
    """
    rows = []
    per_model = costs.model_list_usd_per_call(result.params)
    for share, price, per_call in zip(scenario.ai.model_mix, result.prices, per_model.tolist(), strict=True):
        rows.append(
            {
                "model": share.model,
                "share_of_calls": share.share_of_calls,
                "input_usd_per_mtok": price.input_usd_per_mtok,
                "cached_input_usd_per_mtok": price.cached_input_usd_per_mtok,
                "output_usd_per_mtok": price.output_usd_per_mtok,
                "list_usd_per_call": per_call,
                "source": price.source_phrase,
            }
        )
    return pd.DataFrame(rows)


# The mix as the AI page edits it: up to four models whose shares always add to 100%. The page hands each result to
# ``ui.state.set_override("ai.model_mix", ...)``; entries are the override's form (a model's fields as a dict).


def mix_entries(scenario: Scenario) -> list[dict[str, Any]]:
    """The scenario's mix as override entries (non-default fields, the share always)."""
    return [m.model_dump(exclude_defaults=True) | {"share_of_calls": m.share_of_calls} for m in scenario.ai.model_mix]


def mix_shares(scenario: Scenario) -> list[tuple[str, float]]:
    """(model, share of calls) for each model of the mix, in order: what the mix editor shows."""
    return [(m.model, m.share_of_calls) for m in scenario.ai.model_mix]


MAX_MODELS = 4


def rebalance(shares: Sequence[float], index: int, value: float) -> list[float]:
    """Set ``shares[index]`` to ``value`` (clipped to 0..1) and scale the others so all add to 1.

    The others keep their proportions: each becomes its share x (1 - value) / (sum of the others); where the
    others are all 0 they split 1 - value equally. With one model its share is 1 whatever ``value`` is.
    """
    n = len(shares)
    if n == 1:
        return [1.0]
    v = min(max(float(value), 0.0), 1.0)
    others = [i for i in range(n) if i != index]
    rest = sum(shares[i] for i in others)
    out = [0.0] * n
    out[index] = v
    for i in others:
        out[i] = (shares[i] / rest * (1.0 - v)) if rest > 0 else (1.0 - v) / len(others)  # divide first: no underflow
    out[index] = 1.0 - sum(out[i] for i in others)  # exactly 1 in floating point
    return out


def add_model(mix: Sequence[dict[str, Any]], model: str, provider: str | None) -> list[dict[str, Any]]:
    """``mix`` with ``model`` added at an equal share (1 / n of the calls; the others scaled to make room).
    Refused (ValueError) past MAX_MODELS or when the model is already in the mix."""
    if len(mix) >= MAX_MODELS:
        raise ValueError(f"the mix holds at most {MAX_MODELS} models")
    if any(m["model"] == model for m in mix):
        raise ValueError(f"{model} is already in the mix")
    new = [dict(m) for m in mix] + [{"model": model, "share_of_calls": 0.0, **({"provider": provider} if provider else {})}]
    shares = rebalance([m["share_of_calls"] for m in new], len(new) - 1, 1.0 / len(new))
    for m, s in zip(new, shares, strict=True):
        m["share_of_calls"] = s
    return new


def remove_model(mix: Sequence[dict[str, Any]], index: int) -> list[dict[str, Any]]:
    """``mix`` without its ``index``-th model, the others scaled up to 100% (the last model cannot go)."""
    if len(mix) <= 1:
        raise ValueError("the mix needs at least one model")
    new = [dict(m) for i, m in enumerate(mix) if i != index]
    total = sum(m["share_of_calls"] for m in new)
    for m in new:
        m["share_of_calls"] = m["share_of_calls"] / total if total > 0 else 1.0 / len(new)
    new[-1]["share_of_calls"] = 1.0 - sum(m["share_of_calls"] for m in new[:-1])
    return new


def set_share(mix: Sequence[dict[str, Any]], index: int, value: float) -> list[dict[str, Any]]:
    """``mix`` with one model's share set and the others rebalanced (``rebalance``)."""
    shares = rebalance([m["share_of_calls"] for m in mix], index, value)
    return [{**m, "share_of_calls": s} for m, s in zip(mix, shares, strict=True)]


def replace_model(mix: Sequence[dict[str, Any]], index: int, model: str, provider: str | None) -> list[dict[str, Any]]:
    """``mix`` with the ``index``-th model swapped for ``model`` at the same share (reasoning tokens reset)."""
    if any(m["model"] == model for i, m in enumerate(mix) if i != index):
        raise ValueError(f"{model} is already in the mix")
    new = [dict(m) for m in mix]
    new[index] = {"model": model, "share_of_calls": mix[index]["share_of_calls"], **({"provider": provider} if provider else {})}
    return new
