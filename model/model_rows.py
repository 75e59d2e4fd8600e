"""The per-model rows defined once (``model.formula``): one row per model of the mix on the Unit costs sheet.
``model.costs.ai_list_usd_per_call`` evaluates them over the models (vectorised, and over Monte Carlo draws) and sums
them; the Unit costs sheet writes them in each model's row (``outputs.calculation``), and the Compare sheet over each
scenario column's own cells (``outputs.compare``).

Rows given from outside are the model's slot: its share of calls, its four token prices and its reasoning tokens
(``MODEL_*``). By hand, the plan: gpt-4o (90% of calls) (4,000 x (0.75 x 2.5 + 0.25 x 1.25) + 3,800 x 10) / 1e6 =
$0.04675 a call; gpt-4o-mini (10%) (4,000 x (0.75 x 0.15 + 0.25 x 0.075) + 3,800 x 0.6) / 1e6 = $0.002805; mixed
0.9 x 0.04675 + 0.1 x 0.002805 = $0.0423555.

>>> import numpy as np
>>> from types import SimpleNamespace
>>> from model.formula import Env
>>> plan = SimpleNamespace(input_tokens_per_call=4000, output_tokens_per_call=3800, tokens_per_mtok=1e6,
...     prompt_cache_share_of_input=0.25, prompt_cache_write_share_of_input=0.0)
>>> slots = {"model.share_of_calls": [0.9, 0.1], "model.input_usd_per_mtok": [2.5, 0.15],
...     "model.cached_input_usd_per_mtok": [1.25, 0.075], "model.write_usd_per_mtok": [2.5, 0.15],
...     "model.output_usd_per_mtok": [10.0, 0.6], "model.reasoning_tokens_per_call": [0.0, 0.0]}
>>> env = Env(plan, rows={k: (lambda v=v: np.array(v)) for k, v in slots.items()})
>>> MODEL_LIST_USD_PER_CALL.evaluate(env).round(9).tolist(), round(float(MODEL_SHARE_USD.evaluate(env).sum()), 9)
([0.04675, 0.002805], 0.0423555)
"""

from __future__ import annotations

from model.formula import IF, ISNUMBER, Formula, Input, N, Row
from model.phrase import N_

MODEL_SHARE_OF_CALLS = Row("model.share_of_calls")
MODEL_INPUT_USD_PER_MTOK = Row("model.input_usd_per_mtok")
MODEL_CACHED_INPUT_USD_PER_MTOK = Row("model.cached_input_usd_per_mtok")
MODEL_WRITE_USD_PER_MTOK = Row("model.write_usd_per_mtok")
MODEL_OUTPUT_USD_PER_MTOK = Row("model.output_usd_per_mtok")
MODEL_REASONING_TOKENS_PER_CALL = Row("model.reasoning_tokens_per_call")

SLOT_PATHS: dict[str, str] = {
    row.key: f"{'ai.model_mix' if row.key in ('model.share_of_calls', 'model.reasoning_tokens_per_call') else 'prices'}"
    f".{{m}}.{row.key.removeprefix('model.')}"
    for row in (
        MODEL_SHARE_OF_CALLS,
        MODEL_INPUT_USD_PER_MTOK,
        MODEL_CACHED_INPUT_USD_PER_MTOK,
        MODEL_WRITE_USD_PER_MTOK,
        MODEL_OUTPUT_USD_PER_MTOK,
        MODEL_REASONING_TOKENS_PER_CALL,
    )
}
"""Each given per-model row -> the scenario path of model slot ``m`` it reads (``.format(m=m)``): the model mix's share
and reasoning tokens, the slot's four token prices. The sheets that write these rows look their cells up by it."""

PROMPT_CACHE_SHARE = Input("prompt_cache_share", attr="prompt_cache_share_of_input")
PROMPT_CACHE_WRITE_SHARE = Input("prompt_cache_write_share", attr="prompt_cache_write_share_of_input")

MODEL_LIST_USD_PER_CALL = Formula(
    "model.list_usd_per_call",
    IF(
        ISNUMBER(MODEL_SHARE_OF_CALLS),
        (
            Input("input_tokens_per_call")
            * (
                (1 - PROMPT_CACHE_SHARE - PROMPT_CACHE_WRITE_SHARE) * MODEL_INPUT_USD_PER_MTOK
                + PROMPT_CACHE_SHARE * MODEL_CACHED_INPUT_USD_PER_MTOK
                + PROMPT_CACHE_WRITE_SHARE * N(MODEL_WRITE_USD_PER_MTOK)
            )
            + (Input("output_tokens_per_call") + N(MODEL_REASONING_TOKENS_PER_CALL)) * MODEL_OUTPUT_USD_PER_MTOK
        )
        / Input("tokens_per_mtok"),
        0,
    ),
    label=N_("List USD per call"),
    unit=N_("USD/call"),
    display="usd_per_call",
)
"""One call to one model at list price: (input tokens x ((1 - prompt-cache share - cache-write share) x input price
+ prompt-cache share x cached-input price + cache-write share x cache-write price) + (output + reasoning tokens) x output
price) / tokens per Mtok; 0 for an empty model slot. The plan's gpt-4o: (4,000 x (0.75 x 2.5 + 0.25 x 1.25) + 3,800 x 10)
/ 1e6 = 46,750 / 1e6 = $0.04675."""

MODEL_SHARE_USD = Formula(
    "model.share_usd",
    IF(ISNUMBER(MODEL_SHARE_OF_CALLS), MODEL_SHARE_OF_CALLS * MODEL_LIST_USD_PER_CALL, 0),
    label=N_("Share x USD per call"),
    unit=N_("USD/call"),
    display="usd_per_call",
)
"""A model's part of the mixed list price: its share of calls x its list price per call (summed over the models:
``AI_LIST_USD_PER_CALL``). The plan: 0.9 x $0.04675 + 0.1 x $0.002805 = $0.0423555."""
