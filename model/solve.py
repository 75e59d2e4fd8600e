"""Goal seek: the value of a driver (or the DAU, or the month) at which a result meets a target.

Targets, each a function of the cost formulas at one DAU ``d`` (R = revenue per DAU per month):

- ``cost_per_dau_usd`` = total_usd / d                 (met when at most the value)
- ``total_usd``        = infrastructure_usd + ai_usd    (at most)
- ``ai_usd``           = the monthly AI bill            (at most)
- ``ai_share``         = ai_usd / total_usd             (at most; a fraction, 0.8 = 80%)
- ``gross_margin_usd`` = R x d - total_usd              (at least)
- ``gross_margin_pct`` = (R x d - total_usd) / (R x d)  (at least; a fraction, 0.25 = 25%)

Solving a driver x for a target at DAU d: meets(x) is f(x) <= value (or >= value), f the target with the
driver at x and everything else at the scenario's value. Every cost formula is linear in each driver, or a
ratio of two linear functions of it (cost per DAU, AI share, margin), so f is monotone between the model's
breakpoints; the only breakpoints a driver has are the from-DAU settings (the own model and reserved
instances are in force where d >= from_dau: one step, at from_dau = d). So f is priced on a grid of the
driver's bounds that includes the breakpoints (one vectorised call), each change of meets() between two
neighbours brackets exactly one boundary, and the boundary is found by ``scipy.optimize.brentq`` on
f(x) - value, then narrowed by bisection on meets() to ``tolerance`` so the answer is on the side that meets.
Where f jumps across the value inside the final bracket (|f(meets end) - f(other end)| is more than a
rounding error), the boundary is a *step* of the staircase, not a root, and is reported as one. Of several
boundaries in the bounds, the one nearest the driver's current value is the answer.

Solving for DAU: the first whole DAU at which the target crosses the value (from the side it is on at the
bottom of the range). Between two of the model's breakpoints (a level's DAU, an optimisation phase's,
the own model's and reserved instances' from-DAU) each target is monotone in DAU, so the same grid
(log-spaced plus every breakpoint and the DAU just below it) brackets the first crossing exactly.

Solving for a month: the first month of the growth path (``analysis.timeline``) at which it crosses.

The answer is checked on the full model (``with_overrides`` + ``params_from``, validated like a scenario
file) before it is returned; ``achieved`` is the target there.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from types import SimpleNamespace
from typing import Any, Literal

import numpy as np

from model import costs, economics_rows
from model.analysis.ranges import check_supported, with_driver_values
from model.driver_spec import instance_at
from model.drivers import Driver, driver_from, drivers_for
from model.formula import Env
from model.loading import ScenarioError
from model.overrides import with_overrides
from model.params import params_from
from model.phrase import Number, Phrase, Term, phrase
from model.scenario import Scenario, value_at
from model.settings import EXAMPLE_PATH

Goal = Literal["at_most", "at_least"]
Status = Literal["crossing", "step", "all_meet"]
REVENUE_PATH = "economics.revenue_usd_per_dau_per_month"
DAU_BOUNDS = (1.0, 100_000_000.0)
GRID_POINTS = 65
DAU_GRID_POINTS = 241
MAX_TARGET_VALUE = 1e15
"""Largest target value taken (USD a month, or a share): no figure of this model comes near it."""
RELATIVE_TOLERANCE = 1e-10
"""Answers are within (upper bound - lower bound) x this of the boundary, on the side that meets."""
_JUMP = 1e-7
"""A change of f across the final bracket bigger than this (relative) is a step, not a root."""


@dataclass(frozen=True)
class Target:
    name: str
    label: str
    display: Literal["usd", "usd_cents", "fraction"]
    goal: Goal
    """Which side meets it by default: costs and the AI share at most the value, margins at least."""


TARGETS: dict[str, Target] = {
    t.name: t
    for t in (
        Target("cost_per_dau_usd", "Cost per DAU (USD per month)", "usd_cents", "at_most"),
        Target("total_usd", "Monthly total (USD)", "usd", "at_most"),
        Target("ai_usd", "Monthly AI bill (USD)", "usd", "at_most"),
        Target("ai_share", "AI share of the monthly total", "fraction", "at_most"),
        Target("gross_margin_usd", "Gross margin (USD per month)", "usd", "at_least"),
        Target("gross_margin_pct", "Gross margin (share of revenue)", "fraction", "at_least"),
    )
}


class NoSolution(ValueError):
    """No value in the bounds meets the target; ``str()`` is one line for a person (English), ``phrase`` the same
    sentence for the app to translate (``i18n.phrase.render``)."""

    def __init__(self, reason: str | Phrase) -> None:
        super().__init__(str(reason))
        self.phrase = reason if isinstance(reason, Phrase) else Phrase(str(reason))


@dataclass(frozen=True)
class Solution:
    """The answer of a goal seek, and the result there."""

    driver: str
    """The driver's path, or 'dau'."""
    label: str
    value: float
    """Unrounded: the boundary value on the side that meets (a whole number for DAU and from-DAU drivers)."""
    target: str
    goal: Goal
    wanted: float
    """The target value asked for."""
    at: float | None
    """The DAU the target is read at (None when solving for DAU)."""
    achieved: float
    """The target at ``value`` on the full model."""
    beyond: float | None
    """The target just past ``value`` on the other side (the miss), None when every value meets."""
    beyond_value: float | None
    bounds: tuple[float, float]
    iterations: int
    status: Status
    """'crossing': the target equals the value at the boundary (to the tolerance); 'step': it jumps past it there;
    'all_meet': every value in the bounds meets it (``value`` is then the current value)."""
    current_value: float
    current_result: float

    def as_record(self) -> dict[str, Any]:
        record = asdict(self)
        record["bounds"] = list(self.bounds)
        return record


