"""Plan against actual: the monthly budget by category, its variance against the bills, and a re-forecast.

Pure: actuals arrive as a tidy DataFrame (``month`` 'YYYY-MM', ``category``, ``amount_usd``, optionally
``quantity``), actual DAU as a DataFrame (``month``, ``dau``); the file formats are read at the edge
(``actuals/``). Categories are the model's (``hosting`` ... ``other``, ``ai``) plus ``unmapped`` for bill
lines the mapping does not know; ``total`` is every category of a month, unmapped included.

Formulas, per month m and category c:

- planned(m, c): the scenario at the month's planned DAU (the timeline's growth path): the level in force's
  line items in c (less the reserved-instance saving on c's eligible items where the scenario applies it),
  and for ``ai`` the AI bill at that DAU (``model.costs``).
- planned at actual DAU (a flexed budget, where the month's DAU is known): the same at the actual DAU.
- variance = actual - planned; variance % = variance / planned (None where planned is 0).
- flagged where |variance %| > threshold, or where planned is 0 and actual is not.
- cost per actual DAU = actual / actual DAU.

Re-forecast over the last ``n`` months with actuals (and their DAU, actual where known, else planned):

- AI cost scale r_ai = sum(actual ai) / sum(model ai at those DAU); the fitted driver is every model's token
  prices x r_ai (``ai.price_overrides``), so the cost of a call follows the bills. Where the actuals carry the
  AI request count (``quantity`` on ``ai`` rows), calls per DAU per day is fitted too:
  requests / (1 - response-cache hit rate) / (DAU x days per month), and r_ai is then taken per request.
- Infrastructure: per category c of the level in force in the last actual month, r_c = sum(actual c) /
  sum(planned c); each of that level's line items in c is scaled by r_c.
- The projection: actual to date, then the re-fitted scenario at the planned DAU through the end of the year.

>>> from model.variance import variance_pct
>>> round(variance_pct(14_200.0, 10_800.0), 4)   # the OpenAI bill at 12k DAU against the plan's $0.90 x 12,000
0.3148
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from model import cache_rows, costs
from model.analysis.timeline import monthly_dau
from model.overrides import with_overrides
from model.params import params_from
from model.phrase import Money, Number, Phrase, Term, phrase
from model.prices import prices_for
from model.scenario import CATEGORIES, Scenario

AI = "ai"
CATEGORY_WORDS = {c: {"cdn": "CDN", "ai": "AI"}.get(c, c.capitalize()) for c in (*CATEGORIES, AI)}
"""A category's name in a sentence on a page (the catalogue's key; ui.charts.CATEGORY_LABELS has the same English)."""
UNMAPPED = "unmapped"
TOTAL = "total"
PLAN_CATEGORIES: tuple[str, ...] = (*CATEGORIES, AI)
ACTUAL_CATEGORIES: tuple[str, ...] = (*PLAN_CATEGORIES, UNMAPPED)
ACTUAL_COLUMNS: tuple[str, ...] = (
    "month", "category", "vendor", "service", "amount_usd", "quantity", "unit", "currency", "amount", "source",
)  # fmt: skip
"""The internal actuals table every importer produces and the workspace store keeps: one row per month ('YYYY-MM'),
category, vendor and service, with ``amount_usd``, the usage ``quantity`` and its ``unit`` (where the bill has them),
the billing ``currency`` and ``amount`` as billed, and the ``source`` it came from."""
DEFAULT_THRESHOLD = 0.10
"""Flag a month and category whose actual is more than 10% away from the plan."""


def variance_pct(actual: float, planned: float) -> float | None:
    """(actual - planned) / planned; None where nothing was planned."""
    return None if planned == 0 else (actual - planned) / planned


def by_category_usd(scenario: Scenario, dau: np.ndarray) -> pd.DataFrame:
    """The scenario's monthly cost by category at each DAU: one column per PLAN_CATEGORIES entry, one row per DAU.

    Infrastructure is the level in force's line items by category, less the reserved-instance saving on each
    category's eligible items where the scenario applies it (as ``model.result.evaluate`` deducts it); ``ai`` is
    ``costs.ai_usd``.
    """
    p = params_from(scenario)
    d = np.asarray(dau, dtype=float)
    frame = pd.DataFrame(costs.category_usd(d, p), columns=list(CATEGORIES))
    frame[AI] = costs.ai_usd(d, p)
    return frame


def planned_monthly(scenario: Scenario) -> pd.DataFrame:
    """The budget: one row per month and category (month, category, dau, planned_usd), on the timeline's growth path."""
    months, dau = monthly_dau(scenario)
    wide = by_category_usd(scenario, dau)
    wide.insert(0, "dau", dau)
    wide.insert(0, "month", months)
    return wide.melt(id_vars=["month", "dau"], var_name="category", value_name="planned_usd")[
        ["month", "category", "dau", "planned_usd"]
    ]


