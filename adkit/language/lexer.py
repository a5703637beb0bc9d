"""Text → tokens, each with ``[start, end)`` offsets into the original text.

A character that is not adkit syntax becomes an ``ERROR`` token instead of an
exception, so the parser reports the leftmost problem in source order.

Students type, and adkit prints, a little Unicode maths: ``·`` ``⋅`` ``×`` ``−``
``÷``, superscript powers (``x²``, ``x⁻¹``), ``√``, ``π``, ``σ`` and subscript
digits in names (``x₁``).  Each is read here as the ASCII token it stands for,
keeping its own offsets, so the parser and its binding-power table never see
the difference.  Digits are ASCII only: ``٣`` is an error, never 3.
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass
from typing import Literal

Kind = Literal["NUM", "NAME", "OP", "SEP", "ERROR", "END"]

#: Unicode operators read as adkit's ASCII ones.
UNICODE_OPERATORS = {"·": "*", "⋅": "*", "∙": "*", "×": "*", "∗": "*", "−": "-", "÷": "/", "∕": "/"}
#: Unicode symbols read as names: a constant and functions (``√x``, ``σ(x)``).
UNICODE_NAMES = {"π": "pi", "√": "sqrt", "σ": "sigmoid"}
#: A superscript run ``²``, ``⁻¹``, ``⁽ⁿ⁺¹⁾`` is the exponent ``^(…)`` written in ASCII.
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾ⁿⁱ", "0123456789+-()ni")
#: Subscripts in names: ``x₁`` is ``x1``; ``v₋₁`` is the name ``v_m1`` (as is ASCII ``v_-1``).
SUBSCRIPTS = str.maketrans({**{chr(0x2080 + d): str(d) for d in range(10)}, "₋": "_m"})

_TOKEN = re.compile(
    r"""
    (?P<space>[ \t\r\f\v]+)
  | (?P<num>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)
  | (?P<negname>[A-Za-z]+_-[0-9]+)(?![A-Za-z0-9_])
  | (?P<name>[A-Za-z_][A-Za-z0-9_₀-₉₋]*)
  | (?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾ⁿⁱ]+)
  | (?P<uop>[·⋅∙×∗−÷∕])
  | (?P<uname>[π√σ])
  | (?P<sep>[;\n])
  | (?P<op>\*\*|[-+*/^(),=|])
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
    "!": "hint.factorial",
    "<": "hint.comparison",
    ">": "hint.comparison",
    "{": "hint.python",
    "}": "hint.python",
    "≤": "hint.comparison",
    "≥": "hint.comparison",
    "≠": "hint.comparison",
    "∞": "hint.infinity",
}

#: ASCII spellings of non-ASCII characters adkit does not read itself.
_ASCII_SPELLING = {
    "•": "*", "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-",
    "∛": "x^(1/3)", "∜": "x^(1/4)", "‘": "'", "’": "'", "“": '"', "”": '"', "¬": "-",
    "ℯ": "e", "∑": "a + b + ...", "∏": "a*b*...", "ʹ": "'", "′": "'",
}


_PLAIN = {"num": "NUM", "op": "OP", "sep": "SEP"}
#: The same alternatives without their names: ``findall`` hands back the lexemes alone, which tile the
#: text (``error`` takes any character the others do not), so offsets are running sums of lengths.
_LEXEMES = re.compile(re.sub(r"\(\?P<\w+>", "(?:", _TOKEN.pattern), re.VERBOSE)
#: A lexeme's kind from its first character, where that character decides it (``.`` does not:
#: ``.5`` is a number, ``.`` an error; a letter starts a name, ``v_-1`` included).
_KIND_BY_FIRST = {c: kind for c in string.printable  # type: ignore[union-attr]
                  if (kind := _TOKEN.match(c).lastgroup) in ("space", "num", "name", "op", "sep")}


@dataclass(slots=True)
class Token:
    kind: Kind
    text: str  # the ASCII token: "*" for "·", "sqrt" for "√", "x1" for "x₁"
    start: int
    end: int
    hint: str | None = None  # message key, for ERROR tokens
    ascii: str | None = None  # for a non-ASCII ERROR character: how to write it in ASCII


def ascii_spelling(char: str) -> str | None:
    """How to write a non-ASCII character adkit does not read: ``•`` → ``*``, ``٣`` → ``3``, ``α`` → ``alpha``."""
    if char in _ASCII_SPELLING:
        return _ASCII_SPELLING[char]
    if unicodedata.digit(char, None) is not None:
        return str(unicodedata.digit(char))
    folded = unicodedata.normalize("NFKC", char)
    if folded.isascii() and folded.strip():
        return folded
    stripped = "".join(c for c in unicodedata.normalize("NFKD", char) if c.isascii())  # é → e
    if stripped.strip():
        return stripped
    name = unicodedata.name(char, "")
    if name.startswith("GREEK SMALL LETTER ") and " " not in name[19:]:
        return name[19:].lower()
    if name.startswith("GREEK CAPITAL LETTER ") and " " not in name[21:]:
        return name[21:].capitalize()
    return None


def canonical_name(text: str) -> str:
    """The name adkit uses for ``text``: ``x₁`` → ``x1``, ``v₋₁`` and ``v_-1`` → ``v_m1``."""
    return text.translate(SUBSCRIPTS).replace("_-", "_m")


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens; always ends with an ``END`` token."""
    tokens = _tokens(text, 0)
    tokens.append(Token("END", "", len(text), len(text)))
    return tokens


def _tokens(text: str, offset: int) -> list[Token]:
    tokens: list[Token] = []
    append = tokens.append  # the loop runs once a lexeme: 10⁵-step formulas have a few hundred thousand
    end = offset
    for char in _LEXEMES.findall(text):
        start = end
        end += len(char)
        kind = _KIND_BY_FIRST.get(char[0]) or _TOKEN.match(char).lastgroup  # type: ignore[union-attr]
        if kind == "space":
            continue
        if kind == "name" or kind == "negname":  # v_-1 is v_m1, x₁ is x1
            append(Token("NAME", char if char.isascii() and "-" not in char else canonical_name(char), start, end))
        elif kind in _PLAIN:
            append(Token(_PLAIN[kind], char, start, end))  # type: ignore[arg-type]
        elif kind == "sup":  # x⁻¹ is x^(-1): the run maps one character to one, so offsets carry over
            append(Token("OP", "^", start, start + 1))
            append(Token("OP", "(", start, start + 1))
            tokens += _tokens(char.translate(SUPERSCRIPTS), start)
            append(Token("OP", ")", end - 1, end))
        elif kind == "uop":
            append(Token("OP", UNICODE_OPERATORS[char], start, end))
        elif kind == "uname":
            append(Token("NAME", UNICODE_NAMES[char], start, end))
        else:  # error
            ascii_text = None if char.isascii() else ascii_spelling(char)
            append(Token("ERROR", char, start, end, _CHAR_HINTS.get(char), ascii_text))
    return tokens
