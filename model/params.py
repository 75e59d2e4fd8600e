"""A scenario flattened to the numbers the cost formulas use (``model.costs.Params``), with the own model's cost as a
share of the API taken from the business case where the scenario asks for it ('business_case')."""

from __future__ import annotations

from collections.abc import Callable

from model import costs
from model.analysis.own_running import implied_cost_relative_to_api
from model.prices import TokenPrices
from model.scenario import Scenario


def own_model_cost_relative_to_api(scenario: Scenario) -> float:
    """The own model's cost as a share of the API: the scenario's figure ('share_of_api', the plan's 1/3), or the
    business case's running cost at from_dau / the API's there ('business_case', model.analysis.own_running)."""
    own = scenario.ai.own_model
    if own.basis == "share_of_api":
        return own.cost_relative_to_api
    # The case prices the API with the own model off; 'share_of_api' here stops the lookup recursing.
    plain = scenario.model_copy(
        update={"ai": scenario.ai.model_copy(update={"own_model": own.model_copy(update={"basis": "share_of_api"})})}
    )
    ratio = implied_cost_relative_to_api(plain)
    return own.cost_relative_to_api if ratio is None else ratio


APPLIED: dict[str, Callable[[Scenario], float]] = {"ai.own_model.cost_relative_to_api": own_model_cost_relative_to_api}
"""Drivers the model applies at a value other than the scenario's, by path: the function giving the applied value.
The Assumptions sheet shows these as applied (``outputs.assumptions``), so it never names them."""


def params_from(scenario: Scenario, prices: tuple[TokenPrices, ...] | None = None) -> costs.Params:
    """``costs.base_params_from`` with the own model's share of the API as the scenario defines it."""
    return costs.base_params_from(scenario, prices, own_model_relative=own_model_cost_relative_to_api(scenario))
