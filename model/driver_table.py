"""docs/drivers.md: the table of every declared driver, generated from the Specs (``make drivers``).

    .venv/bin/python -m model.driver_table > docs/drivers.md

``tests/model/test_driver_table.py`` fails when the published table is out of date with model/scenario.py.
"""

from __future__ import annotations

import math

from model.driver_spec import Declared, declared
from model.drivers import field_bounds
from model.scenario import Scenario

DOC_PATH_IN_REPO = "docs/drivers.md"

HEADER = """# Drivers

Generated from the `Spec` on each field of `model/scenario.py` by `make drivers`; do not edit by hand
(`tests/model/test_driver_table.py` checks it is up to date). A `*` stands for each element of a list: one
driver per model of the mix (the first only), per optimisation phase, per cache with a hit rate, per line item.

- **Bounds**: what the schema accepts (every value a control, share link or file may hold).
- **Slider**: where a control starts, and its step; it widens to show any value within the bounds.
- **Excel name**: the defined name of its Live cell on the workbook's Assumptions sheet (also the `costs.Params`
  attribute, unless **Params** says otherwise).
"""


def _number(x: float) -> str:
    if math.isinf(x):
        return "-inf" if x < 0 else "inf"
    return f"{x:,.10g}"


def _bounds(d: Declared) -> str:
    if d.spec.display == "bool":
        return "true / false"
    low, high = field_bounds(d.pattern.replace("*", "0"))
    return f"{_number(low)} .. {_number(high)}"


def _slider(d: Declared) -> str:
    s = d.spec
    if s.display == "bool":
        return "on/off"
    low = f"`{s.min_from}`" if s.min_from else _number(s.min)
    high = f"`{s.max_from}`" if s.max_from else _number(s.max)
    if s.max_per_value:
        high = f"max({high}, {s.max_per_value:g} x value)"
    step = f"{_number(s.step)}" + (f" ({_number(s.coarse_step[1])} above {_number(s.coarse_step[0])})" if s.coarse_step else "")
    return f"{low} .. {high}, step {step}" + ("" if s.control else " (goal seek only, no sidebar control)")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown() -> str:
    """The driver table, one row per declared driver in the catalogue's order."""
    lines = [
        HEADER,
        "| Path | Label | Unit | Group | Bounds | Slider | Excel name | Params | Sheet format |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for d in declared(Scenario):
        s = d.spec
        params = s.param if s.param and s.param != s.name else ""
        lines.append(
            "| "
            + " | ".join(
                _cell(c)
                for c in (
                    f"`{d.pattern}`",
                    s.label,
                    s.unit,
                    s.group,
                    _bounds(d),
                    _slider(d),
                    f"`{s.name}`" if s.name else "",
                    f"`{params}`" if params else "",
                    s.cell,
                )
            )
            + " |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
