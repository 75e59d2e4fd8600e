"""Altair chart builders: data in, ``alt.Chart`` out; no ``st.*`` calls, so tests read them without a browser.

Every chart colours a cost category with ``CATEGORY_COLOURS`` (one mapping for
the whole app) and formats money as money in axes and tooltips.
"""

from __future__ import annotations

import math
from typing import Any

import altair as alt
import pandas as pd

from i18n.display import current
from i18n.money import decimals, money
from i18n.text import N_, _, plan_text
from model.formatting import dau as dau_label
from model.result import ALL_CATEGORIES, CHARGED_USD
from ui.categories import CATEGORY_COLOURS, CATEGORY_LABELS, category_label  # noqa: F401  (re-exported)
from ui.chart_parts import Data, TwoPart
from ui.phone_fit import legend_columns


def per_month() -> str:
    """A money axis's title: 'USD per month', 'KRW per month' (the display currency)."""
    return _("{currency} per month").format(currency=current().fx.currency)


def money_cents_format() -> str:
    """d3 format of per-unit money: cents for USD/EUR ($0.91), whole units for KRW/JPY (₩1,247)."""
    return "$,.2f" if decimals(current().fx.currency, cents=True) else "$,.0f"


def in_display_currency(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``frame`` with money ``columns`` whose names carry no ``usd`` (P10, budget) converted to the display currency.

    Columns named for USD are converted when the chart is drawn (``ui.render``); these would be missed.
    """
    rate = current().fx.rate
    return frame if rate == 1.0 else frame.assign(**{c: frame[c].astype(float) * rate for c in columns})


def series_name(name: str) -> str:
    """A series' name (a SERIES_COLOURS key) in the session's language."""
    return _(name)


SERIES_COLOURS: dict[str, str] = {
    N_("Model"): "#4F46E5",
    N_("The plan's cost table"): "#111827",
    N_("API"): CATEGORY_COLOURS["ai"],
    N_("Own model"): "#0F766E",
    N_("Gross saving"): "#86EFAC",
    N_("Cache's own cost"): CATEGORY_COLOURS["cache"],
    N_("Net saving"): "#15803D",
}

MONEY = "$,.0f"
MONEY_CENTS = "$,.2f"
HEIGHT = 340


def category_scale() -> alt.Scale:
    """The one category -> colour mapping (domain in ALL_CATEGORIES order, shown with readable labels)."""
    return alt.Scale(domain=[category_label(c) for c in ALL_CATEGORIES], range=[CATEGORY_COLOURS[c] for c in ALL_CATEGORIES])


def _series_scale(names: list[str]) -> alt.Scale:
    """Colours by the English series names; the domain (what the legend shows) in the session's language."""
    return alt.Scale(domain=[series_name(n) for n in names], range=[SERIES_COLOURS[n] for n in names])


DAU_TICKS = [10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000]


def _dau_axis(title: str | None = None) -> alt.X:
    return alt.X(
        "dau:Q",
        title=title or _("Daily active users (log scale)"),
        scale=alt.Scale(type="log", nice=False),
        axis=alt.Axis(values=DAU_TICKS, labelExpr=_DAU_LABEL_EXPR, grid=True),
    )


_DAU_LABEL_EXPR = "datum.value >= 1000000 ? format(datum.value / 1000000, '~g') + 'M' : format(datum.value / 1000, '~g') + 'k'"


LEGEND_ROW_PX = 18
"""A row of an 11 px legend."""


def category_legend_px() -> int:
    """The height of the category legend above a chart, in the session's language: as many rows as ui.phone_fit gives
    it on a phone."""
    categories = [category_label(c) for c in ALL_CATEGORIES]
    return LEGEND_ROW_PX * math.ceil(len(categories) / legend_columns(categories))


def _category_parts(category_frame: pd.DataFrame) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """Each tier's cost per category, labelled, with each category's place in the stack (ModelResult.category_frame():
    dau, category, usd) and the tiers' order."""
    df = category_frame.copy()
    df["tier"] = [dau_label(d) + " DAU" for d in df["dau"]]
    df["Category"] = [category_label(c) for c in df["category"]]
    df["stack_order"] = [ALL_CATEGORIES.index(c) for c in df["category"]]
    return {"costs": df}, {"order": [dau_label(d) + " DAU" for d in sorted(df["dau"].unique())]}


def _category_layout(data: Data, *, order: list[str]) -> alt.Chart:
    return (
        alt.Chart(data["costs"], title=_("Monthly cost by category"))
        .mark_bar()
        .encode(
            x=alt.X("tier:N", title=_("Tier"), sort=order, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("usd:Q", title=per_month(), stack="zero", axis=alt.Axis(format=MONEY)),
            # Above the bars, not beside them: beside them, on a phone, the legend took a third of the width.
            color=alt.Color("Category:N", scale=category_scale(), legend=alt.Legend(title=None, orient="top")),
            order=alt.Order("stack_order:Q"),
            tooltip=[
                alt.Tooltip("tier:N", title=_("Tier")),
                alt.Tooltip("Category:N", title=_("Category")),
                alt.Tooltip("usd:Q", title=per_month(), format=MONEY),
            ],
        )
        .properties(height=HEIGHT + category_legend_px())
    )


cost_by_category_chart = TwoPart(_category_parts, _category_layout)
"""Stacked bars: monthly cost per tier, split by category. Input: ModelResult.category_frame() (dau, category, usd)."""


def _cost_per_dau_parts(curve: pd.DataFrame, plan_points: pd.DataFrame) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """The model's curve (model.result.curve(): dau, total_usd, cost_per_dau_usd, ...) and the plan's own cost-table
    points (dau, cost_per_dau_usd), each named as its legend reads."""
    return {
        "curve": curve[["dau", "total_usd", "cost_per_dau_usd"]].assign(series=series_name("Model")),
        "plan": plan_points[["dau", "total_usd", "cost_per_dau_usd"]].assign(series=series_name("The plan's cost table")),
    }, {}


def _cost_per_dau_layout(data: Data) -> alt.LayerChart:
    colour = alt.Color(
        "series:N", title=None, scale=_series_scale(["Model", "The plan's cost table"]), legend=alt.Legend(orient="top")
    )
    tooltip = [
        alt.Tooltip("series:N", title=_("Source")),
        alt.Tooltip("dau:Q", title=_("DAU"), format=",.0f"),
        alt.Tooltip("cost_per_dau_usd:Q", title=_("Cost per DAU"), format=money_cents_format()),
        alt.Tooltip("total_usd:Q", title=_("Total per month"), format=MONEY),
    ]
    y = alt.Y("cost_per_dau_usd:Q", title=_("Cost per DAU per month"), axis=alt.Axis(format=money_cents_format()))
    line = alt.Chart(data["curve"]).mark_line(strokeWidth=2.5).encode(x=_dau_axis(), y=y, color=colour, tooltip=tooltip)
    points = (
        alt.Chart(data["plan"])
        .mark_point(size=110, filled=True, shape="diamond")
        .encode(x=_dau_axis(), y=y, color=colour, tooltip=tooltip)
    )
    return alt.layer(line, points, title=_("Cost per DAU as users grow"), height=HEIGHT)


cost_per_dau_chart = TwoPart(_cost_per_dau_parts, _cost_per_dau_layout)
"""Cost per DAU against DAU on a log axis: the model's curve, with the plan's own cost-table points overlaid."""


def _api_vs_own_parts(frame: pd.DataFrame, *, own_model_from_dau: float | None) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """Both options' AI cost over DAU (model.views.api_vs_own_model_curve()) and, where the own model takes over, the
    switch's rule and its label."""
    frames = {"costs": frame}
    if own_model_from_dau is not None:
        frames["switch"] = pd.DataFrame(
            {"dau": [own_model_from_dau], "label": [_("Own model from {dau} DAU").format(dau=dau_label(own_model_from_dau))]}
        )
    return frames, {}


def _api_vs_own_layout(data: Data) -> alt.LayerChart:
    colour = alt.Color("option:N", title=None, scale=_series_scale(["API", "Own model"]), legend=alt.Legend(orient="top"))
    lines = (
        alt.Chart(data["costs"])
        .mark_line(strokeWidth=2.5)
        .encode(
            x=_dau_axis(),
            y=alt.Y("usd:Q", title=_("AI cost, {per_month}").format(per_month=per_month()), axis=alt.Axis(format=MONEY)),
            color=colour,
            tooltip=[
                alt.Tooltip("option:N", title=_("Answered by")),
                alt.Tooltip("dau:Q", title=_("DAU"), format=",.0f"),
                alt.Tooltip("usd:Q", title=per_month(), format=MONEY),
            ],
        )
    )
    layers: list[alt.Chart] = [lines]
    if "switch" in data:
        rule = (
            alt.Chart(data["switch"])
            .mark_rule(strokeDash=[4, 4], color="#6B7280")
            .encode(x=alt.X("dau:Q"), tooltip=[alt.Tooltip("label:N", title=_("Switch"))])
        )
        text = (
            alt.Chart(data["switch"])
            .mark_text(align="right", dx=-4, dy=-6, color="#374151", baseline="top")
            .encode(x=alt.X("dau:Q"), y=alt.YValue(4), text=alt.Text("label:N"))
        )
        layers += [rule, text]
    return alt.layer(*layers, title=_("API against own model: AI cost as users grow"), height=HEIGHT)


api_vs_own_model_chart = TwoPart(_api_vs_own_parts, _api_vs_own_layout)
"""AI cost per month over DAU if the API answered every call, and if the own model did. Input:
model.views.api_vs_own_model_curve()."""


_SAVINGS = {"gross_usd": "Gross saving", "cache_cost_usd": "Cache's own cost", "net_usd": "Net saving"}


def _cache_savings_parts(savings: pd.DataFrame) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """Per tier, each measure long and named as its legend reads (model.views.cache_savings_frame(): dau, gross_usd,
    cache_cost_usd, net_usd), and the tiers' order."""
    df = savings.melt(id_vars=["dau"], value_vars=list(_SAVINGS), var_name="measure", value_name="usd")
    df["measure"] = [series_name(_SAVINGS[m]) for m in df["measure"]]
    df["tier"] = [dau_label(d) + " DAU" for d in df["dau"]]
    return {"savings": df}, {"order": [dau_label(d) + " DAU" for d in sorted(savings["dau"].unique())]}


def _cache_savings_layout(data: Data, *, order: list[str]) -> alt.Chart:
    series = list(_SAVINGS.values())
    return (
        alt.Chart(data["savings"], title=_("AI response cache: saving per month, before and after the cache's own cost"))
        .mark_bar()
        .encode(
            x=alt.X("tier:N", title=_("Tier"), sort=order, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("measure:N", sort=[series_name(n) for n in series]),
            y=alt.Y("usd:Q", title=per_month(), axis=alt.Axis(format=MONEY)),
            color=alt.Color("measure:N", title=None, scale=_series_scale(series), legend=alt.Legend(orient="top")),
            tooltip=[
                alt.Tooltip("tier:N", title=_("Tier")),
                alt.Tooltip("measure:N", title=_("Measure")),
                alt.Tooltip("usd:Q", title=per_month(), format=MONEY),
            ],
        )
        .properties(height=HEIGHT)
    )


cache_savings_chart = TwoPart(_cache_savings_parts, _cache_savings_layout)
"""Per tier, side by side: AI spend the response cache avoids, what the cache costs, and the net saving. Input:
model.views.cache_savings_frame()."""


def _db_cache_parts(caches: pd.DataFrame) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """The database caches of model.views.cache_frame(), named in the session's language, with what the chart draws."""
    df = caches.loc[caches["serves"] == "db", ["name", "hit_rate_counted", "share_of_db_reads", "db_reads_absorbed"]]
    return {"caches": df.assign(name=[plan_text(n) for n in df["name"]])}, {}


def _db_cache_layout(data: Data) -> alt.Chart:
    return (
        alt.Chart(data["caches"], title=_("Database reads each cache absorbs"))
        .mark_bar(color=CATEGORY_COLOURS["cache"])
        .encode(
            y=alt.Y("name:N", title=None, sort="-x", axis=alt.Axis(labelLimit=260)),
            x=alt.X(
                "db_reads_absorbed:Q",
                title=_("Share of all database reads"),
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            tooltip=[
                alt.Tooltip("name:N", title=_("Cache")),
                alt.Tooltip("hit_rate_counted:Q", title=_("Hit rate"), format=".0%"),
                alt.Tooltip("share_of_db_reads:Q", title=_("Share of reads through it"), format=".0%"),
                alt.Tooltip("db_reads_absorbed:Q", title=_("Reads absorbed"), format=".0%"),
            ],
        )
        .properties(height=220)
    )


db_cache_chart = TwoPart(_db_cache_parts, _db_cache_layout)
"""Per database cache: the share of all database reads it absorbs (share of reads x hit rate)."""


def _line_items_parts(line_items: pd.DataFrame) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """The tier's line items, named and labelled with their charge (rows with vendor, plan, category and
    ``model.result.CHARGED_USD``), and their order by charge."""
    df = line_items.copy()
    df["item"] = df["vendor"] + " " + df["plan"]
    df["Category"] = [category_label(c) for c in df["category"]]
    df["label"] = [money(v) for v in df[CHARGED_USD]]
    return {"items": df}, {"order": list(df.sort_values(CHARGED_USD, ascending=False, kind="stable")["item"])}


LABEL_ROOM = 1.12
"""The x axis reaches 12% past the largest charge, room for its label at the bar's end."""


def _line_items_layout(data: Data, *, order: list[str]) -> alt.LayerChart:
    # On a phone (a chart narrower than 500 px) the line items' names give up room to the bars and their labels.
    y = alt.Y("item:N", title=None, sort=order, axis=alt.Axis(labelLimit=alt.ExprRef("containerSize()[0] < 500 ? 120 : 320")))
    x = alt.X(f"{CHARGED_USD}:Q", title=per_month(), axis=alt.Axis(format=MONEY))
    tooltip = [
        alt.Tooltip("item:N", title=_("Line item")),
        alt.Tooltip("Category:N", title=_("Category")),
        alt.Tooltip(f"{CHARGED_USD}:Q", title=per_month(), format=MONEY),
    ]
    bars = (
        alt.Chart(data["items"])
        .mark_bar()
        .encode(
            y=y,
            x=x,
            # Above the chart, not beside it: beside it, the legend took half a phone's width and sat on the largest
            # bar's label.
            color=alt.Color("Category:N", scale=category_scale(), legend=alt.Legend(title=None, orient="top")),
            tooltip=tooltip,
        )
    )
    labels = (
        alt.Chart(data["items"])
        .mark_text(align="left", dx=4, color="#374151")
        .encode(y=y, x=x, text=alt.Text("label:N"), tooltip=tooltip)
    )
    # The label room comes from the data, in whatever currency the bars are drawn in (an unseen point past each bar),
    # not from a number in the spec: a spec that does not move with the data lets the browser swap the data into the
    # chart it has instead of building a new one on every slider move.
    room = (
        alt.Chart(data["items"])
        .transform_calculate(label_room=f"datum['{CHARGED_USD}'] * {LABEL_ROOM}")
        .mark_point(opacity=0)
        .encode(y=y, x=alt.X("label_room:Q", title=per_month(), axis=alt.Axis(format=MONEY)))
    )
    # The height includes the title, the axis and the legend above the bars.
    height = max(220, 44 * len(order) + 110) + category_legend_px()
    return alt.layer(bars, labels, room, title=_("This tier's bill, line by line"), height=height)


line_items_chart = TwoPart(_line_items_parts, _line_items_layout)
"""One horizontal bar per line item of a tier, coloured by category, its cost written at the end. Input: rows with
vendor, plan, category and the charge (``model.result.CHARGED_USD``)."""
