"""Each formula of model/costs.py on small hand-built inputs, with the arithmetic worked by hand."""

from __future__ import annotations

import datetime as dt
import re
from importlib.metadata import version

import numpy as np
import pytest

from model import costs
from model.costs import Params
from model.overrides import with_overrides
from model.params import params_from
from model.prices import UnknownModelError, library_prices, prices_for, snapshot
from model.result import evaluate
from model.scenario import CATEGORIES

GPT_4O = (2.5, 1.25, 10.0)  # input, cached input, output: USD per million tokens
GPT_4O_MINI = (0.15, 0.075, 0.6)


def make_params(**changes) -> Params:
    """One model (gpt-4o list prices), no optimisation phase, no own model, two levels, no reserved saving."""
    base = Params(
        days_per_month=30.0,
        calls_per_dau_per_day=2.0,
        input_tokens_per_call=4000.0,
        output_tokens_per_call=3800.0,
        prompt_cache_share_of_input=0.25,
        ai_response_hit_rate=0.3,
        model_shares=np.array([1.0]),
        input_usd_per_mtok=np.array([GPT_4O[0]]),
        cached_input_usd_per_mtok=np.array([GPT_4O[1]]),
        output_usd_per_mtok=np.array([GPT_4O[2]]),
        phase_from_dau=np.array([], dtype=float),
        phase_multipliers=np.array([], dtype=float),
        own_model_enabled=False,
        own_model_from_dau=1_000_000.0,
        own_model_cost_relative_to_api=1 / 3,
        level_dau=np.array([10_000.0, 50_000.0]),
        # categories in CATEGORIES order: hosting, database, cache, compute, cdn, monitoring, other
        level_category_usd=np.array([[20.0, 25.0, 10.0, 0, 0, 0, 0], [20.0, 599.0, 100.0, 0, 0, 0, 0]]),
        level_reserved_eligible_usd=np.array([0.0, 0.0]),
        reserved_discount=0.4,
        reserved_from_dau=500_000.0,
        reserved_applied=False,
        cache_serves=np.array(["db", "db", "db"]),
        cache_hit_rates=np.array([0.85, 0.7, 0.6]),
        cache_shares_of_db_reads=np.array([0.4, 0.2, 0.2]),
    )
    return base.with_values(**changes)


def mix_params(**changes) -> Params:
    """The plan's mix: 90% gpt-4o, 10% gpt-4o-mini, list prices."""
    return make_params(
        model_shares=np.array([0.9, 0.1]),
        input_usd_per_mtok=np.array([GPT_4O[0], GPT_4O_MINI[0]]),
        cached_input_usd_per_mtok=np.array([GPT_4O[1], GPT_4O_MINI[1]]),
        output_usd_per_mtok=np.array([GPT_4O[2], GPT_4O_MINI[2]]),
        **changes,
    )


# --- list price per call -----------------------------------------------------------


def test_list_price_of_one_gpt_4o_call():
    # 4000 x (0.75 x 2.5 + 0.25 x 1.25) / 1e6 = 4000 x 2.1875 / 1e6 = 0.00875
    # + 3800 x 10 / 1e6 = 0.038  ->  0.04675
    assert costs.ai_list_usd_per_call(make_params()) == pytest.approx(0.04675, rel=1e-12)


def test_list_price_with_no_prompt_cache_is_the_full_input_price():
    # 4000 x 2.5 / 1e6 = 0.01; + 0.038 -> 0.048
    assert costs.ai_list_usd_per_call(make_params(prompt_cache_share_of_input=0.0)) == pytest.approx(0.048, rel=1e-12)


def test_list_price_mixed_over_models():
    # gpt-4o-mini: 4000 x (0.75 x 0.15 + 0.25 x 0.075) / 1e6 = 4000 x 0.13125 / 1e6 = 0.000525
    #              + 3800 x 0.6 / 1e6 = 0.00228 -> 0.002805
    # mix: 0.9 x 0.04675 + 0.1 x 0.002805 = 0.042075 + 0.0002805 = 0.0423555
    assert costs.ai_list_usd_per_call(mix_params()) == pytest.approx(0.0423555, rel=1e-12)


def test_list_price_broadcasts_over_draws():
    # Two draws of input tokens (shape (2, 1)): 0 tokens -> 0.038 (output only); 4000 -> 0.04675.
    p = make_params(input_tokens_per_call=np.array([[0.0], [4000.0]]))
    assert np.asarray(costs.ai_list_usd_per_call(p)).ravel() == pytest.approx([0.038, 0.04675], rel=1e-12)


