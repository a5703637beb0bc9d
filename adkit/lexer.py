"""Text → tokens, each with ``[start, end)`` offsets into the original text.

A character that is not adkit syntax becomes an ``ERROR`` token instead of an
exception, so the parser reports the leftmost problem in source order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["NUM", "NAME", "OP", "SEP", "ERROR", "END"]

#: Operators, longest first so ``**`` wins over ``*``.
OPERATORS = ("**", "+", "-", "*", "/", "^", "(", ")", ",", "=")

_TOKEN = re.compile(
    r"""
    (?P<space>[ \t\r\f\v]+)
  | (?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<sep>[;\n])
  | (?P<op>\*\*|[-+*/^(),=])
    """,
    re.VERBOSE,
)

#: Hints for characters people bring over from Python or other languages.
_CHAR_HINTS = {
    ".": "hint.attribute",
    "[": "hint.indexing",
    "]": "hint.indexing",
    "'": "hint.string",
    '"': "hint.string",
    ":": "hint.python",
    "%": "hint.modulo",
    "!": "hint.python",
    "<": "hint.comparison",
    ">": "hint.comparison",
    "{": "hint.python",
    "}": "hint.python",
}


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    text: str
    start: int
    end: int
    hint: str | None = None  # message key, for ERROR tokens


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens; always ends with an ``END`` token."""
    tokens: list[Token] = []
    pos, n = 0, len(text)
    match = _TOKEN.match
    while pos < n:
        m = match(text, pos)
        if m is None:
            char = text[pos]
            tokens.append(Token("ERROR", char, pos, pos + 1, _CHAR_HINTS.get(char)))
            pos += 1
            continue
        kind = m.lastgroup
        if kind != "space":
            tokens.append(Token(kind.upper(), m.group(), pos, m.end()))  # type: ignore[arg-type]
        pos = m.end()
    tokens.append(Token("END", "", n, n))
    return tokens
