"""The schema is Alembic's: a new database is brought to head on first use, twice is harmless, and what the
migrations build is exactly what the ORM classes describe (no drift between store/tables.py and the migrations)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from store import Store, db
from store.tables import Base


def _head() -> str:
    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head


def test_first_use_migrates_to_head_and_the_schema_matches_the_orm(store_url: str) -> None:
    engine = Store(store_url).engine
    with engine.connect() as conn:
        context = MigrationContext.configure(conn)
        assert context.get_current_revision() == _head()
        assert compare_metadata(context, Base.metadata) == []
    assert {"saved_scenarios", "scenario_versions", "alembic_version"} <= set(inspect(engine).get_table_names())


def test_migrating_again_changes_nothing(store_url: str) -> None:
    engine = Store(store_url).engine
    db.migrate(engine)
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == _head()
