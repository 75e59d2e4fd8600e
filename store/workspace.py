"""The scenario store: saved scenarios with immutable numbered versions, locks (signed-off budgets), diffs, backups.

Plain data in and out: a ``Scenario`` (validated by model/) goes in, ``VersionInfo`` rows and ``Scenario`` objects
come out; nothing here draws or computes a cost. Every failure is a ``StoreError`` whose text is one line.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from model.loading import ScenarioError, parse_scenario
from model.overrides import differences
from model.scenario import Scenario
from store import actuals as stored_actuals
from store.actuals import ActualsSetInfo
from store.db import WRITE, StoreError, engine_for, store_url, unreachable
from store.db import clean_name as clean_stored_name
from store.tables import NAME_MAX_CHARS, SHARE_ID_CHARS, SavedScenario, ScenarioVersion, VersionImmutable

if TYPE_CHECKING:
    import pandas as pd

LOCAL_AUTHOR = "local"
"""Who saved, where no sign-in is configured (the CLI, or the app without OpenID Connect)."""
SAVE_ATTEMPTS = 20
EXPORT_FORMAT = "scaling-cost-model/store"
EXPORT_FORMAT_VERSION = 1


@dataclass(frozen=True)
class VersionInfo:
    """One saved version, without its scenario body."""

    name: str
    number: int
    share_id: str
    note: str
    author: str
    created_at: datetime
    locked_at: datetime | None
    locked_by: str | None

    @property
    def locked(self) -> bool:
        return self.locked_at is not None

    def as_record(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.number,
            "share_id": self.share_id,
            "note": self.note,
            "author": self.author,
            "created_at": self.created_at.isoformat(),
            "locked": self.locked,
            "locked_at": self.locked_at.isoformat() if self.locked_at else None,
            "locked_by": self.locked_by,
        }


@dataclass(frozen=True)
class ScenarioSummary:
    """A row of ``store list``: the name, how many versions, the highest locked version, when last saved."""

    name: str
    versions: int
    locked_version: int | None
    updated_at: datetime

    def as_record(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "versions": self.versions,
            "locked_version": self.locked_version,
            "updated_at": self.updated_at.isoformat(),
        }


def _utc(value: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; every time the store writes is UTC.
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _info(row: ScenarioVersion, name: str) -> VersionInfo:
    created = _utc(row.created_at)
    assert created is not None
    return VersionInfo(
        name=name,
        number=row.number,
        share_id=row.share_id,
        note=row.note,
        author=row.author,
        created_at=created,
        locked_at=_utc(row.locked_at),
        locked_by=row.locked_by,
    )


def clean_name(name: str) -> str:
    """A scenario name as stored: trimmed, 1 to 200 characters, no control characters (``store.db.clean_name``)."""
    return clean_stored_name(name, kind="a saved scenario", limit=NAME_MAX_CHARS)


def _author(author: str | None) -> str:
    shown = " ".join(str(author or "").split())[:NAME_MAX_CHARS]
    return shown or LOCAL_AUTHOR


class Store:
    """The store at ``url`` (default: ``SCALING_STORE_URL`` or var/store.sqlite3), migrated on first use."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or store_url()
        self.engine = engine_for(self.url)

    # --- sessions ---------------------------------------------------------------------------

    @contextmanager
    def _session(self, *, write: bool = False) -> Iterator[Session]:
        bind = self.engine.execution_options(**WRITE) if write else self.engine
        try:
            with Session(bind, expire_on_commit=False) as session, session.begin():
                yield session
        except StoreError:
            raise
        except VersionImmutable as exc:
            raise StoreError(str(exc), what="version") from None
        except IntegrityError:
            raise
        except OperationalError as exc:
            raise unreachable(self.url, exc) from None
        except SQLAlchemyError as exc:
            raise unreachable(self.url, exc) from None

    def _scenario_row(self, session: Session, name: str, *, for_update: bool = False) -> SavedScenario:
        query = select(SavedScenario).where(SavedScenario.name == name)
        if for_update:
            query = query.with_for_update()
        row = session.execute(query).scalar_one_or_none()
        if row is None:
            raise StoreError(f"no saved scenario named {name!r}", what="name")
        return row

    def _version_row(self, session: Session, name: str, number: int | None, *, for_update: bool = False) -> ScenarioVersion:
        parent = self._scenario_row(session, name)
        query = select(ScenarioVersion).where(ScenarioVersion.scenario_id == parent.id)
        query = (
            query.where(ScenarioVersion.number == number) if number is not None else query.order_by(ScenarioVersion.number.desc())
        )
        if for_update:
            query = query.with_for_update()
        row = session.execute(query.limit(1)).scalar_one_or_none()
        if row is None:
            raise StoreError(
                f"{name!r} has no version {number}" if number is not None else f"{name!r} has no versions", what="version"
            )
        return row

    # --- writing ----------------------------------------------------------------------------

    def save(self, name: str, scenario: Scenario, *, note: str = "", author: str | None = None) -> VersionInfo:
        """Save ``scenario`` as the next version of ``name`` (version 1 of a new name). Safe from many processes at once.

        The scenario's row is locked while the number is taken (PostgreSQL: FOR UPDATE; SQLite: BEGIN IMMEDIATE), and
        the unique constraints on (scenario, number), the name and the share id make any race that slips past that
        fail and retry, so no save is lost and numbers have no gaps.
        """
        name = clean_name(name)
        payload = scenario.model_dump_json()
        note = str(note or "").strip()
        who = _author(author)
        for _ in range(SAVE_ATTEMPTS):
            try:
                with self._session(write=True) as s:
                    parent = s.execute(
                        select(SavedScenario).where(SavedScenario.name == name).with_for_update()
                    ).scalar_one_or_none()
                    if parent is None:
                        parent = SavedScenario(name=name, last_number=0, created_at=datetime.now(UTC))
                        s.add(parent)
                        s.flush()
                    parent.last_number += 1
                    row = ScenarioVersion(
                        scenario_id=parent.id,
                        number=parent.last_number,
                        share_id=new_share_id(),
                        scenario_json=payload,
                        note=note,
                        author=who,
                        created_at=datetime.now(UTC),
                    )
                    s.add(row)
                    s.flush()
                    return _info(row, name)
            except IntegrityError:
                continue
        raise StoreError(f"could not save {name!r}: too many saves at once; try again", what="name")

    def lock(self, name: str, number: int, *, author: str | None = None) -> VersionInfo:
        """Sign version ``number`` off as the budget: from now on it can be read and copied, never changed or deleted."""
        with self._session(write=True) as s:
            row = self._version_row(s, name, number, for_update=True)
            if row.locked_at is not None:
                raise locked_error(name, _info(row, name))
            row.locked_at = datetime.now(UTC)
            row.locked_by = _author(author)
            s.flush()
            return _info(row, name)

    def delete(self, name: str, number: int) -> None:
        """Delete an unlocked version (its number is never given out again). A locked version is refused."""
        with self._session(write=True) as s:
            row = self._version_row(s, name, number, for_update=True)
            if row.locked_at is not None:
                raise locked_error(name, _info(row, name))
            s.delete(row)

    # --- reading ----------------------------------------------------------------------------

    def summaries(self) -> list[ScenarioSummary]:
        """Every saved name with its version count, highest locked version and last save, by name."""
        with self._session() as s:
            locked = func.max(ScenarioVersion.number).filter(ScenarioVersion.locked_at.is_not(None))
            rows = s.execute(
                select(SavedScenario.name, func.count(ScenarioVersion.id), locked, func.max(ScenarioVersion.created_at))
                .join(ScenarioVersion, ScenarioVersion.scenario_id == SavedScenario.id)
                .group_by(SavedScenario.id, SavedScenario.name)
                .order_by(SavedScenario.name)
            ).all()
        return [
            ScenarioSummary(name=n, versions=c, locked_version=lv, updated_at=_utc(u) or datetime.now(UTC))
            for n, c, lv, u in rows
        ]

    def versions(self, name: str) -> list[VersionInfo]:
        """Every version of ``name``, oldest first."""
        with self._session() as s:
            parent = self._scenario_row(s, name)
            rows = s.execute(
                select(ScenarioVersion).where(ScenarioVersion.scenario_id == parent.id).order_by(ScenarioVersion.number)
            ).scalars()
            return [_info(r, parent.name) for r in rows]

    def info(self, name: str, number: int | None = None) -> VersionInfo:
        """One version's details (the latest when ``number`` is None)."""
        with self._session() as s:
            return _info(self._version_row(s, name, number), name)

    def load(self, name: str, number: int | None = None) -> tuple[VersionInfo, Scenario]:
        """A version and its scenario, validated again as it is read (the latest when ``number`` is None)."""
        with self._session() as s:
            row = self._version_row(s, name, number)
            info, raw = _info(row, name), row.scenario_json
        return info, _parse(raw, info)

    def raw_json(self, name: str, number: int | None = None) -> str:
        """The stored JSON text of a version, exactly as saved."""
        with self._session() as s:
            return self._version_row(s, name, number).scenario_json

    def load_shared(self, share_id: str) -> tuple[VersionInfo, Scenario]:
        """The version behind a share link's ``s``."""
        share_id = str(share_id)
        if not (0 < len(share_id) <= SHARE_ID_CHARS and share_id.isalnum() and share_id.isascii()):
            raise StoreError(f"{share_id[:40]!r} is not a share id", what="s")
        with self._session() as s:
            found = s.execute(
                select(ScenarioVersion, SavedScenario.name)
                .join(SavedScenario, SavedScenario.id == ScenarioVersion.scenario_id)
                .where(ScenarioVersion.share_id == share_id)
            ).one_or_none()
            if found is None:
                raise StoreError(f"no saved version has the share id {share_id!r}", what="s")
            row, name = found
            info, raw = _info(row, name), row.scenario_json
        return info, _parse(raw, info)

    def diff(self, name: str, from_number: int, to_number: int) -> dict[str, tuple[Any, Any]]:
        """Every field whose value differs between two versions: path -> (value in from, value in to)."""
        _, a = self.load(name, from_number)
        _, b = self.load(name, to_number)
        return differences(a, b)

    # --- imported actuals (store/actuals.py) -------------------------------------------------

    def save_actuals(
        self,
        name: str,
        table: pd.DataFrame,
        *,
        source_file: str,
        fmt: str,
        author: str | None = None,
        dau: pd.DataFrame | None = None,
    ) -> ActualsSetInfo:
        """Store an actuals table (``model.variance.ACTUAL_COLUMNS``) as the set ``name``, with the monthly DAU
        (``actuals.read.read_dau``'s month, dau) when given: every row in one transaction, so a failure part-way
        stores nothing. A name already taken is refused (sets never change)."""
        name = stored_actuals.clean_set_name(name)
        rows = stored_actuals.table_rows(table)
        dau_rows = stored_actuals.dau_rows(dau)
        try:
            with self._session(write=True) as s:
                return stored_actuals.insert_set(
                    s, name, rows, source_file=source_file, fmt=fmt, author=_author(author), dau=dau_rows
                )
        except IntegrityError as exc:
            if any(info.name == name for info in self.actuals_sets()):  # another process saved the name just before us
                raise StoreError(
                    f"an actuals set named {name!r} already exists; saved actuals never change, so pick another name",
                    what="name",
                ) from None
            first = str(getattr(exc, "orig", None) or exc).strip().splitlines()
            raise StoreError(
                f"could not save the actuals set {name!r} (nothing was stored): {first[0] if first else 'integrity error'}",
                what="name",
            ) from None

    def actuals_sets(self) -> list[ActualsSetInfo]:
        """Every stored actuals set (name, when, who, file, format, rows, months), by name."""
        with self._session() as s:
            return stored_actuals.list_sets(s)

    def load_actuals(self, name: str) -> tuple[ActualsSetInfo, pd.DataFrame]:
        """A stored set as the same actuals table the importer produced (columns, dtypes, order, values)."""
        info, table, _ = self.load_actuals_with_dau(name)
        return info, table

    def load_actuals_with_dau(self, name: str) -> tuple[ActualsSetInfo, pd.DataFrame, pd.DataFrame | None]:
        """A stored set's table (as ``load_actuals``) and the monthly DAU saved with it, as ``read_dau`` built it
        (None when the set has none), read in one transaction."""
        name = " ".join(str(name).split())
        with self._session() as s:
            info, rows = stored_actuals.read_rows(s, name)
            dau = stored_actuals.read_dau_rows(s, name)
        return info, stored_actuals.table_of(rows), stored_actuals.dau_of(dau)

    def delete_actuals(self, name: str) -> None:
        """Delete a stored actuals set and its rows."""
        with self._session(write=True) as s:
            stored_actuals.delete_set(s, " ".join(str(name).split()))

    # --- backups ----------------------------------------------------------------------------

    def export_data(self) -> dict[str, Any]:
        """Every scenario and version (locks, authors and share ids included) as one JSON-ready object."""
        with self._session() as s:
            parents = s.execute(select(SavedScenario).order_by(SavedScenario.name)).scalars().all()
            scenarios = []
            for p in parents:
                versions = s.execute(
                    select(ScenarioVersion).where(ScenarioVersion.scenario_id == p.id).order_by(ScenarioVersion.number)
                ).scalars()
                scenarios.append(
                    {
                        "name": p.name,
                        "created_at": (_utc(p.created_at) or datetime.now(UTC)).isoformat(),
                        "last_number": p.last_number,
                        "versions": [{**_info(v, p.name).as_record(), "scenario": json.loads(v.scenario_json)} for v in versions],
                    }
                )
            actuals_sets = stored_actuals.export_sets(s)
        return {
            "format": EXPORT_FORMAT,
            "format_version": EXPORT_FORMAT_VERSION,
            "exported_at": datetime.now(UTC).isoformat(),
            "scenarios": scenarios,
            "actuals_sets": actuals_sets,
        }

    def import_data(self, data: Any, *, source: str = "<import>") -> tuple[int, int]:
        """Restore an export: (versions added, versions already there). All or nothing (actuals sets included)."""
        counts = self.import_backup(data, source=source)
        return counts["versions"]

    def import_backup(self, data: Any, *, source: str = "<import>") -> dict[str, tuple[int, int]]:
        """Restore an export, scenarios and actuals sets in one transaction: {"versions": (added, already there),
        "actuals_sets": (added, already there)}. All or nothing.

        A version already in the store with the same number and share id is skipped; a number or share id that is
        taken by a different version is refused (nothing is imported), so an import never rewrites what is stored.
        An actuals set of the same name is skipped when its rows are the same and refused when they differ."""
        plan = _read_export(data, source)
        sets = stored_actuals.read_export_sets(data, source)
        added = skipped = 0
        with self._session(write=True) as s:
            for entry in plan:
                parent = s.execute(
                    select(SavedScenario).where(SavedScenario.name == entry["name"]).with_for_update()
                ).scalar_one_or_none()
                if parent is None:
                    parent = SavedScenario(name=entry["name"], last_number=0, created_at=entry["created_at"])
                    s.add(parent)
                    s.flush()
                for v in entry["versions"]:
                    existing = s.execute(
                        select(ScenarioVersion).where(
                            ScenarioVersion.scenario_id == parent.id, ScenarioVersion.number == v["number"]
                        )
                    ).scalar_one_or_none()
                    if existing is not None:
                        if existing.share_id != v["share_id"] or json.loads(existing.scenario_json) != json.loads(
                            v["scenario_json"]
                        ):
                            raise StoreError(
                                f"{source}: version {v['number']} of {entry['name']!r} is already stored with different "
                                "content; nothing was imported",
                                what="version",
                            )
                        skipped += 1
                        continue
                    taken = s.execute(select(ScenarioVersion.id).where(ScenarioVersion.share_id == v["share_id"])).first()
                    if taken is not None:
                        raise StoreError(
                            f"{source}: share id {v['share_id']!r} is already used by another version; nothing was imported",
                            what="share_id",
                        )
                    s.add(ScenarioVersion(scenario_id=parent.id, **{k: v[k] for k in _VERSION_FIELDS}))
                    added += 1
                parent.last_number = max(parent.last_number, entry["last_number"], *(v["number"] for v in entry["versions"]))
                s.flush()
            sets_counts = stored_actuals.import_sets(s, sets, source)
        return {"versions": (added, skipped), "actuals_sets": sets_counts}


