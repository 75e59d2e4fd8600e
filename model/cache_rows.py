"""The caches' rows defined once (``model.formula``): each cache's part of the AI response hit rate and of the database
load reduction, and their sums. ``model.costs`` evaluates them over a scenario's caches (``Params``' hit rate, the DB
load reduction), the Unit costs sheet writes them in each cache's row and its totals (``outputs.calculation``), and
Compare over each scenario's cells (``outputs.compare``).

Rows given per cache (the elements, on the last axis): ``cache.serves`` ("ai" or "db"), ``cache.hit_rate`` (a blank,
NaN, counts as 0) and ``cache.share_of_db_reads``.

By hand, the plan's four caches: the AI response cache (serves "ai", hit rate 0.30) gives the AI response hit rate
0.30; the database caches (serves "db") 0.40 x 0.85 + 0.20 x 0.70 + 0.20 x 0.60 = 0.34 + 0.14 + 0.12 = 0.60 of the
reads.

>>> import numpy as np
>>> from model.formula import Env
>>> env = Env(None, rows=per_cache(["ai", "db", "db"], [0.3, 0.85, None], [0.0, 0.4, 0.2]))
>>> float(AI_RESPONSE_HIT_RATE.evaluate(env)), float(DB_LOAD_REDUCTION.evaluate(env))  # 0.3; 0.85 x 0.4 + 0 x 0.2
(0.3, 0.34)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from model.formula import IF, SUM, Env, Formula, N, Row, Text, eq
from model.phrase import N_

SERVES = Row("cache.serves")
HIT_RATE = Row("cache.hit_rate")
SHARE_OF_DB_READS = Row("cache.share_of_db_reads")

FIELDS = {SERVES.key: "serves", HIT_RATE.key: "hit_rate", SHARE_OF_DB_READS.key: "share_of_db_reads"}
"""Each per-cache row and the cache's field it is (``caching.caches.<i>.<field>``): the one place that ties the rows to
the schema, so the writers (Unit costs' cache rows, Compare's cells) take the field from here."""

AI_HIT_PART = Formula(
    "cache.ai_hit_part",
    IF(eq(SERVES, Text("ai")), N(HIT_RATE), 0),
    label=N_("AI response hit rate (part)"),
    display="share",
)
"""Per cache: its hit rate if it serves 'ai' (a blank hit rate counts as 0), else 0."""

DB_REDUCTION_PART = Formula(
    "cache.db_reduction_part",
    IF(eq(SERVES, Text("db")), N(HIT_RATE) * N(SHARE_OF_DB_READS), 0),
    label=N_("DB load reduction (part)"),
    display="share",
)
"""Per cache: hit rate x share of DB reads if it serves 'db', else 0."""

AI_RESPONSE_HIT_RATE = Formula(
    "ai_response_hit_rate",
    SUM(AI_HIT_PART),
    label=N_("AI response hit rate"),
    display="share",
)
"""The hit rate of the cache that serves 'ai' (exactly one does: the sum of one part and zeros is that part exactly)."""

DB_LOAD_REDUCTION = Formula(
    "db_load_reduction",
    SUM(DB_REDUCTION_PART),
    label=N_("DB load reduction"),
    display="share",
)
"""Share of database reads the caches absorb: the sum over the DB caches of share of reads x hit rate."""


def per_cache(serves: Any, hit_rates: Any, shares_of_db_reads: Any) -> dict[str, Callable[[], Any]]:
    """The per-cache rows for an ``Env``: each cache on the last axis (a hit rate left blank, None, is NaN)."""
    hits = np.array([np.nan if h is None else h for h in hit_rates], dtype=float) if isinstance(hit_rates, list) else hit_rates
    return {
        SERVES.key: lambda: np.asarray(serves),
        HIT_RATE.key: lambda: hits,
        SHARE_OF_DB_READS.key: lambda: np.asarray(shares_of_db_reads, dtype=float),
    }


def ai_response_hit_rate(caches: Sequence[Any]) -> float:
    """``AI_RESPONSE_HIT_RATE`` over a scenario's caches (each with the ``FIELDS``)."""
    rows = per_cache(*([getattr(c, field) for c in caches] for field in FIELDS.values()))
    return float(AI_RESPONSE_HIT_RATE.evaluate(Env(None, rows=rows)))
