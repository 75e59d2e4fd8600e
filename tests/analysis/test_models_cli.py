"""`models` and `owncase` on the command line, and the --prices choice: what they print is what the model says."""

from __future__ import annotations

import json

import pytest

from cli.main import main
from model.analysis.owncase import business_case
from model.loading import plan_scenario
from model.modelcompare import compare_models
from model.overrides import with_overrides
from model.prices import search_catalogue, snapshot
from model.result import evaluate
from tests.cli_run import run_cli


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_models_json_is_the_catalogue_filtered(capsys):
    code, out, _ = run(capsys, "models", "--provider", "anthropic", "--search", "claude", "--format", "json")
    rows = json.loads(out)
    want = search_catalogue(provider="anthropic", search="claude")
    assert code == 0 and [r["model"] for r in rows] == [e.model for e in want] and rows
    sonnet = next(r for r in rows if r["model"] == "claude-sonnet-4-5")
    assert (sonnet["input_usd_per_mtok"], sonnet["cached_input_usd_per_mtok"], sonnet["output_usd_per_mtok"]) == (3.0, 0.3, 15.0)
    assert sonnet["snapshot_date"] == snapshot().checked.isoformat()
    assert {r["provider"] for r in rows} == {"anthropic"}


def test_unknown_provider_is_one_line_with_the_closest_names(capsys):
    code, out, err = run(capsys, "models", "--provider", "antropic")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "'antropic'" in err and "anthropic" in err.split("closest known:")[1]


def test_unknown_model_in_a_comparison_exits_2_naming_the_closest(capsys):
    code, _, err = run(capsys, "models", "--compare", "--model", "gpt-4.1-mni")
    assert code == 2 and err.count("\n") == 1 and "gpt-4.1-mini" in err


def test_unknown_model_in_a_scenario_file_exits_2_without_a_traceback(tmp_path):
    bad = tmp_path / "bad.json"
    plan = json.loads(open("data/scenarios/plan.json").read())
    plan["ai"]["model_mix"] = [{"model": "claude-sonet-4-5", "share_of_calls": 1.0}]
    bad.write_text(json.dumps(plan))
    proc = run_cli("summary", "--scenario", str(bad))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and "ai.model_mix.0.model" in proc.stderr and "claude-sonnet-4-5" in proc.stderr


def test_models_compare_equals_the_model_sorted(capsys):
    code, out, _ = run(
        capsys, "models", "--compare", "--model", "gpt-4.1", "--model", "gpt-5-mini", "--dau", "500k", "--format", "json"
    )
    rows = json.loads(out)
    want = compare_models(plan_scenario(), 500_000, [("gpt-4.1", None), ("gpt-5-mini", None)])
    assert code == 0 and [r["option"] for r in rows] == list(want["option"]) == ["gpt-5-mini", "gpt-4.1", "current mix"]
    assert [r["usd_per_month"] for r in rows] == pytest.approx(list(want["usd_per_month"]), rel=1e-12)
    # The current mix at 500k is the plan's AI line: $270,000, $0.54 per DAU.
    current = next(r for r in rows if r["option"] == "current mix")
    assert current["usd_per_month"] == pytest.approx(270_000.0, rel=1e-12) and current["usd_per_dau"] == pytest.approx(0.54)
    # gpt-4.1 keeps the levers: 270,000 x 0.0369 / 0.0423555
    g41 = next(r for r in rows if r["option"] == "gpt-4.1")
    assert g41["usd_per_month"] == pytest.approx(270_000 * 0.0369 / 0.0423555, rel=1e-12)


def test_owncase_json_is_the_business_case(capsys):
    code, out, _ = run(capsys, "owncase", "--format", "json")
    got = json.loads(out)
    bc = business_case(plan_scenario())
    assert code == 0
    assert (got["payback_month"], got["break_even_dau"]) == (bc.payback_month, bc.break_even_dau)
    assert got["npv_usd"] == pytest.approx(bc.npv_usd, rel=1e-12)
    assert len(got["months"]) == len(bc.months) and got["months"][54]["month"] == "2030-07"
    assert got["months"][54]["own_case_usd"] == pytest.approx(343_400.0, rel=1e-12)


def test_prices_library_against_pinned(capsys):
    code, out, _ = run(capsys, "summary", "--prices", "library", "--format", "json")
    assert code == 0
    lib = evaluate(with_overrides(plan_scenario(), {"ai.price_source": "library"}))
    assert [r["ai_usd"] for r in json.loads(out)] == pytest.approx([t.ai_usd for t in lib.tiers], rel=1e-12)


def test_prices_pinned_needs_pinned_prices(capsys, tmp_path):
    plan = json.loads(open("data/scenarios/plan.json").read())
    plan["ai"].pop("pinned_prices")
    plan["ai"]["price_source"] = "library"
    f = tmp_path / "nopin.json"
    f.write_text(json.dumps(plan))
    code, _, err = run(capsys, "audit", "--scenario", str(f), "--prices", "pinned")
    assert code == 2 and "pins no prices" in err and err.count("\n") == 1