def test_plan_list_price_per_call(plan):
    # The plan's scenario prices the same mix from genai-prices: 0.0423555 (see test_list_price_mixed_over_models).
    assert costs.ai_list_usd_per_call(params_from(plan)) == pytest.approx(0.0423555, rel=1e-12)


# --- calls ---------------------------------------------------------------------------


def test_calls_per_month():
    # 10,000 DAU x 2 calls x 30 days = 600,000; 50,000 -> 3,000,000
    assert costs.ai_calls_per_month(np.array([10_000.0, 50_000.0]), make_params()) == pytest.approx([600_000, 3_000_000])


def test_api_calls_after_the_response_cache():
    # 600,000 x (1 - 0.3) = 420,000
    assert costs.api_calls_per_month(10_000, make_params()) == pytest.approx(420_000)
    # no hits: every call reaches the API; all hits: none does
    assert costs.api_calls_per_month(10_000, make_params(ai_response_hit_rate=0.0)) == pytest.approx(600_000)
    assert costs.api_calls_per_month(10_000, make_params(ai_response_hit_rate=1.0)) == 0


# --- optimisation phases and the own model ---------------------------------------------


def test_optimisation_multiplier_staircase():
    # Phase 1 from 0 DAU (x0.5), Phase 2 from 100,000 DAU (x0.6): before 100k 0.5; from 100k 0.5 x 0.6 = 0.3.
    p = make_params(phase_from_dau=np.array([0.0, 100_000.0]), phase_multipliers=np.array([0.5, 0.6]))
    got = costs.optimisation_multiplier(np.array([10_000.0, 99_999.0, 100_000.0, 1_000_000.0]), p)
    assert got == pytest.approx([0.5, 0.5, 0.3, 0.3], rel=1e-12)


def test_optimisation_multiplier_before_the_first_phase_and_without_phases():
    p = make_params(phase_from_dau=np.array([20_000.0]), phase_multipliers=np.array([0.5]))
    assert costs.optimisation_multiplier(np.array([19_999.0, 20_000.0]), p) == pytest.approx([1.0, 0.5])
    assert costs.optimisation_multiplier(np.array([10_000.0, 1e6]), make_params()) == pytest.approx([1.0, 1.0])


def test_own_model_switches_on_exactly_at_from_dau():
    p = make_params(own_model_enabled=True, own_model_from_dau=1_000_000.0)
    assert list(costs.own_model_in_force(np.array([999_999.0, 1_000_000.0, 2_000_000.0]), p)) == [False, True, True]
    off = make_params(own_model_enabled=False, own_model_from_dau=1_000_000.0)
    assert not np.any(costs.own_model_in_force(np.array([1_000_000.0, 5_000_000.0]), off))


def test_cost_per_api_call_applies_phase_and_own_model():
    # list 0.04675 x 0.5 (phase) = 0.023375 below 1M; at 1M x (1/3) = 0.00779166...
    p = make_params(
        phase_from_dau=np.array([0.0]), phase_multipliers=np.array([0.5]), own_model_enabled=True, own_model_from_dau=1_000_000.0
    )
    got = costs.ai_usd_per_api_call(np.array([999_999.0, 1_000_000.0]), p)
    assert got == pytest.approx([0.023375, 0.023375 / 3], rel=1e-12)


# --- AI bill and the response cache -----------------------------------------------------


def test_ai_bill_and_response_cache_savings():
    # 420,000 API calls x 0.04675 = 19,635; the 180,000 hits would have cost 180,000 x 0.04675 = 8,415.
    p = make_params()
    assert costs.ai_usd(10_000, p) == pytest.approx(19_635, rel=1e-12)
    assert costs.ai_response_cache_savings_usd(10_000, p) == pytest.approx(8_415, rel=1e-12)


def test_a_response_cache_hit_gets_no_prompt_cache_discount():
    # Savings are not double counted: AI = (1 - h) x calls x per-call price (which already includes the prompt-cache share c).
    h, c = 0.3, 0.25
    p = make_params(ai_response_hit_rate=h, prompt_cache_share_of_input=c)
    calls = 600_000  # 10,000 x 2 x 30
    per_call = 4000 * ((1 - c) * 2.5 + c * 1.25) / 1e6 + 3800 * 10 / 1e6  # 0.04675
    assert costs.ai_usd(10_000, p) == pytest.approx((1 - h) * calls * per_call, rel=1e-12)
    # The prompt cache saves 4000 x 0.25 x (2.5 - 1.25) / 1e6 = 0.00125 per call, on the 420,000 calls
    # that reach the API only: 525, not 600,000 x 0.00125 = 750.
    no_prompt_cache = make_params(ai_response_hit_rate=h, prompt_cache_share_of_input=0.0)
    assert costs.ai_usd(10_000, no_prompt_cache) - costs.ai_usd(10_000, p) == pytest.approx(525, rel=1e-9)


