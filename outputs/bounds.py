"""What the scenario schema allows at a field path, read from the pydantic fields (never retyped).

    bounds_at("ai.calls_per_dau_per_day")  -> Bounds(kind="decimal", low=0.0, high=10000.0, ...)
    bounds_at("tiers_dau.0")               -> Bounds(kind="whole", low=0, low_strict=True, high=100000000, ...)
    bounds_at("reserved_instances.applied") -> Bounds(kind="flag", low=0, high=1)
    bounds_at("levels.0.line_items.0.category") -> Bounds(kind="code", codes=("hosting", ...))

The workbook turns these into data validation on the Assumptions sheet and into the input checks on Checks.
"""

from __future__ import annotations

import functools
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, Union

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from i18n.text import N_
from model.scenario import PriceOverride, Scenario

Kind = Literal["whole", "decimal", "flag", "code", "month", "text"]


@dataclass(frozen=True)
class Bounds:
    kind: Kind
    low: float | None = None
    high: float | None = None
    low_strict: bool = False
    high_strict: bool = False
    nullable: bool = False
    """None is a valid value (the workbook leaves the cell blank)."""
    codes: tuple[str, ...] = ()

    def rule(self) -> str:
        """The rule in words, e.g. 'a number > 0 and <= 10' (from catalogue templates, so the workbook can translate it)."""
        if self.kind == "flag":
            return N_("1 (yes) or 0 (no)")
        if self.kind == "code":
            return N_("one of {codes}").format(codes=", ".join(self.codes))
        if self.kind == "month":
            return N_("a month (a date)")
        whole = self.kind == "whole"
        low = f"{'>' if self.low_strict else '>='} {self.low:,.10g}" if self.low is not None else None
        high = f"{'<' if self.high_strict else '<='} {self.high:,.10g}" if self.high is not None else None
        if low is not None and high is not None:
            rule = (N_("a whole number {low} and {high}") if whole else N_("a number {low} and {high}")).format(
                low=low, high=high
            )
        elif low is not None or high is not None:
            rule = (N_("a whole number {low}") if whole else N_("a number {low}")).format(low=low or high)
        else:
            rule = N_("a whole number") if whole else N_("a number")
        return N_("{rule} (or blank)").format(rule=rule) if self.nullable else rule


def _unwrap(annotation: Any) -> tuple[Any, list[Any], bool]:
    """(bare type, constraint metadata, nullable) of an annotation such as Optional[Annotated[float, Field(ge=0)]]."""
    nullable = False
    meta: list[Any] = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            base, *extra = typing.get_args(annotation)
            for e in extra:
                meta.extend(e.metadata if isinstance(e, FieldInfo) else [e])
            annotation = base
        elif origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            nullable = nullable or len(args) < len(typing.get_args(annotation))
            annotation = args[0]
        else:
            return annotation, meta, nullable


def _from(annotation: Any, meta: list[Any], nullable: bool) -> Bounds | None:
    if typing.get_origin(annotation) is Literal:
        return Bounds("code", codes=tuple(str(a) for a in typing.get_args(annotation)), nullable=nullable)
    if annotation is bool:
        return Bounds("flag", low=0, high=1, nullable=nullable)
    if annotation not in (int, float):
        return None
    low = high = None
    low_strict = high_strict = False
    for m in meta:
        if isinstance(m, Ge):
            low = float(m.ge)  # type: ignore[arg-type]
        elif isinstance(m, Gt):
            low, low_strict = float(m.gt), True  # type: ignore[arg-type]
        elif isinstance(m, Le):
            high = float(m.le)  # type: ignore[arg-type]
        elif isinstance(m, Lt):
            high, high_strict = float(m.lt), True  # type: ignore[arg-type]
    kind: Kind = "whole" if annotation is int else "decimal"
    if kind == "whole" and low_strict and low is not None:
        low, low_strict = low + 1, False  # a whole number > 0 is >= 1
    return Bounds(kind, low, high, low_strict, high_strict, nullable)


PRICE_FIELDS = {"write_usd_per_mtok": "cache_write_usd_per_mtok"}
"""Workbook price rows (TokenPrices' attribute names) whose PriceOverride field has another name."""


@functools.lru_cache(maxsize=4096)
def bounds_at(path: str) -> Bounds | None:
    """The schema's rule for the value at dotted ``path`` of a Scenario; None for a field that is not a number, flag or code.

    ``prices.M.<attr>`` (the workbook's price rows) reads ``PriceOverride``'s field of that name; month fields give kind 'month'.
    """
    parts = path.split(".")
    node: Any = Scenario
    if parts[0] == "prices" and len(parts) == 3:
        # The price rows are named for TokenPrices' attributes; the cache-write price is PriceOverride's cache_write_... field.
        node, parts = PriceOverride, [PRICE_FIELDS.get(parts[2], parts[2])]
    meta: list[Any] = []
    for part in parts:
        base, _, _ = _unwrap(node)
        origin = typing.get_origin(base)
        if isinstance(base, type) and issubclass(base, BaseModel):
            field = base.model_fields.get(part)
            if field is None:
                return None
            node, meta = field.annotation, list(field.metadata)
        elif origin in (list, tuple) and part.isdigit():
            args = typing.get_args(base)
            node, meta = (args[min(int(part), len(args) - 1)] if origin is tuple else args[0]), []
        elif origin is dict:
            node, meta = typing.get_args(base)[1], []
        else:
            return None
    base, more, nullable = _unwrap(node)
    meta = [*meta, *more]
    if base is str and any(getattr(m, "pattern", None) == MONTH_PATTERN for m in meta):
        return Bounds("month", nullable=nullable)
    return _from(base, meta, nullable)


MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
