"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

# The app opens in Korean (ui/i18n.py); the suite's page tests read English, so the test session's default is English
# (server processes started by the browser tests inherit it). Korean is tested with lang=ko (tests/i18n/), and the
# real default with this variable removed (tests/i18n/test_app_language.py).
os.environ.setdefault("SCALING_LANG", "en")

from model.loading import plan_scenario
from model.scenario import Scenario


def pytest_configure(config: pytest.Config) -> None:
    """The workspace store of a test session is a fresh SQLite file, so no test (nor the app a browser test starts)
    writes to var/store.sqlite3 or to CI's database. A PostgreSQL SCALING_STORE_URL stays available to tests/store/
    as SCALING_TEST_POSTGRES_URL, where the store runs against both databases."""
    original = os.environ.get("SCALING_STORE_URL", "")
    if original.startswith("postgresql"):
        os.environ.setdefault("SCALING_TEST_POSTGRES_URL", original)
    folder = tempfile.mkdtemp(prefix="scaling-store-")
    os.environ["SCALING_STORE_URL"] = f"sqlite:///{folder}/store.sqlite3"
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


@pytest.fixture
def plan() -> Scenario:
    """The plan's scenario, data/scenarios/plan.json (validated; immutable, so safe to share)."""
    return plan_scenario()


@pytest.fixture(autouse=True)
def _no_guarded_page_error(request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture):
    """app.py turns an unexpected page error into one line on the page and a log record (ui.guard), so AppTest's
    ``at.exception`` no longer sees it: any test that did not mark ``page_errors_expected`` fails on such a record."""
    yield
    if request.node.get_closest_marker("page_errors_expected"):
        return
    from ui.guard import LOG

    errors = [r for when in ("setup", "call") for r in caplog.get_records(when) if r.name == LOG.name]
    assert not errors, "a page failed behind ui.guard: " + "; ".join(
        f"{r.getMessage()}: {r.exc_info[1]!r}" for r in errors if r.exc_info
    )
