"""Plain text in a terminal: the columns a string takes, and lines broken to fit a width.

Every plain-text view (the table, ``--explain``, the verification report)
measures and wraps through here, so a Vietnamese or CJK cell lines up the same
everywhere.
"""

from __future__ import annotations

import re


def cell_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: combining marks take none, wide (CJK) characters two."""
    if text.isascii():
        return len(text)
    size = len(text.translate(_ZERO_WIDTH))
    if max(text) < "\u2e80":
        return size
    return size + sum(any(first <= ord(ch) <= last for first, last in _WIDE) for ch in text)


_ZERO_WIDTH = dict.fromkeys([*range(0x300, 0x370), *range(0x1AB0, 0x1B00), *range(0x1DC0, 0x1E00),
                             *range(0x20D0, 0x2100), *range(0xFE20, 0xFE30), *range(0x200B, 0x2010)])
#: Code points two columns wide (East Asian wide and fullwidth, emoji), first and last of each range: a range
#: list, not a regular expression, because compiling that character class cost ~3 ms of every start-up.
_WIDE = ((0x2E80, 0x303E), (0x3041, 0x33FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xA000, 0xA4CF), (0xAC00, 0xD7A3),
         (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFF60), (0xFFE0, 0xFFE6), (0x1F300, 0x1FAFF),
         (0x20000, 0x3FFFD))


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns: broken before `` = ``, `` + `` or `` − `` when
    the pieces fit (so ``cos v₀`` stays whole), else at any space; longer words are folded."""
    if cell_width(text) <= width:
        return [text]
    pieces = _CLAUSE.split(text)
    if len(pieces) > 1 and all(cell_width(p) <= width for p in pieces):
        lines, line = [], pieces[0]
        for piece in pieces[1:]:
            if cell_width(line) + 1 + cell_width(piece) <= width:
                line += " " + piece
            else:
                lines.append(line)
                line = piece
        return lines + [line]
    return wrap_words(text, width)


_CLAUSE = re.compile(r" (?=[=+−-] )")


def wrap_words(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns, broken at spaces (a longer word is folded)."""
    lines: list[str] = []
    line, used = "", 0
    for word in text.split(" "):
        size = cell_width(word)
        if size > width:
            if line:
                lines.append(line)
            pieces = _fold(word, width)
            lines += pieces[:-1]
            line, used = pieces[-1], cell_width(pieces[-1])
        elif not line:
            line, used = word, size
        elif used + 1 + size <= width:
            line += " " + word
            used += 1 + size
        else:
            lines.append(line)
            line, used = word, size
    lines.append(line)
    return [text.rstrip() for text in lines]


def _fold(word: str, width: int) -> list[str]:
    pieces, piece, used = [], "", 0
    for ch in word:
        w = cell_width(ch)
        if used + w > width and piece:
            pieces.append(piece)
            piece, used = "", 0
        piece += ch
        used += w
    return pieces + [piece]
