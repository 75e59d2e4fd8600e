"""`make bench`: how fast the model and the app are, every figure measured in this one run.

Prints one table (medians over repeats, p95 where it matters) with the target
beside each figure, and exits 1 if a target is missed:

- the model: the five tiers (the cost formulas alone, and ``evaluate()`` with its
  line items and audit), a 1,000-point DAU curve, 10,000 Monte Carlo draws, the
  Excel export;
- each page rerun under AppTest after a slider change, against a bare
  one-slider app written to a temporary file in this run, as a ratio; and which
  files a rerun opens (there should be none);
- in headless Chromium, on every page against a bare one-slider app run with the
  same .streamlit/config.toml in the same run, measured inside the page
  (performance.now() in a keydown listener and MutationObservers on the main area
  and the app's script state): (a) key press to the whole page drawn and the run
  finished (p95 within 3x), (b) a held key, 8 presses 40 ms apart, from the last
  press to the page settled (median within 3x), (c) cold load, a fresh server to
  the Overview's first figure (within 2x a fresh bare app), and (d) key press to
  the first text change (information only);
- a saved scenario opened by its ``?s=`` link in a new browser context against the plan (within 1.5x).

Each page's floor is measured beside it, the same way: the page's own elements recorded from the app and replayed by
``scripts/floor_app.py`` with nothing computed (``scripts/floor.py``); a second table prints page, floor and bare
app with page/bare (the target), floor/bare (where the floor is) and page/floor (how close the page comes).

Usage: ``python scripts/bench.py [--quick] [--no-browser] [--pages overview,ai] [--no-apptest] [--no-floor]
[--json FILE] [--only store-link]``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.serving import APP, CHROMIUM, CHROMIUM_ARGS, IDLE, serving, start_server, wait_healthy  # noqa: E402

SLIDER_PATH = "ai.calls_per_dau_per_day"  # moves every cost on every page
SLIDER_KEY = "drv:" + SLIDER_PATH
BARE_APP = '''"""A bare one-slider Streamlit app: the yardstick for rerun and slider-to-screen times."""
import streamlit as st

value = st.slider("Value", min_value=0.0, max_value=10.0, value=2.0, step=0.1, key="value")
st.metric("Twice the value", f"{2 * value:.1f}")
'''
MAIN = '[data-testid="stMain"]'


# --- measuring ----------------------------------------------------------------------


@dataclass
class Row:
    section: str
    measure: str
    median: float | None
    p95: float | None
    unit: str
    n: int
    target: str = ""
    ok: bool | None = None
    note: str = ""


def repeat(fn: Callable[[], Any], *, repeats: int, budget_s: float, warmup: int = 2) -> list[float]:
    """Milliseconds per call: ``warmup`` untimed calls, then up to ``repeats`` timed ones within ``budget_s``."""
    for _ in range(warmup):
        fn()
    times: list[float] = []
    deadline = time.perf_counter() + budget_s
    while len(times) < repeats and (len(times) < 5 or time.perf_counter() < deadline):
        t0 = time.perf_counter_ns()
        fn()
        times.append((time.perf_counter_ns() - t0) / 1e6)
    return times


def stats(times: list[float]) -> tuple[float, float]:
    arr = np.asarray(times, dtype=float)
    return float(np.median(arr)), float(np.percentile(arr, 95))


def timed_row(section: str, measure: str, times: list[float], *, target_ms: float | None = None, note: str = "") -> Row:
    med, p95 = stats(times)
    target = f"median < {target_ms:g} ms" if target_ms is not None else ""
    ok = med < target_ms if target_ms is not None else None
    return Row(section, measure, med, p95, "ms", len(times), target, ok, note)


@contextlib.contextmanager
def environ(name: str, value: str) -> Iterator[None]:
    """``os.environ[name] = value`` for the block (servers started inside inherit it), then as it was."""
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def seeded_store(log_dir: Path) -> str:
    """A fresh SQLite store holding "Bench" in two versions (the plan, then calls at 2.5), so the Workspace page
    shows what a team's does: a saved scenario, its versions and their difference. Returns its URL."""
    from model.loading import plan_scenario
    from model.overrides import with_overrides
    from store import Store

    url = f"sqlite:///{log_dir / 'bench-store.sqlite3'}"
    store = Store(url)
    store.save("Bench", plan_scenario(), note="make bench")
    store.save("Bench", with_overrides(plan_scenario(), {SLIDER_PATH: 2.5}), note="make bench")
    return url


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"


@contextlib.contextmanager
def section(name: str) -> Iterator[None]:
    """Print the section's name, then how long it took (so a slow or stuck part shows where it is)."""
    print(f"{name} ...", flush=True)
    t0 = time.perf_counter()
    yield
    print(f"{name}: {time.perf_counter() - t0:.0f} s (load average {load_average()})", flush=True)


def chromium_version() -> str:
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout
        return out.strip() or "unknown"
    return f"none at {CHROMIUM}"


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "unknown"
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        ram = f"{kb / 1024**2:.1f} GiB"
    import pandas
    import streamlit

    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "ram": ram,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "pandas": pandas.__version__,
        "numpy": np.__version__,
        "chromium": chromium_version(),
        "load average at start": load_average(),
    }


# --- the model ----------------------------------------------------------------------


