"""Every page in Korean leaves no English in what a person reads: headings, metric labels, table headers, chart titles,
axes and legends (no English word), captions and alerts (no run of three English words). Names from the scenario file
(vendors, plans, caches, resources as written), product names and units stay as they are in a Korean sentence.

Pages are walked as they open and in the states that bring the model's own sentences out: the Overview at 300,000 DAU
(its capacity warning), Goal seek with no answer (each driver's reason, and the first DAU that never comes), the
Actuals page with bills (its re-forecast notes). Where the page shows a model sentence, it is the model's phrase rendered
in Korean (``i18n.phrase.render``), compared with the model for the same inputs.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from i18n.display import Display, using
from i18n.phrase import render
from model.fx import FxRate
from model.loading import plan_scenario
from model.result import evaluate
from model.solve import NoSolution, solve_dau, solve_every_driver
from model.upgrades import reading_at
from model.variance import reforecast
from tests.i18n.english_left import english_left, english_runs, english_words
from ui import upgrade_text as words
from ui.driver_text import label_of
from ui.goal_seek import answer_table
from ui.text import md

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "views").glob("*.py"))
NOT_YET: dict[str, str] = {}
"""Pages whose English is known to be left (a strict xfail each, so a page that becomes Korean must leave it)."""
KO = Display(lang="ko", fx=FxRate("KRW", 1400.0, None, "typed rate"))


def korean_app(**state: object) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = "ko"
    at.query_params["currency"] = "KRW"
    at.query_params["fx_rate"] = "1400"
    for k, v in state.items():
        at.session_state[k] = v
    return at.run()


def test_the_check_finds_english_and_lets_names_be():
    # a sentence: three English words in a row; a name from the scenario file or a product name is not one
    assert english_runs("DAU 300,000에서 Redis memory 180% (위험)") == []
    assert english_runs("Redis memory is critical from 11,334 DAU") == ["memory is critical from"]
    assert english_runs("요금제 Vercel Pro 유지, Supabase Pro 유지") == []
    assert english_runs("“Six tiers budget” 버전 1을 저장했습니다.") == []  # a name the user typed, quoted
    # a label: any English word, except a name or an acronym
    assert english_words("DAU당 비용 · AI · API") == []
    assert english_words("Low value") == ["Low", "value"]
    assert english_words("Provider") == ["Provider"]  # 'Pro' (a Vercel plan) is a name only as a whole word


@pytest.mark.parametrize("page", PAGES)
def test_no_english_left_on_the_page_in_korean(page, request):
    if page in NOT_YET:
        request.applymarker(pytest.mark.xfail(strict=True, reason=NOT_YET[page]))
    at = korean_app()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    assert english_left(at) == {}


def test_the_overview_at_300k_warns_in_korean():
    at = korean_app()
    with using(KO):
        at.number_input(key="overview_dau").set_value(300_000).run()
    assert not at.exception
    [warning] = at.main.warning
    with using(KO):
        expected = words.over_capacity_text(reading_at(plan_scenario(), 300_000))
    assert warning.value.replace("\\", "") == expected
    assert english_left(at) == {}


def test_goal_seek_says_why_each_driver_has_no_answer_in_korean():
    at = korean_app()
    at.switch_page("views/goal_seek.py").run()
    # $0.001 per DAU at 500,000 DAU: no driver gets there, so every row says why. (AppTest formats the page's other
    # widgets in the test's thread when it sends a value: in Korean there, as the session has them.)
    # The target is typed in the session's won: ₩1.4 at ₩1,400 per $1 is $0.001 for the solver.
    with using(KO):
        at.number_input(key="goal_seek_value:cost_per_dau_usd:KRW").set_value(1.4).run()
    assert not at.exception
    answers = solve_every_driver(plan_scenario(), target="cost_per_dau_usd", at=500_000, value=1.4 / 1400)
    assert all(a.solution is None and a.reason_phrase is not None for a in answers)
    with using(KO):
        expected = answer_table(answers, target="cost_per_dau_usd", value=1.4 / 1400, goal="at_most")
        reasons = [render(a.reason_phrase, shown={"label": label_of(a.path, a.label)}) for a in answers]
    shown = at.main.dataframe[0].value.reset_index(drop=True)
    pd.testing.assert_frame_equal(shown, expected)
    assert list(shown.iloc[:, -1]) == reasons  # the last column, the note: each reason in Korean
    # the target's words, not its code, naming the won its value is shown in ($0.001 x 1,400 = ₩1.4); 'at most' as 이하
    assert "DAU당 비용 (월 KRW) ₩1.4 이하" in reasons[0]
    assert english_left(at) == {}
    assert [r for r in reasons if english_runs(r)] == []


def test_goal_seek_says_in_korean_that_no_dau_meets_the_target():
    at = korean_app()
    at.switch_page("views/goal_seek.py").run()
    with using(KO):
        at.number_input(key="goal_seek_value:cost_per_dau_usd:KRW").set_value(1.4).run()
        at.radio(key="goal_seek_mode").set_value("dau").run()
    assert not at.exception
    with pytest.raises(NoSolution) as caught:
        solve_dau(plan_scenario(), target="cost_per_dau_usd", value=1.4 / 1400)
    with using(KO):
        expected = md(render(caught.value.phrase))
    assert [w.value for w in at.main.warning] == [expected]
    assert "없습니다" in expected or "않습니다" in expected
    assert english_left(at) == {}


def test_the_actuals_page_with_bills_in_korean():
    from tests.actuals.test_page import BILLS, DAU

    at = korean_app(actuals_frame=BILLS, actuals_dau=DAU)
    at.switch_page("views/actuals.py").run()
    with using(KO):  # the re-forecast is computed on a click
        at.button(key="actuals_compute_refit").click().run()
    assert not at.exception, [e.message for e in at.exception]
    r = reforecast(plan_scenario(), BILLS, dau=DAU)
    with using(KO):
        notes = [render(f.note_phrase) for f in r.fitted]
    fitted = next(d.value for d in at.main.dataframe if "청구서에 맞춘 값" in d.value.columns)
    assert list(fitted["계산 방법"]) == notes
    assert english_left(at) == {}


def test_the_audits_findings_read_in_korean():
    """The audit's sentences (model/audit.py, model/audit_reading.py) are templates: every finding reads in Korean,
    its dollars in won."""
    at = korean_app()
    at.switch_page("views/audit.py").run()
    assert not at.exception
    findings = [m.value.replace("\\", "") for m in at.main.markdown]
    assert [f for f in findings if english_runs(f)] == []
    reading = [f for f in findings if f.startswith("**교차 검토")]
    assert len(reading) == 11  # the plan's second reading: 11 disagreements (tests/model/test_cli.py counts them too)
    # Section 6 expects $10,000/month from reserved instances: $10,000 x 1,400 = ₩14,000,000
    [aws] = [f for f in reading if "AWS" in f]
    assert "월 ₩14,000,000을 기대" in aws


def test_the_timeline_just_in_time_says_in_korean_what_no_plan_can_carry():
    from model.analysis.timeline import project
    from model.overrides import with_overrides

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = "ko"
    at.query_params["upgrades.policy"] = '"just-in-time"'
    at.run()
    at.switch_page("views/timeline.py").run()
    assert not at.exception, [e.message for e in at.exception]
    tl = project(with_overrides(plan_scenario(), {"upgrades.policy": "just-in-time"}))
    assert tl.shortfalls  # the plan's biggest Redis plan is past its warning line before the timeline ends
    with using(Display(lang="ko")):
        expected = [md(f"{month}부터: {render(short.phrase)}") for month, short in tl.shortfalls]
    assert [e.value for e in at.main.error] == expected
    assert "시나리오의 어떤 요금제도 용량이 부족합니다" in expected[0]
    assert english_left(at) == {}


def test_the_ai_pages_price_sources_read_in_korean():
    # The cells of the price table's source column are the model's phrases rendered in Korean; the CLI keeps the
    # English (``TokenPrices.source``, the same sentence).
    at = korean_app()
    at.switch_page("views/ai.py").run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if "가격 출처" in d.value.columns)
    prices = evaluate(plan_scenario()).prices
    with using(KO):
        assert list(table["가격 출처"]) == [render(p.source_phrase) for p in prices]
    assert [p.source for p in prices] == ["pinned genai-prices 0.2.3, checked 2026-11-03"] * 2
    assert list(table["가격 출처"]) == ["고정 genai-prices 0.2.3, 2026-11-03 확인"] * 2
