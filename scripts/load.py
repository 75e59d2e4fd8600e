"""`make load`: a bounded load run on loopback, not part of `make test`.

Starts the app (`streamlit run app.py` on a free 127.0.0.1 port) and connects
N websocket clients that speak Streamlit's own protocol (the protobuf BackMsg /
ForwardMsg the browser sends and receives on /_stcore/stream). Each client opens
a page (the app's pages in turn), then moves three sidebar sliders for a fixed
time, each to another of a few values spread over its range, waiting for each
rerun to finish before the next move, as a person dragging a slider would.

Reports reruns served, reruns whose page (the main area) changed, per page (proof the moves took effect: at least
80% on every page the sliders move; ``STILL_PAGES`` are not), errors (an exception element on the page, a script that did not finish, a
dropped connection: must be zero), rerun latency (median, p95, max) and the
server's resident memory (VmRSS from /proc/PID/status) when idle, after every
session's first run, and after each round. The values are a bounded set, so the
app's caches (bounded too) fill during the first rounds; memory that still grows
in the last round grows with reruns, and fails the run.

Then the yardstick: a bare one-slider app (``bench.BARE_APP``, run from the same folder, so with the same
.streamlit/config.toml) under the same load, the same clients moving its slider for one round of the same length;
the run reports the ratio of the app's rerun p95 (its last round, caches full) to the bare app's. There is no
target for it: on 2 cores it mostly measures CPU per rerun. ``--no-bare`` skips it.

Usage: ``python scripts/load.py [--clients 20] [--seconds 30] [--rounds 3] [--distinct 3] [--no-bare]``.

``--workbook-run``: the bounded-work check instead. 10 websocket sessions move sliders for ``--seconds`` (the
unloaded run); then a real browser session (headless Chromium) uploads a large valid scenario
(``scripts/large_scenario.py``: ``--large "12 20 50 239"`` = levels, items per level, ranges, months: the
model's size limits) and, again and again while the 10 move sliders for another ``--seconds`` (the loaded run),
clicks "Prepare Excel workbook", then "Download Excel workbook" once it is offered, then moves a driver (so the next
round builds anew). Reports both runs' rerun p95 and their ratio (target: within 2x; builds are queued, one at a
time for the process, see ui/workbooks.py), how many workbooks were built and downloaded, how many the bound refused
with its sentence, and how many failed (a canceled download or a broken page: must be 0, else FAIL).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import APP, BARE_APP, ROOT, machine, start_server, wait_healthy

sys.path.insert(0, str(ROOT))

SLIDER_PATHS = ("ai.calls_per_dau_per_day", "caching.caches.1.hit_rate", "ai.input_tokens_per_call")
RERUN_TIMEOUT_S = 120.0


def rss_mib(pid: int) -> float:
    """Resident memory of ``pid`` in MiB (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    reruns: int = 0
    changed: int = 0
    """Reruns whose main area differed from the session's previous one."""
    errors: list[str] = field(default_factory=list)
    by_page: dict[str, list[int]] = field(default_factory=dict)
    """Per page: [reruns, changed]."""


STILL_PAGES = ("actuals", "compare", "workspace")
"""Pages whose main area the three sliders do not move (measured: 0 of every move changed it; Scenarios' share link
does move): their reruns are counted, not held to the changed rule."""


class Client:
    """One browser session, spoken to in protobuf."""

    def __init__(self, url: str, page_hash: str, rng: random.Random) -> None:
        self.url, self.page_hash, self.rng = url, page_hash, rng
        self.sliders: dict[str, tuple[str, float, float, float]] = {}  # widget key -> (widget id, min, max, step)
        self.pages: dict[str, str] = {}  # page name -> script hash
        self.ws = None
        self.last_shown: list[str] = []
        self.sent: dict[str, float] = {}
        self.changed = False
        """Whether the last rerun showed anything different from the one before (the move took effect)."""

    async def connect(self) -> None:
        from websockets.asyncio.client import connect

        self.ws = await connect(self.url, subprotocols=["streamlit"], max_size=None, open_timeout=60, ping_interval=None)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def rerun(self, widgets: list[object] | None = None) -> tuple[float, list[str]]:
        """Ask for a rerun with ``widgets`` (WidgetState protos); wait for script_finished. Returns (ms, problems)."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
        from streamlit.runtime.state.common import user_key_from_element_id

        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_script_hash = self.page_hash
        for w in widgets or []:
            msg.rerun_script.widget_states.widgets.append(w)
        assert self.ws is not None
        t0 = time.perf_counter_ns()
        await self.ws.send(msg.SerializeToString())
        problems: list[str] = []
        shown: list[str] = []
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), timeout=RERUN_TIMEOUT_S)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            kind = fwd.WhichOneof("type")
            if kind == "navigation":
                self.pages = {
                    p.url_pathname or p.page_name: p.page_script_hash for p in fwd.navigation.app_pages if not p.external_url
                }
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                in_main = fwd.metadata.delta_path[:1] == [0]  # the page, not the sidebar
                el = fwd.delta.new_element
                which = el.WhichOneof("type")
                if which == "exception":
                    problems.append(f"exception on the page: {el.exception.type}: {el.exception.message[:200]}")
                elif which == "slider":
                    s = el.slider
                    key = user_key_from_element_id(s.id) or s.label  # by key: the label is Korean by default
                    self.sliders[key] = (s.id, s.min, s.max, s.step)
                    if key not in self.sent and s.value:
                        self.sent[key] = round(s.value[0], 10)
                elif which is not None and in_main:
                    shown.append(which + ":" + str(getattr(el, which))[:400])
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(fwd.script_finished)
                if status == "FINISHED_SUCCESSFULLY":
                    self.changed = shown != self.last_shown
                    self.last_shown = shown
                    return (time.perf_counter_ns() - t0) / 1e6, problems
                if status != "FINISHED_EARLY_FOR_RERUN":
                    problems.append(f"script finished with {status}")
                    return (time.perf_counter_ns() - t0) / 1e6, problems

    def page_name(self) -> str:
        """The page this session is on, by its address ('' for the default page)."""
        return next((name for name, h in self.pages.items() if h == self.page_hash), "")

    def slider_move(self, prefixes: tuple[str, ...], distinct: int) -> object:
        """A WidgetState moving one of the sliders whose label starts with one of ``prefixes`` to another value.

        ``distinct`` > 0: one of that many values spread over the range (so the scenarios, and the caches, are
        bounded and a later round measures reruns alone); 0: any value of the range.
        """
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        labels = [label for label in self.sliders if label.startswith(prefixes)]
        label = self.rng.choice(labels)
        wid, lo, hi, step = self.sliders[label]
        steps = round((hi - lo) / step)
        if distinct > 0:
            choices = sorted({round(lo + step * round(steps * (i + 1) / (distinct + 1)), 10) for i in range(distinct)})
        else:
            choices = [round(lo + step * k, 10) for k in range(steps + 1)]
        choices = [v for v in choices if v != self.sent.get(label)] or choices
        value = self.rng.choice(choices)
        self.sent[label] = value
        w = WidgetState(id=wid)
        w.double_array_value.data.append(value)
        return w


def slider_labels() -> tuple[str, ...]:
    """The sidebar sliders' widget keys (``ui.sidebar`` keys each ``drv:`` + the driver's path): found by key, since
    the app's labels are Korean by default (the bare app's one slider is found by its label)."""
    return tuple(f"drv:{p}" for p in SLIDER_PATHS)


async def run_client(client: Client, labels: tuple[str, ...], deadline: float, tally: Tally, distinct: int) -> None:
    try:
        while time.monotonic() < deadline:
            ms, problems = await client.rerun([client.slider_move(labels, distinct)])
            tally.reruns += 1
            tally.changed += client.changed
            counts = tally.by_page.setdefault(client.page_name(), [0, 0])
            counts[0] += 1
            counts[1] += client.changed
            tally.latencies_ms.append(ms)
            tally.errors += problems
    except Exception as exc:  # a dropped connection or a timeout is an error of the run, reported, not raised
        tally.errors.append(f"{type(exc).__name__}: {exc}")


async def open_sessions(url: str, n: int, seed: int) -> tuple[list[Client], Tally]:
    """Connect ``n`` clients; each runs the default page once, then moves to its page (the app's pages in turn)."""
    tally = Tally()
    clients = [Client(url, "", random.Random(seed + i)) for i in range(n)]
    for c in clients:
        await c.connect()
    first = await asyncio.gather(*(c.rerun() for c in clients), return_exceptions=True)
    for r in first:
        if isinstance(r, BaseException):
            tally.errors.append(f"first run: {type(r).__name__}: {r}")
        else:
            tally.errors += r[1]
    pages = sorted(clients[0].pages.items())
    for i, c in enumerate(clients):
        if pages:
            c.page_hash = pages[i % len(pages)][1]
    again = await asyncio.gather(*(c.rerun() for c in clients), return_exceptions=True)
    for r in again:
        if isinstance(r, BaseException):
            tally.errors.append(f"page run: {type(r).__name__}: {r}")
        else:
            tally.errors += r[1]
    return clients, tally


BARE_LABELS = ("value",)  # the bare slider's key
"""The bare app's one slider."""


async def load(
    url: str, pid: int, clients_n: int, seconds: float, rounds: int, seed: int, distinct: int, labels: tuple[str, ...] = ()
) -> dict[str, object]:
    labels = labels or slider_labels()
    memory = {"idle (server up, no session)": rss_mib(pid)}
    clients, warm = await open_sessions(url, clients_n, seed)
    memory[f"after {clients_n} sessions' first runs"] = rss_mib(pid)
    missing = [c for c in clients if not any(label.startswith(labels) for label in c.sliders)]
    if missing:
        warm.errors.append(f"{len(missing)} session(s) saw none of the sliders {labels}")
        for c in clients:
            await c.close()
        return {"memory": memory, "rounds": [], "warm": warm}
    results = []
    try:
        for r in range(rounds):
            tally = Tally()
            t0 = time.monotonic()
            deadline = t0 + seconds
            await asyncio.gather(*(run_client(c, labels, deadline, tally, distinct) for c in clients))
            elapsed = time.monotonic() - t0
            memory[f"after round {r + 1}"] = rss_mib(pid)
            results.append((tally, elapsed))
    finally:
        for c in clients:
            await c.close()
    await asyncio.sleep(1)
    memory["after the sessions closed"] = rss_mib(pid)
    return {"memory": memory, "rounds": results, "warm": warm}


def _builder(url: str, scenario: Path, ready: threading.Event, stop: threading.Event, log: dict[str, object]) -> None:
    """One person in Chromium: upload ``scenario``, then click the workbook download until ``stop`` (bounded)."""
    from playwright.sync_api import sync_playwright

    from scripts.serving import CHROMIUM, CHROMIUM_ARGS

    idle = '[data-testid="stApp"][data-test-script-state="notRunning"]'
    builds: list[float] = []
    log["builds_s"] = builds
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.set_default_timeout(120_000)
            # Straight to the Scenarios page, in English (``lang=en``: the labels below are English; the app's
            # default is Korean).
            page.goto(url.rstrip("/") + "/scenarios?lang=en")
            page.wait_for_selector(idle)
            page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(scenario)
            page.locator('[data-testid="stSidebar"]').get_by_text("uploaded", exact=False).first.wait_for()
            page.wait_for_selector(idle)
            ready.set()
            sidebar = page.get_by_test_id("stSidebar")
            slider = sidebar.get_by_role("slider").first  # a driver: moved between rounds, as a person changes one
            for i in range(50):  # bounded: at most 50 rounds
                if stop.is_set():
                    break
                t0 = time.monotonic()
                try:
                    sidebar.get_by_role("button", name="Prepare Excel workbook").click()
                    offered = sidebar.get_by_role("button", name="Download Excel workbook")
                    offered.or_(sidebar.get_by_text("building other workbooks")).wait_for(timeout=RERUN_TIMEOUT_S * 1000 * 5)
                    if offered.count() == 0:  # the bound said no, in a sentence: counted, not a failure
                        log.setdefault("refused", []).append("the server is building other workbooks")  # type: ignore[union-attr]
                    else:
                        with page.expect_download(timeout=RERUN_TIMEOUT_S * 1000) as download:
                            offered.click()
                        download.value.path()  # raises if the download was canceled
                        builds.append(time.monotonic() - t0)
                except Exception as exc:  # a canceled download or a page that broke: a failure of the run
                    why = " ".join(str(exc).split())[:100]
                    log.setdefault("failed", []).append(f"{type(exc).__name__}: {why}")  # type: ignore[union-attr]
                slider.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")  # new settings: the next round builds anew
                page.wait_for_selector(idle)
            browser.close()
    except Exception as exc:
        log["error"] = f"{type(exc).__name__}: {exc}"
        ready.set()


async def _slider_round(clients: list[Client], labels: tuple[str, ...], seconds: float, distinct: int) -> Tally:
    tally = Tally()
    deadline = time.monotonic() + seconds
    await asyncio.gather(*(run_client(c, labels, deadline, tally, distinct) for c in clients))
    return tally


async def workbook_load(url: str, ws_url: str, args: argparse.Namespace, scenario: Path) -> dict[str, object]:
    labels = slider_labels()
    clients, warm = await open_sessions(ws_url, args.clients, args.seed)
    try:
        await _slider_round(clients, labels, min(5.0, args.seconds), args.distinct)  # caches and pages warm
        unloaded = await _slider_round(clients, labels, args.seconds, args.distinct)
        ready, stop, log = threading.Event(), threading.Event(), {}
        builder = threading.Thread(target=_builder, args=(url, scenario, ready, stop, log), daemon=True)
        builder.start()
        await asyncio.to_thread(ready.wait, 300)
        await asyncio.sleep(2)  # the first click's build is under way
        loaded = await _slider_round(clients, labels, args.seconds, args.distinct)
        stop.set()
    finally:
        for c in clients:
            await c.close()
    await asyncio.to_thread(builder.join, 600)
    return {"warm": warm, "unloaded": unloaded, "loaded": loaded, "builder": log}


def workbook_main(args: argparse.Namespace) -> int:
    from large_scenario import large_scenario

    levels, items, ranges, months = (int(x) for x in args.large.split())
    print("Machine: " + "; ".join(f"{k} {v}" for k, v in machine().items()), flush=True)
    with tempfile.TemporaryDirectory(prefix="load-") as work:
        scenario = Path(work) / "large.json"
        scenario.write_text(json.dumps(large_scenario(levels=levels, items=items, ranges=ranges, months=months)))
        print(f"Large scenario: {levels} levels x {items} items, {ranges} ranges, {months} months, "
              f"{scenario.stat().st_size:,} bytes", flush=True)  # fmt: skip
        server = start_server(APP, Path(work))
        try:
            wait_healthy(server)
            ws_url = server.url.replace("http://", "ws://") + "/_stcore/stream"
            out = asyncio.run(workbook_load(server.url, ws_url, args, scenario))
            alive = server.proc.poll() is None
        finally:
            server.stop()
    unloaded: Tally = out["unloaded"]  # type: ignore[assignment]
    loaded: Tally = out["loaded"]  # type: ignore[assignment]
    log: dict[str, object] = out["builder"]  # type: ignore[assignment]
    errors = list(out["warm"].errors) + unloaded.errors + loaded.errors  # type: ignore[attr-defined]
    p95 = {
        name: float(np.percentile(t.latencies_ms or [float("nan")], 95))
        for name, t in (("unloaded", unloaded), ("loaded", loaded))
    }
    med = {name: float(np.median(t.latencies_ms or [float("nan")])) for name, t in (("unloaded", unloaded), ("loaded", loaded))}
    print(f"\n{'run':<34}{'reruns':>8}{'median':>10}{'p95':>10}")
    print(
        f"{f'{args.clients} sessions moving sliders':<34}{unloaded.reruns:>8}{med['unloaded']:>8.0f}ms{p95['unloaded']:>8.0f}ms"
    )
    print(f"{'same, one session building workbooks':<34}{loaded.reruns:>8}{med['loaded']:>8.0f}ms{p95['loaded']:>8.0f}ms")
    ratio = p95["loaded"] / p95["unloaded"]
    builds = log.get("builds_s", [])
    print(f"\np95 loaded / unloaded: {ratio:.2f}x (target: within 2x)")
    failed: list[str] = log.get("failed", [])  # type: ignore[assignment]
    print(f"workbooks built and downloaded during the run: {len(builds)} ({', '.join(f'{b:.0f} s' for b in builds)}); "  # type: ignore[union-attr]
          f"refused with the busy sentence: {len(log.get('refused', []))}; failed (must be 0): {len(failed)}")  # type: ignore[arg-type]  # fmt: skip
    for why, n in Counter(failed).most_common(3):
        print(f"  {n} x {why}")
    if "error" in log:
        errors.append(f"builder: {log['error']}")
    for e in sorted(set(errors))[:20]:
        print(f"  error: {e}")
    ok = alive and not errors and not failed and ratio <= 2.0
    print("\nPASS" if ok else "\nFAIL")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Bounded load run on 127.0.0.1.")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--distinct", type=int, default=3, help="values per slider (bounded scenarios: caches fill in round 1); 0 = any value"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--max-growth-mib",
        type=float,
        default=25.0,
        help="largest memory growth allowed in the last round (allocator noise; caches fill in the first rounds)",
    )
    parser.add_argument("--no-bare", action="store_true", help="skip the bare app's run under the same load")
    parser.add_argument("--workbook-run", action="store_true", help="the workbook-under-load run (see the module's doc)")
    parser.add_argument(
        "--large", default="12 20 50 239", help='large scenario: "levels items ranges months" (default: the size limits)'
    )
    args = parser.parse_args(argv)
    if args.workbook_run:
        args.clients = 10 if args.clients == 20 else args.clients
        return workbook_main(args)
    if not 1 <= args.clients <= 200 or not 1 <= args.seconds <= 600 or not 1 <= args.rounds <= 10:
        parser.error("--clients 1..200, --seconds 1..600, --rounds 1..10 (the run is bounded)")

    about = machine()
    print("Machine: " + "; ".join(f"{k} {v}" for k, v in about.items()), flush=True)
    with tempfile.TemporaryDirectory(prefix="load-") as work:
        server = start_server(APP, Path(work))
        try:
            wait_healthy(server)
            url = server.url.replace("http://", "ws://") + "/_stcore/stream"
            print(
                f"Server pid {server.proc.pid} at {server.url}; {args.clients} clients x {args.rounds} rounds x {args.seconds:g} s",
                flush=True,
            )
            out = asyncio.run(load(url, server.proc.pid, args.clients, args.seconds, args.rounds, args.seed, args.distinct))
            alive = server.proc.poll() is None
        finally:
            server.stop()
        bare = None if args.no_bare else bare_run(Path(work), args)

    memory: dict[str, float] = out["memory"]  # type: ignore[assignment]
    rounds: list[tuple[Tally, float]] = out["rounds"]  # type: ignore[assignment]
    warm: Tally = out["warm"]  # type: ignore[assignment]
    print()
    print(
        f"{'round':<8}{'seconds':>8}{'reruns':>8}{'changed':>9}{'reruns/s':>10}{'errors':>8}{'median':>10}{'p95':>10}{'max':>10}"
    )
    all_errors = list(warm.errors)
    for i, (t, elapsed) in enumerate(rounds, 1):
        lat = np.asarray(t.latencies_ms or [float("nan")])
        print(
            f"{i:<8}{elapsed:>8.1f}{t.reruns:>8}{t.changed:>9}{t.reruns / elapsed:>10.1f}{len(t.errors):>8}"
            f"{np.median(lat):>8.0f}ms{np.percentile(lat, 95):>8.0f}ms{lat.max():>8.0f}ms"
        )
        all_errors += t.errors
    total = sum(t.reruns for t, _ in rounds)
    changed = sum(t.changed for t, _ in rounds)
    lat_all = np.asarray([x for t, _ in rounds for x in t.latencies_ms] or [float("nan")])
    print(
        f"{'all':<8}{'':>8}{total:>8}{changed:>9}{'':>10}{len(all_errors):>8}{np.median(lat_all):>8.0f}ms{np.percentile(lat_all, 95):>8.0f}ms{lat_all.max():>8.0f}ms"
    )
    print("\nServer memory (VmRSS):")
    for label, mib in memory.items():
        print(f"  {label:<40}{mib:>8.1f} MiB")
    keys = list(memory)
    last_round = [k for k in keys if k.startswith("after round")]
    growth = memory[last_round[-1]] - memory[keys[keys.index(last_round[-1]) - 1]] if last_round else float("nan")
    print(f"  growth during the last round: {growth:+.1f} MiB (allowed: {args.max_growth_mib:g})")
    if all_errors:
        print("\nErrors:")
        for e in sorted(set(all_errors))[:20]:
            print(f"  - {e} (x{all_errors.count(e)})")
    print("(changed: reruns whose page, the main area, differed from the session's previous run: the move took effect)")
    # A random move lands on the value already set about once in a hundred; far fewer changes means moves are ignored.
    # Held per page, on the pages the sliders move (the sidebar is left out: its own text follows every move).
    per_page: dict[str, list[int]] = {}
    for t, _ in rounds:
        for name, (n, c) in t.by_page.items():
            per_page.setdefault(name, [0, 0])
            per_page[name][0] += n
            per_page[name][1] += c
    ignored = {name: (n, c) for name, (n, c) in per_page.items() if name not in STILL_PAGES and c < 0.8 * n}
    print(
        "  per page (reruns / changed): "
        + ", ".join(f"{name or 'overview'} {n}/{c}" for name, (n, c) in sorted(per_page.items()))
    )
    for name, (n, c) in ignored.items():
        print(f"  - {name or 'overview'}: {c} of {n} moves changed the page (at least 80%: moves are being ignored)")
    ok = not all_errors and alive and total > 0 and not ignored and growth <= args.max_growth_mib
    if bare is not None:
        bare_errors: list[str] = bare["errors"]  # type: ignore[assignment]
        bare_lat = np.asarray(bare["latencies_ms"] or [float("nan")])  # type: ignore[arg-type]
        app_last = np.asarray(rounds[-1][0].latencies_ms or [float("nan")]) if rounds else np.asarray([float("nan")])
        bare_p95, app_p95 = float(np.percentile(bare_lat, 95)), float(np.percentile(app_last, 95))
        print(f"\nBare one-slider app, same config, {args.clients} clients x 1 round x {args.seconds:g} s:")
        print(f"  {len(bare_lat)} reruns, {len(bare_errors)} errors, median {np.median(bare_lat):.0f} ms, p95 {bare_p95:.0f} ms")
        print(f"  rerun p95, the app's last round / the bare app: {app_p95 / bare_p95:.1f}x (no target)")
        for e in sorted(set(bare_errors))[:5]:
            print(f"  - bare app: {e}")
        ok = ok and not bare_errors  # an error in the yardstick's run means the harness, not the app, is broken
    print("\nPASS" if ok else "\nFAIL")
    return 0 if ok else 1


def bare_run(work: Path, args: argparse.Namespace) -> dict[str, object]:
    """The bare one-slider app under the same load: same clients, one round of the same length (see the module's doc)."""
    script = work / "bare_app.py"
    script.write_text(BARE_APP)
    server = start_server(script, work)  # from the repository's folder: the same .streamlit/config.toml
    try:
        wait_healthy(server)
        url = server.url.replace("http://", "ws://") + "/_stcore/stream"
        out = asyncio.run(load(url, server.proc.pid, args.clients, args.seconds, 1, args.seed, args.distinct, BARE_LABELS))
    finally:
        server.stop()
    rounds: list[tuple[Tally, float]] = out["rounds"]  # type: ignore[assignment]
    warm: Tally = out["warm"]  # type: ignore[assignment]
    return {
        "latencies_ms": [x for t, _ in rounds for x in t.latencies_ms],
        "errors": list(warm.errors) + [e for t, _ in rounds for e in t.errors],
    }


if __name__ == "__main__":
    raise SystemExit(main())
