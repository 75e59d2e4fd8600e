"""Scenario comparison: the diff lists exactly the assumptions that were changed."""

from __future__ import annotations

import json

import pytest

from model.analysis.compare import compare, differences, unique_labels
from model.loading import SCENARIO_DIR, load_scenario, scenario_from_obj
from model.overrides import with_overrides
from model.result import evaluate

SHIPPED = sorted(p.name for p in SCENARIO_DIR.glob("*.json") if p.name != "plan.json")


def _leaf_paths(path: str, value: object) -> set[str]:
    """The leaf paths an override touches (a dict or list value replaces a whole subtree)."""
    if isinstance(value, dict):
        return set().union(*(_leaf_paths(f"{path}.{k}", v) for k, v in value.items())) if value else {path}
    if isinstance(value, list):
        return set().union(*(_leaf_paths(f"{path}.{i}", v) for i, v in enumerate(value))) if value else {path}
    return {path}


def test_diff_lists_exactly_the_changed_assumptions(plan):
    changed = with_overrides(
        plan, {"name": "x", "notes": "y", "ai.calls_per_dau_per_day": 3.0, "levels.1.line_items.1.usd_per_month": 700}
    )
    diffs = differences([plan, changed])
    assert [d.path for d in diffs] == ["ai.calls_per_dau_per_day", "levels.1.line_items.1.usd_per_month"]
    assert [d.values for d in diffs] == [(2.0, 3.0), (599.0, 700.0)]
    assert diffs[0].label == "AI calls per DAU per day"


def test_a_mix_share_changes_both_shares(plan):
    # Setting GPT-4o to 80% sets GPT-4o-mini to 20%: both are real changes.
    diffs = differences([plan, with_overrides(plan, {"ai.model_mix.0.share_of_calls": 0.8})])
    assert [d.path for d in diffs] == ["ai.model_mix.0.share_of_calls", "ai.model_mix.1.share_of_calls"]
    assert [d.values for d in diffs] == [(0.9, 0.8), (0.1, pytest.approx(0.2))]


def test_identical_and_renamed_scenarios_do_not_differ(plan):
    assert differences([plan, plan]) == ()
    assert differences([plan, with_overrides(plan, {"name": "Other", "notes": "text"})]) == ()


def test_three_scenarios_list_the_union_against_the_first(plan):
    a = with_overrides(plan, {"ai.calls_per_dau_per_day": 3.0})
    b = with_overrides(plan, {"days_per_month": 31})
    diffs = {d.path: d.values for d in differences([plan, a, b])}
    assert diffs == {"ai.calls_per_dau_per_day": (2.0, 3.0, 2.0), "days_per_month": (30.0, 30.0, 31.0)}


@pytest.mark.parametrize("name", SHIPPED)
def test_each_shipped_scenario_differs_from_the_plan_by_its_overrides_only(plan, name):
    raw = json.loads((SCENARIO_DIR / name).read_text())
    assert raw["extends"] == "plan.json" and len(raw["notes"]) > 80
    overrides = dict(raw["overrides"])
    new_ranges = overrides.pop("ranges", None)
    expected = set().union(set(), *(_leaf_paths(k, v) for k, v in overrides.items()))
    if "ai.model_mix.0.share_of_calls" in expected:  # the other share of the two-model mix moves with it
        expected.add("ai.model_mix.1.share_of_calls")
    if new_ranges is not None:  # a replaced 'ranges' dict differs by the entries it adds, drops or changes
        old_ranges = json.loads((SCENARIO_DIR / "plan.json").read_text())["ranges"]
        for key in old_ranges.keys() | new_ranges.keys():
            if old_ranges.get(key) != new_ranges.get(key):
                expected |= {f"ranges.{key}.{field}" for field in ("low", "high", "distribution", "note")}
    got = {d.path for d in differences([plan, load_scenario(SCENARIO_DIR / name)])}
    assert got == expected


def test_cost_frame_is_each_model_result_with_change_vs_first(plan):
    other = scenario_from_obj({"extends": "plan.json", "name": "Own model", "overrides": {"ai.own_model.from_dau": 500_000}})
    cmp = compare([plan, other])
    frame = cmp.cost_frame().set_index(["scenario", "dau"])
    for label, s in zip(cmp.labels, (plan, other), strict=True):
        for t in evaluate(s).tiers:
            assert frame.loc[(label, t.dau), "total_usd"] == pytest.approx(t.total_usd, rel=1e-12)
    # At 500k the own model replaces the $270,000 API line with $90,000: 297,000 -> 117,000.
    assert frame.loc[("Own model", 500_000), "total_usd"] == pytest.approx(117_000, rel=1e-9)
    assert frame.loc[("Own model", 500_000), "change_usd"] == pytest.approx(-180_000, rel=1e-9)
    assert list(cmp.wide_frame().columns) == ["dau", *cmp.labels]


def test_two_to_four_scenarios(plan):
    with pytest.raises(ValueError, match="2 to 4"):
        compare([plan])
    with pytest.raises(ValueError, match="2 to 4"):
        compare([plan] * 5)
    assert compare([plan] * 4).labels == unique_labels([plan.name] * 4)


def test_unique_labels():
    assert unique_labels(["a", "b", "a", "a"]) == ("a", "b", "a (2)", "a (3)")
