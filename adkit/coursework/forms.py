"""Exercises from traces: blank forms for students and answer keys for grading.

A blank form is the trace table of :mod:`adkit.present.table` (the same
:func:`~adkit.present.table.columns` and :func:`~adkit.present.table.rows`) with chosen cells
left empty: the numbers (``values``), the tangent and adjoint statements
(``statements``) or both (``all``).  Input rows keep their value and tangent
(the point and the seed are given), and the summary under the table, which
would give the answers away, is left out.

The answer key is JSON holding, per step, the operation and its arguments, the
reverse-mode contributions, and the expected value and statement of every
cell: enough for :mod:`adkit.coursework.grade` to mark a sheet, and to recompute a cell
from a student's own earlier numbers (carried errors), without the expression.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Sequence

from adkit.coursework.cells import csv_text
from adkit.coursework.precision import asked
from adkit.errors import BindingError
from adkit.present.exports import latex_document, latex_tabular, latex_text, markdown_cell, markdown_table
from adkit.messages import LANGUAGES, message, using_language
from adkit.ir.notation import LATEX, UNICODE
from adkit.present.parts import adjoint_statement, tangent_statement
from adkit.present.table import column_kinds, columns, rows, title
from adkit.ir.wengert import Literal
from adkit.trace import Trace


BLANKS = ("values", "statements", "all")
FORM_FORMATS = ("markdown", "latex", "html", "csv")
KEY_VERSION = 1
#: Readable exercises: every value, tangent and adjoint stays below this in size.
READABLE = 1e3


def column_ids(trace: "Trace") -> list[str]:
    """Stable names of the table's columns, parallel to :func:`adkit.present.table.columns`."""
    ids = ["step", "name", "definition", "value"]
    if trace.seeds:
        ids += ["tangent_statement"] + [f"tangent_{i + 1}" for i in range(len(trace.seeds))]
    if trace.mode != "forward":
        ids += ["adjoint_statement", "adjoint"]
    return ids


def _is_blank(column: str, is_input: bool, blank: str) -> bool:
    if column in ("step", "name", "definition"):
        return False
    statement = column.endswith("_statement")
    if blank == "values" and statement or blank == "statements" and not statement:
        return False
    # the point and the seed are given: input rows keep their value and tangents
    return not (is_input and not column.startswith("adjoint"))


@dataclass(frozen=True)
class Exercise:
    """One trace with the cells a student fills in."""

    trace: "Trace"
    blank: str = "values"

    def __post_init__(self) -> None:
        if len(self.trace.program.outputs) != 1:
            raise BindingError("exercise.one_output", outputs=", ".join(self.trace.program.outputs))
        if self.trace.tangent is not None:
            raise BindingError("exercise.all_sweeps")

    @property
    def ids(self) -> list[str]:
        return column_ids(self.trace)

    def blanks(self) -> list[tuple[int, int]]:
        """(row, column) of every cell left blank, in table order."""
        ids = self.ids
        return [(r, c) for r, record in enumerate(self.trace.steps) for c, cid in enumerate(ids)
                if _is_blank(cid, record.step.primitive is None, self.blank)]

    def rows(self, digits: int | None, style: Any = UNICODE, decimals: int | None = None) -> list[list[str | None]]:
        """The table's rows with blank cells as None; numbers to ``digits`` or ``decimals``."""
        cells: list[list[str | None]] = [list(row) for row in rows(self.trace, digits, style, decimals)]
        for r, c in self.blanks():
            cells[r][c] = None
        return cells

    def key(self) -> dict[str, Any]:
        """The answer key of this exercise (see the module docstring)."""
        trace, program = self.trace, self.trace.program
        steps, ids = program.steps, self.ids
        headers = {}
        for lang in LANGUAGES:
            with using_language(lang):
                headers[lang] = columns(trace, UNICODE)
        entries = []
        for record in trace.steps:
            step = record.step
            entry: dict[str, Any] = {
                "step": step.name, "op": step.op,
                "args": [a.value if isinstance(a, Literal) else steps[a].name for a in step.args],
                "value": record.value,
            }
            if trace.seeds:
                entry["tangents"] = list(record.tangents)
                entry["tangent_statement"] = tangent_statement(trace, record)
            if trace.mode != "forward":
                entry["adjoint"] = record.adjoint
                entry["adjoint_statement"] = adjoint_statement(trace, record)
                entry["contributions"] = [[steps[c.source].name, c.position] for c in record.contributions]
            entries.append(entry)
        return {
            "expression": program.text, "point": trace.point, "mode": trace.mode, "blank": self.blank,
            "inputs": list(program.inputs), "output": program.outputs[0],
            "output_step": None if isinstance(program.output_refs[0], Literal) else steps[program.output_refs[0]].name,
            "seeds": [list(s.values()) for s in trace.seeds],
            "columns": [{"id": cid, "kind": kind, "headers": {lang: headers[lang][i] for lang in LANGUAGES}}
                        for i, (cid, kind) in enumerate(zip(ids, column_kinds(trace)))],
            "graded": [[trace.steps[r].step.name, ids[c]] for r, c in self.blanks()],
            "steps": entries,
        }


