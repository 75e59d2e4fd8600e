"""The workbook context every sheet function receives.

A sheet is one function ``add_<sheet>(book: Book) -> None``. It reads the
scenarios from ``book.scenarios`` only to lay out rows and labels; every number
it shows is a formula that references the ``Live`` column of the Assumptions
sheet, through the defined names in ``book.names`` or the references in
``book.live`` / ``book.ranges``, or cells of the calculation sheets through
``book.calc_ref(key, tier)``. A sheet never writes a constant of its own: a
new constant belongs on Assumptions (``add_assumptions`` builds it from the
scenario, so a new scenario field gets a row there first).

What a new sheet can reference (examples for the plan):

- ``book.names["days_per_month"]`` -> ``"days_per_month"``: a defined name to use
  in formulas as is; ``book.live["ai.own_model.from_dau"]`` -> ``"'Assumptions'!$C$40"``:
  the Live cell of any scenario field path.
- ``book.ranges["tiers_dau"]``, ``["level_start_dau"]``, ... : live ranges.
- ``book.calc_ref("total_usd", tier)`` -> ``"'Calc'!$D$52"`` for tier 0..T-1, and
  ``book.calc_row[key]``/``book.calc_cols`` for whole rows (tiers across).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.workbook.defined_name import DefinedName

from model.scenario import Scenario
from outputs.bounds import Bounds


@dataclass(frozen=True)
class Counts:
    """Slots per list: the most any of the scenarios needs; a scenario with fewer leaves the rest blank."""

    tiers: int
    levels: int
    items: int
    models: int
    phases: int
    caches: int
    stated_rows: int
    milestones: int = 1
    months: int = 1
    """Months of the longest timeline (the Timeline sheet's rows)."""


@dataclass(frozen=True)
class InputCheck:
    """An input row of Assumptions and the rule its Live value must meet (the Checks sheet tests each)."""

    key: str
    label: str
    row: int
    bounds: Bounds
    anchor: str | None = None
    """None: always required. Another row's key: required only where that row is filled in (a used list slot).
    The row's own key: may be left blank."""


@dataclass
class Book:
    wb: Workbook
    scenarios: list[tuple[str, Scenario]]
    """(column key, scenario); the first is the exported one and is chosen when the workbook opens."""
    counts: Counts
    made_at: dt.datetime
    skipped: list[str] = field(default_factory=list)
    """Shipped scenarios that could not be loaded, with the reason (shown on the Cover)."""
    names: dict[str, str] = field(default_factory=dict)
    """Defined name -> the reference it stands for."""
    live: dict[str, str] = field(default_factory=dict)
    """Scenario field path (or row key) -> absolute reference of its Live cell."""
    ranges: dict[str, str] = field(default_factory=dict)
    """Live ranges: tiers_dau, level_start_dau, level_names, and per level 'levels.L.<field>' item ranges."""
    calc_row: dict[str, int] = field(default_factory=dict)
    calc_cols: list[str] = field(default_factory=list)
    rows: dict[str, dict[str, int]] = field(default_factory=dict)
    """Per sheet title: row key -> row number, for sheets that others reference."""
    vendor_rows: list[tuple[str, str]] = field(default_factory=list)
    """(vendor, category) rows of the Levels sheet's 'by vendor' block, which the Budget's line items follow."""
    inputs: list[InputCheck] = field(default_factory=list)
    """Every validated input row of Assumptions, in sheet order."""
    errors_over: list[str] = field(default_factory=list)
    """Output ranges the master check requires free of errors ('Calc'!$D$4:$H$60, ...)."""
    currency: str | None = None
    """The currency ``outputs.currency.add_currency`` adds (an ISO code), or None: USD only. The Budget and the Timeline
    then show their totals converted too, at Summary's switch (``shown_rate``)."""
    actuals: Any = None
    """The imported bills (``actuals.read``'s table, a DataFrame) for the Actuals and Variance sheets; None: no such sheets."""

    @property
    def exported(self) -> Scenario:
        return self.scenarios[0][1]

    def define(self, name: str, reference: str) -> str:
        """Give ``reference`` a workbook-level defined name; returns the name for use in formulas."""
        self.wb.defined_names[name] = DefinedName(name, attr_text=reference)
        self.names[name] = reference
        return name

    def calc_ref(self, key: str, tier: int) -> str:
        return f"'Calc'!${self.calc_cols[tier]}${self.calc_row[key]}"