def meets(result: float, wanted: float, goal: Goal) -> bool:
    """``result`` <= ``wanted`` when the goal is 'at_most', >= when 'at_least'."""
    return result <= wanted if goal == "at_most" else result >= wanted


def _loosely_meets(ys: np.ndarray, wanted: float, goal: Goal) -> np.ndarray:
    """``meets`` up to rounding (1e-12 relative): the vectorised formulas and the full model may differ in the last
    bits, and a target equal to the result at a bound must still find that bound. The answer returned is then
    checked on the full model exactly."""
    with np.errstate(invalid="ignore"):
        slack = 1e-12 * np.maximum(abs(wanted), np.abs(ys))
        return ys <= wanted + slack if goal == "at_most" else ys >= wanted - slack


def target_values(target: str, dau: Any, p: costs.Params, *, revenue_usd_per_dau: Any) -> Any:
    """The target's formula (module docstring) at ``dau`` on ``p``; broadcasts like the cost formulas."""
    d = np.asarray(dau, dtype=float)
    if target == "ai_usd":
        return costs.ai_usd(d, p)
    total = costs.total_usd(d, p)
    if target == "total_usd":
        return total
    if target == "cost_per_dau_usd":
        return total / d
    if target == "ai_share":
        return costs.ai_usd(d, p) / total
    # Revenue and margin as model.economics_rows defines them (the Budget sheet writes the same rows).
    inputs = SimpleNamespace(revenue_usd_per_dau_per_month=np.asarray(revenue_usd_per_dau, dtype=float))
    env = Env(inputs, rows={economics_rows.DAU.key: lambda: d, economics_rows.TOTAL_USD.key: lambda: total})
    if target == "gross_margin_usd":
        return economics_rows.GROSS_MARGIN_USD.evaluate(env)
    if target == "gross_margin_pct":  # the Budget's margin share, NaN (its blank) where there is no revenue: skipped
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.asarray(economics_rows.GROSS_MARGIN.evaluate(env), dtype=float)
    raise ValueError(f"unknown target {target!r} (known: {', '.join(TARGETS)})")


def revenue_driver(scenario: Scenario) -> Driver:
    """Revenue per DAU per month as a driver (it is not a cost driver, so the sidebar does not list it)."""
    declared = instance_at(scenario, REVENUE_PATH)  # its Spec: from $0.01 to max($10, 4 x revenue), by the cent
    assert declared is not None
    return driver_from(declared)


