"""Text from a user or a file, made safe to print on a terminal: control characters escaped, length bounded.

A scenario name such as ``"evil\\x1b]0;title\\x07"`` would otherwise retitle the terminal or recolour it
when the CLI prints it; a 5,000-digit number would fill the screen. Every line the CLI prints and every
error message passes through these.
"""

from __future__ import annotations

_KEEP_NOTHING: frozenset[str] = frozenset()


def escape_controls(text: str, *, keep: frozenset[str] | str = _KEEP_NOTHING) -> str:
    """``text`` with every non-printable character (C0/C1 controls, DEL, bidi overrides, line and paragraph
    separators) written as its Python escape (``\\x1b``, ``\\r``, ``\\u202e``), except the characters in ``keep``.
    Printable text, Korean included, is unchanged."""
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() or ch in keep or ch == " " else ch.encode("unicode_escape").decode("ascii") for ch in text
    )


def one_line(text: str, limit: int) -> str:
    """``text`` on one line (control characters, newlines included, escaped), cut to ``limit`` characters."""
    text = escape_controls(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."
