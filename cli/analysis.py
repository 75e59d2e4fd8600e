"""The analysis commands of ``python -m model``: compare, sensitivity, simulate, timeline, selfhosted, economics.

Registered by ``cli.main.build_parser`` through ``register(add)``. Every command
prints one of table (for people), json or csv (raw numbers) and reads only the
analysis results; nothing here computes a cost.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from model import formatting as fmt
from model.loading import ScenarioError, load_scenario, shipped_scenarios
from model.safetext import one_line
from model.scenario import MAX_DAU, MIN_DAU, Scenario

Add = Callable[..., argparse.ArgumentParser]


def _usage_error(message: str) -> Exception:
    from cli.common import UsageError

    return UsageError(message)


def _render(rows: list[dict[str, Any]], fmt_name: str, columns: dict[str, Callable[[Any], str]] | None = None) -> str:
    from cli.common import render

    return render(rows, fmt_name, columns)


def _json(value: Any) -> str:
    from cli.common import json_text

    return json_text(value)


def resolve_scenario(ref: str | None) -> Scenario:
    """A scenario from a file path, or a shipped scenario's name ('plan', 'pessimistic', ...), with ``--set`` applied."""
    from model.settings import with_settings

    if ref is None:
        ref = "plan"
    path = Path(ref)
    if path.suffix == ".json" or path.exists():
        return with_settings(load_scenario(path))
    shipped = shipped_scenarios()
    if ref in shipped:
        return with_settings(load_scenario(shipped[ref]))
    raise ScenarioError(ref, "", f"no such file, and no shipped scenario of that name (shipped: {', '.join(shipped)})")


def _dau_arg(text: str) -> float:
    """'500000', '500_000', '500k' or '1M' -> DAU."""
    t = text.strip().lower().replace("_", "").replace(",", "")
    scale = {"k": 1e3, "m": 1e6}.get(t[-1:], 1.0)
    try:
        value = float(t[:-1] if scale != 1.0 else t) * scale
    except ValueError:
        raise _usage_error(f"--tier: expected a DAU such as 500000 or 500k, got {text!r}") from None
    if not MIN_DAU <= value <= MAX_DAU:  # also refuses NaN and infinity
        raise _usage_error(f"--tier: must be a DAU from {MIN_DAU:,} to {MAX_DAU:,}")
    return value


def _num(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, float) and abs(v) < 10:
        return f"{v:,.4g}"
    if isinstance(v, int | float) and not isinstance(v, bool):
        return fmt.number(v)
    text = str(v)
    return text if len(text) <= 40 else text[:37] + "..."


