"""Hostile scenario files: the loader and the CLI give a clear error or a valid scenario.

Never a traceback, never a hang. Inputs: hypothesis-generated JSON of any shape,
and the plan's own file with one part broken (a leaf replaced by a huge,
negative, non-finite, non-numeric or deeply nested value; a key deleted or
misspelt; a 100k-character string), written as raw JSON text so that tokens
Python's encoder refuses (NaN, Infinity, 1e400, a 5,000-digit integer) reach
the loader too. A scenario that does load must price to finite, non-negative
costs, or fail with the price library's one-line error for an unknown model.
"""

from __future__ import annotations

import json
import math
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from model.loading import MAX_SCENARIO_BYTES, PLAN_SCENARIO, ScenarioError, parse_scenario
from model.prices import UnknownModelError
from model.result import evaluate
from model.scenario import Scenario
from tests.cli_run import run_cli

PLAN_TEXT = PLAN_SCENARIO.read_text()
PLAN_OBJ: dict[str, Any] = json.loads(PLAN_TEXT)
HANG_SECONDS = 30  # a hang guard, not a speed target: a parse takes milliseconds


@contextmanager
def no_hang(seconds: int = HANG_SECONDS) -> Iterator[None]:
    """Fail (rather than block the suite) if the body runs for more than ``seconds``."""

    def on_alarm(signum: int, frame: object) -> None:
        raise AssertionError(f"no answer after {seconds} s: the loader hangs on this input")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path into the plan's JSON, containers included (the root excluded)."""
    if prefix:
        yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*prefix, i))


PLAN_PATHS = sorted(_paths(PLAN_OBJ), key=repr)
DICT_PATHS = [p for p in PLAN_PATHS if isinstance(p[-1], str)]

MARK = "\u0000HOSTILE\u0000"
# Raw JSON fragments, spliced into the text where a value was.
HOSTILE_FRAGMENTS = [
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "-1e400",
    "1e308",
    "-1e308",
    "1e-400",
    "5e-324",
    "1" + "0" * 5000,  # more digits than Python's int parser accepts by default
    "-" + "9" * 400,
    "0",
    "-0",
    "-1",
    "0.0",
    "2",
    "1.0000000001",
    "1e9",
    "99999999999999999999",
    "true",
    "false",
    "null",
    '""',
    '"1000"',
    '"NaN"',
    '"=HYPERLINK(\\"http://x\\")"',
    '"' + "x" * 100_000 + '"',
    "[]",
    "{}",
    "[1, 2, 3]",
    '{"a": 1}',
    "[" * 5_000 + "]" * 5_000,
    '{"a":' * 200 + "1" + "}" * 200,
    '"\\ud800"',  # a lone surrogate
    '"\\u0000"',
]


def _set(obj: Any, path: tuple[Any, ...], value: Any) -> None:
    node = obj
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _delete(obj: Any, path: tuple[Any, ...]) -> None:
    node = obj
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]


def _rename(obj: Any, path: tuple[Any, ...], new_key: str) -> None:
    node = obj
    for part in path[:-1]:
        node = node[part]
    node[new_key] = node.pop(path[-1])


def _plan_copy() -> dict[str, Any]:
    return json.loads(PLAN_TEXT)


def _with_fragment(path: tuple[Any, ...], fragment: str) -> bytes:
    obj = _plan_copy()
    _set(obj, path, MARK)
    return json.dumps(obj).replace(json.dumps(MARK), fragment).encode("utf-8", "surrogatepass")


def check_loads_cleanly(raw: bytes | str) -> Scenario | None:
    """The contract: ScenarioError with a one-line message, or a Scenario that prices to finite non-negative costs."""
    with no_hang():
        try:
            scenario = parse_scenario(raw, source="fuzz.json")
        except ScenarioError as err:
            message = str(err)
            assert message.startswith("fuzz.json: "), message
            assert "\n" not in message, message
            assert len(message) < 2_000, f"message of {len(message)} characters"
            return None
        assert isinstance(scenario, Scenario)
        try:
            result = evaluate(scenario)
            findings = result.audit  # computed on first use; the audit divides by stated figures
        except UnknownModelError as err:
            assert "\n" not in str(err)
            return scenario
    assert all(f.status in ("agrees", "disagrees", "implied") for f in findings)
    for tier in result.tiers:
        figures = [tier.total_usd, tier.infrastructure_usd, tier.ai_usd, tier.cache_savings_usd, tier.cost_per_dau_usd]
        figures += list(tier.by_category_usd.values()) + [li.usd_per_month for li in tier.line_items]
        assert all(math.isfinite(x) for x in figures), (tier.dau, figures)
        assert all(x >= 0 for x in figures), (tier.dau, figures)
    return scenario


