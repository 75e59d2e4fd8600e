"""ui.sharelink without Streamlit: a link reproduces the view exactly or says why it cannot; nothing silent."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from model.loading import parse_scenario, plan_scenario
from model.overrides import with_overrides
from model.result import evaluate
from ui import sharelink

CALLS = "ai.calls_per_dau_per_day"
SHARE0 = "ai.model_mix.0.share_of_calls"
SHARE1 = "ai.model_mix.1.share_of_calls"


def uploaded(mutate) -> object:
    """The plan as an uploaded file, changed by ``mutate(data)`` (validated as an upload would be)."""
    data = plan_scenario().model_dump(mode="json")
    data["name"] = "Uploaded"
    mutate(data)
    return parse_scenario(json.dumps(data).encode(), source="up.json")


def test_plan_with_one_change_is_an_exact_link() -> None:
    plan = plan_scenario()
    current = with_overrides(plan, {CALLS: 2.5})
    link = sharelink.encode(plan=plan, base=plan, base_stem="plan", overrides={CALLS: 2.5}, current=current)
    assert link.exact and link.problem is None
    assert link.params == {CALLS: "2.5"}


def test_a_shipped_base_travels_by_name() -> None:
    plan = plan_scenario()
    base = with_overrides(plan, {CALLS: 3.0})  # stands in for a shipped file
    link = sharelink.encode(plan=plan, base=base, base_stem="pessimistic", overrides={}, current=base)
    assert link.exact
    assert link.params == {"scenario": "pessimistic"}


def test_an_upload_that_only_changes_settings_is_an_exact_link() -> None:
    plan = plan_scenario()
    current = uploaded(lambda d: d["ai"].update(calls_per_dau_per_day=2.5))
    link = sharelink.encode(plan=plan, base=current, base_stem=None, overrides={}, current=current)
    assert link.exact
    assert json.loads(link.params[CALLS]) == 2.5 and link.params["name"] == '"Uploaded"'


def test_an_upload_with_an_extra_line_item_says_a_link_cannot_carry_it() -> None:
    plan = plan_scenario()

    def add_item(d: dict) -> None:
        d["levels"][0]["line_items"].append({"vendor": "Extra", "plan": "Big", "category": "other", "usd_per_month": 97_197.0})

    current = uploaded(add_item)
    # What the issue saw: the sender's total at 10k is the plan's $9,055 + $97,197 = $106,252; a link that dropped the
    # item would open $9,055. Here the link refuses to pretend.
    assert round(evaluate(current).tier(10_000).total_usd) == 9_055 + 97_197
    link = sharelink.encode(plan=plan, base=current, base_stem=None, overrides={}, current=current)
    assert not link.exact
    assert link.params == {"scenario": sharelink.NOT_IN_LINK}
    assert "levels" in link.problem


def test_an_upload_with_a_price_override_or_a_new_range_is_not_an_exact_link() -> None:
    plan = plan_scenario()
    prices = {"input_usd_per_mtok": 1.0, "cached_input_usd_per_mtok": 0.5, "output_usd_per_mtok": 4.0}
    with_price = uploaded(lambda d: d["ai"]["price_overrides"].update({"gpt-4o": prices}))
    link = sharelink.encode(plan=plan, base=with_price, base_stem=None, overrides={}, current=with_price)
    assert not link.exact and "ai" in link.problem

    def new_range(d: dict) -> None:
        d["ranges"]["days_per_month"] = {"low": 28.0, "high": 31.0, "distribution": "uniform", "note": "x"}

    with_range = uploaded(new_range)
    link = sharelink.encode(plan=plan, base=with_range, base_stem=None, overrides={}, current=with_range)
    assert not link.exact and "ranges" in link.problem


def test_a_link_too_long_to_travel_is_refused_with_its_length() -> None:
    plan = plan_scenario()
    name = "한" * 1_000  # JSON writes each as \\ud55c (6 characters), 8 once percent-encoded: 8,000 + quotes and key > 8,000
    current = with_overrides(plan, {"notes": name})
    link = sharelink.encode(plan=plan, base=plan, base_stem="plan", overrides={"notes": name}, current=current)
    assert not link.exact and link.params == {"scenario": sharelink.NOT_IN_LINK}
    assert len(urlencode({"notes": json.dumps(name)})) > sharelink.MAX_LINK_CHARS
    assert "cut short" in link.problem
    short = "한" * 100  # about 800 characters: travels
    link = sharelink.encode(
        plan=plan, base=plan, base_stem="plan", overrides={"notes": short}, current=with_overrides(plan, {"notes": short})
    )
    assert link.exact


def test_shares_that_do_not_add_up_are_reported_not_hidden() -> None:
    # Setting share 1 to 0.9 sets share 0 to the rest, 1 - 0.9 = 0.1, so the 0.5 asked for share 0 cannot hold.
    scenario = with_overrides(plan_scenario(), {SHARE0: 0.5, SHARE1: 0.9})
    changed = sharelink.requested_but_changed(scenario, {SHARE0: 0.5, SHARE1: 0.9})
    assert list(changed) == [SHARE0]
    asked, got = changed[SHARE0]
    assert asked == 0.5 and abs(got - 0.1) < 1e-12
    # Shares that add up (0.7 + 0.3 = 1) are kept as given.
    ok = with_overrides(plan_scenario(), {SHARE0: 0.7, SHARE1: 0.3})
    assert sharelink.requested_but_changed(ok, {SHARE0: 0.7, SHARE1: 0.3}) == {}


def test_a_changed_tier_list_travels_whole() -> None:
    # 3 tiers instead of the plan's 5: tiers_dau.3 and .4 have no counterpart, so the list goes as one JSON list.
    plan = plan_scenario()
    current = uploaded(lambda d: d.update(tiers_dau=[20_000, 60_000, 300_000]))
    link = sharelink.encode(plan=plan, base=current, base_stem=None, overrides={}, current=current)
    assert link.exact
    assert json.loads(link.params["tiers_dau"]) == [20_000, 60_000, 300_000]
    assert not [k for k in link.params if k.startswith("tiers_dau.")]
