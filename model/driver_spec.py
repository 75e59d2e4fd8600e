"""One declaration per driver: a ``Spec`` attached to the scenario field itself.

A driver is a number a founder can move. Its field in ``model/scenario.py`` carries everything every reader needs::

    calls_per_dau_per_day: Annotated[float, Field(ge=0.0, le=10_000.0), Spec(N_("AI calls per DAU per day"), ...)]

- the bounds a value must keep: the pydantic constraints (``model.drivers.field_bounds``);
- what a person reads: ``label``, ``unit``, ``help`` (msgids of the message catalogue, marked with ``N_``);
- the control: ``group``, the slider's ``min``/``max``/``step``, ``display``;
- the workbook: ``name`` (the Assumptions sheet's defined name, also the ``Params`` attribute unless ``param`` says
  otherwise), ``cell`` (its number format), and ``sheet_label``/``sheet_unit`` where the sheet words it differently.

Readers walk the schema (``declared`` for the field paths, ``specs_of`` for a scenario's instances): the sidebar's
controls (``model.drivers.drivers_for``), the ranges the analysis can move (``model.analysis.ranges``), the
Assumptions sheet (``outputs.assumptions``) and the generated table in docs/drivers.md. A Spec is plain metadata:
pydantic ignores it, so the published JSON Schema does not change.

A field inside a list (a model of the mix, a phase, a cache, a line item) has one driver per element; its ``label``
is a template over the element's fields (``"{name} hit rate"``) and, for a line item, the enclosing level's
(``"L{level.number} {vendor} {plan}"``). Its ``sheet_label`` is a template over the slot number ``{n}`` (1-based),
because the sheet's rows hold every scenario's element in that slot.
"""

from __future__ import annotations

import functools
import types
import typing
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel

Display = Literal["usd", "usd_cents", "fraction", "number", "dau", "bool"]
Group = Literal["AI", "Caching", "Infrastructure", "Reserved instances", "General"]
Cell = Literal["number", "integer", "percent", "multiple", "flag", "usd", "usd_cents"]
"""The Assumptions sheet's number format (``outputs.assumptions.CELL_FORMATS``): 1.25, 1,250, 25%, 0.60x, 1/0, $1,250,
$1.50."""


@dataclass(frozen=True)
class Spec:
    """Everything about one driver that is not its value or its bounds (those are the field's own)."""

    label: str
    unit: str
    group: Group
    display: Display
    min: float
    """Where the slider starts (the schema's bounds are the hard limits; a control widens to show any valid value)."""
    max: float
    step: float
    help: str = ""
    name: str | None = None
    """The Assumptions sheet's defined name for the Live cell; also the ``Params`` attribute (unless ``param``)."""
    param: str | None = None
    """The ``costs.Params`` attribute where it differs from ``name``."""
    cell: Cell = "number"
    sheet_label: str | None = None
    """The Assumptions sheet's label where it differs from ``label`` (for a list element: a template over ``{n}``)."""
    sheet_unit: str | None = None
    order: int = 0
    """Position in the catalogue (the sidebar lists a group's controls in this order; elements of a list keep theirs)."""
    min_from: str | None = None
    """A sibling field whose value starts the slider (the reserved discount's plausible low)."""
    max_from: str | None = None
    max_per_value: float = 0.0
    """The slider reaches at least this many times the value (a line item's price: 4x)."""
    coarse_step: tuple[float, float] | None = None
    """(top, step): a slider whose top is above ``top`` moves by ``step`` instead."""
    slots: int | None = None
    """Only the first ``slots`` elements of the list get a control (a two-model mix: the other model takes the rest)."""
    headline: bool = False
    """Shown as its page's headline figure (the AI page's calls per DAU)."""
    control: bool = True
    """False: no sidebar control (not a cost driver); the pages that move it ask for it by path (goal seek's revenue)."""

    @property
    def attribute(self) -> str | None:
        """The ``costs.Params`` attribute this driver sets (None: not a plain scalar of ``Params``)."""
        return self.param or self.name


@dataclass(frozen=True)
class Declared:
    """A Spec and where it sits: ``pattern`` is the field path with ``*`` for each list index ('caching.caches.*.hit_rate')."""

    pattern: str
    spec: Spec


@dataclass(frozen=True)
class Instance:
    """One driver of one scenario: its dotted path, value, the object holding the field, and the enclosing list elements."""

    path: str
    spec: Spec
    value: object
    owner: BaseModel
    context: dict[str, object]
    """The owner's fields, plus each enclosing list element by its type's name in lower case ('level')."""
    slot: int | None = None
    """The index of the innermost list element (None for a scalar driver)."""

    def label(self) -> str:
        """The Spec's label with the element's fields put in ('{name} hit rate' -> 'Saju result hit rate')."""
        return self.spec.label.format_map(self.context)


