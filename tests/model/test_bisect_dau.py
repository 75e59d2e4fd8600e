"""The batched bisection (model.analysis.bisect_dau): the same answer as halving one trial point at a time, in fewer calls."""

from __future__ import annotations

import math

import numpy as np
import pytest

from model.analysis.bisect_dau import LEVELS, first_within_1
from model.analysis.own_running import break_even_dau
from model.analysis.selfhosted import compare_self_hosted
from model.loading import plan_scenario


def one_at_a_time(turned, a: float, b: float, target: bool = True) -> float:
    """The bisection the searches did before: one DAU priced per halving."""
    while b - a > 1.0:
        mid = (a + b) / 2
        if bool(turned(np.array([mid]))[0]) == target:
            b = mid
        else:
            a = mid
    return b


class Counted:
    """``dau >= at`` (or ``<``, for a turn to False), counting its calls and the points priced."""

    def __init__(self, at: float, *, upward: bool = True) -> None:
        self.at, self.upward, self.calls, self.points = at, upward, 0, 0

    def __call__(self, d: np.ndarray) -> np.ndarray:
        self.calls += 1
        self.points += d.size
        return d >= self.at if self.upward else d < self.at


@pytest.mark.parametrize(
    ("a", "b", "at"),
    [(10_000.0, 20_000.0, 12_345.6), (1_000.0, 1_004.6, 1_002.2), (9_954_054.2, 10_000_000.0, 9_999_999.5), (5.0, 6.0, 5.5)],
)
def test_the_same_answer_as_one_at_a_time(a: float, b: float, at: float) -> None:
    batched, single = Counted(at), Counted(at)
    got = first_within_1(batched, a, b)
    assert got == one_at_a_time(single, a, b)  # the very same float
    assert at <= got < at + 1.0 or (b - a <= 1.0 and got == b)
    # Hand-worked: 10,000 DAU wide is 14 halvings (10,000 / 2^14 = 0.61), one call each before; 6 at a time, 3 calls.
    assert batched.calls == math.ceil(single.calls / LEVELS)


def test_a_turn_to_false_is_found_the_same_way() -> None:
    # The self-hosted search also finds where the API becomes the cheaper again (target False).
    got = first_within_1(Counted(50_000.5, upward=False), 40_000.0, 60_000.0, target=False)
    assert got == one_at_a_time(Counted(50_000.5, upward=False), 40_000.0, 60_000.0, target=False)
    assert 50_000.5 <= got < 50_001.5


def test_the_model_searches_give_the_figures_they_gave() -> None:
    # The plan's break-evens, as the one-at-a-time search found them (and as scripts/golden.py keeps them).
    scenario = plan_scenario()
    assert compare_self_hosted(scenario).break_even_dau == pytest.approx(21_111.638306316338, abs=0)
    assert break_even_dau(scenario) == pytest.approx(203_241.57737729244, abs=0)
