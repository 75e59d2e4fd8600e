"""The worker of the concurrency test, in its own module so multiprocessing's spawn can import it by name."""

from __future__ import annotations

from typing import Any

SAVES_PER_PROCESS = 5


def save_many(url: str, name: str, worker: int, barrier: Any, results: Any) -> None:
    """Open the store, wait until every worker is ready, then save ``SAVES_PER_PROCESS`` versions of ``name``."""
    from model.loading import plan_scenario
    from store import Store

    plan = plan_scenario()
    barrier.wait(timeout=120)
    store = Store(url)  # opened after the barrier: the first use (and its migration) races too
    numbers = [store.save(name, plan, note=f"worker {worker} save {i}").number for i in range(SAVES_PER_PROCESS)]
    results.put((worker, numbers))
