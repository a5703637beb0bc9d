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

:func:`generate` makes random exercises from the registry: a random program
of the requested size whose point is checked by evaluating the trace and
retrying (domains, kinks and readable magnitudes are never special-cased).
"""

from __future__ import annotations

import csv
import html
import io
import math
import random
import warnings
from dataclasses import dataclass
from typing import Any, Sequence

from adkit.errors import AdkitError, BindingError
from adkit.present.exports import latex_document, latex_tabular, latex_text, markdown_cell, markdown_table
from adkit.messages import LANGUAGES, message, using_language
from adkit.ir.notation import LATEX, UNICODE
from adkit.ir.primitives import REGISTRY
from adkit.present.table import adjoint_statement, column_kinds, columns, rows, tangent_statement, title
from adkit.ir.wengert import Literal
from adkit.trace import Trace, trace
from adkit.modes.program import compile_program


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

    def rows(self, digits: int | None, style: Any = UNICODE) -> list[list[str | None]]:
        """The table's rows with blank cells as None."""
        cells: list[list[str | None]] = [list(row) for row in rows(self.trace, digits, style)]
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
            "output_step": steps[program.output_refs[0]].name,
            "seeds": [list(s.values()) for s in trace.seeds],
            "columns": [{"id": cid, "kind": kind, "headers": {lang: headers[lang][i] for lang in LANGUAGES}}
                        for i, (cid, kind) in enumerate(zip(ids, column_kinds(trace)))],
            "graded": [[trace.steps[r].step.name, ids[c]] for r, c in self.blanks()],
            "steps": entries,
        }


def answer_key(exercises: Sequence[Exercise]) -> dict[str, Any]:
    """One key for a worksheet of exercises."""
    return {"adkit_answer_key": KEY_VERSION, "exercises": [e.key() for e in exercises]}


# ---- blank forms --------------------------------------------------------------
def _heading(k: int, count: int, exercise: Exercise) -> str:
    head = title(exercise.trace)
    return message("exercise.heading", number=k, title=head) if count > 1 else head


def to_markdown(exercises: Sequence[Exercise], digits: int = 4) -> str:
    """Pipe tables with the blanks empty, one per exercise."""
    out = [message("exercise.instructions"), ""]
    for k, ex in enumerate(exercises, 1):
        body = [[c or "" for c in row] for row in ex.rows(digits)]
        out += [f"**{markdown_cell(_heading(k, len(exercises), ex))}**", "", *markdown_table(ex.trace, body), ""]
    return "\n".join(out)


#: Lines to write on: numbers are short, statements long.
_RULE = {"number": "\\rule{2.2cm}{0.4pt}", "math": "\\rule{4.5cm}{0.4pt}"}


def to_latex(exercises: Sequence[Exercise], digits: int = 4) -> str:
    """A complete document for pdflatex: booktabs tables with a line in each blank."""
    parts = [f"\\noindent\\textbf{{{latex_text(_heading(k, len(exercises), ex))}}}\n\n\\medskip\n\\noindent\n"
             f"{{\\small\n{latex_tabular(ex.trace, ex.rows(digits, LATEX), _RULE)}}}\n"
             for k, ex in enumerate(exercises, 1)]
    body = f"{latex_text(message('exercise.instructions'))}\n\n\\bigskip\n" + "\n\\bigskip\n".join(parts)
    return latex_document(body, preamble="\\renewcommand{\\arraystretch}{2}\n")


def to_html(exercises: Sequence[Exercise], digits: int = 4) -> str:
    """Self-contained tables; each blank is an empty cell with a line to write on."""
    out = [f"<p>{html.escape(message('exercise.instructions'))}</p>"]
    for k, ex in enumerate(exercises, 1):
        align = [f"text-align:{'right' if kind == 'number' else 'left'}" for kind in column_kinds(ex.trace)]
        out += ['<table class="adkit-exercise" style="border-collapse:collapse;font-family:sans-serif">',
                f"  <caption>{html.escape(_heading(k, len(exercises), ex))}</caption>",
                "  <thead><tr>" + "".join(f'<th style="{a}">{html.escape(c)}</th>'
                                          for a, c in zip(align, columns(ex.trace, UNICODE))) + "</tr></thead>",
                "  <tbody>"]
        for row in ex.rows(digits):
            cells = [f'<td style="{a};min-width:7em;border-bottom:1px solid #000"></td>' if c is None
                     else f'<td style="{a}">{html.escape(c)}</td>' for a, c in zip(align, row)]
            out.append("    <tr>" + "".join(cells) + "</tr>")
        out += ["  </tbody>", "</table>"]
    return "\n".join(out) + "\n"


