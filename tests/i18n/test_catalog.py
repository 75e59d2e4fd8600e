"""The message catalogue: every string the code marks is in both languages, with the same placeholders."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from i18n import catalog, extract

DOMAINS = ("messages", "plan")


def entries(lang: str, domain: str) -> dict[str, str]:
    with catalog.po_path(lang, domain).open("rb") as fh:
        cat = read_po(fh, locale=lang)
    out = {}
    for m in cat:
        if not m.id:
            continue
        key = m.id[0] if isinstance(m.id, tuple) else m.id
        out[key] = m.string[0] if isinstance(m.string, tuple) else m.string
    return out


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_has_both_languages(domain):
    ko, en = entries("ko", domain), entries("en", domain)
    assert ko.keys() == en.keys()
    assert [k for k, v in ko.items() if not v.strip()] == []
    assert [k for k, v in en.items() if not v.strip()] == []


def test_every_marked_string_in_the_code_is_in_the_catalogue():
    # `make messages` adds new strings; this fails until it has run (and the Korean is written)
    found = {m[0] if isinstance(m, tuple) else m for m in extract.extract()}
    assert len(found) > 40
    assert sorted(found - entries("ko", "messages").keys()) == []


def test_the_plans_own_text_is_in_the_catalogue():
    found = set(extract.extract_plan())
    assert {"Level 1: 10k DAU", "saju", "tarot", "Daily fortune"} <= found
    assert sorted(found - entries("ko", "plan").keys()) == []


@pytest.mark.parametrize("domain", DOMAINS)
def test_translations_keep_every_placeholder(domain):
    field = re.compile(r"\{[a-z_]*\}")
    for msgid, ko in entries("ko", domain).items():
        assert sorted(field.findall(ko)) == sorted(field.findall(msgid)), msgid


def test_the_plans_korean_terms_are_where_they_belong():
    assert catalog.plan_text("saju", "ko") == "사주"
    assert catalog.plan_text("tarot", "ko") == "타로"
    assert catalog.plan_text("Daily fortune", "ko") == "오늘의 운세"
    assert catalog.plan_text("Level 1: 10k DAU", "ko") == "레벨 1: 1만 DAU"
    # text the catalogue does not know (a user's own scenario name) is shown as written
    assert catalog.plan_text("My scenario", "ko") == "My scenario"


def test_gettext_reads_the_language_asked_for():
    assert catalog.gettext("Overview", "ko") == "개요"
    assert catalog.gettext("Overview", "en") == "Overview"
    assert catalog.gettext("not in the catalogue", "ko") == "not in the catalogue"


def test_a_sentence_without_arguments_keeps_its_braces():
    from model.audit import Text, Usd
    from ui.tables import audit_sentence

    # a cache key pattern in an explanation is text, not a placeholder
    plain = Text("Keys look like reading:{userId}.")
    assert str(plain) == "Keys look like reading:{userId}." == audit_sentence(plain, str(plain))
    assert str(Text("{a} and {b}", (("a", "x"), ("b", Usd(5.0))))) == "x and $5"


def test_messages_is_what_gettext_translates_through_a_public_api():
    """catalog.messages tells a message the catalogue has from text gettext passes through (both come back as they went
    in when the translation equals the English): outputs/language.py needs it, and once read gettext's private dict."""
    ko = catalog.messages("ko")
    assert ko["Master check"] == "종합 점검" == catalog.gettext("Master check", "ko")
    assert all(catalog.gettext(msgid, "ko") == text for msgid, text in ko.items() if "\x00" not in msgid)
    assert "DAU" in ko and ko["DAU"] == "DAU"  # known, though it reads the same
    assert "Not a message of this app" not in ko
    assert ko.keys() == entries("ko", "messages").keys() - {""}  # every message of the file has its Korean
    assert catalog.messages("xx") == {}  # a language without a file


def test_no_code_reads_gettexts_private_catalogue():
    root = catalog.LOCALES_DIR.parent
    users = [
        str(path.relative_to(root))
        for folder in ("i18n", "outputs", "ui", "views", "cli", "model", "tests")
        for path in (root / folder).rglob("*.py")
        if "._catalog" in path.read_text(encoding="utf-8") and path.name != "test_catalog.py"
    ]
    assert users == []
