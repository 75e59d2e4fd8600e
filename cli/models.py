"""``python -m model models`` (the price catalogue, and models compared at a DAU) and ``owncase`` (the own model as
a business case). Registered through ``register(add)`` like ``cli.analysis``; ``price_choice`` is the
``--prices pinned|library`` option the summary and audit commands share.
"""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Callable
from typing import Any

from cli.analysis import _dau_arg, _records, _render, _usage_error, resolve_scenario
from model import formatting as fmt
from model.scenario import Scenario

Add = Callable[..., argparse.ArgumentParser]
PRICE_CHOICES = ("pinned", "library")


def add_price_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--prices",
        choices=PRICE_CHOICES,
        help="token prices: the ones the scenario pins (the plan's calibration) or the installed price library's",
    )


def price_choice(scenario: Scenario, choice: str | None) -> Scenario:
    """``scenario`` with ai.price_source set to ``choice`` (unchanged when None); a scenario that pins no prices
    cannot use 'pinned'."""
    if choice is None or choice == scenario.ai.price_source:
        return scenario
    if choice == "pinned" and scenario.ai.pinned_prices is None:
        raise _usage_error("--prices pinned: this scenario pins no prices (ai.pinned_prices); use --prices library")
    from model.overrides import with_overrides

    return with_overrides(scenario, {"ai.price_source": choice}, source="--prices")


def _provider(text: str | None) -> str | None:
    from model.prices import catalogue

    if text is None:
        return None
    known = sorted({e.provider for e in catalogue()})
    if text.lower() in known:
        return text.lower()
    near = difflib.get_close_matches(text.lower(), known, n=3, cutoff=0.4)
    hint = f"; closest known: {', '.join(near)}" if near else f"; known: {', '.join(known[:8])}, ..."
    raise _usage_error(f"--provider: genai-prices has no provider {text!r}{hint}")


def cmd_models(args: argparse.Namespace) -> str:
    from model.prices import UnknownModelError, search_catalogue, snapshot

    provider = _provider(args.provider)
    entries = search_catalogue(provider=provider, search=args.search, chat_only=args.compare, korean=args.korean)
    snap = snapshot()
    if not args.compare:
        if args.model:
            raise _usage_error("--model: only with --compare")
        rows = [
            {
                "provider": e.provider,
                "model": e.model,
                "name": e.name,
                "input_usd_per_mtok": e.input_usd_per_mtok,
                "cached_input_usd_per_mtok": e.cached_input_usd_per_mtok,
                "cache_write_usd_per_mtok": e.cache_write_usd_per_mtok,
                "output_usd_per_mtok": e.output_usd_per_mtok,
                "tiered": e.tiered,
                "tier_starts_at_input_tokens": e.tier_starts_at_input_tokens,
                "deprecated": e.deprecated,
                "korean": e.korean,
                "snapshot": f"{snap.package} {snap.version}",
                "snapshot_date": snap.checked.isoformat() if snap.checked else None,
            }
            for e in entries
        ]
        if args.format != "table":
            return _render(rows, args.format)
        if not rows:
            return f"No model matches. Prices: {snap.label}.\n"

        def price(v: Any) -> str:
            return "-" if v is None else f"${v:,.4g}"

        columns: dict[str, Callable[[Any], str]] = {
            "provider": str,
            "model": str,
            "input_usd_per_mtok": price,
            "cached_input_usd_per_mtok": price,
            "cache_write_usd_per_mtok": price,
            "output_usd_per_mtok": price,
            "tiered": lambda v: "tiers" if v else "",
        }
        return _render(rows, "table", columns) + f"\n{len(rows):,} models; USD per million tokens. Prices: {snap.label}.\n"

    from model.modelcompare import AI_USD_PER_MONTH, compare_models

    scenario = price_choice(resolve_scenario(args.scenario), args.prices)
    dau = _dau_arg(args.dau) if args.dau else float(scenario.tiers_dau[-1])
    candidates: list[tuple[str, str | None]] = [(m, provider) for m in args.model or []]
    if not args.model:
        candidates = [(e.model, e.provider) for e in entries]
    try:
        frame = compare_models(scenario, dau, candidates)
    except UnknownModelError as exc:
        raise _usage_error(f"--model: {exc}") from None
    rows = _records(frame)
    if args.format != "table":
        return _render(rows, args.format)
    columns = {
        "option": str,
        "provider": str,
        "usd_per_call": lambda v: f"${v:,.5f}",
        "usd_per_dau": fmt.usd_cents,
        AI_USD_PER_MONTH: fmt.usd,
    }
    return (
        f"AI cost at {dau:,.0f} DAU, cheapest first (the scenario's tokens, caches, optimisation levers and own model "
        f"kept). Prices: {snap.label}.\n" + _render(rows, "table", columns)
    )


