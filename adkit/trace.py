"""``adkit.trace``: a program traced at a point, and every way to show it.

:class:`Trace` is the engines' :class:`~adkit.modes.records.TraceRecord`
with its views: a rich table, JSON, Markdown, LaTeX, CSV, HTML and the
Jupyter representations.  The records are computed once; the views only
format them.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

from adkit.modes.program import Program, compile_program
from adkit.modes.records import MODES, StepRecord, SweepEvent, TraceRecord, checked_mode
from adkit.modes.tracing import trace_callable
from adkit.present.exports import to_csv, to_html, to_latex, to_markdown
from adkit.present.table import trace_dict, trace_table

if TYPE_CHECKING:
    from rich.table import Table

__all__ = ["MODES", "StepRecord", "SweepEvent", "Trace", "trace"]


class Trace(TraceRecord):
    """The evaluation trace of a program at a point, with its views."""

    def table(self, digits: int = 4, ascii: bool = False) -> "Table":
        """A rich renderable in the shape of the textbook tables."""
        return trace_table(self, digits=digits, ascii=ascii)

    def to_dict(self) -> dict[str, Any]:
        return trace_dict(self)

    def to_json(self, indent: int | None = 2) -> str:
        """The JSON contract (full double precision)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_markdown(self, digits: int = 4) -> str:
        """A GitHub-flavoured pipe table."""
        return to_markdown(self, digits)

    def to_latex(self, digits: int = 4, standalone: bool = False) -> str:
        """A booktabs ``tabular``; ``standalone=True`` gives a document for pdflatex."""
        return to_latex(self, digits, standalone)

    def to_csv(self) -> str:
        """Header row and one row per step, numbers at full precision."""
        return to_csv(self)

    def to_html(self, digits: int = 4) -> str:
        """A self-contained ``<table>``."""
        return to_html(self, digits)

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_latex_(self) -> str:
        return to_latex(self, environment="array")


def trace(
    target: str | Program | Callable[..., Any],
    at: Mapping[str, float],
    mode: str | None = None,
    wrt: str | None = None,
    seed: Mapping[str, float] | None = None,
    outputs: Sequence[str] | None = None,
) -> Trace:
    """Trace ``target`` (formula text, Program or Python callable) at ``at``.

    ``mode`` is "forward", "reverse" or "both" (default: reverse, or forward
    when ``wrt`` or ``seed`` chooses a direction).  Forward mode runs one sweep
    per input unless ``wrt`` (one input) or ``seed`` (a direction) is given;
    reverse mode runs one sweep per output.  ``outputs`` names a text
    program's outputs (default: its last statement).
    """
    mode = checked_mode(mode, wrt, seed)
    if isinstance(target, Program):
        program = target
    elif isinstance(target, str):
        program = compile_program(target, inputs=list(at), outputs=outputs)
    else:
        program = trace_callable(target, list(at))
    return Trace.run(program, at, mode, wrt, seed)  # type: ignore[return-value]
