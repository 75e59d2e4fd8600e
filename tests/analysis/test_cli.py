"""The analysis commands print what the analysis functions return, in three formats; bad input exits 2."""

from __future__ import annotations

import csv
import io
import json

import pytest

from cli.main import main
from model.analysis.montecarlo import simulate
from model.analysis.selfhosted import compare_self_hosted
from model.analysis.sensitivity import tornado
from model.analysis.timeline import project
from model.loading import SCENARIO_DIR, load_scenario
from tests.cli_run import run_cli


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_simulate_json_has_dau_and_percentiles_per_tier(capsys, plan):
    code, out, _ = run(capsys, "simulate", "--draws", "500", "--seed", "9", "--format", "json")
    rows = json.loads(out)
    bands = simulate(plan, draws=500, seed=9).bands()
    assert code == 0 and [r["dau"] for r in rows] == plan.tiers_dau
    for row, (_, band) in zip(rows, bands.iterrows(), strict=True):
        assert (row["p10"], row["p50"], row["p90"]) == pytest.approx((band["p10"], band["p50"], band["p90"]), rel=1e-12)


def test_simulate_is_reproducible_from_the_command_line(capsys):
    first = run(capsys, "simulate", "--draws", "300", "--seed", "4", "--format", "csv")[1]
    second = run(capsys, "simulate", "--draws", "300", "--seed", "4", "--format", "csv")[1]
    assert first == second and first.startswith('"dau","p10","p50","p90"')  # text quoted, headers too


def test_sensitivity_json_is_the_tornado(capsys, plan):
    code, out, _ = run(capsys, "sensitivity", "--tier", "500k", "--format", "json")
    rows = json.loads(out)
    bars = tornado(plan, 500_000).bars
    assert code == 0 and [r["path"] for r in rows] == [b.path for b in bars]
    assert [r["high_cost_per_dau_usd"] for r in rows] == pytest.approx([b.high_cost_per_dau_usd for b in bars], rel=1e-12)


def test_sensitivity_table_names_the_tier(capsys):
    code, out, _ = run(capsys, "sensitivity", "--tier", "100000")
    assert code == 0 and "Cost per DAU at 100k DAU: $0.57" in out and "AI calls per DAU per day" in out


def test_compare_json_lists_the_differences(capsys):
    code, out, _ = run(capsys, "compare", "plan", str(SCENARIO_DIR / "own-model-500k.json"), "--format", "json")
    body = json.loads(out)
    assert code == 0 and body["scenarios"][1] == "Own AI model from 500k DAU"
    assert [d["path"] for d in body["differences"]] == ["ai.own_model.from_dau"]
    at_500k = next(r for r in body["costs"] if r["scenario"] == body["scenarios"][1] and r["dau"] == 500_000)
    assert at_500k["total_usd"] == pytest.approx(117_000, rel=1e-9)


def test_compare_csv_differences(capsys):
    code, out, _ = run(capsys, "compare", "plan", "no-ai-cache", "--format", "csv", "--differences")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows[0]["path"] == "caching.caches.1.hit_rate"


def test_compare_table_by_shipped_names(capsys):
    code, out, _ = run(capsys, "compare", "plan", "pessimistic", "optimistic")
    assert code == 0 and "Assumptions that differ from" in out and "Pessimistic" in out


def test_timeline_csv_is_the_projection(capsys, plan):
    code, out, _ = run(capsys, "timeline", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    months = project(plan).months
    assert code == 0 and len(rows) == len(months)
    assert float(rows[-1]["cumulative_usd"]) == pytest.approx(months["cumulative_usd"].iloc[-1], rel=1e-12)


def test_timeline_checklists(capsys):
    code, out, _ = run(capsys, "timeline", "--checklists", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and rows[0]["due_month"] == "2027-02" and rows[0]["item"] == "Upgrade to Supabase Team"


def test_selfhosted_reports_the_break_even(capsys, plan):
    code, out, _ = run(capsys, "selfhosted", "--format", "json")
    body = json.loads(out)
    assert code == 0 and body["break_even_dau"] == pytest.approx(compare_self_hosted(plan).break_even_dau)
    table = run(capsys, "selfhosted")[1]
    assert "Self-hosting first costs no more than the API at 21,11" in table


def test_economics_table(capsys):
    code, out, _ = run(capsys, "economics", "--revenue", "2")
    assert code == 0 and "Revenue $2.00 per DAU per month" in out and "$20,000" in out  # 2 x 10,000


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["compare", "plan"], "2 to 4"),
        (["compare", "plan", "nonesuch"], "no shipped scenario of that name"),
        (["compare", "plan", "missing.json"], "no such file"),
        (["simulate", "--draws", "0"], "--draws"),
        (["simulate", "--seed", "-3"], "--seed"),
        (["simulate", "--budget", "-1"], "--budget"),
        (["sensitivity", "--tier", "lots"], "--tier"),
        (["sensitivity", "--tier", "0"], "--tier"),
        (["economics", "--revenue", "nan"], "--revenue"),
        # --revenue sets the scenario's revenue driver, so the schema's bound is the CLI's too.
        (["economics", "--revenue", "200000"], "--revenue: must be <= 100000.0 (got 200000.0)"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, argv, words):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and words in err and err.count("\n") == 1


def test_bad_scenario_file_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"extends": "plan.json", "name": "b", "overrides": {"ranges": {"nope": {"low": 0, "high": 1}}}}))
    code, _, err = run(capsys, "simulate", "--scenario", str(bad))
    assert code == 2 and "bad.json" in err and "nope" in err


def test_every_shipped_scenario_runs_every_command(capsys):
    for path in sorted(SCENARIO_DIR.glob("*.json")):
        load_scenario(path)
        for cmd in (["sensitivity"], ["simulate", "--draws", "200"], ["timeline"], ["selfhosted"], ["economics"]):
            code, _, err = run(capsys, *cmd, "--scenario", str(path))
            assert code == 0, (path.name, cmd, err)


def test_simulate_through_the_central_parser():
    out = run_cli("simulate", "--draws", "100", "--format", "json")
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)) == 5