def answer_key(exercises: Sequence[Exercise], digits: int = 4, decimals: int | None = None) -> dict[str, Any]:
    """One key for a worksheet of exercises; ``digits``: the significant digits the form asks, or
    ``decimals``: the decimal places (then also a ``decimals`` field, which the grader prefers)."""
    places = {} if decimals is None else {"decimals": decimals}
    return {"adkit_answer_key": KEY_VERSION, "digits": digits, **places, "exercises": [e.key() for e in exercises]}


# ---- blank forms --------------------------------------------------------------
def _heading(k: int, count: int, exercise: Exercise) -> str:
    head = title(exercise.trace)
    return message("exercise.heading", number=k, title=head) if count > 1 else head


def to_markdown(exercises: Sequence[Exercise], digits: int = 4, decimals: int | None = None) -> str:
    """Pipe tables with the blanks empty, one per exercise."""
    out = [asked("exercise.instructions", digits, decimals), ""]
    for k, ex in enumerate(exercises, 1):
        body = [[c or "" for c in row] for row in ex.rows(digits, decimals=decimals)]
        out += [f"**{markdown_cell(_heading(k, len(exercises), ex))}**", "", *markdown_table(ex.trace, body), ""]
    return "\n".join(out)


#: Lines to write on: numbers are short, statements long.
_RULE = {"number": "\\rule{2.2cm}{0.4pt}", "math": "\\rule{4.5cm}{0.4pt}"}


def to_latex(exercises: Sequence[Exercise], digits: int = 4, decimals: int | None = None) -> str:
    """A complete document for pdflatex: booktabs tables with a line in each blank."""
    parts = [f"\\noindent\\textbf{{{latex_text(_heading(k, len(exercises), ex))}}}\n\n\\medskip\n\\noindent\n"
             f"{{\\small\n{latex_tabular(ex.trace, ex.rows(digits, LATEX, decimals), _RULE)}}}\n"
             for k, ex in enumerate(exercises, 1)]
    body = f"{latex_text(asked('exercise.instructions', digits, decimals))}\n\n\\bigskip\n" + "\n\\bigskip\n".join(parts)
    return latex_document(body, preamble="\\renewcommand{\\arraystretch}{2}\n")


def to_html(exercises: Sequence[Exercise], digits: int = 4, decimals: int | None = None) -> str:
    """Self-contained tables; each blank is an empty cell with a line to write on."""
    out = [f"<p>{html.escape(asked('exercise.instructions', digits, decimals))}</p>"]
    for k, ex in enumerate(exercises, 1):
        align = [f"text-align:{'right' if kind == 'number' else 'left'}" for kind in column_kinds(ex.trace)]
        out += ['<table class="adkit-exercise" style="border-collapse:collapse;font-family:sans-serif">',
                f"  <caption>{html.escape(_heading(k, len(exercises), ex))}</caption>",
                "  <thead><tr>" + "".join(f'<th style="{a}">{html.escape(c)}</th>'
                                          for a, c in zip(align, columns(ex.trace, UNICODE))) + "</tr></thead>",
                "  <tbody>"]
        for row in ex.rows(digits, decimals=decimals):
            cells = [f'<td style="{a};min-width:7em;border-bottom:1px solid #000"></td>' if c is None
                     else f'<td style="{a}">{html.escape(c)}</td>' for a, c in zip(align, row)]
            out.append("    <tr>" + "".join(cells) + "</tr>")
        out += ["  </tbody>", "</table>"]
    return "\n".join(out) + "\n"


def to_csv(exercises: Sequence[Exercise]) -> str:
    """The fillable sheet: the trace CSV's header and rows, blanks empty.

    A worksheet of several exercises is in blocks: each exercise starts with its
    own header row, first cell ``exercise``, and its rows carry its number, so
    exercises with different columns line up.
    """
    out: list[list[str]] = []
    several = len(exercises) > 1
    for k, ex in enumerate(exercises, 1):
        if k == 1 or several:
            out.append((["exercise"] if several else []) + columns(ex.trace, UNICODE))
        out += [([str(k)] if several else []) + [c or "" for c in row] for row in ex.rows(None)]
    return csv_text(out)


def render_form(exercises: Sequence[Exercise], fmt: str, digits: int = 4, decimals: int | None = None) -> str:
    return {"markdown": lambda: to_markdown(exercises, digits, decimals),
            "latex": lambda: to_latex(exercises, digits, decimals),
            "html": lambda: to_html(exercises, digits, decimals), "csv": lambda: to_csv(exercises)}[fmt]()


__all__ = ["BLANKS", "Exercise", "answer_key", "column_ids", "render_form"]
