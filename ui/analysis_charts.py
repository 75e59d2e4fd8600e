"""Chart builders for the analysis pages (compare, sensitivity, uncertainty, timeline, economics).

Data in (the analysis results' tidy frames), ``alt.Chart`` out; no ``st.*`` calls and
no arithmetic beyond reshaping for the chart. Colours follow ``ui.charts``: AI is
always the AI category's colour, infrastructure the hosting colour, money as money.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd

from i18n.display import current
from i18n.money import money_cents
from i18n.text import N_, _, plan_text
from model.analysis.economics import BREAK_EVEN_PER_DAU, REVENUE_PER_DAU
from model.formatting import dau as format_dau
from ui.chart_parts import Data, TwoPart
from ui.charts import CATEGORY_COLOURS, DAU_TICKS, HEIGHT, MONEY, MONEY_CENTS, in_display_currency, money_cents_format, per_month
from ui.driver_text import label_of

SCENARIO_COLOURS = ("#4F46E5", "#E11D48", "#0F766E", "#F59E0B")
"""One colour per compared scenario, in the order chosen (the first is the reference)."""
BAND_COLOUR = "#4F46E5"
DETERMINISTIC_COLOUR = "#111827"
BUDGET_COLOUR = "#DC2626"
LOW_COLOUR = "#0EA5E9"
HIGH_COLOUR = "#E11D48"
INFRA_COLOUR = CATEGORY_COLOURS["hosting"]
AI_COLOUR = CATEGORY_COLOURS["ai"]
OPTION_COLOURS = {
    N_("API"): CATEGORY_COLOURS["ai"],
    N_("Self-hosted (GPUs)"): "#0F766E",
    N_("Plan's own model (share of API)"): "#64748B",
}
"""The self-hosted chart's options (model.analysis.selfhosted.curve_frame's names, the catalogue's keys)."""

_DAU_LABEL_EXPR = "datum.value >= 1000000 ? format(datum.value / 1000000, '~g') + 'M' : format(datum.value / 1000, '~g') + 'k'"


def _dau_x(title: str | None = None) -> alt.X:
    return alt.X(
        "dau:Q",
        title=title or _("Daily active users (log scale)"),
        scale=alt.Scale(type="log", nice=False),
        axis=alt.Axis(values=DAU_TICKS, labelExpr=_DAU_LABEL_EXPR, grid=True),
    )


def _tier_label(dau: float) -> str:
    return f"{format_dau(dau)} DAU"


# --- compare ---------------------------------------------------------------------------


def _scenario_scale(labels: Sequence[str]) -> alt.Scale:
    return alt.Scale(domain=list(labels), range=list(SCENARIO_COLOURS[: len(labels)]))


def _comparison_total_parts(cost_frame: pd.DataFrame, labels: Sequence[str]) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """Each scenario's monthly total per tier, labelled (Comparison.cost_frame()), the tiers' order and the scenarios'."""
    df = cost_frame.copy()
    df["tier"] = [_tier_label(d) for d in df["dau"]]
    return {"totals": df}, {"order": [_tier_label(d) for d in sorted(df["dau"].unique())], "labels": list(labels)}


