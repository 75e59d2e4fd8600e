"""Tables as people read them: DataFrames of display strings (money via model.formatting), no ``st.*`` calls.

Each builder takes the model's result (or a model.views frame) and returns a
DataFrame whose cells are already formatted, so the app never shows a raw float
and a test can compare a cell with ``usd(model value)``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pandas as pd

from model.audit import AuditFinding
from model.formatting import pct, usd, usd_cents
from model.result import ModelResult, TierResult
from model.scenario import DRScenario, RateLimit
from model.views import TierMetric
from ui.charts import CATEGORY_LABELS
from ui.text import MARKDOWN_SPECIAL, md  # noqa: F401  (MARKDOWN_SPECIAL re-exported)


def count(value: float) -> str:
    """A whole count with thousands separators: 1234567.8 -> '1,234,568'."""
    return f"{value:,.0f}"


def tokens(value: float) -> str:
    """Token counts in millions or billions: 12_600_000 -> '12.6M'."""
    if value >= 1e9:
        return f"{value / 1e9:,.2f}B"
    if value >= 1e6:
        return f"{value / 1e6:,.1f}M"
    return count(value)


def usd_price(value: float) -> str:
    """Small prices keep their precision: $0.0123 stays $0.0123, $2.50 stays $2.50."""
    return f"${value:,.4f}" if 0 < abs(value) < 0.1 else usd_cents(value)


def percent(fraction: float) -> str:
    """A fraction as a percentage with only the digits it needs: 0.1 -> '10%', 0.9999 -> '99.99%', 2/3 -> '66.667%'."""
    return f"{fraction * 100:.3f}".rstrip("0").rstrip(".") + "%"


def tier_table(result: ModelResult) -> pd.DataFrame:
    """One row per tier: DAU, total, cost per DAU, level, infrastructure, AI, cache savings, reserved savings.

    Total and cost per DAU come right after the DAU so a phone (390 px) shows them without scrolling the table."""
    return pd.DataFrame(
        {
            "DAU": [count(t.dau) for t in result.tiers],
            "Total per month": [usd(t.total_usd) for t in result.tiers],
            "Cost per DAU": [usd_cents(t.cost_per_dau_usd) for t in result.tiers],
            "Level": [t.level_name for t in result.tiers],
            "Infrastructure": [usd(t.infrastructure_usd) for t in result.tiers],
            "AI": [usd(t.ai_usd) for t in result.tiers],
            "Cache savings (gross)": [usd(t.cache_savings_usd) for t in result.tiers],
            "Reserved-instance saving": [
                usd(t.reserved_savings_usd)
                + ("" if t.reserved_savings_applied or t.reserved_savings_usd == 0 else " (not applied)")
                for t in result.tiers
            ],
        }
    )


def line_items_table(tier: TierResult) -> pd.DataFrame:
    """A tier's bill: vendor, plan, category, monthly cost (and list price where a reserved discount applies), source."""
    source_label = {"plan": "Plan", "implied": "Implied", "model": "Model (AI drivers)"}
    return pd.DataFrame(
        {
            "Vendor": [li.vendor for li in tier.line_items],
            "Plan": [li.plan for li in tier.line_items],
            "Category": [CATEGORY_LABELS[li.category] for li in tier.line_items],
            "USD per month": [usd(li.usd_per_month) for li in tier.line_items],
            "List price": [usd(li.list_usd_per_month) for li in tier.line_items],
            "Source": [source_label.get(li.source, li.source) for li in tier.line_items],
        }
    )


