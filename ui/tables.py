"""Tables as people read them: DataFrames of display strings (money via model.formatting), no ``st.*`` calls.

Each builder takes the model's result (or a model.views frame) and returns a
DataFrame whose cells are already formatted, so the app never shows a raw float
and a test can compare a cell with ``money(model value)``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pandas as pd

from i18n.display import current
from i18n.money import decimals, format_amount, money, money_cents, money_signed
from i18n.phrase import render as render_phrase
from i18n.text import N_, _, ngettext, plan_text
from model.audit import AuditFinding, Text, Usd
from model.formatting import dau, pct
from model.result import ModelResult, TierResult
from model.scenario import DRScenario, RateLimit
from model.views import TierMetric
from ui.categories import CATEGORY_LABELS
from ui.text import MARKDOWN_SPECIAL, md  # noqa: F401  (MARKDOWN_SPECIAL re-exported)


def usd(value: float) -> str:
    """A model (USD) amount in the session's currency, whole units: ``i18n.money.money`` (kept under its old name)."""
    return money(value)


def usd_cents(value: float) -> str:
    """A per-unit model (USD) amount in the session's currency: ``i18n.money.money_cents`` (kept under its old name)."""
    return money_cents(value)


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
    """Small prices keep their precision: $0.0123 stays $0.0123, $2.50 stays $2.50 (in won: two more digits, ₩16.91)."""
    shown = current()
    if not 0 < abs(value) < 0.1:
        return money_cents(value)
    fx = shown.fx
    digits = decimals(fx.currency, cents=True) + (2 if fx.currency != "USD" else 4 - decimals("USD", cents=True))
    return format_amount(value * fx.rate, fx.currency, locale=shown.locale, digits=digits)


def money_numbers(frame: pd.DataFrame, usd_digits: dict[str, int]) -> tuple[pd.DataFrame, dict[str, Any]]:
    """``frame`` with its dollar columns (``usd_digits``: column -> digits in dollars) in the display currency, still
    numbers so the grid sorts them, and the grid's column formats: '$%,.5f' in dollars, '₩%,.2f' in won (a won figure
    needs two digits fewer than a dollar one, as ``usd_price``). A heading that names USD names the display's currency
    instead ('Planned (USD)' -> 'Planned (KRW)', ``in_currency_words``); the formats are keyed by the new headings."""
    import streamlit as st

    from i18n.money import digits_like_usd, in_currency_words, symbol
    from model.fx import convert

    shown = current()
    heading = {c: in_currency_words(c, display=shown) for c in usd_digits}
    out = frame.assign(**{c: convert(frame[c].astype(float), shown.fx.rate) for c in usd_digits}).rename(columns=heading)
    sign = symbol(shown).replace("%", "%%")
    config = {
        heading[c]: st.column_config.NumberColumn(format=f"{sign}%,.{digits_like_usd(d, shown.fx.currency)}f")
        for c, d in usd_digits.items()
    }
    return out, config


def percent(fraction: float) -> str:
    """A fraction as a percentage with only the digits it needs: 0.1 -> '10%', 0.9999 -> '99.99%', 2/3 -> '66.667%'."""
    return f"{fraction * 100:.3f}".rstrip("0").rstrip(".") + "%"


def tier_table(result: ModelResult) -> pd.DataFrame:
    """One row per tier: DAU, total, cost per DAU, level, infrastructure, AI, cache savings, reserved savings.

    Total and cost per DAU come right after the DAU so a phone (390 px) shows them without scrolling the table."""
    return pd.DataFrame(
        {
            _("DAU"): [count(t.dau) for t in result.tiers],
            _("Total per month"): [money(t.total_usd) for t in result.tiers],
            _("Cost per DAU"): [money_cents(t.cost_per_dau_usd) for t in result.tiers],
            _("Level"): [plan_text(t.level_name) for t in result.tiers],
            _("Infrastructure"): [money(t.infrastructure_usd) for t in result.tiers],
            _("AI"): [money(t.ai_usd) for t in result.tiers],
            _("Cache savings (gross)"): [money(t.cache_savings_usd) for t in result.tiers],
            _("Reserved-instance saving"): [
                money(t.reserved_savings_usd)
                + ("" if t.reserved_savings_applied or t.reserved_savings_usd == 0 else " " + _("(not applied)"))
                for t in result.tiers
            ],
        }
    )