def solvable_drivers(scenario: Scenario) -> tuple[Driver, ...]:
    """The catalogue's numeric drivers that a cost formula reads, then revenue per DAU (for the margin targets).

    Left out: on/off drivers (two values; try both) and database cache hit rates (they cut load, not the bill).
    """
    out = []
    for d in drivers_for(scenario):
        if d.display == "bool":
            continue
        try:
            check_supported(scenario, d.path)
        except ScenarioError:
            continue
        out.append(d)
    return (*out, revenue_driver(scenario))


def _check_target(target: str, goal: Goal | None) -> Goal:
    if target not in TARGETS:
        raise NoSolution(f"--target: no such target {target!r} (known: {', '.join(TARGETS)})")
    if goal is not None and goal not in ("at_most", "at_least"):
        raise NoSolution(f"--goal: must be at_most or at_least (got {goal!r})")
    return goal or TARGETS[target].goal


def _is_whole(scenario: Scenario, path: str) -> bool:
    if path == "dau":
        return True
    v = value_at(scenario, path)
    return isinstance(v, int) and not isinstance(v, bool)


def _driver_function(scenario: Scenario, p: costs.Params, path: str, target: str, at: float) -> Callable[[Any], Any]:
    """x (array) -> the target at DAU ``at`` with the driver at each x, one vectorised call."""
    revenue = scenario.economics.revenue_usd_per_dau_per_month
    dau = np.array([at])
    if path == REVENUE_PATH:
        return lambda x: target_values(target, dau, p, revenue_usd_per_dau=np.asarray(x, dtype=float).reshape(-1, 1)).reshape(-1)

    def f(x: Any) -> Any:
        q = with_driver_values(scenario, p, {path: np.atleast_1d(np.asarray(x, dtype=float))})
        return np.broadcast_to(target_values(target, dau, q, revenue_usd_per_dau=revenue), (np.size(x), 1)).reshape(-1)

    return f


def _full_model(scenario: Scenario, path: str, target: str, at: float, x: float) -> float:
    """The target on the full model with the driver at ``x`` (validated like a file: ScenarioError if not allowed)."""
    from model.analysis.economics import unit_economics
    from model.result import evaluate

    s = scenario if path == "dau" else with_overrides(scenario, {path: x}, source="goal seek")
    dau = x if path == "dau" else at
    # The result every page and the CLI show (evaluate, unit_economics), so "met" here is met there to the last bit.
    result = evaluate(s, [int(dau)] if float(dau).is_integer() else [dau])  # type: ignore[list-item]
    t = result.tiers[0]
    if target in ("gross_margin_usd", "gross_margin_pct"):
        e = unit_economics(s, result)[0]
        margin = e.gross_margin_usd if target == "gross_margin_usd" else e.gross_margin
        return math.nan if margin is None else float(margin)
    return float(
        {"cost_per_dau_usd": t.cost_per_dau_usd, "total_usd": t.total_usd, "ai_usd": t.ai_usd}.get(target, t.ai_usd / t.total_usd)
    )


def _fmt(v: float) -> str:
    return f"{v:,.6g}"


_KIND = {"usd": "usd", "usd_cents": "usd", "fraction": "share", "dau": "count"}
"""A display (a target's or a driver's) -> how a number of that kind reads in a sentence (model.phrase.Number)."""


def _num(v: float, display: str = "") -> Number:
    """A figure in a goal-seek sentence: ``_fmt``'s digits in English, shown by kind in the app."""
    return Number(float(v), ",.6g", _KIND.get(display, "number"))  # type: ignore[arg-type]


def _target_term(target: str) -> Term:
    """The target's code in English text, its words on a page (a money target's words name the page's currency)."""
    t = TARGETS[target]
    return Term(target, t.label, names_usd=t.display != "fraction")


def _sign(goal: Goal) -> Term:
    """'<=' / '>=' in English text; 'at most' / 'at least' in words on a page."""
    return Term("<=", "at most") if goal == "at_most" else Term(">=", "at least")


