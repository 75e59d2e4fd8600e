"""Actuals: import the bills, see plan against actual by month and category, and re-forecast."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from i18n.display import current
from i18n.money import decimals as money_decimals
from i18n.money import money
from i18n.phrase import render as render_phrase
from i18n.text import N_, _
from model.formatting import pct
from model.variance import DEFAULT_THRESHOLD, PLAN_CATEGORIES, FitError, reforecast, variance
from ui import actuals_charts, actuals_store, render, state, tables, workspace
from ui.tables import markdown_escape
from ui.text import md

ACTUALS = "actuals_frame"
DAU = "actuals_dau"
SOURCES = "actuals_sources"
# (Comments, not docstrings: Streamlit's magic would draw a bare string of a page script on the page.)
KINDS = "actuals_kinds"  # the reader of each bill on the page (focus, simple, ..., typed): the stored set's format
DELETING = "actuals_delete_pending"  # the stored set the page asks to confirm deleting
REFIT = "actuals_refit"  # the last re-forecast with the inputs it came from (computed on a click, not on every rerun)
FORMAT_LABELS = {
    "auto": N_("Detect"),
    "focus": N_("FOCUS (AWS, Azure, Google Cloud, LiteLLM)"),
    "focus-monthly": N_("Warehouse query result (focus_monthly.sql)"),
    "openai": N_("OpenAI costs export (JSON)"),
    "anthropic": N_("Anthropic cost report (JSON)"),
    "simple": N_("Simple CSV (month, category, vendor, amount, currency)"),
}
COST_COLUMNS = {"EffectiveCost": N_("Amortised (EffectiveCost)"), "BilledCost": N_("Invoice (BilledCost)")}

scenario = state.current_scenario()
st.title(_("Actuals"))
st.caption(
    _(
        "Import the bills (FOCUS files from the clouds and LiteLLM, OpenAI's and Anthropic's cost reports, or a simple CSV "
        "for anything else, KRW invoices included), compare them with the plan month by month, and re-forecast the year "
        "from what the bills say. Non-USD bills are converted at the month's ECB rate."
    )
)


def _read_upload(upload: object, *, kind: str, cost_column: str) -> None:
    from actuals.read import ActualsError, detect_format, read_actuals, read_dau

    name = str(getattr(upload, "name", "upload"))
    suffix = "".join(Path(name).suffixes[-2:]) or ".csv"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"bill{suffix}"
        path.write_bytes(upload.getvalue())  # type: ignore[attr-defined]
        try:
            if kind == "dau":
                st.session_state[DAU] = read_dau(path)
            else:
                frame = read_actuals(path, fmt=kind, cost_column=cost_column)
                frame["source"] = frame["source"].str.replace("bill" + suffix, name, regex=False)
                old = st.session_state.get(ACTUALS)
                st.session_state[ACTUALS] = frame if old is None else pd.concat([old, frame], ignore_index=True)
                st.session_state.setdefault(SOURCES, []).append(name)
                st.session_state.setdefault(KINDS, []).append(detect_format(path) if kind == "auto" else kind)
        except ActualsError as exc:
            st.error(markdown_escape(f"{name}: {exc.field + ': ' if exc.field else ''}{exc.rule}"), icon=":material/error:")


def _save_set() -> None:
    """Button callback: the page's bills become a named, immutable set in the workspace store."""
    ss = st.session_state
    actuals_store.save(
        str(ss.get("actuals_set_name", "")),
        ss.get(ACTUALS),
        sources=ss.get(SOURCES, []),
        kinds=ss.get(KINDS, []),
        dau=ss.get(DAU),
    )


def _load_set() -> None:
    """Button callback: a stored set replaces the page's bills and DAU (a set stored without DAU leaves the page none,
    so the variance at the actual DAU never mixes one set's bills with another's DAU)."""
    ss = st.session_state
    name = ss.get("actuals_stored_pick")
    found = actuals_store.load(str(name)) if name else None
    if found is not None:
        info, table, dau = found
        ss[ACTUALS], ss[SOURCES], ss[KINDS] = table, [info.source_file or info.name], [info.format]
        if dau is None:
            ss.pop(DAU, None)
        else:
            ss[DAU] = dau
        ss.pop(REFIT, None)


