"""Importing a large FOCUS bill: what it adds to a variance run, against a bare DuckDB group by over the same file.

A 1,000,000-row FOCUS CSV is written to a temporary folder (DuckDB generates it), then, in this one run:
- bare: DuckDB alone, the month / provider group-by over the file (read as text, cost cast), the floor;
- added: ``python -m model variance`` over the big file minus the same command over a one-row file (so process
  start, imports and the model are not counted), medians of repeats; target within 2x the bare group-by;
- memory: the peak resident memory of the variance command over the big file; target under 1 GiB.

Usage: ``python scripts/bench_actuals.py [--rows N] [--repeats K]``; ``scripts/bench.py`` runs it too.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = (
    "ChargePeriodStart,ChargePeriodEnd,ProviderName,ServiceCategory,ServiceName,BillingCurrency,BilledCost,EffectiveCost,"
    "ConsumedQuantity,ConsumedUnit"
)


def write_focus(path: Path, rows: int) -> None:
    """``rows`` usage rows over 12 months of 2026 and five providers (DuckDB writes the CSV)."""
    import duckdb

    duckdb.sql(
        f"""COPY (
          SELECT strftime(TIMESTAMP '2026-01-01' + INTERVAL (i % 365) DAY, '%Y-%m-%dT%H:%M:%SZ') AS ChargePeriodStart,
                 strftime(TIMESTAMP '2026-01-02' + INTERVAL (i % 365) DAY, '%Y-%m-%dT%H:%M:%SZ') AS ChargePeriodEnd,
                 ['OpenAI', 'Vercel', 'Supabase', 'Upstash', 'AWS'][1 + i % 5] AS ProviderName,
                 ['AI and Machine Learning', 'Compute', 'Databases', 'Databases', 'Compute'][1 + i % 5] AS ServiceCategory,
                 ['GPT-4o', 'Vercel Pro', 'Supabase Pro', 'Upstash Redis', 'Amazon EC2'][1 + i % 5] AS ServiceName,
                 'USD' AS BillingCurrency,
                 round((i % 1000) / 100.0, 2) AS BilledCost, round((i % 1000) / 100.0, 2) AS EffectiveCost,
                 i % 50 AS ConsumedQuantity, 'Requests' AS ConsumedUnit
          FROM range({rows}) t(i)) TO '{path}' (HEADER, DELIMITER ',')"""
    )


def bare_group_by(path: Path) -> float:
    import duckdb

    con = duckdb.connect()
    con.execute("SET TimeZone='UTC'")
    start = time.perf_counter()
    con.execute(
        f"""SELECT strftime(TRY_CAST(ChargePeriodStart AS TIMESTAMPTZ), '%Y-%m') AS month, ProviderName, ServiceCategory,
                   ServiceName, BillingCurrency, SUM(TRY_CAST(EffectiveCost AS DOUBLE))
            FROM read_csv('{path}', header=true, all_varchar=true) GROUP BY ALL"""
    ).fetchall()
    return time.perf_counter() - start


def variance_run(path: Path) -> tuple[float, int]:
    """Seconds and peak RSS (KiB) of ``python -m model variance --actuals path --format json`` in a fresh process."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run(
        [sys.executable, "-m", "model", "variance", "--actuals", str(path), "--format", "json"], cwd=ROOT, capture_output=True
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode()[:400])
    return seconds, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def measure(rows: int = 1_000_000, repeats: int = 3) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        big, tiny = Path(folder) / "focus-big.csv", Path(folder) / "focus-tiny.csv"
        write_focus(big, rows)
        write_focus(tiny, 1)
        bare = statistics.median(bare_group_by(big) for _ in range(repeats))
        big_runs = [variance_run(big) for _ in range(repeats)]
        tiny_s = statistics.median(variance_run(tiny)[0] for _ in range(repeats))
        added = statistics.median(s for s, _ in big_runs) - tiny_s
        return {
            "rows": rows,
            "file_mib": big.stat().st_size / 2**20,
            "bare_group_by_s": bare,
            "added_by_import_s": added,
            "ratio": added / bare,
            "peak_rss_mib": max(kib for _, kib in big_runs) / 1024,
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    m = measure(args.rows, args.repeats)
    ok_time, ok_mem = m["ratio"] <= 2.0, m["peak_rss_mib"] < 1024
    print(f"FOCUS CSV: {m['rows']:,} rows, {m['file_mib']:.0f} MiB")
    print(f"bare DuckDB group-by           {m['bare_group_by_s'] * 1000:8.0f} ms")
    print(
        f"added to a variance run        {m['added_by_import_s'] * 1000:8.0f} ms   {m['ratio']:.2f}x  target <= 2x {'ok' if ok_time else 'MISSED'}"
    )
    print(f"peak memory of the variance run {m['peak_rss_mib']:7.0f} MiB  target < 1024 MiB {'ok' if ok_mem else 'MISSED'}")
    return 0 if ok_time and ok_mem else 1


if __name__ == "__main__":
    sys.exit(main())
