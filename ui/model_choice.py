"""The AI page's model choice: which prices, the mix of up to four models, the catalogue, models side by side.

Widgets here change the scenario only through ``ui.state.set_override`` (validated: a refused change leaves a
notice and the scenario as it was). The arithmetic lives in ``model`` (prices, modelcompare: the mix's editing too).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from i18n.phrase import render
from i18n.text import N_, _, plan_text
from model import modelcompare as mix
from model.driver_spec import element_driver
from model.modelcompare import AI_USD_PER_MONTH, CURRENT, compare_models
from model.prices import UnknownModelError, catalogue, search_catalogue, snapshot
from model.scenario import OptimisationPhase, Scenario
from ui import analysis_inputs, panels, state, tables
from ui.text import md

TEXT = {
    "prices": N_("Token prices"),
    "prices_help": N_(
        "Pinned: the prices the scenario was calibrated with (the plan's table is reproduced with them). "
        "Library: the installed price library's, which may be newer."
    ),
    "pinned": N_("Pinned ({snapshot}, checked {checked})"),
    "library": N_("Price library ({label})"),
    "mix": N_("Model mix (up to four models; shares always add to 100%)"),
    "share": N_("{model}: share of calls (%)"),
    "remove": N_("Remove"),
    "add_search": N_("Find a model to add (provider or name)"),
    "add_pick": N_("Model"),
    "add_placeholder": N_("Choose a model to add"),
    "add": N_("Add to the mix"),
    "full": N_("The mix holds four models; remove one to add another."),
    "catalogue": N_("Model catalogue"),
    "catalogue_caption": N_(
        "Every model {package} prices per token, USD per million tokens; prices checked up to {checked}. "
        "'tiers' marks long-context prices (shown: the base tier; the model bills the tier a call's input falls in)."
    ),
    "search": N_("Search (every word must match)"),
    "provider": N_("Provider"),
    "any": N_("any provider"),
    "korean": N_("Korean-language models only"),
    "compare": N_("Models side by side"),
    "compare_caption": N_(
        "Each candidate answers every call, with this scenario's tokens, caches, optimisation levers and own "
        "model kept; sorted by monthly AI cost, cheapest first."
    ),
    "compare_dau": N_("At DAU"),
    "candidates": N_("Candidates"),
    "candidates_open": N_("Choose the candidates"),
    "no_match": N_("No model matches."),
    "catalogue_show": N_("Show the catalogue ({count:,} models)"),
    "catalogue_cut": N_("Showing the first {shown:,} of {total:,} models: pick a provider or search to see the rest."),
    "reasoning_title": N_("Reasoning tokens and prompt-cache writes"),
    "reasoning": N_("{model}: reasoning tokens per call"),
    "reasoning_help": N_(
        "Thinking tokens the model bills on top of the visible answer, at its output price (0 for models that do not reason)."
    ),
    "write_share": N_("Share of input tokens written to the provider's prompt cache (cache-write price)"),
    "levers": N_("Optimisation levers"),
    "levers_caption": N_(
        "What each phase does, re-priced for whatever models are chosen. The fitted multiplier is kept "
        "where only a phase's total effect is known (the plan's phases)."
    ),
    "fitted": N_("{phase}: fitted multiplier"),
    "prompt_saved": N_("{phase}: prompt tokens saved"),
    "output_saved": N_("{phase}: output tokens saved"),
    "batch": N_("{phase}: share of calls batched"),
    "routed": N_("{phase}: share routed to a cheaper model"),
    "routed_model": N_("{phase}: routed to (model id)"),
}
"""English, marked for the catalogue; ``T(key)`` is the session's language."""


def T(key: str) -> str:
    return _(TEXT[key])


