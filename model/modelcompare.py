"""Models side by side at one DAU: the current mix against single-model candidates, at the same levers.

For each candidate the scenario's mix is replaced by that one model (no reasoning tokens unless the mix already
names the model with some) and everything else is kept: tokens, prompt-cache shares, the response cache, the
optimisation phases' levers (a fitted multiplier stays as it is; token savings, routing and batching are re-priced
for the candidate) and the own model where it is in force. Then, at DAU d:
- cost per call = ``costs.ai_usd_per_api_call(d)`` (list price x the phases' factors, x the own model's share
  where in force)
- monthly = ``costs.ai_usd(d)`` = API calls per month x cost per call; per DAU = monthly / d.
Rows are sorted by monthly cost, cheapest first; the current mix is one of them, marked.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from model import costs
from model.params import params_from
from model.prices import UnknownModelError, catalogue, entry_prices, price_of
from model.scenario import ModelShare, Scenario

CURRENT = "current mix"


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
        "usd_per_month": monthly,
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
    frame = pd.DataFrame(rows).sort_values(["usd_per_month", "option"], kind="stable").reset_index(drop=True)
    return frame


def _mix_prices(scenario: Scenario) -> tuple:
    from model.prices import prices_for

    return prices_for(scenario.ai)
