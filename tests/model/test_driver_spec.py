"""One declaration per driver: the Specs on the schema's fields and what is built from them."""

from __future__ import annotations

import json

import pytest

from model.driver_spec import Spec, declared, element_driver, instance_at, specs_of
from model.drivers import driver_from, drivers_for, headline
from model.loading import plan_scenario
from model.overrides import with_overrides
from model.scenario import AIDrivers, Cache, LineItem, ModelShare, OptimisationPhase, Scenario
from model.schema import schema_text

PLAN = plan_scenario()


def test_every_declared_path_is_a_field_of_the_schema():
    patterns = [d.pattern for d in declared(Scenario)]
    assert len(patterns) == len(set(patterns)) == 16
    for pattern in patterns:
        # each '*' is a list index; the plan has at least one element in each list
        assert instance_at(PLAN, pattern.replace("*", "0")) is not None


def test_each_list_element_declares_one_driver_found_by_its_spec():
    # The sheets, editors and ranges find an element's driver here: the field whose Spec is declared at '<list>.*.<field>'.
    by_spec = {id(d.spec): d.pattern for d in declared(Scenario)}
    found = {
        cls.__name__: (field, by_spec[id(spec)])
        for cls in (ModelShare, OptimisationPhase, Cache, LineItem)
        for field, spec in [element_driver(cls)]
    }
    assert found == {
        "ModelShare": ("share_of_calls", "ai.model_mix.*.share_of_calls"),
        "OptimisationPhase": ("cost_multiplier", "ai.optimisation_phases.*.cost_multiplier"),
        "Cache": ("hit_rate", "caching.caches.*.hit_rate"),
        "LineItem": ("usd_per_month", "levels.*.line_items.*.usd_per_month"),
    }
    with pytest.raises(ValueError, match="AIDrivers declares 4 drivers, not one"):
        element_driver(AIDrivers)  # calls per day, tokens in and out, the prompt-cache share: not one element's


def test_a_spec_does_not_reach_the_json_schema():
    # plain metadata: pydantic ignores it, the published schema keeps only the field's own constraints and docstring
    text = schema_text()
    assert "AI calls per DAU per day" not in text  # the Spec's label
    props = json.loads(text)["$defs"]["AIDrivers"]["properties"]["calls_per_dau_per_day"]
    assert props == {
        "description": "AI requests each daily active user makes per day, before the response cache.",
        "maximum": 10000.0,
        "minimum": 0.0,
        "title": "Calls Per Dau Per Day",
        "type": "number",
    }


def test_the_catalogue_order_comes_from_the_specs_not_the_schema():
    # the schema lists the own model as enabled, from_dau, cost_relative_to_api; the sidebar as cost, from, enabled
    paths = [d.path for d in drivers_for(PLAN)]
    own = [p for p in paths if p.startswith("ai.own_model.")]
    assert own == ["ai.own_model.cost_relative_to_api", "ai.own_model.from_dau", "ai.own_model.enabled"]
    # lists come after every scalar, each in its own order: phases, caches, line items
    assert paths[12:14] == ["ai.optimisation_phases.0.cost_multiplier", "ai.optimisation_phases.1.cost_multiplier"]


def test_list_drivers_follow_their_elements():
    paths = {d.path: d for d in drivers_for(PLAN)}
    # only the first model of the mix gets a control (slots=1): the other model takes 1 - share
    assert [p for p in paths if ".model_mix." in p] == ["ai.model_mix.0.share_of_calls"]
    assert paths["ai.model_mix.0.share_of_calls"].label == "Share of calls on gpt-4o"
    # six caches, two without a hit rate (tarot, daily fortune): four controls
    assert [p for p in paths if p.startswith("caching.")] == [f"caching.caches.{i}.hit_rate" for i in range(4)]
    assert paths["caching.caches.1.hit_rate"].label == "AI response hit rate"
    # a line item's label takes the enclosing level's number
    assert paths["levels.1.line_items.1.usd_per_month"].label == "L2 Supabase Team (more connections)"


def test_a_line_items_slider_reaches_four_times_its_price():
    d = {d.path: d for d in drivers_for(PLAN)}
    # L2 Supabase Team at $599: max(1,000, 4 x 599 = 2,396), by $1 (2,396 <= 5,000)
    item = d["levels.1.line_items.1.usd_per_month"]
    assert PLAN.levels[1].line_items[1].usd_per_month == 599
    assert (item.min, item.max, item.step) == (0.0, 2396.0, 1.0)
    # L1 Vercel Pro at $20: 4 x 20 = 80 < 1,000, so the Spec's 1,000
    assert (d["levels.0.line_items.0.usd_per_month"].max, d["levels.0.line_items.0.usd_per_month"].step) == (1000.0, 1.0)
    # L3 Supabase Pro + read replicas at $2,000: 4 x 2,000 = 8,000 > 5,000, so by $100
    assert PLAN.levels[2].line_items[1].usd_per_month == 2000
    assert (d["levels.2.line_items.1.usd_per_month"].max, d["levels.2.line_items.1.usd_per_month"].step) == (8000.0, 100.0)


def test_the_reserved_discount_slider_spans_the_plans_own_range():
    # min_from / max_from: the plan's 40%..60%, and a scenario that widens it moves the slider with it
    d = {d.path: d for d in drivers_for(PLAN)}["reserved_instances.discount"]
    assert (d.min, d.max) == (0.4, 0.6)
    wider = with_overrides(PLAN, {"reserved_instances.discount_low": 0.2, "reserved_instances.discount_high": 0.7})
    d = {d.path: d for d in drivers_for(wider)}["reserved_instances.discount"]
    assert (d.min, d.max) == (0.2, 0.7)


def test_the_bounds_are_the_schemas():
    d = {d.path: d for d in drivers_for(PLAN)}["ai.calls_per_dau_per_day"]
    assert (d.lowest, d.highest) == (0.0, 10_000.0)  # Field(ge=0.0, le=10_000.0)


def test_the_ai_pages_headline_is_calls_per_day():
    calls = headline(PLAN, "AI")
    assert calls.path == "ai.calls_per_dau_per_day"
    assert calls.value(PLAN) == PLAN.ai.calls_per_dau_per_day == 2.0


def test_a_spec_builds_its_control():
    # the generic rules on a hand-made Spec: a coarse step above 5,000 and a top of 4x the value
    spec = Spec("X", "u", "General", "number", 0.0, 100.0, 1.0, max_per_value=4.0, coarse_step=(5000.0, 50.0))
    (inst,) = [i for i in specs_of(PLAN) if i.path == "days_per_month"]
    value = inst.value  # the plan's 30 days: 4 x 30 = 120 > 100, and 120 <= 5,000 keeps step 1
    d = driver_from(type(inst)("days_per_month", spec, value, inst.owner, inst.context))
    assert (d.min, d.max, d.step) == (0.0, pytest.approx(4 * value), 1.0)
