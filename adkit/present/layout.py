"""Plain-text tables that fit a width without dropping or cutting anything.

The terminal table (``adkit trace``, ``print(trace)``) is drawn here, in
time linear in the number of rows.  Given the table's parts
(:mod:`adkit.present.parts`) and a width, :func:`render` tries, in order:

1. all side-by-side parts as one table at their natural widths;
2. the same table with statements wrapped inside their cells (at spaces);
3. the textbook's split: each part its own table with the step column
   repeated (primal trace, tangent sweep(s), adjoint sweep), the column
   groups of a part packed into as few tables as fit; a statement that
   still does not fit is folded inside its cell.

Numbers are never wrapped or cut.  Past :data:`LONG` rows, a table shows its
first and last rows and says how to see the rest (``rows="all"`` or a range).
The drawing reproduces rich's SIMPLE_HEAVY and ASCII boxes, so a table that
fits looks as it always did.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from adkit.messages import message
from adkit.present.parts import Part, merged
from adkit.present.textwidth import cell_width, wrap, wrap_words

LONG = 200  # more rows than this: show the first HEAD and last TAIL
HEAD, TAIL = 100, 20
_FLOOR = 16  # a wrapped statement column is not made narrower than this (unless its words are)


@dataclass
class Rows:
    """Which rows to show: ``None`` (all, or first and last past :data:`LONG`), "all", or a 1-based range."""

    choice: str | tuple[int, int] | None = None

    def pick(self, count: int) -> tuple[list[tuple[int, int]], str | None]:
        """Row spans ``[(start, stop)]`` (0-based, stop exclusive) and the note saying what was left out."""
        if self.choice == "all" or (self.choice is None and count <= LONG):
            return [(0, count)], None
        if self.choice is None:
            first, last = HEAD + 1, count - TAIL
            note = message("table.rows_hidden", first=first, last=last, total=count,
                           example=f"{first}-{min(last, first + 40)}")
            return [(0, HEAD), (count - TAIL, count)], note
        start, stop = self.choice  # type: ignore[misc]
        start, stop = min(start, count), min(stop, count)
        return [(start - 1, stop)], message("table.rows_range", first=start, last=stop, total=count)


def _natural(block: Part) -> list[int]:
    if block.natural is not None:
        return block.natural
    widths = [cell_width(h) for h in block.headers]
    for row in block.rows:
        for i, cell in enumerate(row):
            w = cell_width(cell)
            if w > widths[i]:
                widths[i] = w
    block.natural = widths
    return widths


def _soft_min(block: Part, natural: list[int]) -> list[int]:
    """Narrowest width of each column without breaking a word (numbers: never narrower)."""
    mins = []
    for i, kind in enumerate(block.kinds):
        if kind == "number":
            mins.append(natural[i])
            continue
        longest = max((cell_width(word) for word in block.headers[i].split(" ")), default=1)
        for row in block.rows:
            cell = row[i]
            if len(cell) <= longest:  # no word of it can be longer
                continue
            if " " in cell:
                longest = max(longest, max(cell_width(word) for word in cell.split(" ")))
            elif cell_width(cell) > longest:
                longest = cell_width(cell)
        mins.append(max(longest, min(natural[i], _FLOOR)))
    return mins


def table_width(widths: Sequence[int]) -> int:
    return sum(widths) + 3 * len(widths) + 1


def _squeeze(natural: list[int], mins: list[int], budget: int) -> list[int] | None:
    """Widths summing to at most ``budget``: the widest columns give up space first (None: impossible)."""
    if sum(mins) > budget:
        return None
    if sum(natural) <= budget:
        return natural
    lo, hi = 0, max(natural)  # the cap: every column min(natural, max(min, cap))
    while lo < hi:
        cap = (lo + hi + 1) // 2
        if sum(min(n, max(m, cap)) for n, m in zip(natural, mins)) <= budget:
            lo = cap
        else:
            hi = cap - 1
    return [min(n, max(m, lo)) for n, m in zip(natural, mins)]


def _fit(block: Part, width: int, level: str = "soft") -> list[int] | None:
    """Column widths for ``block`` within ``width``: at "natural" widths, "soft" (wrapping at
    spaces) or "fold" (words folded too; always succeeds).  None when the level cannot fit."""
    natural = _natural(block)
    budget = width - 3 * len(natural) - 1
    if level == "natural":
        return natural if sum(natural) <= budget else None
    if level == "fold":
        mins = [n if k == "number" else min(n, 4) for n, k in zip(natural, block.kinds)]
        return _squeeze(natural, mins, budget) or mins
    return _squeeze(natural, _soft_min(block, natural), budget)


def fits(block: Part, width: int) -> bool:
    """Whether ``block`` fits ``width`` as one table, its words whole (headers may wrap)."""
    return (_fit(block, width, "natural") or _fit(block, width, "soft")) is not None


def _best(block: Part, width: int) -> list[int]:
    return _fit(block, width, "natural") or _fit(block, width, "soft") or _fit(block, width, "fold")  # type: ignore[return-value]


def _select(part: Part, columns: list[int]) -> Part:
    return Part(part.section, [part.headers[i] for i in columns], [part.kinds[i] for i in columns],
                [[row[i] for i in columns] for row in part.rows], [], part.aligned)


def _split(part: Part, width: int) -> list[Part]:
    """``part`` as tables of the key column and as many whole column groups as fit side by side."""
    groups, start = [], 1
    for size in part.units or [len(part.headers) - 1]:
        groups.append(list(range(start, start + size)))
        start += size
    out: list[Part] = []
    current: list[int] = []
    for group in groups:
        if current and _fit(_select(part, [0] + current + group), width, "natural") is None:
            out.append(_select(part, [0] + current))
            current = []
        current += group
    return out + [_select(part, [0] + current)]


def _side_by_side(left: Part, right: Part) -> Part:
    return Part("merged", left.headers + right.headers[1:], left.kinds + right.kinds[1:],
                [a + b[1:] for a, b in zip(left.rows, right.rows)], [], True)


def arrange(parts: Sequence[Part], width: int) -> list[tuple[Part, list[int]]]:
    """The tables to draw and their column widths: one table if it fits, else the textbook's split."""
    whole, *own = merged(parts)
    widths = _fit(whole, width, "natural") or _fit(whole, width, "soft")
    if widths is not None:
        tables = [(whole, widths)]
    else:
        blocks: list[Part] = []
        for block in (b for part in parts if part.aligned for b in _split(part, width)):
            # the primal trace may take one derivative table beside it (as Tables 3.1/3.2 do); sweeps stay apart
            if blocks and blocks[-1].section == "primal" and \
                    _fit(_side_by_side(blocks[-1], block), width, "natural") is not None:
                blocks[-1] = _side_by_side(blocks[-1], block)
            else:
                blocks.append(block)
        tables = [(block, _best(block, width)) for block in blocks]
    for part in own:
        if _fit(part, width, "natural") or _fit(part, width, "soft"):
            tables.append((part, _best(part, width)))
        else:
            tables += [(block, _best(block, width)) for block in _split(part, width)]
    return tables


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - cell_width(text))
    return gap + text if right else text + gap


