"""model.drivers: the schema's bounds are the only bounds; a control widens to show any value the schema accepts."""

from __future__ import annotations

import math

import pytest

from model.drivers import Driver, drivers_for, field_bounds
from model.loading import plan_scenario


def test_bounds_are_read_from_the_pydantic_constraints() -> None:
    assert field_bounds("economics.revenue_usd_per_dau_per_month") == (0.0, 100_000.0)  # ge=0, le=100,000
    assert field_bounds("levels.0.line_items.0.usd_per_month") == (0.0, 1e10)  # Usd inside a list of models
    assert field_bounds("caching.caches.1.hit_rate") == (0.0, 1.0)  # Fraction | None: through Optional and Annotated
    assert field_bounds("ai.optimisation_phases.0.cost_multiplier") == (0.0, 10.0)  # gt=0 is returned as 0
    assert field_bounds("days_per_month") == (28.0, 31.0)
    assert field_bounds("ai.own_model.enabled") == (-math.inf, math.inf)  # a bool has none
    with pytest.raises(KeyError):
        field_bounds("ai.no_such_field")


def test_every_driver_carries_its_fields_schema_bounds() -> None:
    for d in drivers_for(plan_scenario()):
        assert (d.lowest, d.highest) == field_bounds(d.path), d.path


def test_a_controls_range_widens_to_the_value_and_never_past_the_schema() -> None:
    d = Driver("x", "X", "u", "AI", 0.0, 10.0, 0.1, "number", lowest=0.0, highest=10_000.0)
    assert d.control_range(2.0) == (0.0, 10.0)  # inside the slider's own range: unchanged
    assert d.control_range(2.0, 5_000.0) == (0.0, 5_000.0)  # a valid share-link value: the range widens to it
    assert d.control_range(20_000.0) == (0.0, 10_000.0)  # never past the schema's bound
    assert d.control_range(float("nan")) == (0.0, 10.0)