def _plain(value: Any) -> Any:
    """numpy scalars -> Python numbers for JSON; NaN (a missing value in a frame) -> None, which JSON allows."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value


def _records(frame: Any) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


# --- compare ------------------------------------------------------------------------


def cmd_compare(args: argparse.Namespace) -> str:
    from model.analysis.compare import MAX_SCENARIOS, MIN_SCENARIOS, compare

    if not MIN_SCENARIOS <= len(args.scenarios) <= MAX_SCENARIOS:
        raise _usage_error(f"compare: give {MIN_SCENARIOS} to {MAX_SCENARIOS} scenarios (got {len(args.scenarios)})")
    from cli.currency import fx_from_args, rate_note, with_currency

    fx = fx_from_args(args)
    cmp = compare([resolve_scenario(ref) for ref in args.scenarios])
    costs_rows = _records(cmp.cost_frame())
    costs_rows = costs_rows if fx is None else [with_currency(r, fx) for r in costs_rows]
    diff_rows = [{"path": d.path, "label": d.label, **dict(zip(cmp.labels, d.values, strict=True))} for d in cmp.differences]
    if args.format == "json":
        return _json({"scenarios": list(cmp.labels), "costs": costs_rows, "differences": diff_rows})
    if args.format == "csv":
        return _render(diff_rows if args.differences else costs_rows, "csv")
    wide = _records(cmp.wide_frame("total_usd"))
    money, money_cents, code = _money_formats(fx)
    out = "" if fx is None else rate_note(fx)
    out += f"Monthly total ({code})\n" + _render(wide, "table", {"dau": fmt.dau, **{label: money for label in cmp.labels}})
    cpd = _records(cmp.wide_frame("cost_per_dau_usd"))
    out += f"\nCost per DAU ({code} per month)\n" + _render(
        cpd, "table", {"dau": fmt.dau, **{label: money_cents for label in cmp.labels}}
    )
    out += f"\nAssumptions that differ from '{one_line(cmp.labels[0], 200)}' ({len(diff_rows)}):\n"
    if diff_rows:
        out += _render(diff_rows, "table", {"path": str, **{label: _num for label in cmp.labels}})
    else:
        out += "(none)\n"
    return out


# --- sensitivity ----------------------------------------------------------------------


def cmd_sensitivity(args: argparse.Namespace) -> str:
    from model.analysis.sensitivity import tornado

    scenario = resolve_scenario(args.scenario)
    dau = _dau_arg(args.tier) if args.tier else float(scenario.tiers_dau[-1])
    t = tornado(scenario, dau)
    rows = _records(t.to_frame())
    if args.format != "table":
        return _render(rows, args.format)
    columns: dict[str, Callable[[Any], str]] = {
        "label": str,
        "low_value": _num,
        "high_value": _num,
        "low_cost_per_dau_usd": fmt.usd_cents,
        "high_cost_per_dau_usd": fmt.usd_cents,
        "swing_usd": lambda v: fmt.usd_cents(v) if abs(v) >= fmt.ABSURD else f"${v:,.3f}",
    }
    head = f"Cost per DAU at {fmt.dau(dau)} DAU: {fmt.usd_cents(t.base_cost_per_dau_usd)} ({fmt.usd(t.base_total_usd)} a month). "
    head += "Each driver moved alone to its low and high value; largest swing first.\n"
    return head + _render(rows, "table", columns)


# --- simulate -------------------------------------------------------------------------


def cmd_simulate(args: argparse.Namespace) -> str:
    from model.analysis.montecarlo import MAX_DRAWS, simulate

    if not 1 <= args.draws <= MAX_DRAWS:
        raise _usage_error(f"--draws: must be between 1 and {MAX_DRAWS:,}")
    if args.seed < 0:
        raise _usage_error("--seed: must be a non-negative whole number")
    if args.budget is not None and not (args.budget > 0 and np.isfinite(args.budget)):
        raise _usage_error("--budget: must be a positive number of USD per DAU per month")
    scenario = resolve_scenario(args.scenario)
    sim = simulate(scenario, draws=args.draws, seed=args.seed, budget_usd_per_dau=args.budget)
    rows = _records(sim.bands())
    for r in rows:
        r["dau"] = int(r["dau"])
    if args.format != "table":
        return _render(rows, args.format)
    columns: dict[str, Callable[[Any], str]] = {
        "dau": fmt.dau,
        "p10": fmt.usd,
        "p50": fmt.usd,
        "p90": fmt.usd,
        "deterministic_usd": fmt.usd,
        "cost_per_dau_p10": fmt.usd_cents,
        "cost_per_dau_p50": fmt.usd_cents,
        "cost_per_dau_p90": fmt.usd_cents,
        "prob_over_budget": lambda v: fmt.pct(v, 1),
    }
    head = (
        f"Monte Carlo: {sim.draws:,} draws, seed {sim.seed}, {len(sim.ranges)} driver ranges. "
        f"Monthly total in USD; prob_over_budget = share of draws with cost per DAU above {fmt.usd_cents(sim.budget_usd_per_dau)}.\n"
    )
    return head + _render(rows, "table", columns)


# --- timeline ----------------------------------------------------------------------------


def _money_formats(fx: Any) -> tuple[Callable[[Any], str], Callable[[Any], str], str]:
    """Whole amounts, per-DAU amounts and the code: USD as before, or converted with the --currency rate (Babel)."""
    if fx is None:
        return fmt.usd, fmt.usd_cents, "USD"
    from i18n.money import decimals, format_amount

    def whole(v: Any) -> str:
        return format_amount(v * fx.rate, fx.currency, locale="en_US")

    def per_dau(v: Any) -> str:
        return format_amount(v * fx.rate, fx.currency, locale="en_US", digits=decimals(fx.currency, cents=True))

    return whole, per_dau, fx.currency


def cmd_timeline(args: argparse.Namespace) -> str:
    from cli.currency import fx_from_args, rate_note, table_columns, with_currency
    from cli.upgrades import with_policy
    from model.analysis.timeline import project

    fx = fx_from_args(args)
    tl = project(with_policy(args, resolve_scenario(args.scenario)))
    if args.checklists:
        rows = _records(tl.checklist_frame())
        if args.format != "table":
            return _render(rows, args.format)
        return _render(rows, "table", {"due_month": str, "reached_month": str, "level_name": str, "item": str})
    rows = _records(tl.months)
    rows = rows if fx is None else [with_currency(r, fx) for r in rows]
    if args.format == "json":
        doc: dict[str, Any] = {"months": rows, "checklists": _records(tl.checklist_frame())}
        if tl.policy != "as-written":
            doc["upgrades_policy"] = tl.policy
            doc["purchases"] = _records(tl.purchase_frame())
            doc["shortfalls"] = [{"month": m, "resource": s.resource, "dau": s.dau, "text": s.text} for m, s in tl.shortfalls]
        return _json(doc)
    if args.format == "csv":
        return _render(rows, "csv")
    columns: dict[str, Callable[[Any], str]] = {
        "month": str,
        "dau": fmt.number,
        "level": str,
        "infrastructure_usd": fmt.usd,
        "ai_usd": fmt.usd,
        "total_usd": fmt.usd,
        "cumulative_usd": fmt.usd,
        "cost_per_dau_usd": fmt.usd_cents,
    }
    out = "" if fx is None else rate_note(fx)
    out += f"Monthly projection ({tl.growth} growth between milestones).\n" + _render(
        rows, "table", columns if fx is None else table_columns(columns, fx)
    )
    out += f"\nChecklists (due {tl.lead_months} months before the level's DAU is reached):\n"
    for c in tl.checklists:
        when = f"due {c.due_month} (DAU reached {c.reached_month})" if c.due_month else "not reached within the timeline"
        late = " - already due before the timeline starts" if c.due_before_start else ""
        out += f"- {one_line(c.level_name, 200)}: {when}{late}: {one_line('; '.join(c.items), 2000)}\n"
    if tl.policy != "as-written":
        out += "\nPlans bought just in time (charged from that month; the old plan too in that month):\n"
        for p in tl.purchases:
            out += (
                f"- {p.month}: {one_line(p.label, 200)}: {one_line(p.from_plan, 200)} -> {one_line(p.to_plan, 200)} "
                f"({fmt.usd(p.usd_per_month)}/month), needed by {p.needed_month} at {fmt.number(p.needed_dau)} DAU\n"
            )
        for month, s in tl.shortfalls:
            out += f"- error from {month}: {one_line(s.text, 1000)}\n"
    return out


# --- self-hosted -------------------------------------------------------------------------


def cmd_selfhosted(args: argparse.Namespace) -> str:
    from model.analysis.selfhosted import compare_self_hosted

    cmp = compare_self_hosted(resolve_scenario(args.scenario))
    rows = _records(cmp.frame)
    for r in rows:
        r["dau"], r["gpus"] = int(r["dau"]), int(r["gpus"])
    if args.format == "json":
        body = {
            "tiers": rows,
            "break_even_dau": cmp.break_even_dau,
            "crossings": [{"dau": d, "cheaper_above": side} for d, side in cmp.crossings],
            "search_dau": [cmp.search_low_dau, cmp.search_high_dau],
        }
        return _json(body)
    if args.format == "csv":
        return _render(rows, "csv")
    columns: dict[str, Callable[[Any], str]] = {
        "dau": fmt.dau,
        "peak_tokens_per_second": fmt.number,
        "gpus": str,
        "self_hosted_usd": fmt.usd,
        "api_usd": fmt.usd,
        "plan_own_model_usd": fmt.usd,
        "cheaper": str,
    }
    out = _render(rows, "table", columns)
    if cmp.break_even_dau is None:
        out += f"\nSelf-hosting never costs less than the API between {fmt.dau(cmp.search_low_dau)} and {fmt.dau(cmp.search_high_dau)} DAU.\n"
    elif cmp.break_even_dau <= cmp.search_low_dau:
        out += f"\nSelf-hosting costs less than the API from {fmt.dau(cmp.search_low_dau)} DAU (the bottom of the search) on.\n"
    else:
        out += f"\nSelf-hosting first costs no more than the API at {fmt.number(cmp.break_even_dau)} DAU.\n"
    if len(cmp.crossings) > 1:
        out += (
            "The cheaper option changes at: "
            + ", ".join(f"{fmt.number(d)} DAU ({side} above)" for d, side in cmp.crossings)
            + "\n"
        )
    return out


# --- economics -------------------------------------------------------------------------------


def cmd_economics(args: argparse.Namespace) -> str:
    from model.analysis.economics import BREAK_EVEN_PER_DAU, REVENUE_PER_DAU, economics_frame, unit_economics
    from model.overrides import with_overrides
    from model.result import evaluate
    from model.solve import REVENUE_PATH

    if args.revenue is not None and not (args.revenue >= 0 and np.isfinite(args.revenue)):
        raise _usage_error("--revenue: must be a non-negative number of USD per DAU per month")
    scenario = resolve_scenario(args.scenario)
    if args.revenue is not None:  # the revenue driver set, as --set or a slider would
        try:
            scenario = with_overrides(scenario, {REVENUE_PATH: float(args.revenue)}, source="--revenue")
        except ScenarioError as exc:
            raise _usage_error(f"--revenue: {exc.rule}") from None
    rows = _records(economics_frame(unit_economics(scenario, evaluate(scenario))))
    if args.format != "table":
        return _render(rows, args.format)

    def share(v: Any) -> str:
        return "-" if v is None or (isinstance(v, float) and np.isnan(v)) else fmt.pct(v, 1)

    columns: dict[str, Callable[[Any], str]] = {
        "dau": fmt.dau,
        "revenue_usd": fmt.usd,
        "total_usd": fmt.usd,
        "gross_margin_usd": fmt.usd,
        "gross_margin": share,
        "ai_share_of_revenue": share,
        BREAK_EVEN_PER_DAU: fmt.usd_cents,
    }
    return f"Revenue {fmt.usd_cents(rows[0][REVENUE_PER_DAU])} per DAU per month.\n" + _render(rows, "table", columns)


def _currency_arguments(p: Any) -> None:
    from cli.currency import add_currency_arguments

    add_currency_arguments(p)


def register(add: Add) -> None:
    """Add the analysis commands with ``cli.main``'s ``add(name, func, help)``."""
    p = add(
        "compare",
        cmd_compare,
        "Two to four scenarios side by side, and every assumption that differs.",
        scenario=False,
        settings=True,
    )
    p.add_argument(
        "scenarios", nargs="+", metavar="SCENARIO", help="a scenario file, or a shipped scenario's name (plan, pessimistic, ...)"
    )
    p.add_argument("--differences", action="store_true", help="with --format csv: the differing assumptions instead of the costs")
    _currency_arguments(p)
    p = add("sensitivity", cmd_sensitivity, "Tornado: cost per DAU with each driver at its low and high value.")
    p.add_argument("--tier", metavar="DAU", help="DAU to evaluate at, e.g. 500000 or 500k (default: the largest tier)")
    p = add("simulate", cmd_simulate, "Monte Carlo over the scenario's driver ranges: P10/P50/P90 of the monthly total per tier.")
    p.add_argument("--draws", type=int, default=10_000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--budget", type=float, metavar="USD", help="cost per DAU per month budget (default: the scenario's)")
    p = add("timeline", cmd_timeline, "Monthly DAU and spend from the milestones, and when each checklist is due.")
    p.add_argument(
        "--checklists", action="store_true", help="list the checklist items with their due months instead of the months"
    )
    _currency_arguments(p)
    from cli.upgrades import add_options as add_upgrade_options

    add_upgrade_options(p)
    add("selfhosted", cmd_selfhosted, "A self-hosted model costed as GPUs against the API; the DAU at which it wins.")
    p = add("economics", cmd_economics, "Gross margin, AI share of revenue and break-even revenue per DAU, per tier.")
    p.add_argument("--revenue", type=float, metavar="USD", help="revenue per DAU per month (default: the scenario's)")