DEFAULT_CANDIDATES = (
    ("openai", "gpt-4.1"),
    ("openai", "gpt-5-mini"),
    ("anthropic", "claude-sonnet-4-5"),
    ("google", "gemini-2.5-flash"),
)
SHOWN_MATCHES = 50
FITTED = element_driver(OptimisationPhase)[0]  # the phase's driver, its fitted multiplier: the first of its levers
CATALOGUE_ROWS = 200
"""The catalogue table's most rows (when it is open). All 2,125 priced models are 240 KiB that every sidebar move
sent to the browser (the AI page's floor, scripts/floor.py); nobody reads them by scrolling a 320-px box: the
provider and the search narrow them, and the page says how many it leaves out."""


def _label(provider: str, model: str) -> str:
    return f"{provider} · {model}"


def price_source(scenario: Scenario) -> None:
    """Pinned or library prices (only where the scenario pins prices)."""
    pinned = scenario.ai.pinned_prices
    if pinned is None:
        return
    options = {
        "pinned": T("pinned").format(snapshot=pinned.snapshot, checked=pinned.checked.isoformat()),
        "library": T("library").format(label=render(snapshot().phrase)),
    }
    current = scenario.ai.price_source
    key = f"mc:prices={current}"
    st.segmented_control(
        T("prices"),
        options=list(options),
        format_func=options.__getitem__,
        default=current,
        required=True,
        key=key,
        on_change=_commit_price_source,
        args=(key,),
        help=T("prices_help"),
    )


def _commit_price_source(key: str) -> None:
    state.set_override("ai.price_source", st.session_state[key])


def _set_mix(new: list[dict[str, Any]]) -> None:
    state.set_override("ai.model_mix", new)


def _on_share(index: int, key: str) -> None:
    current = mix.mix_entries(state.current_scenario())
    _set_mix(mix.set_share(current, index, st.session_state[key] / 100.0))


def _on_remove(index: int) -> None:
    _set_mix(mix.remove_model(mix.mix_entries(state.current_scenario()), index))


def _on_add(key: str) -> None:
    picked = st.session_state.get(key)
    if not picked:
        return
    provider, model = picked.split(" · ", 1)
    try:
        new = mix.add_model(mix.mix_entries(state.current_scenario()), model, provider)
    except ValueError as exc:
        st.session_state["notices"].append(str(exc))
        return
    _set_mix(new)


def mix_editor(scenario: Scenario) -> None:
    """One row per model (its share in %, a remove button), and a search to add one; every change keeps 100%."""
    st.markdown(f"**{T('mix')}**")
    current = mix.mix_shares(scenario)
    fingerprint = "|".join(f"{model}={share:.12g}" for model, share in current)
    for i, (model, share) in enumerate(current):
        c = st.columns([5, 1], vertical_alignment="bottom")
        key = f"mc:share:{i}:{fingerprint}"
        c[0].number_input(
            T("share").format(model=md(model)),
            value=round(share * 100.0, 6),
            step=5.0,
            format="%.1f",
            key=key,
            on_change=_on_share,
            args=(i, key),
            disabled=len(current) == 1,
        )
        c[1].button(T("remove"), key=f"mc:remove:{i}:{fingerprint}", on_click=_on_remove, args=(i,), disabled=len(current) == 1)
    reasoning = panels.lazy_expander(T("reasoning_title"), panels.AI_REASONING, icon=":material/psychology:")
    if reasoning.open:  # built and sent only while open
        with reasoning:
            for i, (model, _share) in enumerate(current):
                analysis_inputs.number(
                    T("reasoning").format(model=md(model)),
                    f"ai.model_mix.{i}.reasoning_tokens_per_call",
                    step=100.0,
                    fmt="%.0f",
                    help=T("reasoning_help"),
                )
            analysis_inputs.number(T("write_share"), "ai.prompt_cache_write_share_of_input", step=0.05, fmt="%.2f")
    if len(current) >= mix.MAX_MODELS:
        st.caption(T("full"))
        return
    c = st.columns([2, 3, 1], vertical_alignment="bottom")
    words = c[0].text_input(T("add_search"), key="mc:add_search")
    in_mix = {model for model, _share in current}
    found = [e for e in search_catalogue(search=words, chat_only=True) if e.model not in in_mix][:SHOWN_MATCHES]
    options = [_label(e.provider, e.model) for e in found]
    key = f"mc:add_pick:{fingerprint}"
    c[1].selectbox(
        T("add_pick"), options, index=None, key=key, placeholder=T("no_match") if not options else T("add_placeholder")
    )
    c[2].button(T("add"), key=f"mc:add:{fingerprint}", on_click=_on_add, args=(key,), disabled=not options)


