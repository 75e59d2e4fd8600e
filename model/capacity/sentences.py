"""The sentences a person reads: each resource and level whose capacity passes a threshold before the plan upgrades it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

import pandas as pd

from model.capacity.crossings import level_crossings
from model.capacity.resources import DEFAULT_MAX_DAU, resource
from model.phrase import N_, Number, Phrase, Term
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
    phrase: Phrase | None = field(default=None, compare=False)
    """``text`` as a template and its values, for the app to translate (``text`` is its English)."""


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
        words = {
            "resource": Term(res.label, res.label),
            "level": str(row.level),
            "capacity": _num(float(row.capacity)),
            "unit": Term(res.unit, res.unit),
            "crossing": Number(crossing, ",.0f"),
        }
        said = _sentence(severity, status, int(row.level_start_dau), nxt, crossing, words)
        text = str(said)
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
                phrase=said,
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


def _sentence(severity: str, status: str, start: int, nxt: int | None, crossing: int, words: dict[str, object]) -> Phrase:
    """A finding's sentence; one template per case and severity, so each reads whole in another language."""
    if status.endswith("at start"):
        at_start = {
            "warning": N_(
                "{resource} is already warning when level {level} begins at {start} DAU: level {level}'s plans "
                "({capacity} {unit}) pass the warning threshold from {crossing} DAU."
            ),
            "critical": N_(
                "{resource} is already critical when level {level} begins at {start} DAU: level {level}'s plans "
                "({capacity} {unit}) pass the critical threshold from {crossing} DAU."
            ),
        }
        return Phrase(at_start[severity], {**words, "start": Number(start, ",.0f")})
    if nxt is not None:
        later = {
            "warning": N_(
                "{resource} is warning from {crossing} DAU under level {level}'s plans ({capacity} {unit}), but the "
                "plan's next level begins at {next} DAU ({later} DAU later)."
            ),
            "critical": N_(
                "{resource} is critical from {crossing} DAU under level {level}'s plans ({capacity} {unit}), but the "
                "plan's next level begins at {next} DAU ({later} DAU later)."
            ),
        }
        return Phrase(later[severity], {**words, "next": Number(nxt, ",.0f"), "later": Number(nxt - crossing, ",.0f")})
    last = {
        "warning": N_(
            "{resource} is warning from {crossing} DAU under level {level}'s plans ({capacity} {unit}), and the plan has "
            "no further level."
        ),
        "critical": N_(
            "{resource} is critical from {crossing} DAU under level {level}'s plans ({capacity} {unit}), and the plan "
            "has no further level."
        ),
    }
    return Phrase(last[severity], words)