def spec_of(metadata: list[object]) -> Spec | None:
    return next((m for m in metadata if isinstance(m, Spec)), None)


def _unwrap(annotation: object) -> tuple[object, list[object]]:
    """(the type inside Annotated/Optional, the metadata found on the way)."""
    metadata: list[object] = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = typing.get_args(annotation)
            metadata.extend(extra)
        elif origin in (typing.Union, types.UnionType):
            inner = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(inner) != 1:
                return annotation, metadata
            annotation = inner[0]
        else:
            return annotation, metadata


def _model_inside(annotation: object) -> tuple[type[BaseModel] | None, bool]:
    """(the pydantic model a field holds, directly or as list elements; whether it is a list)."""
    inner, _ = _unwrap(annotation)
    if typing.get_origin(inner) is list:
        inner, _ = _unwrap(typing.get_args(inner)[0])
        return (inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None), True
    return (inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None), False


def declared(model: type[BaseModel]) -> tuple[Declared, ...]:
    """Every Spec in ``model``'s schema with its path pattern, in the catalogue's order (``Spec.order``, then schema order)."""
    found: list[Declared] = []

    def walk(cls: type[BaseModel], prefix: str) -> None:
        for name, info in cls.model_fields.items():
            spec = spec_of(info.metadata)
            if spec is not None:
                found.append(Declared(prefix + name, spec))
            inner, is_list = _model_inside(info.annotation)
            if inner is not None:
                walk(inner, f"{prefix}{name}.*." if is_list else f"{prefix}{name}.")

    walk(model, "")
    return tuple(sorted(found, key=lambda d: d.spec.order))


@functools.cache
def _plan(cls: type[BaseModel]) -> tuple[tuple[str, Spec | None, type[BaseModel] | None, bool], ...]:
    """Per field of ``cls``: (name, its Spec, the model it holds, whether as a list); read once per class."""
    return tuple((name, spec_of(info.metadata), *_model_inside(info.annotation)) for name, info in cls.model_fields.items())


@functools.cache
def _holds_specs(cls: type[BaseModel]) -> bool:
    """Whether ``cls`` or a model inside it declares a driver (the walk skips the rest of the scenario)."""
    return any(spec is not None or (inner is not None and _holds_specs(inner)) for _, spec, inner, _ in _plan(cls))


def specs_of(root: BaseModel) -> tuple[Instance, ...]:
    """Every driver of ``root`` (a scenario): one per declared scalar, one per list element (the first ``slots``),
    none where the value is None (a cache without a hit rate). In the catalogue's order."""
    found: list[Instance] = []

    def walk(node: BaseModel, prefix: str, context: dict[str, object], slot: int | None) -> None:
        plan = _plan(type(node))
        own: dict[str, object] | None = None
        for name, spec, inner, is_list in plan:
            value = getattr(node, name)
            if spec is not None and value is not None and (spec.slots is None or (slot is not None and slot < spec.slots)):
                if own is None:
                    own = {**context, **{k: getattr(node, k) for k, *_ in plan}}
                found.append(Instance(prefix + name, spec, value, node, own, slot))
            if inner is None or value is None or not _holds_specs(inner):
                continue
            if is_list:
                for i, element in enumerate(value):
                    walk(element, f"{prefix}{name}.{i}.", {**context, type(element).__name__.lower(): element}, i)
            else:
                walk(value, f"{prefix}{name}.", context, slot)

    walk(root, "", {}, None)
    return tuple(sorted(found, key=lambda d: d.spec.order))


def element_driver(model: type[BaseModel]) -> tuple[str, Spec]:
    """(field name, Spec) of the one driver a list element's model declares (a model share's share of calls, a phase's
    cost multiplier, a cache's hit rate, a line item's price): the sheets and editors that lay out an element's fields
    find its driver here instead of naming it. ValueError if ``model`` declares none or several."""
    found = [(name, spec) for name, spec, *_ in _plan(model) if spec is not None]
    if len(found) != 1:
        raise ValueError(f"{model.__name__} declares {len(found)} drivers, not one")
    return found[0]


def instance_at(root: BaseModel, path: str) -> Instance | None:
    """The driver at dotted ``path`` of ``root``, if one is declared there."""
    return next((d for d in specs_of(root) if d.path == path), None)
