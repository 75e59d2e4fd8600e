"""The one way user text reaches a Markdown-rendering element: ``md(text)``.

Every string that came from a person, a file or a link (scenario names, notes, level names, bottlenecks, phase and
cache names, vendor and plan names, refused share-link parameters, upload file names) goes through ``md`` before it
is put into ``st.markdown``, a caption, a heading, a toast, an alert, a metric label, a help text, an expander, tab,
checkbox or button label. Streamlit renders all of those as Markdown with its own directives, so unescaped text
could draw a live link (``[x](https://...)``), fetch a remote image (``![](...)``), add a heading (``# x``), colour
(``:red[...]``), an icon (``:material/...:``), LaTeX (``$x$``) or a bare URL that GitHub-flavoured Markdown turns into
a link. Raw HTML is already inert in Streamlit; it is escaped anyway. Elements that show text literally (st.code,
st.text, st.dataframe cells, select-box options) take the text as it is.

No ``st.*`` here, so tests reach it directly.
"""

from __future__ import annotations

import re

MARKDOWN_SPECIAL = frozenset("\\`*_[]<>|$~:&!#@")
"""Characters Streamlit's Markdown reads as formatting, links, HTML, LaTeX, emoji/colour directives, headings or
e-mail autolinks. Each is backslash-escaped (CommonMark: any ASCII punctuation may be), so it shows as itself."""

_BLOCK_START = re.compile(r"^(\s*)([-+=]|\d+[.)])")
"""A line that starts like a list item, a setext underline or an ordered list ('1.', '2)')."""
JOINER = "\u2060"
"""WORD JOINER: invisible and zero-width. Streamlit's browser side links bare URLs and draws ``:material/...:`` icons
and ``:emoji:`` shortcodes from the text *after* Markdown escapes are undone (seen in Chromium: ``https\\://x`` still
became a live link), so a backslash is not enough there; a joiner inside the pattern breaks it and shows nothing."""
_TEXT_PATTERNS = re.compile(r"(?i)(?<=:)(?=\S)|(?<=\bwww)(?=\\?\.)|(?<=@)")
"""Where a joiner goes: after a colon followed by a non-space ('https:' + '//', ':' + 'material/home:'), between
'www' and its dot, after '@' (e-mail autolinks)."""


def md(text: object) -> str:
    """``text`` as literal Markdown inline text: line breaks become spaces, every special character is escaped.

    'Level 4: 500k' -> 'Level 4\\: 500k'; '[x](https://e.example)' -> '\\[x\\](https\\://e.example)';
    '# Hi' -> '\\# Hi'; '- item' -> '\\- item'; 'www.e.example' -> 'www' JOINER '\\.e.example'.
    """
    flat = " ".join(str(text).splitlines())
    out = "".join("\\" + c if c in MARKDOWN_SPECIAL else c for c in flat)
    out = _BLOCK_START.sub(lambda m: m.group(1) + "".join("\\" + c if not c.isdigit() else c for c in m.group(2)), out)
    out = out.replace("www.", "www\\.").replace("WWW.", "WWW\\.")
    return _TEXT_PATTERNS.sub(JOINER, out)


def md_list(items: list[str] | tuple[str, ...], *, empty: str = "_None stated._") -> str:
    """A Markdown bullet list of user-supplied ``items``, each escaped with ``md``; ``empty`` when there are none."""
    return "\n".join(f"- {md(item)}" for item in items) or empty