def cmd_owncase(args: argparse.Namespace) -> str:
    import json

    from model.analysis.owncase import business_case

    scenario = price_choice(resolve_scenario(args.scenario), args.prices)
    bc = business_case(scenario)
    record = bc.as_record()
    record["months"] = _records(bc.months)
    if args.format == "json":
        return json.dumps(record, indent=2, default=str) + "\n"
    if args.format == "csv":
        return _render(record["months"], "csv")  # type: ignore[arg-type]

    def when(v: Any) -> str:
        return "never (within the timeline)" if v is None else str(v)

    ratio = bc.implied_cost_relative_to_api
    lines = [
        f"Own model from {bc.from_dau:,} DAU, serving {bc.share_of_calls_served:.0%} of calls (the rest stay on the API).",
        f"Live from: {when(bc.live_month)}. Payback month: {when(bc.payback_month)}. NPV: {fmt.usd(bc.npv_usd)}.",
        "Break-even DAU (running cost at or below the API): "
        + ("never (up to 10,000,000)" if bc.break_even_dau is None else f"{bc.break_even_dau:,.0f}"),
        f"At {bc.from_dau:,} DAU: API {fmt.usd(bc.api_usd_at_from_dau)}, this case {fmt.usd(bc.own_running_usd_at_from_dau)}"
        + ("" if ratio is None else f" ({ratio:.1%} of the API)")
        + f", the plan's share of the API {fmt.usd(bc.plan_own_model_usd_at_from_dau)}.",
        "",
    ]
    live = bc.months[(bc.months.build_usd > 0) | bc.months.own_model_live]
    columns: dict[str, Callable[[Any], str]] = {
        "month": str,
        "dau": fmt.dau,
        "api_usd": fmt.usd,
        "build_usd": fmt.usd,
        "own_case_usd": fmt.usd,
        "saving_usd": fmt.usd,
        "cumulative_saving_usd": fmt.usd,
    }
    body = _render(_records(live), "table", columns) if len(live) else "(the own model is never built within the timeline)\n"
    return "\n".join(lines) + body


def register(add: Add) -> None:
    """Add ``models`` and ``owncase`` with ``cli.main``'s ``add(name, func, help)``."""
    p = add("models", cmd_models, "The models genai-prices prices (searchable), or compared side by side at a DAU.")
    p.add_argument("--provider", metavar="ID", help="only this provider (openai, anthropic, google, ...)")
    p.add_argument("--search", metavar="WORDS", help="only models whose id, name or provider contains every word")
    p.add_argument("--korean", action="store_true", help="only Korean-language models (Upstage Solar, EXAONE, ...)")
    p.add_argument("--compare", action="store_true", help="cost per call, per DAU and per month of each model, sorted")
    p.add_argument("--model", action="append", metavar="ID", help="with --compare: a candidate (repeatable)")
    p.add_argument("--dau", metavar="N", help="with --compare: DAU (default: the scenario's largest tier)")
    add_price_option(p)
    p = add("owncase", cmd_owncase, "The own model as a business case: month by month against the API, payback, NPV.")
    add_price_option(p)


__all__ = ["add_price_option", "price_choice", "register"]