def _comparison_total_layout(data: Data, *, order: list[str], labels: list[str]) -> alt.Chart:
    return (
        alt.Chart(data["totals"], title=_("Monthly total by scenario"))
        .mark_bar()
        .encode(
            x=alt.X("tier:N", title=_("Tier"), sort=order, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("scenario:N", sort=list(labels)),
            y=alt.Y("total_usd:Q", title=per_month(), axis=alt.Axis(format=MONEY)),
            color=_scenario_colour(labels),
            tooltip=[
                alt.Tooltip("scenario:N", title=_("Scenario")),
                alt.Tooltip("tier:N", title=_("Tier")),
                alt.Tooltip("total_usd:Q", title=_("Total per month"), format=MONEY),
                alt.Tooltip("cost_per_dau_usd:Q", title=_("Cost per DAU"), format=MONEY_CENTS),
                alt.Tooltip("change_usd:Q", title=_("Change vs first"), format="+$,.0f"),
            ],
        )
        .properties(height=HEIGHT)
    )


comparison_total_chart = TwoPart(_comparison_total_parts, _comparison_total_layout)
"""Grouped bars: monthly total per tier, one bar per scenario. Input: Comparison.cost_frame() and the labels."""


def _scenario_colour(labels: Sequence[str]) -> alt.Color:
    """One colour per scenario, in the order chosen, legend on top: the same in both comparison charts."""
    return alt.Color(
        "scenario:N",
        title=None,
        scale=_scenario_scale(labels),
        sort=list(labels),
        legend=alt.Legend(orient="top", labelLimit=360),
    )


def _comparison_per_dau_parts(cost_frame: pd.DataFrame, labels: Sequence[str]) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    return {"costs": cost_frame}, {"labels": list(labels)}


def _comparison_per_dau_layout(data: Data, *, labels: list[str]) -> alt.Chart:
    return (
        alt.Chart(data["costs"], title=_("Cost per DAU by scenario"))
        .mark_line(point=alt.OverlayMarkDef(size=70, filled=True), strokeWidth=2.5)
        .encode(
            x=_dau_x(_("Daily active users (tiers, log scale)")),
            y=alt.Y("cost_per_dau_usd:Q", title=_("Cost per DAU per month"), axis=alt.Axis(format=money_cents_format())),
            color=_scenario_colour(labels),
            tooltip=[
                alt.Tooltip("scenario:N", title=_("Scenario")),
                alt.Tooltip("dau:Q", title=_("DAU"), format=",.0f"),
                alt.Tooltip("cost_per_dau_usd:Q", title=_("Cost per DAU"), format=MONEY_CENTS),
            ],
        )
        .properties(height=HEIGHT)
    )


comparison_cost_per_dau_chart = TwoPart(_comparison_per_dau_parts, _comparison_per_dau_layout)
"""Cost per DAU at each tier, one line per scenario (log DAU axis). Input: Comparison.cost_frame() and the labels."""


# --- sensitivity -----------------------------------------------------------------------


END_LABELS = {"low": N_("Low value"), "high": N_("High value")}
"""The tornado's legend; short, because it starts right of the long driver names (and must fit a 390 px phone)."""


def _tornado_parts(
    long_frame: pd.DataFrame, *, base_cost_per_dau_usd: float, dau: float
) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """Each driver's low-value and high-value result, labelled in the session's language (Tornado.long_frame()), the
    base cost per DAU as a rule, the drivers' order by rank and the chart's title."""
    df = long_frame.copy()
    ends = {k: _(v) for k, v in END_LABELS.items()}
    df["End"] = df["end"].map(ends)
    df["label"] = [label_of(p, x) for p, x in zip(df["path"], df["label"], strict=True)]  # in the session's language
    order = list(dict.fromkeys(df.sort_values("rank")["label"]))
    title = _("Cost per DAU at {tier}: each driver alone at its low and high value").format(tier=_tier_label(dau))
    frames = {"ends": df, "base": pd.DataFrame({"base_cost_per_dau_usd": [base_cost_per_dau_usd]})}
    return frames, {"order": order, "title": title, "end_names": list(ends.values())}


def _tornado_layout(data: Data, *, order: list[str], title: str, end_names: list[str]) -> alt.LayerChart:
    colour = alt.Color(
        "End:N",
        title=None,
        scale=alt.Scale(domain=end_names, range=[LOW_COLOUR, HIGH_COLOUR]),
        # One entry a row: the legend starts where the bars start, right of the driver names (on a phone ~120 px).
        legend=alt.Legend(orient="top", columns=1),
    )
    y = alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=320))
    bars = (
        alt.Chart(data["ends"])
        .mark_bar(opacity=0.85)
        .encode(
            y=y,
            yOffset=alt.YOffset("End:N"),
            x=alt.X(
                "cost_per_dau_usd:Q",
                title=_("Cost per DAU per month"),
                axis=alt.Axis(format=money_cents_format(), titleAnchor="end"),  # ends with the axis: never past the chart's edge
                scale=alt.Scale(zero=False),
            ),
            x2=alt.X2("base_cost_per_dau_usd"),
            color=colour,
            tooltip=[
                alt.Tooltip("label:N", title=_("Driver")),
                alt.Tooltip("End:N", title=_("Setting")),
                alt.Tooltip("driver_value:Q", title=_("Driver value"), format=",.4~g"),
                alt.Tooltip("cost_per_dau_usd:Q", title=_("Cost per DAU"), format="$,.3f"),
                alt.Tooltip("delta_usd:Q", title=_("Change vs base"), format="+$,.3f"),
            ],
        )
    )
    rule = (
        alt.Chart(data["base"])
        .mark_rule(color=DETERMINISTIC_COLOUR, strokeWidth=2)
        .encode(
            x=alt.X("base_cost_per_dau_usd:Q"),
            tooltip=[alt.Tooltip("base_cost_per_dau_usd:Q", title=_("Base cost per DAU"), format="$,.3f")],
        )
    )
    return alt.layer(bars, rule, title=title, height=max(HEIGHT, 34 * len(order)))


