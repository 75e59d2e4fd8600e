"""The AI page's mix editing: shares always add to 100% as one moves."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.modelcompare import MAX_MODELS, add_model, rebalance, remove_model, replace_model, set_share


def test_moving_one_share_scales_the_others_in_proportion():
    # 0.5 / 0.3 / 0.2, first set to 0.8: the others share 0.2 as 3:2 -> 0.12 and 0.08.
    assert rebalance([0.5, 0.3, 0.2], 0, 0.8) == pytest.approx([0.8, 0.12, 0.08], abs=1e-15)


def test_others_at_zero_split_the_rest_equally():
    # 1 / 0 / 0, first set to 0.4: 0.6 split over two -> 0.3 each.
    assert rebalance([1.0, 0.0, 0.0], 0, 0.4) == pytest.approx([0.4, 0.3, 0.3], abs=1e-15)


def test_one_model_always_has_every_call():
    assert rebalance([1.0], 0, 0.3) == [1.0]


@given(
    st.lists(st.floats(0, 1), min_size=2, max_size=MAX_MODELS)
    .map(lambda xs: [x / s for x in xs] if (s := sum(xs)) > 0 else None)
    .filter(lambda xs: xs is not None),
    st.integers(0, 3),
    st.floats(-1, 2),
)
def test_shares_always_add_to_one_and_stay_in_range(shares, index, value):
    index %= len(shares)
    out = rebalance(shares, index, value)
    assert sum(out) == pytest.approx(1.0, abs=1e-12)
    assert all(-1e-12 <= s <= 1 + 1e-12 for s in out)
    assert out[index] == pytest.approx(min(max(value, 0.0), 1.0), abs=1e-12)


def test_adding_a_model_gives_it_an_equal_share_up_to_four():
    mix = [{"model": "gpt-4o", "share_of_calls": 0.9}, {"model": "gpt-4o-mini", "share_of_calls": 0.1}]
    # Third model at 1/3; the other two share 2/3 as 9:1 -> 0.6 and 0.0666...
    new = add_model(mix, "claude-sonnet-4-5", "anthropic")
    assert [m["share_of_calls"] for m in new] == pytest.approx([0.6, 2 / 30, 1 / 3], abs=1e-15)
    assert new[2]["provider"] == "anthropic"
    new = add_model(new, "gemini-2.5-flash", "google")
    with pytest.raises(ValueError, match="at most 4"):
        add_model(new, "gpt-5-mini", None)
    with pytest.raises(ValueError, match="already"):
        add_model(mix, "gpt-4o", None)


def test_removing_a_model_scales_the_rest_to_one():
    mix = [{"model": "a", "share_of_calls": 0.5}, {"model": "b", "share_of_calls": 0.3}, {"model": "c", "share_of_calls": 0.2}]
    # Without a: 0.3 / 0.5 = 0.6, 0.2 / 0.5 = 0.4
    assert [m["share_of_calls"] for m in remove_model(mix, 0)] == pytest.approx([0.6, 0.4], abs=1e-15)
    with pytest.raises(ValueError):
        remove_model(mix[:1], 0)


def test_set_share_and_replace_keep_the_mix_valid():
    mix = [{"model": "a", "share_of_calls": 0.9}, {"model": "b", "share_of_calls": 0.1}]
    assert [m["share_of_calls"] for m in set_share(mix, 1, 0.25)] == pytest.approx([0.75, 0.25], abs=1e-15)
    swapped = replace_model(mix, 0, "gpt-4.1", None)
    assert swapped[0] == {"model": "gpt-4.1", "share_of_calls": 0.9}
    with pytest.raises(ValueError):
        replace_model(mix, 0, "b", None)
