"""CSV that a spreadsheet opens as data, never as formulas: the one CSV writer of the project.

Spreadsheets evaluate a cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (and some read a leading tab or
carriage return the same way), so text from a scenario (names, checklist items, notes) could run as a formula
(``=HYPERLINK(...)``, ``=cmd|...``) when finance opens the CSV. Every text field, headers included:
- is quoted (``csv.QUOTE_NONNUMERIC``: numbers stay bare so they open as numbers), so a CR, LF or tab inside it
  stays inside the cell (``ok\\r=1+1`` is one cell, not a second line starting with a formula);
- gets a ``'`` before a leading ``= + - @ tab CR LF``, and after every CR or LF inside it when the next character
  is one of those, so no line of the cell's text starts like a formula whichever way a reader splits it;
- has its other control characters (ESC, BEL, ...) escaped (``\\x1b``), so printing the CSV on a terminal runs
  no escape sequence.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from model.safetext import escape_controls

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_AFTER_BREAK = re.compile(r"([\r\n])(?=[=+\-@\t])")


def neutralise(text: str) -> str:
    """``text`` safe in a CSV cell: no line of it starts like a formula, no terminal escape sequence."""
    text = escape_controls(text, keep="\t\r\n")
    text = _AFTER_BREAK.sub(r"\1'", text)
    return "'" + text if text.startswith(FORMULA_START) else text


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return str(value)  # a bool is an int to csv; write it as the word, quoted like any text
    if isinstance(value, int | float):
        return value if not (isinstance(value, float) and not math.isfinite(value)) else str(value)
    if value is None:
        return ""
    return neutralise(str(value))


def csv_text(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    """CSV of ``rows`` under ``header``: text quoted and neutralised (see the module), numbers bare."""
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    writer.writerow([neutralise(str(h)) for h in header])
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return buf.getvalue()


def records_csv(records: Sequence[Mapping[str, Any]]) -> str:
    """CSV of dict rows, with the first row's keys as the header (empty text for no rows)."""
    if not records:
        return ""
    header = list(records[0])
    return csv_text(header, ([r.get(k) for k in header] for r in records))
