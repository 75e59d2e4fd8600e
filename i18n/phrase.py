"""A sentence the model wrote (``model.phrase.Phrase``) in the display's language, its figures in its currency.

The one place a model sentence becomes text on a page: the template is looked up in the message catalogue, then each
parameter is formatted for the display (``render``):

- ``Money``: converted at the display's rate and formatted by Babel (``₩231,000,000``), with the cents the English
  had turned into the currency's own digits;
- ``Number``: a share as a percentage (``216%``), dollars converted (``₩700``), other numbers with the English spec
  (digits and thousands separators read the same in Korean);
- ``Term``: its words from the catalogue (``목표 DAU당 비용``), not the code the command line shows; words that name
  USD as a figure's unit (``names_usd``) name the display's currency (``DAU당 비용 (월 KRW)`` beside ``₩420``);
- a string: the plan's own text translated (a level's name), anything else (a user's name for a resource) as written;
- a nested ``Phrase``: rendered the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from model.fx import convert
from model.phrase import Money, Number, Phrase, Term

from . import catalog
from .display import Display, current
from .money import decimals, format_amount, in_currency_words, symbol


def render(p: Phrase | str, *, display: Display | None = None, shown: Mapping[str, str] | None = None) -> str:
    """``p`` in the display's language and currency (a plain string: the plan's own text translated, else as is).

    ``shown``: parameters the caller has already put in words (a driver's label, which only the UI knows how to
    translate from its path), used as given."""
    d = display or current()
    if not isinstance(p, Phrase):
        return catalog.plan_text(p, d.lang)
    template = catalog.gettext(p.template, d.lang)
    if not p.params:
        return template
    given = shown or {}
    return template.format(**{k: given[k] if k in given else value(v, display=d) for k, v in p.params.items()})


def value(v: Any, *, display: Display) -> str:
    """One parameter of a phrase as the display shows it (see the module's doc)."""
    if isinstance(v, Phrase):
        return render(v, display=display)
    if isinstance(v, Term):
        words = catalog.gettext(v.label, display.lang)
        return in_currency_words(words, display=display) if v.names_usd else words
    if isinstance(v, Money):
        fx = display.fx
        # The English cents (2 digits) become the currency's own (none for won); whole dollars stay whole.
        digits = max(0, v.digits - 2 + decimals(fx.currency, cents=True)) if v.digits else 0
        return format_amount(convert(v.usd, fx.rate), fx.currency, locale=display.locale, digits=digits)
    if isinstance(v, Number):
        return _number(v, display)
    if isinstance(v, str):
        return catalog.plan_text(v, display.lang)
    return str(v)


def _number(v: Number, display: Display) -> str:
    """A share as a percentage ('0.8' -> '80%'); dollars converted, six significant digits up to a million and whole
    units with separators above (never '₩1.4e+12'); a count in whole units; other numbers as the English has them."""
    if v.kind == "share":
        return str(v) if v.spec.endswith("%") else f"{v.value * 100:,.6g}%"
    if v.kind == "count":
        return f"{v.value:,.0f}"
    if v.kind == "usd":
        fx = display.fx
        amount = convert(v.value, fx.rate)
        if abs(amount) >= 1_000_000:
            return format_amount(amount, fx.currency, locale=display.locale)
        return symbol(display) + format(amount, ",.6g")
    return str(v)
