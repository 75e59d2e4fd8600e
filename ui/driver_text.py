"""A driver's label, unit, help and group in the session's language.

The catalogue of drivers (``model.drivers``) stays English, one declaration per driver; its literal labels, units and
help are extracted into the message catalogue (``i18n.extract``), and the labels built from the plan's names
(a phase, a cache, a model) are translated here from a template with the name put back in.
"""

from __future__ import annotations

import re

from i18n.text import N_, _, plan_text
from model.drivers import Driver

GROUPS = {
    "AI": N_("AI"),
    "Caching": N_("Caching"),
    "Infrastructure": N_("Infrastructure"),
    "Reserved instances": N_("Reserved instances"),
    "General": N_("General"),
}

_BUILT = (
    (re.compile(r"ai\.optimisation_phases\.\d+\.cost_multiplier"), " cost multiplier", N_("{name} cost multiplier"), ""),
    (re.compile(r"caching\.caches\.\d+\.hit_rate"), " hit rate", N_("{name} hit rate"), ""),
    (re.compile(r"ai\.model_mix\.\d+\.share_of_calls"), "", N_("Share of calls on {name}"), "Share of calls on "),
)


def group(name: str) -> str:
    return _(GROUPS.get(name, name))


def label(d: Driver) -> str:
    """'AI calls per DAU per day' -> 'DAU당 하루 AI 호출 수'; 'Saju calculation result hit rate' -> '사주 계산 결과 적중률'."""
    return label_of(d.path, d.label)


def label_of(path: str, english: str) -> str:
    """``label`` for a driver known by its path and English label (a goal-seek answer, say)."""
    for pattern, suffix, template, prefix in _BUILT:
        if pattern.fullmatch(path) and english.endswith(suffix) and english.startswith(prefix):
            name = english[len(prefix) : len(english) - len(suffix)]
            return _(template).format(name=plan_text(name))
    return _(english)


def unit(d: Driver) -> str:
    return _(d.unit)


def help_text(d: Driver) -> str:
    return _(d.help) if d.help else ""
