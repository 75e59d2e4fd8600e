"""AI models as a real choice: any provider's prices, cache writes, reasoning tokens, long-context tiers,
optimisation levers, pinned prices, and unknown models named with their closest known names.

Prices per million tokens are the genai-prices 0.2.3 list prices (the provider's own price pages)."""

from __future__ import annotations

import pytest

from model import costs
from model.audit import pinned_price_findings
from model.loading import ScenarioError, load_scenario, plan_scenario
from model.overrides import with_overrides
from model.prices import (
    UnknownModelError,
    catalogue,
    closest_models,
    library_prices,
    pinned_vs_library,
    prices_for,
    search_catalogue,
)
from model.result import evaluate

PLAN_LIST_PER_CALL = 0.0423555  # 0.9 x 0.04675 (gpt-4o) + 0.1 x 0.002805 (gpt-4o-mini)


@pytest.fixture(scope="module")
def plan():
    return plan_scenario()


def one_model(plan, model: str, **extra):
    return with_overrides(plan, {"ai.model_mix": [{"model": model, "share_of_calls": 1.0, **extra}]})


# --- cost per call, one model of each of three providers -----------------------------------------


def test_openai_gpt_5_mini_with_cached_input_and_reasoning_tokens(plan):
    # gpt-5-mini: $0.25 input, $0.025 cached input, $2.00 output per MTok.
    # input 4000 x (0.75 x 0.25 + 0.25 x 0.025) / 1e6 = 4000 x 0.19375 / 1e6 = 0.000775
    # output + reasoning (3800 + 2000) x 2.0 / 1e6 = 0.0116  ->  0.012375
    s = one_model(plan, "gpt-5-mini", reasoning_tokens_per_call=2000)
    assert evaluate(s).ai_list_usd_per_call == pytest.approx(0.012375, rel=1e-12)


def test_anthropic_claude_sonnet_with_cache_reads_writes_and_thinking(plan):
    # claude-sonnet-4-5: $3 input, $0.30 cache read, $3.75 cache write, $15 output per MTok.
    # input 4000 x (0.65 x 3 + 0.25 x 0.30 + 0.10 x 3.75) / 1e6 = 4000 x (1.95 + 0.075 + 0.375) / 1e6 = 4000 x 2.4 / 1e6 = 0.0096
    # output + thinking (3800 + 1000) x 15 / 1e6 = 0.072  ->  0.0816
    s = one_model(plan, "claude-sonnet-4-5", provider="anthropic", reasoning_tokens_per_call=1000)
    s = with_overrides(s, {"ai.prompt_cache_write_share_of_input": 0.10})
    assert evaluate(s).ai_list_usd_per_call == pytest.approx(0.0816, rel=1e-12)


def test_google_gemini_pro_base_tier_and_long_context_tier(plan):
    # gemini-2.5-pro up to 200k input tokens: $1.25 input, $0.125 cached, $10 output per MTok.
    # 4000 x (0.75 x 1.25 + 0.25 x 0.125) / 1e6 = 4000 x 0.96875 / 1e6 = 0.003875; + 3800 x 10 / 1e6 = 0.038 -> 0.041875
    s = one_model(plan, "gemini-2.5-pro", provider="google")
    assert evaluate(s).ai_list_usd_per_call == pytest.approx(0.041875, rel=1e-12)
    # Past 200k input tokens the long-context tier: $2.50 input, $0.25 cached, $15 output per MTok.
    # 300,000 x (0.75 x 2.5 + 0.25 x 0.25) / 1e6 = 300,000 x 1.9375 / 1e6 = 0.58125; + 3800 x 15 / 1e6 = 0.057 -> 0.63825
    long = with_overrides(s, {"ai.input_tokens_per_call": 300_000})
    assert evaluate(long).ai_list_usd_per_call == pytest.approx(0.63825, rel=1e-12)


def test_the_issue_figures_for_gpt_4o_gpt_4_1_and_gpt_5_mini(plan):
    # 4,000 in (25% cached) / 3,800 out. gpt-4.1 ($2 / $0.50 / $8): 4000 x 1.625 / 1e6 + 3800 x 8 / 1e6 = 0.0065 + 0.0304 = 0.0369
    # gpt-5-mini: 0.000775 + 3800 x 2 / 1e6 = 0.000775 + 0.0076 = 0.008375; gpt-4o: 0.04675
    got = {m: evaluate(one_model(plan, m)).ai_list_usd_per_call for m in ("gpt-4o", "gpt-4.1", "gpt-5-mini")}
    assert got == pytest.approx({"gpt-4o": 0.04675, "gpt-4.1": 0.0369, "gpt-5-mini": 0.008375}, rel=1e-12)


