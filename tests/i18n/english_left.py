"""What a person reads on a page, and the English sentences left in it when the page is in Korean.

``english_runs``: a run of three or more English words in a row (a phrase, not a name or a unit); the scenario file's
names (vendors, plans, models, caches, resources as written) and product names are taken out first, since a Korean
sentence keeps them as they are. ``page_texts`` gathers what the check reads: headings, captions, alerts, metric
labels, table headers, and each chart's titles, axis and legend titles and legend entries.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NAME_KEYS = {"name", "vendor", "plan", "resource", "ai_provider", "model", "endpoint", "key_pattern", "title"}
"""Fields of the scenario file whose text is a name (kept as written in a Korean sentence)."""
PRODUCTS = ("PostgreSQL", "Redis", "OpenAI", "Vercel", "Supabase", "Citus", "CockroachDB", "Kubernetes", "Cloudflare")
WORD = re.compile(r"^[(\"'“‘\[]*[A-Za-z][A-Za-z'’-]*[)\"'”’\],.:;!?]*$")


@cache
def scenario_names() -> tuple[str, ...]:
    """Every name in the shipped scenario files (longest first, so a longer name is taken out before its part)."""
    found: set[str] = set(PRODUCTS)

    def walk(node: object, key: str | None) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in NAME_KEYS and node.strip():
            found.add(node.strip())

    for path in sorted((ROOT / "data" / "scenarios").glob("*.json")):
        found.add(path.stem)  # the Compare page names a shipped scenario by its file
        walk(json.loads(path.read_text(encoding="utf-8")), None)
    return tuple(sorted(found, key=len, reverse=True))


def _without_names(text: str, names: tuple[str, ...]) -> str:
    """``text`` without “quoted” text and without each name standing as whole words ('Pro' is taken out, 'Provider'
    stays)."""
    ours = re.sub(r"“[^”]*”", " ", text)
    pattern = "|".join(re.escape(n) for n in names or scenario_names())
    return re.sub(rf"(?<![A-Za-z])(?:{pattern})(?![A-Za-z])", " ", ours)


def english_runs(text: str, *, names: tuple[str, ...] = ()) -> list[str]:
    """Runs of 3+ English words (each with a lower-case letter) in ``text``, after taking out names and “quoted” text."""
    ours = _without_names(text, names)
    runs: list[str] = []
    current: list[str] = []
    for token in [*ours.split(), ""]:
        if token and WORD.match(token) and any(c.islower() for c in token):
            current.append(token)
            continue
        if len(current) >= 3:
            runs.append(" ".join(current))
        current = []
    return runs


def english_words(text: str, *, names: tuple[str, ...] = ()) -> list[str]:
    """English words left in a short label (a heading, a column, an axis, a legend entry): each word of 3+ letters with
    a lower-case letter, after taking out names and “quoted” text. Acronyms (DAU, AI, API, USD, KRW) stay: Korean
    readers write them so too."""
    ours = _without_names(text, names)
    return [w for w in re.findall(r"[A-Za-z][A-Za-z-]{2,}", ours) if any(c.islower() for c in w)]


def _chart_texts(spec: object) -> Iterator[str]:
    """Titles (chart, axis, legend, tooltip) and legend entries written in a Vega-Lite spec."""
    if isinstance(spec, dict):
        for k, v in spec.items():
            text = v.get("text") if k == "title" and isinstance(v, dict) else v if k == "title" else None
            if isinstance(text, str):
                yield text
            elif isinstance(text, list):  # a title wrapped onto lines (ui.phone_fit)
                yield " ".join(str(x) for x in text)
            elif k == "domain" and isinstance(v, list):
                yield from (x for x in v if isinstance(x, str))
            elif k != "datasets":
                yield from _chart_texts(v)
    elif isinstance(spec, list):
        for v in spec:
            yield from _chart_texts(v)


def page_texts(at) -> tuple[list[str], list[str]]:  # ``at``: an AppTest
    """(labels, sentences) on the page: short labels (headings, metric labels, table headers, chart titles, axes,
    legends) and sentences (captions and alerts)."""
    main = at.main
    labels = [e.value for kind in ("title", "header", "subheader") for e in main.get(kind)]
    labels += [m.label for m in main.metric]
    for frame in main.dataframe:
        labels += [str(c) for c in frame.value.columns]
    for chart in main.get("vega_lite_chart"):
        labels += list(_chart_texts(json.loads(chart.proto.spec)))
    sentences = [e.value for e in main.get("caption")]
    sentences += [str(e.value) for kind in ("error", "warning", "info", "success") for e in main.get(kind)]
    return labels, sentences


def english_left(at) -> dict[str, list[str]]:  # ``at``: an AppTest
    """Each text on the page with English left in it -> the English: any word in a label, a run of 3+ in a sentence."""
    labels, sentences = page_texts(at)
    left = {t: words for t in labels if (words := english_words(t.replace("\\", "")))}
    left |= {t: runs for t in sentences if (runs := english_runs(t.replace("\\", "")))}
    return left
