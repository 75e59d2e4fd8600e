"""Charts that fit a phone (390 px wide, ~330 px for the plot): long titles wrap, top and bottom legends wrap.

Vega-Lite cuts a title wider than the chart with an ellipsis, and lays a top or bottom legend out on one row that
runs past the chart's right edge. ``fit_for_phone`` changes a chart's spec (a dict, as ``ui.render.chart_spec``
builds it) so neither happens at 390 px; on a desktop the same chart gets at most one more line of title or legend.
"""

from __future__ import annotations

import unicodedata
from typing import Any

TITLE_CHARS = 44
"""Longest title line: about 330 px of Streamlit's 14 px bold title font."""
LEGEND_PX = 280
"""Width a top or bottom legend may use: it starts where the plot starts, right of the y axis (seen at 390 px)."""
CHAR_PX = 6.5
"""Width of a character of an 11 px legend label (a generous average); a wide character (Hangul, CJK) counts twice."""
ENTRY_PX = 30
"""Symbol, padding and gap around each legend entry."""


def _units(text: str) -> int:
    """``text``'s width in Latin characters: a wide character (Hangul, CJK) counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def wrap_title(text: str, limit: int = TITLE_CHARS) -> str | list[str]:
    """``text`` as lines at most ``limit`` Latin characters wide (a Hangul syllable counts two), broken between words
    (a longer word keeps its own line)."""
    if _units(text) <= limit:
        return text
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and _units(line) + 1 + _units(word) > limit:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return lines


def label_px(text: str) -> float:
    """The width of a legend label: ``CHAR_PX`` a character, twice that for a wide one ('데이터베이스' is as wide as
    twelve Latin letters, not six: a Korean legend sized as Latin ran past a phone's edge and lost its last column)."""
    return CHAR_PX * _units(text)


def legend_columns(labels: list[str] | None, width_px: float = LEGEND_PX) -> int:
    """How many entries a row of a horizontal legend holds: all of them if they fit, else as many of the widest as
    fit (at least one); without the labels, two."""
    if not labels:
        return 2
    widths = [label_px(str(label)) + ENTRY_PX for label in labels]
    if sum(widths) <= width_px:
        return len(labels)
    return max(1, int(width_px // max(widths)))


def _fit_legends(node: Any) -> None:
    if isinstance(node, list):
        for item in node:
            _fit_legends(item)
        return
    if not isinstance(node, dict):
        return
    legend = node.get("legend")
    if isinstance(legend, dict) and legend.get("orient") in ("top", "bottom") and "columns" not in legend:
        scale = node.get("scale")
        domain = scale.get("domain") if isinstance(scale, dict) else None
        legend["columns"] = legend_columns(domain if isinstance(domain, list) else None)
    for key, value in node.items():
        if key not in ("datasets", "data"):  # data never holds a legend; skip the Arrow bytes
            _fit_legends(value)


def fit_for_phone(spec: dict[str, Any]) -> dict[str, Any]:
    """Wrap ``spec``'s title and set ``columns`` on its top and bottom legends (in place; also returned)."""
    title = spec.get("title")
    if isinstance(title, str):
        spec["title"] = wrap_title(title)
    elif isinstance(title, dict) and isinstance(title.get("text"), str):
        title["text"] = wrap_title(title["text"])
    _fit_legends(spec)
    return spec
