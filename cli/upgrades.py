"""``--upgrades`` and ``--lead-months`` for ``summary``, ``capacity`` and ``timeline`` (model/upgrades.py).

Kept apart from cli/main.py so the commands gain the options with a one-line edit each. A bad value is a
``UsageError``: one line on stderr, exit 2.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from model.scenario import Scenario
from model.upgrades import POLICIES, evaluate_policy, readings_with_plans

MAX_LEAD_MONTHS = 36


def add_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--upgrades",
        metavar="POLICY",
        help="as-written (the level in force by DAU) or just-in-time (each resource's plan bought when it is needed); "
        "default: the scenario's upgrades.policy",
    )
    p.add_argument(
        "--lead-months",
        metavar="N",
        help="just-in-time: months before a plan runs out that the next one is bought (default: the scenario's)",
    )


def _usage(message: str) -> Exception:
    from cli.common import UsageError

    return UsageError(message)


def with_policy(args: argparse.Namespace, scenario: Scenario) -> Scenario:
    """``scenario`` with ``--upgrades`` / ``--lead-months`` applied (checked: one clear line if bad)."""
    update: dict[str, Any] = {}
    policy = getattr(args, "upgrades", None)
    if policy is not None:
        if policy not in POLICIES:
            raise _usage(f"--upgrades: must be one of {', '.join(POLICIES)} (got {policy!r})")
        update["policy"] = policy
    lead = getattr(args, "lead_months", None)
    if lead is not None:
        try:
            months = int(lead)
        except ValueError:
            raise _usage(f"--lead-months: expected a whole number of months, got {lead!r}") from None
        if not 0 <= months <= MAX_LEAD_MONTHS:
            raise _usage(f"--lead-months: must be from 0 to {MAX_LEAD_MONTHS} (got {lead})")
        update["upgrade_lead_months"] = months
    if not update:
        return scenario
    return scenario.model_copy(update={"upgrades": scenario.upgrades.model_copy(update=update)})


def summary_rows(scenario: Scenario, tiers: list[int] | None) -> tuple[Any, list[dict[str, Any]]]:
    """The summary's result and JSON rows; under just-in-time each row adds ``upgrades_policy``, ``upgrades``
    (resource, from_plan, to_plan, usd_per_month, ...) and ``shortfalls`` (resource, dau, utilization, text)."""
    pr = evaluate_policy(scenario, tiers)
    rows = [t.as_record() for t in pr.result.tiers]
    if pr.policy != "as-written":
        for row, t, choice in zip(rows, pr.result.tiers, pr.choices, strict=True):
            row["upgrades_policy"] = pr.policy
            row["upgrades"] = [u.as_record() for u in pr.upgrades(t.dau)]
            row["shortfalls"] = [{**asdict(s), "text": s.text} for s in choice.shortfalls]
    return pr.result, rows


def capacity_rows(scenario: Scenario, dau: float) -> list[dict[str, Any]]:
    """capacity's rows under the scenario's policy (just-in-time: each resource under the plan it runs)."""
    return [r.as_record() for r in readings_with_plans(scenario, dau)]
