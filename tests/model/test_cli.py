"""``python -m model``: the command line's ``main`` run in-process from the repository root (tests/cli_run.py), and
two real processes proving that ``python -m model`` is that ``main`` (the entry point, exit 2 without a traceback)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli.main import main
from model.audit_reading import second_reading
from model.loading import PLAN_SCENARIO
from model.result import evaluate
from tests.cli_run import run_cli

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTED_KEYS = {"dau", "infrastructure_usd", "ai_usd", "cache_savings_usd", "total_usd", "cost_per_dau_usd", "line_items"}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args)


def run_process(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m model ARGS`` in a fresh interpreter, as the README documents it."""
    return subprocess.run([sys.executable, "-m", "model", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def assert_bad_input(proc: subprocess.CompletedProcess[str], *must_name: str) -> str:
    """Exit 2, nothing on stdout, one line on stderr starting 'error:' and naming what it must; no traceback."""
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ")
    for text in must_name:
        assert text in lines[0]
    return lines[0]


# --- the entry point: two real processes -------------------------------------------------------------


def test_python_m_model_runs_the_command_line(plan):
    """The documented entry point prints what ``main`` prints (the plan's tiers as JSON) and exits 0."""
    proc = run_process("summary", "--format", "json")
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == run("summary", "--format", "json").stdout
    assert [r["dau"] for r in json.loads(proc.stdout)] == [t.dau for t in evaluate(plan).tiers]


def test_python_m_model_bad_input_exits_2_without_a_traceback(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"name": "x",\n  "tiers_dau": [1,]\n}')
    line = assert_bad_input(run_process("summary", "--scenario", str(path)), str(path), "invalid JSON")
    assert run("summary", "--scenario", str(path)).stderr == line + "\n"


# --- summary -----------------------------------------------------------------------------------


def test_summary_json_matches_evaluate(plan):
    proc = run("summary", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    expected = [json.loads(json.dumps(t.as_record())) for t in evaluate(plan).tiers]
    assert isinstance(rows, list) and all(isinstance(r, dict) for r in rows)
    assert all(DOCUMENTED_KEYS <= set(r) for r in rows)
    assert rows == expected
    # the plan's table, to the dollar: 9,055 / 45,719 / 57,000 / 297,000 / 207,000
    assert [round(r["total_usd"]) for r in rows] == [9_055, 45_719, 57_000, 297_000, 207_000]


def test_summary_table_shows_the_plans_figures():
    proc = run("summary")
    assert proc.returncode == 0, proc.stderr
    for text in ("$9,055", "$45,719", "$57,000", "$297,000", "$207,000", "$0.91", "$0.57", "$0.59", "$0.21", "genai-prices"):
        assert text in proc.stdout


def test_summary_csv(plan):
    proc = run("summary", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert [int(r["dau"]) for r in rows] == [10_000, 50_000, 100_000, 500_000, 1_000_000]
    assert "line_items" not in rows[0]  # nested values stay out of the flat table
    assert {"infrastructure_usd", "ai_usd", "cache_savings_usd", "total_usd", "cost_per_dau_usd"} <= set(rows[0])
    assert [float(r["total_usd"]) for r in rows] == pytest.approx([t.total_usd for t in evaluate(plan).tiers], rel=1e-12)


def test_summary_any_tiers():
    proc = run("summary", "--tiers", "20000,2000000", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [r["dau"] for r in rows] == [20_000, 2_000_000]
    # 20k: level 1 infra 55 + AI 2 x 9,000 = 18,055; 2M: level 5 infra 27,000 + own model 2 x 180,000 = 387,000
    assert [r["total_usd"] for r in rows] == pytest.approx([18_055, 387_000], rel=1e-9)


def test_summary_of_another_scenario_file(tmp_path):
    overlay = tmp_path / "fewer-calls.json"
    overlay.write_text(json.dumps({"extends": "plan.json", "name": "Fewer calls", "overrides": {"ai.calls_per_dau_per_day": 1}}))
    proc = run("summary", "--scenario", str(overlay), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    # half the AI: 4,500 + 55 = 4,555 at 10k
    assert json.loads(proc.stdout)[0]["total_usd"] == pytest.approx(4_555, rel=1e-9)


# --- audit and validate --------------------------------------------------------------------------


def test_audit_json_has_the_findings(plan):
    proc = run("audit", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [r["id"] for r in rows] == [f.id for f in evaluate(plan).audit]
    disagreeing = {r["id"] for r in rows if r["status"] == "disagrees"}
    # The second reading's findings (model/audit_reading.py) are all 'reading-...' and tested in tests/upgrades/.
    assert {i for i in disagreeing if not i.startswith("reading-")} == {
        "level-4-total-label",
        "level-4-own-model-reduction",
        "dashboard-ai-spend",
        "level-5-availability",
        "reserved-level-4",
    }
    assert {r.id for r in second_reading(plan)} == {i for i in disagreeing if i.startswith("reading-")}


def test_audit_table_lists_the_disagreements():
    proc = run("audit")
    assert proc.returncode == 0, proc.stderr
    listed = proc.stdout.split("Where the figures disagree or had to be implied:")[1]
    # 5 of the plan's arithmetic + 11 of the second reading (tests/upgrades/test_audit_reading.py)
    assert listed.count("- [disagrees]") == 5 + 11
    assert listed.count("- [disagrees] Second reading:") == 11
    assert "$117,000" in listed  # level 4 with the own model: 297,000 - 270,000 + 90,000
    assert "$18,000" in listed  # dashboard: $600/day x 30


def test_audit_only_problems():
    proc = run("audit", "--only-problems", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    statuses = {r["status"] for r in json.loads(proc.stdout)}
    assert statuses == {"disagrees", "implied"}


def test_validate_a_good_file():
    proc = run("validate", "data/scenarios/plan.json")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("data/scenarios/plan.json: valid scenario 'The plan: 09. Scaling Infrastructure v1.0'")


# --- bad input: exit 2, one line, never a traceback -----------------------------------------------


def plan_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = PLAN_SCENARIO.read_text()
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1))
    return path


def test_validate_a_bad_file(tmp_path):
    path = plan_with(tmp_path, "typo.json", '"days_per_month"', '"days_per_mnth"')
    assert_bad_input(run("validate", str(path)), str(path), "days_per_mnth", "unknown key")


def test_missing_scenario_file(tmp_path):
    path = tmp_path / "nope.json"
    assert_bad_input(run("summary", "--scenario", str(path)), str(path), "no such file")


def test_invalid_json(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"name": "x",\n  "tiers_dau": [1,]\n}')
    assert_bad_input(run("summary", "--scenario", str(path)), str(path), "invalid JSON at line 2, column 19")


def test_hit_rate_out_of_range(tmp_path):
    path = plan_with(tmp_path, "hit.json", '"hit_rate": 0.30', '"hit_rate": 1.5')
    assert_bad_input(run("summary", "--scenario", str(path)), f"{path}: caching.caches.1.hit_rate: must be <= 1")


def test_nan_in_audit(tmp_path):
    path = plan_with(tmp_path, "nan.json", '"days_per_month": 30', '"days_per_month": NaN')
    assert_bad_input(run("audit", "--scenario", str(path)), f"{path}: days_per_month: must be a finite number")


def test_tiers_out_of_order_in_the_file(tmp_path):
    path = plan_with(tmp_path, "order.json", '"tiers_dau": [10000, 50000', '"tiers_dau": [50000, 10000')
    assert_bad_input(run("summary", "--scenario", str(path)), f"{path}: tiers_dau:", "strictly increasing")


def test_binary_file(tmp_path):
    path = tmp_path / "picture.json"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")
    assert_bad_input(run("validate", str(path)), str(path), "not UTF-8")


def test_non_object_json(tmp_path):
    path = tmp_path / "list.json"
    path.write_text("[1, 2, 3]")
    assert_bad_input(run("summary", "--scenario", str(path)), str(path), "a scenario is a JSON object, not list")


def test_model_with_no_price(tmp_path):
    path = plan_with(tmp_path, "model.json", '"model": "gpt-4o-mini"', '"model": "gpt-no-such-model"')
    assert_bad_input(run("summary", "--scenario", str(path)), f"{path}: ai.model_mix.1.model:", "gpt-no-such-model")


def test_overlay_with_a_bad_path(tmp_path):
    path = tmp_path / "overlay.json"
    path.write_text(json.dumps({"extends": "plan.json", "name": "x", "overrides": {"ai.calls_per_day": 3}}))
    assert_bad_input(run("summary", "--scenario", str(path)), f"{path}: ai.calls_per_day: no such setting")


def test_overlay_escaping_the_scenario_folder(tmp_path):
    path = tmp_path / "overlay.json"
    path.write_text(json.dumps({"extends": "../plan.json", "name": "x"}))
    assert_bad_input(run("validate", str(path)), f"{path}: extends:")


@pytest.mark.parametrize("tiers", ["abc", "20000,10000"])
def test_bad_tiers(tiers):
    assert_bad_input(run("summary", "--tiers", tiers), "--tiers")


@pytest.mark.parametrize("tiers", ["abc", "10k", "1e5", "0", "-5", "20000,10000", "10000,10000", "", ","])
def test_bad_tiers_in_process(tiers, capsys):
    # The same entry point as python -m model, without a process per value.
    assert main(["summary", "--tiers", tiers]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith("error: --tiers: ")
