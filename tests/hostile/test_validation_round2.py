"""Stricter validation (issue 12): thresholds in order, duplicate keys, one DAU range, bounded reads, safe extends.

Each case is one line naming the file, the field and the rule (a ScenarioError, or exit 2 from the CLI), never a
traceback, a hang or a silently different scenario.
"""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

import cli.main as cli
from model import loading
from model.loading import PLAN_SCENARIO, ScenarioError, load_scenario, parse_scenario
from model.scenario import MAX_DAU, MIN_DAU

PLAN: dict[str, Any] = json.loads(PLAN_SCENARIO.read_text())


@contextmanager
def no_hang(seconds: int) -> Iterator[None]:
    """Fail (rather than block the suite) if the body runs for more than ``seconds``: a hang guard, not a speed target."""

    def on_alarm(signum: int, frame: object) -> None:
        raise AssertionError(f"no answer after {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def error_for(obj: Any, source: str = "s.json") -> ScenarioError:
    raw = obj if isinstance(obj, str) else json.dumps(obj)
    with pytest.raises(ScenarioError) as info:
        parse_scenario(raw, source=source)
    return info.value


def plan_with(path: str, value: Any) -> dict[str, Any]:
    obj = json.loads(json.dumps(PLAN))
    node = obj
    parts = path.split(".")
    for p in parts[:-1]:
        node = node[int(p)] if isinstance(node, list) else node[p]
    node[parts[-1]] = value
    return obj


# --- warning below critical ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "warning", "critical"),
    [
        ("db_pool_utilization", 0.96, 0.95),  # warning above critical
        ("db_pool_utilization", 0.95, 0.95),  # equal: the warning would never come first
        ("redis_memory_utilization", 0.9, 0.8),
        ("error_rate", 0.02, 0.01),
        ("p95_ms", 3000, 2000),
    ],
)
def test_alert_warning_must_be_below_critical(field, warning, critical):
    obj = plan_with(f"alerts.warning.{field}", warning)
    obj["alerts"]["critical"][field] = critical
    err = error_for(obj)
    assert err.field == f"alerts.warning.{field}"
    assert err.rule == f"must be below critical.{field} (got {warning:g}, critical {critical:g})"


def test_unstated_thresholds_in_order_too():
    err = error_for(plan_with("capacity.thresholds_unstated.warning_utilization", 0.96))  # critical is 0.95
    assert err.field == "capacity.thresholds_unstated.warning_utilization"
    assert "below critical_utilization" in err.rule


# --- duplicate keys --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ('{"name": "a", "name": "b"}', "name"),
        ('{"ai": {"calls_per_dau_per_day": 2, "x": 1, "calls_per_dau_per_day": 200}}', "ai.calls_per_dau_per_day"),
        ('{"levels": [{}, {"line_items": [{"usd_per_month": 1, "usd_per_month": 9}]}]}', "levels.1.line_items.0.usd_per_month"),
    ],
)
def test_a_key_named_twice_is_refused_with_its_path(text, path):
    err = error_for(text)
    assert (err.field, err.rule) == (path, "key appears twice in the same object (a JSON reader would keep only the last)")


def test_the_plan_file_with_a_key_repeated_is_refused():
    text = PLAN_SCENARIO.read_text().replace('"days_per_month": ', '"days_per_month": 31, "days_per_month": ', 1)
    assert error_for(text).field == "days_per_month"


# --- one DAU range -------------------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["capacity", "--dau", str(MAX_DAU + 1)],
        ["capacity", "--dau", "0.5"],  # below MIN_DAU: a scenario's DAU is a whole number from 1
        ["summary", "--tiers", f"10000,{MAX_DAU + 1}"],
        ["sensitivity", "--tier", str(MAX_DAU + 1)],
        ["sensitivity", "--tier", "nan"],
    ],
)
def test_every_command_refuses_a_dau_outside_the_schema_range(capsys, argv):
    code, err = run(capsys, *argv)
    assert code == 2 and f"from {MIN_DAU:,} to {MAX_DAU:,}" in err and err.count("\n") == 1


def test_the_schema_range_is_accepted_by_every_command(capsys):
    tiers = f"{MIN_DAU},{MAX_DAU}"
    assert run(capsys, "summary", "--tiers", tiers)[0] == 0
    assert run(capsys, "capacity", "--dau", str(MAX_DAU))[0] == 0
    assert run(capsys, "capacity", "--dau", str(MIN_DAU))[0] == 0
    assert run(capsys, "sensitivity", "--tier", str(MAX_DAU))[0] == 0
    # and the schema takes the same ends: a tier at MIN_DAU and one at MAX_DAU are valid, one past either is not
    parse_scenario(json.dumps(plan_with("tiers_dau", [MIN_DAU, MAX_DAU])))
    assert error_for(plan_with("tiers_dau", [MIN_DAU - 1])).field == "tiers_dau.0"
    assert error_for(plan_with("tiers_dau", [MAX_DAU + 1])).field == "tiers_dau.0"


