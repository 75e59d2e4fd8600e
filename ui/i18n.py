"""The session's language and currency: the sidebar's choice, kept in the share link.

State in ``st.session_state``: ``lang`` ('ko' | 'en') and ``fx`` (a ``model.fx.FxRate``). The app registers
``display()`` as the provider of ``i18n.display.current()``, so ``_()`` and ``i18n.money.money()`` anywhere in a
page's run use the session's choice.

Share link: ``lang=ko&currency=KRW`` plus ``fx_date=2025-06-02`` (an ECB rate on that date) or ``fx_rate=1400`` (a
typed rate). With no ``fx_date`` the rate is the latest the package has, and the link carries no date, so an old link
follows the newest rate. A bad value gives a notice and the previous choice stays.

Default language: ``SCALING_LANG`` from the environment, else Korean (the company's first language). The default
currency is USD, the plan's own: the plan's figures appear as it states them until a person picks won.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from i18n import display as _display
from i18n.display import DEFAULT_LANG, LANGUAGES, Display
from model.fx import USD, FxRate
from ui import sharelink
from ui.sharelink import CURRENCY_PARAM, DATE_PARAM, LANG_PARAM, RATE_PARAM

PARAMS = sharelink.DISPLAY_PARAMS
LANG_KEY, FX_KEY = "lang", "fx"
WIDGET_LANG, WIDGET_CURRENCY, WIDGET_RATE_MODE, WIDGET_DATE, WIDGET_RATE = (
    "i18n:lang",
    "i18n:currency",
    "i18n:rate_mode",
    "i18n:fx_date",
    "i18n:fx_rate",
)


def default_lang() -> str:
    """``SCALING_LANG`` if it names a language we have, else Korean."""
    env = os.environ.get("SCALING_LANG", "").strip().lower()
    return env if env in LANGUAGES else DEFAULT_LANG


def display() -> Display:
    """The session's language and rate (English and USD outside a session)."""
    if get_script_run_ctx(suppress_warning=True) is None:  # no session (a builder called from a test, a worker thread)
        return Display()
    ss = st.session_state
    return Display(lang=ss.get(LANG_KEY, default_lang()), fx=ss.get(FX_KEY, USD))


@contextlib.contextmanager
def held_for_run() -> Iterator[Display]:
    """Inside the block, ``_()`` and ``money()`` on this thread use the session's display as read on entry.

    Each ``display()`` reads two session-state keys through Streamlit's locked proxy (~15 us), and a page calls it for
    every string and amount it draws (Audit ~800 times a run). The language and currency only change in a widget's
    callback, which Streamlit runs before the script, or in ``init`` at the top of app.py, so one reading holds for
    the page, the sidebar and the share link that app.py runs inside this block. A fragment's own rerun runs outside
    it and reads the session as before."""
    with _display.using(display()) as shown:
        yield shown


def install() -> None:
    """Make the session the source of ``i18n.display.current()`` (idempotent; call at the top of app.py)."""
    _display.set_provider(display)


def init(params: Mapping[str, str]) -> list[str]:
    """Set this session's language and rate from the share link's parameters on its first run. Returns notices."""
    ss = st.session_state
    if LANG_KEY in ss:
        return []
    ss[LANG_KEY] = default_lang()
    ss[FX_KEY] = USD
    return apply_params(params)


def apply_params(params: Mapping[str, str]) -> list[str]:
    """Apply lang/currency/fx_rate/fx_date; each bad value is a notice and the previous choice stays."""
    from i18n import fx as fxmod
    from i18n.text import _

    ss = st.session_state
    notices: list[str] = []
    lang = params.get(LANG_PARAM)
    if lang is not None:
        if lang in LANGUAGES:
            ss[LANG_KEY] = lang
        else:
            notices.append(
                _("Share link: lang={value} is not a language of the app (ko, en); ignored.").format(value=repr(lang[:20]))
            )
    currency = params.get(CURRENCY_PARAM)
    if currency is not None or RATE_PARAM in params or DATE_PARAM in params:
        try:
            ss[FX_KEY] = fxmod.resolve(
                currency or ss[FX_KEY].currency, fx_date=params.get(DATE_PARAM), fx_rate=params.get(RATE_PARAM)
            )
        except fxmod.FxError as exc:
            notices.append(
                _("Share link: {error}; the figures stay in {currency}.").format(error=exc, currency=ss[FX_KEY].currency)
            )
    _sync_widgets()
    return notices


