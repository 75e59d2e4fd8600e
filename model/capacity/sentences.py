"""The sentences a person reads: each resource and level whose capacity passes a threshold before the plan upgrades it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

import pandas as pd

from model.capacity.crossings import level_crossings
from model.capacity.resources import DEFAULT_MAX_DAU, resource
from model.scenario import Scenario


@dataclass(frozen=True)
class CapacityFinding:
    """A plain statement that a resource passes a threshold before the plan upgrades it."""

    id: str
    resource: str
    level: int
    severity: Literal["warning", "critical"]
    status: str
    crossing_dau: int
    """The DAU from which the level's capacity is past the threshold."""
    level_start_dau: int
    next_level_dau: int | None
    text: str


def findings(
    scenario: Scenario, *, max_dau: int = DEFAULT_MAX_DAU, crossings: pd.DataFrame | None = None
) -> tuple[CapacityFinding, ...]:
    """Every resource and level whose capacity passes a threshold before the next level begins (or before max_dau).

    Critical findings first; a warning is listed only where the same level never turns critical in its span.
    ``crossings``: ``level_crossings(scenario)`` if already computed.
    """
    out: list[CapacityFinding] = []
    if crossings is None:
        crossings = level_crossings(scenario)
    for row in crossings.itertuples(index=False):
        status = str(row.status)
        if status == "ok":
            continue
        severity: Literal["warning", "critical"] = "critical" if status.startswith("critical") else "warning"
        crossing = int(row.critical_dau if severity == "critical" else row.warning_dau)
        nxt = None if pd.isna(row.next_level_dau) else int(row.next_level_dau)
        if nxt is None and crossing > max_dau:
            continue
        res = resource(str(row.resource))
        cap = f"{_num(float(row.capacity))} {res.unit}"
        where = f"level {row.level}'s plans ({cap})"
        if status.endswith("at start"):
            text = (
                f"{res.label} is already {severity} when level {row.level} begins at {row.level_start_dau:,} DAU: "
                f"{where} pass the {severity} threshold from {crossing:,} DAU."
            )
        elif nxt is not None:
            text = (
                f"{res.label} is {severity} from {crossing:,} DAU under {where}, "
                f"but the plan's next level begins at {nxt:,} DAU ({nxt - crossing:,} DAU later)."
            )
        else:
            text = f"{res.label} is {severity} from {crossing:,} DAU under {where}, and the plan has no further level."
        out.append(
            CapacityFinding(
                id=f"capacity.{row.resource}.level{row.level}",
                resource=str(row.resource),
                level=int(row.level),
                severity=severity,
                status=status,
                crossing_dau=crossing,
                level_start_dau=int(row.level_start_dau),
                next_level_dau=nxt,
                text=text,
            )
        )
    out.sort(key=lambda f: (f.severity != "critical", f.crossing_dau))
    return tuple(out)


def findings_frame(scenario: Scenario, *, max_dau: int = DEFAULT_MAX_DAU) -> pd.DataFrame:
    rows = [asdict(f) for f in findings(scenario, max_dau=max_dau)]
    columns = ["id", "resource", "level", "severity", "status", "crossing_dau", "level_start_dau", "next_level_dau", "text"]
    return pd.DataFrame(rows, columns=columns)


def _num(x: float) -> str:
    return f"{x:,.0f}" if x >= 10 else f"{x:,.4g}"
