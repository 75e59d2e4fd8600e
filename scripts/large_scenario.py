"""A large valid scenario for `make load`'s workbook run: the plan grown to N levels x M line items, R ranges and a
timeline of T months (the issue's example: 50 x 100, 200 ranges, 600 months, about 0.6 MB).

Usage: ``python scripts/large_scenario.py OUT.json [--levels 50] [--items 20] [--ranges 200] [--months 600]`` (20 line items a
level is the model's size limit).
Prints the file's size and whether the model accepts it (a scenario past the model's size limits is refused).
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from model.loading import ScenarioError, parse_scenario, plan_scenario
from model.scenario import MAX_LEVELS, MAX_LINE_ITEMS_PER_LEVEL, MAX_RANGES, MAX_TIMELINE_MONTHS


def large_scenario(*, levels: int, items: int, ranges: int, months: int) -> dict:
    """The plan with ``levels`` levels (DAU 10k, 20k, ...), each of ``items`` line items, ``ranges`` ranges on line
    items, and milestones spread so the timeline runs ``months`` months from January 2026."""
    data = plan_scenario().model_dump(mode="json")
    template = data["levels"][0]
    cap_template = data["capacity"]["levels"][0]
    data["levels"], data["capacity"]["levels"], milestones = [], [], []
    for n in range(1, levels + 1):
        level = copy.deepcopy(template)
        level.update(number=n, name=f"Level {n}: {10 * n}k DAU", dau=10_000 * n, checklist=[])
        level["stated_ai"] = {"api_usd_per_month": None, "own_model_usd_per_month": None, "basis": "api"}
        level["line_items"] = [
            {"vendor": f"Vendor {j}", "plan": f"Plan {n}.{j}", "category": "compute", "usd_per_month": 10.0 * n + j,
             "negotiated": False, "reserved_eligible": j % 2 == 0}
            for j in range(items)
        ]  # fmt: skip
        data["levels"].append(level)
        cap = copy.deepcopy(cap_template)
        cap["level"] = n
        data["capacity"]["levels"].append(cap)
        month = (n - 1) * (months - 1) // max(1, levels - 1)
        milestones.append({"level": n, "month": f"{2026 + month // 12}-{month % 12 + 1:02d}"})
    data["capacity"]["triggers"] = []
    data["tiers_dau"] = [10_000 * n for n in range(1, levels + 1, max(1, levels // 5))]
    data["ranges"] = {
        f"levels.{k % levels}.line_items.{(k // levels) % items}.usd_per_month": {
            "low": 1.0, "high": 5_000.0, "distribution": "uniform", "note": f"range {k}"
        }
        for k in range(ranges)
    }  # fmt: skip
    last = months - 1
    data["timeline"].update(milestones=milestones, end_month=f"{2026 + last // 12}-{last % 12 + 1:02d}")
    data["stated_costs"] = []
    data["name"] = f"Large: {levels} levels x {items} items, {ranges} ranges, {months} months"
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--levels", type=int, default=MAX_LEVELS)
    parser.add_argument("--items", type=int, default=MAX_LINE_ITEMS_PER_LEVEL)
    parser.add_argument("--ranges", type=int, default=MAX_RANGES)
    parser.add_argument("--months", type=int, default=MAX_TIMELINE_MONTHS - 1)
    args = parser.parse_args(argv)
    raw = json.dumps(large_scenario(levels=args.levels, items=args.items, ranges=args.ranges, months=args.months)).encode()
    args.out.write_bytes(raw)
    try:
        parse_scenario(raw, source=str(args.out))
    except ScenarioError as exc:
        print(f"{args.out}: {len(raw):,} bytes, refused: {exc}")
        return 2
    print(f"{args.out}: {len(raw):,} bytes, valid")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
