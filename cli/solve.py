"""``python -m model solve``: goal seek from the command line (``model.solve``).

Registered by ``cli.main.build_parser`` through ``register(add)``. ``--format json`` prints the solution's
record: driver, value (unrounded), target, at, achieved, bounds, iterations, and also label, goal, wanted,
status ('crossing', 'step', 'all_meet'), beyond / beyond_value (the miss just past the answer),
current_value and current_result. With ``--solve-for month``: target, wanted, goal, month, month_index,
dau, achieved, previous_month, previous.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable

from model import precision
from model.scenario import Scenario
from model.settings import EXAMPLE_PATH
from model.solve import MAX_TARGET_VALUE as MAX_VALUE
from model.solve import TARGETS, NoSolution, Solution, solve_dau, solve_driver, solve_month

Add = Callable[..., argparse.ArgumentParser]
SOLVE_FOR = ("driver", "dau", "month")


def _usage(message: str) -> Exception:
    from cli.common import UsageError

    return UsageError(message)


def _scenario(ref: str | None) -> Scenario:
    from cli.analysis import resolve_scenario

    return resolve_scenario(ref)


def _json(value: object) -> str:
    """Strict JSON, as every command prints it (``cli.common.json_text``: non-finite numbers as null)."""
    from cli.common import json_text

    return json_text(value)


def _number(flag: str, text: str | None, *, dau: bool = False) -> float:
    """'0.30', '100000', '100_000', '500k' (DAU) -> float; UsageError naming the flag otherwise."""
    if text is None:
        raise _usage(f"{flag}: required")
    t = text.strip().lower().replace("_", "").replace(",", "")
    scale = {"k": 1e3, "m": 1e6}.get(t[-1:], 1.0) if dau else 1.0
    try:
        value = float(t[:-1] if scale != 1.0 else t) * scale
    except ValueError:
        raise _usage(f"{flag}: expected a number, got {text!r}") from None
    if not math.isfinite(value):
        raise _usage(f"{flag}: must be a finite number")
    if dau and not 1 <= value <= 100_000_000:
        raise _usage(f"{flag}: a DAU must be at least 1 and at most 100,000,000 (got {text})")
    if abs(value) > MAX_VALUE:
        raise _usage(f"{flag}: must be between -{MAX_VALUE:,.0f} and {MAX_VALUE:,.0f} (got {text})")
    return value


def _shown(target: str, value: float, reference: float) -> tuple[str, str]:
    display = TARGETS[target].display
    if display == "fraction":
        return precision.pct_against(value, reference, least=1)
    return precision.usd_against(value, reference, least=2 if display == "usd_cents" else 0)


def _driver_text(s: Solution) -> str:
    at = f" at {s.at:,.0f} DAU" if s.at is not None else ""
    sign = "at most" if s.goal == "at_most" else "at least"
    achieved, wanted = _shown(s.target, s.achieved, s.wanted)
    if s.status == "all_meet":
        return f"Every value of {s.label} in {s.bounds[0]:g} to {s.bounds[1]:g} keeps {s.target} {sign} {wanted}{at}: now {s.current_value:g} gives {achieved}.\n"
    value = f"{s.value:,.0f}" if s.driver == "dau" else f"{s.value:.12g}"
    out = f"{s.label} = {value} gives {s.target} {achieved}{at} ({sign} {wanted}: met).\n"
    if s.beyond is not None and s.beyond_value is not None:
        beyond, _ = _shown(s.target, s.beyond, s.wanted)
        past = f"{s.beyond_value:,.0f}" if s.driver == "dau" else f"{s.beyond_value:.12g}"
        kind = (
            "a step: the result jumps past the target here, there is no value in between that hits it exactly. "
            if s.status == "step"
            else ""
        )
        out += f"Just past it, {past} gives {beyond} (missed). {kind.capitalize()}".rstrip() + "\n"
    if s.driver != "dau":
        now, _ = _shown(s.target, s.current_result, s.wanted)
        out += f"Now: {s.current_value:.10g} gives {now}. Bounds {s.bounds[0]:g} to {s.bounds[1]:g}; {s.iterations} iterations.\n"
    return out


def cmd_solve(args: argparse.Namespace) -> str:
    """Goal seek: a driver's value, the first DAU, or the first month at which a target meets a value."""
    if args.target not in TARGETS:
        raise _usage(f"--target: no such target {args.target!r} (known: {', '.join(TARGETS)})")
    value = _number("--value", args.value)
    scenario = _scenario(args.scenario)
    try:
        if args.solve_for == "month":
            m = solve_month(scenario, target=args.target, value=value)
            if args.format == "json":
                return _json({"solve_for": "month", **m.as_record()})
            from cli.common import render

            if args.format == "csv":
                return render([m.as_record()], "csv")
            achieved, wanted = _shown(m.target, m.achieved, m.wanted)
            previous = _shown(m.target, m.previous, m.wanted)[0] if m.previous is not None else "-"
            return (
                f"{m.month} is the first month on the growth path with {m.target} {achieved} "
                f"({'at least' if m.goal == 'at_least' else 'at most'} {wanted}); {m.previous_month}: {previous}. "
                f"DAU that month: {m.dau:,.0f}.\n"
            )
        if args.solve_for == "dau":
            s = solve_dau(scenario, target=args.target, value=value)
        else:
            if not args.driver:
                raise _usage(f"--driver: required unless --solve-for dau or month (e.g. --driver {EXAMPLE_PATH})")
            at = _number("--at", args.at, dau=True)
            s = solve_driver(scenario, args.driver, target=args.target, at=at, value=value, goal=args.goal)
    except NoSolution as exc:
        raise _usage(str(exc)) from None
    if args.format == "json":
        return _json(s.as_record())
    if args.format == "csv":
        from cli.common import render

        return render([s.as_record()], "csv")
    return _driver_text(s)


def register(add: Add) -> None:
    """Add ``solve`` with ``cli.main``'s ``add(name, func, help)`` (which adds --scenario, --set and --format)."""
    p = add("solve", cmd_solve, "Goal seek: the driver value, first DAU or first month at which a result meets a target.")
    p.add_argument("--target", required=True, metavar="TARGET", help=f"one of: {', '.join(TARGETS)}")
    p.add_argument(
        "--value", required=True, metavar="X", help="the target value (USD, or a fraction for ai_share / gross_margin_pct)"
    )
    p.add_argument("--solve-for", choices=SOLVE_FOR, default="driver", help="what to find (default: a driver's value)")
    p.add_argument("--driver", metavar="PATH", help=f"the driver to move, e.g. {EXAMPLE_PATH}")
    p.add_argument("--at", metavar="DAU", help="the DAU the target is read at, e.g. 500000 or 500k")
    p.add_argument(
        "--goal",
        choices=("at_most", "at_least"),
        help="which side meets the target (default: at_most for costs, at_least for margins)",
    )