def draw(block: Part, widths: list[int], spans: list[tuple[int, int]], ascii: bool = False) -> list[str]:
    """The lines of one table (rich's SIMPLE_HEAVY box, or ASCII), rows limited to ``spans``."""
    right = [k == "number" for k in block.kinds]
    total = table_width(widths)
    if ascii:
        edge, sep, rule = "|", "|", "|" + "+".join("-" * (w + 2) for w in widths) + "|"
        top = bottom = "+" + "-" * (total - 2) + "+"
    else:
        edge, sep, rule = " ", " ", " " + "━" * (total - 2) + " "
        top = bottom = " " * total

    def lines(cells: Sequence[str]) -> list[str]:
        sizes = [cell_width(c) for c in cells]
        if all(s <= w for s, w in zip(sizes, widths)):
            return [edge + sep.join(f" {' ' * (w - s) + c if r else c + ' ' * (w - s)} "
                                    for c, s, w, r in zip(cells, sizes, widths, right)) + edge]
        wrapped = [wrap(c, w) for c, w in zip(cells, widths)]
        height = max(len(w) for w in wrapped)
        return [edge + sep.join(f" {_pad(w[k] if k < len(w) else '', width, r)} "
                                for w, width, r in zip(wrapped, widths, right)) + edge
                for k in range(height)]

    out = [top, *lines(block.headers), rule]
    for n, (start, stop) in enumerate(spans):
        if n:
            out += lines(["..." if ascii else "⋮"] * len(widths))
        for row in block.rows[start:stop]:
            out += lines(row)
    out.append(bottom)
    return out


def render(title: str, parts: Sequence[Part], caption: Sequence[str], width: int, ascii: bool = False,
           rows: Rows | None = None) -> str:
    """The whole text: title, the table(s) that fit ``width``, and the caption lines."""
    tables = arrange(parts, width)
    out = wrap_words(title, width)
    notes: list[str] = []
    for k, (block, widths) in enumerate(tables):
        spans, note = (rows or Rows()).pick(len(block.rows))
        if note is not None and note not in notes:
            notes.append(note)
        if k and ascii:
            out.append("")
        out += draw(block, widths, spans, ascii)
    for line in [*caption, *notes]:
        out += wrap_words(line, width)
    return "\n".join(out) + "\n"
