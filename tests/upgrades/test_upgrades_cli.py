"""``--upgrades`` / ``--lead-months`` on summary, capacity and timeline, through the command line's ``main`` (in-process)."""

from __future__ import annotations

import json
import subprocess

import pytest

from model.upgrades import evaluate_policy, readings_with_plans
from tests.cli_run import run_cli


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args)


def test_summary_at_300k_just_in_time(plan):
    proc = run("summary", "--tiers", "300000", "--upgrades", "just-in-time", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    [row] = json.loads(proc.stdout)
    expected = evaluate_policy(plan, [300_000], "just-in-time")
    assert row["total_usd"] == pytest.approx(expected.result.tiers[0].total_usd)
    assert row["infrastructure_usd"] == 7_500  # Vercel Enterprise 500 + Citus 5,000 + Redis Cluster 2,000
    assert row["upgrades_policy"] == "just-in-time"
    got = {(u["resource"], u["from_plan"], u["to_plan"], u["usd_per_month"]) for u in row["upgrades"]}
    assert got == {
        ("database", "Supabase Pro + read replicas", "Citus Distributed PostgreSQL", 5000.0),
        ("cache", "Redis Pro Cluster", "Redis Cluster", 2000.0),
    }
    assert row["shortfalls"] == []


def test_summary_as_written_keeps_its_keys():
    proc = run("summary", "--tiers", "300000", "--format", "json")
    [row] = json.loads(proc.stdout)
    assert "upgrades" not in row and row["total_usd"] == pytest.approx(165_000)


def test_capacity_at_300k_just_in_time_has_nothing_critical(plan):
    proc = run("capacity", "--dau", "300000", "--upgrades", "just-in-time", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert {r["alert"] for r in rows} == {"ok"}
    assert [r["utilization"] for r in rows] == [r.utilization for r in readings_with_plans(plan, 300_000, "just-in-time")]
    before = json.loads(run("capacity", "--dau", "300000", "--format", "json").stdout)
    assert {r["resource"] for r in before if r["alert"] == "critical"} == {"db_connections", "redis_memory"}


def test_timeline_just_in_time_lists_the_purchases():
    proc = run("timeline", "--upgrades", "just-in-time", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert [(p["month"], p["resource"]) for p in doc["purchases"]][:2] == [("2026-01", "cache"), ("2026-02", "database")]
    assert doc["shortfalls"][0]["resource"] == "redis_memory"
    table = run("timeline", "--upgrades", "just-in-time").stdout
    assert "Plans bought just in time" in table and "2027-11: Database and pool" in table


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (("summary", "--upgrades", "sometimes"), "--upgrades"),
        (("summary", "--tiers", "0", "--upgrades", "just-in-time"), "--tiers"),
        (("summary", "--tiers", "1000000000000", "--upgrades", "just-in-time"), "--tiers"),
        (("capacity", "--dau", "0", "--upgrades", "just-in-time"), "--dau"),
        (("capacity", "--dau", "1e12", "--upgrades", "just-in-time"), "--dau"),
        (("timeline", "--upgrades", "just-in-time", "--lead-months", "-1"), "--lead-months"),
        (("timeline", "--lead-months", "soon"), "--lead-months"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args, names):
    proc = run(*args)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == "" and "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and names in lines[0]
