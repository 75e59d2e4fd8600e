"""``python -m model solve`` and ``--set`` on every command that evaluates a scenario, through the command line's ``main`` in-process."""

from __future__ import annotations

import json

import pytest

from cli.main import build_parser, main
from model.overrides import with_overrides
from model.result import evaluate
from model.solve import solve_driver
from tests.cli_run import run_cli

HIT = "caching.caches.1.hit_rate"
DOCUMENTED = {"driver", "value", "target", "at", "achieved", "bounds", "iterations"}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def assert_one_line_error(code: int, out: str, err: str, *must: str) -> None:
    assert code == 2 and out == "" and "Traceback" not in err
    assert len(err.splitlines()) == 1 and err.startswith("error: "), err
    for text in must:
        assert text in err


def test_solve_json_is_the_solution_record(capsys, plan):
    code, out, _ = run(
        capsys, "solve", "--driver", HIT, "--target", "cost_per_dau_usd", "--at", "500000", "--value", "0.30", "--format", "json"
    )
    body = json.loads(out)
    assert code == 0 and DOCUMENTED <= set(body)
    expected = solve_driver(plan, HIT, target="cost_per_dau_usd", at=500_000, value=0.30)
    assert body == json.loads(json.dumps(expected.as_record()))
    # Unrounded: 1 - 123,000 x 0.7 / 270,000 = 0.681111..., not 0.68.
    assert body["value"] == pytest.approx(613 / 900, abs=1e-9) and body["bounds"] == [0.0, 1.0] and body["at"] == 500_000


def test_solve_then_check_at_the_answer_with_set(capsys, plan):
    # The issue's loop: solve, then evaluate the scenario at the solved value.
    body = json.loads(
        run(
            capsys,
            "solve",
            "--driver",
            HIT,
            "--target",
            "cost_per_dau_usd",
            "--at",
            "500k",
            "--value",
            "0.30",
            "--format",
            "json",
        )[1]
    )
    code, out, _ = run(capsys, "summary", "--tiers", "500000", "--set", f"{HIT}={body['value']!r}", "--format", "json")
    row = json.loads(out)[0]
    assert code == 0 and row["cost_per_dau_usd"] <= 0.30
    assert row == json.loads(json.dumps(evaluate(with_overrides(plan, {HIT: body["value"]}), [500_000]).tiers[0].as_record()))


def test_summary_with_set_from_the_issue(capsys, plan):
    # h = 0.69: AI = 270,000 x 0.31 / 0.7 = 119,571.43; total 146,571.43; per DAU 0.293143
    code, out, _ = run(capsys, "summary", "--tiers", "500000", "--set", f"{HIT}=0.69", "--format", "json")
    assert code == 0 and json.loads(out)[0]["cost_per_dau_usd"] == pytest.approx(
        (27_000 + 270_000 * 0.31 / 0.7) / 500_000, rel=1e-12
    )


def test_set_is_repeatable(capsys):
    # 2 calls -> 3 calls per DAU per day and h = 0.5: AI at 500k = 270,000 x 1.5 x (0.5 / 0.7) = 289,285.71; + 27,000.
    code, out, _ = run(
        capsys, "summary", "--tiers", "500000", "--set", "ai.calls_per_dau_per_day=3", "--set", f"{HIT}=0.5", "--format", "json"
    )
    assert code == 0 and json.loads(out)[0]["total_usd"] == pytest.approx(27_000 + 270_000 * 1.5 * 0.5 / 0.7, rel=1e-12)


def test_every_command_that_evaluates_a_scenario_takes_set():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    takes = {name for name, p in sub.choices.items() if any("--set" in a.option_strings for a in p._actions)}
    # validate and schema read no scenario to evaluate (validate checks a file as it is), nor does store (it keeps
    # scenarios as they are saved); every other command does.
    assert takes == set(sub.choices) - {"validate", "schema", "store"}


