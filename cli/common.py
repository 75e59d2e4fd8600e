"""What every command shares: the output formats (table, JSON, CSV) and the one error type for a bad argument."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

from model import formatting as fmt
from model.safetext import one_line

FORMATS = ("table", "json", "csv")


class UsageError(ValueError):
    """A bad command-line value; reported like a bad scenario."""


def render(rows: list[dict[str, Any]], fmt_name: str, table_columns: dict[str, Callable[[Any], str]] | None = None) -> str:
    """Rows as a table (formatted for people), JSON (raw numbers) or CSV (raw numbers, text never a formula)."""
    if fmt_name == "json":
        return json_text(rows)
    flat = [{k: v for k, v in r.items() if not isinstance(v, list | dict | tuple)} for r in rows]
    if fmt_name == "csv":
        from outputs.csv_text import records_csv  # the one CSV writer: text quoted and never a formula

        return records_csv(flat)
    columns = table_columns or {k: _cell_text for k in (flat[0] if flat else {})}
    # A cell holds one line: a name with a newline or an escape sequence must not break the table or the terminal.
    cells = [[cell(name) for name in columns]] + [[cell(f(r[name])) for name, f in columns.items()] for r in flat]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    lines = [
        "  ".join(c.rjust(w) if j else c.ljust(w) for j, (c, w) in enumerate(zip(row, widths, strict=True))) for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


MAX_CELL = 200
"""Longest table cell, in characters (a longer name is cut with '...')."""
MAX_ERROR = 300
"""Longest error line, in characters."""


def cell(text: str) -> str:
    """One table cell or name on one line, control characters escaped, cut to MAX_CELL characters."""
    return one_line(text, MAX_CELL)


def _cell_text(value: Any) -> str:
    """A cell of a table with no column formats: numbers readable at any size (1.52e+301, not 302 digits)."""
    if isinstance(value, float):
        return fmt.number(value, 4) if abs(value) < 10 else fmt.number(value)
    return str(value)


def _finite(value: Any) -> Any:
    """JSON has no Infinity or NaN: a utilisation past float range (a capacity of 1e-300) is written as null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def json_text(value: Any) -> str:
    """``value`` as strict JSON (non-finite numbers as null), indented, with a final newline."""
    return json.dumps(_finite(value), indent=2, default=str, allow_nan=False) + "\n"
