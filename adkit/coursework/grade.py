"""Marking filled trace tables against an answer key from :mod:`adkit.coursework.forms`.

A submission is a CSV (comma or semicolon; UTF-8, UTF-8 with BOM, UTF-16 or,
failing those, Latin-1) or a Markdown pipe table.  Rows are matched by step
name in any spelling (:func:`adkit.coursework.answers.step_number`), columns by header in
any language of the key.  Each graded cell is

* a number, right when within ``tol`` of the key (default: half a unit in the
  last digit the student wrote), or
* a statement, right when its right-hand side equals the key's as a sympy
  expression (:func:`adkit.coursework.answers.equivalent`).

A wrong value, tangent or adjoint is a *carried* error when recomputing it
through the registry from the student's own earlier numbers (the step's
arguments, or for an adjoint the v̄ and partials of the steps it feeds) gives
what the student wrote.  Problems with the file are reported per row and the
rest is still graded.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from adkit.coursework.answers import equivalent, parse_number, split_statement, step_number, to_sympy
from adkit.messages import language, message
from adkit.ir.notation import ASCII, UNICODE, number
from adkit.ir.primitives import REGISTRY
from adkit.coursework.forms import answer_key, Exercise
from adkit.trace import trace
from adkit.errors import BindingError

STATUSES = ("ok", "wrong", "carried")


@dataclass(frozen=True)
class CellMark:
    """The mark of one graded cell."""

    exercise: int
    step: str
    column: str
    status: str  # "ok", "wrong" or "carried"
    expected: float | str
    given: float | str | None

    def to_dict(self) -> dict[str, Any]:
        return {"exercise": self.exercise, "step": self.step, "column": self.column, "status": self.status,
                "expected": self.expected, "given": self.given}


@dataclass
class Marking:
    """All marks of one submission, and what was wrong with the file."""

    source: str
    cells: list[CellMark] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def score(self) -> int:
        return sum(c.status != "wrong" for c in self.cells)

    @property
    def max_score(self) -> int:
        return len(self.cells)

    def count(self, status: str) -> int:
        return sum(c.status == status for c in self.cells)

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.source, "score": self.score, "max_score": self.max_score,
                "cells": [c.to_dict() for c in self.cells], "problems": list(self.problems)}


# ---- reading a submission ---------------------------------------------------------
def decode(data: bytes, problems: list[str]) -> str:
    """Bytes → text: a BOM is honoured, UTF-8 expected, Latin-1 as the last resort."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(message("grade.encoding"))
        return data.decode("latin-1")


Table = list[list[str]]


