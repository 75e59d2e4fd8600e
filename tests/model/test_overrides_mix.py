"""Setting one share of a two-model mix sets the other to the rest (model.overrides, by the share's declared path)."""

from __future__ import annotations

import pytest

from model.loading import plan_scenario
from model.overrides import with_overrides


def test_setting_one_share_of_two_gives_the_other_the_rest():
    plan = plan_scenario()  # gpt-4o 0.9, gpt-4o-mini 0.1
    moved = with_overrides(plan, {"ai.model_mix.0.share_of_calls": 0.8})
    # 1 - 0.8 = 0.2 for the second model, so the shares still sum to 1 and the scenario validates.
    assert [m.share_of_calls for m in moved.ai.model_mix] == pytest.approx([0.8, 0.2])
    back = with_overrides(plan, {"ai.model_mix.1.share_of_calls": 0.25})
    assert [m.share_of_calls for m in back.ai.model_mix] == pytest.approx([0.75, 0.25])  # 1 - 0.25


def test_another_field_of_a_model_leaves_the_shares_alone():
    plan = plan_scenario()
    moved = with_overrides(plan, {"ai.model_mix.1.reasoning_tokens_per_call": 500})
    assert [m.share_of_calls for m in moved.ai.model_mix] == pytest.approx([0.9, 0.1])
