"""model.model_rows: the per-model list price, evaluated (numbers worked by hand) over models and Monte Carlo draws."""

from __future__ import annotations

import numpy as np
import pytest

from model import costs, model_rows
from model.formula import ISNUMBER, Env, N, Row
from model.loading import plan_scenario
from model.params import params_from


def test_the_plans_list_price_by_hand() -> None:
    # gpt-4o: (4,000 x (0.75 x 2.5 + 0.25 x 1.25) + 3,800 x 10) / 1e6 = (8,750 + 38,000) / 1e6 = 0.04675;
    # gpt-4o-mini: (4,000 x (0.75 x 0.15 + 0.25 x 0.075) + 3,800 x 0.6) / 1e6 = 0.002805; 0.9 and 0.1 of the calls
    p = params_from(plan_scenario())
    assert float(costs.ai_list_usd_per_call(p)) == pytest.approx(0.9 * 0.04675 + 0.1 * 0.002805, rel=1e-12)


def test_reasoning_tokens_and_cache_writes_are_priced() -> None:
    # One model: $1 in, $0.5 cached, $1.25 write, $4 out per 1M; 1,000 in (20% cached, 10% written), 500 out + 250 reasoning:
    # 1,000 x (0.7 x 1 + 0.2 x 0.5 + 0.1 x 1.25) = 925; (500 + 250) x 4 = 3,000; (925 + 3,000) / 1e6 = 0.003925
    class P:
        input_tokens_per_call, output_tokens_per_call, tokens_per_mtok = 1000, 500, 1e6
        prompt_cache_share_of_input, prompt_cache_write_share_of_input = 0.2, 0.1

    slots = {
        "model.share_of_calls": [1.0],
        "model.input_usd_per_mtok": [1.0],
        "model.cached_input_usd_per_mtok": [0.5],
        "model.write_usd_per_mtok": [1.25],
        "model.output_usd_per_mtok": [4.0],
        "model.reasoning_tokens_per_call": [250.0],
    }
    env = Env(P(), rows={k: (lambda v=v: np.array(v)) for k, v in slots.items()})
    assert model_rows.MODEL_LIST_USD_PER_CALL.evaluate(env).tolist() == pytest.approx([0.003925])


def test_an_empty_slot_costs_nothing() -> None:
    # A blank share (NaN in numpy) is not a number: the slot's price and part are 0, as on the sheet.
    assert ISNUMBER(Row("s")).evaluate(Env(None, rows={"s": lambda: np.array([0.5, np.nan])})).tolist() == [True, False]
    assert N(Row("s")).evaluate(Env(None, rows={"s": lambda: 3.0})) == 3.0


def test_per_draw_inputs_give_a_price_per_draw_and_a_new_params_is_priced_anew() -> None:
    # Monte Carlo: input tokens per draw (3,000 and 5,000) give one price per draw; gpt-4o's part moves by
    # 2,000 x (0.75 x 2.5 + 0.25 x 1.25) / 1e6 = 0.004375, x 0.9 = 0.0039375; gpt-4o-mini's by 2,000 x 0.13125 / 1e6 x 0.1.
    p = params_from(plan_scenario())
    base = float(costs.ai_list_usd_per_call(p))
    drawn = p.with_values(input_tokens_per_call=np.array([3_000.0, 5_000.0]))
    prices = costs.ai_list_usd_per_call(drawn)
    step = 0.9 * 1_000 * 2.1875 / 1e6 + 0.1 * 1_000 * 0.13125 / 1e6  # 1,000 tokens either side of 4,000
    assert prices.tolist() == pytest.approx([base - step, base + step], rel=1e-12)
    assert float(costs.ai_list_usd_per_call(p)) == pytest.approx(base)  # the first Params again: its own price