def read_tables(text: str) -> list[Table]:
    """The tables of a submission, each as rows of cells (header first)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if any(line.lstrip().startswith("|") for line in lines):
        tables: list[Table] = []
        inside = False
        for line in text.splitlines():
            if not line.lstrip().startswith("|"):
                inside = False
                continue
            cells = [c.strip().replace("\\|", "|").replace("\\\\", "\\")
                     for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
            if all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                continue
            if not inside:
                tables.append([])
                inside = True
            tables[-1].append(cells)
        return tables
    header = lines[0] if lines else ""
    delimiter = ";" if header.count(";") > header.count(",") else ","
    rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(c.strip() for c in row)]
    if rows and rows[0] and _plain(rows[0][0]) == "exercise":  # a worksheet: split by the first column
        by: dict[str, Table] = {}
        for row in rows[1:]:
            by.setdefault(row[0].strip(), [rows[0][1:]]).append(row[1:])
        return [by.get(str(k), [rows[0][1:]]) for k in range(1, max((int(k) for k in by if k.isdigit()),
                                                                     default=0) + 1)]
    return [rows] if rows else []


def _plain(header: str) -> str:
    import unicodedata

    return re.sub(r"\s+", "", ASCII.finish(unicodedata.normalize("NFC", header))).lower()


# ---- grading ----------------------------------------------------------------------
def grade(key: dict[str, Any], data: bytes, source: str = "", tol: float | None = None) -> Marking:
    """Mark the submission ``data`` against ``key`` (see :func:`adkit.coursework.forms.answer_key`)."""
    marking = Marking(source)
    tables = read_tables(decode(data, marking.problems))
    exercises = key["exercises"]
    if not tables:
        marking.problems.append(message("grade.no_table"))
    for k, exercise in enumerate(exercises, 1):
        table = tables[k - 1] if k <= len(tables) else []
        if tables and not table:
            marking.problems.append(message("grade.exercise_missing", number=k))
        _grade_exercise(exercise, table, k, len(exercises) > 1, tol, marking)
    return marking


def _grade_exercise(ex: dict[str, Any], table: Table, number: int, several: bool, tol: float | None,
                    marking: Marking) -> None:
    prefix = message("grade.exercise_prefix", number=number) if several else ""
    problems = marking.problems

    def problem(key: str, **params: Any) -> None:
        problems.append(prefix + message(key, **params))

    known = {_plain(h): col["id"] for col in ex["columns"] for h in col["headers"].values()}
    header = table[0] if table else []
    ids = [known.get(_plain(h)) for h in header]
    for h, cid in zip(header, ids):
        if cid is None:
            problem("grade.extra_column", column=h)
    graded_columns = dict.fromkeys(c for _, c in ex["graded"])
    for cid in graded_columns:
        if table and cid not in ids:
            problem("grade.missing_column", column=_header(ex, cid))
    step_col = ids.index("step") if "step" in ids else 0
    names = {e["step"] for e in ex["steps"]}
    given: dict[str, dict[str, str]] = {}
    for line, row in enumerate(table[1:], 2):
        n = step_number(row[step_col]) if step_col < len(row) else None
        name = f"v{n}" if n is not None else None
        if name not in names:
            problem("grade.unknown_row", row=line, text=row[step_col] if step_col < len(row) else "")
            continue
        if name in given:
            problem("grade.duplicate_row", step=_display(name))
            continue
        if len(row) != len(header):
            problem("grade.row_length", step=_display(name), count=len(row), expected=len(header))
        given[name] = {cid: cell for cid, cell in zip(ids, row) if cid is not None}
    for e in ex["steps"]:
        if table and e["step"] not in given:
            problem("grade.missing_row", step=_display(e["step"]))

    numbers = _Numbers(ex, given)
    for step, cid in ex["graded"]:
        text = given.get(step, {}).get(cid, "").strip()
        entry = numbers.entry[step]
        if cid.endswith("_statement"):
            status = "wrong" if not text else _statement_status(ex, entry, cid, text)
            if text and status == "unreadable":
                problem("grade.bad_statement", step=_display(step), column=_header(ex, cid), text=text)
            marking.cells.append(CellMark(number, step, cid, "ok" if status == "ok" else "wrong",
                                          entry[cid], text or None))
            continue
        expected = numbers.expected(step, cid)
        parsed = parse_number(text) if text else None
        if text and parsed is None:
            problem("grade.not_a_number", step=_display(step), column=_header(ex, cid), text=text)
        status = "wrong"
        if parsed is not None:
            value, half_unit = parsed
            within = tol if tol is not None else half_unit
            if _close(value, expected, within):
                status = "ok"
            else:
                again = numbers.recompute(step, cid)
                if again is not None and _close(value, again, within) and not _close(again, expected, within):
                    status = "carried"
        marking.cells.append(CellMark(number, step, cid, status, expected, parsed[0] if parsed else (text or None)))


def _close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol + 1e-9 * max(abs(a), abs(b))


def _statement_status(ex: dict[str, Any], entry: dict[str, Any], cid: str, text: str) -> str:
    want_lhs, want = split_statement(entry[cid])
    got_lhs, got = split_statement(text)
    if got_lhs is not None and got_lhs != want_lhs:
        return "wrong"
    same = equivalent(want, got, (ex["output"] + "bar",))
    if same is None:  # notation adkit cannot parse (sign, [v > 0]): compare the text
        same = want.replace(" ", "") == got.replace(" ", "")
    if not same:
        try:

            to_sympy(got)
        except Exception:
            return "unreadable"
        return "wrong"
    return "ok"


def _header(ex: dict[str, Any], cid: str) -> str:

    col = next(c for c in ex["columns"] if c["id"] == cid)
    return col["headers"].get(language(), col["headers"]["en"])


def _display(name: str) -> str:
    """``v-1`` → ``v₋₁``."""
    return UNICODE.var(int(name[1:]))


class _Numbers:
    """Expected numbers from the key, the student's numbers, and recomputation
    of a cell from the student's numbers through the registry."""

    def __init__(self, ex: dict[str, Any], given: dict[str, dict[str, str]]) -> None:
        self.ex = ex
        self.entry = {e["step"]: e for e in ex["steps"]}
        self.given = given

    def expected(self, step: str, cid: str) -> float:
        e = self.entry[step]
        if cid.startswith("tangent_"):
            return e["tangents"][int(cid.split("_")[1]) - 1]
        return e[cid]

    def student(self, step: str, cid: str) -> float:
        """The student's number where readable, else the key's."""
        parsed = parse_number(self.given.get(step, {}).get(cid, ""))
        return parsed[0] if parsed else self.expected(step, cid)

    def _args(self, e: dict[str, Any]) -> list[float]:
        return [float(a) if not isinstance(a, str) else self.student(a, "value") for a in e["args"]]

    def _partial(self, e: dict[str, Any], position: int) -> float:
        partial: Callable[..., float] = REGISTRY[e["op"]].partials[position]
        return float(partial(*self._args(e), self.student(e["step"], "value")))

    def recompute(self, step: str, cid: str) -> float | None:
        e = self.entry[step]
        try:
            if e["op"] == "input" and cid != "adjoint":  # the point and the seed are given
                return None
            if cid == "value":
                result = REGISTRY[e["op"]].evaluate(*self._args(e))
            elif cid.startswith("tangent_"):
                result = sum(self._partial(e, pos) * self.student(a, cid)
                             for pos, a in enumerate(e["args"]) if isinstance(a, str))
            else:
                seed = 1.0 if step == self.ex["output_step"] else 0.0
                result = seed + sum(self.student(src, "adjoint") * self._partial(self.entry[src], pos)
                                    for src, pos in e["contributions"])
        except Exception:  # outside a domain with the student's numbers: nothing to carry
            return None
        return float(result) if math.isfinite(result) else None


