"""A driver's label, unit, help and group in the session's language.

The catalogue of drivers (``model.drivers``) stays English, one declaration per driver (a ``Spec`` on its scenario
field); its labels, units and help are marked ``N_`` there and extracted into the message catalogue (``i18n.extract``),
and the labels built from the plan's names (a phase, a cache, a model) are translated here from the Spec's template
with the name put back in.
"""

from __future__ import annotations

import re

from i18n.text import N_, _, plan_text
from model.driver_spec import declared
from model.drivers import Driver
from model.scenario import Scenario

GROUPS = {
    "AI": N_("AI"),
    "Caching": N_("Caching"),
    "Infrastructure": N_("Infrastructure"),
    "Reserved instances": N_("Reserved instances"),
    "General": N_("General"),
}


def _built() -> tuple[tuple[re.Pattern[str], re.Pattern[str], str, str], ...]:
    """(path pattern, English label pattern, template, its field) of each driver declared on a list element whose label
    puts one of the plan's names into a template (model/scenario.py: '{name} hit rate', 'Share of calls on {model}')."""
    out = []
    for d in declared(Scenario):
        fields = re.findall(r"\{(\w+)\}", d.spec.label)
        if "*" in d.pattern and len(fields) == 1:
            before, after = d.spec.label.split("{" + fields[0] + "}")
            path = re.compile(re.escape(d.pattern).replace(r"\*", r"\d+"))
            out.append((path, re.compile(f"{re.escape(before)}(.*){re.escape(after)}"), d.spec.label, fields[0]))
    return tuple(out)


_BUILT = _built()


def group(name: str) -> str:
    return _(GROUPS.get(name, name))


def label(d: Driver) -> str:
    """'AI calls per DAU per day' -> 'DAU당 하루 AI 호출 수'; 'Saju calculation result hit rate' -> '사주 계산 결과 적중률'."""
    return label_of(d.path, d.label)


def label_of(path: str, english: str) -> str:
    """``label`` for a driver known by its path and English label (a goal-seek answer, say)."""
    for pattern, words, template, field in _BUILT:
        found = words.fullmatch(english) if pattern.fullmatch(path) else None
        if found:
            return _(template).format(**{field: plan_text(found[1])})
    return _(english)


def unit(d: Driver) -> str:
    return _(d.unit)


def help_text(d: Driver) -> str:
    return _(d.help) if d.help else ""
