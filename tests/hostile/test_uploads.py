"""Hostile uploads: refused with a message naming the file; the scenario on screen stays as it was.

One browser session (AppTest) moves a slider, then uploads each bad file on the
Scenarios page through the real file uploader (the same path as a person's
upload: ``ui.state.on_upload`` -> ``load_upload`` -> ``model.loading.parse_scenario``).
After each, the Overview must still show the model's figures for the plan with
that slider change, and the slider must keep its value. The loader's own
behaviour on any bytes is fuzzed in test_scenario_fuzz.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from model.formatting import usd
from model.loading import MAX_SCENARIO_BYTES, PLAN_SCENARIO, plan_scenario
from model.overrides import with_overrides
from model.result import evaluate
from tests.app.conftest import literal

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
CALLS = "ai.calls_per_dau_per_day"
MOVED = 3.0

pytestmark = pytest.mark.skipif(not APP.exists(), reason="app.py not built yet")

PLAN = json.loads(PLAN_SCENARIO.read_text())


def _plan_with(**top_level: object) -> bytes:
    return json.dumps({**PLAN, **top_level}).encode()


BAD_FILES: dict[str, bytes] = {
    "oversized.json": b'{"name": "' + b"x" * MAX_SCENARIO_BYTES + b'"}',
    "oversized-valid-json.json": json.dumps({**PLAN, "notes": "n" * MAX_SCENARIO_BYTES}).encode(),
    "binary.json": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64,
    "utf16.json": json.dumps(PLAN).encode("utf-16"),
    "empty.json": b"",
    "list.json": b"[1, 2, 3]",
    "package.json": json.dumps({"name": "left-pad", "version": "1.3.0", "dependencies": {}}).encode(),
    "schema-v2.json": _plan_with(schema_version=2),
    "nan.json": PLAN_SCENARIO.read_bytes().replace(b'"days_per_month": 30', b'"days_per_month": NaN'),
    "deep.json": b"[" * 100_000 + b"]" * 100_000,
    "huge-number.json": _plan_with(days_per_month=1e308),
    "long-name.json": _plan_with(name="n" * 100_000),
    "unknown-model.json": json.dumps(
        {"extends": "plan.json", "name": "x", "overrides": {"ai.model_mix.0.model": "no-such-model"}}
    ).encode(),
    "overlay-escape.json": json.dumps({"extends": "../../../etc/passwd", "name": "x"}).encode(),
    "overlay-missing.json": json.dumps({"extends": "nowhere.json", "name": "x"}).encode(),
    "formula-name.xlsx.json": _plan_with(name="=HYPERLINK(1)", tiers_dau="all"),
}


@pytest.fixture(scope="module")
def session() -> AppTest:
    """One session: the plan with one slider moved, on the Scenarios page."""
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    at.slider(key="drv:" + CALLS).set_value(MOVED).run()
    at.switch_page("views/scenarios.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def expected_total() -> str:
    return usd(evaluate(with_overrides(plan_scenario(), {CALLS: MOVED})).tiers[0].total_usd)


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_upload_is_refused_and_the_scenario_kept(session: AppTest, name: str) -> None:
    at = session
    at.file_uploader(key="scenario_upload").set_value((name, BAD_FILES[name], "application/json")).run()
    assert not at.exception, [e.message[:300] for e in at.exception]
    errors = literal(" ".join(e.value for e in at.error))
    assert name in errors, f"no message naming {name}: {errors[:300]!r}"
    assert len(errors) < 3_000, "the message is short, not the file echoed back"
    at.switch_page("views/overview.py").run()
    assert not at.exception
    assert next(m.value for m in at.metric if m.label == "Total / month") == expected_total()
    assert at.slider(key="drv:" + CALLS).value == MOVED
    at.switch_page("views/scenarios.py").run()


def test_a_good_upload_after_bad_ones_still_loads(session: AppTest) -> None:
    """The refusals above are not a broken uploader: a valid file is taken."""
    at = session
    good = _plan_with(name="Good upload")
    at.file_uploader(key="scenario_upload").set_value(("good.json", good, "application/json")).run()
    assert not at.exception
    assert not at.error
    at.switch_page("views/overview.py").run()
    assert next(m.value for m in at.metric if m.label == "Total / month") == usd(evaluate(plan_scenario()).tiers[0].total_usd)
