"""The AI page's model choice: which prices, the mix of up to four models, the catalogue, models side by side.

Widgets here change the scenario only through ``ui.state.set_override`` (validated: a refused change leaves a
notice and the scenario as it was). The arithmetic lives in ``model`` (prices, modelcompare) and ``ui.mix``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from model.modelcompare import CURRENT, compare_models
from model.prices import UnknownModelError, search_catalogue, snapshot
from model.scenario import Scenario
from ui import analysis_inputs, mix, state
from ui.text import md

TEXT = {
    "prices": "Token prices",
    "prices_help": "Pinned: the prices the scenario was calibrated with (the plan's table is reproduced with them). "
    "Library: the installed price library's, which may be newer.",
    "pinned": "Pinned ({snapshot}, checked {checked})",
    "library": "Price library ({label})",
    "mix": "Model mix (up to four models; shares always add to 100%)",
    "share": "{model}: share of calls (%)",
    "remove": "Remove",
    "add_search": "Find a model to add (provider or name)",
    "add_pick": "Model",
    "add": "Add to the mix",
    "full": "The mix holds four models; remove one to add another.",
    "catalogue": "Model catalogue",
    "catalogue_caption": "Every model {package} prices per token, USD per million tokens; prices checked up to {checked}. "
    "'tiers' marks long-context prices (shown: the base tier; the model bills the tier a call's input falls in).",
    "search": "Search (every word must match)",
    "provider": "Provider",
    "any": "any provider",
    "korean": "Korean-language models only",
    "compare": "Models side by side",
    "compare_caption": "Each candidate answers every call, with this scenario's tokens, caches, optimisation levers and own "
    "model kept; sorted by monthly AI cost, cheapest first.",
    "compare_dau": "At DAU",
    "candidates": "Candidates",
    "no_match": "No model matches.",
    "reasoning_title": "Reasoning tokens and prompt-cache writes",
    "reasoning": "{model}: reasoning tokens per call",
    "reasoning_help": "Thinking tokens the model bills on top of the visible answer, at its output price (0 for models "
    "that do not reason).",
    "write_share": "Share of input tokens written to the provider's prompt cache (cache-write price)",
    "levers": "Optimisation levers",
    "levers_caption": "What each phase does, re-priced for whatever models are chosen. The fitted multiplier is kept "
    "where only a phase's total effect is known (the plan's phases).",
    "fitted": "{phase}: fitted multiplier",
    "prompt_saved": "{phase}: prompt tokens saved",
    "output_saved": "{phase}: output tokens saved",
    "batch": "{phase}: share of calls batched",
    "routed": "{phase}: share routed to a cheaper model",
    "routed_model": "{phase}: routed to (model id)",
}
DEFAULT_CANDIDATES = (
    ("openai", "gpt-4.1"),
    ("openai", "gpt-5-mini"),
    ("anthropic", "claude-sonnet-4-5"),
    ("google", "gemini-2.5-flash"),
)
SHOWN_MATCHES = 50


def _label(provider: str, model: str) -> str:
    return f"{provider} · {model}"


def price_source(scenario: Scenario) -> None:
    """Pinned or library prices (only where the scenario pins prices)."""
    pinned = scenario.ai.pinned_prices
    if pinned is None:
        return
    options = {
        "pinned": TEXT["pinned"].format(snapshot=pinned.snapshot, checked=pinned.checked.isoformat()),
        "library": TEXT["library"].format(label=snapshot().label),
    }
    current = scenario.ai.price_source
    key = f"mc:prices={current}"
    st.segmented_control(
        TEXT["prices"],
        options=list(options),
        format_func=options.__getitem__,
        default=current,
        required=True,
        key=key,
        on_change=_commit_price_source,
        args=(key,),
        help=TEXT["prices_help"],
    )


def _commit_price_source(key: str) -> None:
    state.set_override("ai.price_source", st.session_state[key])


def _mix_of(scenario: Scenario) -> list[dict[str, Any]]:
    return [m.model_dump(exclude_defaults=True) | {"share_of_calls": m.share_of_calls} for m in scenario.ai.model_mix]


def _set_mix(new: list[dict[str, Any]]) -> None:
    state.set_override("ai.model_mix", new)


def _on_share(index: int, key: str) -> None:
    current = _mix_of(state.current_scenario())
    _set_mix(mix.set_share(current, index, st.session_state[key] / 100.0))


def _on_remove(index: int) -> None:
    _set_mix(mix.remove_model(_mix_of(state.current_scenario()), index))


def _on_add(key: str) -> None:
    picked = st.session_state.get(key)
    if not picked:
        return
    provider, model = picked.split(" · ", 1)
    try:
        new = mix.add_model(_mix_of(state.current_scenario()), model, provider)
    except ValueError as exc:
        st.session_state["notices"].append(str(exc))
        return
    _set_mix(new)


def mix_editor(scenario: Scenario) -> None:
    """One row per model (its share in %, a remove button), and a search to add one; every change keeps 100%."""
    st.markdown(f"**{TEXT['mix']}**")
    current = _mix_of(scenario)
    fingerprint = "|".join(f"{m['model']}={m['share_of_calls']:.12g}" for m in current)
    for i, m in enumerate(current):
        c = st.columns([5, 1], vertical_alignment="bottom")
        key = f"mc:share:{i}:{fingerprint}"
        c[0].number_input(
            TEXT["share"].format(model=md(m["model"])),
            value=round(m["share_of_calls"] * 100.0, 6),
            step=5.0,
            format="%.1f",
            key=key,
            on_change=_on_share,
            args=(i, key),
            disabled=len(current) == 1,
        )
        c[1].button(
            TEXT["remove"], key=f"mc:remove:{i}:{fingerprint}", on_click=_on_remove, args=(i,), disabled=len(current) == 1
        )
    with st.expander(TEXT["reasoning_title"], icon=":material/psychology:"):
        for i, m in enumerate(current):
            analysis_inputs.number(
                TEXT["reasoning"].format(model=md(m["model"])),
                f"ai.model_mix.{i}.reasoning_tokens_per_call",
                step=100.0,
                fmt="%.0f",
                help=TEXT["reasoning_help"],
            )
        analysis_inputs.number(TEXT["write_share"], "ai.prompt_cache_write_share_of_input", step=0.05, fmt="%.2f")
    if len(current) >= mix.MAX_MODELS:
        st.caption(TEXT["full"])
        return
    c = st.columns([2, 3, 1], vertical_alignment="bottom")
    words = c[0].text_input(TEXT["add_search"], key="mc:add_search")
    in_mix = {m["model"] for m in current}
    found = [e for e in search_catalogue(search=words, chat_only=True) if e.model not in in_mix][:SHOWN_MATCHES]
    options = [_label(e.provider, e.model) for e in found]
    key = f"mc:add_pick:{fingerprint}"
    c[1].selectbox(TEXT["add_pick"], options, index=None, key=key, placeholder=TEXT["no_match"] if not options else None)
    c[2].button(TEXT["add"], key=f"mc:add:{fingerprint}", on_click=_on_add, args=(key,), disabled=not options)


def catalogue_frame(*, provider: str | None, search: str, korean: bool = False) -> pd.DataFrame:
    """The catalogue filtered, as the page shows it (raw numbers; the table formats them)."""
    rows = [
        {
            "Provider": e.provider_name,
            "Model": e.model,
            "Name": e.name,
            "Input $/MTok": e.input_usd_per_mtok,
            "Cached input $/MTok": e.cached_input_usd_per_mtok,
            "Cache write $/MTok": e.cache_write_usd_per_mtok,
            "Output $/MTok": e.output_usd_per_mtok,
            "Long-context tiers": "tiers" if e.tiered else "",
        }
        for e in search_catalogue(provider=provider, search=search, korean=korean)
    ]
    return pd.DataFrame(rows)


def catalogue_browser() -> None:
    snap = snapshot()
    st.subheader(TEXT["catalogue"])
    st.caption(TEXT["catalogue_caption"].format(package=f"{snap.package} {snap.version}", checked=snap.checked))
    providers = sorted({e.provider for e in search_catalogue()})
    c = st.columns([2, 4, 2], vertical_alignment="bottom")
    chosen = c[0].selectbox(TEXT["provider"], [TEXT["any"], *providers], key="mc:cat_provider")
    words = c[1].text_input(TEXT["search"], key="mc:cat_search")
    korean = c[2].checkbox(TEXT["korean"], key="mc:cat_korean")
    frame = catalogue_frame(provider=None if chosen == TEXT["any"] else chosen, search=words, korean=korean)
    if frame.empty:
        st.caption(TEXT["no_match"])
        return
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        height=320,
        column_config={
            col: st.column_config.NumberColumn(format="$%.4g")
            for col in ("Input $/MTok", "Cached input $/MTok", "Cache write $/MTok", "Output $/MTok")
        },
    )


def comparison_frame(scenario: Scenario, dau: float, candidates: list[str]) -> pd.DataFrame:
    """``compare_models`` for 'provider · model' labels, as the page shows it."""
    pairs = [(label.split(" · ", 1)[1], label.split(" · ", 1)[0]) for label in candidates]
    frame = compare_models(scenario, dau, pairs)
    return pd.DataFrame(
        {
            "Option": [("▶ " + m if o == CURRENT else o) for o, m in zip(frame["option"], frame["model"], strict=True)],
            "Provider": frame["provider"],
            "Cost per call": frame["usd_per_call"],
            "Per DAU per month": frame["usd_per_dau"],
            "AI per month": frame["usd_per_month"],
        }
    )


def comparison(scenario: Scenario) -> None:
    st.subheader(TEXT["compare"])
    st.caption(TEXT["compare_caption"])
    chat = search_catalogue(chat_only=True)
    labels = [_label(e.provider, e.model) for e in chat]
    defaults = [_label(p, m) for p, m in DEFAULT_CANDIDATES if _label(p, m) in labels]
    c = st.columns([1, 3])
    dau = c[0].number_input(
        TEXT["compare_dau"],
        value=int(scenario.tiers_dau[-1]),
        step=10_000,
        key="mc:cmp_dau",
    )
    picked = c[1].multiselect(TEXT["candidates"], labels, default=defaults, max_selections=12, key="mc:cmp_models")
    try:
        frame = comparison_frame(scenario, float(dau), picked)
    except UnknownModelError as exc:
        st.warning(str(exc))
        return
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config={
            "Cost per call": st.column_config.NumberColumn(format="$%.5f"),
            "Per DAU per month": st.column_config.NumberColumn(format="$%.3f"),
            "AI per month": st.column_config.NumberColumn(format="$%,.0f"),
        },
    )


def _on_routed_model(path: str, key: str) -> None:
    state.set_override(path, st.session_state[key].strip() or None)


def levers(scenario: Scenario) -> None:
    """Each optimisation phase's levers, as page inputs (validated overrides)."""
    with st.expander(TEXT["levers"], icon=":material/tune:"):
        st.caption(TEXT["levers_caption"])
        for i, ph in enumerate(scenario.ai.optimisation_phases):
            base = f"ai.optimisation_phases.{i}"
            c = st.columns(6)
            fields = (
                ("fitted", "cost_multiplier"),
                ("prompt_saved", "prompt_tokens_saved"),
                ("output_saved", "output_tokens_saved"),
                ("batch", "batch_share"),
                ("routed", "routed_share"),
            )
            for col, (label, field) in zip(c, fields, strict=False):
                with col:
                    analysis_inputs.number(TEXT[label].format(phase=md(ph.name)), f"{base}.{field}", step=0.05, fmt="%.4f")
            shown = ph.routed_model or ""
            key = f"mc:routed:{i}={shown}"
            c[5].text_input(
                TEXT["routed_model"].format(phase=md(ph.name)),
                value=shown,
                key=key,
                on_change=_on_routed_model,
                args=(f"{base}.routed_model", key),
                max_chars=100,
            )
