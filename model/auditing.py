"""The whole audit, in the order every output shows it: the plan's figures against each other (model.audit), the
second reading of the plan across its sections (model.audit_reading), this scenario against the plan's cost table,
then the figures the plan left to be implied."""

from __future__ import annotations

from typing import TYPE_CHECKING

from model.audit import AuditFinding, implied_findings, model_findings, plan_findings
from model.audit_reading import second_reading
from model.scenario import Scenario

if TYPE_CHECKING:
    from model.costs import Params


def audit(scenario: Scenario, p: Params) -> tuple[AuditFinding, ...]:
    """Every check; plan-internal ones first, then the model against the plan, then implied figures."""
    return (*plan_findings(scenario), *second_reading(scenario), *model_findings(scenario, p), *implied_findings(scenario))
