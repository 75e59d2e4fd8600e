"""Every CLI command on a scenario at its bounds: no traceback, readable numbers, nothing raw on the terminal.

The scenario is one `python -m model validate` calls valid, chosen to break output rather than validation:
every line item at the 1e10 bound, capacities at 1e-300 (utilisation ~1e301, and past float range: inf),
tokens per call at their 2,000,000 maximum, and names, level names and checklist items holding terminal
escape sequences, carriage returns, newlines and formula-like text. Every command, in every format, must exit 0,
print no control character a terminal would act on, no 25-digit run (absurd figures in scientific notation),
strict JSON (no Infinity), and nothing on stderr. Bad arguments give one bounded line and exit 2.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import cli.main as cli
from model.loading import PLAN_SCENARIO

ESC_NAME = "evil\x1b[31mRED\x1b]0;pwned\x07\r=1+1\n-2\u202e"
ESC_LEVEL = "lv\x07\x1b[2J"
ITEMS = ["ok\r=1+1", "\t=2+2", "x\n@SUM(1)", "\x1b[31mred"]
# A terminal acts on C0 controls, DEL and C1 controls; bidi overrides reorder what it shows.
TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
LONG_DIGITS = re.compile(r"\d[\d,]{24,}")  # a 25-character run of digits: a figure printed in full past readability


def huge_obj() -> dict[str, Any]:
    obj = json.loads(PLAN_SCENARIO.read_text())
    obj["name"] = ESC_NAME
    for lv in obj["levels"]:
        lv["name"] = ESC_LEVEL
        for li in lv["line_items"]:
            li["usd_per_month"] = 1e10  # the schema's bound
        lv["checklist"] = [*lv["checklist"], *ITEMS]
    for cap in obj["capacity"]["levels"]:
        for key in ("redis_memory_gb", "ai_requests_per_minute", "ai_tokens_per_minute", "db_writes_per_second"):
            cap[key] = 1e-300  # bound: > 0
    obj["ai"]["input_tokens_per_call"] = obj["ai"]["output_tokens_per_call"] = 2_000_000  # the bound
    obj["ai"]["calls_per_dau_per_day"] = 10_000  # the bound
    return obj


@pytest.fixture(scope="module")
def huge_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("huge") / "huge.json"
    path.write_text(json.dumps(huge_obj()))
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:  # argparse
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


COMMANDS = [
    ["summary"],
    ["audit"],
    ["capacity", "--dau", "50000"],
    ["sensitivity"],
    ["simulate", "--draws", "200"],
    ["timeline"],
    ["timeline", "--checklists"],
    ["selfhosted"],
    ["economics"],
    ["compare", "plan", "{file}"],
    ["compare", "plan", "{file}", "--differences"],
]


def strict_json(text: str) -> Any:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.filterwarnings("error::RuntimeWarning")  # numpy's overflow warning would reach the terminal's stderr
@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c).replace("{file}", "F"))
def test_every_command_on_a_scenario_at_its_bounds(capsys, huge_file, command, fmt):
    argv = [a.replace("{file}", str(huge_file)) for a in command]
    if argv[0] != "compare":
        argv += ["--scenario", str(huge_file)]
    code, out, err = run(capsys, *argv, "--format", fmt)
    assert (code, err) == (0, ""), err
    assert out
    if fmt == "csv":  # CR, LF and tab stay inside quoted fields; nothing else raw
        assert not TERMINAL_CONTROL.search(out.replace("\r", "")), repr(out[:300])
    else:
        assert not TERMINAL_CONTROL.search(out) and "\r" not in out and "\t" not in out, repr(out[:300])
    if fmt == "table":  # csv and json carry raw numbers (Python's repr, at most 17 significant digits)
        assert not LONG_DIGITS.search(out), LONG_DIGITS.search(out)
    if fmt == "json":
        strict_json(out)


def test_the_workbook_exports_from_a_scenario_at_its_bounds(capsys, huge_file, tmp_path):
    pytest.importorskip("openpyxl")
    code, out, err = run(capsys, "export", "--scenario", str(huge_file), "--out", str(tmp_path / "huge.xlsx"))
    assert (code, err) == (0, "") and (tmp_path / "huge.xlsx").stat().st_size > 0
    assert out.count("\n") == 1 and not TERMINAL_CONTROL.search(out)  # the scenario's name, escaped


def test_absurd_figures_are_shown_in_scientific_notation(capsys, huge_file):
    code, out, _ = run(capsys, "capacity", "--dau", "50000", "--scenario", str(huge_file))
    assert code == 0
    redis = next(line for line in out.splitlines() if line.startswith("Redis memory"))
    # demand 0.2 + 0.3 x 50 = 15.2 GB against 1e-300 GB: 1.52e301, x 100 = 1.52e+303%
    assert "1.00e-300" in redis and "1.52e+303%" in redis
    tokens = next(line for line in out.splitlines() if line.startswith("AI tokens"))
    assert "inf%" in tokens  # demand / 1e-300 is past float range


def test_utilisation_past_float_range_is_null_in_json(capsys, huge_file):
    code, out, _ = run(capsys, "capacity", "--dau", "50000", "--scenario", str(huge_file), "--format", "json")
    assert code == 0
    rows = {r["resource"]: r for r in strict_json(out)}
    assert rows["ai_tokens"]["utilization"] is None  # not Infinity, which JSON readers refuse
    assert rows["redis_memory"]["utilization"] == pytest.approx(15.2 / 1e-300)


def test_names_with_control_characters_are_escaped(capsys, huge_file):
    code, out, _ = run(capsys, "validate", str(huge_file))
    assert code == 0 and out.count("\n") == 1
    assert "evil\\x1b[31mRED\\x1b]0;pwned\\x07\\r=1+1\\n-2\\u202e" in out
    code, out, _ = run(capsys, "timeline", "--checklists", "--scenario", str(huge_file))
    assert "ok\\r=1+1" in out and "x\\n@SUM(1)" in out and "lv\\x07\\x1b[2J" in out


# --- errors: one line, bounded, escaped ------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["simulate", "--draws", "9" * 5000],  # argparse's own error would echo all 5,000 digits
        ["capacity", "--dau", "9" * 5000],
        ["summary", "--tiers", "1," + "9" * 5000],
        ["bogus-command"],
        ["summary", "--format", "x\x1b[31m" * 500],
        ["validate", "/no/such/" + "\x1b[2J" * 2000 + ".json"],
        ["summary", "--scenario", "x\ny.json"],
        ["compare", "plan"],
    ],
    ids=["draws", "dau", "tiers", "command", "format", "path", "newline-path", "compare-one"],
)
def test_every_error_is_one_bounded_line(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1 and err.endswith("\n"), repr(err[:400])
    assert len(err) <= cli.MAX_ERROR + len("error: \n")
    assert not TERMINAL_CONTROL.search(err) and "\r" not in err


def test_an_unexpected_failure_is_one_line_not_a_traceback(capsys, monkeypatch):
    def broken(args: object) -> str:
        raise KeyError("a bug\x1b[2J")

    parser = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    parser._subparsers._group_actions[0].choices["summary"].set_defaults(func=broken)  # type: ignore[union-attr]
    code, out, err = run(capsys, "summary")
    assert code == 1 and out == ""
    assert err == "error: internal error (KeyError): 'a bug\\x1b[2J'\n"