def _ask_delete() -> None:
    """Button callback: the first step of deleting a stored set; the page then asks to confirm it."""
    st.session_state[DELETING] = st.session_state.get("actuals_stored_pick")


def _delete_set(name: str) -> None:
    """Button callback: the confirmed delete. The bills on the page stay; the set leaves the workspace."""
    st.session_state.pop(DELETING, None)
    if actuals_store.delete(name) and st.session_state.get("actuals_stored_pick") == name:
        st.session_state.pop("actuals_stored_pick", None)


def _cancel_delete() -> None:
    st.session_state.pop(DELETING, None)


def _save_refit(scenario: object, months: str) -> None:
    """Button callback: the re-forecast becomes the session's scenario and is saved as the next version of the name."""
    state.use_scenario(scenario, label=_("Re-forecast from the bills"))  # type: ignore[arg-type]
    name = str(st.session_state.get("actuals_save_name", "")).strip() or "Re-forecast"
    workspace.save(name, note=f"re-forecast from the bills, {months}", new_name=False)


with st.expander(_("Import bills"), icon=":material/upload_file:", expanded=ACTUALS not in st.session_state):
    c1, c2 = st.columns([2, 1])
    kind = c1.selectbox(_("Format"), list(FORMAT_LABELS), format_func=lambda k: _(FORMAT_LABELS[k]), key="actuals_format")
    cost_column = c2.selectbox(
        _("FOCUS cost"),
        list(COST_COLUMNS),
        format_func=lambda k: _(COST_COLUMNS[k]),
        key="actuals_cost_column",
        help=_("Amortised: a commitment's purchase counts 0 and its usage carries the amortised share. Invoice: as billed."),
    )
    bill = st.file_uploader(_("Bill"), type=["csv", "gz", "parquet", "json", "jsonl"], key="actuals_upload")
    if bill is not None and st.button(_("Add this bill"), icon=":material/add:", key="actuals_add"):
        _read_upload(bill, kind=kind, cost_column=cost_column)
    dau_file = st.file_uploader(_("Actual DAU per month (CSV: month, dau)"), type=["csv"], key="actuals_dau_upload")
    if dau_file is not None and st.button(_("Use these DAU"), key="actuals_dau_add"):
        _read_upload(dau_file, kind="dau", cost_column=cost_column)
    st.markdown("**" + _("Or type one month's bills") + "**")
    # In the currency the app shows (a Korean founder types won), converted at the rate it shows money at, so what is
    # typed reads back unchanged beside the plan (actuals.read.typed_month).
    fx = current().fx
    whole = money_decimals(fx.currency, cents=True) == 0
    step = 10.0 ** round(math.log10(100 * fx.rate))  # about $100: 100 in USD, 100,000 in won
    with st.form("actuals_by_hand", border=False):
        cols = st.columns(4)
        month = cols[0].text_input(_("Month (YYYY-MM)"), max_chars=7)
        month_dau = cols[1].number_input(_("DAU that month"), min_value=0, max_value=100_000_000, step=1000)
        grid = st.columns(4)
        amounts = {
            c: grid[i % 4].number_input(
                _("{category} ({currency})").format(category=_(actuals_charts.LABELS[c]), currency=fx.currency),
                min_value=-1e10 * fx.rate,
                max_value=1e10 * fx.rate,
                value=0.0,  # without a value Streamlit starts at min_value
                step=step,
                format="%.0f" if whole else "%.2f",
                key=f"hand_{c}:{fx.currency}",
            )
            for i, c in enumerate(PLAN_CATEGORIES)
        }
        if st.form_submit_button(_("Add this month")):
            import re

            from actuals.read import ActualsError, typed_month

            typed = None
            if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month.strip()):
                st.error(_("Month: must be YYYY-MM, e.g. 2026-03."))
            else:
                try:
                    typed = typed_month(month, amounts, currency=fx.currency, rate=fx.rate)
                except ActualsError as exc:
                    st.error(markdown_escape(str(exc)), icon=":material/error:")
            if typed is not None:
                if not typed.empty:
                    old = st.session_state.get(ACTUALS)
                    st.session_state[ACTUALS] = typed if old is None else pd.concat([old, typed], ignore_index=True)
                    st.session_state.setdefault(KINDS, []).append("typed")
                if month_dau > 0:
                    old_dau = st.session_state.get(DAU)
                    new_row = pd.DataFrame({"month": [month.strip()], "dau": [float(month_dau)]})
                    merged = new_row if old_dau is None else pd.concat([old_dau[old_dau["month"] != month.strip()], new_row])
                    st.session_state[DAU] = merged.sort_values("month", ignore_index=True)
    st.markdown("**" + _("Or load actuals stored in the workspace") + "**")
    stored, unreadable = actuals_store.stored_sets()
    if unreadable:
        st.warning(md(unreadable), icon=":material/cloud_off:")
    elif not stored:
        st.caption(_("No actuals are stored in the workspace yet: import a bill, then save it below the import."))
    else:
        labels = {i.name: actuals_store.set_label(i) for i in stored}
        picked = st.selectbox(_("Stored actuals"), list(labels), format_func=labels.get, key="actuals_stored_pick")
        # The two buttons in a row of their own width under the picker (in narrow columns beside it their labels were cut).
        with st.container(horizontal=True):
            st.button(_("Load these actuals"), on_click=_load_set, icon=":material/cloud_download:", key="actuals_load_set")
            st.button(_("Delete these actuals"), on_click=_ask_delete, icon=":material/delete_forever:", key="actuals_delete_set")
        # The confirm step: shown for the set that was picked when Delete was clicked, and only while it is still picked.
        if st.session_state.get(DELETING) is not None and st.session_state[DELETING] != picked:
            st.session_state.pop(DELETING, None)
        if st.session_state.get(DELETING) == picked:
            with st.container(border=True, key="actuals_delete_confirm_box"):
                st.warning(
                    md(
                        _(
                            "Delete the stored actuals “{name}” for good? Its bills and DAU leave the workspace; "
                            "the bills on this page stay."
                        ).format(name=picked)
                    ),
                    icon=":material/warning:",
                )
                with st.container(horizontal=True):
                    st.button(
                        _("Yes, delete them"), on_click=_delete_set, args=(picked,), type="primary", key="actuals_delete_confirm"
                    )
                    st.button(_("Keep them"), on_click=_cancel_delete, key="actuals_delete_cancel")
    if ACTUALS in st.session_state and st.button(_("Clear the actuals"), icon=":material/delete:", key="actuals_clear"):
        for k in (ACTUALS, DAU, SOURCES, KINDS, REFIT):
            st.session_state.pop(k, None)