def bench_model(rows: list[Row], quick: bool) -> None:
    from model import costs
    from model.loading import plan_scenario
    from model.params import params_from
    from model.result import curve, evaluate

    plan = plan_scenario()
    n = 200 if quick else 1000
    tiers = np.asarray(plan.tiers_dau, dtype=float)

    def formulas() -> None:
        p = params_from(plan)
        costs.total_usd(tiers, p)

    rows.append(
        timed_row("model", "five tiers: params_from + costs.total_usd", repeat(formulas, repeats=n, budget_s=5), target_ms=1)
    )
    rows.append(
        timed_row(
            "model",
            "five tiers: evaluate() (line items + audit)",
            repeat(lambda: evaluate(plan), repeats=n, budget_s=10),
            target_ms=1,
        )
    )
    dau = np.linspace(10_000, 1_000_000, 1_000)
    rows.append(
        timed_row(
            "model", "1,000-point DAU curve: curve()", repeat(lambda: curve(plan, dau), repeats=n, budget_s=10), target_ms=20
        )
    )

    from model.analysis.montecarlo import simulate
    from model.fx import USD
    from outputs import build_worker

    times = repeat(lambda: simulate(plan, draws=10_000, seed=1), repeats=20 if quick else 30, budget_s=15, warmup=1)
    rows.append(timed_row("model", "Monte Carlo, 10,000 draws x five tiers: simulate()", times))

    # As the download button builds it: in the worker process (started by the first, warm-up, build), the scenario
    # sent and the bytes received over its pipe.
    size = len(build_worker.build(plan, USD, "en"))
    times = repeat(lambda: build_worker.build(plan, USD, "en"), repeats=5 if quick else 9, budget_s=30, warmup=1)
    rows.append(
        timed_row(
            "model",
            "Excel export: build_worker.build() (as the download button calls it)",
            times,
            target_ms=500,
            note=f"{size / 1024:.0f} KiB",
        )
    )


# --- AppTest reruns ------------------------------------------------------------------


class OpenRecorder:
    """Files opened while ``armed`` (a sys.audit hook; hooks cannot be removed, so it is armed and disarmed)."""

    def __init__(self) -> None:
        self.armed = False
        self.paths: list[str] = []
        sys.addaudithook(self._hook)

    def _hook(self, event: str, args: tuple[Any, ...]) -> None:
        if self.armed and event == "open" and args and isinstance(args[0], str | bytes | os.PathLike):
            path = os.fsdecode(args[0])
            if not path.startswith("/proc/") and not path.startswith("/dev/"):
                self.paths.append(path)

    @contextlib.contextmanager
    def recording(self) -> Iterator[list[str]]:
        self.paths = []
        self.armed = True
        try:
            yield self.paths
        finally:
            self.armed = False


def slider_values(start: float, step: float, count: int, lo: float, hi: float) -> list[float]:
    """``count`` distinct values walking up from ``start`` (each rerun prices a scenario not yet in any cache)."""
    values = []
    v = start
    for _ in range(count):
        v = round(v + step, 10)
        if v > hi:
            v = lo
        values.append(v)
    return values


PAGES: list[str] | None = None
"""Only these page stems (``--pages``); every page by default."""


def page_files() -> list[str]:
    """The pages in views/ (every one, or those named by ``--pages``; a name with no page is an error)."""
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "views").glob("*.py") if not p.name.startswith("_"))
    if PAGES is None:
        return files
    unknown = sorted(set(PAGES) - {Path(f).stem for f in files})
    if unknown:
        raise SystemExit(f"--pages: no page named {', '.join(unknown)} in views/")
    return [f for f in files if Path(f).stem in PAGES]


APPTEST_BUDGET_S = 4.0
"""A page's timed AppTest reruns stop after this long, once there are at least four."""