tornado_chart = TwoPart(_tornado_parts, _tornado_layout)
"""Horizontal bars from the base cost per DAU to each driver's low-value and high-value result. Input:
Tornado.long_frame()."""


# --- uncertainty --------------------------------------------------------------------------


def _band_parts(
    bands: pd.DataFrame, *, per_dau: bool, budget_usd_per_dau: float | None = None
) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """The band chart's data: the band (P10 to P90 per DAU), its two lines (P50, the deterministic model) long, and
    the budget rule (cost per DAU only). Input: Simulation.bands()."""
    cols = (
        {"p10": "cost_per_dau_p10", "p50": "cost_per_dau_p50", "p90": "cost_per_dau_p90", "det": "deterministic_cost_per_dau_usd"}
        if per_dau
        else {"p10": "p10", "p50": "p50", "p90": "p90", "det": "deterministic_usd"}
    )
    # Columns named as the legend reads them: the deterministic line in the session's language.
    det = _("Deterministic")
    df = pd.DataFrame(
        {
            "dau": bands["dau"],
            "P10": bands[cols["p10"]],
            "P50": bands[cols["p50"]],
            "P90": bands[cols["p90"]],
            det: bands[cols["det"]],
        }
    )
    df = in_display_currency(df, ["P10", "P50", "P90", det])
    frames = {"band": df, "lines": df.melt(id_vars="dau", value_vars=["P50", det], var_name="series", value_name="value")}
    if per_dau and budget_usd_per_dau is not None:
        frames["budget"] = in_display_currency(
            pd.DataFrame(
                {"budget": [budget_usd_per_dau], "label": [_("Budget {amount}").format(amount=money_cents(budget_usd_per_dau))]}
            ),
            ["budget"],
        )
    return frames, {"per_dau": per_dau, "det": det}


def _band_layout(data: Data, *, per_dau: bool, det: str) -> alt.LayerChart:
    if per_dau:
        title, y_title = _("Cost per DAU: P10 to P90 of the Monte Carlo"), _("Cost per DAU per month")
        fmt = money_cents_format()
    else:
        title, y_title, fmt = _("Monthly cost: P10 to P90 of the Monte Carlo"), per_month(), MONEY
    tip_fmt = MONEY_CENTS if per_dau else MONEY
    tooltip = [alt.Tooltip("dau:Q", title=_("DAU"), format=",.0f")] + [
        alt.Tooltip(f"{c}:Q", format=tip_fmt) for c in ("P10", "P50", "P90", det)
    ]
    y_scale = alt.Scale(type="log") if not per_dau else alt.Scale(zero=True)
    band = (
        alt.Chart(data["band"])
        .mark_area(opacity=0.25, color=BAND_COLOUR)
        .encode(
            x=_dau_x(),
            y=alt.Y("P10:Q", title=y_title, axis=alt.Axis(format=fmt), scale=y_scale),
            y2=alt.Y2("P90"),
            tooltip=tooltip,
        )
    )
    colour = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(domain=["P50", det], range=[BAND_COLOUR, DETERMINISTIC_COLOUR]),
        legend=alt.Legend(orient="top"),
    )
    lines = (
        alt.Chart(data["lines"])
        .mark_line(strokeWidth=2.2)
        .encode(
            x=_dau_x(),
            y=alt.Y("value:Q", scale=y_scale),
            color=colour,
            strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=["P50", det], range=[[1, 0], [5, 4]]), legend=None),
        )
    )
    layers: list[alt.Chart] = [band, lines]
    if "budget" in data:
        layers.append(
            alt.Chart(data["budget"])
            .mark_rule(color=BUDGET_COLOUR, strokeDash=[2, 2], strokeWidth=2)
            .encode(y=alt.Y("budget:Q"), tooltip=[alt.Tooltip("label:N", title=_("Budget"))])
        )
    return alt.layer(*layers, title=title, height=HEIGHT)


