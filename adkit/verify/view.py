"""A :class:`~adkit.verify.report.Verification` as text: the symbolic partials and the check table.

Formats only; every number comes from the verification record.  Printed by
``adkit trace --verify`` after the trace table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from adkit.messages import counted, message
from adkit.ir.notation import ASCII, UNICODE, number
from adkit.verify.report import Verification

if TYPE_CHECKING:
    from rich.console import Group



def _value(value: float | None, digits: int) -> str:
    return "—" if value is None else number(value, digits)


def verification_view(v: "Verification", digits: int = 10, ascii: bool = False) -> "Group":
    """Symbolic ∂y/∂xⱼ (sympy's pretty form), the check table and the verdict."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    style = ASCII if ascii else UNICODE
    parts: list = [Text("")]
    symbolic = [c for c in v.inputs if c.pretty is not None]
    if symbolic:
        parts.append(Text(message("verify.title_symbolic"), style="bold"))
        for c in symbolic:
            lines = (c.symbolic if ascii else c.pretty or "").split("\n")
            head = style.finish(f"∂{v.output}/∂{c.name} = ")
            pad = " " * len(head)
            middle = len(lines) // 2
            parts.append(Text("\n".join((head if i == middle else pad) + line for i, line in enumerate(lines))))
        parts.append(Text(""))
    table = Table(title=Text(message("verify.title_checks", rtol=f"{v.rtol:g}")),
                  box=box.ASCII if ascii else box.SIMPLE_HEAVY, title_justify="left")
    for key in ("input", "forward", "reverse", "sympy", "fd", "rel_error", "check"):
        table.add_column(message(f"verify.col.{key}"), justify="left" if key in ("input", "check") else "right")
    for c in v.inputs:
        mark = message(f"verify.status.{c.status}")
        if ascii:
            mark = {"✓": "ok", "✗": "FAIL"}.get(mark, mark)
        table.add_row(c.name, _value(c.forward, digits), _value(c.reverse, digits), _value(c.sympy, digits),
                      _value(c.finite_difference, digits),
                      "—" if c.rel_error is None else f"{c.rel_error:.1e}", mark)
    parts.append(table)
    for note in v.notes + tuple(c.note for c in v.inputs if c.note):
        parts.append(Text(style.finish(note)))
    if v.ok:
        checked = sum(r.status == "ok" for r in v.rows)
        parts.append(Text(message("verify.ok", rows=checked, derivatives=counted("count.partial_derivatives", len(v.inputs)),
                                    seconds=v.seconds)))
    else:
        parts.append(Text(message("verify.failed"), style="bold"))
        parts.extend(Text(style.finish("  " + line)) for line in v.failures)
    return Group(*parts)