def _monthly_actuals(actuals: pd.DataFrame) -> pd.DataFrame:
    frame = actuals.groupby(["month", "category"], as_index=False)["amount_usd"].sum()
    return frame.rename(columns={"amount_usd": "actual_usd"})


def variance(
    scenario: Scenario,
    actuals: pd.DataFrame,
    *,
    dau: pd.DataFrame | None = None,
    planned: pd.DataFrame | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    only_billed: bool = False,
) -> pd.DataFrame:
    """Plan against actual for every month with actuals: one row per month and category plus a ``total`` row.

    Every planned category is listed, so a bill not yet imported shows as -100%; with ``only_billed`` (one vendor's
    bill, e.g. OpenAI's alone) only the categories the actuals carry are compared, and ``total`` sums those.

    Columns: month, category, planned_usd, actual_usd, variance_usd, variance_pct, flagged, planned_dau,
    actual_dau, planned_at_actual_dau_usd, variance_at_actual_dau_pct, cost_per_actual_dau_usd (the last four
    None where the month's DAU is not given). ``planned`` defaults to ``planned_monthly(scenario)`` (a locked
    budget version's can be passed instead). Months outside the plan's timeline have planned 0.
    """
    if actuals.empty:
        return pd.DataFrame(columns=VARIANCE_COLUMNS)
    plan = planned if planned is not None else planned_monthly(scenario)
    act = _monthly_actuals(actuals)
    months = sorted(act["month"].unique())
    plan_dau = plan.drop_duplicates("month").set_index("month")["dau"]
    actual_dau = dau.set_index("month")["dau"] if dau is not None and not dau.empty else pd.Series(dtype=float)
    flexed: dict[str, pd.Series] = {}
    known = [m for m in months if m in actual_dau.index]
    if known:
        wide = by_category_usd(scenario, actual_dau.loc[known].to_numpy(dtype=float))
        flexed = {m: wide.iloc[i] for i, m in enumerate(known)}
    plan_idx = plan.set_index(["month", "category"])["planned_usd"]
    act_idx = act.set_index(["month", "category"])["actual_usd"]
    rows: list[dict[str, Any]] = []
    for m in months:
        present = set(act.loc[act["month"] == m, "category"])
        cats = [c for c in ACTUAL_CATEGORIES if c in present or (not only_billed and plan_idx.get((m, c), 0.0) != 0.0)]
        for c in [*cats, TOTAL]:
            if c == TOTAL:
                planned_usd = float(sum(plan_idx.get((m, k), 0.0) for k in PLAN_CATEGORIES if k in cats))
                actual_usd = float(sum(act_idx.get((m, k), 0.0) for k in cats))
                flex = float(sum(flexed[m][k] for k in PLAN_CATEGORIES if k in cats)) if m in flexed else None
            else:
                planned_usd = float(plan_idx.get((m, c), 0.0))
                actual_usd = float(act_idx.get((m, c), 0.0))
                flex = float(flexed[m][c]) if m in flexed and c in flexed[m].index else (0.0 if m in flexed else None)
            pct = variance_pct(actual_usd, planned_usd)
            a_dau = float(actual_dau[m]) if m in actual_dau.index else None
            rows.append(
                {
                    "month": m,
                    "category": c,
                    "planned_usd": planned_usd,
                    "actual_usd": actual_usd,
                    "variance_usd": actual_usd - planned_usd,
                    "variance_pct": pct,
                    "flagged": bool((pct is None and actual_usd != 0) or (pct is not None and abs(pct) > threshold)),
                    "planned_dau": float(plan_dau[m]) if m in plan_dau.index else None,
                    "actual_dau": a_dau,
                    "planned_at_actual_dau_usd": flex,
                    "variance_at_actual_dau_pct": variance_pct(actual_usd, flex) if flex is not None else None,
                    "cost_per_actual_dau_usd": actual_usd / a_dau if a_dau else None,
                }
            )
    return pd.DataFrame(rows, columns=VARIANCE_COLUMNS)


