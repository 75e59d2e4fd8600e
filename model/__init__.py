"""The scaling cost model: a pure calculation core (no UI or file-format imports).

from model import load_scenario, evaluate
result = evaluate(load_scenario("data/scenarios/plan.json"))
"""

from model.loading import ScenarioError, load_scenario, parse_scenario, plan_scenario
from model.result import ModelResult, TierResult, curve, evaluate
from model.scenario import Scenario

__version__ = "0.1.0"

__all__ = [
    "ModelResult",
    "Scenario",
    "ScenarioError",
    "TierResult",
    "curve",
    "evaluate",
    "load_scenario",
    "parse_scenario",
    "plan_scenario",
]