band_chart = TwoPart(_band_parts, _band_layout)
"""P10-P90 band, P50 line and the deterministic model over DAU. Input: Simulation.bands(); ``per_dau``: cost per DAU
(with the budget as a red rule) instead of the monthly total."""


def _histogram_parts(
    histogram: pd.DataFrame, *, dau: float, budget_usd_per_dau: float
) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """The histogram's bins (Simulation.histogram(dau): binned in the model, one row per bin, not one per draw) and
    the budget rule."""
    budget = in_display_currency(pd.DataFrame({"budget": [budget_usd_per_dau]}), ["budget"])
    return {"bins": histogram, "budget": budget}, {"title": _("Cost per DAU at {tier}: every draw").format(tier=_tier_label(dau))}


def _histogram_layout(data: Data, *, title: str) -> alt.LayerChart:
    hist = (
        alt.Chart(data["bins"])
        .mark_bar(color=BAND_COLOUR, opacity=0.8, orient="vertical")
        .encode(
            x=alt.X(
                "bin_start_usd:Q",
                title=_("Cost per DAU per month"),
                axis=alt.Axis(format=money_cents_format()),
                scale=alt.Scale(zero=False),
            ),
            x2=alt.X2("bin_end_usd"),
            y=alt.Y("draws:Q", title=_("Draws")),
            tooltip=[
                alt.Tooltip("bin_start_usd:Q", title=_("From"), format=MONEY_CENTS),
                alt.Tooltip("bin_end_usd:Q", title=_("To"), format=MONEY_CENTS),
                alt.Tooltip("draws:Q", title=_("Draws"), format=","),
                alt.Tooltip("share:Q", title=_("Share of draws"), format=".1%"),
            ],
        )
    )
    rule = (
        alt.Chart(data["budget"])
        .mark_rule(color=BUDGET_COLOUR, strokeDash=[2, 2], strokeWidth=2)
        .encode(x=alt.X("budget:Q"), tooltip=[alt.Tooltip("budget:Q", title=_("Budget"), format=MONEY_CENTS)])
    )
    return alt.layer(hist, rule, title=title, height=260)


draws_histogram = TwoPart(_histogram_parts, _histogram_layout)
"""Histogram of every draw's cost per DAU at one DAU (``dau``), with the budget. Input: Simulation.histogram(dau)."""


# --- timeline ---------------------------------------------------------------------------------


def _timeline_spend_parts(months: pd.DataFrame, due: pd.DataFrame) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """Each month's infrastructure and AI spend long, named in the session's language (TimelineResult.months), and the
    checklists' due months (``due``: level_name, due_month)."""
    long = months.melt(
        id_vars=["month", "dau", "total_usd"], value_vars=["infrastructure_usd", "ai_usd"], var_name="part", value_name="usd"
    )
    long["Part"] = long["part"].map(_spend_part_names())
    return {"spend": long, "due": due}, {}


def _spend_part_names() -> dict[str, str]:
    return {"infrastructure_usd": _("Infrastructure"), "ai_usd": _("AI")}


def _month_x() -> alt.X:
    return alt.X(
        "month:O",
        title=_("Month"),
        axis=alt.Axis(labelAngle=-90, labelExpr="substring(datum.value, 5) == '01' ? datum.value : ''"),
    )


