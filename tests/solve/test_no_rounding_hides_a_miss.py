"""Where a figure is compared with a target, threshold or budget, the page shows the digits that tell them apart."""

from __future__ import annotations

from model.analysis.economics import unit_economics
from model.analysis.montecarlo import simulate
from model.formatting import pct, usd_cents
from model.loading import plan_scenario
from model.overrides import with_overrides
from model.precision import usd_against
from model.rounding import excel_round
from tests.app.conftest import new_app
from tests.revenue import at_revenue
from ui.analysis_tables import economics_table, margin_metrics
from ui.capacity_charts import _utilization

BUDGET = "economics.cost_budget_usd_per_dau_per_month"


def test_capacity_utilisation_against_its_thresholds():
    assert _utilization(0.80004, 0.8, 0.95) == "80.004%"  # over the 80% warning line: '80.0%' would hide it
    assert _utilization(0.7999, 0.8, 0.95) == "79.99%"  # under it: '80.0%' would hide that too
    assert _utilization(0.8, 0.8, 0.95) == "80.0%"  # exactly on it (no alert: strictly above)
    # The alert rule compares utilisation rounded to 9 decimals: 0.8000000000001 is 80% there, so it reads 80.0% here.
    assert _utilization(0.8000000000001, 0.8, 0.95) == "80.0%"
    assert _utilization(3.6, 0.8, 0.95) == "360.0%"  # far from both: the usual one decimal


def test_a_margin_just_below_break_even_is_not_shown_as_zero(plan):
    # Revenue $0.9051 per DAU against cost $0.9055 at 10k: margin (9,051 - 9,055) / 9,051 = -0.0442% (shown as '0.0%' at 1 place: break-even, it is not).
    rows = unit_economics(*at_revenue(plan, 0.9051))
    assert pct(rows[0].gross_margin, 1) == "0.0%"
    assert margin_metrics(rows)[0][1] == "-0.04%"
    # Break-even $0.9055 against revenue $0.9051: '$0.91' both at cents; three places tell them apart.
    assert usd_cents(rows[0].break_even_revenue_usd_per_dau) == usd_cents(0.9051)
    assert economics_table(rows)["Break-even revenue per DAU"].iloc[0] == "$0.906"


def test_uncertainty_percentiles_against_a_budget_that_rounds_the_same():
    plan = plan_scenario()
    p50 = float(simulate(plan, draws=10_000, seed=0).bands().set_index("dau").loc[500_000.0, "cost_per_dau_p50"])
    budget = excel_round(p50, 2)  # the budget P50 would be rounded to in cents
    assert budget != p50 and usd_cents(budget) == usd_cents(p50)
    p50 = float(
        simulate(with_overrides(plan, {BUDGET: budget}), draws=10_000, seed=0)
        .bands()
        .set_index("dau")
        .loc[500_000.0, "cost_per_dau_p50"]
    )
    at = new_app().run()
    at.session_state["overrides"] = {BUDGET: budget}
    at.switch_page("views/uncertainty.py").run()
    assert not at.exception, [e.message for e in at.exception]
    shown = {m.label: m.value for m in at.main.metric}
    assert shown["P50 cost per DAU"] == usd_against(p50, budget)[0] != usd_cents(p50)


def test_overview_over_capacity_text_shows_the_side_of_the_threshold():
    from ui.upgrade_text import utilization_shown

    # As few digits as tell it (216%, 180.4%: far from 80% / 95%) ...
    assert utilization_shown(2.16, 0.8, 0.95) == "216%" and utilization_shown(1.804, 0.8, 0.95) == "180.4%"
    # ... and more where 3 decimals would round onto the threshold: 80.0004% is over 80%, 94.999999% under 95%.
    assert utilization_shown(0.800004, 0.8, 0.95) == "80.0004%"
    assert utilization_shown(0.94999999, 0.8, 0.95) == "94.999999%"
    assert utilization_shown(0.8, 0.8, 0.95) == "80%"
