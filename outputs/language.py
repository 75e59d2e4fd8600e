"""The workbook's labels in another language (``export --lang ko``): one pass over the built workbook.

Every cell holding a label we wrote (text, not a formula, not a user's text such as a scenario's name or notes, which
is stored with a quote prefix) is looked up in the message catalogue (``locales/<lang>/LC_MESSAGES/messages.po``, and
the plan's own text in ``plan.po``) and replaced by its translation. Labels are marked where they are written
(``N_("...")``, so ``make messages`` finds them); a label with a number or a part in it is written from a template,
``N_("Tier {n}: DAU").format(n=2)``, and is recognised here by that template: "Tier 2: DAU" matches "Tier {n}: DAU",
the Korean template is filled with the same values. A part that is itself a label ("L1 item 2: {label}" with
"vendor") is translated the same way; numbers, codes and sheet names (the placeholders in ``KEPT``) stay as they are.
A template is used only when every other part translates, so a sentence that merely looks like one stays English.

Sheet names, formulas and defined names stay as they are, so every formula works as in English. Text the catalogue
does not have (the provenance notes on Assumptions, which quote the plan and the price library) stays English. A
scenario's own text (stored with a quote prefix) is the plan's text in the language where ``plan.po`` has it exactly
(a level's name, a checklist item by item: ``plan_translator``), as the app shows it; a person's own text stays as written.

One exception inside formulas: the words the Checks sheet's formulas write and test (``FORMULA_WORDS``: OK, FAIL,
ALL CHECKS PASS...) are translated wherever they stand as a quoted text in a formula or a conditional format
(``IF(...,"OK","FAIL")``, ``COUNTIF(B5:B90,"FAIL")``, the rule that colours "FAIL" red), all by the same catalogue entry,
so what one formula writes is what the next one tests, in either language.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from i18n import catalog
from i18n.text import N_

SUMMARY_LABELS = (
    N_("Summary: monthly cost per DAU tier (USD per month)"),
    N_("Cache savings"),
    N_("Reserved savings available"),
    N_("Cache savings net of cache cost"),
    N_("Cost by category (USD per month)"),
    N_("Sum of categories"),
)
"""Summary's own labels (written by outputs.report), listed here so the catalogue has them."""

TEMPLATE_PARTS = (N_("ai"), N_("cost per dau"))
"""Parts the Audit sheet composes into "Model at cost table row {n}'s DAU: {label}" from its check ids."""

RESOURCE_LABELS = (
    N_("Database connections"),
    N_("AI requests per minute at peak"),
    N_("AI tokens per minute at peak"),
    N_("Database writes per second at peak"),
)
"""model/capacity/'s resource names (the core stays English), as the Capacity sheet titles its sections; a test checks
every resource is here."""

OK = N_("OK")
FAIL = N_("FAIL")
ALL_PASS = N_("ALL CHECKS PASS")
FAILED_FIRST = N_(" CHECK(S) FAIL, first: ")
"""Between the count of failed checks and the first one's label: '3 CHECK(S) FAIL, first: Total = ...'."""
AN_ERROR = N_("an error")
"""The master check's 'first' when no result reads FAIL but one is an error value."""
NOT_REACHED = N_("not reached")
NO_CHECKLIST = N_("no checklist")
"""What the Timeline's checklist table writes for a level the projection never reaches, or one without items."""
FORMULA_WORDS = (OK, FAIL, ALL_PASS, FAILED_FIRST, AN_ERROR, NOT_REACHED, NO_CHECKLIST)
"""Text the Checks sheet's formulas write and test (outputs/report.py writes them from these names), and the Timeline's
checklist words: translated inside every formula and conditional format of a workbook in another language
(``_translate_formula_words``)."""

_QUOTED = re.compile(r'"((?:[^"]|"")*)"')
"""A text inside a formula, its quotes doubled ("a ""b"" c")."""

KEPT = frozenset({"n", "m", "row", "codes", "sheet", "low", "high", "critical", "warning", "version", "name", "date", "currency"})
"""Placeholders whose values are kept as written (numbers, codes, sheet names, input names in formulas)."""

_NUMBER = r"\d[\d,]*"
_BOUND = r"[<>]=? -?[\d.,]+(?:e[+-]?\d+)?"
SHAPES = {"n": _NUMBER, "m": _NUMBER, "row": _NUMBER, "low": _BOUND, "high": _BOUND}
"""What a kept placeholder matches: 'Cache {n}' is 'Cache 3', never 'Cache savings are already in AI'."""

_FIELD = re.compile(r"\{([a-z_]+)\}")


@lru_cache(maxsize=4)
def _templates(lang: str) -> tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...]:
    """(pattern, translated template, placeholder names) of every workbook template (a msgid with placeholders used in
    outputs/), most specific (longest fixed text) first."""
    po = catalog.read(lang)
    if po is None:
        return ()
    found = []
    for message in po:
        msgid = message.id
        if not isinstance(msgid, str) or not message.string or not _FIELD.search(msgid):
            continue
        if not any(str(where).startswith("outputs/") for where, _line in message.locations):
            continue
        names = tuple(_FIELD.findall(msgid))
        pieces = _FIELD.split(msgid)[::2]  # the fixed text between the placeholders
        pattern = "".join(
            re.escape(piece) + (f"(?P<{names[i]}>{SHAPES.get(names[i], '.+?')})" if i < len(names) else "")
            for i, piece in enumerate(pieces)
        )
        fixed = sum(len(p) for p in pieces)
        found.append((fixed, re.compile(f"^{pattern}$", re.S), str(message.string), names))
    found.sort(key=lambda f: -f[0])
    return tuple((pattern, template, names) for _fixed, pattern, template, names in found)