def _boundary(
    f1: Callable[[float], float], ok: Callable[[float], bool], a: float, b: float, wanted: float, tol: float
) -> tuple[float, float, int, bool]:
    """Between neighbours ``a`` (meets) and ``b`` (misses), monotone between: (meeting end, missing end, iterations,
    is a step), the two ends at most ``tol`` apart."""
    from scipy.optimize import brentq  # here, not at the top: scipy.optimize costs about 0.4 s to import, and every
    # page imports this module (the Overview's goal line) while only a solve needs it

    ga, gb = f1(a) - wanted, f1(b) - wanted
    iterations = 0
    if ga * gb <= 0:
        r, info = brentq(
            lambda x: f1(x) - wanted, min(a, b), max(a, b), xtol=tol / 4, rtol=4 * np.finfo(float).eps, full_output=True
        )
        iterations = info.iterations
    else:  # a step that starts exactly at a grid point: the jump is between the two
        r = a
    m, n = a, b
    # Two probes either side of r narrow the bracket to about the tolerance; bisection on meets() finishes it.
    for probe in (r - tol / 2, r + tol / 2):
        if min(m, n) < probe < max(m, n):
            if ok(probe):
                m = probe
            else:
                n = probe
    while abs(n - m) > tol:
        mid = (m + n) / 2
        iterations += 1
        if ok(mid):
            m = mid
        else:
            n = mid
    fm, fn = f1(m), f1(n)
    step = abs(fm - fn) > _JUMP * max(abs(fm), abs(fn), abs(wanted), 1e-12)
    return m, n, iterations, step


def _whole(ok: Callable[[float], bool], m: float, n: float, lo: float, hi: float) -> tuple[float, float] | None:
    """The whole number nearest the boundary on the meeting side, and its missing neighbour (None if none in bounds)."""
    direction = 1.0 if n > m else -1.0
    k = math.floor(n) if direction > 0 else math.ceil(n)
    if k == n:
        k -= int(direction)
    for _ in range(3):
        if lo <= k <= hi and ok(k):
            return float(k), float(k + direction)
        k -= int(direction)
    return None


def _settle(full_ok: Callable[[float], bool], m: float, n: float, lo: float, hi: float, tol: float) -> tuple[float, float] | None:
    """(meeting end, missing end) at most ``tol`` apart with the meeting end checked on the full model, starting from
    the vectorised model's pair (``m``, ``n``); None if no point between ``m`` and the bound inwards meets."""
    if full_ok(m):
        return m, n
    inward = math.copysign(1.0, m - n)
    step, miss = tol, m
    while True:
        trial = min(hi, max(lo, m + inward * step))
        if full_ok(trial):
            break
        if trial in (lo, hi):
            return None
        miss, step = trial, step * 2
    meet = trial
    while abs(meet - miss) > tol:
        mid = (meet + miss) / 2
        if tol >= 1:
            mid = float(math.floor(mid) if inward > 0 else math.ceil(mid))
            if mid in (meet, miss):
                break
        if full_ok(mid):
            meet = mid
        else:
            miss = mid
    return meet, miss


def _grid(lo: float, hi: float, extra: list[float], points: int, *, log: bool = False) -> np.ndarray:
    base = np.geomspace(lo, hi, points) if log else np.linspace(lo, hi, points)
    xs = np.unique(np.concatenate([base, np.asarray(extra, dtype=float)]))
    return xs[(xs >= lo) & (xs <= hi)]


def solve_driver(scenario: Scenario, path: str, *, target: str, at: float, value: float, goal: Goal | None = None) -> Solution:
    """The value of driver ``path`` (within its bounds) at which ``target`` at DAU ``at`` meets ``value``.

    Raises NoSolution (one line) when the driver is not solvable, or no value in its bounds meets the target.
    """
    goal = _check_target(target, goal)
    drivers = {d.path: d for d in solvable_drivers(scenario)}
    if path not in drivers:
        raise NoSolution(
            f"--driver: {path!r} is not a driver goal seek can move (solvable: the numeric drivers of the sidebar and "
            f"{REVENUE_PATH}, e.g. {EXAMPLE_PATH})"
        )
    return _solve_for(scenario, drivers[path], target=target, at=at, value=value, goal=goal)