def _timeline_spend_layout(data: Data) -> alt.LayerChart:
    colour = alt.Color(
        "Part:N",
        title=None,
        scale=alt.Scale(domain=list(_spend_part_names().values()), range=[INFRA_COLOUR, AI_COLOUR]),
        legend=alt.Legend(orient="top"),
    )
    bars = (
        alt.Chart(data["spend"])
        .mark_bar()
        .encode(
            x=_month_x(),
            y=alt.Y("usd:Q", title=per_month(), stack="zero", axis=alt.Axis(format=MONEY)),
            color=colour,
            order=alt.Order("part:N", sort="descending"),
            tooltip=[
                alt.Tooltip("month:O", title=_("Month")),
                alt.Tooltip("Part:N", title=_("Part")),
                alt.Tooltip("usd:Q", title=current().fx.currency, format=MONEY),
                alt.Tooltip("total_usd:Q", title=_("Month total"), format=MONEY),
                alt.Tooltip("dau:Q", title=_("DAU"), format=",.0f"),
            ],
        )
    )
    rules = (
        alt.Chart(data["due"])
        .mark_rule(color=DETERMINISTIC_COLOUR, strokeDash=[4, 3])
        .encode(
            x=alt.X("due_month:O"),
            tooltip=[alt.Tooltip("level_name:N", title=_("Checklist for")), alt.Tooltip("due_month:O", title=_("Due"))],
        )
    )
    return alt.layer(bars, rules, title=_("Monthly spend (dashed: a checklist is due)"), height=HEIGHT)


timeline_spend_chart = TwoPart(_timeline_spend_parts, _timeline_spend_layout)
"""Stacked monthly bars (infrastructure, AI) with a rule at each checklist's due month. Inputs: TimelineResult.months;
``due``: one row per level with a due month (level_name, due_month)."""


def _timeline_cumulative_parts(months: pd.DataFrame) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    return {"months": months}, {}


def _timeline_cumulative_layout(data: Data) -> alt.Chart:
    return (
        alt.Chart(data["months"], title=_("Cumulative spend"))
        .mark_area(line={"color": INFRA_COLOUR}, color=INFRA_COLOUR, opacity=0.2)
        .encode(
            x=_month_x(),
            y=alt.Y("cumulative_usd:Q", title=current().fx.currency, axis=alt.Axis(format="$,.2s")),
            tooltip=[
                alt.Tooltip("month:O", title=_("Month")),
                alt.Tooltip("cumulative_usd:Q", title=_("Cumulative"), format=MONEY),
            ],
        )
        .properties(height=260)
    )


timeline_cumulative_chart = TwoPart(_timeline_cumulative_parts, _timeline_cumulative_layout)
"""Cumulative spend by month. Input: TimelineResult.months."""


def _timeline_dau_parts(months: pd.DataFrame, milestones: pd.DataFrame) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """Projected DAU by month (months: month, dau) and the milestones (month, dau, level_name), their names in the
    session's language."""
    points = milestones[["month", "dau", "level_name"]]
    return {
        "months": months[["month", "dau"]],
        "milestones": points.assign(level_name=[plan_text(n) for n in points["level_name"]]),
    }, {}


def _timeline_dau_layout(data: Data) -> alt.LayerChart:
    y = alt.Y(
        "dau:Q",
        title=_("DAU (log scale)"),
        scale=alt.Scale(type="log"),
        axis=alt.Axis(values=DAU_TICKS, labelExpr=_DAU_LABEL_EXPR),
    )
    x = _month_x()
    line = (
        alt.Chart(data["months"])
        .mark_line(color=INFRA_COLOUR, strokeWidth=2.5)
        .encode(x=x, y=y, tooltip=[alt.Tooltip("month:O", title=_("Month")), alt.Tooltip("dau:Q", title=_("DAU"), format=",.0f")])
    )
    points = (
        alt.Chart(data["milestones"])
        .mark_point(size=120, filled=True, shape="diamond", color=DETERMINISTIC_COLOUR)
        .encode(x=x, y=y, tooltip=[alt.Tooltip("level_name:N", title=_("Milestone")), alt.Tooltip("month:O", title=_("Month"))])
    )
    return alt.layer(line, points, title=_("Daily active users by month"), height=260)


timeline_dau_chart = TwoPart(_timeline_dau_parts, _timeline_dau_layout)
"""Projected DAU by month (log scale) with the milestones as points."""


# --- economics -----------------------------------------------------------------------------


def _margin_parts(economics: pd.DataFrame) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """Per tier: cost per DAU (the break-even revenue), revenue per DAU, gross margin. Input: economics_frame()."""
    df = economics.copy()
    df["tier"] = [_tier_label(d) for d in df["dau"]]
    return {"tiers": df}, {"order": [_tier_label(d) for d in sorted(df["dau"].unique())]}


