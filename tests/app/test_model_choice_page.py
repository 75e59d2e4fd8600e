"""The AI page's model choice and the Economics page's business case under AppTest: what they show is what the
model computes for the same inputs; a refused model leaves a notice and the mix as it was."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from model.analysis.owncase import business_case
from model.formatting import usd
from model.loading import plan_scenario
from model.modelcompare import compare_models
from model.overrides import with_overrides
from model.result import evaluate
from tests.app.conftest import (
    BUSINESS_CASE_TAB,
    WON_RATE,
    choose_tab,
    in_won,
    markdown_tables,
    metrics,
    new_app,
    page_in_won,
)
from ui import panels, tables

LIST_PRICE = "List price per call (mixed)"


@pytest.fixture
def ai_page() -> AppTest:
    at = new_app().run()
    at.switch_page("views/ai.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _share_input(at: AppTest, model: str):
    return next(n for n in at.number_input if n.label.startswith(f"{model}:"))


def test_moving_one_share_keeps_the_mix_at_100_and_the_page_equals_the_model(ai_page: AppTest) -> None:
    _share_input(ai_page, "gpt-4o-mini").set_value(40.0).run()
    assert not ai_page.exception
    assert _share_input(ai_page, "gpt-4o").value == pytest.approx(60.0)
    # 0.6 x 0.04675 + 0.4 x 0.002805 = 0.02805 + 0.001122 = 0.029172
    moved = with_overrides(
        plan_scenario(),
        {"ai.model_mix": [{"model": "gpt-4o", "share_of_calls": 0.6}, {"model": "gpt-4o-mini", "share_of_calls": 0.4}]},
    )
    assert evaluate(moved).ai_list_usd_per_call == pytest.approx(0.029172, rel=1e-12)
    assert metrics(ai_page)[LIST_PRICE] == tables.usd_price(evaluate(moved).ai_list_usd_per_call)


def test_adding_a_claude_model_prices_it_from_the_library(ai_page: AppTest) -> None:
    ai_page.text_input(key="mc:add_search").set_value("anthropic claude-sonnet-4-5").run()
    pick = next(s for s in ai_page.selectbox if s.label == "Model")
    pick.set_value("anthropic · claude-sonnet-4-5").run()
    next(b for b in ai_page.button if b.label == "Add to the mix").click().run()
    assert not ai_page.exception
    shares = {n.label.split(":")[0]: n.value for n in ai_page.number_input if n.label.endswith("share of calls (%)")}
    # Added at 1/3; 90 : 10 of the other 2/3 -> 60% and 6.67%.
    assert shares == pytest.approx({"gpt-4o": 60.0, "gpt-4o-mini": 20 / 3, "claude-sonnet-4-5": 100 / 3}, abs=1e-6)
    mixed = with_overrides(
        plan_scenario(),
        {
            "ai.model_mix": [
                {"model": "gpt-4o", "share_of_calls": 0.6},
                {"model": "gpt-4o-mini", "share_of_calls": 1 / 15},
                {"model": "claude-sonnet-4-5", "share_of_calls": 1 / 3, "provider": "anthropic"},
            ]
        },
    )
    assert metrics(ai_page)[LIST_PRICE] == tables.usd_price(evaluate(mixed).ai_list_usd_per_call)


def test_a_model_the_library_cannot_price_is_refused_and_the_mix_stays(ai_page: AppTest) -> None:
    before = metrics(ai_page)[LIST_PRICE]
    # 'ft:gpt-4o' is listed in the catalogue, but its id does not price through the library: the change is refused.
    ai_page.text_input(key="mc:add_search").set_value("openai ft:gpt-4o").run()
    pick = next(s for s in ai_page.selectbox if s.label == "Model")
    pick.set_value("openai · ft:gpt-4o").run()
    next(b for b in ai_page.button if b.label == "Add to the mix").click().run()
    assert not ai_page.exception
    assert metrics(ai_page)[LIST_PRICE] == before
    assert [n.label.split(":")[0] for n in ai_page.number_input if n.label.endswith("share of calls (%)")] == [
        "gpt-4o",
        "gpt-4o-mini",
    ]
    # Notices are shown escaped for Markdown (backslashes, word joiners): compare the text a person reads.
    warnings = [w.value.replace("\\", "").replace("\u2060", "") for w in ai_page.sidebar.warning]
    assert any("ft:gpt-4o" in w and "closest known" in w for w in warnings), warnings


def test_side_by_side_table_equals_the_model_sorted(ai_page: AppTest) -> None:
    shown = next(d.value for d in ai_page.dataframe if "AI per month" in d.value.columns)
    want = compare_models(
        plan_scenario(),
        1_000_000,
        [("gpt-4.1", "openai"), ("gpt-5-mini", "openai"), ("claude-sonnet-4-5", "anthropic"), ("gemini-2.5-flash", "google")],
    )
    assert list(shown["AI per month"]) == pytest.approx(list(want["usd_per_month"]), rel=1e-12)
    assert list(shown["AI per month"]) == sorted(shown["AI per month"])
    # The current mix at 1M: the plan's $180,000 (own model at 1/3 of the API).
    current = shown[shown["Option"].str.startswith("▶")]
    assert float(current["AI per month"].iloc[0]) == pytest.approx(180_000.0, rel=1e-12)


def test_side_by_side_table_is_in_won_on_a_page_in_won() -> None:
    # It showed dollars ($180,000) beside a page in won: the figures are the model's times the rate, still numbers (so
    # the grid sorts them), and the grid formats them with the won sign and the digits a won figure needs.
    won = page_in_won("views/ai.py")
    grid = next(d for d in won.dataframe if "AI per month" in d.value.columns)
    current = grid.value[grid.value["Option"].str.startswith("▶")]
    assert float(current["AI per month"].iloc[0]) == pytest.approx(180_000.0 * WON_RATE, rel=1e-12)
    formats = {name: c.get("type_config", {}).get("format") for name, c in json.loads(grid.proto.columns).items()}
    assert (formats["Cost per call"], formats["AI per month"]) == ("₩%,.3f", "₩%,.0f")


def test_library_prices_are_a_choice(ai_page: AppTest) -> None:
    control = ai_page.button_group(key="mc:prices=pinned")
    assert control.value == "pinned"
    control.set_value("library").run()
    assert not ai_page.exception
    price_table = next(d.value for d in ai_page.dataframe if "Price source" in d.value.columns)
    assert all(str(s).startswith("genai-prices") for s in price_table["Price source"])


def test_the_business_case_cards_fit_a_figure_in_won() -> None:
    # In won at 1,400 per dollar the NPV ($346,503.09) is ₩485,104,322: too long for a quarter of the page, so the
    # cards show it compact (₩485M here, ₩4.85억 in Korean) and the help has it in full; in dollars under a million
    # nothing changes (below).
    from i18n.money import money

    won = choose_tab(page_in_won("views/economics.py"), *BUSINESS_CASE_TAB)
    bc = business_case(plan_scenario())
    compact, full = in_won(money, bc.npv_usd, compact=True), in_won(money, bc.npv_usd)
    assert (compact, full) == ("₩485M", "₩485,104,322")
    card = next(m for m in won.metric if m.label == "NPV at 10% a year")
    assert card.value == compact
    assert full in card.help


def test_economics_shows_the_business_case(at: AppTest) -> None:
    at.switch_page("views/economics.py").run()
    assert "Payback month" not in metrics(at)  # a lazy tab: not drawn until chosen
    choose_tab(at, *BUSINESS_CASE_TAB)
    bc = business_case(plan_scenario())
    shown = metrics(at)
    assert shown["Payback month"] == bc.payback_month == "2030-10"
    assert shown["NPV at 10% a year"] == usd(bc.npv_usd)
    assert shown["Cheaper to run from"] == f"{bc.break_even_dau:,.0f} DAU"
    assert shown["At 1,000,000 DAU a month"] == usd(343_400.0)
    # The months' table is a reference a person opens: not sent while its panel is closed.
    assert not [t for t in markdown_tables(at) if "Cumulative saving" in t.columns]
    assert "Month by month" in [e.label for e in at.expander]
    open_panel(at, panels.OWN_CASE_MONTHS)
    months = next(t for t in markdown_tables(at) if "Cumulative saving" in t.columns)
    assert list(months["Month"])[:1] == ["2029-10"] and months.set_index("Month").loc["2030-10", "Cumulative saving"] == usd(
        186_400
    )


def test_choosing_the_business_case_moves_the_models_1m_figure(at: AppTest) -> None:
    at.switch_page("views/economics.py").run()
    choose_tab(at, *BUSINESS_CASE_TAB)
    at.button_group(key="oc:basis=share_of_api").set_value("business_case").run()
    assert not at.exception
    at.switch_page("views/overview.py").run()
    want = evaluate(with_overrides(plan_scenario(), {"ai.own_model.basis": "business_case"}))
    assert want.tier(1_000_000).ai_usd == pytest.approx(343_400.0, rel=1e-12)
    at.switch_page("views/ai.py").run()
    usage = next(d.value for d in at.dataframe if "AI bill" in d.value.columns)
    assert list(usage["AI bill"])[-1] == usd(want.tier(1_000_000).ai_usd)


def open_panel(at: AppTest, key: str) -> AppTest:
    """Open a lazy panel (ui.panels) as a click on its header does: its state set, the page rerun."""
    at.session_state[key] = True
    return at.run()


def test_closed_panels_send_none_of_their_inputs_and_opening_one_draws_them(ai_page: AppTest) -> None:
    # Closed (as a page first opens): the phases' levers, the reasoning tokens and the 1,000-model picker are not
    # built, so a sidebar move does not send them; each panel's header is there to open it.
    keys = [n.key for n in ai_page.number_input]
    assert not any(k.startswith("an:ai.optimisation_phases.") for k in keys)
    assert not any(".reasoning_tokens_per_call" in k for k in keys)
    assert len(ai_page.multiselect) == 0
    assert {"Optimisation levers", "Reasoning tokens and prompt-cache writes", "Choose the candidates"} <= {
        e.label for e in ai_page.expander
    }
    open_panel(ai_page, panels.AI_LEVERS)
    phases = len(plan_scenario().ai.optimisation_phases)
    assert sum(k.startswith("an:ai.optimisation_phases.") for k in (n.key for n in ai_page.number_input)) == 5 * phases
    open_panel(ai_page, panels.AI_CANDIDATES)
    assert ai_page.multiselect(key="mc:cmp_models").value == [
        "openai · gpt-4.1",
        "openai · gpt-5-mini",
        "anthropic · claude-sonnet-4-5",
        "google · gemini-2.5-flash",
    ]


def test_picked_candidates_stay_when_their_panel_closes(ai_page: AppTest) -> None:
    open_panel(ai_page, panels.AI_CANDIDATES)
    ai_page.multiselect(key="mc:cmp_models").set_value(["openai · gpt-5-mini", "openai · gpt-4.1-nano"]).run()
    assert not ai_page.exception
    want = compare_models(plan_scenario(), 1_000_000, [("gpt-5-mini", "openai"), ("gpt-4.1-nano", "openai")])
    shown = next(d.value for d in ai_page.dataframe if "AI per month" in d.value.columns)
    assert list(shown["AI per month"]) == pytest.approx(list(want["usd_per_month"]), rel=1e-12)
    ai_page.session_state[panels.AI_CANDIDATES] = False
    ai_page.run()
    assert len(ai_page.multiselect) == 0
    closed = next(d.value for d in ai_page.dataframe if "AI per month" in d.value.columns)
    assert list(closed["AI per month"]) == list(shown["AI per month"])
    open_panel(ai_page, panels.AI_CANDIDATES)
    assert ai_page.multiselect(key="mc:cmp_models").value == ["openai · gpt-5-mini", "openai · gpt-4.1-nano"]


def test_levers_on_the_ai_page_reprice_like_the_model(ai_page: AppTest) -> None:
    open_panel(ai_page, panels.AI_LEVERS)
    # Phase 1's batch share to 40%: x (1 - 0.4 x 0.5) = x 0.8 on every tier (Phase 1 is in force from 0 DAU).
    ai_page.number_input(key="an:ai.optimisation_phases.0.batch_share=0.0").set_value(0.4).run()
    assert not ai_page.exception
    want = evaluate(with_overrides(plan_scenario(), {"ai.optimisation_phases.0.batch_share": 0.4}))
    usage = next(d.value for d in ai_page.dataframe if "AI bill" in d.value.columns)
    assert list(usage["AI bill"]) == [usd(t.ai_usd) for t in want.tiers]
    assert want.tiers[0].ai_usd == pytest.approx(9_000 * 0.8, rel=1e-12)


def test_routing_without_a_model_is_refused_on_the_page(ai_page: AppTest) -> None:
    open_panel(ai_page, panels.AI_LEVERS)
    ai_page.number_input(key="an:ai.optimisation_phases.0.routed_share=0.0").set_value(0.5).run()
    assert not ai_page.exception
    assert any("routed_model" in w.value.replace("\\", "") for w in ai_page.sidebar.warning)
    usage = next(d.value for d in ai_page.dataframe if "AI bill" in d.value.columns)
    assert list(usage["AI bill"]) == [usd(t.ai_usd) for t in evaluate(plan_scenario()).tiers]


def test_reasoning_tokens_on_the_page(ai_page: AppTest) -> None:
    # 1,000 reasoning tokens on gpt-4o: + 1000 x 10 / 1e6 = 0.01 a call; mix 0.9 x 0.05675 + 0.1 x 0.002805 = 0.0513555
    open_panel(ai_page, panels.AI_REASONING)
    ai_page.number_input(key="an:ai.model_mix.0.reasoning_tokens_per_call=0.0").set_value(1000.0).run()
    assert not ai_page.exception
    assert metrics(ai_page)[LIST_PRICE] == tables.usd_price(0.0513555)


def test_the_catalogue_shows_its_first_rows_says_how_many_it_leaves_out_and_search_reaches_the_rest(ai_page: AppTest) -> None:
    from ui.model_choice import CATALOGUE_ROWS, catalogue_frame

    every = catalogue_frame(provider=None, search="")
    assert len(every) > CATALOGUE_ROWS  # the price library lists more models than the table keeps
    # Closed until asked for: a sidebar move does not redraw a reference table; the toggle says how many it holds.
    assert not any("Long-context tiers" in d.value.columns for d in ai_page.dataframe)
    toggle = ai_page.toggle(key="mc:cat_open")
    assert toggle.label == f"Show the catalogue ({len(every):,} models)"
    toggle.set_value(True).run()
    shown = next(d.value for d in ai_page.dataframe if "Long-context tiers" in d.value.columns)
    assert len(shown) == CATALOGUE_ROWS
    assert list(shown["Model"]) == list(every["Model"].head(CATALOGUE_ROWS))
    captions = [c.value for c in ai_page.caption]
    assert (
        f"Showing the first {CATALOGUE_ROWS:,} of {len(every):,} models: pick a provider or search to see the rest." in captions
    )
    # A model past the first rows is one search away, and a narrow search shows every match with no note.
    last = every["Model"].iloc[-1]
    ai_page.text_input(key="mc:cat_search").set_value(last).run()
    found = next(d.value for d in ai_page.dataframe if "Long-context tiers" in d.value.columns)
    assert last in set(found["Model"])
    assert len(found) == len(catalogue_frame(provider=None, search=last)) <= CATALOGUE_ROWS
    assert not any(c.startswith("Showing the first") for c in (c.value for c in ai_page.caption))
