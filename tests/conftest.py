"""Fixtures shared by every test folder."""

from __future__ import annotations

import pytest

from model.loading import plan_scenario
from model.scenario import Scenario


@pytest.fixture
def plan() -> Scenario:
    """The plan's scenario, data/scenarios/plan.json (validated; immutable, so safe to share)."""
    return plan_scenario()
