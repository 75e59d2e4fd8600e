"""What a rerun no longer recomputes (issue 21) still moves when it must.

- ``ui.i18n.held_for_run``: the language and currency read once for the page, the sidebar and the share link;
  a change of language through the sidebar (a callback, before the run) shows in that very run.
- ``ui.sidebar.help_text``: each control's help built once per base and display; it follows the language, the base
  scenario and each session's own choice.
- ``ui.sharelink.encode(apply=...)``: the link's check rebuilds through the page's cache; a rebuilt scenario that
  differs from the one on screen still makes the link inexact.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from i18n import catalog, display
from i18n.display import Display
from i18n.text import _
from model.loading import plan_scenario
from model.overrides import with_overrides
from tests.app.conftest import open_driver_groups
from ui import i18n, sharelink
from ui.text import md

ROOT = Path(__file__).resolve().parents[2]
CALLS = "ai.calls_per_dau_per_day"
SLIDER = "drv:" + CALLS


def app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)


def language_control(at: AppTest):  # type: ignore[no-untyped-def]
    return next(b for b in at.get("button_group") if b.key == i18n.WIDGET_LANG)


# --- the display held for a run -------------------------------------------------------------------------------------


def test_held_for_run_is_the_display_inside_and_gone_after():
    assert display.current() == Display()  # no session, no provider: English, USD
    with i18n.held_for_run() as held:
        assert display.current() is held
    assert not getattr(display._local, "stack", [])  # nothing left on the thread for the next run


def test_held_for_run_is_gone_after_an_error():
    with pytest.raises(RuntimeError), i18n.held_for_run():
        raise RuntimeError("a page failed")
    assert not getattr(display._local, "stack", [])


def test_switching_the_language_in_the_sidebar_changes_the_page_and_the_help_in_that_run():
    at = open_driver_groups(app().run())
    english_help = at.slider(key=SLIDER).help
    assert at.title[0].value == "Overview"
    language_control(at).set_value("ko").run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == catalog.gettext("Overview", "ko") == "개요"
    korean_help = at.slider(key=SLIDER).help
    note = plan_scenario().provenance[CALLS].note
    assert md(catalog.plan_text(note, "ko")) in korean_help and md(note) not in korean_help  # not the cached English
    assert md(note) in english_help
    language_control(at).set_value("en").run()
    assert at.title[0].value == "Overview" and at.slider(key=SLIDER).help == english_help


# --- the sidebar's help, built once per base and display -----------------------------------------------------------


def test_two_sessions_in_two_languages_keep_their_own_help():
    en = open_driver_groups(app().run())
    ko = app()
    ko.query_params["lang"] = "ko"
    ko = open_driver_groups(ko.run())
    en.run()  # after the Korean session filled the cache
    label = "**Plan value:** {value}"
    assert catalog.gettext(label, "ko") != label
    assert label.split("{")[0] in en.slider(key=SLIDER).help
    assert catalog.gettext(label, "ko").split("{")[0] in ko.slider(key=SLIDER).help
    assert label.split("{")[0] not in ko.slider(key=SLIDER).help


def test_the_help_follows_the_base_scenario_and_not_the_slider():
    at = open_driver_groups(app().run())
    plan_help = at.slider(key=SLIDER).help
    loaded = _("**Loaded scenario's value:** {value}").split("{")[0]
    assert loaded not in plan_help
    at.slider(key=SLIDER).set_value(3.5).run()
    assert at.slider(key=SLIDER).help == plan_help  # the help names the plan's value, not the slider's
    from ui import state

    at.session_state["base"] = state._shipped_scenario("pessimistic")  # as the Scenarios page's load does
    at.session_state["base_key"] = state.scenario_key(at.session_state["base"])
    at.session_state["overrides"] = {}
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert loaded in at.slider(key=SLIDER).help  # a new base: its own value in the help, not the plan's cached text


# --- the share link's check -----------------------------------------------------------------------------------------


def test_the_link_check_rebuilds_through_the_given_apply_once():
    plan = plan_scenario()
    current = with_overrides(plan, {CALLS: 2.5})
    calls = []

    def apply(origin, values):  # type: ignore[no-untyped-def]
        calls.append((origin, values))
        return current  # what the page's cache hands back for the same settings: the very object on screen

    link = sharelink.encode(plan=plan, base=plan, base_stem="plan", overrides={CALLS: 2.5}, current=current, apply=apply)
    assert calls == [(plan, {CALLS: 2.5})]
    assert link.exact and link.params == {CALLS: "2.5"}


def test_a_rebuilt_scenario_that_differs_still_makes_the_link_inexact():
    plan = plan_scenario()
    current = with_overrides(plan, {CALLS: 2.5})
    other = with_overrides(plan, {CALLS: 2.6})  # a cache that gave back the wrong scenario would be caught
    link = sharelink.encode(
        plan=plan, base=plan, base_stem="plan", overrides={CALLS: 2.5}, current=current, apply=lambda o, v: other
    )
    assert not link.exact and link.params == {sharelink.SCENARIO_PARAM: sharelink.NOT_IN_LINK}


def test_after_a_slider_move_the_address_bar_is_the_exact_link():
    at = open_driver_groups(app().run())
    at.slider(key=SLIDER).set_value(3.5).run()
    assert at.query_params[CALLS] in ("3.5", ["3.5"])
    at.slider(key=SLIDER).set_value(3.6).run()
    assert at.query_params[CALLS] in ("3.6", ["3.6"])


# --- the cache's size estimate, dispatched by type ------------------------------------------------------------------


def test_estimate_bytes_by_hand():
    import sys
    from dataclasses import dataclass

    import numpy as np
    import pandas as pd

    from ui.bounded_cache import estimate_bytes

    key, value = "a", 1.5
    d = {key: value}
    # a dict: its own size plus each key and value once
    assert estimate_bytes(d) == sys.getsizeof(d, 64) + sys.getsizeof(key) + sys.getsizeof(value)
    # the same float twice in a list is counted once
    items = [value, value]
    assert estimate_bytes(items) == sys.getsizeof(items, 64) + sys.getsizeof(value)
    # a Series and an Index by their memory_usage (one number; a frame's is one per column, summed)
    s = pd.Series(np.zeros(100))
    assert estimate_bytes(s) == s.memory_usage(deep=True)  # 800 bytes of values + the RangeIndex
    f = pd.DataFrame({"x": np.zeros(100), "y": np.ones(100)})
    assert estimate_bytes(f) == int(f.memory_usage(deep=True).sum())  # 2 x 800 + the index
    # Arrow strings, Python objects, categories, booleans and a string index: still pandas' own deep figure
    mixed = pd.DataFrame(
        {
            "s": pd.array(["a", "bb", None] * 30, dtype="str"),
            "o": pd.Series([{"k": 1}, "text", 2.5] * 30, dtype=object),
            "c": pd.Categorical(["x", "y", "x"] * 30),
            "b": [True, False, True] * 30,
        },
        index=[f"row {i}" for i in range(90)],
    )
    assert estimate_bytes(mixed) == int(mixed.memory_usage(deep=True).sum())

    @dataclass(frozen=True)
    class Pair:
        left: float
        right: str

    p = Pair(2.5, "b")
    assert estimate_bytes(p) == sys.getsizeof(p, 64) + sys.getsizeof(2.5) + sys.getsizeof("b")


def test_a_result_is_estimated_with_its_arrays_and_frames():
    from model.result import evaluate
    from ui.bounded_cache import estimate_bytes

    plan = plan_scenario()
    tiers = list(plan.tiers_dau)
    assert len(tiers) >= 3
    # a real walk, not a constant: more tiers priced, more bytes held
    assert estimate_bytes(evaluate(plan, tiers)) > estimate_bytes(evaluate(plan, tiers[:1])) > 10_000


# --- the Audit page's plan cards, written once per finding and display ----------------------------------------------


def _plan_cards(scenario) -> list:  # type: ignore[no-untyped-def]
    from model.result import evaluate

    return [f for f in evaluate(scenario).audit if f.status == "disagrees" and f.scope == "plan"]


def _card_by_hand(f, shown: Display) -> str:  # type: ignore[no-untyped-def]
    """The card as the page wrote it before the cache (topic, scope, figures, explanation)."""
    from i18n.display import using
    from ui import tables

    with using(shown):
        row = tables.audit_table((f,)).iloc[0]
        return (
            f"**{md(tables.finding_topic(f))}**  \n:gray[{_('The plan against itself')}]\n\n"
            + tables.audit_figures_line(row)
            + f"\n\n{md(tables.finding_explanation(f))}"
        )


def test_the_audit_cards_follow_the_language_and_currency_of_each_session():
    dollars = app().run()
    dollars.switch_page("views/audit.py").run()
    won = app()
    won.query_params.update({"lang": "ko", "currency": "KRW", "fx_rate": "1400"})
    won.run()
    won.switch_page("views/audit.py").run()
    assert not dollars.exception and not won.exception
    cards = _plan_cards(plan_scenario())
    assert cards, "the plan disagrees with itself in places: the cards exist"
    in_dollars = [_card_by_hand(f, Display()) for f in cards]
    in_won = [_card_by_hand(f, Display(lang="ko", fx=won.session_state["fx"])) for f in cards]
    assert all(a != b for a, b in zip(in_dollars, in_won, strict=True))
    dollars_text = [m.value for m in dollars.markdown]
    won_text = [m.value for m in won.markdown]
    assert all(c in dollars_text for c in in_dollars) and not any(c in dollars_text for c in in_won)
    assert all(c in won_text for c in in_won) and not any(c in won_text for c in in_dollars)
    # a slider move reruns the page: the plan's own cards are the same text, from the cache or not
    dollars.slider(key=SLIDER).set_value(3.0).run()
    assert all(c in [m.value for m in dollars.markdown] for c in in_dollars)


def test_an_audit_card_is_keyed_by_the_finding_itself():
    import dataclasses

    from ui import audit_view

    f = _plan_cards(plan_scenario())[0]
    moved = dataclasses.replace(f, stated=(f.stated or 0) + 1000.0, gap=(f.gap or 0) + 1000.0)
    assert audit_view.card_markdown(f) == _card_by_hand(f, Display())
    assert audit_view.card_markdown(moved) == _card_by_hand(moved, Display()) != audit_view.card_markdown(f)


# --- the Timeline's DAU chart, reused while its data stays -----------------------------------------------------------

DAU_CHART = "Daily active users by month"


def _dau_chart(at: AppTest):  # type: ignore[no-untyped-def]
    from tests.app.conftest import chart_specs, charts

    return chart_specs(at)[DAU_CHART], charts(at)[DAU_CHART]


def test_the_timeline_dau_chart_is_the_projection_and_moves_with_growth_not_with_costs():
    from model.analysis.timeline import project
    from tests.analysis.test_pages import open_page, open_timeline_inputs, scenario_input

    at = open_page("views/timeline.py")
    spec, (line, points) = _dau_chart(at)
    tl = project(plan_scenario())
    assert list(line["month"]) == list(tl.months["month"]) and list(line["dau"]) == list(tl.months["dau"])
    assert list(points["level_name"]) == list(tl.milestones["level_name"])
    # three AI calls a day: costs move, DAU does not (the same chart, data and all)
    at.slider(key=SLIDER).set_value(3.0).run()
    assert _dau_chart(at)[0] == spec
    # linear growth: the months between milestones hold other DAU, and the chart shows the new projection
    open_timeline_inputs(at)
    scenario_input(at, "segmented_control", "timeline.growth").set_value("linear").run()
    assert not at.exception, [e.message for e in at.exception]
    linear = project(with_overrides(plan_scenario(), {CALLS: 3.0, "timeline.growth": "linear"}))
    _, (moved, _) = _dau_chart(at)
    assert list(moved["dau"]) == list(linear.months["dau"]) != list(line["dau"])


# --- the Caching page's database chart, reused while the caches stay -------------------------------------------------

DB_CHART = "Database reads each cache absorbs"


def test_the_db_cache_chart_is_the_caches_and_moves_with_a_hit_rate_not_with_ai_calls():
    from model.views import cache_frame
    from tests.analysis.test_pages import open_page
    from tests.app.conftest import chart_specs, charts

    at = open_driver_groups(open_page("views/caching.py"))
    spec = chart_specs(at)[DB_CHART]
    (shown,) = charts(at)[DB_CHART]
    expected = cache_frame(plan_scenario())
    expected = expected[expected["serves"] == "db"]
    assert list(shown["db_reads_absorbed"]) == list(expected["db_reads_absorbed"])
    at.slider(key=SLIDER).set_value(3.0).run()
    assert chart_specs(at)[DB_CHART] == spec  # AI calls leave the database caches alone
    # the first cache (saju results, a database cache) from 85% to 50%: its bar is what the model says at 50%
    at.slider(key="drv:caching.caches.0.hit_rate").set_value(0.5).run()
    assert not at.exception, [e.message for e in at.exception]
    (moved,) = charts(at)[DB_CHART]
    changed = cache_frame(with_overrides(plan_scenario(), {CALLS: 3.0, "caching.caches.0.hit_rate": 0.5}))
    changed = changed[changed["serves"] == "db"]
    assert list(moved["db_reads_absorbed"]) == list(changed["db_reads_absorbed"]) != list(shown["db_reads_absorbed"])