VARIANCE_COLUMNS = [
    "month",
    "category",
    "planned_usd",
    "actual_usd",
    "variance_usd",
    "variance_pct",
    "flagged",
    "planned_dau",
    "actual_dau",
    "planned_at_actual_dau_usd",
    "variance_at_actual_dau_pct",
    "cost_per_actual_dau_usd",
]


class FitError(ValueError):
    """The bills cannot be fitted; ``str()`` is one English line, ``phrase`` the same for the app to translate."""

    def __init__(self, reason: Phrase) -> None:
        super().__init__(str(reason))
        self.phrase = reason


@dataclass(frozen=True)
class FittedDriver:
    """A driver the actuals pin down: the plan's value and the value the bills imply."""

    path: str
    label: str
    plan_value: float
    fitted_value: float
    note: str
    label_phrase: Phrase | None = None
    """``label`` for the app to translate (None: the label as written)."""
    note_phrase: Phrase | None = None
    """``note`` for the app to translate."""


@dataclass(frozen=True)
class Reforecast:
    scenario: Scenario
    """The scenario with the fitted drivers (provenance 'actuals')."""
    fitted: tuple[FittedDriver, ...]
    months: pd.DataFrame
    """month, kind ('actual' or 'forecast'), total_usd, cumulative_usd: actuals to date, then the forecast."""
    months_used: tuple[str, ...] = field(default=())


