"""Sentences the model writes for a person, kept as a template and its values so the app can translate them.

A ``Phrase`` is an English template (the message catalogue's key) and its parameters. ``str(phrase)`` is the English
sentence, the one the CLI prints and the tests read; the app renders the same phrase in the session's language and
currency (``i18n.phrase.render``): it translates the template and formats each parameter for the locale.

Parameters are plain strings (names from the scenario, kept as written; the plan's own text is translated by the
app) or one of the typed values below, which carry a number, not its English digits:

- ``Money(usd, digits)``: a dollar amount; English ``$1,235``; the app converts it to the session's currency.
- ``Number(value, spec)``: a number with an English format spec (``",.0f"``, ``".0%"``, ``",.6g"``) and what it is
  (``kind``: 'number', 'share', 'usd', 'count'), so the app shows a share as a percentage and dollars in the currency.
- ``Term(text, label)``: a code a command line shows as is (``cost_per_dau_usd``) and the words a page shows instead
  (``Cost per DAU (USD per month)``, translated); ``names_usd=True`` where the words name the model's currency, which
  the app replaces with the session's (``Cost per DAU (KRW per month)`` beside a figure in won).
- a nested ``Phrase`` (a clause chosen by the model, translated on its own).

The model stays pure: no gettext here. ``N_`` marks a template where it is written so ``make messages`` finds it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal


def N_(template: str) -> str:
    """Marks an English template for the catalogue (``make messages`` finds it by this name); returns it unchanged."""
    return template


@dataclass(frozen=True)
class Money:
    """A dollar amount inside a sentence: ``$1,235`` in English (``digits`` after the point), converted by the app."""

    usd: float
    digits: int = 0

    def __str__(self) -> str:
        return f"${self.usd:,.{self.digits}f}"


Kind = Literal["number", "share", "usd", "count"]
"""How the app shows a number: as the English has it, a share as a percentage, dollars in the session's currency, a
count (a DAU) in whole units with separators."""


@dataclass(frozen=True)
class Number:
    """A number inside a sentence, in English as ``format(value, spec)``; ``kind`` says how the app shows it."""

    value: float
    spec: str = ",.6g"
    kind: Kind = "number"

    def __str__(self) -> str:
        return format(self.value, self.spec)


@dataclass(frozen=True)
class Term:
    """A code shown as is in English text (``text``) that a page shows as words (``label``, a catalogue message)."""

    text: str
    label: str
    names_usd: bool = False
    """The words name USD, the model's currency, as the unit of a figure: the app names the session's currency."""

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Phrase:
    """A sentence: its English template and parameters; ``str()`` is the English sentence.

    >>> str(phrase("{n} DAU cost {cost} ({share})", n=Number(300_000, ",.0f"), cost=Money(165_000), share=Number(0.8, ".0%")))
    '300,000 DAU cost $165,000 (80%)'
    """

    template: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        # A template without parameters is shown as written: braces in it are text, not fields.
        if not self.params:
            return self.template
        return self.template.format(**{k: str(v) for k, v in self.params.items()})

    def __hash__(self) -> int:
        return hash((self.template, tuple(sorted((k, str(v)) for k, v in self.params.items()))))


def phrase(template: str, **params: Any) -> Phrase:
    """A ``Phrase`` (``make messages`` finds the templates written as this call's first argument)."""
    return Phrase(template, params)
