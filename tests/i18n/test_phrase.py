"""Model sentences (model.phrase) keep their English for the CLI and read in Korean and won in the app (i18n.phrase)."""

from __future__ import annotations

import pytest

from i18n import extract
from i18n.display import Display
from i18n.phrase import render
from model.fx import FxRate
from model.loading import plan_scenario
from model.phrase import Money, Number, Phrase, Term, phrase
from model.solve import NoSolution, solve_dau, solve_every_driver, solve_month
from model.upgrades import Shortfall
from model.variance import reforecast
from tests.i18n.test_catalog import entries

KO = Display(lang="ko", fx=FxRate("KRW", 1400.0, None, "typed rate"))
EN = Display(lang="en")


def test_str_is_the_english_sentence_the_cli_prints():
    p = phrase(
        "{who} pays {cost} for {share} at {dau} DAU ({sign})",
        who="Redis",
        cost=Money(1234.4),
        share=Number(2.1611, ".0%", "share"),
        dau=Number(300_000, ",.0f"),
        sign=Term("<=", "at most"),
    )
    # $1,234.4 -> '$1,234'; 2.1611 -> '216%'; a Term shows its code
    assert str(p) == "Redis pays $1,234 for 216% at 300,000 DAU (<=)"
    assert str(Phrase("Keys look like reading:{userId}.")) == "Keys look like reading:{userId}."  # no params: as written


def test_rendered_in_korean_and_won():
    # Money: $1,234.4 x 1,400 = ₩1,728,160; cents become won: $0.5 x 1,400 = ₩700
    assert render(Phrase("{x}", {"x": Money(1234.4)}), display=KO) == "₩1,728,160"
    assert render(Phrase("{x}", {"x": Money(0.5, digits=2)}), display=KO) == "₩700"
    # a share written as a fraction ('0.8') shows as a percentage; one written as a percentage stays
    assert render(Phrase("{x}", {"x": Number(0.8, ",.6g", "share")}), display=KO) == "80%"
    assert render(Phrase("{x}", {"x": Number(2.1611, ".0%", "share")}), display=KO) == "216%"
    # dollars: 0.001 x 1,400 = ₩1.4; above a million whole won: 1e9 x 1,400 = ₩1,400,000,000,000 (never ₩1.4e+12)
    assert render(Phrase("{x}", {"x": Number(0.001, ",.6g", "usd")}), display=KO) == "₩1.4"
    assert render(Phrase("{x}", {"x": Number(1e9, ",.6g", "usd")}), display=KO) == "₩1,400,000,000,000"
    assert render(Phrase("{x}", {"x": Number(1e8, ",.6g", "count")}), display=KO) == "100,000,000"  # English: 1e+08
    # a Term shows its words from the catalogue; the plan's own text is translated, a user's name kept
    assert render(Phrase("{x}", {"x": Term("<=", "at most")}), display=KO) == "이하"
    assert render(Phrase("{x}", {"x": "saju"}), display=KO) == "사주"
    assert render(Phrase("{x}", {"x": "My cache"}), display=KO) == "My cache"
    # in English and dollars the page reads as the CLI, with the target's words for its code
    assert render(Phrase("{x} {y}", {"x": Money(1234.4), "y": Term("<=", "at most")}), display=EN) == "$1,234 at most"


def test_a_shortfall_in_korean():
    s = Shortfall("database", "db_connections", "Database connections", 2_000_000, 1.523, 0.8, 5)
    assert s.text == (
        "Database connections at 2,000,000 DAU: no plan in the scenario has enough capacity; the biggest (level 5's) is at "
        "152%, above the 80% warning line."
    )
    assert render(s.phrase, display=KO) == (
        "DAU 2,000,000에서 데이터베이스 연결: 시나리오의 어떤 요금제도 용량이 부족합니다. 가장 큰 요금제(5단계)도 152%로 "
        "경고선 80%을 넘습니다."
    )


