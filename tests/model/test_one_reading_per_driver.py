"""Issue 13: the model functions that read a driver once for every analysis, audit, page and CLI text."""

from __future__ import annotations

import numpy as np
import pytest

from model import cache_rows, costs
from model.analysis import selfhosted
from model.driver_spec import declared
from model.drivers import drivers_for
from model.loading import load_scenario
from model.modelcompare import mix_entries, mix_shares
from model.overrides import with_overrides
from model.params import params_from
from model.scenario import Scenario
from model.settings import EXAMPLE_PATH, EXAMPLE_SETTING, apply_settings, parse_settings


def test_the_example_setting_is_a_declared_driver_that_applies(plan):
    # The CLI's help and errors show it (cli/main --set, cli/solve --driver, goal seek's refusal): its text is the one
    # they showed before, a declared driver of the plan's sidebar, and it changes the plan as the help says.
    assert EXAMPLE_SETTING == "caching.caches.1.hit_rate=0.69"
    assert any(
        EXAMPLE_PATH.split(".")[:2] == d.pattern.split(".")[:2] and EXAMPLE_PATH.endswith(d.pattern.rsplit(".", 1)[1])
        for d in declared(Scenario)
    )
    assert EXAMPLE_PATH in {d.path for d in drivers_for(plan)}
    assert apply_settings(plan, parse_settings([EXAMPLE_SETTING])).caching.caches[1].hit_rate == 0.69


def test_the_ai_response_hit_rate_is_the_ai_caches_and_a_blank_counts_as_zero(plan):
    # The plan's caches: saju (db) 0.85, ai_response (ai) 0.30, ...: the AI cache's is 0.30.
    assert cache_rows.ai_response_hit_rate(plan.caching.caches) == 0.3
    assert params_from(plan).ai_response_hit_rate == 0.3
    caches = [c.model_copy(update={"hit_rate": None}) if c.serves == "ai" else c for c in plan.caching.caches]
    blank = plan.model_copy(update={"caching": plan.caching.model_copy(update={"caches": caches})})
    assert cache_rows.ai_response_hit_rate(blank.caching.caches) == 0.0


def test_days_in_month_is_the_scenarios_and_every_per_day_step_uses_it(plan):
    assert costs.days_in_month(plan) == 30.0
    short = with_overrides(plan, {"days_per_month": 28})
    assert costs.days_in_month(short) == 28.0
    # Two GPUs at the plan's $2.50/hour all month: 2 x 2.5 x 24 x 28 = $3,360 (x 30 = $3,600).
    assert selfhosted.gpu_usd_per_month(np.array([2.0]), short).tolist() == pytest.approx([3_360.0])
    assert selfhosted.gpu_usd_per_month(np.array([2.0]), plan).tolist() == pytest.approx([3_600.0])


def test_the_own_models_share_of_the_api_as_applied_and_as_the_plan_states_it(plan):
    # The plan states 1/3 on the 'share_of_api' basis: both read 1/3.
    assert costs.own_model_share_of_api(params_from(plan)) == pytest.approx(1 / 3)
    assert selfhosted.plan_own_model_share_of_api(plan) == pytest.approx(1 / 3)
    # On the business case's basis the model applies the case's ratio; the plan's line keeps the stated 1/3.
    case = load_scenario("data/scenarios/own-model-business-case.json")
    assert case.ai.own_model.basis == "business_case"
    applied = costs.own_model_share_of_api(params_from(case))
    assert applied != pytest.approx(case.ai.own_model.cost_relative_to_api)
    assert selfhosted.plan_own_model_share_of_api(case) == case.ai.own_model.cost_relative_to_api
    # $540,000 of API calls -> $180,000 for the plan's own model (x 1/3).
    assert float(selfhosted.plan_own_model_usd(540_000.0, plan)) == pytest.approx(180_000.0)


def test_the_mix_editor_reads_the_mix_from_the_model(plan):
    # The plan's mix: gpt-4o 90%, gpt-4o-mini 10%.
    assert mix_shares(plan) == [("gpt-4o", 0.9), ("gpt-4o-mini", 0.1)]
    entries = mix_entries(plan)
    assert [e["model"] for e in entries] == ["gpt-4o", "gpt-4o-mini"]
    assert with_overrides(plan, {"ai.model_mix": entries}).ai.model_mix == plan.ai.model_mix