def catalogue_frame(*, provider: str | None, search: str, korean: bool = False) -> pd.DataFrame:
    """The catalogue filtered, as the page shows it (raw numbers; the table formats them)."""
    # Each heading translated once, not once a row: every `_()` reads the session's language, and 2,125 models x 9
    # lookups were 80% of the AI page's rerun (cProfile under AppTest).
    found = search_catalogue(provider=provider, search=search, korean=korean)
    tiers = _("tiers")
    return pd.DataFrame(
        {
            _("Provider"): [e.provider_name for e in found],
            _("Model"): [e.model for e in found],
            _("Name"): [e.name for e in found],
            _("Input $/MTok"): [e.input_usd_per_mtok for e in found],
            _("Cached input $/MTok"): [e.cached_input_usd_per_mtok for e in found],
            _("Cache write $/MTok"): [e.cache_write_usd_per_mtok for e in found],
            _("Output $/MTok"): [e.output_usd_per_mtok for e in found],
            _("Long-context tiers"): [tiers if e.tiered else "" for e in found],
        }
    )


def catalogue_browser() -> None:
    """The price library's models, behind a toggle: a reference a person opens to look a model up, and not redrawn
    on every sidebar move (the table never moves with the scenario) unless it is open."""
    snap = snapshot()
    st.subheader(T("catalogue"))
    st.caption(T("catalogue_caption").format(package=f"{snap.package} {snap.version}", checked=snap.checked))
    if st.toggle(T("catalogue_show").format(count=len(catalogue())), key="mc:cat_open"):
        _catalogue_table()


@st.fragment
def _catalogue_table() -> None:
    """The filters and the table: a fragment, so picking a provider or typing a search reruns only this part."""
    providers = sorted({e.provider for e in catalogue()})
    c = st.columns([2, 4, 2], vertical_alignment="bottom")
    chosen = c[0].selectbox(T("provider"), [T("any"), *providers], key="mc:cat_provider")
    words = c[1].text_input(T("search"), key="mc:cat_search")
    korean = c[2].checkbox(T("korean"), key="mc:cat_korean")
    frame = catalogue_frame(provider=None if chosen == T("any") else chosen, search=words, korean=korean)
    if frame.empty:
        st.caption(T("no_match"))
        return
    if len(frame) > CATALOGUE_ROWS:
        st.caption(T("catalogue_cut").format(shown=CATALOGUE_ROWS, total=len(frame)))
        frame = frame.head(CATALOGUE_ROWS)
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        height=320,
        column_config={
            col: st.column_config.NumberColumn(format="$%.4g")
            for col in (_("Input $/MTok"), _("Cached input $/MTok"), _("Cache write $/MTok"), _("Output $/MTok"))
        },
    )


def comparison_frame(scenario: Scenario, dau: float, candidates: list[str]) -> pd.DataFrame:
    """``compare_models`` for 'provider · model' labels, as the page shows it."""
    pairs = [(label.split(" · ", 1)[1], label.split(" · ", 1)[0]) for label in candidates]
    frame = compare_models(scenario, dau, pairs)
    return pd.DataFrame(
        {
            _("Option"): [("▶ " + m if o == CURRENT else o) for o, m in zip(frame["option"], frame["model"], strict=True)],
            _("Provider"): frame["provider"],
            _("Cost per call"): frame["usd_per_call"],
            _("Per DAU per month"): frame["usd_per_dau"],
            _("AI per month"): frame[AI_USD_PER_MONTH],
        }
    )


