"""Where the store lives and how to reach it: the URL, one engine per URL per process, migrations on first use.

- ``SCALING_STORE_URL`` (any SQLAlchemy URL; ``postgresql://`` is read as psycopg 3) or, by default, the SQLite file
  ``var/store.sqlite3`` beside the code, created on first use.
- SQLite: every write transaction starts with ``BEGIN IMMEDIATE`` (it takes the database's write lock at once, so two
  processes never both read the same last version number), readers use WAL and never wait for a writer, and a busy
  database is waited for up to 30 s.
- PostgreSQL: writes lock the scenario's row (``SELECT ... FOR UPDATE``); the unique constraints back that up.
- Alembic brings the schema to ``head`` the first time a process opens a URL, inside a transaction holding the write
  lock (SQLite) or an advisory lock (PostgreSQL), so processes starting together migrate once.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from model.loading import ScenarioError

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SQLITE = ROOT / "var" / "store.sqlite3"
URL_ENV = "SCALING_STORE_URL"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
WRITE = {"store_write": True}
"""Execution option of write transactions (SQLite: BEGIN IMMEDIATE)."""
_PG_MIGRATION_LOCK = 19_190_001
SQLITE_BUSY_TIMEOUT_S = 30


class StoreError(ScenarioError):
    """A store operation that cannot be done; ``str(err)`` is one line naming the store, the scenario and the rule.

    A ScenarioError, so every command line and page that already reports bad scenarios reports these the same way."""

    def __init__(self, rule: str, *, what: str = "") -> None:
        super().__init__("store", "", rule)
        self.field = what


def store_url() -> str:
    """``SCALING_STORE_URL``, or the default SQLite file under var/."""
    return os.environ.get(URL_ENV, "").strip() or f"sqlite:///{DEFAULT_SQLITE}"


def shown_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unreadable URL>"


_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def engine_for(url: str) -> Engine:
    """One engine per URL per process, its schema migrated to head on first use. StoreError if unreachable."""
    with _engines_lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _create(url)
            try:
                migrate(engine)
            except SQLAlchemyError as exc:
                engine.dispose()
                raise unreachable(url, exc) from None
            _engines[url] = engine
        return engine


def unreachable(url: str, exc: BaseException) -> StoreError:
    first = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return StoreError(f"cannot use the database at {shown_url(url)}: {first[0] if first else type(exc).__name__}")


def _create(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"{URL_ENV} is not a database URL: {shown_url(url)!r}") from None
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    kwargs: dict[str, Any] = {"pool_pre_ping": True}
    if parsed.get_backend_name() == "postgresql":
        kwargs["connect_args"] = {"connect_timeout": 5}
    try:
        return create_engine(parsed, **kwargs)
    except (ArgumentError, ImportError) as exc:
        raise StoreError(f"cannot use {shown_url(url)}: {exc}") from None


def _sqlite_engine(parsed: Any) -> Engine:
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when a transaction begins (SQLAlchemy's documented recipe).
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("store_write") else "BEGIN")

    return engine


def migrate(engine: Engine) -> None:
    """``alembic upgrade head`` on ``engine``, serialised across processes."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as conn:
        conn.execution_options(**WRITE)
        with conn.begin():
            if engine.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")


def dispose_all() -> None:
    """Close every engine of this process (tests; a forked worker)."""
    with _engines_lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


def clean_name(name: str, *, kind: str, limit: int) -> str:
    """A name as stored (a saved scenario's, an actuals set's): whitespace runs as one space (so no control
    characters), trimmed, 1 to ``limit`` characters. StoreError naming ``kind`` when empty."""
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise StoreError(f"{kind} needs a name", what="name")
    if len(cleaned) > limit:
        raise StoreError(f"a name may be at most {limit} characters (got {len(cleaned)})", what="name")
    return cleaned