def test_claude_is_priced_without_typing_prices_in(plan):
    s = one_model(plan, "claude-sonnet-4-5")  # no provider: OpenAI first, then the library's match
    p = prices_for(s.ai)[0]
    assert (p.provider, p.input_usd_per_mtok, p.cache_write_usd_per_mtok) == ("anthropic", 3.0, 3.75)


# --- switching the mix keeps the levers ------------------------------------------------------------


@pytest.mark.parametrize("scenario_file", ["plan.json", "levers.json"])
def test_switching_the_mix_moves_the_ai_line_by_the_ratio_of_per_call_prices(scenario_file):
    base = load_scenario(f"data/scenarios/{scenario_file}")
    moved = with_overrides(base, {"ai.model_mix": [{"model": "gpt-4.1", "share_of_calls": 1.0}]})
    a, b = evaluate(base), evaluate(moved)
    # Both phases are model-independent here (a fitted multiplier, or the same share of input and output tokens
    # saved), so every tier's AI line moves by gpt-4.1's list price over the plan mix's: 0.0369 / 0.0423555.
    for ta, tb in zip(a.tiers, b.tiers, strict=True):
        assert tb.ai_usd == pytest.approx(ta.ai_usd * 0.0369 / PLAN_LIST_PER_CALL, rel=1e-12)
    # Level 1: 9,000 x 0.0369 / 0.0423555 = 7,840.77...
    assert b.tiers[0].ai_usd == pytest.approx(9000 * 0.0369 / 0.0423555, rel=1e-12)


def test_levers_scenario_reproduces_the_plans_table():
    s = load_scenario("data/scenarios/levers.json")
    assert [round(t.ai_usd, 2) for t in evaluate(s).tiers] == [9000.0, 45000.0, 54000.0, 270000.0, 180000.0]


def _one_phase(plan, **levers):
    return with_overrides(
        plan,
        {
            # The second phase starts far above 10k DAU, so only the first is in force.
            "ai.optimisation_phases": [{"name": "P", "from_dau": 0, **levers}, {"name": "Q", "from_dau": 100_000_000}],
            "ai.own_model.enabled": False,
        },
    )


def test_prompt_tokens_saved_lever_at_the_same_levers_for_two_mixes(plan):
    # 10k DAU: 10,000 x 2 x 30 x 0.7 = 420,000 API calls. Half the prompt tokens saved:
    # gpt-4o 2000 x 2.1875 / 1e6 + 0.038 = 0.042375; gpt-4o-mini 2000 x 0.13125 / 1e6 + 3800 x 0.6 / 1e6 = 0.0025425
    # mix 0.9 x 0.042375 + 0.1 x 0.0025425 = 0.03839175 -> 420,000 x 0.03839175 = 16,124.535
    s = _one_phase(plan, prompt_tokens_saved=0.5)
    assert evaluate(s, [10_000]).tiers[0].ai_usd == pytest.approx(16_124.535, rel=1e-12)
    # gpt-4.1: 2000 x 1.625 / 1e6 + 0.0304 = 0.00325 + 0.0304 = 0.03365 -> 420,000 x 0.03365 = 14,133
    moved = with_overrides(s, {"ai.model_mix": [{"model": "gpt-4.1", "share_of_calls": 1.0}]})
    assert evaluate(moved, [10_000]).tiers[0].ai_usd == pytest.approx(14_133.0, rel=1e-12)


def test_routing_lever_prices_routed_calls_at_the_cheaper_model(plan):
    # Half the calls to gpt-4o-mini: 0.5 x 0.0423555 + 0.5 x 0.002805 = 0.02117775 + 0.0014025 = 0.02258025
    # 420,000 x 0.02258025 = 9,483.705
    s = _one_phase(plan, routed_share=0.5, routed_model="gpt-4o-mini")
    assert evaluate(s, [10_000]).tiers[0].ai_usd == pytest.approx(9_483.705, rel=1e-12)


def test_batch_lever_prices_batched_calls_at_half(plan):
    # 40% batched at 50%: x (1 - 0.4 x 0.5) = x 0.8; 420,000 x 0.0423555 x 0.8 = 17,789.31 x 0.8 = 14,231.448
    s = _one_phase(plan, batch_share=0.4)
    assert evaluate(s, [10_000]).tiers[0].ai_usd == pytest.approx(14_231.448, rel=1e-12)