def _solve_for(scenario: Scenario, d: Driver, *, target: str, at: float, value: float, goal: Goal) -> Solution:
    """``solve_driver`` for a driver already found among ``solvable_drivers`` (their list is built once per scenario
    by ``solve_every_driver``, not once per driver)."""
    if not (math.isfinite(value) and math.isfinite(at) and at > 0):
        raise NoSolution("the target value and the DAU must be finite numbers, the DAU positive")
    path = d.path
    lo, hi = float(d.min), float(d.max)
    current = float(value_at(scenario, path))  # type: ignore[arg-type]
    p = params_from(scenario)
    f = _driver_function(scenario, p, path, target, at)
    breaks = [at, at + 1.0] if path.endswith("from_dau") else []
    xs = _grid(lo, hi, [current, *breaks], GRID_POINTS)
    return _solve(
        scenario,
        d.path,
        d.label,
        f,
        xs,
        lo,
        hi,
        target=target,
        at=at,
        value=value,
        goal=goal,
        current=current,
        first=False,
        display=d.display,
    )


def dau_breakpoints(scenario: Scenario) -> list[float]:
    """Every DAU where a target may jump (a level's DAU, a phase's, the own model's, reserved instances'),
    and the whole DAU just below each."""
    points = [float(lv.dau) for lv in scenario.levels]
    points += [float(ph.from_dau) for ph in scenario.ai.optimisation_phases]
    points += [float(scenario.ai.own_model.from_dau), float(scenario.reserved_instances.from_dau)]
    return sorted({x for b in points for x in (b - 1.0, b)})


def solve_dau(scenario: Scenario, *, target: str, value: float, bounds: tuple[float, float] = DAU_BOUNDS) -> Solution:
    """The first whole DAU in ``bounds`` at which ``target`` crosses ``value`` from the side it starts on.

    The goal is 'at_least' when the target starts below the value (the monthly total reaches $100,000),
    'at_most' when it starts above (cost per DAU falls to $0.30).
    """
    _check_target(target, None)
    if not math.isfinite(value):
        raise NoSolution("the target value must be a finite number")
    lo, hi = bounds
    p = params_from(scenario)
    revenue = scenario.economics.revenue_usd_per_dau_per_month

    def f(x: Any) -> Any:
        return np.asarray(target_values(target, np.asarray(x, dtype=float), p, revenue_usd_per_dau=revenue), dtype=float)

    start = float(f(lo))
    goal: Goal = "at_least" if start < value else "at_most"
    xs = _grid(lo, hi, dau_breakpoints(scenario), DAU_GRID_POINTS, log=True)
    return _solve(
        scenario,
        "dau",
        "DAU",
        f,
        xs,
        lo,
        hi,
        target=target,
        at=None,
        value=value,
        goal=goal,
        current=lo,
        first=True,
        display="dau",
    )


