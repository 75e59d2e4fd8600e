"""Bounded work in the app: ui.workbooks (a bounded pool, a clear sentence when refused), the Monte Carlo cap and the byte-bounded caches."""

from __future__ import annotations

import threading

import pytest

from ui import workbooks


def _blocking_build(started: threading.Event, release: threading.Event):
    def make() -> bytes:
        started.set()
        assert release.wait(10)
        return b"xlsx"

    return make


def test_the_process_runs_at_most_pool_size_builds_and_refuses_after_the_wait() -> None:
    assert workbooks.POOL_SIZE == 1
    started, release = threading.Event(), threading.Event()
    first = threading.Thread(target=lambda: workbooks.build(_blocking_build(started, release)))
    first.start()
    assert started.wait(10)
    ran: list[str] = []
    with pytest.raises(workbooks.ServerBusy, match="building other workbooks"):
        workbooks.build(lambda: ran.append("b"), wait_s=0.05)  # another session: the one slot is taken
    assert ran == []
    release.set()
    first.join(10)
    assert workbooks.build(lambda: "built") == "built"


def test_a_failing_build_frees_its_slot() -> None:
    def boom() -> bytes:
        raise ValueError("bad")

    with pytest.raises(ValueError):
        workbooks.build(boom)
    assert workbooks.build(lambda: b"ok", wait_s=0.05) == b"ok"


def test_monte_carlo_draws_are_capped_by_the_number_of_ranges() -> None:
    from model.loading import plan_scenario
    from ui import analysis_state

    plan = plan_scenario()
    n = len(plan.ranges)
    # 250,000 draw-cells / n ranges, e.g. 11 ranges -> 22,727 draws
    assert analysis_state.draws_cap(plan) == 250_000 // n
    assert analysis_state.simulation(plan, draws=10**6, seed=0, budget=0.6).draws == 250_000 // n
    assert analysis_state.simulation(plan, draws=2_000, seed=0, budget=0.6).draws == 2_000


def test_the_cache_store_stays_under_its_byte_bound_and_evicts_the_oldest(monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    from ui import bounded_cache

    bounded_cache.clear()
    mib = 1024 * 1024
    monkeypatch.setattr(bounded_cache, "MAX_BYTES", int(3.5 * mib))
    calls: list[int] = []

    @bounded_cache.bounded
    def one_mib(i: int, _ignored: object = None) -> np.ndarray:
        calls.append(i)
        return np.zeros(mib // 8)  # 131,072 float64 = 1 MiB

    for i in range(10):
        one_mib(i, object())  # the _-argument is not part of the key
    # 1 MiB + 112 bytes each: three fit in 3.5 MiB, a fourth would not.
    assert bounded_cache.entries() == 3
    assert bounded_cache.total_bytes() <= 3.5 * mib
    one_mib(9)
    assert calls == list(range(10)), "the newest entry is a hit"
    one_mib(0)
    assert calls[-1] == 0, "the oldest was evicted and is computed again"
    bounded_cache.clear()


def test_an_entry_over_the_entry_bound_is_returned_but_not_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    from ui import bounded_cache

    bounded_cache.clear()
    monkeypatch.setattr(bounded_cache, "MAX_ENTRY_BYTES", 1000)

    @bounded_cache.bounded
    def big(n: int) -> np.ndarray:
        return np.zeros(n)

    assert big(1000).shape == (1000,)  # 8,000 bytes > 1,000
    assert bounded_cache.entries() == 0
    big(10)  # 80 bytes + 112 header: kept
    assert bounded_cache.entries() == 1
    bounded_cache.clear()


def test_size_estimates_count_buffers() -> None:
    import numpy as np
    import pandas as pd

    from ui.bounded_cache import estimate_bytes

    assert estimate_bytes(np.zeros(1000)) == 8000 + 112
    assert estimate_bytes(pd.DataFrame({"a": np.zeros(1000)})) >= 8000
    assert estimate_bytes([np.zeros(1000)] * 3) >= 8000  # the same array counted once
    assert estimate_bytes([np.zeros(1000) for _ in range(200)]) >= 200 * 8000  # long lists scaled from a sample