CANDIDATES = "mc:cmp_candidates"
"""The models picked for the side-by-side table ('provider · model' labels); the picker's own key is dropped while
its panel is closed."""
CANDIDATES_WIDGET = "mc:cmp_models"
MAX_CANDIDATES = 12


def candidates() -> list[str]:
    """The picked candidates: the defaults (those the price library lists) until a person picks others."""
    if CANDIDATES not in st.session_state:
        chat = {_label(e.provider, e.model) for e in search_catalogue(chat_only=True)}
        st.session_state[CANDIDATES] = [_label(p, m) for p, m in DEFAULT_CANDIDATES if _label(p, m) in chat]
    return list(st.session_state[CANDIDATES])


def _keep_candidates() -> None:
    st.session_state[CANDIDATES] = list(st.session_state[CANDIDATES_WIDGET])


def comparison(scenario: Scenario) -> None:
    st.subheader(T("compare"))
    st.caption(T("compare_caption"))
    dau = st.number_input(T("compare_dau"), value=int(scenario.tiers_dau[-1]), step=10_000, key="mc:cmp_dau")
    picked = candidates()
    # The picker lists every chat model (about 1,000 names, 76 KiB): built and sent only while its panel is open,
    # and the picks are kept in a key of their own, so closing it keeps them.
    box = panels.lazy_expander(T("candidates_open"), panels.AI_CANDIDATES, icon=":material/checklist:")
    if box.open:
        labels = [_label(e.provider, e.model) for e in search_catalogue(chat_only=True)]
        box.multiselect(
            T("candidates"),
            labels,
            default=[p for p in picked if p in labels],
            max_selections=MAX_CANDIDATES,
            key=CANDIDATES_WIDGET,
            on_change=_keep_candidates,
        )
    try:
        frame = comparison_frame(scenario, float(dau), picked)
    except UnknownModelError as exc:
        st.warning(str(exc))
        return
    # In the display currency (it showed dollars beside a page in won), still numbers, so the grid sorts them.
    shown, formats = tables.money_numbers(frame, {_("Cost per call"): 5, _("Per DAU per month"): 3, _("AI per month"): 0})
    st.dataframe(shown, hide_index=True, width="stretch", column_config=formats)


def _on_routed_model(path: str, key: str) -> None:
    state.set_override(path, st.session_state[key].strip() or None)


def levers(scenario: Scenario) -> None:
    """Each optimisation phase's levers, as page inputs (validated overrides)."""
    box = panels.lazy_expander(T("levers"), panels.AI_LEVERS, icon=":material/tune:")
    if not box.open:  # the phases' 18 inputs are built and sent only while open
        return
    with box:
        st.caption(T("levers_caption"))
        for i, ph in enumerate(scenario.ai.optimisation_phases):
            base = f"ai.optimisation_phases.{i}"
            c = st.columns(6)
            fields = (
                ("fitted", FITTED),
                ("prompt_saved", "prompt_tokens_saved"),
                ("output_saved", "output_tokens_saved"),
                ("batch", "batch_share"),
                ("routed", "routed_share"),
            )
            for col, (label, field) in zip(c, fields, strict=False):
                with col:
                    analysis_inputs.number(
                        T(label).format(phase=md(plan_text(ph.name))), f"{base}.{field}", step=0.05, fmt="%.4f"
                    )
            shown = ph.routed_model or ""
            key = f"mc:routed:{i}={shown}"
            c[5].text_input(
                T("routed_model").format(phase=md(ph.name)),
                value=shown,
                key=key,
                on_change=_on_routed_model,
                args=(f"{base}.routed_model", key),
                max_chars=100,
            )
