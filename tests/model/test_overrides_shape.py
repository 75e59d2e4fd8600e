"""A changed scenario is validated like a file, whatever the change (model.overrides.with_overrides).

A slider move or a goal-seek trial replaces one number of a valid scenario: its nesting and the fields its provenance
names cannot have changed, so those two walks are skipped there (``validate_obj(..., leaves_changed_only=True)``).
Every other change (a list replaced, a nested value) still gets both, and every value is checked either way.
"""

from __future__ import annotations

import pytest

from model.loading import plan_scenario
from model.overrides import with_overrides
from model.validation import ScenarioError, validate_obj


def test_a_number_moved_is_still_checked_against_its_bounds():
    with pytest.raises(ScenarioError) as err:
        with_overrides(plan_scenario(), {"caching.caches.1.hit_rate": 1.5}, source="slider")
    assert (err.value.field, err.value.rule) == ("caching.caches.1.hit_rate", "must be <= 1.0 (got 1.5)")


def test_a_list_replaced_still_has_its_provenance_checked():
    # The plan's provenance names levels.0.line_items.0.usd_per_month; with no line items at level 0 that key names
    # nothing, which only the provenance walk can tell.
    with pytest.raises(ScenarioError) as err:
        with_overrides(plan_scenario(), {"levels.0.line_items": []}, source="link")
    assert err.value.rule == "provenance key 'levels.0.line_items.0.usd_per_month' names no field of the scenario"


def test_a_number_replaced_by_a_deep_value_is_still_refused_for_its_depth():
    deep: object = 1.0
    for _ in range(70):
        deep = [deep]
    with pytest.raises(ScenarioError) as err:
        with_overrides(plan_scenario(), {"ai.calls_per_dau_per_day": deep}, source="link")
    assert err.value.rule == "nested more than 64 levels deep"


@pytest.mark.parametrize(
    "overrides",
    [
        {"ai.calls_per_dau_per_day": 3.7},
        {"caching.caches.1.hit_rate": 0.5, "levels.2.line_items.1.usd_per_month": 123.45},
        {"ai.model_mix.0.share_of_calls": 0.6},  # its partner's share moves too
        {"reserved_instances.applied": True},
    ],
)
def test_a_leaf_change_gives_the_scenario_a_full_validation_gives(overrides):
    plan = plan_scenario()
    fast = with_overrides(plan, overrides)
    full = validate_obj(fast.model_dump(mode="json"))  # every walk, from the same data
    assert fast == full
    assert fast.model_dump() != plan.model_dump()
