"""The pure formulas carry the plan's hand-worked examples in their docstrings, and those examples run.

pytest runs them with the rest (``--doctest-modules`` over ``model/`` in pyproject.toml, so ``make test`` and
``make test-fast`` do); this file also runs them directly, so ``pytest tests/`` alone cannot skip them.
"""

from __future__ import annotations

import doctest
import inspect
import tomllib
from pathlib import Path

import pytest

import model.capacity.crossings
import model.capacity.formulas
import model.costs

ROOT = Path(__file__).resolve().parents[2]

WORKED = {
    model.costs: [
        "ai_list_usd_per_call",
        "model_list_usd_per_call",
        "line_item_charged_usd",
        "category_usd",
        "ai_calls_per_month",
        "api_calls_per_month",
        "optimisation_multiplier",
        "ai_usd_per_api_call",
        "ai_usd",
        "ai_response_cache_savings_usd",
        "db_load_reduction",
        "level_index",
        "infrastructure_gross_usd",
        "cache_usd",
        "total_usd",
        "cost_per_dau_usd",
    ],
    model.capacity.formulas: [
        "demand_coefficients",
        "capacities",
        "thresholds",
        "level_index",
        "alert_for",
        "utilization_curve",
    ],
    model.capacity.crossings: ["crossing_dau", "first_crossing"],
}


def test_pytest_collects_the_doctests_of_model() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert "model" in config["testpaths"]
    assert "--doctest-modules" in config["addopts"].split()


@pytest.mark.parametrize("module", list(WORKED), ids=lambda m: m.__name__)
def test_each_main_formula_has_a_worked_example(module) -> None:
    missing = [name for name in WORKED[module] if ">>>" not in (inspect.getdoc(getattr(module, name)) or "")]
    assert missing == []


@pytest.mark.parametrize("module", list(WORKED), ids=lambda m: m.__name__)
def test_the_worked_examples_hold(module) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, report=False)
    assert result.failed == 0
    # at least one example line per worked function (the examples ran, not an empty docstring walk)
    assert result.attempted >= len(WORKED[module])