# --- The plan itself, and the hand-picked worst cases -----------------------------


def test_the_plan_loads_and_prices() -> None:
    """The fixture of every mutation below is valid (else every 'error' would be vacuous)."""
    assert check_loads_cleanly(PLAN_TEXT) is not None


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"null",
        b"[]",
        b'"a scenario"',
        b"{}",
        b"\xff\xfe{\x00}\x00",  # UTF-16 with a byte-order mark
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        b"{" * 100_000,
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
        b"1" * 5_000,
        b'{"name": "' + b"x" * (MAX_SCENARIO_BYTES + 1) + b'"}',
        PLAN_TEXT.encode()[:-10],  # cut short
        PLAN_TEXT.encode() + b"garbage",
        b'{"extends": "plan.json", "name": "x", "overrides": {"levels.\xc2\xb2.dau": 1}}',  # '²' is a digit to str.isdigit
        b'{"extends": "plan.json", "name": "x", "overrides": {"": 1}}',
        b'{"extends": "plan.json", "name": "x", "overrides": {"ai..calls_per_dau_per_day": 1}}',
        b'{"extends": "plan.json", "name": "x", "overrides": {"levels.99999999999999999999999.dau": 1}}',
        b'{"extends": "../../etc/passwd", "name": "x"}',
        b'{"extends": "plan.json", "name": "x", "overrides": {"ai.calls_per_dau_per_day": 1e400}}',
        b'{"extends": "plan.json", "name": "x", "overrides": {"ai.model_mix.0.share_of_calls": 1e308}}',
        b'{"extends": "plan.json", "name": "x", "overrides": {"ai.model_mix.0.model": "no-such-model"}}',
    ],
    ids=lambda raw: raw[:40].decode("latin-1").encode("unicode_escape").decode() or "empty",
)
def test_worst_cases(raw: bytes) -> None:
    check_loads_cleanly(raw)


@pytest.mark.parametrize("fragment", HOSTILE_FRAGMENTS, ids=lambda f: f[:24])
@pytest.mark.parametrize(
    "path",
    [
        ("ai", "calls_per_dau_per_day"),
        ("tiers_dau",),
        ("tiers_dau", 0),
        ("levels", 0, "line_items", 0, "usd_per_month"),
        ("name",),
        ("provenance",),
    ],
    ids=lambda p: ".".join(map(str, p)),
)
def test_hostile_value_in_a_known_place(path: tuple[Any, ...], fragment: str) -> None:
    check_loads_cleanly(_with_fragment(path, fragment))


# --- hypothesis: JSON of any shape -----------------------------------------------

json_leaves = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=50)
    | st.sampled_from(["plan.json", "gpt-4o", "extends", "levels", "1e308"])
)
json_values = st.recursive(
    json_leaves,
    lambda children: (
        st.lists(children, max_size=6)
        | st.dictionaries(st.text(max_size=12) | st.sampled_from(list(PLAN_OBJ)), children, max_size=6)
    ),
    max_leaves=40,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_random_json(value: Any) -> None:
    check_loads_cleanly(json.dumps(value, allow_nan=True))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(list(PLAN_OBJ)), json_values, max_size=4))
def test_random_json_with_the_plans_top_level_keys(value: dict[str, Any]) -> None:
    obj = _plan_copy()
    obj.update(value)
    check_loads_cleanly(json.dumps(obj, allow_nan=True))


# --- hypothesis: the plan with one part broken -------------------------------------

numbers = st.one_of(
    st.sampled_from([0, -1, 1, 0.5, 2, 1e9, 1e12, 1e308, -1e308, 10**20, 5e-324]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PLAN_PATHS), st.sampled_from(HOSTILE_FRAGMENTS))
