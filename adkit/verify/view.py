"""A :class:`~adkit.verify.report.Verification` as text: the symbolic partials and the check table.

Formats only; every number comes from the verification record.  Printed by
``adkit trace --verify`` after the trace table, fitted to the same width as
the trace table by the same layout: headers wrap at words, numbers are never
cut, and a table still too wide is split with the input column repeated.
"""

from __future__ import annotations

from adkit.ir.notation import ASCII, UNICODE, number
from adkit.messages import counted, message
from adkit.present.layout import fits, render
from adkit.present.textwidth import wrap_words
from adkit.present.parts import Part
from adkit.verify.report import Verification

_COLUMNS = ("input", "forward", "reverse", "sympy", "fd", "rel_error", "check")


def _value(value: float | None, digits: int) -> str:
    return "—" if value is None else number(value, digits)


def _table(v: Verification, digits: int, ascii: bool) -> Part:
    rows = []
    for c in v.inputs:
        mark = message(f"verify.status.{c.status}")
        if ascii:
            mark = {"✓": "ok", "✗": "FAIL"}.get(mark, mark)
        rows.append([c.name, _value(c.forward, digits), _value(c.reverse, digits), _value(c.sympy, digits),
                     _value(c.finite_difference, digits), "—" if c.rel_error is None else f"{c.rel_error:.1e}", mark])
    return Part("checks", [message(f"verify.col.{key}") for key in _COLUMNS],
                ["name", "number", "number", "number", "number", "number", "name"], rows, [1] * 6)


def verification_view(v: Verification, digits: int = 10, ascii: bool = False, width: int = 200) -> str:
    """Symbolic ∂y/∂xⱼ (sympy's pretty form), the check table and the verdict, within ``width`` columns."""
    style = ASCII if ascii else UNICODE
    out = [""]
    symbolic = [c for c in v.inputs if c.pretty is not None]
    if symbolic:
        out += wrap_words(message("verify.title_symbolic"), width)
        for c in symbolic:
            lines = (c.symbolic if ascii else c.pretty or "").split("\n")
            head = style.finish(f"∂{v.output}/∂{c.name} = ")
            middle = len(lines) // 2
            out += [(head if i == middle else " " * len(head)) + line for i, line in enumerate(lines)]
        out.append("")
    for shown in range(digits, 3, -1):  # fewer digits before a split table: rounded, never cut
        table = _table(v, shown, ascii)
        if fits(table, width):
            break
    notes = [style.finish(note) for note in v.notes + tuple(c.note for c in v.inputs if c.note)]
    if v.ok:
        checked = sum(r.status == "ok" for r in v.rows)
        notes.append(message("verify.ok", rows=checked, seconds=v.seconds,
                             derivatives=counted("count.partial_derivatives", len(v.inputs))))
    else:
        notes.append(message("verify.failed"))
        notes += [style.finish("  " + line) for line in v.failures]
    title = message("verify.title_checks", rtol=f"{v.rtol:g}")
    return "\n".join(out) + "\n" + render(title, [table], notes, width, ascii)
