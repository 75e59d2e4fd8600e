"""Where a page's rerun spends the server's time: cProfile over AppTest reruns after a slider move.

Each rerun prices a new value of the slider ``drv:ai.calls_per_dau_per_day`` (so no cache holds the new scenario),
the way a held key does. The script thread is profiled (AppTest runs the script in a thread of its own, so the
profiler is switched on inside that thread through ``threading.setprofile``).

Usage: ``python scripts/profile_rerun.py [--pages audit,capacity] [--reruns 20] [--top 25] [--time-only]``

Prints, per page, the median rerun and the split between the part every page pays (app.py, the share link, the
sidebar) and the page's own ``page.run``, then the functions with the most cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

SLIDER_PATH = "ai.calls_per_dau_per_day"
SLIDER_KEY = "drv:" + SLIDER_PATH
PARTS = {
    "page.run": ("streamlit/navigation/page.py", "run"),
    "sidebar.render": ("ui/sidebar.py", "render"),
    "state.sync_query_params": ("ui/state.py", "sync_query_params"),
    "state.init": ("ui/state.py", "init"),
    "navigation": ("streamlit/commands/navigation.py", "navigation"),
    "set_page_config": ("streamlit/commands/page_config.py", "set_page_config"),
    "compile (AppTest only)": ("streamlit/runtime/scriptrunner/script_cache.py", "get_bytecode"),
}
"""Where a rerun's time goes. AppTest compiles app.py and the page on every run (a server caches the bytecode), so
the last line is the harness's own cost, inside the page's and app.py's figures."""


def values_for(count: int) -> list[float]:
    from model.drivers import drivers_for
    from model.loading import plan_scenario

    d = next(d for d in drivers_for(plan_scenario()) if d.path == SLIDER_PATH)
    out, v = [], d.value(plan_scenario())
    for _ in range(count):
        v = round(v + d.step, 10)
        if v > d.max:
            v = d.min
        out.append(v)
    return out


def profile_page(page: str, reruns: int, *, profile: bool) -> tuple[list[float], list[float], pstats.Stats | None]:
    from streamlit.testing.v1 import AppTest

    from ui import bounded_cache

    # The byte-bounded cache is the process's: without this, a page run after another would find the same slider
    # values' scenarios, results and share links already there, and its figures would leave that work out.
    bounded_cache.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page(page).run()
    values = values_for(reruns + 2)
    for v in values[:2]:
        at.slider(key=SLIDER_KEY).set_value(v).run()
    prof = cProfile.Profile() if profile else None

    def start(*_a: object) -> None:
        sys.setprofile(None)
        prof.enable()  # type: ignore[union-attr]

    times, cpu = [], []
    for v in values[2:]:
        at.slider(key=SLIDER_KEY).set_value(v)
        gc.collect()
        if prof is not None:
            threading.setprofile(start)
        t0, c0 = time.perf_counter_ns(), time.process_time_ns()
        at.run()
        times.append((time.perf_counter_ns() - t0) / 1e6)
        cpu.append((time.process_time_ns() - c0) / 1e6)  # CPU time: less moved by other work on a shared machine
        if prof is not None:
            threading.setprofile(None)
    if at.exception:
        print(f"  {page}: {len(at.exception)} exception(s): {at.exception[0].value}")
    if prof is None:
        return times, cpu, None
    prof.disable()
    return times, cpu, pstats.Stats(prof, stream=io.StringIO())


def part_times(stats: pstats.Stats, reruns: int) -> dict[str, float]:
    out = {}
    for name, (file, func) in PARTS.items():
        for (fn, _line, f), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
            if f == func and fn.endswith(file):
                out[name] = ct * 1000 / reruns
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="actuals,audit,caching,capacity,compare,scenarios,sensitivity,timeline")
    parser.add_argument("--reruns", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--time-only", action="store_true", help="median rerun without the profiler's overhead")
    parser.add_argument("--filter", default="", help="only functions whose file contains this (e.g. /work)")
    args = parser.parse_args()
    os.environ.setdefault("SCALING_LANG", "en")
    import streamlit.logger

    streamlit.logger.set_log_level("error")
    for page in args.pages.split(","):
        path = f"views/{page}.py"
        times, cpu, stats = profile_page(path, args.reruns, profile=not args.time_only)
        print(
            f"== {page}: median {statistics.median(times):.1f} ms wall, {statistics.median(cpu):.1f} ms CPU over"
            f" {len(times)} reruns (min {min(times):.1f} / {min(cpu):.1f}){'' if args.time_only else ' (profiled)'}"
        )
        if stats is None:
            continue
        for name, ms in part_times(stats, len(times)).items():
            print(f"   {name:26s} {ms:7.1f} ms/rerun (profiled)")
        buf = io.StringIO()
        stats.stream = buf  # type: ignore[attr-defined]
        stats.sort_stats("cumulative")
        if args.filter:
            stats.print_stats(args.filter, args.top)
        else:
            stats.print_stats(args.top)
        print("\n".join(line for line in buf.getvalue().splitlines() if (line.strip() and "/" in line) or "ncalls" in line))


if __name__ == "__main__":
    main()