# Found by this test: a first stated total of 5e-324 is above zero, but per user it is 0.0 (the audit divided by it).
@example(path=("stated_costs", 0, "total_usd"), fragment="5e-324")
def test_plan_with_a_hostile_fragment(path: tuple[Any, ...], fragment: str) -> None:
    check_loads_cleanly(_with_fragment(path, fragment))


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PLAN_PATHS), numbers | json_values)
def test_plan_with_a_value_replaced(path: tuple[Any, ...], value: Any) -> None:
    obj = _plan_copy()
    _set(obj, path, value)
    check_loads_cleanly(json.dumps(obj, allow_nan=True))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.sampled_from(PLAN_PATHS), st.sampled_from([0, 0.0, 1, 1e-9, 1e6]) | numbers), min_size=1, max_size=6)
)
def test_plan_with_several_numbers_changed(changes: list[tuple[tuple[Any, ...], Any]]) -> None:
    """Small and zero values keep many scenarios valid, so this reaches evaluate() and the audit."""
    obj = _plan_copy()
    for path, value in changes:
        try:
            _set(obj, path, value)
        except (KeyError, IndexError, TypeError):
            pass  # an earlier change replaced a container on this path
    check_loads_cleanly(json.dumps(obj))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(DICT_PATHS), st.booleans(), st.text(min_size=1, max_size=20))
def test_plan_with_a_key_deleted_or_misspelt(path: tuple[Any, ...], delete: bool, new_key: str) -> None:
    obj = _plan_copy()
    if delete:
        _delete(obj, path)
    else:
        _rename(obj, path, new_key)
    check_loads_cleanly(json.dumps(obj))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PLAN_PATHS), st.integers(min_value=1, max_value=3_000), st.booleans())
def test_plan_with_deep_nesting(path: tuple[Any, ...], depth: int, as_list: bool) -> None:
    fragment = ("[" * depth + "1" + "]" * depth) if as_list else ('{"a":' * depth + "1" + "}" * depth)
    check_loads_cleanly(_with_fragment(path, fragment))


overlay_paths = st.one_of(
    st.sampled_from([".".join(map(str, p)) for p in PLAN_PATHS]),
    st.text(max_size=40),
    st.lists(
        st.sampled_from(["ai", "levels", "0", "1", "99", "\u00b2", "\u0663", "model_mix", "share_of_calls", "", "dau"]),
        max_size=5,
    ).map(".".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(overlay_paths, numbers | json_values, max_size=5), st.text(max_size=30))
def test_overlay_with_random_overrides(overrides: dict[str, Any], name: str) -> None:
    overlay = {"extends": "plan.json", "name": name, "overrides": overrides}
    check_loads_cleanly(json.dumps(overlay, allow_nan=True))


# --- The command line -----------------------------------------------------------

CLI_CASES = {
    "valid": PLAN_TEXT.encode(),
    "binary": bytes(range(256)) * 4,
    "nan": _with_fragment(("ai", "calls_per_dau_per_day"), "NaN"),
    "huge-int": _with_fragment(("tiers_dau", 0), "1" + "0" * 5000),
    "deep": b"[" * 100_000 + b"]" * 100_000,
    "unknown-model": _with_fragment(("ai", "model_mix", 0, "model"), '"no-such-model"'),
    "zero-stated-cost": _with_fragment(("stated_costs", 0, "cost_per_user_usd"), "0"),
    "overlay-bad-path": b'{"extends": "plan.json", "name": "x", "overrides": {"levels.\xc2\xb2.dau": 1}}',
    "newline-key": b'{"extends": "plan.json", "name": "x", "overrides": {"a\\nb": 1}}',
}
MUST_FAIL = {"binary", "nan", "huge-int", "deep", "overlay-bad-path", "newline-key"}
# Every case through `summary` (which validates, then prices); `validate` on the ones that fail early.
CLI_RUNS = [("summary", case) for case in sorted(CLI_CASES)] + [
    ("validate", case) for case in ("valid", "binary", "deep", "overlay-bad-path")
]


@pytest.mark.parametrize(("command", "case"), CLI_RUNS, ids=[f"{c}-{k}" for c, k in CLI_RUNS])
def test_cli_exits_cleanly(tmp_path: Path, command: str, case: str) -> None:
    path = tmp_path / f"{case}.json"
    path.write_bytes(CLI_CASES[case])
    args = [command, str(path)] if command == "validate" else [command, "--scenario", str(path)]
    with no_hang(120):  # as the subprocess's timeout was: the CLI in-process, guarded the same way
        proc = run_cli(*args)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode in (0, 2), (proc.returncode, proc.stderr[-2000:])
    if proc.returncode == 2:
        lines = proc.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr[:2000]
        assert len(lines[0]) < 1_000
        assert proc.stdout == ""
    else:
        assert proc.stderr == ""
        assert proc.stdout.strip()
    if case == "valid":
        assert proc.returncode == 0
    if case in MUST_FAIL:
        assert proc.returncode == 2, proc.stdout
