"""Benchmark (not a test): 10,000 Monte Carlo draws over the plan's five tiers.

Run: .venv/bin/python tests/analysis/bench_montecarlo.py
Prints the best of several runs and its ratio to a one-second budget; also the DAU-grid run the Uncertainty page makes.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import numpy as np

from model.analysis.montecarlo import simulate
from model.loading import plan_scenario


def best_of(runs: int, **kwargs: object) -> float:
    plan = plan_scenario()
    simulate(plan, draws=100, seed=0)  # warm the price cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        simulate(plan, **kwargs).bands()  # type: ignore[arg-type]
        times.append(time.perf_counter() - start)
    return min(times)


if __name__ == "__main__":
    tiers = best_of(7, draws=10_000, seed=1)
    print(f"10,000 draws x 5 tiers: {tiers * 1000:.1f} ms ({tiers:.3f} of the 1 s budget)")
    grid = best_of(3, draws=10_000, seed=1, dau=np.geomspace(10_000, 1_000_000, 60))
    print(f"10,000 draws x 60 DAU points: {grid * 1000:.1f} ms ({grid:.3f} of the 1 s budget)")