# --- infrastructure ------------------------------------------------------------------------


def test_level_staircase():
    # Levels start at 10k and 50k: below the first level uses level 1; exactly at 50k uses level 2.
    p = make_params()
    got = costs.level_index(np.array([1.0, 9_999.0, 10_000.0, 49_999.0, 50_000.0, 2_000_000.0]), p)
    assert list(got) == [0, 0, 0, 0, 1, 1]
    # 20 + 25 + 10 = 55 at level 1; 20 + 599 + 100 = 719 at level 2
    assert costs.infrastructure_gross_usd(np.array([5_000.0, 49_999.0, 50_000.0]), p) == pytest.approx([55, 55, 719])


def test_infrastructure_by_category():
    by_cat = costs.infrastructure_by_category_usd(np.array([50_000.0]), make_params())
    assert by_cat.shape == (1, len(CATEGORIES))
    assert dict(zip(CATEGORIES, by_cat[0], strict=True)) == {
        "hosting": 20,
        "database": 599,
        "cache": 100,
        "compute": 0,
        "cdn": 0,
        "monitoring": 0,
        "other": 0,
    }


def reserved_params(applied: bool) -> Params:
    # Level 1 (from 10k): 1,000 eligible of 1,055; level 2 (from 500k): 7,000 eligible of 27,000.
    return make_params(
        level_dau=np.array([10_000.0, 500_000.0]),
        level_category_usd=np.array([[20.0, 1025.0, 10.0, 0, 0, 0, 0], [20_000.0, 5000.0, 2000.0, 0, 0, 0, 0]]),
        level_reserved_eligible_usd=np.array([1_000.0, 7_000.0]),
        reserved_discount=0.4,
        reserved_from_dau=200_000.0,
        reserved_applied=applied,
    )


def test_reserved_savings_only_from_from_dau():
    dau = np.array([100_000.0, 199_999.0, 200_000.0, 500_000.0])
    # below 200k: none, though level 1 has eligible items; from 200k: 1,000 x 0.4 = 400; at 500k: 7,000 x 0.4 = 2,800
    assert costs.reserved_savings_usd(dau, reserved_params(applied=False)) == pytest.approx([0, 0, 400, 2_800])


def test_reserved_savings_change_infrastructure_only_when_applied():
    dau = np.array([100_000.0, 200_000.0, 500_000.0])
    # gross: 1,055, 1,055, 27,000
    assert costs.infrastructure_usd(dau, reserved_params(applied=False)) == pytest.approx([1_055, 1_055, 27_000])
    # applied: 1,055 - 0, 1,055 - 400 = 655, 27,000 - 2,800 = 24,200
    assert costs.infrastructure_usd(dau, reserved_params(applied=True)) == pytest.approx([1_055, 655, 24_200])


def test_plan_reserved_savings(plan):
    # Level 4 eligible: Citus 5,000 + Redis 2,000 = 7,000 x 0.4 = 2,800
    # Level 5 eligible: Kubernetes 10,000 + CockroachDB 10,000 + Redis 5,000 = 25,000 x 0.4 = 10,000
    p = params_from(plan)
    got = costs.reserved_savings_usd(np.array([100_000.0, 499_999.0, 500_000.0, 1_000_000.0]), p)
    assert got == pytest.approx([0, 0, 2_800, 10_000])


# --- caching --------------------------------------------------------------------------------


def test_cache_cost_is_the_cache_category():
    # Redis $10 at level 1, $100 at level 2
    assert costs.cache_usd(np.array([10_000.0, 50_000.0]), make_params()) == pytest.approx([10, 100])


def test_cache_net_savings_in_the_plan(plan):
    # 10k: 600,000 calls x 0.3 hit x (9,000 / 420,000 per API call) = 3,857.142857; Redis $10 -> net 3,847.142857
    tier = evaluate(plan).tier(10_000)
    assert tier.cache_savings_usd == pytest.approx(180_000 * 9_000 / 420_000, rel=1e-9)
    assert tier.cache_cost_usd == 10
    assert tier.cache_savings_net_usd == pytest.approx(180_000 * 9_000 / 420_000 - 10, rel=1e-9)


def test_db_load_reduction():
    # 0.4 x 0.85 + 0.2 x 0.7 + 0.2 x 0.6 = 0.34 + 0.14 + 0.12 = 0.60
    assert costs.db_load_reduction(make_params()) == pytest.approx(0.60, abs=1e-12)
    assert (
        costs.db_load_reduction(
            make_params(cache_serves=np.array([]), cache_hit_rates=np.array([]), cache_shares_of_db_reads=np.array([]))
        )
        == 0
    )