_VERSION_FIELDS = ("number", "share_id", "scenario_json", "note", "author", "created_at", "locked_at", "locked_by")


def _parse(raw: str, info: VersionInfo) -> Scenario:
    try:
        return parse_scenario(raw, source=f"store: {info.name!r} version {info.number}")
    except ScenarioError as exc:
        raise StoreError(f"the saved scenario no longer validates: {exc}", what=f"{info.name} v{info.number}") from None


def new_share_id() -> str:
    """A random 10-character id (0-9, a-z): about 3.7e15 possibilities, so a link cannot be guessed."""
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
    return "".join(secrets.choice(alphabet) for _ in range(SHARE_ID_CHARS))


def locked_error(name: str, info: VersionInfo) -> StoreError:
    when = info.locked_at.strftime("%Y-%m-%d %H:%M UTC") if info.locked_at else "?"
    return StoreError(
        f"version {info.number} of {name!r} is locked (signed off by {info.locked_by} on {when}); "
        "it can be read or copied, never changed or deleted",
        what="version",
    )


def _when(value: Any, where: str) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        raise StoreError(f"{where}: {str(value)[:40]!r} is not an ISO date-time", what="import") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _read_export(data: Any, source: str) -> list[dict[str, Any]]:
    """Check an export file's shape and every scenario in it; the rows to insert, or StoreError naming the spot."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise StoreError(f'{source}: not a store export (expected "format": "{EXPORT_FORMAT}")', what="format")
    if data.get("format_version") != EXPORT_FORMAT_VERSION:
        raise StoreError(
            f"{source}: format_version {data.get('format_version')!r} is not {EXPORT_FORMAT_VERSION}", what="format_version"
        )
    scenarios = data.get("scenarios")
    if not isinstance(scenarios, list):
        raise StoreError(f'{source}: "scenarios" must be a list', what="scenarios")
    out = []
    for i, entry in enumerate(scenarios):
        where = f"{source}: scenarios.{i}"
        if not isinstance(entry, dict) or not isinstance(entry.get("versions"), list):
            raise StoreError(f"{where}: expected an object with a list of versions", what="scenarios")
        name = clean_name(str(entry.get("name", "")))
        versions = []
        for j, v in enumerate(entry["versions"]):
            vw = f"{where}.versions.{j}"
            if not isinstance(v, dict):
                raise StoreError(f"{vw}: expected an object", what="versions")
            number = v.get("version")
            if not isinstance(number, int) or isinstance(number, bool) or number < 1:
                raise StoreError(f"{vw}.version: must be a whole number from 1", what="versions")
            share_id = str(v.get("share_id", ""))
            if not (0 < len(share_id) <= SHARE_ID_CHARS and share_id.isalnum() and share_id.isascii()):
                raise StoreError(f"{vw}.share_id: {share_id[:40]!r} is not a share id", what="versions")
            try:
                scenario = parse_scenario(json.dumps(v.get("scenario")), source=f"{vw}.scenario")
            except ScenarioError as exc:
                raise StoreError(str(exc), what="versions") from None
            locked_at = _when(v.get("locked_at"), f"{vw}.locked_at")
            versions.append(
                {
                    "number": number,
                    "share_id": share_id,
                    "scenario_json": scenario.model_dump_json(),
                    "note": str(v.get("note") or ""),
                    "author": _author(v.get("author")),
                    "created_at": _when(v.get("created_at"), f"{vw}.created_at") or datetime.now(UTC),
                    "locked_at": locked_at,
                    "locked_by": _author(v.get("locked_by")) if locked_at else None,
                }
            )
        last = entry.get("last_number", 0)
        out.append(
            {
                "name": name,
                "created_at": _when(entry.get("created_at"), f"{where}.created_at") or datetime.now(UTC),
                "last_number": last if isinstance(last, int) and not isinstance(last, bool) else 0,
                "versions": versions,
            }
        )
    return out
