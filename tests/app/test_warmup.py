"""The app freezes its long-lived objects once per process, and leaves Streamlit's per-run full collection off."""

from __future__ import annotations

import gc
import sys
import tomllib

from tests.app.conftest import ROOT, new_app
from ui import warmup


def test_the_first_run_freezes_the_imported_modules_objects() -> None:
    gc.unfreeze()  # as in a fresh server process (another test may have run the app in this one)
    warmup.freeze_long_lived_objects.clear()
    assert gc.get_freeze_count() == 0
    new_app().run()
    # pandas, Altair and pydantic alone leave tens of thousands of objects; every page module is imported.
    assert gc.get_freeze_count() > 10_000
    assert "ui.capacity_charts" in sys.modules and "model.analysis.montecarlo" in sys.modules


def test_the_per_run_full_collection_is_off_in_the_apps_config() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["runner"]["postScriptGC"] is False
