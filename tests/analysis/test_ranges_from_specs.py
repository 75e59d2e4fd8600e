"""The analysis reads which drivers it can move on ``Params`` from the Specs (model/scenario.py), not from a list of its own."""

from __future__ import annotations

from model.analysis.ranges import _SCALAR_FIELDS


def test_the_scalar_ranges_are_the_declared_numbers_params_holds():
    # every declared scalar number with a Params attribute; the two on/off drivers are no ranges
    assert _SCALAR_FIELDS == {
        "days_per_month": "days_per_month",
        "ai.calls_per_dau_per_day": "calls_per_dau_per_day",
        "ai.input_tokens_per_call": "input_tokens_per_call",
        "ai.output_tokens_per_call": "output_tokens_per_call",
        "ai.prompt_cache_share_of_input": "prompt_cache_share_of_input",  # Excel name prompt_cache_share, Params' own
        "ai.own_model.cost_relative_to_api": "own_model_cost_relative_to_api",
        "ai.own_model.from_dau": "own_model_from_dau",
        "reserved_instances.discount": "reserved_discount",
        "reserved_instances.from_dau": "reserved_from_dau",
    }
