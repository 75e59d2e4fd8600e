"""model.rounding.excel_round_array: the workbook's ROUND over arrays, equal to excel_round element by element."""

from __future__ import annotations

import numpy as np
import pytest

from model.rounding import excel_round, excel_round_array


@pytest.mark.parametrize("digits", [0, 2, 9, -2])
def test_equals_excel_round_everywhere(digits: int) -> None:
    rng = np.random.default_rng(13)
    values = np.concatenate(
        [
            rng.uniform(-5, 5, 20_000),
            np.round(rng.uniform(-5, 5, 20_000), max(digits, 0) + 1),  # many exact halves on 15 digits
            (np.floor(rng.uniform(0, 3, 5_000) * 10.0**digits) + 0.5) / 10.0**digits,  # halves of the last kept digit
            rng.uniform(-1e12, 1e12, 500),  # past the fast path's range
            [1.005, 2.675, -2.675, 0.0, -0.0, 1e300, np.inf, -np.inf],
        ]
    )
    got = excel_round_array(values, digits)
    want = np.array([excel_round(float(v), digits) for v in values])
    assert np.array_equal(got, want)


def test_the_halves_numpy_gets_wrong() -> None:
    # 1.005 and 2.675 are just below the half in binary; on 15 significant digits they are halves: away from zero.
    assert np.round([1.005, 2.675], 2).tolist() != [1.01, 2.68]
    assert excel_round_array([1.005, 2.675, -0.5, 0.5, 1.5], 2).tolist() == [1.01, 2.68, -0.5, 0.5, 1.5]
    assert excel_round_array([-0.5, 0.5, 1.5, 2.5]).tolist() == [-1.0, 1.0, 2.0, 3.0]


def test_a_single_value_stays_a_single_value() -> None:
    assert excel_round_array(0.8 + 1e-12, 9).shape == ()
    assert float(excel_round_array(0.8 + 1e-12, 9)) == 0.8
    assert np.isnan(excel_round_array(float("nan"), 2))
