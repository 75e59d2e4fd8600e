"""Capacity, alerts and upgrade timing (the model/capacity/ package), worked by hand from the plan.

Demand per DAU under the plan's scenario (module docstring of model/capacity/formulas.py):
- connections: 10% concurrent x 0.072 connections per concurrent user = 0.0072 per DAU (72 at 10k);
- Redis: 0.2 GB fixed + 0.3 GB per 1,000 DAU (3.2 GB at 10k);
- AI requests/min at peak: 2 calls x (1 - 0.30 cache) / 1440 x 3 = 0.0029166.. per DAU;
- AI tokens/min at peak: that x (4,000 + 3,800) tokens;
- writes/s at peak: 52 / 86,400 x 3 per DAU.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from cli.main import main
from model import capacity as cap
from model.loading import ScenarioError
from model.overrides import with_overrides
from model.scenario import Scenario
from tests.cli_run import run_cli

ROOT = Path(__file__).resolve().parents[2]


def by_resource(readings: tuple[cap.ResourceReading, ...]) -> dict[str, cap.ResourceReading]:
    return {r.resource: r for r in readings}


# --- The plan's dashboard and the plan's own bottleneck statements ---------------------------


def test_10k_reproduces_the_dashboard(plan: Scenario) -> None:
    r = by_resource(cap.readings_at(plan, 10_000))
    # Pool: 10,000 x 10% x 0.072 = 72 connections of 100 -> 72%.
    assert r["db_connections"].demand == pytest.approx(72.0)
    assert r["db_connections"].capacity == 100
    assert r["db_connections"].utilization == pytest.approx(0.72)
    # Redis: 0.2 + 0.3 x 10 = 3.2 GB of 4 GB -> 80%, exactly the warning threshold: not above it, so no alert.
    assert r["redis_memory"].demand == pytest.approx(3.2)
    assert r["redis_memory"].capacity == 4
    assert r["redis_memory"].utilization == pytest.approx(0.80)
    assert {x.alert for x in r.values()} == {"ok"}
    assert {x.level for x in r.values()} == {1}


def test_50k_under_level_1_plans_pool_and_redis_are_critical(plan: Scenario) -> None:
    r = by_resource(cap.readings_at(plan, 50_000, level=1))
    # 50,000 x 0.0072 = 360 connections on 100 -> 360%; 0.2 + 0.3 x 50 = 15.2 GB on 4 GB -> 380%.
    assert r["db_connections"].utilization == pytest.approx(3.6)
    assert r["redis_memory"].utilization == pytest.approx(3.8)
    assert r["db_connections"].alert == "critical"
    assert r["redis_memory"].alert == "critical"
    assert r["db_connections"].forced_level and r["db_connections"].level == 1


def test_50k_under_the_plan_in_force_pgbouncer_takes_the_connections(plan: Scenario) -> None:
    r = by_resource(cap.readings_at(plan, 50_000))
    # Level 2 starts at 50k, PgBouncer from 50k: capacity max(100, max_client_conn 1,000); 360 / 1,000 = 36%.
    assert r["db_connections"].level == 2
    assert r["db_connections"].capacity == 1000
    assert r["db_connections"].utilization == pytest.approx(0.36)
    assert r["db_connections"].alert == "ok"
    # Redis Pro assumed 10 GB: 15.2 / 10 = 152% -> critical (the plan names Redis memory its bottleneck at 50k).
    assert r["redis_memory"].utilization == pytest.approx(1.52)
    assert r["redis_memory"].alert == "critical"


def test_ai_and_write_demand_at_100k(plan: Scenario) -> None:
    r = by_resource(cap.readings_at(plan, 100_000))
    # 100,000 x 2 x 0.7 / 1440 x 3 = 291.67 requests/min; x 7,800 tokens = 2,275,000 tokens/min.
    assert r["ai_requests"].demand == pytest.approx(291.6666667)
    assert r["ai_tokens"].demand == pytest.approx(2_275_000)
    # Level 3: OpenAI Enterprise assumed 90,000,000 TPM -> 2.53%.
    assert r["ai_tokens"].utilization == pytest.approx(2_275_000 / 90_000_000)
    # 100,000 x 52 / 86,400 x 3 = 180.56 writes/s on 750 -> 24.1%.
    assert r["db_writes"].demand == pytest.approx(180.5555556)
    assert r["db_writes"].utilization == pytest.approx(180.5555556 / 750)


def test_pgbouncer_only_from_its_from_dau(plan: Scenario) -> None:
    later = with_overrides(plan, {"database.pgbouncer.from_dau": 100_000})
    assert cap.capacities(later)["db_connections"].tolist() == [100, 100, 1000, 10000, 20000]
    assert cap.capacities(plan)["db_connections"].tolist() == [100, 1000, 1000, 10000, 20000]


# --- Thresholds: exactly the plan's, strictly greater than ------------------------------------------


def test_thresholds_are_the_plans(plan: Scenario) -> None:
    thr = cap.thresholds(plan)
    assert thr["db_connections"] == (0.80, 0.95)  # section 5: pool > 80% warning, > 95% critical
    assert thr["redis_memory"] == (0.80, 0.90)  # Redis memory > 80% / > 90%
    assert thr["ai_tokens"] == (0.80, 0.95)  # not in the plan: capacity.thresholds_unstated


@pytest.mark.parametrize(
    ("u", "expected"),
    [(0.79, "ok"), (0.80, "ok"), (0.8000001, "warning"), (0.95, "warning"), (0.9500001, "critical"), (3.6, "critical")],
)
def test_alert_is_strictly_greater_than(u: float, expected: str) -> None:
    assert cap.alert_for(u, 0.80, 0.95).item() == expected


def test_floating_point_noise_at_the_threshold_raises_no_alert() -> None:
    assert 0.1 * 3 / 0.375 > 0.8  # 0.8000000000000002 in binary
    assert cap.alert_for(0.1 * 3 / 0.375, 0.80, 0.95).item() == "ok"


def test_alerts_at_the_boundary_dau(plan: Scenario) -> None:
    def alert(resource: str, dau: int) -> str:
        return by_resource(cap.readings_at(plan, dau))[resource].alert

    # Redis: warning above 0.8 x 4 = 3.2 GB -> DAU above (3.2 - 0.2) / 0.0003 = 10,000.
    assert alert("redis_memory", 10_000) == "ok"
    assert alert("redis_memory", 10_001) == "warning"
    # Redis critical above 0.9 x 4 = 3.6 GB -> (3.6 - 0.2) / 0.0003 = 11,333.3.
    assert alert("redis_memory", 11_333) == "warning"
    assert alert("redis_memory", 11_334) == "critical"
    # Pool: warning above 80 connections -> 80 / 0.0072 = 11,111.1; critical above 95 -> 13,194.4.
    assert alert("db_connections", 11_111) == "ok"
    assert alert("db_connections", 11_112) == "warning"
    assert alert("db_connections", 13_194) == "warning"
    assert alert("db_connections", 13_195) == "critical"


# --- Crossings, ladder and findings ------------------------------------------------------------


def test_crossing_dau_hand_worked() -> None:
    assert cap.crossing_dau(0.2, 0.0003, 4.0, 0.8) == 10_001  # exactly 10,000 is not above
    assert cap.crossing_dau(0.2, 0.0003, 4.0, 0.9) == 11_334
    assert cap.crossing_dau(0.0, 0.0072, 1000.0, 0.95) == 131_945  # 950 / 0.0072 = 131,944.4
    assert cap.crossing_dau(5.0, 0.0, 4.0, 0.8) == 1  # fixed demand alone is over
    assert cap.crossing_dau(1.0, 0.0, 4.0, 0.8) is None  # never


def test_level_crossings_and_status(plan: Scenario) -> None:
    c = cap.level_crossings(plan).set_index(["resource", "level"])
    # Level 1: pool critical at 13,195, before level 2's 50,000.
    assert c.loc[("db_connections", 1), "critical_dau"] == 13_195
    assert c.loc[("db_connections", 1), "status"] == "critical before next level"
    # Level 2 (PgBouncer 1,000): warning above 800 / 0.0072 = 111,111.1 -> 111,112, after level 3 begins at 100k.
    assert c.loc[("db_connections", 2), "warning_dau"] == 111_112
    assert c.loc[("db_connections", 2), "status"] == "ok"
    # Level 3 keeps 1,000 connections: critical at 131,945, level 4 only at 500,000.
    assert c.loc[("db_connections", 3), "status"] == "critical before next level"
    # Redis level 2, 10 GB: critical above 9 GB -> (9 - 0.2) / 0.0003 = 29,333.3 -> 29,334, before the level begins.
    assert c.loc[("redis_memory", 2), "critical_dau"] == 29_334
    assert c.loc[("redis_memory", 2), "status"] == "critical at start"
    # Writes level 3, 750/s: critical above 712.5 -> 712.5 / (52 x 3 / 86,400) = 394,615.4 -> 394,616 < 500,000.
    assert c.loc[("db_writes", 3), "critical_dau"] == 394_616
    assert c.loc[("db_writes", 3), "status"] == "critical before next level"
    # AI tokens level 1, 30M TPM: warning above 24M -> 24e6 / 22.75 = 1,054,945.05 -> 1,054,946, far past 50k.
    assert c.loc[("ai_tokens", 1), "warning_dau"] == 1_054_946
    assert c.loc[("ai_tokens", 1), "status"] == "ok"


def test_upgrade_ladder(plan: Scenario) -> None:
    lad = cap.upgrade_ladder(plan).set_index(["resource", "level"])
    row = lad.loc[("db_connections", 2)]
    # Needed once level 1's pool is critical (13,195); level 2 begins at 50,000: 36,805 DAU late.
    assert row["needed_by_dau"] == 13_195
    assert not row["in_time"]
    assert row["late_by_dau"] == 50_000 - 13_195
    assert row["checklist"] == "Upgrade to Supabase Team; Set up PgBouncer"
    assert row["capacity_before"] == 100 and row["capacity_after"] == 1000
    # Writes: level 2's 250/s critical above 237.5 -> 131,538.5 -> 131,539; level 3 at 100,000 is in time.
    assert lad.loc[("db_writes", 3), "needed_by_dau"] == 131_539
    assert lad.loc[("db_writes", 3), "in_time"]
    assert lad.loc[("db_writes", 3), "late_by_dau"] == 0


def test_findings_say_it_plainly(plan: Scenario) -> None:
    found = {f.id: f for f in cap.findings(plan)}
    f = found["capacity.db_connections.level3"]
    assert f.severity == "critical" and f.crossing_dau == 131_945 and f.next_level_dau == 500_000
    assert f.text == (
        "Database connections is critical from 131,945 DAU under level 3's plans (1,000 connections), "
        "but the plan's next level begins at 500,000 DAU (368,055 DAU later)."
    )
    assert found["capacity.redis_memory.level2"].status == "critical at start"
    assert "already critical when level 2 begins at 50,000 DAU" in found["capacity.redis_memory.level2"].text
    # No AI finding: the assumed tier-5 / enterprise limits are never passed below 2M DAU.
    assert not [x for x in found.values() if x.resource.startswith("ai_")]
    # Critical findings come first.
    severities = [x.severity for x in cap.findings(plan)]
    assert severities == sorted(severities, key=lambda s: s != "critical")


def test_first_crossing_under_the_staircase(plan: Scenario) -> None:
    # Writes: level 1-2 (250/s) critical at 131,539, but level 3 (750/s) takes over at 100,000; level 3 critical at 394,616.
    assert cap.first_crossing(plan, "db_writes", 0.95) == 394_616
    assert cap.first_crossing(plan, "db_connections", 0.80) == 11_112


def test_targets_frame(plan: Scenario) -> None:
    t = cap.targets_frame(plan).set_index("level")
    # The plan's concurrency targets are 10% of each level's DAU, so modelled and target agree.
    assert (t["modelled_concurrent_users"] == t["target_concurrent_users"]).all()
    assert t.loc[3, "target_p95_ms"] == 1500
    assert t.loc[2, "pgbouncer"] and not t.loc[1, "pgbouncer"]


def test_curve_matches_single_readings_and_steps_at_level_starts(plan: Scenario) -> None:
    grid = cap.dau_grid(scenario=plan)
    assert {49_999, 50_000, 99_999, 100_000} <= set(grid.tolist())
    assert grid.min() == 1_000 and grid.max() == 2_000_000
    curve = cap.utilization_curve(plan, grid)
    assert len(curve) == len(grid) * len(cap.RESOURCES)
    for dau in (10_000, 49_999, 50_000, 999_999, 1_000_000):
        point = curve[curve["dau"] == dau].set_index("resource")
        for r in cap.readings_at(plan, dau):
            assert point.loc[r.resource, "utilization"] == pytest.approx(r.utilization, rel=1e-12)
            assert point.loc[r.resource, "alert"] == r.alert
    pool = curve[curve["resource"] == "db_connections"].set_index("dau")["utilization"]
    assert pool[49_999] > 3.5 and pool[50_000] < 0.4  # PgBouncer's step


def test_capacity_result_bundles_everything(plan: Scenario) -> None:
    res = cap.capacity_result(plan)
    assert res.findings == cap.findings(plan)
    assert res.first_crossings.set_index("resource").loc["redis_memory", "warning_dau"] == 10_001
    assert len(res.ladder) == len(cap.RESOURCES) * (len(plan.levels) - 1)


def test_bad_dau_is_a_clear_error(plan: Scenario) -> None:
    with pytest.raises(ValueError, match="positive"):
        cap.utilization_curve(plan, [0])
    with pytest.raises(ValueError, match="no level 9"):
        cap.readings_at(plan, 10_000, level=9)


# --- Scenario validation ------------------------------------------------------------------------


def test_capacity_levels_must_match_the_levels(plan: Scenario) -> None:
    with pytest.raises(ScenarioError, match=r"capacity\.levels must list one entry per level"):
        with_overrides(plan, {"capacity.levels.1.level": 7})


def test_triggers_must_name_checklist_items(plan: Scenario) -> None:
    with pytest.raises(ScenarioError, match="'Buy more Redis' is not in level 2's checklist"):
        with_overrides(plan, {"capacity.triggers.2.checklist": ["Buy more Redis"]})


def test_bounds_name_the_field(plan: Scenario) -> None:
    with pytest.raises(ScenarioError) as err:
        with_overrides(plan, {"capacity.peak_to_average": 0.5})
    assert err.value.field == "capacity.peak_to_average"


def test_every_capacity_number_has_provenance(plan: Scenario) -> None:
    prov = plan.provenance
    for key in (
        "concurrent_users_per_dau",
        "peak_to_average",
        "db_connections_per_concurrent_user",
        "redis_fixed_gb",
        "redis_gb_per_1k_dau",
        "db_writes_per_dau_per_day",
        "thresholds_unstated",
    ):
        assert f"capacity.{key}" in prov, key
    for i in range(len(plan.levels)):
        for key in (
            "db_max_connections",
            "redis_memory_gb",
            "ai_requests_per_minute",
            "ai_tokens_per_minute",
            "db_writes_per_second",
        ):
            assert f"capacity.levels.{i}.{key}" in prov, (i, key)
    # The implied coefficients really are the dashboard's.
    d = plan.dashboard
    c = plan.capacity
    assert c.db_connections_per_concurrent_user == pytest.approx(
        d.db_pool_connections_used / (c.concurrent_users_per_dau * d.dau)
    )
    assert c.redis_fixed_gb + c.redis_gb_per_1k_dau * d.dau / 1000 == pytest.approx(d.redis_memory_used_gb)
    assert c.levels[0].db_max_connections == d.db_pool_connections_max
    assert c.levels[0].redis_memory_gb == d.redis_memory_max_gb


# --- CLI ---------------------------------------------------------------------------------------------


def test_cli_json(capsys: pytest.CaptureFixture[str], plan: Scenario) -> None:
    assert main(["capacity", "--dau", "50000", "--level", "1", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["resource"] for r in rows] == list(cap.RESOURCE_IDS)
    for r in rows:
        assert {"resource", "demand", "capacity", "utilization", "alert", "level", "level_name"} <= set(r)
        assert r["alert"] in ("ok", "warning", "critical")
    pool = rows[0]
    assert pool["utilization"] == pytest.approx(3.6) and pool["alert"] == "critical" and pool["level"] == 1


def test_cli_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["capacity", "--dau", "10,000"]) == 0
    out = capsys.readouterr().out
    assert "Level 1: 10k DAU" in out
    assert "72.0%" in out and "80.0%" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--dau", "lots"], "--dau: expected a number"),
        (["--dau", "-5"], "--dau: must be from 1 to 100,000,000"),  # the schema's DAU range (MIN_DAU..MAX_DAU)
        (["--dau", "1000", "--level", "9"], "--level: no level 9"),
    ],
)
def test_cli_bad_input_exits_2_with_one_line(args: list[str], message: str) -> None:
    proc = run_cli("capacity", *args)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_capacity_module_stays_pure() -> None:
    code = "import sys, model.capacity; bad = [m for m in ('streamlit', 'altair', 'openpyxl') if m in sys.modules]; print(bad)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_vectorised_curve_of_a_thousand_points(plan: Scenario) -> None:
    curve = cap.utilization_curve(plan, np.linspace(1_000, 2_000_000, 1_000))
    assert curve["utilization"].notna().all() and (curve["utilization"] >= 0).all()


def test_alert_runs_hand_worked(plan: Scenario) -> None:
    runs = cap.alert_runs(plan)
    pool = runs[runs["resource"] == "db_connections"][["from_dau", "to_dau", "alert", "levels"]].values.tolist()
    assert pool == [
        [1_000, 11_112, "ok", "1"],  # 80 / 0.0072 = 11,111.1
        [11_112, 13_195, "warning", "1"],  # 95 / 0.0072 = 13,194.4
        [13_195, 50_000, "critical", "1"],
        [50_000, 111_112, "ok", "2-3"],  # PgBouncer: 800 / 0.0072 = 111,111.1
        [111_112, 131_945, "warning", "3"],
        [131_945, 500_000, "critical", "3"],
        [500_000, 2_000_001, "ok", "4-5"],  # 10,000 and 20,000 connections: 14,400 at 2M is 72%
    ]