def test_plan_db_load_reduction(plan):
    # the same caches in the plan; tarot and fortune have no hit rate and no share of reads
    assert costs.db_load_reduction(params_from(plan)) == pytest.approx(0.60, abs=1e-12)


# --- totals ---------------------------------------------------------------------------------


def test_total_and_cost_per_dau():
    # 10k: infra 55 + AI 19,635 = 19,690; per DAU 1.969
    p = make_params()
    assert costs.total_usd(10_000, p) == pytest.approx(19_690, rel=1e-12)
    assert costs.cost_per_dau_usd(10_000, p) == pytest.approx(1.969, rel=1e-12)
    # 50k: infra 719 + AI 5 x 19,635 = 98,175 -> 98,894; per DAU 1.97788
    assert costs.total_usd(50_000, p) == pytest.approx(98_894, rel=1e-12)
    assert costs.cost_per_dau_usd(50_000, p) == pytest.approx(1.97788, rel=1e-12)


# --- prices -----------------------------------------------------------------------------------


def test_genai_prices_gives_openai_list_prices():
    for model, (inp, cached, out) in (("gpt-4o", GPT_4O), ("gpt-4o-mini", GPT_4O_MINI)):
        tp = library_prices(model)
        assert (tp.input_usd_per_mtok, tp.cached_input_usd_per_mtok, tp.output_usd_per_mtok) == (inp, cached, out)
        assert tp.source == f"genai-prices {version('genai-prices')}"


def test_unknown_model_has_no_library_price():
    with pytest.raises(UnknownModelError, match="gpt-no-such-model"):
        library_prices("gpt-no-such-model")


def test_price_overrides_replace_the_library(plan):
    override = {"input_usd_per_mtok": 5.0, "cached_input_usd_per_mtok": 2.5, "output_usd_per_mtok": 20.0}
    changed = with_overrides(plan, {"ai.price_overrides": {"gpt-4o": override}})
    got = prices_for(changed.ai)
    assert (got[0].model, got[0].input_usd_per_mtok, got[0].cached_input_usd_per_mtok, got[0].output_usd_per_mtok) == (
        "gpt-4o",
        5.0,
        2.5,
        20.0,
    )
    assert got[0].source == "scenario override"
    assert got[1].source.startswith("pinned genai-prices")  # gpt-4o-mini keeps the price the plan pins
    # gpt-4o at double price: 2 x 0.04675 = 0.0935; mix 0.9 x 0.0935 + 0.1 x 0.002805 = 0.08415 + 0.0002805 = 0.0844305
    assert evaluate(changed).ai_list_usd_per_call == pytest.approx(0.0844305, rel=1e-12)


def test_snapshot_label_shows_version_and_date():
    snap = snapshot()
    assert snap.version == version("genai-prices")
    assert isinstance(snap.checked, dt.date)
    assert snap.label == f"genai-prices {snap.version}, prices checked up to {snap.checked.isoformat()}"
    assert re.search(r"\d{4}-\d{2}-\d{2}", snap.label)


def test_phase_1_multiplier_is_implied_from_level_1s_ai_line(plan):
    # Level 1's $9,000 = 10,000 DAU x 2 calls x 30 days x (1 - 0.30) x list price per call x Phase 1 multiplier
    gpt4o, mini = library_prices("gpt-4o"), library_prices("gpt-4o-mini")

    def per_call(tp):
        return (4000 * (0.75 * tp.input_usd_per_mtok + 0.25 * tp.cached_input_usd_per_mtok) + 3800 * tp.output_usd_per_mtok) / 1e6

    list_price = 0.9 * per_call(gpt4o) + 0.1 * per_call(mini)  # 0.0423555
    expected = 9000 / (10_000 * 2 * 30 * 0.7 * list_price)  # 9,000 / 17,789.31 = 0.50592...
    assert plan.ai.optimisation_phases[0].cost_multiplier == pytest.approx(expected, rel=1e-12)
    assert expected == pytest.approx(0.50592, abs=1e-5)


def test_a_levels_list_price_summed_by_hand(plan):
    # costs.line_items_list_usd: the audit's named and eligible figures and an upgrade option's price. The plan's 1M
    # level: Kubernetes 10,000 + CockroachDB 10,000 + Redis 5,000 eligible = 25,000; + Cloudflare 2,000 = 27,000;
    # no items: 0.
    from model.costs import line_items_list_usd

    items = plan.levels[-1].line_items
    assert line_items_list_usd(li for li in items if li.reserved_eligible) == 25_000.0
    assert line_items_list_usd(items) == 27_000.0
    assert line_items_list_usd([]) == 0.0