@pytest.mark.parametrize(
    "argv",
    [
        ["audit", "--only-problems", "--format", "json"],
        ["capacity", "--dau", "500000", "--format", "json"],
        ["sensitivity", "--tier", "500k", "--format", "json"],
        ["timeline", "--format", "json"],
        ["economics", "--format", "json"],
        ["selfhosted", "--format", "json"],
        ["compare", "plan", "pessimistic", "--format", "json"],
        ["simulate", "--draws", "50", "--format", "json"],
    ],
)
def test_set_changes_what_each_command_prints(capsys, argv):
    # More AI calls change every cost each command prints; the same output without --set differs.
    base = run(capsys, *argv)
    changed = run(capsys, *argv, "--set", "ai.calls_per_dau_per_day=4")
    assert base[0] == changed[0] == 0 and base[1] != changed[1]


@pytest.mark.parametrize(
    ("argv", "must"),
    [
        (["summary", "--set", "nope=1"], ("--set: nope: no such setting",)),
        (["summary", "--set", f"{HIT}=1.5"], ("--set:", HIT, "range")),
        (["summary", "--set", HIT], ("--set: expected PATH=VALUE",)),
        (["timeline", "--set", f"{HIT}=x"], ("--set:", HIT, "expected a number")),
        (["solve", "--driver", "nope", "--target", "total_usd", "--at", "500000", "--value", "1"], ("--driver: 'nope'",)),
        (["solve", "--driver", HIT, "--target", "profit", "--at", "500000", "--value", "1"], ("--target: no such target",)),
        (
            ["solve", "--driver", HIT, "--target", "cost_per_dau_usd", "--at", "500000", "--value", "0.01"],
            ("no value of AI response hit rate",),
        ),
        (["solve", "--driver", HIT, "--target", "cost_per_dau_usd", "--at", "-5", "--value", "0.3"], ("--at:",)),
        (
            ["solve", "--driver", HIT, "--target", "cost_per_dau_usd", "--at", "1e-300", "--value", "0.3"],
            ("--at: a DAU must be at least 1",),
        ),
        (
            ["solve", "--driver", HIT, "--target", "cost_per_dau_usd", "--at", "500000", "--value", "1e308"],
            ("--value: must be between",),
        ),
        (
            ["solve", "--driver", HIT, "--target", "cost_per_dau_usd", "--at", "500000", "--value", "nan"],
            ("--value: must be a finite",),
        ),
        (
            ["solve", "--driver", HIT, "--target", "cost_per_dau_usd", "--at", "500000", "--value", "cheap"],
            ("--value: expected a number",),
        ),
        (["solve", "--target", "cost_per_dau_usd", "--at", "500000", "--value", "0.3"], ("--driver: required",)),
        (["solve", "--target", "total_usd", "--value", "1e12", "--solve-for", "month"], ("never reaches",)),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, argv, must):
    assert_one_line_error(*run(capsys, *argv), *must)


def test_solve_for_dau_and_month(capsys):
    # Hand-worked in test_solve.py: 179,630 DAU; the month 2028-05.
    body = json.loads(
        run(capsys, "solve", "--target", "total_usd", "--value", "100000", "--solve-for", "dau", "--format", "json")[1]
    )
    assert body["driver"] == "dau" and body["value"] == 179_630 and body["at"] is None
    body = json.loads(
        run(capsys, "solve", "--target", "total_usd", "--value", "100000", "--solve-for", "month", "--format", "json")[1]
    )
    assert body["month"] == "2028-05" and body["solve_for"] == "month"


def test_solve_table_shows_enough_digits_to_tell_the_sides_apart(capsys):
    # The step at 500k: $0.234 meets $0.50; 500,001 gives $0.594 (missed).
    code, out, _ = run(
        capsys, "solve", "--driver", "ai.own_model.from_dau", "--target", "cost_per_dau_usd", "--at", "500000", "--value", "0.5"
    )
    assert code == 0 and "= 500000 gives cost_per_dau_usd $0.23" in out and "500001 gives $0.59 (missed)" in out and "step" in out
    # Just past the 0.681111 hit rate the cost is $0.30000000004: shown with the digits that show the miss.
    out = run(capsys, "solve", "--driver", HIT, "--target", "cost_per_dau_usd", "--at", "500000", "--value", "0.30")[1]
    assert "gives $0.30000000004 (missed)" in out


def test_an_unknown_driver_exits_2_with_one_line():
    proc = run_cli("solve", "--driver", "nope", "--target", "total_usd", "--at", "1", "--value", "1")
    assert proc.returncode == 2 and proc.stdout == "" and "Traceback" not in proc.stderr and len(proc.stderr.splitlines()) == 1
