"""The drivers a founder can move: one catalogue for sliders, share links,
sensitivity, uncertainty and the workbook's Assumptions sheet.

Each driver is declared once, on its scenario field (a ``model.driver_spec.Spec``
in ``model/scenario.py``: label, unit, group, slider range, display, help); this
module turns those declarations into controls. A driver names a scenario field by
dotted path, its unit, a sensible slider range and how to show it. ``min``/``max`` are where a slider starts; the only
bounds a value must keep are the schema's own (``field_bounds``, read from the
pydantic field constraints, carried on each driver as ``lowest``/``highest``):
a control widens its range to show any value the schema accepts
(``control_range``), so a valid share link or file never breaks a widget.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import typing
from dataclasses import dataclass, field

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from model.driver_spec import Display, Group, Instance, _unwrap, specs_of
from model.scenario import Scenario, value_at

__all__ = ["Display", "Driver", "driver_from", "drivers_for", "field_bounds", "headline"]


@dataclass(frozen=True)
class Driver:
    path: str
    label: str
    unit: str
    group: Group
    min: float
    max: float
    step: float
    display: Display
    help: str = ""
    lowest: float = field(default=-math.inf, compare=False)
    """The schema's lower bound for this path (``field_bounds``); set by ``drivers_for``."""
    highest: float = field(default=math.inf, compare=False)
    """The schema's upper bound for this path (``field_bounds``); set by ``drivers_for``."""

    def value(self, scenario: Scenario) -> float:
        """The scenario's value (an on/off driver gives 1.0 or 0.0)."""
        return float(value_at(scenario, self.path))  # type: ignore[arg-type]

    def control_range(self, *values: float) -> tuple[float, float]:
        """A control's (min, max): the driver's slider range widened to hold every value in ``values`` (each one the
        schema accepts), and never past the schema's own bounds. E.g. revenue 0..1,000 with a value of 5,000 -> 0..5,000."""
        finite = [v for v in values if math.isfinite(v)]
        lo = max(min([self.min, *finite]), self.lowest)
        hi = min(max([self.max, *finite]), self.highest)
        return lo, hi


@functools.lru_cache(maxsize=8192)  # a pure function of the schema (fixed) and the path; the sidebar asks every rerun
def field_bounds(path: str, model: type[BaseModel] = Scenario) -> tuple[float, float]:
    """The schema's bounds for the number at dotted ``path``: (ge or gt, le or lt) from the pydantic field's
    constraints, -inf/inf where it has none. 'economics.revenue_usd_per_dau_per_month' -> (0.0, 100000.0).
    (A strict ``gt``/``lt`` is returned as the bound itself; validation still refuses the bound.) KeyError if no field."""
    node: object = model
    metadata: list[object] = []
    for part in path.split("."):
        if isinstance(node, type) and issubclass(node, BaseModel) and part in node.model_fields:
            info = node.model_fields[part]
            node, metadata = _unwrap(info.annotation)
            metadata = [*info.metadata, *metadata]
        elif part.isdigit() and typing.get_origin(node) in (list, tuple):
            node, metadata = _unwrap(typing.get_args(node)[0])
        elif typing.get_origin(node) is dict:
            node, metadata = _unwrap(typing.get_args(node)[1])
        else:
            raise KeyError(path)
    lo, hi = -math.inf, math.inf
    # Field(...) inside Annotated arrives as a FieldInfo whose own metadata holds the constraints.
    flat = [c for m in metadata for c in (m.metadata if isinstance(m, FieldInfo) else [m])]
    for m in flat:
        for attr in ("ge", "gt"):
            if getattr(m, attr, None) is not None:
                lo = max(lo, float(getattr(m, attr)))
        for attr in ("le", "lt"):
            if getattr(m, attr, None) is not None:
                hi = min(hi, float(getattr(m, attr)))
    return lo, hi


def drivers_for(scenario: Scenario) -> tuple[Driver, ...]:
    """Every driver of ``scenario``, one per Spec in the schema (``model.driver_spec``): the scalars, then one per
    optimisation phase, cache hit rate and line item, in the catalogue's order (a Spec with ``control=False`` is left out)."""
    return tuple(_with_schema_bounds(driver_from(d)) for d in specs_of(scenario) if d.spec.control)


def driver_from(d: Instance) -> Driver:
    """The control for one declared driver: its Spec's words and slider, the slider's ends taken from sibling fields
    where the Spec says so (the reserved discount's plausible low and high) and widened to ``max_per_value`` times the
    value (a line item's price: max(1,000, 4 x price), by $100 above $5,000)."""
    s = d.spec
    low = float(getattr(d.owner, s.min_from)) if s.min_from else s.min
    top = float(getattr(d.owner, s.max_from)) if s.max_from else s.max
    if s.max_per_value:
        top = max(top, float(d.value) * s.max_per_value)  # type: ignore[arg-type]
    step = s.coarse_step[1] if s.coarse_step and top > s.coarse_step[0] else s.step
    return Driver(d.path, d.label(), s.unit, s.group, low, top, step, s.display, s.help)


def headline(scenario: Scenario, group: str) -> Driver:
    """The driver its group's page shows as its headline figure (``Spec.headline``)."""
    return next(_with_schema_bounds(driver_from(d)) for d in specs_of(scenario) if d.spec.headline and d.spec.group == group)


def _with_schema_bounds(d: Driver) -> Driver:
    lowest, highest = field_bounds(d.path)
    return dataclasses.replace(d, lowest=lowest, highest=highest)
