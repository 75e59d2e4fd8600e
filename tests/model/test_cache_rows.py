"""model.cache_rows: each cache's part of the AI response hit rate and of the DB load reduction, and their sums,
evaluated (numbers worked by hand) and written (the Unit costs text; Compare's over a scenario's cells)."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pytest

import model.cache_rows
from model import cache_rows as rows
from model import costs
from model.formula import Env
from model.loading import plan_scenario
from model.params import params_from


def _env() -> Env:
    # Three caches: a DB cache (85% hits, 40% of reads), the AI response cache (25%), a DB cache with its hit rate
    # left blank (20% of reads)
    return Env(None, rows=rows.per_cache(["db", "ai", "db"], [0.85, 0.25, None], [0.4, 0.0, 0.2]))


def test_the_docstring_examples_run() -> None:
    assert doctest.testmod(model.cache_rows, raise_on_error=False).failed == 0


def test_the_parts_and_sums_by_hand() -> None:
    e = _env()
    # AI part: only the cache serving "ai" keeps its hit rate: 0, 0.25, 0
    assert rows.AI_HIT_PART.evaluate(e).tolist() == [0.0, 0.25, 0.0]
    # DB part: 0.85 x 0.4 = 0.34; the AI cache 0; a blank hit rate counts as 0: 0 x 0.2 = 0
    assert rows.DB_REDUCTION_PART.evaluate(e) == pytest.approx([0.34, 0.0, 0.0])
    # sums: 0 + 0.25 + 0 = 0.25 exactly; 0.34 + 0 + 0 = 0.34
    assert rows.AI_RESPONSE_HIT_RATE.evaluate(e) == 0.25
    assert rows.DB_LOAD_REDUCTION.evaluate(e) == pytest.approx(0.34)


def test_the_model_reads_the_rows_to_the_last_bit() -> None:
    # The plan: the AI response cache's 0.30 is the hit rate (the sum of one part and zeros is that part, bit for bit);
    # the DB caches 0.40 x 0.85 + 0.20 x 0.70 + 0.20 x 0.60 = 0.60 of the reads, summed as before (the parts in order)
    s = plan_scenario()
    p = params_from(s)
    assert p.ai_response_hit_rate == s.ai_cache().hit_rate == 0.3
    db = [c for c in s.caching.caches if c.serves == "db"]
    by_hand = np.sum(np.array([c.share_of_db_reads for c in db]) * np.array([c.hit_rate or 0.0 for c in db]))
    assert costs.db_load_reduction(p) == by_hand
    assert math.isclose(float(by_hand), 0.6)


class CacheRow:
    """Unit costs' cache row 12 (what it serves in C, hit rate D, share of DB reads E, the parts F and G), totals over
    rows 10-15."""

    def row(self, key: str) -> str:
        return {"cache.serves": "C12", "cache.hit_rate": "D12", "cache.share_of_db_reads": "E12"}[key]

    def span(self, key: str) -> str:
        return {"cache.ai_hit_part": "F10:F15", "cache.db_reduction_part": "G10:G15"}[key]

    def name(self, name: str) -> str:
        return name


class Scenario:
    """Compare's scenario column E: no cells for the parts, so each cache's part is written in place in the SUM."""

    def each(self, key: str) -> list[Cells]:
        return [Cells("$E$50", "$E$51", "$E$52"), Cells("$E$54", "$E$55", "$E$56")]

    def row(self, key: str) -> str:
        raise KeyError(key)

    def name(self, name: str) -> str:
        return name


class Cells:
    def __init__(self, serves: str, hit: str, share: str) -> None:
        self.cells = {"cache.serves": serves, "cache.hit_rate": hit, "cache.share_of_db_reads": share}

    def row(self, key: str) -> str:
        return self.cells[key]

    def name(self, name: str) -> str:
        return name


@pytest.mark.parametrize(
    ("row", "text"),
    [
        (rows.AI_HIT_PART, 'IF(C12="ai",N(D12),0)'),
        (rows.DB_REDUCTION_PART, 'IF(C12="db",N(D12)*N(E12),0)'),
        (rows.AI_RESPONSE_HIT_RATE, "SUM(F10:F15)"),
        (rows.DB_LOAD_REDUCTION, "SUM(G10:G15)"),
    ],
)
def test_each_row_is_written_as_one_excel_formula(row: rows.Formula, text: str) -> None:
    assert row.written(CacheRow()) == text


def test_a_sheet_without_the_parts_sums_them_written_in_place() -> None:
    assert rows.AI_RESPONSE_HIT_RATE.written(Scenario()) == 'SUM(IF($E$50="ai",N($E$51),0),IF($E$54="ai",N($E$55),0))'


def test_each_row_names_a_field_of_a_cache_in_per_caches_order() -> None:
    # FIELDS ties the rows to the schema: the writers read caching.caches.<i>.<field> from it, so each must be a field
    # of a Cache, and its order is per_cache's arguments (ai_response_hit_rate passes the fields in that order).
    from model.scenario import Cache

    assert list(rows.FIELDS) == [rows.SERVES.key, rows.HIT_RATE.key, rows.SHARE_OF_DB_READS.key]
    assert set(rows.FIELDS.values()) <= set(Cache.model_fields)


def test_the_hit_rate_over_a_scenarios_caches_by_hand() -> None:
    # A DB cache (90% hits, 50% of reads) before the AI cache (35%): the AI response hit rate is the AI cache's 0.35,
    # not the first cache's 0.90 (serves and hit rate read from the right fields).
    class C:
        def __init__(self, serves: str, hit_rate: float | None, share_of_db_reads: float) -> None:
            self.serves, self.hit_rate, self.share_of_db_reads = serves, hit_rate, share_of_db_reads

    assert rows.ai_response_hit_rate([C("db", 0.9, 0.5), C("ai", 0.35, 0.0)]) == 0.35
    # the AI cache's hit rate left blank counts as 0
    assert rows.ai_response_hit_rate([C("db", 0.9, 0.5), C("ai", None, 0.0)]) == 0.0
