"""Imported actuals in the workspace store: named, immutable sets of the internal actuals table.

A set is the table ``actuals/read.py`` produces (``model.variance.ACTUAL_COLUMNS``: month, category, vendor, service,
amount_usd, quantity, unit, currency, amount, source), saved with who imported it, when, from which file and in
which format, and with the monthly DAU imported with it when there was one (``actuals.read.read_dau``: month, dau). It is saved whole in one transaction or not at all, never changed, and loads back as the same table
(same columns, dtypes, order and values; a missing text or number is NULL in the database and missing again when
loaded). These functions work inside a ``Store`` session; ``store.workspace.Store`` is the API that calls them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pandas as pd
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from model.variance import ACTUAL_CATEGORIES, ACTUAL_COLUMNS
from store.db import StoreError, clean_name
from store.tables import NAME_MAX_CHARS, ActualsDau, ActualsRow, ActualsSet

CHUNK_ROWS = 5_000
"""Rows inserted per statement: a large bill is written in pieces, all inside the one transaction."""
FORMATS = ("focus", "focus-monthly", "openai", "anthropic", "simple", "typed", "mixed")
"""What read the rows: one of actuals/read.py's formats, typed (the app's form) or mixed (several of them)."""
TEXT_COLUMNS = ("month", "category", "vendor", "service", "unit", "currency", "source")
NUMBER_COLUMNS = ("amount_usd", "quantity", "amount")
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


@dataclass(frozen=True)
class ActualsSetInfo:
    """One stored actuals set, without its rows."""

    name: str
    imported_at: datetime
    author: str
    source_file: str
    format: str
    row_count: int
    first_month: str
    last_month: str
    dau_months: int = 0
    """Months of actual DAU stored with the set (0: none; the variance at the actual DAU needs them)."""

    def as_record(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "imported_at": self.imported_at.isoformat(),
            "author": self.author,
            "source_file": self.source_file,
            "format": self.format,
            "rows": self.row_count,
            "months": f"{self.first_month}..{self.last_month}",
            "dau_months": self.dau_months,
        }


def clean_set_name(name: str) -> str:
    """An actuals set's name as stored: the same rule as a saved scenario's (``store.db.clean_name``)."""
    return clean_name(name, kind="an actuals set", limit=NAME_MAX_CHARS)


def _text(value: Any) -> str | None:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _number(value: Any) -> float | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return float(value)


def table_rows(frame: pd.DataFrame, *, where: str = "actuals") -> list[dict[str, Any]]:
    """The rows of an actuals table as plain values, checked: every column present, at least one row, month
    YYYY-MM, a known category, amount_usd a finite number, quantity and amount numbers where given."""
    if not isinstance(frame, pd.DataFrame):
        raise StoreError(f"{where}: expected the actuals table", what="actuals")
    missing = [c for c in ACTUAL_COLUMNS if c not in frame.columns]
    if missing:
        raise StoreError(f"{where}: column {missing[0]!r} is missing", what=missing[0])
    if frame.empty:
        raise StoreError(f"{where}: no rows to save", what="actuals")
    rows = []
    for i, raw in enumerate(frame[list(ACTUAL_COLUMNS)].itertuples(index=False, name=None)):
        row = dict(zip(ACTUAL_COLUMNS, raw, strict=True))
        out: dict[str, Any] = {c: _text(row[c]) for c in TEXT_COLUMNS}
        try:
            out |= {c: _number(row[c]) for c in NUMBER_COLUMNS}
        except (TypeError, ValueError):
            bad = next(c for c in NUMBER_COLUMNS if not _is_number(row[c]))
            raise StoreError(f"{where}: row {i + 1}: {bad} must be a number (got {str(row[bad])[:40]!r})", what=bad) from None
        if out["month"] is None or not _MONTH.fullmatch(out["month"]):
            raise StoreError(f"{where}: row {i + 1}: month must be YYYY-MM (got {str(out['month'])[:40]!r})", what="month")
        if out["category"] not in ACTUAL_CATEGORIES:
            raise StoreError(
                f"{where}: row {i + 1}: category must be one of {', '.join(ACTUAL_CATEGORIES)} (got {str(out['category'])[:40]!r})",
                what="category",
            )
        for c in NUMBER_COLUMNS:
            if out[c] is not None and not math.isfinite(out[c]):
                raise StoreError(f"{where}: row {i + 1}: {c} must be a finite number", what=c)
        if out["amount_usd"] is None:
            raise StoreError(f"{where}: row {i + 1}: amount_usd must be given", what="amount_usd")
        rows.append(out)
    return rows


def dau_rows(frame: pd.DataFrame | None, *, where: str = "DAU") -> list[dict[str, Any]]:
    """The monthly DAU as plain values, checked: columns month and dau, month YYYY-MM and each month once, dau a
    finite positive number. None (no DAU imported) or no rows: nothing to store."""
    if frame is None:
        return []
    if not isinstance(frame, pd.DataFrame):
        raise StoreError(f"{where}: expected a table of month and dau", what="dau")
    missing = [c for c in ("month", "dau") if c not in frame.columns]
    if missing:
        raise StoreError(f"{where}: column {missing[0]!r} is missing", what=missing[0])
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, (month, dau) in enumerate(frame[["month", "dau"]].itertuples(index=False, name=None)):
        m = _text(month)
        if m is None or not _MONTH.fullmatch(m):
            raise StoreError(f"{where}: row {i + 1}: month must be YYYY-MM (got {str(month)[:40]!r})", what="month")
        if m in seen:
            raise StoreError(f"{where}: row {i + 1}: month {m} is given twice", what="month")
        seen.add(m)
        try:
            value = _number(dau)
        except (TypeError, ValueError):
            value = None
        if value is None or not math.isfinite(value) or value <= 0:
            raise StoreError(f"{where}: row {i + 1}: dau must be a positive number (got {str(dau)[:40]!r})", what="dau")
        rows.append({"month": m, "dau": value})
    return sorted(rows, key=lambda r: r["month"])


def dau_of(rows: Sequence[dict[str, Any]]) -> pd.DataFrame | None:
    """Stored DAU rows back as the DAU table ``read_dau`` builds (month as pandas strings, dau float64, by month);
    None when the set has none."""
    if not rows:
        return None
    return pd.DataFrame(
        {
            "month": pd.Series([r["month"] for r in rows], dtype="str"),
            "dau": pd.Series([float(r["dau"]) for r in rows], dtype="float64"),
        }
    )


def _is_number(value: Any) -> bool:
    try:
        _number(value)
    except (TypeError, ValueError):
        return False
    return True


def table_of(rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """Plain rows back as the actuals table: text columns as pandas strings (NULL missing), numbers as float64
    (NULL as NaN), in ACTUAL_COLUMNS order with a fresh 0..n-1 index, exactly as the importers build it."""
    data: dict[str, pd.Series] = {}
    for c in ACTUAL_COLUMNS:
        values = [r[c] for r in rows]
        if c in NUMBER_COLUMNS:
            data[c] = pd.Series([math.nan if v is None else float(v) for v in values], dtype="float64")
        else:
            data[c] = pd.Series(values, dtype="str")
    return pd.DataFrame(data, columns=list(ACTUAL_COLUMNS))


def _info(row: ActualsSet, first: str | None, last: str | None, dau_months: int | None = 0) -> ActualsSetInfo:
    when = row.imported_at if row.imported_at.tzinfo else row.imported_at.replace(tzinfo=UTC)
    return ActualsSetInfo(
        name=row.name,
        imported_at=when,
        author=row.author,
        source_file=row.source_file,
        format=row.format,
        row_count=row.row_count,
        first_month=first or "",
        last_month=last or "",
        dau_months=int(dau_months or 0),
    )


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _insert_chunk(session: Session, set_id: int, start: int, chunk: list[dict[str, Any]]) -> None:
    session.execute(insert(ActualsRow), [{"set_id": set_id, "position": start + i, **r} for i, r in enumerate(chunk)])


def _set_row(session: Session, name: str) -> ActualsSet:
    row = session.execute(select(ActualsSet).where(ActualsSet.name == name)).scalar_one_or_none()
    if row is None:
        raise StoreError(f"no actuals set named {name!r}", what="name")
    return row


def _months(session: Session, set_id: int) -> tuple[str | None, str | None]:
    first, last = session.execute(
        select(func.min(ActualsRow.month), func.max(ActualsRow.month)).where(ActualsRow.set_id == set_id)
    ).one()
    return first, last


def insert_set(
    session: Session,
    name: str,
    rows: list[dict[str, Any]],
    *,
    source_file: str,
    fmt: str,
    author: str,
    imported_at: datetime | None = None,
    dau: Sequence[dict[str, Any]] = (),
) -> ActualsSetInfo:
    """Add a set, all its rows and its monthly DAU (``dau_rows``) in ``session`` (the caller's one transaction).
    A taken name is refused."""
    if session.execute(select(ActualsSet.id).where(ActualsSet.name == name)).first() is not None:
        raise StoreError(
            f"an actuals set named {name!r} already exists; saved actuals never change, so pick another name", what="name"
        )
    if fmt not in FORMATS:
        raise StoreError(f"format must be one of {', '.join(FORMATS)} (got {fmt[:40]!r})", what="format")
    parent = ActualsSet(
        name=name,
        imported_at=imported_at or datetime.now(UTC),
        author=author,
        source_file=" ".join(str(source_file).split())[:1000],
        format=fmt,
        row_count=len(rows),
    )
    session.add(parent)
    session.flush()
    for start, chunk in zip(range(0, len(rows), CHUNK_ROWS), _chunks(rows, CHUNK_ROWS), strict=True):
        _insert_chunk(session, parent.id, start, chunk)
    if dau:
        session.execute(insert(ActualsDau), [{"set_id": parent.id, "month": r["month"], "dau": r["dau"]} for r in dau])
    months = [r["month"] for r in rows]
    return _info(parent, min(months), max(months), len(dau))


def list_sets(session: Session) -> list[ActualsSetInfo]:
    """Every stored set, by name, with its first and last month and how many months of DAU it carries."""
    span = (
        select(ActualsRow.set_id, func.min(ActualsRow.month).label("first"), func.max(ActualsRow.month).label("last"))
        .group_by(ActualsRow.set_id)
        .subquery()
    )
    dau = select(ActualsDau.set_id, func.count().label("months")).group_by(ActualsDau.set_id).subquery()
    found = session.execute(
        select(ActualsSet, span.c.first, span.c.last, dau.c.months)
        .outerjoin(span, span.c.set_id == ActualsSet.id)
        .outerjoin(dau, dau.c.set_id == ActualsSet.id)
        .order_by(ActualsSet.name)
    ).all()
    return [_info(row, first, last, months) for row, first, last, months in found]


def set_info(session: Session, name: str) -> ActualsSetInfo:
    row = _set_row(session, name)
    months = session.execute(select(func.count()).select_from(ActualsDau).where(ActualsDau.set_id == row.id)).scalar_one()
    return _info(row, *_months(session, row.id), months)


def read_rows(session: Session, name: str) -> tuple[ActualsSetInfo, list[dict[str, Any]]]:
    """A set's details and its rows as plain values, in the order they were saved."""
    parent = _set_row(session, name)
    cols = [getattr(ActualsRow, c) for c in ACTUAL_COLUMNS]
    found = session.execute(select(*cols).where(ActualsRow.set_id == parent.id).order_by(ActualsRow.position)).all()
    rows = [dict(zip(ACTUAL_COLUMNS, r, strict=True)) for r in found]
    months = [r["month"] for r in rows]
    return _info(parent, min(months, default=None), max(months, default=None)), rows


def read_dau_rows(session: Session, name: str) -> list[dict[str, Any]]:
    """A set's monthly DAU as plain values, by month (empty when none was imported with it)."""
    parent = _set_row(session, name)
    found = session.execute(
        select(ActualsDau.month, ActualsDau.dau).where(ActualsDau.set_id == parent.id).order_by(ActualsDau.month)
    ).all()
    return [{"month": m, "dau": float(d)} for m, d in found]


def delete_set(session: Session, name: str) -> None:
    session.delete(_set_row(session, name))


# --- backups ------------------------------------------------------------------------------------


def export_sets(session: Session) -> list[dict[str, Any]]:
    """Every set with its rows, JSON-ready (for ``store export``)."""
    out = []
    for info in list_sets(session):
        _, rows = read_rows(session, info.name)
        out.append(
            {
                "name": info.name,
                "imported_at": info.imported_at.isoformat(),
                "author": info.author,
                "source_file": info.source_file,
                "format": info.format,
                "rows": rows,
                "dau": read_dau_rows(session, info.name),
            }
        )
    return out


def read_export_sets(data: dict[str, Any], source: str) -> list[dict[str, Any]]:
    """The ``actuals_sets`` of an export, checked (absent in exports made before actuals were stored: none)."""
    entries = data.get("actuals_sets", [])
    if not isinstance(entries, list):
        raise StoreError(f'{source}: "actuals_sets" must be a list', what="actuals_sets")
    out = []
    for i, entry in enumerate(entries):
        where = f"{source}: actuals_sets.{i}"
        if not isinstance(entry, dict) or not isinstance(entry.get("rows"), list):
            raise StoreError(f"{where}: expected an object with a list of rows", what="actuals_sets")
        if not all(isinstance(r, dict) for r in entry["rows"]):
            raise StoreError(f"{where}.rows: every row must be an object", what="actuals_sets")
        rows = table_rows(pd.DataFrame(entry["rows"], columns=list(ACTUAL_COLUMNS)), where=f"{where}.rows")
        # "dau" is absent in exports made before a set carried its DAU: none.
        dau_entries = entry.get("dau") or []
        if not isinstance(dau_entries, list) or not all(isinstance(r, dict) for r in dau_entries):
            raise StoreError(f"{where}.dau: expected a list of objects with month and dau", what="actuals_sets")
        dau = dau_rows(pd.DataFrame(dau_entries, columns=["month", "dau"]), where=f"{where}.dau")
        try:
            when = datetime.fromisoformat(str(entry.get("imported_at")))
        except ValueError:
            raise StoreError(f"{where}.imported_at: not an ISO date-time", what="actuals_sets") from None
        out.append(
            {
                "name": clean_set_name(str(entry.get("name", ""))),
                "imported_at": when if when.tzinfo else when.replace(tzinfo=UTC),
                "author": " ".join(str(entry.get("author") or "").split())[:NAME_MAX_CHARS] or "local",
                "source_file": str(entry.get("source_file") or ""),
                "format": str(entry.get("format") or ""),
                "rows": rows,
                "dau": dau,
            }
        )
    return out


def import_sets(session: Session, entries: list[dict[str, Any]], source: str) -> tuple[int, int]:
    """Add the sets of an export: (added, already there). A set of the same name with other rows or DAU is refused."""
    added = skipped = 0
    for entry in entries:
        existing = session.execute(select(ActualsSet).where(ActualsSet.name == entry["name"])).scalar_one_or_none()
        if existing is not None:
            _, rows = read_rows(session, entry["name"])
            if rows != entry["rows"] or read_dau_rows(session, entry["name"]) != entry["dau"]:
                raise StoreError(
                    f"{source}: the actuals set {entry['name']!r} is already stored with different rows or DAU; "
                    "nothing was imported",
                    what="actuals_sets",
                )
            skipped += 1
            continue
        insert_set(
            session,
            entry["name"],
            entry["rows"],
            source_file=entry["source_file"],
            fmt=entry["format"],
            author=entry["author"],
            imported_at=entry["imported_at"],
            dau=entry["dau"],
        )
        added += 1
    return added, skipped
