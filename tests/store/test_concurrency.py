"""Four processes saving the same name at once lose no version and number them 1..20 without gaps or repeats,
on SQLite and on PostgreSQL. Each process opens the store only after all four are ready, so the first-use migration
of a new database is raced as well."""

from __future__ import annotations

import multiprocessing
import queue
import sys
import types

import pytest

from store import Store

from .concurrent_savers import SAVES_PER_PROCESS, save_many

PROCESSES = 4


def test_four_processes_saving_one_name_at_once_lose_nothing_and_leave_no_gaps(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A spawned process first re-runs the parent's __main__ module. After an AppTest in the same session that can be
    # the app's script (app.py), which must not run in a worker: give the workers an empty __main__ instead.
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(PROCESSES)
    results = ctx.Queue()
    procs = [ctx.Process(target=save_many, args=(store_url, "Race", w, barrier, results)) for w in range(PROCESSES)]
    for p in procs:
        p.start()
    got: dict[int, list[int]] = {}
    try:
        for _ in range(PROCESSES):
            worker, numbers = results.get(timeout=240)
            got[worker] = numbers
    except queue.Empty:
        raise AssertionError(f"only {len(got)} of {PROCESSES} workers reported") from None
    finally:
        for p in procs:
            p.join(timeout=60)
    assert all(p.exitcode == 0 for p in procs)

    total = PROCESSES * SAVES_PER_PROCESS  # 4 x 5 = 20
    # Every save got its own number, and together they are exactly 1..20.
    handed_out = sorted(n for numbers in got.values() for n in numbers)
    assert handed_out == list(range(1, total + 1))
    # Each worker's own saves are numbered in the order it made them.
    assert all(numbers == sorted(numbers) for numbers in got.values())
    versions = Store(store_url).versions("Race")
    assert [v.number for v in versions] == list(range(1, total + 1))
    assert len({v.share_id for v in versions}) == total
    assert sorted(v.note for v in versions) == sorted(
        f"worker {w} save {i}" for w in range(PROCESSES) for i in range(SAVES_PER_PROCESS)
    )
