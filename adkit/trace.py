"""``adkit.trace``: a program traced at a point, and every way to show it.

:class:`Trace` is the engines' :class:`~adkit.modes.records.TraceRecord`
with its views: a rich table, JSON, Markdown, LaTeX, CSV, HTML and the
Jupyter representations.  The records are computed once; the views only
format them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

from adkit.errors import BindingError
from adkit.api import compile_program
from adkit.modes.program import Program
from adkit.modes.records import MODES, StepRecord, SweepEvent, TraceRecord, checked_mode
from adkit.modes.tracing import trace_callable
from adkit.ir.notation import ASCII, UNICODE, number
from adkit.language.lexer import canonical_name
from adkit.messages import counted, message
from adkit.present.data import dumps, trace_dict
from adkit.present.exports import to_csv, to_html, to_latex, to_markdown
from adkit.present.formats import FORMATS, Options, trace_text
from adkit.present.parts import TEXTBOOK, Shape
from adkit.present.table import trace_table

if TYPE_CHECKING:
    from rich.table import Table

    from adkit.present.dotview import GraphView
    from adkit.present.player import PlayerView

__all__ = ["MODES", "TEXTBOOK", "Shape", "StepRecord", "SweepEvent", "Trace", "trace"]


class Trace(TraceRecord):
    """The evaluation trace of a program at a point, with its views.

    ``print(trace)`` shows the plain-text table at the terminal's width (100
    columns off a terminal, as in Jupyter); ``trace.show()`` prints the rich
    table; ``trace.graph()`` is the computational graph (SVG in Jupyter).
    """

    def table(self, digits: int = 4, ascii: bool = False, shape: Shape | None = None) -> "Table":
        """A rich renderable in the shape of the textbook tables."""
        return trace_table(self, digits=digits, ascii=ascii, shape=shape)

    def text(self, width: int | None = None, digits: int = 4, ascii: bool = False, shape: Shape | None = None,
             rows: str | tuple[int, int] | None = "all") -> str:
        """The plain-text table(s) fitted to ``width`` columns (default: the terminal's, else 100).

        Nothing is cut: statements wrap in their cells, and a table too wide
        for the width is split as the textbook splits it.  ``rows=None``
        shows the first and last rows of a long trace; a ``(first, last)``
        pair (1-based) shows a range.
        """
        return trace_text(self, Options(digits, shape, width=width, ascii=ascii, rows=rows))

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        program = self.program
        point = ", ".join(f"{k}={number(v, 6)}" for k, v in self.point.items())
        value = (number(self.value) if not isinstance(self.value, dict)
                 else "{" + ", ".join(f"{k}: {number(v)}" for k, v in self.value.items()) + "}")
        expression = " ".join((program.text or message("title.callable")).split())
        if len(expression) > 60:
            expression = expression[:57] + "..."
        return message("trace.repr", expression=expression, point=point or None, mode=message(f"mode.{self.mode}"),
                       steps=counted("trace.steps", len(self.steps)), value=value)

    def show(self, digits: int = 4, ascii: bool = False, shape: Shape | None = None) -> None:
        """Print the rich table to the terminal (or notebook)."""
        from rich.console import Console

        Console().print(self.table(digits, ascii, shape))

    def graph(self, digits: int = 4, ascii: bool = False) -> GraphView:
        """The computational graph: ``.dot`` is the DOT text; Jupyter shows it as SVG (Graphviz)."""
        from adkit.present.dotview import GraphView
        from adkit.present.graph import to_dot

        return GraphView(to_dot(self, style=ASCII if ascii else UNICODE, digits=digits))

    def player(self, digits: int = 4, lang: str | None = None) -> PlayerView:
        """The sweep player (``adkit play``): Jupyter shows it inline; ``.html`` is the page, ``.save(path)`` writes it.

        Both modes play; the forward events are this trace's tangent sweeps,
        the reverse events its adjoint sweep, so the trace must have both
        (``mode="both"``); otherwise it is traced again in that mode.
        """
        from adkit.present.player import PlayerView, player_page

        both = self if self.mode == "both" else trace(self.program, self.point, "both")
        return PlayerView(player_page(both, digits, lang=lang))

    def to_dict(self, shape: Shape | None = None) -> dict[str, Any]:
        return trace_dict(self, shape)

    def to_json(self, indent: int | None = 2, shape: Shape | None = None) -> str:
        """The JSON contract (full double precision)."""
        return dumps(self.to_dict(shape), indent=indent, ensure_ascii=False)

    def to_markdown(self, digits: int = 4, shape: Shape | None = None) -> str:
        """GitHub-flavoured pipe table(s)."""
        return to_markdown(self, digits, shape)

    def to_latex(self, digits: int = 4, standalone: bool = False, shape: Shape | None = None) -> str:
        """Booktabs ``tabular`` (s); ``standalone=True`` gives a document for pdflatex."""
        return to_latex(self, digits, standalone, shape=shape)

    def to_csv(self, shape: Shape | None = None) -> str:
        """Header row and one row per step, numbers at full precision."""
        return to_csv(self, shape)

    def to_html(self, digits: int = 4, shape: Shape | None = None) -> str:
        """Self-contained ``<table>`` (s)."""
        return to_html(self, digits, shape)

    def export(self, name: str, **options: Any) -> str | bytes:
        """The trace in the registered format ``name`` (see :mod:`adkit.present.formats`); ``options``
        are :class:`~adkit.present.formats.Options` fields: ``digits``, ``shape``, ``standalone``, …"""
        return FORMATS[name].write(self, Options(**options))

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
    adjoint_seed: float | Mapping[str, float] | None = None,
) -> Trace:
    """Trace ``target`` (formula text, Program or Python callable) at ``at``.

    ``mode`` is "forward", "reverse" or "both" (default: reverse, or forward
    when ``wrt`` or ``seed`` chooses a direction).  Forward mode runs one sweep
    per input unless ``wrt`` (one input) or ``seed`` (a direction) is given;
    reverse mode runs one sweep per output.  ``outputs`` names a text
    program's outputs (default: its last statement).  ``adjoint_seed`` is
    the v̄ each reverse sweep starts from at its output (default 1; a number,
    or one per output name), as at a node inside a larger graph.
    """
    mode = checked_mode(mode, wrt, seed)
    if wrt is not None:
        wrt = canonical_name(wrt.strip())  # --wrt x₁ is x1
    for point in (at, {} if seed is None else seed):
        if not isinstance(point, Mapping):
            raise BindingError("bind.point", kind=type(point).__name__)
    for name in at:
        if not isinstance(name, str):
            raise BindingError("bind.extra", name=name, inputs=None)
    if isinstance(target, Program):
        program = target
    elif isinstance(target, str):
        program = compile_program(target, inputs=list(at), outputs=outputs)
    else:
        program = trace_callable(target, list(at))
    return Trace.run(program, at, mode, wrt, seed, adjoint_seed)  # type: ignore[return-value]
