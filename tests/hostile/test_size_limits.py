"""Scenario size limits: bounded work per request.

A scenario at every limit at once is valid and every command (the workbook export included) runs on it; one entry
past any limit is refused with one line naming the field and the limit. (How long the largest scenario takes is
measured, not asserted: see model/scenario.py's note on the limits and the README.)
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

import cli.main as cli
from model import scenario as sc
from model.loading import PLAN_SCENARIO, ScenarioError, parse_scenario

PLAN: dict[str, Any] = json.loads(PLAN_SCENARIO.read_text())
CATEGORIES = ["hosting", "database", "cache", "compute", "cdn", "monitoring", "other"]


def largest(
    *,
    levels: int = sc.MAX_LEVELS,
    items: int = sc.MAX_LINE_ITEMS_PER_LEVEL,
    tiers: int = sc.MAX_TIERS,
    ranges: int = sc.MAX_RANGES,
    months: int = sc.MAX_TIMELINE_MONTHS,
    caches: int = sc.MAX_CACHES,
    phases: int = sc.MAX_PHASES,
    checklist: int = sc.MAX_TEXT_ITEMS,
) -> dict[str, Any]:
    """The plan grown to the given sizes (each default: its limit)."""
    obj = copy.deepcopy(PLAN)
    template, cap_template = obj["levels"][1], obj["capacity"]["levels"][1]
    obj["levels"], obj["capacity"]["levels"] = [], []
    for k in range(levels):
        lv = copy.deepcopy(template)
        lv.update(number=k + 1, dau=10_000 + 20_000 * k, name=f"Level {k + 1}")
        lv["line_items"] = [
            {"vendor": f"V{k}.{i}", "plan": "p", "category": CATEGORIES[i % 7], "usd_per_month": 100.0 + i} for i in range(items)
        ]
        lv["checklist"] = [f"Item {k}.{i}" for i in range(checklist)]
        obj["levels"].append(lv)
        obj["capacity"]["levels"].append({**cap_template, "level": k + 1})
    obj["capacity"]["triggers"] = []
    obj["provenance"] = {p: v for p, v in obj["provenance"].items() if not p.startswith(("levels.", "capacity.levels."))}
    obj["tiers_dau"] = [10_000 + 15_000 * k for k in range(tiers)]
    while len(obj["caching"]["caches"]) < caches:
        extra = {**obj["caching"]["caches"][0], "id": f"extra_{len(obj['caching']['caches'])}", "share_of_db_reads": 0.0}
        obj["caching"]["caches"].append(extra)
    obj["ai"]["optimisation_phases"] = [{"name": f"P{i}", "from_dau": 1000 * i, "cost_multiplier": 0.99} for i in range(phases)]
    paths = [f"levels.{a}.line_items.{b}.usd_per_month" for b in range(items) for a in range(levels)]
    kept = dict(list(obj["ranges"].items())[: min(ranges, len(obj["ranges"]))])
    for p in (p for p in paths if p not in kept):
        if len(kept) == ranges:
            break
        kept[p] = {"low": 50.0, "high": 500.0}
    obj["ranges"] = kept
    obj["timeline"]["milestones"] = [{"level": i + 1, "month": f"{2026 + i // 12}-{i % 12 + 1:02d}"} for i in range(levels)]
    last = months - 1  # the first milestone is 2026-01, month 0
    obj["timeline"]["end_month"] = f"{2026 + last // 12}-{last % 12 + 1:02d}"
    return obj


def error_for(obj: dict[str, Any]) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(json.dumps(obj), source="big.json")
    return info.value


def test_the_largest_scenario_is_valid():
    s = parse_scenario(json.dumps(largest()))
    assert len(s.levels) == sc.MAX_LEVELS and len(s.ranges) == sc.MAX_RANGES
    assert {len(lv.line_items) for lv in s.levels} == {sc.MAX_LINE_ITEMS_PER_LEVEL}


@pytest.mark.parametrize(
    ("sizes", "field", "limit"),
    [
        ({"levels": sc.MAX_LEVELS + 1}, "levels", sc.MAX_LEVELS),
        ({"items": sc.MAX_LINE_ITEMS_PER_LEVEL + 1}, "levels.0.line_items", sc.MAX_LINE_ITEMS_PER_LEVEL),
        ({"tiers": sc.MAX_TIERS + 1}, "tiers_dau", sc.MAX_TIERS),
        ({"ranges": sc.MAX_RANGES + 1}, "ranges", sc.MAX_RANGES),
        ({"caches": sc.MAX_CACHES + 1}, "caching.caches", sc.MAX_CACHES),
        ({"phases": sc.MAX_PHASES + 1}, "ai.optimisation_phases", sc.MAX_PHASES),
        ({"checklist": sc.MAX_TEXT_ITEMS + 1}, "levels.0.checklist", sc.MAX_TEXT_ITEMS),
    ],
)
def test_one_past_a_limit_is_refused_naming_field_and_limit(sizes, field, limit):
    err = error_for(largest(**sizes))
    assert err.field == field
    assert err.rule.startswith(f"at most {limit:,} entries (a scenario size limit; it has {limit + 1:,})")


def test_a_timeline_one_month_past_the_limit_is_refused():
    err = error_for(largest(months=sc.MAX_TIMELINE_MONTHS + 1))
    assert (err.field, err.rule) == (
        "timeline.end_month",
        f"a timeline may span at most {sc.MAX_TIMELINE_MONTHS} months (a scenario size limit)",
    )


@pytest.fixture(scope="module")
def largest_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("largest") / "largest.json"
    path.write_text(json.dumps(largest()))
    return path


@pytest.mark.parametrize(
    "argv",
    [
        ["summary"],
        ["audit"],
        ["capacity", "--dau", "150000"],
        ["sensitivity"],
        ["simulate", "--draws", "1000"],
        ["timeline", "--checklists"],
        ["selfhosted"],
        ["economics"],
    ],
    ids=lambda a: a[0] + ("-checklists" if "--checklists" in a else ""),
)
def test_every_command_runs_on_the_largest_scenario(capsys, largest_file, argv):
    assert cli.main([*argv, "--scenario", str(largest_file), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and json.loads(out)


def test_the_largest_scenario_exports(capsys, largest_file, tmp_path):
    pytest.importorskip("openpyxl")
    out = tmp_path / "largest.xlsx"
    assert cli.main(["export", "--scenario", str(largest_file), "--out", str(out)]) == 0
    assert out.stat().st_size > 0 and capsys.readouterr().err == ""
