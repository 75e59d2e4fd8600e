"""docs/drivers.md is generated from the Specs (``make drivers``) and kept up to date."""

from __future__ import annotations

from pathlib import Path

from model.driver_table import DOC_PATH_IN_REPO, markdown

ROOT = Path(__file__).resolve().parents[2]


def test_published_driver_table_is_up_to_date():
    published = (ROOT / DOC_PATH_IN_REPO).read_text(encoding="utf-8")
    assert published == markdown(), "docs/drivers.md is out of date with model/scenario.py: run `make drivers`"


def test_the_table_shows_each_driver_from_its_declaration():
    rows = {line.split(" | ")[0].strip("| `"): line for line in markdown().splitlines() if line.startswith("| `")}
    # 12 scalar drivers + model share, phase multiplier, cache hit rate, line item price + revenue (goal seek only)
    assert len(rows) == 16
    calls = rows["ai.calls_per_dau_per_day"]
    # the schema's bounds (ge=0, le=10_000), the slider's (0..10 by 0.1) and the Excel name
    assert (
        "| AI calls per DAU per day | calls/DAU/day | AI | 0 .. 10,000 | 0 .. 10, step 0.1 | `calls_per_dau_per_day` |" in calls
    )
    assert "`discount_low` .. `discount_high`" in rows["reserved_instances.discount"]
    assert "max(1,000, 4 x value), step 1 (100 above 5,000)" in rows["levels.*.line_items.*.usd_per_month"]
    # Excel name and Params attribute differ for the prompt-cache share
    assert "| `prompt_cache_share` | `prompt_cache_share_of_input` |" in rows["ai.prompt_cache_share_of_input"]
