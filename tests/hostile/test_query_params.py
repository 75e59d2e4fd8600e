"""Tampered share links: every bad parameter gives a notice and is ignored; the app never shows an exception.

The app runs under AppTest with the query string set before the first run, as
a browser opening the link would. What the page then shows is compared with the
model run on the parameters that are valid (the fallback), never with numbers
copied from a run. ``ui.state._decode``, which reads each value, is also fed
hypothesis-generated text: it returns a value of the right type or refuses, and
never raises.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from model.formatting import usd
from model.loading import plan_scenario
from model.overrides import with_overrides
from model.result import evaluate
from tests.app.conftest import literal

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
CALLS = "ai.calls_per_dau_per_day"
AI_HIT = "caching.caches.1.hit_rate"
TOKENS = "ai.input_tokens_per_call"
MAX_NOTICES = 10  # a flood of bad parameters must not become a flood of messages

pytestmark = pytest.mark.skipif(not APP.exists(), reason="app.py not built yet")


def open_link(params: dict[str, Any]) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params = params
    at.run()
    return at


def shown_total(at: AppTest) -> str:
    return next(m.value for m in at.metric if m.label == "Total / month")


def expected_total(overrides: dict[str, Any]) -> str:
    """The overview's first tier as the model prices the plan with the valid parameters."""
    scenario = with_overrides(plan_scenario(), overrides)
    return usd(evaluate(scenario).tiers[0].total_usd)


def notices(at: AppTest) -> str:
    return literal("\n".join([w.value for w in at.warning] + [t.proto.body for t in at.toast]))


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.message[:300] for e in at.exception]


def test_unknown_keys_are_named_and_the_good_parameter_kept() -> None:
    at = open_link({"no.such.setting": "1", "__proto__": "{}", "levels.\u00b2.dau": "5", "ai..calls": "1", CALLS: "3"})
    assert_clean(at)
    text = notices(at)
    for key in ("no.such.setting", "__proto__", "levels.\u00b2.dau", "ai..calls"):
        assert key in text, key
    assert shown_total(at) == expected_total({CALLS: 3})
    assert at.slider(key="drv:" + CALLS).value == 3.0


@pytest.mark.parametrize(
    ("path", "raw"),
    [
        (CALLS, "10001"),  # the schema allows 0..10,000 (the slider starts at 0..10 and widens)
        (CALLS, "-1"),
        (AI_HIT, "1.5"),
        (AI_HIT, "-0.5"),
        ("days_per_month", "40"),
        ("ai.own_model.from_dau", "0"),
        (TOKENS, "1e308"),
        (TOKENS, "-1e308"),
        (TOKENS, "1e309"),  # JSON's 1e309 is infinity to Python
        (TOKENS, "9" * 400),  # an integer too large for a float
        (TOKENS, "9" * 5000),  # more digits than Python's int parser takes
        (TOKENS, "NaN"),
        (TOKENS, "Infinity"),
    ],
)
def test_out_of_range_and_enormous_values_fall_back_to_the_plan(path: str, raw: str) -> None:
    good_path, good_raw, good_value = (AI_HIT, "0.5", 0.5) if path == CALLS else (CALLS, "3", 3)
    at = open_link({path: raw, good_path: good_raw})
    assert_clean(at)
    assert path in notices(at)
    assert shown_total(at) == expected_total({good_path: good_value})


@pytest.mark.parametrize(
    "raw",
    ["lots", "", "[1, 2]", '{"a": 1}', "true", "null", '"3"', "0x10", "3 calls", "[" * 50_000, '{"a":' * 5_000, "x" * 100_000],
    ids=lambda raw: raw[:12] or "empty",
)
def test_non_numeric_values_fall_back_to_the_plan(raw: str) -> None:
    at = open_link({CALLS: raw})
    assert_clean(at)
    assert CALLS in notices(at)
    assert shown_total(at) == expected_total({})
    assert at.slider(key="drv:" + CALLS).value == 2.0


@pytest.mark.parametrize("stem", ["../../etc/passwd", "plan.json", "no-such-scenario", "", "\u0000", "x" * 5_000])
def test_a_tampered_scenario_name_falls_back_to_the_plan(stem: str) -> None:
    at = open_link({"scenario": stem, CALLS: "3"})
    assert_clean(at)
    if stem not in ("", "plan"):
        assert notices(at), "a bad scenario name gives a notice"
    assert shown_total(at) == expected_total({CALLS: 3})


def test_hundreds_of_parameters_give_a_short_notice_and_the_valid_value() -> None:
    # 990 unknown keys and one good one: Streamlit passes up to 1,000 parameters to the app.
    params = {f"p{i}": str(i) for i in range(990)} | {CALLS: "3"}
    at = open_link(params)
    assert_clean(at)
    assert notices(at)
    assert len(at.warning) + len(at.toast) <= 2 * MAX_NOTICES, f"{len(at.warning)} warnings and {len(at.toast)} toasts"
    assert shown_total(at) == expected_total({CALLS: 3})


def test_thousands_of_parameters_show_the_plan() -> None:
    # Past 1,000 parameters Streamlit drops the whole query string before the app sees it,
    # so the app cannot name them; it must still run and show valid values (the plan's).
    params = {f"p{i}": str(i) for i in range(5_000)} | {CALLS: "3"}
    at = open_link(params)
    assert_clean(at)
    assert shown_total(at) == expected_total({})


def test_a_repeated_key_uses_one_value_and_never_fails() -> None:
    at = open_link({CALLS: ["3", "lots", "1e308"]})
    assert_clean(at)
    total = shown_total(at)
    assert total in (expected_total({CALLS: 3}), expected_total({}))


def test_every_page_survives_a_tampered_link() -> None:
    at = open_link({CALLS: "[" * 10_000, AI_HIT: "2", "nope": "1", TOKENS: "1e308"})
    assert_clean(at)
    for page in sorted(str(p.relative_to(ROOT)) for p in (ROOT / "views").glob("*.py") if not p.name.startswith("_")):
        at.switch_page(page).run()
        assert not at.exception, (page, [e.message[:300] for e in at.exception])


# --- the value decoder, on any text --------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=60),
        st.from_regex(r"-?[0-9]{1,400}(\.[0-9]{0,20})?([eE][-+]?[0-9]{1,4})?", fullmatch=True),
        st.builds(lambda n, c: c * n, st.integers(1, 20_000), st.sampled_from(["[", "{", '{"a":', "-", "9"])),
    ),
    st.sampled_from([2.0, 4000, True, "gpt-4o", None]),
)
def test_decode_returns_a_value_of_the_right_type_or_refuses(raw: str, like: Any) -> None:
    from ui.state import _BAD, _decode

    value = _decode(raw, like)
    if value is _BAD:
        return
    if isinstance(like, bool):
        assert isinstance(value, bool)
    elif isinstance(like, int | float):
        assert isinstance(value, int | float) and not isinstance(value, bool)
        assert math.isfinite(value)
    elif isinstance(like, str):
        assert isinstance(value, str)
    json.dumps(value)  # whatever is accepted can go back into a link
