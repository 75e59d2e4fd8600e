"""The app freezes its long-lived objects once per process, and leaves Streamlit's per-run full collection off."""

from __future__ import annotations

import gc
import subprocess
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


def test_a_first_visit_draws_the_headline_before_importing_altair_the_store_or_the_solver() -> None:
    # A cold load draws the Overview's first figures before anything else (issue 21, (c)): Altair (a quarter of a
    # second) is imported after the headline and the tier table, for the charts below them; SQLAlchemy (the workspace
    # store, for a ?s= link) and scipy.optimize (goal seek's root finder) only when a page needs them. A fresh
    # interpreter, since this one has imported all three already.
    script = f"""
import sys
import streamlit.delta_generator as dg
at_first_metric = []
metric = dg.DeltaGenerator.metric
def recording(self, *args, **kwargs):
    if not at_first_metric:
        at_first_metric.append("altair" in sys.modules)
    return metric(self, *args, **kwargs)
dg.DeltaGenerator.metric = recording
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({str(ROOT / "app.py")!r}, default_timeout=60).run()
assert not at.exception, [e.message for e in at.exception]
assert at.metric and at.get("vega_lite_chart"), "the Overview's headline and its charts were drawn"
print(at_first_metric, sorted(m for m in ("sqlalchemy", "scipy.optimize", "store") if m in sys.modules))
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[False] []"