def test_goal_seek_reasons_in_korean_keep_their_english():
    with pytest.raises(NoSolution) as caught:
        solve_dau(plan_scenario(), target="cost_per_dau_usd", value=0.001)
    exc = caught.value
    assert str(exc) == str(exc.phrase)
    assert str(exc).startswith("no value of DAU between 1 and 1e+08 meets cost_per_dau_usd <= 0.001: it ranges from ")
    # 1 to 1e+08 DAU in whole numbers; the target's words naming the figures' currency (KRW, not the model's USD);
    # $0.001 x 1,400 = ₩1.4; 'at most' as 이하
    assert render(exc.phrase, display=KO).startswith(
        "1~100,000,000 사이의 어떤 DAU 값도 DAU당 비용 (월 KRW) ₩1.4 이하 조건을 충족하지 않습니다: 결과 범위는 "
    )
    # in dollars the words keep USD, in English too
    assert "DAU당 비용 (월 USD) US$0.001 이하" in render(exc.phrase, display=Display(lang="ko"))
    assert "Cost per DAU (KRW per month) <= ₩1.4" not in render(exc.phrase, display=Display("en", KO.fx))
    assert "meets Cost per DAU (KRW per month) at most ₩1.4" in render(exc.phrase, display=Display("en", KO.fx))
    with pytest.raises(NoSolution) as caught:
        solve_month(plan_scenario(), target="total_usd", value=1.0)
    # level 1's $9,055 x 1,400 = ₩12,677,000 is the lowest month; whole won above a million
    assert render(caught.value.phrase, display=KO).startswith(
        "2026-01부터 2030-12까지 월 합계 (KRW)은(는) ₩1,400 이하에 이르지 않습니다(범위 ₩12,677,000~"
    )
    # a share target names no currency: its words stay as the catalogue has them
    with pytest.raises(NoSolution) as caught:
        solve_month(plan_scenario(), target="ai_share", value=0.01)
    assert "USD" not in render(caught.value.phrase, display=KO) and "KRW" not in render(caught.value.phrase, display=KO)


def test_every_money_target_names_the_sessions_currency_in_korean_and_english():
    """The Korean (and English) words of each money target name USD where the figure's unit goes, so the display's
    currency replaces it; a share target's words name none (a label whose translation lost 'USD' would fail here)."""
    from i18n.money import in_currency_words
    from model.solve import TARGETS, _target_term

    for name, t in TARGETS.items():
        term = _target_term(name)
        assert term.names_usd == (t.display != "fraction")
        for lang in ("ko", "en"):
            shown = render(Phrase("{t}", {"t": term}), display=Display(lang, KO.fx))
            assert "USD" not in shown
            assert ("KRW" in shown) == term.names_usd, (name, lang, shown)
            assert in_currency_words(shown, display=Display(lang)) == shown  # nothing to replace once converted


def test_every_template_the_model_writes_is_in_the_catalogue():
    """Templates reach the catalogue only when written where ``make messages`` finds them: check the ones produced."""
    from tests.actuals.test_page import BILLS, DAU

    produced: list[Phrase] = []
    for target, value in (("cost_per_dau_usd", 0.001), ("ai_share", 0.01), ("gross_margin_pct", 0.99)):
        produced += [a.reason_phrase for a in solve_every_driver(plan_scenario(), target=target, at=500_000, value=value)]
    for call in (
        lambda: solve_dau(plan_scenario(), target="cost_per_dau_usd", value=0.001),
        lambda: solve_month(plan_scenario(), target="total_usd", value=1.0),
        lambda: solve_month(plan_scenario(), target="total_usd", value=1.0e12),
    ):
        with pytest.raises(NoSolution) as caught:
            call()
        produced.append(caught.value.phrase)
    for f in reforecast(plan_scenario(), BILLS, dau=DAU).fitted:
        produced += [f.label_phrase, f.note_phrase]
    produced.append(Shortfall("database", "db_connections", "Database connections", 2e6, 1.5, 0.8, 5).phrase)

    def templates(p: object) -> list[str]:
        if not isinstance(p, Phrase):
            return []
        nested = [t for v in p.params.values() for t in templates(v)]
        return [p.template, *nested] if p.params else nested  # a bare Phrase is a value (a month), not a sentence

    found = {t for p in produced for t in templates(p)}
    assert len(found) >= 8
    assert sorted(found - entries("ko", "messages").keys()) == []
    assert "phrase" in extract.KEYWORDS and "model" in extract.SOURCES


def test_a_fit_the_bills_cannot_make_says_why_in_korean():
    from model.variance import FitError
    from tests.actuals.test_page import BILLS

    # March's bills without a DAU for March, past the timeline's months: the model cannot price it
    march = BILLS.assign(month=["2026-01", "2026-01", "2031-03", "2031-03"])
    with pytest.raises(FitError) as caught:
        reforecast(plan_scenario(), march, last_n=1)
    assert str(caught.value) == "month 2031-03 has no DAU: give the actual DAU or extend the timeline"
    assert render(caught.value.phrase, display=KO) == "2031-03의 DAU가 없습니다. 실제 DAU를 입력하거나 타임라인을 늘리세요"
