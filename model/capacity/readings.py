"""Every resource at one DAU: the documented shape the CLI and JSON output print (``python -m model capacity``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from model.capacity.crossings import crossing_dau, first_crossing
from model.capacity.formulas import capacities, demand_coefficients, utilization_curve
from model.capacity.resources import level_position, resource
from model.scenario import Scenario


@dataclass(frozen=True)
class ResourceReading:
    """One resource at one DAU: the documented CLI/JSON shape."""

    resource: str
    label: str
    unit: str
    dau: float
    level: int
    level_name: str
    forced_level: bool
    """True when the capacities are a chosen level's rather than the plan in force at this DAU."""
    demand: float
    capacity: float
    utilization: float
    warning_threshold: float
    critical_threshold: float
    thresholds_from: str
    alert: str
    warning_dau: int | None
    """First DAU past warning: under the plan in force (staircase), or under the forced level's capacities."""
    critical_dau: int | None

    def as_record(self) -> dict[str, object]:
        return asdict(self)


def readings_at(scenario: Scenario, dau: float, *, level: int | None = None) -> tuple[ResourceReading, ...]:
    """Every resource at ``dau`` under the plan in force there (or under ``level``'s plans)."""
    frame = utilization_curve(scenario, [dau], level=level)
    coeffs, caps = demand_coefficients(scenario), capacities(scenario)
    out = []
    for row in frame.itertuples(index=False):
        rid = str(row.resource)
        if level is None:
            w = first_crossing(scenario, rid, float(row.warning))
            k = first_crossing(scenario, rid, float(row.critical))
        else:
            cap = float(caps[rid][level_position(scenario, level)])
            w = crossing_dau(*coeffs[rid], cap, float(row.warning))
            k = crossing_dau(*coeffs[rid], cap, float(row.critical))
        out.append(
            ResourceReading(
                resource=rid,
                label=str(row.label),
                unit=str(row.unit),
                dau=float(row.dau),
                level=int(row.level),
                level_name=str(row.level_name),
                forced_level=level is not None,
                demand=float(row.demand),
                capacity=float(row.capacity),
                utilization=float(row.utilization),
                warning_threshold=float(row.warning),
                critical_threshold=float(row.critical),
                thresholds_from=resource(rid).thresholds_from,
                alert=str(row.alert),
                warning_dau=w,
                critical_dau=k,
            )
        )
    return tuple(out)
