"""User text never becomes Markdown: every page, fed hostile names, notes, level names, bottlenecks, phase names,
cache names, vendor and plan names (an uploaded scenario) and hostile share-link parameter names and values, shows
them literally.

The app runs under AppTest; every string the page sends to an element that renders Markdown (markdown, captions,
headings, alerts, toasts, metric labels/values/help, widget labels and help, expander and tab labels, segmented
control options) is collected from the protos and searched for the hostile constructs left unescaped. Elements that
show text literally (select-box options, text boxes, code, tables, charts) are skipped: there the raw text is right.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from model.loading import parse_scenario, plan_scenario

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "views").glob("*.py") if not p.name.startswith("_"))

HOSTILE = (
    "# INJ-HEADING <b>[Session expired, log in](https://evil.example/login) ![t](https://evil.example/p.png) "
    ":red[INJ-RED] :material/home: $INJ^2$ https://evil.example/b www.evil.example x@evil.example"
)
"""A name a hostile file or link could carry: a heading, a link, a remote image, a colour and an icon directive,
LaTeX, a bare URL and a www address (both autolinked by GitHub-flavoured Markdown), HTML."""

LIVE = {
    "link": re.compile(r"(?<!\\)\]\(https"),
    "image": re.compile(r"(?<!\\)!(?<!\\)\["),
    # Streamlit's browser side links bare URLs and draws icons after undoing backslash escapes (seen in Chromium),
    # so an escaped colon or dot is not enough: ui.text.md breaks each with an invisible joiner.
    "bare URL": re.compile(r"https\\?://"),
    "www address": re.compile(r"www\\?\."),
    "e-mail address": re.compile(r"@\w"),
    "colour directive": re.compile(r"(?<!\\):red(?<!\\)\["),
    "icon directive": re.compile(r"\\?:material/home"),
    "LaTeX": re.compile(r"(?<!\\)\$INJ"),
    "heading": re.compile(r"(?<!\\)#\s*INJ-HEADING"),
    "HTML": re.compile(r"(?<!\\)<b>"),
}
"""Each hostile construct as Markdown would act on it: not preceded by the backslash that makes it literal."""

LITERAL = {"Selectbox", "MultiSelect", "TextInput", "TextArea", "Code", "Arrow", "ArrowVegaLiteChart", "Json", "Text"}
"""Proto types whose strings are shown as they are (no Markdown)."""
SKIPPED_FIELDS = {"id", "form_id", "key", "spec", "data", "default", "value", "url", "file_id", "page_script_hash"}
"""Fields that carry identifiers, data or a literal value, not text rendered as Markdown."""

TEXT_KEYS = {
    "name",
    "notes",
    "when",
    "vendor",
    "plan",
    "bottlenecks",
    "mitigations",
    "architecture_changes",
    "checklist",
    "note",
    "backups",
    "steps",
    "title",
    "ai_provider",
    "example",
    "stated_total_label",
    "ai_phase_label",
}
"""Free-text fields of a scenario file (names, notes, lists of sentences): each gets the hostile text."""


def hostile_scenario_json() -> bytes:
    """The plan with every free-text field replaced by HOSTILE (numbered, so names stay distinct; the same text gets
    the same number, so cross-references such as a trigger's checklist item still match); still valid."""
    data = plan_scenario().model_dump(mode="json")
    numbers: dict[str, int] = {}

    def visit(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: (poison(v) if k in TEXT_KEYS else visit(v)) for k, v in node.items()}
        if isinstance(node, list):
            return [visit(v) for v in node]
        return node

    def poison(value: Any) -> Any:
        if isinstance(value, str):
            return f"{HOSTILE} {numbers.setdefault(value, len(numbers))}"
        if isinstance(value, list):
            return [poison(v) if isinstance(v, str) else visit(v) for v in value]
        return visit(value)

    raw = json.dumps(visit(data)).encode()
    parse_scenario(raw, source="hostile.json")  # the file is valid: the app must show it, not refuse it
    return raw


def _strings(msg: Message) -> Iterator[str]:
    for field, value in msg.ListFields():
        if field.name in SKIPPED_FIELDS:
            continue
        values = [value] if isinstance(value, str | bytes | Message) or not hasattr(value, "__iter__") else list(value)
        for v in values:
            if isinstance(v, str):
                yield v
            elif isinstance(v, Message) and type(v).__name__ not in LITERAL:
                yield from _strings(v)


def markdown_strings(at: AppTest) -> list[str]:
    """Every string of the app's elements that Streamlit renders as Markdown (main area, sidebar, toasts)."""
    out: list[str] = []

    def walk(node: Any) -> None:
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message) and type(proto).__name__ not in LITERAL:
            out.extend(_strings(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return out


def live_constructs(at: AppTest) -> list[tuple[str, str]]:
    return [(name, s[:200]) for s in markdown_strings(at) for name, rx in LIVE.items() if rx.search(s)]


def upload_hostile(at: AppTest) -> AppTest:
    at.switch_page("views/scenarios.py").run()
    at.file_uploader(key="scenario_upload").set_value((f"{HOSTILE}.json", hostile_scenario_json(), "application/json")).run()
    assert not at.exception, [e.message[:300] for e in at.exception]
    assert not at.error, [e.value[:300] for e in at.error]
    return at


def test_the_hostile_scenario_is_valid_and_carries_the_text_everywhere() -> None:
    scenario = parse_scenario(hostile_scenario_json(), source="hostile.json")
    assert scenario.name.startswith(HOSTILE)
    assert all(lv.name.startswith(HOSTILE) for lv in scenario.levels)
    assert all(b.startswith(HOSTILE) for lv in scenario.levels for b in lv.bottlenecks)
    assert all(p.name.startswith(HOSTILE) for p in scenario.ai.optimisation_phases)
    assert all(c.name.startswith(HOSTILE) for c in scenario.caching.caches)


@pytest.mark.parametrize("page", PAGES)
def test_an_uploaded_hostile_scenario_renders_literally_on_every_page(page: str) -> None:
    at = upload_hostile(AppTest.from_file(str(APP), default_timeout=120).run())
    # Open every sidebar group and every lazy panel, so the labels and help of every control are drawn too.
    from ui.sidebar import GROUP_ORDER, group_key

    for g in GROUP_ORDER:
        at.session_state[group_key(g)] = True
    from ui.panels import LAZY

    for panel in LAZY:
        at.session_state[panel] = True
    at.switch_page(page).run()
    assert not at.exception, [e.message[:300] for e in at.exception]
    shown = markdown_strings(at)
    assert any("evil.example" in s for s in shown), "the hostile text is not shown at all: the test would prove nothing"
    assert live_constructs(at) == []


def test_capacity_tabs_and_tier_detail_levels_render_literally() -> None:
    """The lazy Capacity tabs (each drawn only when chosen) and every level on Tier detail."""
    at = upload_hostile(AppTest.from_file(str(APP), default_timeout=120).run())
    at.switch_page("views/capacity.py").run()
    for tab in ("Upgrade ladder", "Targets and checklists", "Capacity of each level"):
        at.session_state["capacity_tab"] = tab
        at.run()
        assert not at.exception
        assert live_constructs(at) == [], tab
    at.switch_page("views/tier_detail.py").run()
    for dau in plan_scenario().tiers_dau:
        at.selectbox(key="tier_detail_tier").set_value(dau).run()
        assert not at.exception
        assert live_constructs(at) == [], dau


HOSTILE_PARAM_NAME = "[Session expired, log in](https://evil.example/login)"


@pytest.mark.parametrize("page", PAGES)
def test_a_hostile_share_link_renders_literally_on_every_page(page: str) -> None:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params = {
        "name": HOSTILE,
        HOSTILE_PARAM_NAME: HOSTILE,  # refused (no such setting): its name is quoted in a warning and a toast
        "ai.calls_per_dau_per_day": HOSTILE,  # refused (not a number): its value is quoted
        "scenario": HOSTILE,  # no such shipped scenario: quoted
    }
    at.run()
    assert not at.exception, [e.message[:300] for e in at.exception]
    quoted = [w.value for w in at.warning] + [t.proto.body for t in at.toast]
    assert any("evil" in q for q in quoted), quoted  # the refusals quote the hostile text (escaped)
    assert live_constructs(at) == []
    at.switch_page(page).run()
    assert not at.exception, [e.message[:300] for e in at.exception]
    assert any("evil.example" in s for s in markdown_strings(at))  # the hostile name is shown on the page
    assert live_constructs(at) == []