def line_items_table(tier: TierResult) -> pd.DataFrame:
    """A tier's bill: vendor, plan, category, monthly cost (and list price where a reserved discount applies), source."""
    source_label = {"plan": _("Plan"), "implied": _("Implied"), "model": _("Model (AI drivers)")}
    return pd.DataFrame(
        {
            _("Vendor"): [li.vendor for li in tier.line_items],
            _("Plan"): [li.plan for li in tier.line_items],
            _("Category"): [_(CATEGORY_LABELS[li.category]) for li in tier.line_items],
            _("{currency} per month").format(currency=current().fx.currency): [money(li.usd_per_month) for li in tier.line_items],
            _("List price"): [money(li.list_usd_per_month) for li in tier.line_items],
            _("Source"): [source_label.get(li.source, li.source) for li in tier.line_items],
        }
    )


def ai_usage_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Formats model.views.ai_usage_frame()."""
    return pd.DataFrame(
        {
            _("DAU"): [count(d) for d in frame["dau"]],
            _("AI calls"): [count(v) for v in frame["ai_calls_per_month"]],
            _("Reach the model"): [count(v) for v in frame["api_calls_per_month"]],
            _("Input tokens"): [tokens(v) for v in frame["input_tokens_per_month"]],
            _("Output tokens"): [tokens(v) for v in frame["output_tokens_per_month"]],
            _("Optimisation"): [f"×{v:.2f}" for v in frame["optimisation_multiplier"]],
            _("Answered by"): [_(v) for v in frame["answered_by"]],  # 'Own model' or 'API': the catalogue's words
            _("Per call"): [usd_price(v) for v in frame["usd_per_api_call"]],
            _("AI bill"): [money(v) for v in frame["ai_usd"]],
        }
    )


def model_price_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Formats model.modelcompare.model_price_frame()."""
    return pd.DataFrame(
        {
            _("Model"): list(frame["model"]),
            _("Share of calls"): [pct(v) for v in frame["share_of_calls"]],
            _("Input per 1M tokens"): [money_cents(v) for v in frame["input_usd_per_mtok"]],
            _("Cached input per 1M tokens"): [usd_price(v) for v in frame["cached_input_usd_per_mtok"]],
            _("Output per 1M tokens"): [money_cents(v) for v in frame["output_usd_per_mtok"]],
            _("List price per call"): [usd_price(v) for v in frame["list_usd_per_call"]],
            _("Price source"): [render_phrase(said) for said in frame["source"]],  # in the session's language
        }
    )


def cache_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Formats model.views.cache_frame()."""

    def ttl(seconds: float | None) -> str:
        if seconds is None or pd.isna(seconds):
            return "—"
        s = int(seconds)
        if s >= 86400 and s % 86400 == 0:
            return ngettext("{n} day", "{n} days", s // 86400).format(n=s // 86400)
        return _("{n} hours").format(n=f"{s / 3600:g}")

    def effect(row: pd.Series) -> str:
        if row["serves"] == "ai":
            return _("answers {share} of AI calls").format(share=pct(row["ai_calls_answered"]))
        return _("absorbs {share} of database reads").format(share=pct(row["db_reads_absorbed"]))

    return pd.DataFrame(
        {
            _("Cache"): [plan_text(n) for n in frame["name"]],
            _("Serves"): [_("AI calls") if s == "ai" else _("Database reads") for s in frame["serves"]],
            _("Hit rate"): [
                "— (0%)" if blank else pct(h) for blank, h in zip(frame["hit_rate_blank"], frame["hit_rate_counted"], strict=True)
            ],
            _("TTL"): [ttl(v) for v in frame["ttl_seconds"]],
            _("Effect"): [effect(row) for _i, row in frame.iterrows()],
            _("Key pattern"): list(frame["key_pattern"]),
        }
    )


def cache_savings_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Formats model.views.cache_savings_frame()."""
    return pd.DataFrame(
        {
            _("DAU"): [count(d) for d in frame["dau"]],
            _("Gross saving"): [money(v) for v in frame["gross_usd"]],
            _("Cache's own cost"): [money(v) for v in frame["cache_cost_usd"]],
            _("Net saving"): [money(v) for v in frame["net_usd"]],
        }
    )


