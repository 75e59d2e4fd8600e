"""The store's tables (SQLAlchemy ORM). The schema itself is created and changed only by the Alembic migrations
in store/migrations; a test checks that the migrations and these classes agree."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Double, ForeignKey, Index, Integer, String, Text, UniqueConstraint, event, inspect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAME_MAX_CHARS = 200
SHARE_ID_CHARS = 10


class Base(DeclarativeBase):
    pass


class SavedScenario(Base):
    """A named scenario: the container of its numbered versions."""

    __tablename__ = "saved_scenarios"
    __table_args__ = (UniqueConstraint("name", name="uq_saved_scenarios_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX_CHARS), nullable=False)
    """Unique: two saves of the same name are versions of one scenario."""
    last_number: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    """The highest version number ever given out; the next save takes last_number + 1 (so a number is never reused)."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)

    versions: Mapped[list[ScenarioVersion]] = relationship(back_populates="scenario", order_by="ScenarioVersion.number")


class ScenarioVersion(Base):
    """One immutable saved version: the validated scenario JSON, who saved it, when, a note, and its lock."""

    __tablename__ = "scenario_versions"
    __table_args__ = (
        UniqueConstraint("scenario_id", "number", name="uq_scenario_versions_scenario_number"),
        UniqueConstraint("share_id", name="uq_scenario_versions_share_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("saved_scenarios.id", ondelete="CASCADE"), nullable=False)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    share_id: Mapped[str] = mapped_column(String(SHARE_ID_CHARS), nullable=False)
    """The short id of a share link, ``?s=<share_id>``: random, so links cannot be guessed by counting."""
    scenario_json: Mapped[str] = mapped_column(Text, nullable=False)
    """The scenario as validated JSON (``Scenario.model_dump_json()``), stored as text so it reads back byte for byte."""
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    author: Mapped[str] = mapped_column(String(NAME_MAX_CHARS), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    locked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    """Set once when the version is signed off as a budget; a locked version is never changed or deleted."""
    locked_by: Mapped[str | None] = mapped_column(String(NAME_MAX_CHARS), nullable=True)

    scenario: Mapped[SavedScenario] = relationship(back_populates="versions")


IMMUTABLE_AFTER_SAVE = ("scenario_id", "number", "share_id", "scenario_json", "note", "author", "created_at")


@event.listens_for(ScenarioVersion, "before_update")
def _versions_are_immutable(_mapper: Any, _conn: Any, target: ScenarioVersion) -> None:
    """A saved version never changes; the only write is its lock, once (a second guard behind the Store's checks)."""
    state = inspect(target)
    changed = [name for name in IMMUTABLE_AFTER_SAVE if state.attrs[name].history.has_changes()]
    if changed:
        raise VersionImmutable(f"a saved version cannot be changed ({', '.join(changed)}); save a new version instead")
    lock_changed = state.attrs.locked_at.history.has_changes() or state.attrs.locked_by.history.has_changes()
    before = state.attrs.locked_at.history.deleted
    if lock_changed and before and before[0] is not None:
        raise VersionImmutable("a locked version cannot be changed or unlocked")


@event.listens_for(ScenarioVersion, "before_delete")
def _locked_versions_stay(_mapper: Any, _conn: Any, target: ScenarioVersion) -> None:
    if target.locked_at is not None:
        raise VersionImmutable("a locked version cannot be deleted")


class VersionImmutable(RuntimeError):
    """Raised by the ORM guards; the Store turns it into a StoreError."""


class ActualsSet(Base):
    """A named, immutable set of imported actuals (bills): who imported it, when, from which file and format.

    Its rows are the internal actuals table (``model.variance.ACTUAL_COLUMNS``) as read from the file; a set is
    saved whole or not at all (with the monthly DAU imported with it, ``ActualsDau``), never changed afterwards, and can
    be deleted (its rows and DAU go with it)."""

    __tablename__ = "actuals_sets"
    __table_args__ = (UniqueConstraint("name", name="uq_actuals_sets_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX_CHARS), nullable=False)
    """Unique: a second import under the same name is refused (sets are immutable; delete one to reuse its name)."""
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    author: Mapped[str] = mapped_column(String(NAME_MAX_CHARS), nullable=False)
    source_file: Mapped[str] = mapped_column(Text, nullable=False)
    """The file name(s) the rows were read from (no folder), as the person saw them."""
    format: Mapped[str] = mapped_column(String(40), nullable=False)
    """The reader that read them: focus, focus-monthly, openai, anthropic, simple; typed (by hand) or mixed."""
    row_count: Mapped[int] = mapped_column(Integer, nullable=False)

    rows: Mapped[list[ActualsRow]] = relationship(
        back_populates="actuals_set", order_by="ActualsRow.position", cascade="all, delete-orphan", passive_deletes=True
    )
    dau: Mapped[list[ActualsDau]] = relationship(
        back_populates="actuals_set", order_by="ActualsDau.month", cascade="all, delete-orphan", passive_deletes=True
    )


class ActualsRow(Base):
    """One row of a set: a month, category, vendor and service with the amount in USD (and as billed) and the usage."""

    __tablename__ = "actuals_rows"
    __table_args__ = (
        UniqueConstraint("set_id", "position", name="uq_actuals_rows_set_position"),
        Index("ix_actuals_rows_set_month", "set_id", "month"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("actuals_sets.id", ondelete="CASCADE"), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    """The row's place in the table as imported (0, 1, ...), so a set loads back in the same order."""
    month: Mapped[str] = mapped_column(String(7), nullable=False)
    """YYYY-MM."""
    category: Mapped[str] = mapped_column(String(40), nullable=False)
    vendor: Mapped[str | None] = mapped_column(Text, nullable=True)
    service: Mapped[str | None] = mapped_column(Text, nullable=True)
    amount_usd: Mapped[float] = mapped_column(Double, nullable=False)
    """The amount in US dollars (converted at import with the month's rate where billed in another currency)."""
    quantity: Mapped[float | None] = mapped_column(Double, nullable=True)
    """Usage quantity where the bill has one (requests, hours), else NULL."""
    unit: Mapped[str | None] = mapped_column(Text, nullable=True)
    currency: Mapped[str | None] = mapped_column(String(8), nullable=True)
    """The billing currency (ISO code) of ``amount``."""
    amount: Mapped[float | None] = mapped_column(Double, nullable=True)
    """The amount as billed, in ``currency``."""
    source: Mapped[str | None] = mapped_column(Text, nullable=True)

    actuals_set: Mapped[ActualsSet] = relationship(back_populates="rows")


class ActualsDau(Base):
    """A set's actual DAU for one month (the DAU file read by ``actuals/read.py``), when one was imported with it."""

    __tablename__ = "actuals_dau"
    __table_args__ = (UniqueConstraint("set_id", "month", name="uq_actuals_dau_set_month"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("actuals_sets.id", ondelete="CASCADE"), nullable=False)
    month: Mapped[str] = mapped_column(String(7), nullable=False)
    """YYYY-MM, each month once per set."""
    dau: Mapped[float] = mapped_column(Double, nullable=False)
    """The month's average daily active users (positive)."""

    actuals_set: Mapped[ActualsSet] = relationship(back_populates="dau")


@event.listens_for(ActualsSet, "before_update")
@event.listens_for(ActualsRow, "before_update")
@event.listens_for(ActualsDau, "before_update")
def _actuals_are_immutable(_mapper: Any, _conn: Any, target: Any) -> None:
    """A saved actuals set and its rows never change (a second guard behind the Store, which only inserts and deletes)."""
    raise VersionImmutable("a saved actuals set cannot be changed; save the bills under a new name instead")