def translator(lang: str) -> Callable[[str], str]:
    """A function: English label -> the label in ``lang`` (as is where the catalogue has no translation)."""
    cache: dict[str, str] = {}

    known = catalog.messages(lang)

    def exact(text: str) -> str:
        shown = catalog.gettext(text, lang)
        return shown if shown != text else catalog.plan_text(text, lang)

    def tr(text: str) -> str:
        if text in cache:
            return cache[text]
        shown = exact(text)
        if shown == text and "{" not in text:
            for pattern, template, names in _templates(lang):
                match = pattern.match(text)
                if match is None:
                    continue
                values = {}
                for name in names:
                    value = match.group(name)
                    # a kept part as written, but a scenario's name the plan's own text in lang (as in the cells)
                    values[name] = (catalog.plan_text(value, lang) if name == "name" else value) if name in KEPT else tr(value)
                    if name not in KEPT and values[name] == value and value not in known:
                        break  # a part the catalogue does not know: not this template
                else:
                    shown = template.format(**values)
                    break
        cache[text] = shown
        return shown

    return tr


def plan_translator(lang: str) -> Callable[[str], str]:
    """A function: a scenario's text (a level's name, a bottleneck, a checklist, the scenario's name) -> the plan's own
    text in ``lang`` (``plan.po``, as the app shows it), whole or item by item for a ``"; "``-separated list whose every
    item the catalogue has; any other text (a person's own, or an edited item) exactly as written. Where such text is
    compared by a formula (the scenario picker: C2 against the names in row 6), both sides are the same text and
    become the same translation."""

    def tr(text: str) -> str:
        whole = catalog.plan_text(text, lang)
        if whole != text:
            return whole
        items = text.split("; ")
        if len(items) > 1:
            shown = [catalog.plan_text(item, lang) for item in items]
            if all(a != b for a, b in zip(shown, items, strict=True)):
                return "; ".join(shown)
        return text

    return tr


def translate_workbook(wb: Workbook, lang: str) -> int:
    """Translate the label cells of ``wb`` into ``lang``; returns how many cells changed."""
    if lang == "en":
        return 0
    tr = translator(lang)
    in_formula = formula_words(lang)
    plan = plan_translator(lang)
    changed = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if not isinstance(value, str) or not value.strip():
                    continue
                if cell.quotePrefix:  # a scenario's text: the plan's own in lang, as the app shows it; a person's as written
                    shown = plan(value)
                else:  # a formula keeps everything but the words it writes and tests
                    shown = in_formula(value) if value.startswith("=") else tr(value)
                if shown != value:
                    cell.value = shown
                    changed += 1
        changed += (
            _translate_print_titles(ws, tr)
            + _translate_charts(ws, tr)
            + _translate_validations(ws, tr)
            + _translate_conditional_formats(ws, in_formula)
        )
    return changed


def formula_words(lang: str) -> Callable[[str], str]:
    """A function: a formula -> the same formula with each quoted text of ``FORMULA_WORDS`` in ``lang``
    (``IF(x,"OK","FAIL")`` -> ``IF(x,"정상","오류")``); every other quoted text (a category code, a sheet's own
    status word such as "ok" or "disagrees") stays as written, as does everything outside quotes."""
    words = {word: catalog.gettext(word, lang).replace('"', '""') for word in FORMULA_WORDS}
    words = {word: shown for word, shown in words.items() if shown != word}

    def swap(match: re.Match[str]) -> str:
        text = match.group(1)
        return f'"{words[text]}"' if text in words else match.group(0)

    def translate(formula: str) -> str:
        return _QUOTED.sub(swap, formula) if words and '"' in formula else formula

    return translate


def _translate_conditional_formats(ws: Worksheet, in_formula: Callable[[str], str]) -> int:
    """The conditional formats' formulas (the rule that colours a "FAIL" red tests the translated word)."""
    changed = 0
    for formatting in ws.conditional_formatting:
        for rule in formatting.rules:
            shown = [in_formula(f) for f in rule.formula or []]
            if shown != list(rule.formula or []):
                rule.formula = shown
                changed += 1
    return changed


def _translate_validations(ws: Worksheet, tr: Callable[[str], str]) -> int:
    """The messages of the inputs' data validation: the prompt beside the drop-down and the refusal of a bad value."""
    changed = 0
    for dv in ws.data_validations.dataValidation:
        for attr in ("error", "errorTitle", "prompt", "promptTitle"):
            text = getattr(dv, attr)
            if text and tr(text) != text:
                setattr(dv, attr, tr(text))
                changed += 1
    return changed


def _translate_print_titles(ws: Worksheet, tr: Callable[[str], str]) -> int:
    """The printed header (the workbook's title) and footer ("Page &P of &N")."""
    changed = 0
    for hf in (ws.oddHeader, ws.evenHeader, ws.firstHeader, ws.oddFooter, ws.evenFooter, ws.firstFooter):
        for part in (hf.left, hf.center, hf.right):
            if part.text and tr(part.text) != part.text:
                part.text = tr(part.text)
                changed += 1
    return changed


def _translate_charts(ws: Worksheet, tr: Callable[[str], str]) -> int:
    """The native charts' titles and axis titles (rich text runs)."""
    changed = 0
    for chart in ws._charts:
        for title in (chart.title, chart.x_axis.title, chart.y_axis.title):
            rich = getattr(getattr(title, "tx", None), "rich", None)
            for paragraph in getattr(rich, "p", None) or []:
                for run in paragraph.r or []:
                    if run.t and tr(run.t) != run.t:
                        run.t = tr(run.t)
                        changed += 1
    return changed