def apptest_reruns(
    script: str, key: str, values: list[float], page: str | None, recorder: OpenRecorder
) -> tuple[list[float], list[str], int]:
    """Per value: set the slider, time the rerun. Returns (ms per rerun, files opened while timed, exceptions)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(script, default_timeout=120).run()
    if page is not None:
        at.switch_page(page).run()
    for v in values[:2]:  # warm: first imports, first cache fills
        at.slider(key=key).set_value(v).run()
    times: list[float] = []
    opened: list[str] = []
    started = time.monotonic()
    for v in values[2:]:
        if len(times) >= 4 and time.monotonic() - started > APPTEST_BUDGET_S:
            break
        at.slider(key=key).set_value(v)
        gc.collect()
        with recorder.recording() as paths:
            t0 = time.perf_counter_ns()
            at.run()
            times.append((time.perf_counter_ns() - t0) / 1e6)
        opened += paths
    return times, opened, len(at.exception)


def bench_apptest(rows: list[Row], quick: bool, bare_script: str) -> None:
    """Rerun ratios per page, against the bare app, in English.

    In English because AppTest formats a select box's value outside the session, where ``_()`` answers in English,
    and then cannot find it among the session's Korean options (Actuals' "Detect"); the browser measures the default.
    """
    with environ("SCALING_LANG", "en"):
        _bench_apptest(rows, quick, bare_script)


def _bench_apptest(rows: list[Row], quick: bool, bare_script: str) -> None:
    from model.drivers import drivers_for
    from model.loading import plan_scenario

    recorder = OpenRecorder()
    count = 6 if quick else 10  # two of them warm-up
    bare_times, _, _ = apptest_reruns(bare_script, "value", slider_values(2.0, 0.1, count, 0.0, 10.0), None, recorder)
    bare_med, bare_p95 = stats(bare_times)
    rows.append(Row("AppTest", "bare one-slider app: rerun after a slider change", bare_med, bare_p95, "ms", len(bare_times)))

    d = next(d for d in drivers_for(plan_scenario()) if d.path == SLIDER_PATH)
    values = slider_values(d.value(plan_scenario()), d.step, count, d.min, d.max)
    for page in page_files():
        times, opened, errors = apptest_reruns(str(APP), SLIDER_KEY, values, page, recorder)
        med, p95 = stats(times)
        # AppTest reads app.py and the page's source on every run (a real server caches their bytecode): not counted.
        data_files = [p for p in opened if not p.endswith((".py", ".pyc"))]
        note = f"{len(times)} reruns; other files opened per rerun: {len(data_files) / len(times):.1f}"
        if data_files:
            note += " (" + ", ".join(sorted({Path(p).name for p in data_files})[:4]) + ")"
        if errors:
            note += f"; {errors} exception(s) on the page"
        rows.append(
            Row(
                "AppTest",
                f"{page}: rerun after a slider change / bare app",
                med / bare_med,
                p95 / bare_p95,
                "x",
                len(times),
                note=f"{med:.1f} ms median, {p95:.1f} ms p95; {note}",
                ok=False if errors else None,
            )
        )


# --- the browser -----------------------------------------------------------------------


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# What the page shows as the script's output, for (d): metric values and text in the main area (not the slider's own
# value label, which the browser updates before the server has answered). A page may have no such text that moves
# with the slider; (d) then says so, and (a) and (b) do not depend on it.
OUTPUT = f"{MAIN} [data-testid='stMetricValue'], {MAIN} [data-testid='stMarkdownContainer']:not([data-testid='stSlider'] *)"
# Installed before the page loads. Records, in performance.now() ms: every key press and every message the server
# sends over the app's WebSocket (a rerun always answers with at least its status and its end, whether or not
# anything visible changes, so this is how a run that changes nothing on screen is seen to finish).
# A canvas's paint counts as a change of the main area: a dataframe (Glide Data Grid) draws its cells on a canvas.
INIT_JS = """(() => {
  const r = window.__rec = {keys: [], ws: [], muts: [], states: [], first: null, before: null, armed: false};
  document.addEventListener('keydown', () => r.keys.push(performance.now()), {capture: true});
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) { super(...args); this.addEventListener('message', () => r.ws.push(performance.now())); }
  };
  const ctx = CanvasRenderingContext2D.prototype;
  for (const name of ['fillText', 'drawImage']) {
    const native = ctx[name];
    ctx[name] = function (...args) {
      const c = this.canvas;
      if (c && c.isConnected && c.closest('[data-testid="stMain"]')) r.muts.push(performance.now());
      return native.apply(this, args);
    };
  }
})();"""
# Installed once the page has loaded: every change in the main area (elements added, removed, re-styled or their
# text changed), every change of the app's script state, and, after __arm(), the first change of the OUTPUT text.
# A change inside a <canvas> is not drawn (a canvas's children are fallback content): a dataframe keeps its cells
# there as a table for screen readers and rewrites it 150-250 ms after it has painted them on the canvas (measured on
# the Economics page), which would count a change nobody sees; the canvas's paint is counted instead (INIT_JS).
OBSERVE_JS = """(output) => {
  const r = window.__rec;
  const text = () => Array.from(document.querySelectorAll(output), (e) => e.innerText).join('\\n');
  const main = document.querySelector('[data-testid="stMain"]');
  const seen = (m) => {
    const e = m.target.nodeType === 1 ? m.target : m.target.parentElement;
    return !(e && e.closest('canvas'));
  };
  new MutationObserver((records) => {
    const now = performance.now();
    if (!records.some(seen)) return;
    r.muts.push(now);
    if (r.armed && r.keys.length && text() !== r.before) {
      r.armed = false;
      requestAnimationFrame(() => { r.first = performance.now(); });
    }
  }).observe(main, {subtree: true, childList: true, characterData: true, attributes: true});
  const app = document.querySelector('[data-testid="stApp"]');
  new MutationObserver(() => r.states.push([performance.now(), app.getAttribute('data-test-script-state')]))
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  window.__arm = () => {
    Object.assign(r, {keys: [], ws: [], muts: [], states: [], first: null});
    r.before = text(); r.armed = true;
  };
  window.__reset = () => { Object.assign(r, {keys: [], ws: [], muts: [], states: [], first: null, armed: false}); };
}"""
STATE_JS = """() => {
  const r = window.__rec, now = performance.now();
  const app = document.querySelector('[data-testid="stApp"]');
  return {now, state: app.getAttribute('data-test-script-state'), keys: r.keys, ws: r.ws, muts: r.muts,
          states: r.states, first: r.first};
}"""
QUIET_MS = 150
"""The page counts as settled once nothing has happened for this long: no message from the server, no change in the
main area, the script not running. Only the wait, not the measure: the figure is the time of the last change."""
SETTLE_TIMEOUT_S = 20.0
"""A key press whose page has not settled by then is a failure of that page, reported as such, never a number."""
HELD_PRESSES = 8
HELD_GAP_MS = 40
POLL_MS = 25
PRESSES, HELD_RUNS, COLD_STARTS = 15, 5, 3
"""Repeats in a full run (``--quick``: 6, 3, 1): 15 single presses and 5 held keys per page keep the browser part
near 20 s a page, so the whole of ``make bench`` stays under 10 minutes; p95 of 15 is close to the slowest press."""
MIN_PRESSES, MIN_HELD, PAGE_BUDGET_S = 8, 3, 25.0
"""On a loaded machine a page stops repeating after PAGE_BUDGET_S, once it has at least MIN_PRESSES and MIN_HELD."""
BARE_BURST, BARE_BURST_S = (4, 1), 4.0
"""After each page, the bare app again: 4 presses and a held key (its figures pool with the first measure's)."""


@dataclass
class Settled:
    """One settled key press, in ms from the (last) key press: the last change it caused, and the first text change."""

    last_change: float
    first_text: float | None


def settle_point(r: dict[str, Any], quiet_ms: float = QUIET_MS) -> Settled | None:
    """The settled key press in one reading of the page's record (STATE_JS), or None while it is not settled yet.

    Settled: the script is not running, the server has answered since the last key press, and nothing has happened
    for ``quiet_ms``. The last change is the latest of the server's messages, the main area's mutations and the
    script state's switches to notRunning after the last key press; the first text change is counted from the first
    key press. A run that changes nothing visible is thus measured by its end, and a fast run that React shows
    without ever flagging 'running' is not read before the server has answered.
    """
    if not r["keys"] or r["state"] == "running":
        return None
    last_key = r["keys"][-1]
    answers = [t for t in r["ws"] if t >= last_key]
    if not answers:
        return None
    changes = answers + [t for t in r["muts"] if t >= last_key]
    changes += [t for t, s in r["states"] if t >= last_key and s != "running"]
    last = max(changes)
    if r["now"] - last < quiet_ms:
        return None
    first = r["first"] - r["keys"][0] if r["first"] is not None else None
    return Settled(last - last_key, first)


def settled_after(page: Any, timeout_s: float = SETTLE_TIMEOUT_S) -> Settled | None:
    """Poll the page until ``settle_point`` finds it settled; None if it has not settled within ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        page.wait_for_timeout(POLL_MS)
        settled = settle_point(page.evaluate(STATE_JS))
        if settled is not None:
            return settled
    return None


@dataclass
class PageTimes:
    """Per page, in ms: (d) first text change, (a) whole page drawn and the run finished, (b) a held key settled."""

    first_text: list[float]
    whole_page: list[float]
    held: list[float]
    failures: int
    why: str = ""
    """What the page showed at the first key press that did not settle (script state, server answers, any dialog)."""


WHY_JS = """() => {
  const r = window.__rec, now = performance.now(), last = r.keys.length ? r.keys[r.keys.length - 1] : Infinity;
  const dialog = document.querySelector('[role="dialog"]');
  const ago = (xs) => xs.length ? now - Math.max(...xs) : null;
  return {state: document.querySelector('[data-testid="stApp"]').getAttribute('data-test-script-state'),
          answers: r.ws.filter((t) => t >= last).length, dialog: dialog ? dialog.innerText.slice(0, 160) : '',
          ws_ago: ago(r.ws), mut_ago: ago(r.muts), muts_last_s: r.muts.filter((t) => t > now - 1000).length,
          states: r.states.filter(([t]) => t >= last).map(([t, s]) => s).slice(-4)};
}"""


def why_text(w: dict[str, Any]) -> str:
    """One line on what a page that did not settle showed (WHY_JS): the script state, the server's answers since the
    last press and when it last sent anything, whether the main area was still changing, and any dialog."""

    def ago(ms: float | None) -> str:
        return "never" if ms is None else f"{ms / 1000:.1f} s ago"

    text = f"script {w['state']}, {w['answers']} server message(s) after the last press"
    if "ws_ago" in w:
        text += (
            f" (the last {ago(w['ws_ago'])}); main area last changed {ago(w['mut_ago'])},"
            f" {w['muts_last_s']} change(s) in the last second"
        )
        if w.get("states"):
            text += "; script states since the press: " + " > ".join(w["states"])
    dialog = " ".join(w.get("dialog", "").split())
    return text + (f"; dialog: {dialog}" if dialog else "")


def unsettled(page: Any, out: PageTimes) -> None:
    """Count a key press that did not settle; keep what the page showed the first time."""
    out.failures += 1
    if not out.why:
        out.why = why_text(page.evaluate(WHY_JS))


def key_class(key: str) -> str:
    """The CSS class Streamlit 1.67 gives an element's container for its ``key`` (st-key-, other characters as -)."""
    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


def slider_state(slider: Any) -> tuple[float, float, float, float]:
    """The slider's value, minimum, maximum and step (Streamlit 1.67 draws it as an ``<input type="range">``)."""
    return tuple(slider.evaluate("(e) => [Number(e.value), Number(e.min), Number(e.max), Number(e.step)]"))


def walk_key(state: tuple[float, float, float, float], moves: int) -> str:
    """The arrow key that walks a slider in ``state`` (``slider_state``) ``moves`` steps one way (toward its farther
    end) without reaching its end.

    Every press of a page's measure then prices a value no run on that server has priced. A walk back and forth
    revisits values, whose results the app's caches (keyed by the scenario) answer without computing; that flattered
    the held key most (its presses went over the single presses' values again). Raises if there is no such room.
    """
    now, lo, hi, step = state
    room = max(hi - now, now - lo)
    if step <= 0 or room < moves * step - step / 2:
        raise RuntimeError(f"the slider has room for {room / step:.0f} steps one way and {moves} presses need a value each")
    return "ArrowRight" if hi - now >= now - lo else "ArrowLeft"


def check_walk(start: float, end: float, step: float, moves: int) -> None:
    """Raise unless the walk from ``start`` went ``moves`` steps of ``step`` (every press a value of its own)."""
    if abs(abs(end - start) - moves * step) > step / 2:
        raise RuntimeError(
            f"the slider went from {start:g} to {end:g} in {moves} presses of {step:g}: some presses did not give it a "
            "value of their own"
        )


def page_times(
    browser: Any, url: str, slider_key: str, presses: int, held_runs: int, *, budget_s: float = PAGE_BUDGET_S
) -> PageTimes:
    """On one page: up to ``presses`` single key presses and ``held_runs`` held keys (8 presses 40 ms apart).

    Past ``MIN_PRESSES`` and ``MIN_HELD``, repeats stop once the page has used its ``budget_s`` (two thirds for
    single presses, a third for held keys), so a loaded machine gives fewer samples rather than a run that never
    ends; ``n`` in the table says how many. The slider is found by its key (its label is in the app's language,
    Korean by default).
    """
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.add_init_script(INIT_JS)
        page.goto(url)
        page.wait_for_selector(IDLE, timeout=120_000)
        page.wait_for_selector(f"{MAIN} [data-testid='stMetricValue'], {MAIN} [data-testid='stMarkdownContainer']")
        page.wait_for_timeout(500)
        page.evaluate(OBSERVE_JS, OUTPUT)
        slider = page.locator("." + key_class(slider_key)).get_by_role("slider")
        slider.focus(timeout=30_000)
        state = slider_state(slider)
        key = walk_key(state, presses + 2 + held_runs * HELD_PRESSES)
        start, _lo, _hi, step = state
        moves = 0
        out = PageTimes([], [], [], 0)
        started = time.monotonic()
        for i in range(presses + 2):
            if i >= 2 + min(MIN_PRESSES, presses) and time.monotonic() - started > budget_s * 2 / 3:
                break
            page.evaluate("window.__arm()")
            page.keyboard.press(key)
            moves += 1
            settled = settled_after(page)
            if i < 2:
                continue  # warm-up presses
            if settled is None:
                unsettled(page, out)
                continue
            out.whole_page.append(settled.last_change)
            if settled.first_text is not None:
                out.first_text.append(settled.first_text)
        for j in range(held_runs):
            if j >= min(MIN_HELD, held_runs) and time.monotonic() - started > budget_s:
                break
            page.evaluate("window.__reset()")
            for _ in range(HELD_PRESSES):
                page.keyboard.press(key)
                moves += 1
                page.wait_for_timeout(HELD_GAP_MS)
            settled = settled_after(page)
            if settled is None:
                unsettled(page, out)
            else:
                out.held.append(settled.last_change)
        check_walk(start, slider_state(slider)[0], step, moves)
        return out
    finally:
        page.close()


def cold_start(browser: Any, script: Path | str, log_dir: Path, path: str = "", *, cwd: Path = ROOT) -> tuple[float, float]:
    """(ms from spawning the server to healthy, ms from spawning it to the page's first metric on screen)."""
    server = start_server(script, log_dir, cwd=cwd)
    try:
        wait_healthy(server)
        healthy = (time.perf_counter_ns() - server.started_ns) / 1e6
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            page.goto(server.url + "/" + path)
            page.wait_for_selector(f"{MAIN} [data-testid='stMetricValue']", timeout=180_000)
            first = (time.perf_counter_ns() - server.started_ns) / 1e6
        finally:
            page.close()
        return healthy, first
    finally:
        server.stop()


# --- the floor: each page's own elements, drawn with nothing computed (scripts/floor.py) -------------------------

FLOOR_APP = ROOT / "scripts" / "floor_app.py"
FLOOR_PRESSES, FLOOR_HELD, FLOOR_BUDGET_S = 6, 5, 20.0
"""A floor page's repeats, full run and ``--quick`` alike: information, not a target, so fewer single presses than
the page's own. Measured at load 6-9: 11-18 s a floor page with 8 presses; 6 keep the 15 floors near 2.5 minutes.
Five held keys (each about a second), as the page itself gets: with three, a page's held-key floor moved across 3x
the bare app from one run to the next (Compare 3.89x, then 2.20x)."""


@dataclass
class FloorRow:
    """One page against its floor and the bare app, in ms: (a) p95 and (b) median; None where not measured."""

    page: str
    measure: str
    page_ms: float | None
    floor_ms: float | None
    bare_ms: float
    n_floor: int = 0
    note: str = ""
    sent_kib: float | None = None
    """What the page sends the browser a rerun (its recorded run after a key press), in KiB."""

    def ratios(self) -> tuple[float | None, float | None, float | None]:
        """(page / bare, floor / bare, page / floor)."""
        p, f, b = self.page_ms, self.floor_ms, self.bare_ms
        return (
            p / b if p is not None else None,
            f / b if f is not None else None,
            p / f if p is not None and f is not None and f > 0 else None,
        )


def floor_rows(
    page: str,
    page_t: PageTimes | None,
    floor_t: PageTimes | str,
    bare_a_p95: float,
    bare_b_med: float,
    *,
    sent_kib: float | None = None,
) -> list[FloorRow]:
    """The page's (a) p95 and (b) median beside its floor's and the bare app's (a failed measure is None, with why)."""
    note = floor_t if isinstance(floor_t, str) else ""
    ft = None if isinstance(floor_t, str) else floor_t
    if ft is not None and ft.failures:
        note = f"{ft.failures} floor key press(es) did not settle within {SETTLE_TIMEOUT_S:g} s (first: {ft.why})"

    def p95(xs: list[float] | None) -> float | None:
        return stats(xs)[1] if xs else None

    def median(xs: list[float] | None) -> float | None:
        return stats(xs)[0] if xs else None

    return [
        FloorRow(page, "(a) p95", p95(page_t.whole_page if page_t else None), p95(ft.whole_page if ft else None),
                 bare_a_p95, len(ft.whole_page) if ft else 0, note, sent_kib),
        FloorRow(page, "(b) median", median(page_t.held if page_t else None), median(ft.held if ft else None),
                 bare_b_med, len(ft.held) if ft else 0, note, sent_kib),
    ]  # fmt: skip


def floor_table(frows: list[FloorRow]) -> str:
    """Where the floor is: per page, the page, its floor and the bare app, and their ratios (information only)."""
    head = ["page", "measure", "page", "floor", "bare", "page/bare (target 3x)", "floor/bare", "page/floor", "n floor",
            "sent a rerun"]  # fmt: skip
    cells = [head]
    for r in frows:
        pb, fb, pf = r.ratios()
        cells.append([r.page, r.measure, fmt(r.page_ms, "ms"), fmt(r.floor_ms, "ms"), fmt(r.bare_ms, "ms"),
                      fmt(pb, "x"), fmt(fb, "x"), fmt(pf, "x"), str(r.n_floor),
                      "-" if r.sent_kib is None else f"{r.sent_kib:,.0f} KiB"])  # fmt: skip
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    lines = []
    for j, c in enumerate(cells):
        lines.append("  ".join(x.ljust(w) if i < 2 else x.rjust(w) for i, (x, w) in enumerate(zip(c, widths, strict=True))))
        if j == 0:
            lines.append("  ".join("-" * w for w in widths))
    notes = sorted({f"- {r.page}: {r.note}" for r in frows if r.note})
    return "\n".join(lines) + ("\n\nNotes:\n" + "\n".join(notes) if notes else "")


def record_floors(url: str, log_dir: Path) -> Path:
    """Record every measured page of the app served at ``url`` for the floor app; returns the recordings' folder."""
    from scripts import floor

    folder = log_dir / "floor"
    stems = [Path(p).stem for p in page_files()]
    took = floor.record_from_server(url, stems, SLIDER_KEY, folder)
    print(f"  floor recordings: {len(took)} page(s) in {sum(took.values()):.0f} s", flush=True)
    return folder


def sent_kib(folder: Path, stem: str) -> float | None:
    """KiB the page sends a rerun after a key press (its recorded run at one step up), None without a recording."""
    from scripts import floor

    rec = floor.load_page(folder, stem)
    return sum(len(m) for m in rec.runs[-1]) / 1024 if rec is not None else None


def measure_floor(browser: Any, floor_url: str) -> PageTimes | str:
    """The floor page's (a) and (b), as for the page itself; a page that cannot be measured gives the reason."""
    try:
        return page_times(browser, floor_url, SLIDER_KEY, FLOOR_PRESSES, FLOOR_HELD, budget_s=FLOOR_BUDGET_S)
    except Exception as exc:  # the floor is information: a failure is a note, and the run goes on
        return "floor not measured: " + str(exc).splitlines()[0]


def bench_browser(rows: list[Row], quick: bool, bare_script: str, log_dir: Path, frows: list[FloorRow] | None = None) -> None:
    """What a person feels, on every page, against a bare one-slider app run with the same config in the same run.

    (a) key press to the whole page drawn and the run finished: p95 within 3x the bare app's;
    (b) a held key (8 presses 40 ms apart): last press to the page settled, median within 3x;
    (c) cold load: a fresh server to the Overview's first figure, within 2x a fresh bare app's;
    (d) key press to the first text change: kept as information.
    Both apps run from this folder, so this app's .streamlit/config.toml applies to both. A page that cannot be
    measured (its slider missing, a key press that never settles) is a FAIL row with the reason; the run goes on.
    With ``frows`` (a list), each page's floor (scripts/floor.py: the page's recorded elements replayed by
    scripts/floor_app.py, nothing computed) is measured right after the page, the same way, and added to it.
    Each page runs on a fresh server and its presses walk one way (``walk_key``), so every measured rerun prices a
    value no cache holds; the bare app is measured again after each page and pooled (``BARE_BURST``), and the cold
    loads alternate bare and app, so the machine's drift over the run falls on both sides of each ratio.
    """
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"make bench needs Chromium at {CHROMIUM} (or --no-browser): apt-get install chromium")
    presses, held_runs = (6, 3) if quick else (PRESSES, HELD_RUNS)
    with chromium() as browser, contextlib.ExitStack() as stack:
        bare = stack.enter_context(serving(bare_script, log_dir))
        base = page_times(browser, bare.url, "value", presses, held_runs)
        if base.failures or not base.whole_page or not base.held:
            raise SystemExit(f"the bare app did not settle after {base.failures} key press(es): no yardstick")
        stack.enter_context(environ("SCALING_STORE_URL", seeded_store(log_dir)))
        floor_server = None
        floor_dir = log_dir / "floor"
        if frows is not None:
            with serving(APP, log_dir) as recorded:
                floor_dir = record_floors(recorded.url, log_dir)
            stack.enter_context(environ("FLOOR_RECORDINGS", str(floor_dir)))
            floor_server = stack.enter_context(serving(FLOOR_APP, log_dir))
        measured: list[tuple[str, PageTimes | None, str, PageTimes | str | None]] = []
        for page in page_files():
            stem = Path(page).stem
            url_path = "" if stem == "overview" else stem
            started = time.perf_counter()
            t: PageTimes | None = None
            try:
                # A fresh server per page: no value this page's presses price was priced by the pages before it
                # (the caches are per server, shared by its sessions).
                with serving(APP, log_dir) as app:
                    t = page_times(browser, f"{app.url}/{url_path}", SLIDER_KEY, presses, held_runs)
                reason = ""
            except Exception as exc:  # a page that cannot be measured is a failure of that page, not of the run
                reason = str(exc).splitlines()[0]
            print(f"  {page}: {time.perf_counter() - started:.0f} s", flush=True)
            floor_t: PageTimes | str | None = None
            if floor_server is not None:
                floor_started = time.perf_counter()
                floor_t = measure_floor(browser, f"{floor_server.url}/{url_path}")
                print(f"  {page} floor: {time.perf_counter() - floor_started:.0f} s", flush=True)
            measured.append((page, t, reason, floor_t))
            # The yardstick is measured between the pages too, and pooled: this machine's speed drifts over the
            # minutes a run takes, and a bare app measured only at its start would carry that minute's speed.
            more = page_times(browser, bare.url, "value", BARE_BURST[0], BARE_BURST[1], budget_s=BARE_BURST_S)
            base.whole_page += more.whole_page
            base.held += more.held
            base.first_text += more.first_text
            base.failures += more.failures
        ba_m, ba_p = stats(base.whole_page)
        bb_m, bb_p = stats(base.held)
        bd_m, bd_p = stats(base.first_text)
        pooled = f"pooled: the start and {len(measured)} bursts between the pages"
        rows.append(
            Row("browser", "bare app (same config): (a) key press to whole page drawn", ba_m, ba_p, "ms", len(base.whole_page),
                note=pooled)
        )  # fmt: skip
        rows.append(
            Row("browser", "bare app (same config): (b) held key, last press to settled", bb_m, bb_p, "ms", len(base.held),
                note=pooled)
        )  # fmt: skip
        rows.append(
            Row("browser", "bare app (same config): (d) key press to first text change", bd_m, bd_p, "ms", len(base.first_text))
        )
        worst_a: tuple[float, str] = (0.0, "")
        worst_b: tuple[float, str] = (0.0, "")
        for page, t, reason, floor_t in measured:
            if floor_t is not None and frows is not None:
                frows += floor_rows(page, t, floor_t, ba_p, bb_m, sent_kib=sent_kib(floor_dir, Path(page).stem))
            if t is None:
                rows.append(Row("browser", f"{page}: (a) and (b)", None, None, "x", 0, ok=False, note=reason))
                continue
            if not t.whole_page or not t.held:
                rows.append(
                    Row("browser", f"{page}: (a) and (b)", None, None, "x", 0, ok=False,
                        note=f"{t.failures} key press(es) did not settle within {SETTLE_TIMEOUT_S:g} s: {t.why}")
                )  # fmt: skip
                continue
            am, ap = stats(t.whole_page)
            hm, hp = stats(t.held)
            ok_a, ok_b = ap / ba_p <= 3 and t.failures == 0, hm / bb_m <= 3 and t.failures == 0
            worst_a = max(worst_a, (ap / ba_p, page))
            worst_b = max(worst_b, (hm / bb_m, page))
            first = f"(d) first text {stats(t.first_text)[0]:.0f} ms median" if t.first_text else "(d) no text moves"
            unsettled = (
                f"; {t.failures} key press(es) did not settle within {SETTLE_TIMEOUT_S:g} s (first: {t.why})"
                if t.failures
                else ""
            )
            rows.append(
                Row("browser", f"{page}: (a) key press to whole page drawn / bare", am / ba_m, ap / ba_p, "x", len(t.whole_page),
                    target="p95 <= 3x", ok=ok_a, note=f"{am:.0f} / {ap:.0f} ms; {first}{unsettled}")
            )  # fmt: skip
            rows.append(
                Row("browser", f"{page}: (b) held key, last press to settled / bare", hm / bb_m, hp / bb_p, "x", len(t.held),
                    target="median <= 3x", ok=ok_b, note=f"{hm:.0f} / {hp:.0f} ms{unsettled}")
            )  # fmt: skip
        if worst_a[1]:
            rows.append(Row("browser", f"worst page for (a): {worst_a[1]}", None, worst_a[0], "x", 0, note="p95 ratio"))
            rows.append(Row("browser", f"worst page for (b): {worst_b[1]}", worst_b[0], None, "x", 0, note="median ratio"))
        starts = 1 if quick else COLD_STARTS
        bare_cold, app_cold = [], []
        for _ in range(starts):  # interleaved, so a slow minute falls on both
            bare_cold.append(cold_start(browser, bare_script, log_dir))
            app_cold.append(cold_start(browser, APP, log_dir))
        bare_first = float(np.median([f for _, f in bare_cold]))
        app_first = float(np.median([f for _, f in app_cold]))
        rows.append(Row("browser", "bare app (same config): (c) cold load to first figure", bare_first, None, "ms", starts))
        rows.append(
            Row("browser", "app.py: (c) cold load to the Overview's headline / bare", app_first / bare_first, None, "x", starts,
                target="<= 2x", ok=app_first / bare_first <= 2, note=f"{app_first:.0f} ms against {bare_first:.0f} ms")
        )  # fmt: skip