def _solve(
    scenario: Scenario,
    path: str,
    label: str,
    f: Callable[[Any], Any],
    xs: np.ndarray,
    lo: float,
    hi: float,
    *,
    target: str,
    at: float | None,
    value: float,
    goal: Goal,
    current: float,
    first: bool,
    display: str = "",
) -> Solution:
    """``display``: how the driver's values read in a sentence ('fraction', 'usd'...; '' for the DAU)."""
    ys = np.asarray(f(xs), dtype=float)
    ok_grid = _loosely_meets(ys, value, goal)
    kind = TARGETS[target].display
    words = {
        "label": Term(label, label),
        "target": _target_term(target),
        "sign": _sign(goal),
        "value": _num(value, kind),
        "low": _num(lo, display),
        "high": _num(hi, display),
    }
    if at is not None:
        words["dau"] = Number(at, ",.0f")

    def f1(x: float) -> float:
        return float(np.asarray(f(np.array([x])), dtype=float).reshape(-1)[0])

    def ok(x: float) -> bool:
        return bool(_loosely_meets(np.array([f1(x)]), value, goal)[0])

    current_result = f1(current)
    if not ok_grid.any():
        finite = ys[np.isfinite(ys)]
        if finite.size and finite.min() == finite.max():
            stays = _num(finite.min(), kind)
            if at is None:
                raise NoSolution(
                    phrase(
                        "{label} does not change {target} (it stays {stays}); nothing meets {sign} {value}", stays=stays, **words
                    )
                )
            raise NoSolution(
                phrase(
                    "{label} does not change {target} at {dau} DAU (it stays {stays}); nothing meets {sign} {value}",
                    stays=stays,
                    **words,
                )
            )
        if not finite.size:
            if at is None:
                raise NoSolution(
                    phrase(
                        "no value of {label} between {low} and {high} meets {target} {sign} {value}: it ranges from undefined",
                        **words,
                    )
                )
            raise NoSolution(
                phrase(
                    "no value of {label} between {low} and {high} meets {target} {sign} {value} at {dau} DAU: it ranges "
                    "from undefined",
                    **words,
                )
            )
        span = {"least": _num(finite.min(), kind), "most": _num(finite.max(), kind)}
        if at is None:
            raise NoSolution(
                phrase(
                    "no value of {label} between {low} and {high} meets {target} {sign} {value}: it ranges from {least} to "
                    "{most}",
                    **span,
                    **words,
                )
            )
        raise NoSolution(
            phrase(
                "no value of {label} between {low} and {high} meets {target} {sign} {value} at {dau} DAU: it ranges from "
                "{least} to {most}",
                **span,
                **words,
            )
        )
    whole = _is_whole(scenario, path)
    achieved_at = at if at is not None else 0.0

    known: dict[float, float] = {}

    def full(x: float) -> float:
        """The target on the full model (NaN where the value is not a valid scenario), computed once per value (the
        answer's check in ``_settle`` is also its result)."""
        if x not in known:
            try:
                known[x] = _full_model(scenario, path, target, x if path == "dau" else achieved_at, x)
            except ScenarioError:
                known[x] = math.nan
        return known[x]

    def full_ok(x: float) -> bool:
        return meets(full(x), value, goal)

    if ok_grid.all() and not first:
        # Every value meets it only if both bounds do on the full model (a bound equal to the target within rounding
        # may not); otherwise that bound is a miss and the boundary is next to it.
        ends = (full_ok(lo), full_ok(hi))
        if not all(ends):
            ok_grid = ok_grid.copy()
            ok_grid[[0, -1]] = ends
    if ok_grid.all() and not first:
        achieved = _full_model(scenario, path, target, achieved_at, current)
        return Solution(
            path, label, current, target, goal, value, at, achieved, None, None, (lo, hi), 0, "all_meet", current, current_result
        )
    if first and ok_grid[0]:
        raise NoSolution(
            phrase(
                "{target} already meets {sign} {value} at {low} DAU, the bottom of the range",
                target=words["target"],
                sign=words["sign"],
                value=words["value"],
                low=words["low"],
            )
        )
    # Brackets: neighbours whose meets() differ, as (meeting end, missing end).
    changes = np.flatnonzero(ok_grid[1:] != ok_grid[:-1])
    brackets = [(xs[i], xs[i + 1]) if ok_grid[i] else (xs[i + 1], xs[i]) for i in changes]
    if first:
        brackets = brackets[:1]
    else:
        brackets.sort(key=lambda mb: abs(mb[0] - current))
    tol = (hi - lo) * RELATIVE_TOLERANCE
    for a, b in brackets:
        m, n, iterations, step = _boundary(f1, ok, float(a), float(b), value, tol)
        if whole:
            pair = _whole(ok, m, n, lo, hi)
            if pair is None:
                continue
            m, n = pair

        # Check on the full model. Where its rounding puts the answer on the missing side (the result there equals the
        # target to within rounding), step further in, doubling, until it meets, then bisect back on the full model.
        settled = _settle(full_ok, m, n, lo, hi, 1.0 if whole else tol)
        if settled is None:
            continue
        m, n = settled
        achieved = full(m)
        beyond = f1(n) if lo <= n <= hi else None
        return Solution(
            path,
            label,
            float(m),
            target,
            goal,
            value,
            at,
            achieved,
            beyond,
            float(n) if beyond is not None else None,
            (lo, hi),
            iterations,
            "step" if step else "crossing",
            current,
            current_result,
        )
    if at is None:
        raise NoSolution(phrase("no value of {label} between {low} and {high} meets {target} {sign} {value}", **words))
    raise NoSolution(phrase("no value of {label} between {low} and {high} meets {target} {sign} {value} at {dau} DAU", **words))