def _audit_value(value: float | None, unit: str, *, gap: bool = False) -> str:
    if value is None:
        return "—"
    if unit == "usd":
        return money(value)
    if unit == "usd_per_dau":
        return money_cents(value)
    if unit == "fraction":
        return f"{value * 100:+.3g} pts" if gap else percent(value)
    if unit == "count":
        return count(value)
    return f"{value:g}"


def audit_sentence(text: Text | None, english: str) -> str:
    """An audit topic or explanation in the session's language, its dollar figures in the session's currency."""
    if text is None:
        return plan_text(english)
    args: dict[str, str] = {}
    for name, value in text.args:
        if isinstance(value, Usd):
            args[name] = _usd_figure(value)
        elif isinstance(value, Text):  # a clause of its own (a list of items with their prices)
            args[name] = audit_sentence(value, str(value))
        else:
            args[name] = plan_text(value)  # level names, cache names: the plan's own text
    return _(text.template).format(**args) if args else _(text.template)


def _usd_figure(value: Usd) -> str:
    """A dollar figure of an audit sentence: as the audit wrote it in dollars, else converted with the same precision."""
    shown = current()
    fx = shown.fx
    if fx.is_identity:
        return str(value)
    digits = max(0, value.digits - 2 + decimals(fx.currency, cents=True)) if value.digits else 0
    return format_amount(value.usd * fx.rate, fx.currency, locale=shown.locale, digits=digits)


def finding_topic(f: AuditFinding) -> str:
    return audit_sentence(f.topic_text, f.topic)


def finding_explanation(f: AuditFinding) -> str:
    return audit_sentence(f.explanation_text, f.explanation)


def audit_table(findings: tuple[AuditFinding, ...]) -> pd.DataFrame:
    """The plan's stated figures against the recomputed ones: status, topic, stated, computed, gap, explanation."""
    marks = {"agrees": _("Agrees"), "disagrees": _("Disagrees"), "implied": _("Implied")}
    return pd.DataFrame(
        {
            _("Status"): [marks[f.status] for f in findings],
            _("Check"): [finding_topic(f) for f in findings],
            _("Stated"): [_audit_value(f.stated, f.unit) for f in findings],
            _("Recomputed"): [_audit_value(f.computed, f.unit) for f in findings],
            _("Gap"): [_audit_value(f.gap, f.unit, gap=True) for f in findings],
            _("Explanation"): [finding_explanation(f) for f in findings],
        }
    )


markdown_escape = md
"""The one escaper (``ui.text.md``) under the name the table builders have always used."""


def audit_figures_line(row: pd.Series) -> str:
    """One audit_table row's figures as a Markdown line: stated, recomputed and the gap (shown literally)."""

    # The row's columns are named in the session's language (audit_table); a row keyed in English reads the same.
    def cell(name: str) -> object:
        return row[_(name)] if _(name) in row.index else row[name]

    parts = (
        (_("Stated"), cell("Stated")),
        (_("Recomputed"), cell("Recomputed")),
        (_("Gap (stated − recomputed)"), cell("Gap")),
    )
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
    """DAU -> a label for tier pickers: '100k · L3' (in Korean '10만 · L3'), L for the plan's level in force, as the
    Capacity page marks levels. Short, so the plan's five tiers fit the Overview's picker beside its two controls on a
    laptop ('100,000 DAU (Level 3)' cut off the last two at 1400 px; '100k (Level 3)' still the last at 1280 px)."""
    return {t.dau: f"{dau_short(t.dau)} · L{t.level_number}" for t in result.tiers}


TIER_HELP = N_("Each tier's daily active users and the plan's level in force there (L1 = Level 1).")
"""The tier pickers' help: what the short label says."""


def tier_picker(result: ModelResult, key: str, *, default_dau: int = 500_000) -> int:
    """The analysis pages' tier picker (a segmented control of ``tier_options``): the chosen tier's DAU, by default
    the plan's 500k (else the first tier)."""
    import streamlit as st

    options = tier_options(result)
    default = default_dau if default_dau in options else next(iter(options))
    chosen = st.segmented_control(
        _("Tier"),
        options=list(options),
        format_func=lambda v: md(options[v]),
        default=default,
        required=True,
        key=key,
        help=_(TIER_HELP),
    )
    return chosen if chosen in options else default


