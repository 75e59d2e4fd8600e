"""On/off drivers: switching the own model off, or reserved savings on, changes the totals exactly as the model does."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from model import evaluate, plan_scenario
from model.formatting import usd
from model.overrides import with_overrides
from tests.app.conftest import metrics, open_driver_groups


def _total_at_1m(at: AppTest) -> str:
    at.segmented_control(key="overview_tier").set_value(1_000_000).run()
    return metrics(at)["Total / month"]


def test_own_model_off_puts_the_api_back_at_1m(at: AppTest) -> None:
    at.toggle(key="drv:ai.own_model.enabled").set_value(False).run()
    assert not at.exception
    expected = evaluate(with_overrides(plan_scenario(), {"ai.own_model.enabled": False})).tier(1_000_000)
    # By hand: the API at $0.54 per DAU (Phase 1 x Phase 2) is $540,000, plus level 5's $27,000 of infrastructure.
    assert _total_at_1m(at) == usd(expected.total_usd) == "$567,000"


def test_reserved_savings_applied_lower_1m_by_the_plans_10000(at: AppTest) -> None:
    open_driver_groups(at, "Reserved instances")
    at.toggle(key="drv:reserved_instances.applied").set_value(True).run()
    assert not at.exception
    expected = evaluate(with_overrides(plan_scenario(), {"reserved_instances.applied": True})).tier(1_000_000)
    # By hand: 40% of the eligible $25,000 (Kubernetes, CockroachDB, Redis) = $10,000 off $207,000.
    assert _total_at_1m(at) == usd(expected.total_usd) == "$197,000"


def test_tier_detail_says_whether_the_reserved_saving_is_deducted(at: AppTest) -> None:
    # The Tier page's sentence at 1M DAU says the model's saving, 40% of the eligible $25,000 = $10,000, and whether
    # the total deducts it: not as the plan has it (applied off), deducted once the switch is on.
    plan_saving = evaluate(plan_scenario()).tier(1_000_000).reserved_savings_usd
    assert usd(plan_saving) == "$10,000"

    def caption_at_1m() -> str:
        at.switch_page("views/tier_detail.py").run()
        at.selectbox(key="tier_detail_tier").set_value(1_000_000).run()
        assert not at.exception
        (said,) = [c.value for c in at.caption if "Reserved instances could save" in c.value]
        return said

    assert caption_at_1m() == "Reserved instances could save $10,000 a month here; not deducted (the plan's table does not)."
    at.switch_page("views/overview.py").run()
    open_driver_groups(at, "Reserved instances")
    at.toggle(key="drv:reserved_instances.applied").set_value(True).run()
    on = evaluate(with_overrides(plan_scenario(), {"reserved_instances.applied": True})).tier(1_000_000)
    assert usd(on.reserved_savings_usd) == "$10,000"
    assert caption_at_1m() == "Reserved instances could save $10,000 a month here; deducted from the total."