def test_fitted_multiplier_still_multiplies_the_levers(plan):
    # x 0.5 fitted x 0.8 batch: 17,789.31 x 0.4 = 7,115.724
    s = _one_phase(plan, batch_share=0.4, cost_multiplier=0.5)
    assert evaluate(s, [10_000]).tiers[0].ai_usd == pytest.approx(7_115.724, rel=1e-12)


def test_routing_without_a_model_is_refused(plan):
    with pytest.raises(ScenarioError, match="routed_model"):
        _one_phase(plan, routed_share=0.5)


# --- unknown models -------------------------------------------------------------------------------


def test_unknown_model_names_the_field_and_the_closest_known_names(plan):
    with pytest.raises(ScenarioError) as exc:
        one_model(plan, "claude-sonet-4-5")
    text = str(exc.value)
    assert exc.value.field == "ai.model_mix.0.model"
    assert "'claude-sonet-4-5'" in text and "claude-sonnet-4-5" in text.split("closest known:")[1]
    assert "\n" not in text


def test_unknown_routed_model_is_named_too(plan):
    with pytest.raises(ScenarioError) as exc:
        _one_phase(plan, routed_share=0.5, routed_model="gpt-4o-mni")
    assert exc.value.field == "ai.optimisation_phases.0.routed_model"
    assert "gpt-4o-mini" in str(exc.value)


def test_closest_models_within_a_provider():
    assert closest_models("gpt-4.1-mni", provider="openai")[0] == "gpt-4.1-mini"
    with pytest.raises(UnknownModelError, match="closest known"):
        library_prices("gpt-4.1-mni")


# --- catalogue ------------------------------------------------------------------------------------


def test_catalogue_covers_the_big_three_and_korean_models():
    providers = {e.provider for e in catalogue()}
    assert {"openai", "anthropic", "google"} <= providers
    sonnet = next(e for e in catalogue() if e.provider == "anthropic" and e.model == "claude-sonnet-4-5")
    assert (sonnet.input_usd_per_mtok, sonnet.cached_input_usd_per_mtok, sonnet.cache_write_usd_per_mtok) == (3.0, 0.3, 3.75)
    assert sonnet.tiered and sonnet.tier_starts_at_input_tokens == 200_000
    # Upstage's Solar (Korean) where the library prices it, found by the Korean filter.
    korean = search_catalogue(korean=True)
    assert korean and all(e.korean for e in korean)
    assert {"upstage/solar-pro-3", "upstage/SOLAR-10.7B-Instruct-v1.0"} <= {e.model for e in korean}
    assert not any(e.korean for e in search_catalogue(provider="anthropic"))


def test_search_filters_by_provider_and_every_word():
    found = search_catalogue(provider="Anthropic", search="sonnet 4")
    assert found and all(e.provider == "anthropic" and "sonnet" in e.model and "4" in e.model + e.name for e in found)
    assert search_catalogue(provider="anthropic", search="gpt") == ()


# --- pinned prices --------------------------------------------------------------------------------


def test_plan_pins_the_prices_it_was_calibrated_with(plan):
    assert plan.ai.price_source == "pinned"
    assert [p.source.startswith("pinned genai-prices 0.2.3") for p in prices_for(plan.ai)] == [True, True]
    assert pinned_vs_library(plan.ai) == ()
    (finding,) = pinned_price_findings(plan)
    assert finding.status == "agrees"


def test_pinned_prices_keep_the_table_when_the_library_moves(plan):
    # The pinned prices say gpt-4o costs $3 input: with price_source 'pinned' they drive the model;
    # the audit names the difference from the library's $2.50.
    moved = with_overrides(plan, {"ai.pinned_prices.models.gpt-4o.input_usd_per_mtok": 3.0})
    (finding,) = pinned_price_findings(moved)
    assert finding.status == "disagrees"
    assert "gpt-4o input $3 pinned, $2.5 in the library" in finding.explanation
    # gpt-4o: 4000 x (0.75 x 3 + 0.25 x 1.25) / 1e6 + 0.038 = 4000 x 2.5625 / 1e6 + 0.038 = 0.01025 + 0.038 = 0.04825
    # mix 0.9 x 0.04825 + 0.1 x 0.002805 = 0.043425 + 0.0002805 = 0.0437055
    assert evaluate(moved).ai_list_usd_per_call == pytest.approx(0.0437055, rel=1e-12)
    library = with_overrides(moved, {"ai.price_source": "library"})
    assert evaluate(library).ai_list_usd_per_call == pytest.approx(PLAN_LIST_PER_CALL, rel=1e-12)


def test_phase_factor_is_one_without_levers(plan):
    ph = plan.ai.optimisation_phases[1]
    assert costs.phase_factor(plan.ai, ph, prices_for(plan.ai)) == 0.6