# --- output -----------------------------------------------------------------------------


# --- the workspace store: a saved scenario by link against the plan -------------------------

LINK_TARGET_RATIO = 1.5
LINK_PAIRS, LINK_BUDGET_S = 6, 45.0
"""Plan and link opens, interleaved, in a full run (each open is a new browser context, 3-7 s here)."""


def bench_store_link(rows: list[Row], quick: bool, log_dir: Path) -> None:
    """A new browser context opening ``?s=<id>`` (a saved scenario: the plan with one change, read from the store and
    validated) against one opening the plan, from ``goto`` to the Overview's five headline figures on screen; the two
    are interleaved on one server whose store is a fresh SQLite file. Target: the link's median within 1.5x the plan's."""
    from store import Store

    (log_dir / "link").mkdir(exist_ok=True)
    db_url = seeded_store(log_dir / "link")
    saved = Store(db_url).info("Bench", 2)
    with environ("SCALING_STORE_URL", db_url):
        with serving(APP, log_dir) as server, chromium() as browser:

            def open_once(query: str) -> float:
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                page = context.new_page()
                try:
                    t0 = time.perf_counter_ns()
                    page.goto(server.url + "/" + query)
                    page.wait_for_function(
                        "(sel) => document.querySelectorAll(sel).length >= 5",
                        arg=f"{MAIN} [data-testid='stMetricValue']",
                        timeout=120_000,
                    )
                    return (time.perf_counter_ns() - t0) / 1e6
                finally:
                    context.close()

            link = f"?s={saved.share_id}"
            open_once("")  # warm: the first session imports the pages, the first open fills the caches
            open_once(link)
            plan_times: list[float] = []
            link_times: list[float] = []
            started = time.monotonic()
            for i in range(3 if quick else LINK_PAIRS):
                if i >= 3 and time.monotonic() - started > LINK_BUDGET_S:
                    break
                plan_times.append(open_once(""))
                link_times.append(open_once(link))
    plan_med, plan_p95 = stats(plan_times)
    link_med, link_p95 = stats(link_times)
    rows.append(
        Row(
            "Workspace",
            "open the plan in a new context: goto to the five headline figures",
            plan_med,
            plan_p95,
            "ms",
            len(plan_times),
        )
    )
    rows.append(
        Row(
            "Workspace",
            "open a saved scenario by its ?s= link / open the plan",
            link_med / plan_med,
            link_p95 / plan_p95,
            "x",
            len(link_times),
            target=f"median within {LINK_TARGET_RATIO:g}x",
            ok=link_med / plan_med <= LINK_TARGET_RATIO,
            note=f"{link_med:.0f} ms median, {link_p95:.0f} ms p95 (the store: SQLite)",
        )
    )


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "x":
        return f"{value:.2f}x"
    if value >= 100:
        return f"{value:,.0f} ms"
    if value >= 1:
        return f"{value:.2f} ms"
    return f"{value * 1000:.0f} us"