def ai_usage_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Formats model.views.ai_usage_frame()."""
    return pd.DataFrame(
        {
            "DAU": [count(d) for d in frame["dau"]],
            "AI calls": [count(v) for v in frame["ai_calls_per_month"]],
            "Reach the model": [count(v) for v in frame["api_calls_per_month"]],
            "Input tokens": [tokens(v) for v in frame["input_tokens_per_month"]],
            "Output tokens": [tokens(v) for v in frame["output_tokens_per_month"]],
            "Optimisation": [f"×{v:.2f}" for v in frame["optimisation_multiplier"]],
            "Answered by": list(frame["answered_by"]),
            "Per call": [usd_price(v) for v in frame["usd_per_api_call"]],
            "AI bill": [usd(v) for v in frame["ai_usd"]],
        }
    )


def model_price_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Formats model.views.model_price_frame()."""
    return pd.DataFrame(
        {
            "Model": list(frame["model"]),
            "Share of calls": [pct(v) for v in frame["share_of_calls"]],
            "Input per 1M tokens": [usd_cents(v) for v in frame["input_usd_per_mtok"]],
            "Cached input per 1M tokens": [usd_price(v) for v in frame["cached_input_usd_per_mtok"]],
            "Output per 1M tokens": [usd_cents(v) for v in frame["output_usd_per_mtok"]],
            "List price per call": [usd_price(v) for v in frame["list_usd_per_call"]],
            "Price source": list(frame["source"]),
        }
    )


def cache_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Formats model.views.cache_frame()."""

    def ttl(seconds: float | None) -> str:
        if seconds is None or pd.isna(seconds):
            return "—"
        s = int(seconds)
        return f"{s // 86400} days" if s >= 86400 and s % 86400 == 0 else f"{s / 3600:g} hours"

    def effect(row: pd.Series) -> str:
        if row["serves"] == "ai":
            return f"answers {pct(row['ai_calls_answered'])} of AI calls"
        return f"absorbs {pct(row['db_reads_absorbed'])} of database reads"

    return pd.DataFrame(
        {
            "Cache": list(frame["name"]),
            "Serves": ["AI calls" if s == "ai" else "Database reads" for s in frame["serves"]],
            "Hit rate": ["— (0%)" if pd.isna(h) else pct(h) for h in frame["hit_rate"]],
            "TTL": [ttl(v) for v in frame["ttl_seconds"]],
            "Effect": [effect(row) for _, row in frame.iterrows()],
            "Key pattern": list(frame["key_pattern"]),
        }
    )


def cache_savings_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Formats model.views.cache_savings_frame()."""
    return pd.DataFrame(
        {
            "DAU": [count(d) for d in frame["dau"]],
            "Gross saving": [usd(v) for v in frame["gross_usd"]],
            "Cache's own cost": [usd(v) for v in frame["cache_cost_usd"]],
            "Net saving": [usd(v) for v in frame["net_usd"]],
        }
    )


def _audit_value(value: float | None, unit: str, *, gap: bool = False) -> str:
    if value is None:
        return "—"
    if unit == "usd":
        return usd(value)
    if unit == "usd_per_dau":
        return usd_cents(value)
    if unit == "fraction":
        return f"{value * 100:+.3g} pts" if gap else percent(value)
    if unit == "count":
        return count(value)
    return f"{value:g}"


def audit_table(findings: tuple[AuditFinding, ...]) -> pd.DataFrame:
    """The plan's stated figures against the recomputed ones: status, topic, stated, computed, gap, explanation."""
    marks = {"agrees": "Agrees", "disagrees": "Disagrees", "implied": "Implied"}
    return pd.DataFrame(
        {
            "Status": [marks[f.status] for f in findings],
            "Check": [f.topic for f in findings],
            "Stated": [_audit_value(f.stated, f.unit) for f in findings],
            "Recomputed": [_audit_value(f.computed, f.unit) for f in findings],
            "Gap": [_audit_value(f.gap, f.unit, gap=True) for f in findings],
            "Explanation": [f.explanation for f in findings],
        }
    )


markdown_escape = md
"""The one escaper (``ui.text.md``) under the name the table builders have always used."""


