"""How ``make bench`` decides a key press has settled (scripts/bench.py), on hand-made records: no browser, no clock.

A record is what the page's observers hold (STATE_JS): key presses, the server's WebSocket messages, main-area
mutations and script-state switches, each in performance.now() ms, and ``now`` when it was read.
"""

from __future__ import annotations

from typing import Any

import pytest

from scripts import bench
from scripts.bench import Settled, key_class, settle_point


def record(**kw: Any) -> dict[str, Any]:
    r: dict[str, Any] = {"now": 0.0, "state": "notRunning", "keys": [], "ws": [], "muts": [], "states": [], "first": None}
    r.update(kw)
    return r


def test_nothing_pressed_is_not_settled() -> None:
    assert settle_point(record(now=5000.0), quiet_ms=150) is None


def test_a_running_script_is_not_settled_however_long_it_is_quiet() -> None:
    r = record(now=9000.0, state="running", keys=[1000.0], ws=[1010.0])
    assert settle_point(r, quiet_ms=150) is None


def test_no_answer_from_the_server_yet_is_not_settled() -> None:
    # The press changed something in the main area (a re-styled element) but the server has sent nothing since:
    # the rerun has not answered, so quiet does not mean finished.
    r = record(now=5000.0, keys=[1000.0], muts=[1005.0])
    assert settle_point(r, quiet_ms=150) is None


def test_settled_at_the_last_change_once_quiet() -> None:
    # Press at 1000; server messages at 1030 and 1100, a mutation at 1090, the state back to notRunning at 1105.
    # The last change is 1105: 1105 - 1000 = 105 ms. Read at 1300, quiet for 1300 - 1105 = 195 >= 150 ms.
    r = record(
        now=1300.0, keys=[1000.0], ws=[1030.0, 1100.0], muts=[1090.0], states=[[1020.0, "running"], [1105.0, "notRunning"]]
    )
    assert settle_point(r, quiet_ms=150) == Settled(last_change=105.0, first_text=None)


def test_not_yet_quiet_long_enough() -> None:
    # Same events read at 1200: quiet for 1200 - 1105 = 95 < 150 ms.
    r = record(now=1200.0, keys=[1000.0], ws=[1030.0, 1100.0], muts=[1090.0], states=[[1105.0, "notRunning"]])
    assert settle_point(r, quiet_ms=150) is None


def test_a_run_that_changes_nothing_visible_is_measured_by_its_end() -> None:
    # The Compare page: no mutation in the main area; the server's last message at 1420 ends the run: 420 ms.
    r = record(now=2000.0, keys=[1000.0], ws=[1015.0, 1400.0, 1420.0])
    assert settle_point(r, quiet_ms=150) == Settled(last_change=420.0, first_text=None)


def test_a_held_key_counts_from_the_last_press_and_ignores_what_came_before_it() -> None:
    # Eight presses 40 ms apart, 1000 .. 1280. A message at 1010 and a mutation at 1250 answer earlier presses.
    # After the last press: messages at 1300 and 1350, a mutation at 1360. Last change 1360 - 1280 = 80 ms.
    # The first text change (painted at 1060) counts from the first press: 1060 - 1000 = 60 ms.
    keys = [1000.0 + 40 * i for i in range(8)]
    assert keys[-1] == 1280.0
    r = record(now=1600.0, keys=keys, ws=[1010.0, 1300.0, 1350.0], muts=[1250.0, 1360.0], first=1060.0)
    assert settle_point(r, quiet_ms=150) == Settled(last_change=80.0, first_text=60.0)


def test_key_class_is_streamlits_class_for_a_widget_key() -> None:
    # Streamlit 1.67: "st-key-" + the key with every character outside [a-zA-Z0-9_-] replaced by "-".
    assert key_class("drv:ai.calls_per_dau_per_day") == "st-key-drv-ai-calls_per_dau_per_day"
    assert key_class("value") == "st-key-value"


def test_a_page_name_with_no_page_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench, "PAGES", ["overview", "no_such_page"])
    with pytest.raises(SystemExit, match="no_such_page"):
        bench.page_files()


def test_every_page_in_views_is_benchmarked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench, "PAGES", None)
    stems = {p.split("/")[-1].removesuffix(".py") for p in bench.page_files()}
    assert {"overview", "compare", "workspace", "actuals"} <= stems
    assert len(stems) == len(list((bench.ROOT / "views").glob("[!_]*.py")))


def test_why_a_press_did_not_settle_names_what_kept_it_busy() -> None:
    # The page read 20 s after the press: the script idle, 3 answers, the last 19.5 s ago; the main area changed
    # 0.04 s ago and 12 times in the last second: it is the drawing that never went quiet, not the server.
    w = {"state": "notRunning", "answers": 3, "dialog": "", "ws_ago": 19_500.0, "mut_ago": 40.0, "muts_last_s": 12,
         "states": ["running", "notRunning"]}  # fmt: skip
    assert bench.why_text(w) == (
        "script notRunning, 3 server message(s) after the last press (the last 19.5 s ago); main area last changed"
        " 0.0 s ago, 12 change(s) in the last second; script states since the press: running > notRunning"
    )
    # Stuck as running with no answer at all, and a connection dialog.
    w = {"state": "running", "answers": 0, "dialog": "Connection error\n  Cached ForwardMsg MISS", "ws_ago": None,
         "mut_ago": None, "muts_last_s": 0, "states": []}  # fmt: skip
    assert bench.why_text(w) == (
        "script running, 0 server message(s) after the last press (the last never); main area last changed never,"
        " 0 change(s) in the last second; dialog: Connection error Cached ForwardMsg MISS"
    )
