"""Scenario comparison: two to four scenarios side by side, and every assumption that differs.

The first scenario is the reference. ``differences`` lists each leaf field path
(provenance, name and notes excluded: they describe a scenario, they are not
assumptions) whose value differs from the reference's in any other scenario.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from model.drivers import drivers_for
from model.overrides import flatten
from model.result import ModelResult, evaluate
from model.scenario import Scenario

NOT_ASSUMPTIONS = frozenset({"name", "notes"})
MIN_SCENARIOS, MAX_SCENARIOS = 2, 4


@dataclass(frozen=True)
class Difference:
    path: str
    label: str
    values: tuple[Any, ...]
    """One value per scenario, in order (None where a scenario lacks the field)."""


@dataclass(frozen=True)
class Comparison:
    labels: tuple[str, ...]
    """One unique label per scenario (its name, numbered if two share one)."""
    scenarios: tuple[Scenario, ...]
    results: tuple[ModelResult, ...]
    differences: tuple[Difference, ...]

    def cost_frame(self) -> pd.DataFrame:
        """Tidy: one row per scenario and tier (scenario, dau, infrastructure_usd, ai_usd, total_usd, cost_per_dau_usd,
        change_usd and change vs the first scenario at the same DAU)."""
        base = {t.dau: t.total_usd for t in self.results[0].tiers}
        rows = []
        for label, result in zip(self.labels, self.results, strict=True):
            for t in result.tiers:
                ref = base.get(t.dau)
                rows.append(
                    {
                        "scenario": label,
                        "dau": t.dau,
                        "infrastructure_usd": t.infrastructure_usd,
                        "ai_usd": t.ai_usd,
                        "total_usd": t.total_usd,
                        "cost_per_dau_usd": t.cost_per_dau_usd,
                        "change_usd": t.total_usd - ref if ref is not None else None,
                        "change": (t.total_usd - ref) / ref if ref else None,
                    }
                )
        return pd.DataFrame(rows)

    def wide_frame(self, column: str = "total_usd") -> pd.DataFrame:
        """One row per DAU, one column per scenario, holding ``column``."""
        return self.cost_frame().pivot(index="dau", columns="scenario", values=column)[list(self.labels)].reset_index()

    def difference_frame(self) -> pd.DataFrame:
        """One row per differing assumption: path, label, then one column per scenario."""
        rows = [{"path": d.path, "label": d.label, **dict(zip(self.labels, d.values, strict=True))} for d in self.differences]
        return pd.DataFrame(rows, columns=["path", "label", *self.labels])


def unique_labels(names: Sequence[str]) -> tuple[str, ...]:
    """Names made unique by appending ' (2)', ' (3)' to repeats."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return tuple(out)


def differences(scenarios: Sequence[Scenario]) -> tuple[Difference, ...]:
    """Every leaf path where some scenario's value differs from the first's (name and notes excluded)."""
    flats = [flatten(s) for s in scenarios]
    labels: dict[str, str] = {}
    for s in reversed(scenarios):  # the first scenario's label wins
        labels.update({d.path: d.label for d in drivers_for(s)})
    paths = sorted(set().union(*flats) - NOT_ASSUMPTIONS)
    out = []
    for path in paths:
        values = tuple(f.get(path) for f in flats)
        if any(v != values[0] for v in values[1:]):
            out.append(Difference(path=path, label=labels.get(path, path), values=values))
    return tuple(out)


def compare(
    scenarios: Sequence[Scenario], tiers_dau: Sequence[int] | None = None, *, labels: Sequence[str] | None = None
) -> Comparison:
    """Evaluate each scenario at the same tiers (default: the first scenario's) and list what differs.

    ``labels`` name the scenarios in tables and charts (default: their names), made unique.
    """
    if not MIN_SCENARIOS <= len(scenarios) <= MAX_SCENARIOS:
        raise ValueError(f"compare {MIN_SCENARIOS} to {MAX_SCENARIOS} scenarios (got {len(scenarios)})")
    if labels is not None and len(labels) != len(scenarios):
        raise ValueError("give one label per scenario")
    tiers = list(tiers_dau if tiers_dau is not None else scenarios[0].tiers_dau)
    return Comparison(
        labels=unique_labels(list(labels) if labels is not None else [s.name for s in scenarios]),
        scenarios=tuple(scenarios),
        results=tuple(evaluate(s, tiers) for s in scenarios),
        differences=differences(scenarios),
    )