def audit_figures_line(row: pd.Series) -> str:
    """One audit_table row's figures as a Markdown line: stated, recomputed and the gap (shown literally)."""
    parts = (("Stated", row["Stated"]), ("Recomputed", row["Recomputed"]), ("Gap (stated − recomputed)", row["Gap"]))
    return " · ".join(f"{name} **{markdown_escape(value)}**" for name, value in parts)


def markdown_table(frame: pd.DataFrame) -> str:
    """A frame as a GitHub-style Markdown table, every cell shown literally (see markdown_escape).

    The pages draw their small static tables this way: Streamlit's st.table builds a styled component per cell and
    took 60-80 ms of the browser's time for a 20-row table on every rerun (make bench), Markdown about a quarter of that.
    """
    header = "| " + " | ".join(markdown_escape(c) for c in frame.columns) + " |"
    rule = "|" + " --- |" * len(frame.columns)
    rows = ["| " + " | ".join(markdown_escape(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *rows])


def tier_options(result: ModelResult) -> dict[int, str]:
    """DAU -> a label for tier pickers: '100,000 DAU (Level 3)'."""
    return {t.dau: f"{count(t.dau)} DAU ({t.level_name.split(':')[0]})" for t in result.tiers}


@dataclass(frozen=True)
class MetricStrings:
    value: str
    change: str | None
    """'+$1,234' / '-$1,234', or None when it rounds to no change."""
    reference: str


def metric_strings(metric: TierMetric) -> MetricStrings:
    """A headline figure, its change against the plan and the plan's value, formatted as money ($0.91 per DAU in cents)."""
    fmt = usd_cents if metric.unit == "usd_per_dau" else usd
    change = fmt(metric.change)
    if change.lstrip("-") in ("$0", "$0.00"):
        change_shown = None
    else:
        change_shown = change if change.startswith("-") else "+" + change
    return MetricStrings(fmt(metric.value), change_shown, fmt(metric.reference))


def availability(fraction: float) -> str:
    """An availability target with the digits it needs: 0.999 -> '99.9%', 0.99995 -> '99.995%'."""
    return f"{fraction * 100:.4f}".rstrip("0").rstrip(".") + "%"


def minutes(value: float) -> str:
    """60 -> '1 hour', 15 -> '15 minutes'."""
    if value >= 60 and value % 60 == 0:
        hours = int(value // 60)
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{value:g} minutes"


def window(seconds: int) -> str:
    """60 -> 'minute', 120 -> '2 minutes', 3600 -> 'hour', 45 -> '45 seconds'."""
    for size, name in ((3600, "hour"), (60, "minute")):
        if seconds % size == 0:
            n = seconds // size
            return name if n == 1 else f"{n} {name}s"
    return f"{seconds} seconds"


def rate_limit_table(limits: list[RateLimit]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Endpoint": [r.endpoint for r in limits],
            "Limit": [f"{r.requests:,} requests per {window(r.window_seconds)}" for r in limits],
        }
    )


def dr_table(scenarios: tuple[DRScenario, ...]) -> pd.DataFrame:
    """Disaster-recovery scenarios: recovery time and data-loss targets, and the steps."""
    return pd.DataFrame(
        {
            "Scenario": [s.name for s in scenarios],
            "Recovery time (RTO)": [minutes(s.rto_minutes) for s in scenarios],
            "Data loss (RPO)": [minutes(s.rpo_minutes) for s in scenarios],
            "Steps": [" → ".join(s.steps) for s in scenarios],
        }
    )


def differences_table(changed: dict[str, tuple[Any, Any]]) -> pd.DataFrame:
    """Settings that differ between two scenarios: path -> (plan value, this scenario's value), values as JSON text."""

    def shown(v: Any) -> str:
        return "—" if v is None else v if isinstance(v, str) else json.dumps(v)

    return pd.DataFrame(
        {
            "Setting": list(changed),
            "The plan": [shown(a) for a, _ in changed.values()],
            "This scenario": [shown(b) for _, b in changed.values()],
        }
    )
