"""The plan's provenance and range notes (why each figure is what it is) are read in Korean in the Korean app (issue #17).

The notes are the plan's own text (``plan`` gettext domain, i18n/extract.py PLAN_FIELDS): the sidebar's help for each
driver, the capacity inputs' help and the analysis pages' range tables show them through ``plan_text``.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from i18n import catalog, extract
from i18n.display import Display, using
from model.analysis.sensitivity import tornado
from model.loading import plan_scenario
from tests.app.conftest import open_driver_groups
from ui.analysis_tables import tornado_table
from ui.text import md

ROOT = Path(__file__).resolve().parents[2]
CALLS = "ai.calls_per_dau_per_day"


def plan_notes() -> list[str]:
    plan = plan_scenario()
    return [e.note for e in plan.provenance.values()] + [r.note for r in plan.ranges.values()]


def test_every_provenance_and_range_note_of_the_plan_has_its_own_korean():
    notes = plan_notes()
    assert len(set(notes)) >= 100  # 96 provenance notes and 12 range notes, a few of them the same sentence
    assert set(notes) <= set(extract.extract_plan())  # the extractor finds them (PLAN_FIELDS)
    untranslated = [n for n in notes if catalog.plan_text(n, "ko") == n]
    assert untranslated == []
    assert [n for n in notes if catalog.plan_text(n, "en") != n] == []  # the English is the plan's text as written
    # a figure stays as written: 'Level 2: Supabase Team $599.' keeps its product name and dollars
    assert catalog.plan_text("Level 2: Supabase Team $599.", "ko") == "레벨 2: Supabase Team $599."


def test_a_drivers_help_in_the_korean_sidebar_shows_the_korean_note():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = "ko"
    at.run()
    open_driver_groups(at)
    assert not at.exception, [e.message for e in at.exception]
    help_text = at.slider(key="drv:" + CALLS).help
    english = plan_scenario().provenance[CALLS].note  # 'Dashboard: 20,000 AI API requests/day at 10k DAU.'
    korean = catalog.plan_text(english, "ko")
    assert korean != english
    assert md(korean) in help_text
    assert md(english) not in help_text


def test_the_tornado_gives_each_range_its_korean_reason():
    plan = plan_scenario()
    t = tornado(plan, 100_000)
    with using(Display(lang="ko")):
        table = tornado_table(t)
    reasons = list(table.iloc[:, -1])
    assert reasons == [catalog.plan_text(b.note, "ko") for b in t.bars]  # none of the plan's bars is outside its range
    assert all(r != b.note for r, b in zip(reasons, t.bars, strict=True))


def test_the_tornado_table_shows_cost_per_dau_in_the_display_currency():
    """The sensitivity table's per-DAU figures follow the page's currency: $0.459 in dollars, ₩642.6 at ₩1,400 (one
    digit after the point, as the grids' won formats: two fewer than the dollars' three)."""
    from model.fx import FxRate

    t = tornado(plan_scenario(), 100_000)
    bar = t.bars[0]
    with using(Display(lang="en")):
        dollars = tornado_table(t)
    assert dollars.iloc[0]["Cost per DAU at high"] == f"${bar.high_cost_per_dau_usd:,.3f}"
    with using(Display(lang="ko", fx=FxRate("KRW", 1400.0, None, "typed rate"))):
        won = tornado_table(t)
    cells = list(won.iloc[0, 4:7])
    want = [bar.low_cost_per_dau_usd * 1400, bar.high_cost_per_dau_usd * 1400, bar.swing_usd * 1400]
    assert [c[0] for c in cells] == ["₩"] * 3, cells
    assert [float(c[1:].replace(",", "")) for c in cells] == [round(w, 1) for w in want]
    assert not any("$" in c for c in cells)