if ACTUALS in st.session_state:
    s1, s2 = st.columns([3, 1], vertical_alignment="bottom")
    s1.text_input(
        _("Name for these actuals in the workspace"),
        max_chars=200,
        key="actuals_set_name",
        placeholder=_("e.g. Bills January to March 2026"),
    )
    s2.button(
        _("Save these actuals in the workspace"), on_click=_save_set, icon=":material/cloud_upload:", key="actuals_save_set"
    )
store_error, store_done = actuals_store.take_messages()
if store_error:
    st.error(md(store_error), icon=":material/error:")
if store_done:
    st.success(md(store_done), icon=":material/check:")

actual = st.session_state.get(ACTUALS)
dau = st.session_state.get(DAU)
if actual is None or actual.empty:
    st.info(_("No bills yet: import a file or type a month above. The plan's budget month by month is on the Timeline page."))
else:
    threshold = st.slider(
        _("Flag a variance beyond"), 0.0, 0.5, DEFAULT_THRESHOLD, 0.01, format="percent", key="actuals_threshold"
    )
    only_billed = st.toggle(
        _("Compare only the categories the bills carry"), value=False, key="actuals_only_billed",
        help=_("On when you imported one vendor's bill (e.g. OpenAI's alone); off, a category with no bill shows as -100%."),
    )  # fmt: skip
    v = variance(scenario, actual, dau=dau, threshold=threshold, only_billed=only_billed)
    totals = v[v["category"] == "total"]
    last = totals.iloc[-1]
    cols = st.columns(4)
    cols[0].metric(markdown_escape(_("Actual, {month}").format(month=last["month"])), money(last["actual_usd"]), border=True)
    cols[1].metric(_("Planned"), money(last["planned_usd"]), border=True)
    shown_pct = "-" if pd.isna(last["variance_pct"]) else pct(last["variance_pct"], 1)
    cols[2].metric(_("Variance"), money(last["variance_usd"]), delta=shown_pct, delta_color="inverse", border=True)
    at_dau = last["variance_at_actual_dau_pct"]
    cols[3].metric(
        _("Variance at the actual DAU"),
        "-" if pd.isna(at_dau) else pct(at_dau, 1),
        border=True,
        help=_("Against the plan at the month's actual DAU (needs the DAU file or a typed DAU)."),
    )
    render.chart(actuals_charts.plan_vs_actual_chart, v)
    st.subheader(_("Variance by month and category"))
    # Money in the display currency (the grid's "dollar" format showed dollars beside a page in won), still numbers;
    # the headings name that currency.
    shown, money_formats = tables.money_numbers(
        actuals_charts.variance_table(v),
        {_(actuals_charts.VARIANCE_COLUMNS[c]): 2 for c in ("planned", "actual", "variance")}
        | {_(actuals_charts.COST_PER_ACTUAL_DAU): 3},
    )
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config=money_formats
        | {
            _(actuals_charts.VARIANCE_COLUMNS[c]): st.column_config.NumberColumn(format="%.1f%%")
            for c in ("variance_pct", "at_actual_dau_pct")
        },
    )
    st.subheader(_("Re-forecast"))
    months_with_bills = int(actual["month"].nunique())
    n = st.number_input(
        _("Fit on the last N months"), 1, max(1, months_with_bills), min(3, months_with_bills), key="actuals_fit_months"
    )
    # Computed on a click, not on every rerun: a slider above (the threshold) or on another page stays cheap. The result
    # is kept with the inputs it came from and shown only while they are the page's inputs.
    if st.button(_("Compute the re-forecast"), icon=":material/model_training:", key="actuals_compute_refit"):
        try:
            st.session_state[REFIT] = (scenario, actual, dau, int(n), reforecast(scenario, actual, dau=dau, last_n=int(n)))
        except ValueError as exc:
            st.session_state[REFIT] = (scenario, actual, dau, int(n), exc)
    kept = st.session_state.get(REFIT)
    current = kept is not None and kept[1] is actual and kept[2] is dau and kept[3] == int(n) and kept[0] == scenario
    r = kept[4] if current else None
    if kept is not None and not current:
        st.info(_("The bills, the DAU, N or the scenario changed since the last re-forecast: compute it again."))
    if isinstance(r, ValueError):  # model.variance.FitError says it in the session's language
        st.warning(markdown_escape(render_phrase(r.phrase) if isinstance(r, FitError) else str(r)))
    elif r is not None:
        st.dataframe(
            pd.DataFrame(
                {
                    _("Driver"): [render_phrase(f.label_phrase) if f.label_phrase else f.label for f in r.fitted],
                    _("Plan"): [f.plan_value for f in r.fitted],
                    _("Fitted to the bills"): [f.fitted_value for f in r.fitted],
                    _("How"): [render_phrase(f.note_phrase) if f.note_phrase else f.note for f in r.fitted],
                }
            ),
            hide_index=True,
            width="stretch",
        )
        render.chart(actuals_charts.reforecast_chart, r.months)
        c1, c2 = st.columns(2)
        c1.download_button(
            _("Download the re-forecast scenario"),
            data=r.scenario.model_dump_json(indent=2),
            file_name="re-forecast.json",
            mime="application/json",
            icon=":material/download:",
            key="actuals_refit_download",
        )
        c2.button(
            _("Use the re-forecast as the scenario"),
            on_click=state.use_scenario,
            args=(r.scenario,),
            kwargs={"label": "Re-forecast from the bills"},
            icon=":material/published_with_changes:",
            key="actuals_use_refit",
        )
        n1, n2 = st.columns([2, 1])
        n1.text_input(
            _("Save it in the workspace as a new version of"), value="Re-forecast", max_chars=200, key="actuals_save_name"
        )
        n2.button(
            _("Save in the workspace"),
            on_click=_save_refit,
            args=(r.scenario, ", ".join(r.months_used)),
            icon=":material/cloud_upload:",
            key="actuals_save_refit",
        )
    # Outside the re-forecast: saving it makes it the scenario, so the re-forecast shown above is no longer current.
    error, done = workspace.take_messages()
    if error:
        st.error(markdown_escape(error), icon=":material/error:")
    if done:
        st.success(markdown_escape(done), icon=":material/check:")