def table(rows: list[Row]) -> str:
    head = ["section", "measure", "median", "p95", "n", "target", "result"]
    cells = [head]
    for r in rows:
        result = "" if r.ok is None else ("PASS" if r.ok else "FAIL")
        cells.append([r.section, r.measure, fmt(r.median, r.unit), fmt(r.p95, r.unit), str(r.n), r.target, result])
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    lines = []
    for j, c in enumerate(cells):
        lines.append(
            "  ".join(
                x.rjust(w) if i in (2, 3, 4) else x.ljust(w) for i, (x, w) in enumerate(zip(c, widths, strict=True))
            ).rstrip()
        )
        if j == 0:
            lines.append("  ".join("-" * w for w in widths))
    notes = [f"- {r.measure}: {r.note}" for r in rows if r.note]
    return "\n".join(lines) + ("\n\nNotes:\n" + "\n".join(notes) if notes else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a smoke run; figures are noisier)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measurements")
    parser.add_argument("--json", metavar="FILE", help="also write the rows and the machine as JSON")
    parser.add_argument("--pages", metavar="STEMS", help="only these pages, e.g. overview,ai (default: every page)")
    parser.add_argument("--no-apptest", action="store_true", help="skip the AppTest reruns")
    parser.add_argument("--no-floor", action="store_true", help="skip each page's floor (its elements, nothing computed)")
    parser.add_argument("--only", choices=["store-link"], help="run just this measure (store-link: ?s= link against the plan)")
    args = parser.parse_args(argv)
    global PAGES
    PAGES = args.pages.split(",") if args.pages else None

    import streamlit.logger

    streamlit.logger.set_log_level("error")  # AppTest outside a server warns about a missing ScriptRunContext
    about = machine()
    print("Machine: " + "; ".join(f"{k} {v}" for k, v in about.items()), flush=True)
    rows: list[Row] = []
    frows: list[FloorRow] = []
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        bare_script = str(work / "bare_app.py")
        Path(bare_script).write_text(BARE_APP)
        if args.only != "store-link":
            with section("model"):
                bench_model(rows, args.quick)
            if not args.no_apptest:
                with section("AppTest"):
                    bench_apptest(rows, args.quick, bare_script)
            if not args.no_browser:
                with section("browser"):
                    bench_browser(rows, args.quick, bare_script, work, None if args.no_floor else frows)
        if not args.no_browser:
            with section("workspace link"):
                bench_store_link(rows, args.quick, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print()
    print(table(rows))
    if frows:
        print("\nWhere the floor is (information; the targets are page/bare above): each page against its floor, the same")
        print("elements recorded from the page and replayed with nothing computed (scripts/floor.py), and the bare app.")
        print(floor_table(frows))
    print(f"\nLoad average at the end: {load_average()} (1, 5, 15 min; 2 cores, shared with other work)")
    if args.json:
        Path(args.json).write_text(
            json.dumps({"machine": about, "rows": [asdict(r) for r in rows], "floor": [asdict(r) for r in frows]}, indent=2)
            + "\n"
        )
    missed = [r.measure for r in rows if r.ok is False]
    if missed:
        print("\nMissed: " + "; ".join(missed))
        return 1
    print("\nEvery target met.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