def to_csv(exercises: Sequence[Exercise]) -> str:
    """The fillable sheet: the trace CSV's header and rows, blanks empty.

    A worksheet of several exercises gets a first column ``exercise`` (1, 2, …).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    several = len(exercises) > 1
    for k, ex in enumerate(exercises, 1):
        if k == 1 or several:
            header = columns(ex.trace, UNICODE)
            if k == 1:
                writer.writerow((["exercise"] if several else []) + header)
        for row in ex.rows(None):
            writer.writerow(([str(k)] if several else []) + [c or "" for c in row])
    return buffer.getvalue()


def render_form(exercises: Sequence[Exercise], fmt: str, digits: int = 4) -> str:
    return {"markdown": lambda: to_markdown(exercises, digits), "latex": lambda: to_latex(exercises, digits),
            "html": lambda: to_html(exercises, digits), "csv": lambda: to_csv(exercises)}[fmt]()


# ---- random exercises -----------------------------------------------------------
#: Per difficulty 1..5: (fewest, most) inputs and (fewest, most) steps.
LEVELS = {1: ((1, 2), (3, 4)), 2: ((1, 2), (4, 6)), 3: ((2, 3), (6, 9)), 4: ((2, 4), (8, 12)), 5: ((3, 4), (11, 15))}
_INFIX = {"{0} + {1}": 1, "{0} - {1}": 1, "{0}*{1}": 2, "{0}/{1}": 2, "{0}^{1}": 3, "-{0}": 1}
_NAMES = ("x", "y", "z", "w")
_ATOM = 4


def _wrap(text: str, level: float, need: float) -> str:
    return text if level >= need else f"({text})"


def _apply(prim_name: str, args: list[tuple[str, float]]) -> tuple[str, float]:
    """Text of a primitive applied to argument texts, parenthesised by precedence."""
    prim = REGISTRY[prim_name]
    level = _INFIX.get(prim.syntax)
    if level is None:  # a function call: arguments need no parentheses
        return prim.syntax.format(*(t for t, _ in args)), _ATOM
    if prim.arity == 1:
        return prim.syntax.format(_wrap(args[0][0], args[0][1], 3)), 1
    if level == 3:  # right-associative ^: the base needs more than a power
        left, right = _wrap(args[0][0], args[0][1], _ATOM), _wrap(args[1][0], args[1][1], 3)
    else:
        left, right = _wrap(*args[0], level), _wrap(*args[1], level + 0.5)
    return prim.syntax.format(left, right), level


def _candidate(rng: random.Random, difficulty: int) -> tuple[str, list[str]]:
    (lo_in, hi_in), (lo, hi) = LEVELS[difficulty]
    inputs = list(_NAMES[: rng.randint(lo_in, hi_in)])
    if len(inputs) > 1:
        inputs = [f"x{i + 1}" for i in range(len(inputs))]
    target = rng.randint(lo, hi)
    pool: list[tuple[str, float]] = [(name, _ATOM) for name in inputs]
    unused = list(range(len(pool)))
    ops = sorted(REGISTRY)
    made = 0
    while made < target - max(len(unused) - 1, 0) or len(unused) > 1:
        if made >= target - max(len(unused) - 1, 0):  # tie up what is left into one output
            name = rng.choice(("add", "mul", "sub"))
        else:
            name = rng.choice(ops + ["add", "mul", "sub"] * 2)  # arithmetic a little more often
        prim = REGISTRY[name]
        first = unused.pop(rng.randrange(len(unused))) if unused else rng.randrange(len(pool))
        args = [pool[first]]
        if prim.arity == 2:
            if rng.random() < 0.25:
                args.append((rng.choice(("2", "3")), _ATOM))
            elif unused and rng.random() < 0.5:
                args.append(pool[unused.pop(rng.randrange(len(unused)))])
            else:  # an already used value: fan-out
                args.append(pool[rng.randrange(len(pool))])
        pool.append(_apply(name, args))
        unused.append(len(pool) - 1)
        made += 1
    return pool[-1][0], inputs


def _fan_out(program: Any) -> bool:
    uses: dict[int, int] = {}
    for step in program.steps:
        for a in step.args:
            if not isinstance(a, Literal):
                uses[a] = uses.get(a, 0) + 1
    return any(n > 1 for n in uses.values())


def readable(t: "Trace") -> bool:
    """Every number of the trace is finite and smaller than :data:`READABLE` in size."""
    numbers = [r.value for r in t.steps] + [x for r in t.steps for x in r.tangents + r.adjoints]
    return all(math.isfinite(x) and abs(x) < READABLE for x in numbers)


def generate(difficulty: int, seed: int) -> tuple[str, dict[str, float]]:
    """A random ``(expression, point)`` of the given difficulty (1..5), reproducible by ``seed``.

    Inputs 1–4 and steps 3–15 grow with the difficulty; from difficulty 3 on
    some value is used twice (fan-out).  The point has one decimal in
    [-2, 2] and is accepted only when the whole trace (values, tangents,
    adjoints) evaluates inside every primitive's domain, away from kinks,
    with readable magnitudes; otherwise another point or program is drawn.
    """

    if difficulty not in LEVELS:
        raise BindingError("exercise.difficulty", difficulty=difficulty)
    rng = random.Random(seed)
    (_, _), (lo, hi) = LEVELS[difficulty]
    while True:
        text, inputs = _candidate(rng, difficulty)
        try:
            program = compile_program(text, inputs=inputs)
        except AdkitError:
            continue
        n_steps = len(program.steps) - len(inputs)
        if not lo <= n_steps <= hi or (difficulty >= 3 and not _fan_out(program)):
            continue
        point = draw_point(program, rng)
        if point is not None:
            return text, point


def draw_point(program: Any, rng: random.Random, tries: int = 20) -> dict[str, float] | None:
    """A point with one decimal in [-2, 2] where the whole trace is in every domain, away
    from kinks and readable (:func:`readable`); None after ``tries`` rejected draws."""
    for _ in range(tries):
        point = {name: rng.randint(-20, 20) / 10 for name in program.inputs}
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t = trace(program, at=point, mode="both")
            if not t.warnings and readable(t):  # warnings: a kink was hit
                return point
        except (AdkitError, ArithmeticError, ValueError):
            pass
    return None


def worksheet_seeds(seed: int, count: int) -> list[int]:
    """The seeds of a worksheet's exercises: ``seed`` itself first, then drawn from it."""
    rng = random.Random(seed)
    return [seed] + [rng.randrange(2**31) for _ in range(count - 1)]


__all__ = ["BLANKS", "Exercise", "answer_key", "column_ids", "draw_point", "generate", "render_form", "worksheet_seeds"]
