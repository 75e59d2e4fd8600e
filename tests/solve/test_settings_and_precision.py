"""``--set PATH=VALUE`` parsed and validated like a share link; digits that tell a figure from its target."""

from __future__ import annotations

import numpy as np
import pytest

from model.loading import ScenarioError
from model.precision import digits_to_tell_apart, number_against, pct_against, usd_against
from model.settings import apply_settings, parse_settings, settings_in_force, with_settings

HIT = "caching.caches.1.hit_rate"


def test_settings_change_the_scenario(plan):
    s = apply_settings(plan, parse_settings([f"{HIT}=0.69", "ai.own_model.enabled=false", "name=Solved"]))
    assert s.caching.caches[1].hit_rate == 0.69 and s.ai.own_model.enabled is False and s.name == "Solved"
    # The other model of a two-model mix takes the rest, as with the app's controls: 0.9/0.1 -> 0.7/0.3.
    s = apply_settings(plan, parse_settings(["ai.model_mix.0.share_of_calls=0.7"]))
    assert [m.share_of_calls for m in s.ai.model_mix] == pytest.approx([0.7, 0.3])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("nope.path=1", "--set: nope.path: no such setting"),
        (f"{HIT}=1.5", f"--set: {HIT}: must be between 0 and 1, the control's range (got 1.5)"),
        (f"{HIT}=abc", f"--set: {HIT}: expected a number, got 'abc'"),
        (f"{HIT}=true", f"--set: {HIT}: expected a number"),
        (f"{HIT}=NaN", f"--set: {HIT}: must be a finite number"),
        (f"{HIT}=[1]", f"--set: {HIT}: expected a single value"),
        ("ai.own_model.enabled=1", "--set: ai.own_model.enabled: expected true or false"),
        (HIT, "--set: expected PATH=VALUE"),
        ("=0.5", "--set: expected PATH=VALUE"),
        # Not a control, so the schema's own rule applies: validated like a file.
        ("economics.revenue_usd_per_dau_per_month=-1", "--set: economics.revenue_usd_per_dau_per_month:"),
    ],
)
def test_bad_settings_are_one_line_naming_the_path_and_rule(plan, text, message):
    with pytest.raises(ScenarioError) as err:
        apply_settings(plan, parse_settings([text]))
    assert str(err.value).startswith(message) and "\n" not in str(err.value)


def test_settings_apply_only_while_in_force(plan):
    assert with_settings(plan) is plan
    with settings_in_force(parse_settings([f"{HIT}=0.69"])):
        assert with_settings(plan).caching.caches[1].hit_rate == 0.69
    assert with_settings(plan) is plan


def test_digits_to_tell_apart():
    # 0.3009 vs 0.30: 2 places show 0.30 = 0.30 (a miss hidden), 3 places 0.301 > 0.300.
    assert digits_to_tell_apart(0.3009, 0.30) == 3
    # 0.29996 under 0.30: 4 places round it up to 0.3000 (hidden), 5 places show 0.29996 < 0.30000.
    assert digits_to_tell_apart(0.29996, 0.30) == 5
    assert digits_to_tell_apart(0.30, 0.30) == 2  # equal stays equal at the usual digits
    assert digits_to_tell_apart(0.25, 0.30) == 2
    assert digits_to_tell_apart(150_000.2, 150_000, least=0) == 1
    # 0.30049 vs 0.3005: 2 places give 0.30 = 0.30; 3 places 0.300 < 0.301 (0.3005 rounds half away from zero).
    assert digits_to_tell_apart(0.30049, 0.3005) == 3
    # Rounding must not swap the sides either: 0.2996 vs 0.2995 at 3 places is 0.300 = 0.300 (hidden) -> 4.
    assert digits_to_tell_apart(0.2996, 0.2995) == 4
    assert digits_to_tell_apart(np.float64(0.3009), np.float64(0.30)) == 3  # a percentile straight from a frame


def test_formatted_against_a_reference():
    assert usd_against(0.3009, 0.30) == ("$0.301", "$0.300")
    assert usd_against(0.594, 0.60) == ("$0.59", "$0.60")
    assert usd_against(-0.004, 0.0) == ("-$0.004", "$0.000")
    assert pct_against(0.80004, 0.80) == ("80.004%", "80.000%")  # utilisation over an 80% threshold
    assert pct_against(0.8, 0.8) == ("80%", "80%")
    assert number_against(1234.5, 1234) == ("1,235", "1,234")  # whole numbers already tell them apart
    assert number_against(1234.4, 1234) == ("1,234.4", "1,234.0")  # 1,234 = 1,234 would hide it