def share_params() -> dict[str, str]:
    """The share link's language and currency parameters (none for the defaults: Korean... as set, USD)."""
    ss = st.session_state
    fx: FxRate = ss.get(FX_KEY, USD)
    return sharelink.display_params(
        lang=ss.get(LANG_KEY, default_lang()),
        default_lang=default_lang(),
        currency=fx.currency,
        rate=float(fx.rate),
        rate_date=fx.date,
        latest_date=_latest_date() if fx.date is not None and not fx.is_identity else None,
    )


def _latest_date():  # type: ignore[no-untyped-def]
    from i18n import fx as fxmod

    return fxmod.latest_date()


# --- the sidebar's controls --------------------------------------------------------------


def _sync_widgets() -> None:
    """Put the controls to the session's choice (before they are drawn, or in a callback)."""
    ss = st.session_state
    # A session set up without init() (a test that puts its own state in first) starts at the defaults.
    fx: FxRate = ss.setdefault(FX_KEY, USD)
    ss[WIDGET_LANG] = ss.setdefault(LANG_KEY, default_lang())
    ss[WIDGET_CURRENCY] = fx.currency
    ss[WIDGET_RATE_MODE] = "typed" if fx.date is None and not fx.is_identity else "ecb"
    if fx.date is not None:
        ss[WIDGET_DATE] = fx.date
    if fx.date is None and not fx.is_identity:
        ss[WIDGET_RATE] = float(fx.rate)


def on_lang_change() -> None:
    choice = st.session_state.get(WIDGET_LANG)
    if choice in LANGUAGES:
        st.session_state[LANG_KEY] = choice
    else:  # a segmented control can be cleared: keep the language
        st.session_state[WIDGET_LANG] = st.session_state[LANG_KEY]


def on_currency_change() -> None:
    """Currency, rate mode, date or typed rate changed: resolve the new rate; refused -> notice, previous rate stays."""
    from i18n import fx as fxmod

    ss = st.session_state
    currency = ss.get(WIDGET_CURRENCY) or ss[FX_KEY].currency
    mode = ss.get(WIDGET_RATE_MODE) or "ecb"
    try:
        if currency == "USD":
            new = USD
        elif mode == "typed":
            typed = ss.get(WIDGET_RATE)
            new = fxmod.typed_rate(currency, typed if typed else _default_typed(currency))
        else:
            new = fxmod.ecb_rate(currency, ss.get(WIDGET_DATE))
    except fxmod.FxError as exc:
        ss.setdefault("notices", []).append(str(exc))
        _sync_widgets()
        return
    ss[FX_KEY] = new
    _sync_widgets()


def _default_typed(currency: str) -> float:
    """A typed rate starts at the latest ECB rate, rounded to whole units (₩1,335/$)."""
    from i18n import fx as fxmod

    return float(round(fxmod.ecb_rate(currency).rate)) or 1.0


def render_controls() -> None:
    """Language and currency controls (in the sidebar's current container)."""
    from i18n import fx as fxmod
    from i18n.money import rate_line
    from i18n.text import _

    ss = st.session_state
    if WIDGET_LANG not in ss or WIDGET_CURRENCY not in ss:
        _sync_widgets()
    st.segmented_control(
        _("Language"), options=list(LANGUAGES), format_func=LANGUAGES.get, key=WIDGET_LANG, on_change=on_lang_change
    )
    options = fxmod.currencies()
    fx: FxRate = ss[FX_KEY]
    if fx.currency not in options:
        options.append(fx.currency)
    st.selectbox(_("Currency"), options=options, key=WIDGET_CURRENCY, on_change=on_currency_change)
    if fx.currency != "USD":
        modes = {"ecb": _("ECB rate on a date"), "typed": _("A rate I type")}
        st.radio(
            _("Exchange rate"),
            options=list(modes),
            format_func=modes.get,
            key=WIDGET_RATE_MODE,
            on_change=on_currency_change,
            horizontal=True,
        )
        if ss.get(WIDGET_RATE_MODE) == "typed":
            if WIDGET_RATE not in ss:
                ss[WIDGET_RATE] = float(fx.rate)
            st.number_input(
                _("{currency} per US dollar").format(currency=fx.currency),
                min_value=0.0001,
                format="%.4f",
                key=WIDGET_RATE,
                on_change=on_currency_change,
            )
        else:
            if WIDGET_DATE not in ss:
                ss[WIDGET_DATE] = fx.date or fxmod.latest_date()
            st.date_input(
                _("Rate date"),
                min_value=fxmod.first_date(),
                max_value=fxmod.latest_date(),
                key=WIDGET_DATE,
                on_change=on_currency_change,
            )
        st.caption(rate_line())
