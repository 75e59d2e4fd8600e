"""Every store test runs twice: on a fresh SQLite file and on a fresh schema of a real PostgreSQL.

PostgreSQL is ``SCALING_STORE_URL`` when it names one (CI sets it; tests/conftest.py keeps it aside), else ci:ci@127.0.0.1:5432/scaling_test (the
recipe in testing-recipes.md). Unreachable, the PostgreSQL half skips with the reason, except under CI=true, where it
fails. Each test gets its own schema (``search_path`` in the URL), dropped afterwards, so runs never share rows.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from store import db

DEFAULT_PG = "postgresql+psycopg://ci:ci@127.0.0.1:5432/scaling_test"
START_HINT = (
    "PostgreSQL is not reachable at {url} ({error}). Start it: service postgresql start; create the role and database as "
    "in .ci/run; or set SCALING_STORE_URL"
)


def postgres_base_url() -> str:
    """The PostgreSQL the session was given (tests/conftest.py keeps it aside as SCALING_TEST_POSTGRES_URL)."""
    env = os.environ.get("SCALING_TEST_POSTGRES_URL") or os.environ.get(db.URL_ENV, "")
    return env if env.startswith("postgresql") else DEFAULT_PG


def _pg_admin_or_skip() -> str:
    url = postgres_base_url()
    try:
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1), connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # any failure to connect is the reason to skip
        message = START_HINT.format(url=db.shown_url(url), error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true, so PostgreSQL must be reachable: " + message)
        pytest.skip(message)
    return url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL to an empty schema of the test PostgreSQL, dropped after the test."""
    base = _pg_admin_or_skip()
    schema = "t_" + secrets.token_hex(6)
    admin = create_engine(base.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    parsed = make_url(base)
    url = parsed.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        db.dispose_all()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path) -> Iterator[str]:
    yield f"sqlite:///{quote(str(tmp_path / 'var' / 'store.sqlite3'), safe='/')}"
    db.dispose_all()


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest) -> str:
    """A fresh, empty store on each database in turn."""
    return request.getfixturevalue(f"{request.param}_url")
