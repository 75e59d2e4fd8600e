"""Charts fit a 390 px phone: long titles wrap between words, top and bottom legends wrap (ui.phone_fit)."""

from __future__ import annotations

import pytest

from ui import charts, phone_fit, render
from ui.phone_fit import fit_for_phone, legend_columns, wrap_title


def test_a_short_title_stays_one_line() -> None:
    assert wrap_title("Monthly cost by category") == "Monthly cost by category"


def test_a_long_title_wraps_between_words() -> None:
    title = "AI response cache: saving per month, before and after the cache's own cost"  # 76 characters
    # Words fill a line up to 44 characters: "AI response cache: saving per month, before" is 43, adding " and" makes 47.
    assert wrap_title(title) == ["AI response cache: saving per month, before", "and after the cache's own cost"]
    assert " ".join(wrap_title(title)) == title


def test_a_korean_title_wraps_by_its_width() -> None:
    # The Economics margin chart's title in Korean: 34 characters, most of them Hangul (two Latin widths each), so
    # about 58 wide; it was kept on one line (34 <= 44) and cut with an ellipsis at 390 px.
    title = "DAU당 비용(막대, 손익분기 매출) 대 DAU당 매출(초록 선)"
    lines = wrap_title(title)
    assert isinstance(lines, list) and " ".join(lines) == title
    assert all(sum(2 if "가" <= ch <= "힣" else 1 for ch in line) <= 44 for line in lines)
    assert wrap_title("이익률") == "이익률"  # short: one line


def test_a_word_longer_than_a_line_keeps_its_own_line() -> None:
    assert wrap_title("a " + "x" * 50 + " b", limit=10) == ["a", "x" * 50, "b"]


def test_legend_columns() -> None:
    # "API" and "Own model": 3 x 6.5 + 30 = 49.5 and 9 x 6.5 + 30 = 88.5, 138 px in all <= 280: one row of 2.
    assert legend_columns(["API", "Own model"]) == 2
    # "Warning: above 80%" (18 chars, 147 px) and "Critical: above 95%" (19 chars, 153.5 px): 300.5 px > 280,
    # 280 // 153.5 = 1 a row (Capacity's utilisation chart; seen cut off at 390 px on one row).
    assert legend_columns(["Warning: above 80%", "Critical: above 95%"]) == 1
    # Three labels of 20 characters: 3 x (130 + 30) = 480 px > 280; 280 // 160 = 1 a row.
    assert legend_columns(["a" * 20] * 3) == 1
    # Three labels of 10 characters: 3 x (65 + 30) = 285 px > 280; 280 // 95 = 2 a row.
    assert legend_columns(["a" * 10] * 3) == 2
    # One label of 60 characters (420 px) next to a short one: one a row, never zero.
    assert legend_columns(["a" * 60, "b"]) == 1
    assert legend_columns(None) == 2  # labels unknown (from the data): two a row
    # Korean: a Hangul syllable is as wide as two Latin letters. The Tier detail page's eight categories: 데이터베이스
    # (6 x 13 + 30 = 108 px) is the widest, 280 // 108 = 2 a row. Counted as Latin (69 px) it gave 4, and at 390 px
    # the fourth column (컴퓨팅, AI) fell off the chart's right edge.
    categories = ["호스팅", "데이터베이스", "캐시", "컴퓨팅", "CDN", "모니터링", "기타", "AI"]
    assert legend_columns(categories) == 2
    assert legend_columns(["API", "자체 모델"]) == 2  # 49.5 + (1 x 6.5 + 4 x 13 + 30 = 88.5) = 138 px: one row


def test_only_top_and_bottom_legends_without_columns_get_them() -> None:
    spec = {
        "title": "short",
        "encoding": {
            "color": {"legend": {"orient": "top"}, "scale": {"domain": ["a" * 20] * 3}},
            "shape": {"legend": {"orient": "right"}},
            "size": {"legend": {"orient": "bottom", "columns": 1}},
        },
        "layer": [{"encoding": {"color": {"legend": {"orient": "bottom"}}}}],
    }
    fit_for_phone(spec)
    assert spec["encoding"]["color"]["legend"]["columns"] == 1  # 480 px of labels, one a row (as above)
    assert "columns" not in spec["encoding"]["shape"]["legend"]  # a right legend is vertical already
    assert spec["encoding"]["size"]["legend"]["columns"] == 1  # a builder's own choice stays
    assert spec["layer"][0]["encoding"]["color"]["legend"]["columns"] == 2  # no domain: two a row
    assert spec["title"] == "short"


@pytest.mark.parametrize("title_as", ["string", "params"])
def test_title_params_wrap_too(title_as: str) -> None:
    long = "Cost per DAU (bars, the break-even revenue) and the margin at each tier"
    spec = {"title": long if title_as == "string" else {"text": long, "anchor": "start"}}
    fit_for_phone(spec)
    text = spec["title"] if title_as == "string" else spec["title"]["text"]
    assert isinstance(text, list) and all(len(line) <= phone_fit.TITLE_CHARS for line in text)


def test_drawn_charts_are_fitted(plan) -> None:
    """ui.render.chart_spec (what every page draws) applies the fit: the caching chart's title and legend."""
    from model.result import evaluate
    from model.views import cache_savings_frame

    spec = render.chart_spec(charts.cache_savings_chart(cache_savings_frame(evaluate(plan))))
    title = spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
    assert isinstance(title, list)
    # "Gross saving" 12 x 6.5 + 30 = 108, "Cache's own cost" 16 x 6.5 + 30 = 134, "Net saving" 10 x 6.5 + 30 = 95:
    # 337 px > 280, so 280 // 134 = 2 a row.
    assert spec["encoding"]["color"]["legend"]["columns"] == 2