def _margin_layout(data: Data, *, order: list[str]) -> alt.LayerChart:
    x = alt.X("tier:N", title=_("Tier"), sort=order, axis=alt.Axis(labelAngle=0))
    bars = (
        alt.Chart(data["tiers"])
        .mark_bar(color=INFRA_COLOUR, opacity=0.85)
        .encode(
            x=x,
            y=alt.Y(
                f"{BREAK_EVEN_PER_DAU}:Q",
                title=_("{currency} per DAU per month").format(currency=current().fx.currency),
                axis=alt.Axis(format=money_cents_format()),
            ),
            tooltip=[
                alt.Tooltip("tier:N", title=_("Tier")),
                alt.Tooltip(f"{BREAK_EVEN_PER_DAU}:Q", title=_("Cost per DAU (break-even revenue)"), format=MONEY_CENTS),
                alt.Tooltip("gross_margin:Q", title=_("Gross margin"), format=".1%"),
            ],
        )
    )
    revenue = (
        alt.Chart(data["tiers"])
        .mark_line(color="#15803D", strokeWidth=3, point=True)
        .encode(
            x=x,
            y=alt.Y(f"{REVENUE_PER_DAU}:Q"),
            tooltip=[alt.Tooltip(f"{REVENUE_PER_DAU}:Q", title=_("Revenue per DAU"), format=MONEY_CENTS)],
        )
    )
    return alt.layer(
        bars, revenue, title=_("Cost per DAU (bars, the break-even revenue) against revenue per DAU (green line)"), height=HEIGHT
    )


margin_chart = TwoPart(_margin_parts, _margin_layout)
"""Cost per DAU (the break-even revenue) per tier as bars, revenue per DAU as a line. Input: economics_frame()."""


def _self_hosted_parts(curve: pd.DataFrame, *, break_even_dau: float | None) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """The options' curves (model.analysis.selfhosted.curve_frame(), options in the session's language) and the
    break-even rule."""
    frames = {"curves": curve.assign(option=[_(o) for o in curve["option"]])}
    if break_even_dau is not None:
        frames["break_even"] = pd.DataFrame(
            {"dau": [break_even_dau], "label": [_("Self-hosting wins from {dau} DAU").format(dau=f"{break_even_dau:,.0f}")]}
        )
    return frames, {}


def _self_hosted_layout(data: Data) -> alt.LayerChart:
    names = [_(n) for n in OPTION_COLOURS]
    lines = (
        alt.Chart(data["curves"])
        .mark_line(strokeWidth=2.5, interpolate="step-after")
        .encode(
            x=_dau_x(),
            y=alt.Y(
                "usd:Q",
                title=_("AI cost, {per_month} (log scale)").format(per_month=per_month()),
                scale=alt.Scale(type="log"),
                axis=alt.Axis(format="$,.2s"),
            ),
            color=alt.Color(
                "option:N",
                title=None,
                scale=alt.Scale(domain=names, range=list(OPTION_COLOURS.values())),
                legend=alt.Legend(orient="top", labelLimit=320),
            ),
            tooltip=[
                alt.Tooltip("option:N", title=_("Answered by")),
                alt.Tooltip("dau:Q", title=_("DAU"), format=",.0f"),
                alt.Tooltip("usd:Q", title=per_month(), format=MONEY),
            ],
        )
    )
    layers: list[alt.Chart] = [lines]
    if "break_even" in data:
        layers.append(
            alt.Chart(data["break_even"])
            .mark_rule(color=DETERMINISTIC_COLOUR, strokeDash=[4, 3], strokeWidth=2)
            .encode(x=alt.X("dau:Q"), tooltip=[alt.Tooltip("label:N", title=_("Break-even"))])
        )
    return alt.layer(*layers, title=_("Own model: API against self-hosted GPUs"), height=HEIGHT)


self_hosted_chart = TwoPart(_self_hosted_parts, _self_hosted_layout)
"""AI cost per month over DAU: API, self-hosted GPUs, the plan's own-model figure; a rule at the break-even DAU.
Input: model.analysis.selfhosted.curve_frame()."""