def key_from_trace(expression: str, at: dict[str, float], mode: str, blank: str) -> dict[str, Any]:
    """The key ``adkit exercise`` would write, for grading without a key file."""

    return answer_key([Exercise(trace(expression, at=at, mode=mode), blank)])


def check_key(key: Any) -> dict[str, Any]:
    """The key, or BindingError when it is not an adkit answer key."""

    if not isinstance(key, dict) or not isinstance(key.get("exercises"), list) or not key["exercises"]:
        raise BindingError("grade.bad_key")
    return key


def _show(value: float | str | None) -> str:
    if value is None:
        return "—"
    return value if isinstance(value, str) else number(value, 6)


def marked_rows(marking: Marking, key: dict[str, Any]) -> list[tuple[int, str, list[str], list[list[str]]]]:
    """Per exercise: (number, title, header, rows) of the marked table.

    A cell reads ``✓ 5.5``, ``✗ 6.5 → 5.5`` (given → right answer) or
    ``carried 3.2``.
    """
    tables = []
    for k, ex in enumerate(key["exercises"], 1):
        cells = [c for c in marking.cells if c.exercise == k]
        used = {c.column for c in cells}
        columns = [col["id"] for col in ex["columns"] if col["id"] in used]
        point = ", ".join(f"{name} = {number(v, 6)}" for name, v in ex["point"].items())
        title = message("title.trace", expression=" ".join(str(ex["expression"]).split()), point=point or None,
                        mode=message(f"mode.{ex['mode']}"))
        header = [message("col.step")] + [_header(ex, cid) for cid in columns]
        by_step: dict[str, dict[str, str]] = {}
        for c in cells:
            mark = message(f"grade.status.{c.status}") + " " + _show(c.given)
            if c.status == "wrong":
                mark += " → " + _show(c.expected)
            by_step.setdefault(c.step, {})[c.column] = mark
        body = [[_display(step)] + [marks.get(cid, "") for cid in columns] for step, marks in by_step.items()]
        tables.append((k, title, header, body))
    return tables
