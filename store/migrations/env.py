"""Alembic's environment for the scenario store. Works from the package: ``store.db.migrate`` passes the connection
it holds (inside the transaction that serialises migrations); the ``alembic`` command line, run with
``-c store/alembic.ini``, connects to ``SCALING_STORE_URL`` (or the default SQLite file) itself."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from store.tables import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    from store.db import store_url

    engine = create_engine(store_url())
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("The store's migrations run against a database (offline SQL generation is not supported).")
run()