def dau_short(value: float) -> str:
    """A DAU as a person says it, exact or in full: 10,000 -> '10k' ('1만' in Korean), 2,500,000 -> '2.5M' ('250만'),
    12,345 -> '12,345' in either."""
    if current().lang == "ko":
        for unit, word in ((100_000_000, "억"), (10_000, "만")):
            if value >= unit and value % unit == 0:
                return f"{int(value // unit):,}{word}"
        return count(value)
    return dau(value)


@dataclass(frozen=True)
class MetricStrings:
    value: str
    change: str | None
    """'+$1,234' / '-₩5,000', or None when it rounds to no change in the shown currency."""
    reference: str


def metric_strings(metric: TierMetric) -> MetricStrings:
    """A headline figure, its change against the plan and the plan's value, formatted as money ($0.91 per DAU in cents)."""
    cents = metric.unit == "usd_per_dau"
    change_shown = money_signed(metric.change, cents=cents)
    if cents:
        return MetricStrings(money_cents(metric.value), change_shown, money_cents(metric.reference))
    # Headline figures in won read as a person says them (₩1.27억); the help keeps every digit.
    return MetricStrings(money(metric.value, compact=True), change_shown, money(metric.reference))


def availability(fraction: float) -> str:
    """An availability target with the digits it needs: 0.999 -> '99.9%', 0.99995 -> '99.995%'."""
    return f"{fraction * 100:.4f}".rstrip("0").rstrip(".") + "%"


def minutes(value: float) -> str:
    """60 -> '1 hour', 15 -> '15 minutes'."""
    if value >= 60 and value % 60 == 0:
        hours = int(value // 60)
        return ngettext("{n} hour", "{n} hours", hours).format(n=hours)
    return _("{n} minutes").format(n=f"{value:g}")


def window(seconds: int) -> str:
    """60 -> 'minute', 120 -> '2 minutes', 3600 -> 'hour', 45 -> '45 seconds'."""
    for size, one, many in ((3600, N_("hour"), N_("{n} hours")), (60, N_("minute"), N_("{n} minutes"))):
        if seconds % size == 0:
            n = seconds // size
            return _(one) if n == 1 else _(many).format(n=n)
    return _("{n} seconds").format(n=seconds)


def rate_limit_table(limits: list[RateLimit]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            _("Endpoint"): [plan_text(r.endpoint) for r in limits],
            _("Limit"): [
                _("{requests} requests per {window}").format(requests=f"{r.requests:,}", window=window(r.window_seconds))
                for r in limits
            ],
        }
    )


def dr_table(scenarios: tuple[DRScenario, ...]) -> pd.DataFrame:
    """Disaster-recovery scenarios: recovery time and data-loss targets, and the steps."""
    return pd.DataFrame(
        {
            _("Scenario"): [plan_text(s.name) for s in scenarios],
            _("Recovery time (RTO)"): [minutes(s.rto_minutes) for s in scenarios],
            _("Data loss (RPO)"): [minutes(s.rpo_minutes) for s in scenarios],
            _("Steps"): [" → ".join(plan_text(step) for step in s.steps) for s in scenarios],
        }
    )


def differences_table(changed: dict[str, tuple[Any, Any]]) -> pd.DataFrame:
    """Settings that differ between two scenarios: path -> (plan value, this scenario's value), values as JSON text."""

    def shown(v: Any) -> str:
        return "—" if v is None else v if isinstance(v, str) else json.dumps(v)

    return pd.DataFrame(
        {
            _("Setting"): list(changed),
            _("The plan"): [shown(a) for a, _b in changed.values()],
            _("This scenario"): [shown(b) for _a, b in changed.values()],
        }
    )


METRIC_LABELS = {
    "total_usd": N_("Total / month"),
    "infrastructure_usd": N_("Infrastructure"),
    "ai_usd": N_("AI"),
    "cache_savings_net_usd": N_("Cache saving (net)"),
    "cost_per_dau_usd": N_("Cost per DAU"),
}


def metric_label(metric: TierMetric) -> str:
    """A headline figure's label in the session's language."""
    return _(METRIC_LABELS[metric.key]) if metric.key in METRIC_LABELS else metric.label