@dataclass(frozen=True)
class MonthSolution:
    """The first month of the growth path at which a target crosses a value."""

    target: str
    wanted: float
    goal: Goal
    month: str
    month_index: int
    dau: float
    achieved: float
    previous_month: str | None
    previous: float | None
    """The target the month before (on the other side of the value)."""

    def as_record(self) -> dict[str, Any]:
        return asdict(self)


def solve_month(scenario: Scenario, *, target: str, value: float) -> MonthSolution:
    """The first month on the timeline's growth path whose target is on the other side of ``value`` from month 0's."""
    from model.analysis.timeline import monthly_dau

    _check_target(target, None)
    if not math.isfinite(value):
        raise NoSolution("the target value must be a finite number")
    labels, dau = monthly_dau(scenario)
    p = params_from(scenario)
    ys = np.asarray(target_values(target, dau, p, revenue_usd_per_dau=scenario.economics.revenue_usd_per_dau_per_month))
    goal: Goal = "at_least" if ys[0] < value else "at_most"
    ok = ys >= value if goal == "at_least" else ys <= value
    kind = TARGETS[target].display
    words = {"target": _target_term(target), "sign": _sign(goal), "value": _num(value, kind), "first": labels[0]}
    if ok[0]:
        raise NoSolution(phrase("{target} already meets {sign} {value} in {first}, the first month of the timeline", **words))
    hits = np.flatnonzero(ok)
    if hits.size == 0:
        raise NoSolution(
            phrase(
                "{target} never reaches {sign} {value} between {first} and {last} (it ranges from {least} to {most})",
                last=labels[-1],
                least=_num(float(ys.min()), kind),
                most=_num(float(ys.max()), kind),
                **words,
            )
        )
    k = int(hits[0])
    return MonthSolution(target, value, goal, labels[k], k, float(dau[k]), float(ys[k]), labels[k - 1], float(ys[k - 1]))


def result_at(scenario: Scenario, target: str, at: float) -> float:
    """The target at DAU ``at`` on the full model (what a page compares with the value asked for)."""
    _check_target(target, None)
    return _full_model(scenario, "dau", target, at, at)


@dataclass(frozen=True)
class DriverAnswer:
    """One row of the goal-seek table: a driver, its bounds, and its answer (or why there is none)."""

    path: str
    label: str
    unit: str
    display: str
    min: float
    max: float
    current: float
    solution: Solution | None
    reason: str
    """Why there is no answer ('' when there is one)."""
    reason_phrase: Phrase | None = None
    """The same reason for the app to translate (None when there is an answer)."""


def solve_every_driver(
    scenario: Scenario, *, target: str, at: float, value: float, goal: Goal | None = None
) -> tuple[DriverAnswer, ...]:
    """``solve_driver`` for every solvable driver, in the catalogue's order (each row keeps its own NoSolution's reason)."""
    checked = _check_target(target, goal)
    rows = []
    for d in solvable_drivers(scenario):
        current = float(value_at(scenario, d.path))  # type: ignore[arg-type]
        try:
            s: Solution | None = _solve_for(scenario, d, target=target, at=at, value=value, goal=checked)
            reason, why = "", None
        except NoSolution as exc:
            s, reason, why = None, str(exc), exc.phrase
        rows.append(DriverAnswer(d.path, d.label, d.unit, d.display, float(d.min), float(d.max), current, s, reason, why))
    return tuple(rows)
