"""The Overview's capacity sentences (ui.upgrade_text) in Korean and won, their figures the model's converted."""

from __future__ import annotations

from i18n.display import Display, using
from model.fx import FxRate
from model.loading import plan_scenario
from model.upgrades import reading_at
from ui import upgrade_text as words

KO = Display(lang="ko", fx=FxRate("KRW", 1400.0, None, "typed rate"))


def test_the_over_capacity_warning_in_korean_and_won():
    reading = reading_at(plan_scenario(), 300_000)
    with using(KO):
        text = words.over_capacity_text(reading)
    # As written $165,000 x 1,400 = ₩231,000,000; just in time $169,500 x 1,400 = ₩237,300,000; +$4,500 -> +₩6,300,000
    assert text.startswith("DAU 300,000에서 3단계의 요금제가 용량을 넘습니다: ")
    assert "데이터베이스 연결 216% (위험)" in text
    assert "계획대로: 월 ₩231,000,000. 적시: 월 ₩237,300,000 (+₩6,300,000)" in text
    with using(Display(lang="en")):
        assert "Database connections at 216% (critical)" in words.over_capacity_text(reading)


def test_the_capacity_caption_and_tier_refusals_in_korean():
    with using(KO):
        caption = words.capacity_caption(reading_at(plan_scenario(), 10_000))
        refused = words.parse_tiers("50000, 10000")
    assert caption == "DAU 10,000: 1단계 적용, 계획대로라면 모든 자원이 경고선 아래입니다."
    assert refused == "구간: 오름차순이어야 하며 같은 값은 한 번만 쓸 수 있습니다."