# --- reads bounded by the bytes read -------------------------------------------------------------------------


def test_dev_zero_ends_with_the_size_message(capsys):
    # /dev/zero claims a size of 0 and never ends: reading by the claimed size would never finish
    with no_hang(60):
        code, err = run(capsys, "validate", "/dev/zero")
    assert code == 2
    assert (
        err
        == f"error: /dev/zero: file is more than {loading.MAX_SCENARIO_BYTES:,} bytes; a scenario may be at most {loading.MAX_SCENARIO_BYTES:,} bytes\n"
    )


def test_a_file_is_read_only_up_to_the_limit_whatever_it_claims(tmp_path, monkeypatch):
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (loading.MAX_SCENARIO_BYTES + 10))
    asked: list[int] = []
    real_open = Path.open

    class Counting:
        def __init__(self, f: Any) -> None:
            self.f = f

        def __enter__(self) -> Counting:
            return self

        def __exit__(self, *exc: object) -> None:
            self.f.close()

        def read(self, size: int = -1) -> bytes:
            asked.append(size)
            return self.f.read(size)

    monkeypatch.setattr(Path, "open", lambda self, *a, **k: Counting(real_open(self, *a, **k)))
    with pytest.raises(ScenarioError, match="more than 1,000,000 bytes"):
        load_scenario(path)
    assert asked and all(0 <= n <= loading.MAX_SCENARIO_BYTES + 1 for n in asked)  # never 'read everything'


# --- extends: only .json files inside data/scenarios ---------------------------------------------------------


@pytest.fixture
def scenario_dir(tmp_path, monkeypatch) -> Path:
    """A stand-in for data/scenarios holding the plan, so links can be made without touching the repository."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "plan.json").write_text(PLAN_SCENARIO.read_text())
    outside = tmp_path / "secret.json"
    outside.write_text(PLAN_SCENARIO.read_text())
    (tmp_path / "notes.txt").write_text("not a scenario")
    (folder / "out.json").symlink_to(outside)
    (folder / "zero.json").symlink_to("/dev/zero")
    (folder / "dir.json").mkdir()
    (folder / "text.txt").write_text("{}")
    (folder / "txt.json").symlink_to(folder / "text.txt")
    (folder / "loop.json").symlink_to(folder / "loop.json")
    (folder / "same.json").symlink_to(folder / "plan.json")
    monkeypatch.setattr(loading, "SCENARIO_DIR", folder)
    return folder


def overlay(extends: str) -> str:
    return json.dumps({"extends": extends, "name": "o", "overrides": {}})


@pytest.mark.parametrize(
    ("target", "rule"),
    [
        ("out.json", "'out.json' is not a scenario in data/scenarios: it links to a file outside data/scenarios"),
        ("zero.json", "'zero.json' is not a scenario in data/scenarios: it links to a file outside data/scenarios"),
        ("txt.json", "'txt.json' is not a scenario in data/scenarios: it links to a file that is not .json"),
        ("dir.json", "'dir.json' is not a scenario in data/scenarios: not a regular file"),
        ("loop.json", "no such file: 'loop.json' is not a scenario in data/scenarios"),
        ("missing.json", "no such file: 'missing.json' is not a scenario in data/scenarios"),
    ],
)
def test_extends_refuses_anything_but_a_json_file_inside_the_folder(scenario_dir, target, rule):
    err = error_for(overlay(target), source="overlay.json")
    assert (err.source, err.field, err.rule) == ("overlay.json", "extends", rule)


def test_extends_follows_a_link_that_stays_inside(scenario_dir):
    assert parse_scenario(overlay("same.json")).name == "o"


def test_a_broken_base_file_is_one_line_naming_it(scenario_dir):
    (scenario_dir / "broken.json").write_text('{"name": ')
    err = error_for(overlay("broken.json"))
    assert err.source == "data/scenarios/broken.json" and err.rule.startswith("invalid JSON at line 1")


def test_extends_a_non_json_name_is_refused_by_the_schema():
    err = error_for(overlay("../../etc/passwd"))
    assert err.field == "extends"


# --- bounded echo ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '{"name": ' + "9" * 4000 + "}",  # an integer Python can parse, in the wrong place
        '{"name": ' + "9" * 5000 + "}",  # past Python's 4,300-digit limit
        json.dumps(plan_with("days_per_month", "9" * 5000)),
    ],
)
def test_a_long_number_is_not_echoed_in_full(text):
    err = error_for(text)
    assert len(str(err)) < 400 and "9" * 100 not in str(err)
