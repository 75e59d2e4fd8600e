"""Find every translatable string in the code and keep both ``.po`` files in step (``make messages``).

Marked strings: ``_("...")``, ``ngettext("...", "...", n)`` and ``N_("...")`` (a marker for module-level labels
translated where they are drawn). New messages get their English as the English translation and an empty Korean
one, which the catalogue test reports until someone writes it; messages no longer in the code are dropped.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .catalog import LOCALES_DIR, po_path

ROOT = LOCALES_DIR.parent
SOURCES = ("app.py", "views", "ui", "i18n", "outputs", "cli", "model")
KEYWORDS = {"_": None, "N_": None, "_t": None, "phrase": None, "gettext": None, "ngettext": (1, 2)}
"""In model/ (which stays English and imports no gettext), ``N_``, ``phrase`` (model/phrase.py) and ``_t``
(model/audit.py) mark the templates of its sentences and labels (``N_`` in model/tier_rows.py: the Calc rows' labels; in
model/scenario.py: each driver's label, unit and help, declared on its field with model/driver_spec.py's ``Spec``);
the app and the workbook translate them (i18n/phrase.py, outputs/language.py)."""


def source_files() -> list[Path]:
    files: list[Path] = []
    for name in SOURCES:
        path = ROOT / name
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files.extend(sorted(path.rglob("*.py")))
    return files


def extract() -> dict[str | tuple[str, str], list[tuple[str, int]]]:
    """msgid (or (singular, plural)) -> where it is used (file, line)."""
    import contextlib
    import io

    from babel.messages.extract import extract_python

    found: dict[str | tuple[str, str], list[tuple[str, int]]] = {}
    for path in source_files():
        # Babel warns (on stderr) about f-strings among a call's arguments: ours are a template's values, not messages.
        with path.open("rb") as fh, contextlib.redirect_stderr(io.StringIO()):
            for lineno, _func, message, _comments in extract_python(fh, list(KEYWORDS), [], {}):
                if isinstance(message, tuple):  # ngettext: (singular, plural, None); a variable argument gives None
                    parts = tuple(m for m in message if m is not None)
                    if not parts:
                        continue
                    message = parts if len(parts) == 2 else parts[0]
                if not message:  # _(variable): translated at run time from a string marked elsewhere
                    continue
                found.setdefault(message, []).append((str(path.relative_to(ROOT)), lineno))
    return found


PLAN_FILE = ROOT / "data" / "scenarios" / "plan.json"
PLAN_FIELDS = (
    r"name",
    r"notes",
    r"plan_source\.title",
    r"levels\.\d+\.(name|when|ai_phase_label|stated_total_label)",
    r"levels\.\d+\.(bottlenecks|mitigations|checklist|architecture_changes)\.\d+",
    r"capacity\.triggers\.\d+\.checklist\.\d+",
    r"caching\.caches\.\d+\.name",
    r"ai\.optimisation_phases\.\d+\.name",
    r"disaster_recovery\.scenarios\.\d+\.(name|steps\.\d+)",
    r"disaster_recovery\.backups\.\d+",
    r"rate_limits\.\d+\.endpoint",
    r"provenance\.[^.]+(\.[^.]+)*\.note",
    r"ranges\.[^.]+(\.[^.]+)*\.note",
)
"""The plan's text a person reads (paths in data/scenarios/plan.json, its provenance and range notes included); ids and
codes stay English. Provenance and range keys are driver paths with dots ('capacity.peak_to_average')."""


def extract_plan() -> dict[str, list[tuple[str, int]]]:
    """The plan's own text to translate: each string at a PLAN_FIELDS path of the plan's scenario file."""
    import json
    import re

    pattern = re.compile("^(" + "|".join(PLAN_FIELDS) + ")$")
    found: dict[str, list[tuple[str, int]]] = {}

    def walk(node: object, path: str) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, f"{path}.{k}" if path else k)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}.{i}")
        elif isinstance(node, str) and node.strip() and pattern.match(path):
            found.setdefault(node, [])

    walk(json.loads(PLAN_FILE.read_text(encoding="utf-8")), "")
    return found


def update(lang: str, found: dict, domain: str = "messages") -> int:
    """Rewrite ``lang``'s .po with exactly the messages found, keeping existing translations. Returns how many are new."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    path = po_path(lang, domain)
    old = Catalog(locale=lang)
    if path.exists():
        with path.open("rb") as fh:
            old = read_po(fh, locale=lang)
    new = Catalog(locale=lang, project="scaling cost model", charset="utf-8", creation_date=old.creation_date)
    new.fuzzy = False
    added = 0
    for message, locations in found.items():
        key = message[0] if isinstance(message, tuple) else message
        prior = old.get(key)
        if prior is not None and prior.string and any(prior.string if isinstance(prior.string, tuple) else [prior.string]):
            string = prior.string
        elif lang == "en":
            string = message
        else:
            string = ("", "") if isinstance(message, tuple) else ""
            added += 1
        if lang == "ko" and isinstance(message, tuple) and isinstance(string, tuple):
            string = (string[0],)  # Korean has one plural form
        new.add(message, string, locations=locations)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, new, width=120, sort_output=True, include_lineno=False)
    return added


def main() -> int:
    for domain, found in (("messages", extract()), ("plan", extract_plan())):
        for lang in ("en", "ko"):
            added = update(lang, found, domain)
            print(f"{domain} {lang}: {len(found)} messages, {added} without a translation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