def reforecast(
    scenario: Scenario,
    actuals: pd.DataFrame,
    *,
    dau: pd.DataFrame | None = None,
    last_n: int = 3,
    through: str | None = None,
) -> Reforecast:
    """Fit the drivers the last ``last_n`` months of actuals pin down and project through ``through``
    (default: December of the last actual month's year). Formulas in the module docstring."""
    if actuals.empty:
        raise FitError(phrase("no actuals to fit"))
    if last_n < 1:
        raise FitError(phrase("last_n must be at least 1"))
    act = _monthly_actuals(actuals)
    months_all = sorted(act["month"].unique())
    used = months_all[-last_n:]
    labels, plan_dau = monthly_dau(scenario)
    plan_dau_by_month = dict(zip(labels, plan_dau, strict=True))
    actual_dau = dict(zip(dau["month"], dau["dau"], strict=True)) if dau is not None else {}
    d_used = np.array([float(actual_dau.get(m, plan_dau_by_month.get(m, np.nan))) for m in used])
    if np.isnan(d_used).any():
        missing = used[int(np.flatnonzero(np.isnan(d_used))[0])]
        raise FitError(phrase("month {month} has no DAU: give the actual DAU or extend the timeline", month=missing))
    model = by_category_usd(scenario, d_used)
    act_used = act[act["month"].isin(used)].groupby("category")["actual_usd"].sum()
    fitted: list[FittedDriver] = []
    overrides: dict[str, Any] = {}
    provenance: dict[str, dict[str, str]] = {}
    period = f"{used[0]} to {used[-1]}" if len(used) > 1 else used[0]
    period_phrase = phrase("{first} to {last}", first=used[0], last=used[-1]) if len(used) > 1 else phrase(used[0])

    ai_actual = float(act_used.get(AI, 0.0))
    ai_model = float(model[AI].sum())
    requests = _ai_requests(actuals, used)
    if requests is not None and requests > 0:
        hit = cache_rows.ai_response_hit_rate(scenario.caching.caches)
        calls = requests / (1.0 - hit) if hit < 1 else requests
        calls_per_dau = calls / float(d_used.sum() * costs.days_in_month(scenario))
        path = "ai.calls_per_dau_per_day"
        note = phrase("{requests} API requests billed {period}", requests=Number(requests, ",.0f"), period=period_phrase)
        label = phrase("AI calls per DAU per day")
        fitted.append(FittedDriver(path, str(label), scenario.ai.calls_per_dau_per_day, calls_per_dau, str(note), label, note))
        overrides[path] = calls_per_dau
        provenance[path] = {"kind": "actuals", "note": f"fitted to the bills, {period}"}
        refit = with_overrides(scenario, {path: calls_per_dau}, source="re-forecast")
        ai_model = float(by_category_usd(refit, d_used)[AI].sum())
    if ai_actual > 0 and ai_model > 0:
        scale = ai_actual / ai_model
        prices = prices_for(scenario.ai)
        table = {
            p.model: {
                "input_usd_per_mtok": p.input_usd_per_mtok * scale,
                "cached_input_usd_per_mtok": p.cached_input_usd_per_mtok * scale,
                "output_usd_per_mtok": p.output_usd_per_mtok * scale,
            }
            for p in prices
        }
        overrides["ai.price_overrides"] = table
        provenance["ai.price_overrides"] = {
            "kind": "actuals",
            "note": f"token prices x {scale:.4f}, fitted to the AI bills {period}",
        }
        note = phrase(
            "actual AI {actual} against the model's {model} {period}",
            actual=Money(ai_actual),
            model=Money(ai_model),
            period=period_phrase,
        )
        label = phrase("AI cost per call (token prices scaled)")
        fitted.append(FittedDriver("ai.price_overrides", str(label), 1.0, scale, str(note), label, note))

    last_level = scenario.level_for(float(d_used[-1]))
    level_pos = scenario.levels.index(last_level)
    for cat in CATEGORIES:
        planned_c = float(model[cat].sum())
        actual_c = float(act_used.get(cat, 0.0))
        if planned_c <= 0 or cat not in act_used.index:
            continue
        scale = actual_c / planned_c
        for j, item in enumerate(last_level.line_items):
            if item.category == cat:
                path = f"levels.{level_pos}.line_items.{j}.usd_per_month"
                overrides[path] = item.usd_per_month * scale
                provenance[path] = {"kind": "actuals", "note": f"{cat} x {scale:.4f}, fitted to the bills {period}"}
        category = Term(cat, CATEGORY_WORDS.get(cat, cat))
        label = phrase("{level}: {category} per month", level=last_level.name, category=category)
        note = phrase("line items in {category} scaled x {scale}", category=category, scale=Number(scale, ".4f"))
        fitted.append(
            FittedDriver(
                f"levels.{level_pos}.{cat}", str(label), planned_c / len(used), actual_c / len(used), str(note), label, note
            )
        )
    merged_prov = {k: v.model_dump(mode="json") for k, v in scenario.provenance.items()}
    merged_prov.update(provenance)
    new = with_overrides(scenario, {**overrides, "provenance": merged_prov}, source="re-forecast")

    end = through or f"{used[-1][:4]}-12"
    actual_total = act.groupby("month")["actual_usd"].sum()
    forecast = [m for m in labels if months_all[-1] < m <= end]
    wide = by_category_usd(new, np.array([plan_dau_by_month[m] for m in forecast])) if forecast else None
    rows = [{"month": m, "kind": "actual", "total_usd": float(actual_total[m])} for m in months_all]
    rows += [
        {"month": m, "kind": "forecast", "total_usd": float(wide.iloc[i].sum())}  # type: ignore[union-attr]
        for i, m in enumerate(forecast)
    ]
    frame = pd.DataFrame(rows, columns=["month", "kind", "total_usd"])
    frame["cumulative_usd"] = frame["total_usd"].cumsum()
    return Reforecast(scenario=new, fitted=tuple(fitted), months=frame, months_used=tuple(used))


def _ai_requests(actuals: pd.DataFrame, months: list[str]) -> float | None:
    """API requests billed in ``months``, from ``quantity`` on ai rows whose unit says requests (None if not given)."""
    if "quantity" not in actuals.columns or "unit" not in actuals.columns:
        return None
    rows = actuals[
        (actuals["category"] == AI)
        & actuals["month"].isin(months)
        & actuals["unit"].fillna("").str.lower().str.contains("request")
    ]
    if rows.empty or rows["quantity"].isna().all():
        return None
    return float(rows["quantity"].sum())
