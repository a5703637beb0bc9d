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
  | (?P<error>.)
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


@dataclass(slots=True)
class Token:
    kind: Kind
    text: str
    start: int
    end: int
    hint: str | None = None  # message key, for ERROR tokens


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens; always ends with an ``END`` token."""
    tokens: list[Token] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "space":
            continue
        if kind == "error":
            char = m.group()
            tokens.append(Token("ERROR", char, m.start(), m.end(), _CHAR_HINTS.get(char)))
        else:
            tokens.append(Token(kind.upper(), m.group(), m.start(), m.end()))  # type: ignore[union-attr, arg-type]
    tokens.append(Token("END", "", len(text), len(text)))
    return tokens
