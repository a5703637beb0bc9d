"""Marking filled trace tables against an answer key from :mod:`adkit.coursework.forms`.

A submission (read by :mod:`adkit.coursework.readers`: CSV in any common
encoding and delimiter, Markdown pipe tables, .xlsx) has its rows matched by
step name in any spelling (:func:`adkit.coursework.answers.step_number`) and
its columns by header in any language of the key.  Each graded cell is

* a number: ``ok`` or ``imprecise`` by the rule of :mod:`adkit.coursework.tolerance`,
  else ``carried`` when right from the student's own earlier numbers
  (:mod:`adkit.coursework.carried`), else ``wrong``;
* a statement: ``ok`` when its right-hand side equals the key's as a sympy
  expression (:func:`adkit.coursework.answers.equivalent`), else ``wrong``;
* ``missing`` when left empty.

Problems with the file are reported per row and the rest is still graded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from adkit.coursework.answers import equivalent, parse_number, split_statement, step_number, to_sympy
from adkit.coursework.carried import Numbers, within
from adkit.coursework.diagnose import Feedback, diagnose
from adkit.coursework.key import AnswerKey, KeyExercise, KeyStep, as_key
from adkit.coursework.readers import Table, Unreadable, plain, read_tables
from adkit.coursework.tolerance import DEFAULT_DIGITS, Rule, rule, status as number_status
from adkit.messages import counted, message
from adkit.ir.notation import UNICODE, number
from adkit.coursework.forms import answer_key, Exercise
from adkit.trace import trace

STATUSES = ("ok", "wrong", "carried", "imprecise", "missing")
#: Longest statement compared symbolically (a trace statement is a few dozen characters).
MAX_STATEMENT = 400
#: Credit of an imprecise cell unless --imprecise-credit says otherwise.
IMPRECISE_CREDIT = 0.5


@dataclass(frozen=True)
class CellMark:
    """The mark of one graded cell."""

    exercise: int
    step: str
    column: str
    status: str  # one of STATUSES
    expected: float | str
    given: float | str | None
    #: The mistake a wrong number was made with (:mod:`adkit.coursework.diagnose`), if one is named.
    feedback: Feedback | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {"exercise": self.exercise, "step": self.step, "column": self.column, "status": self.status,
               "expected": self.expected, "given": self.given}
        return out if self.feedback is None else {**out, "feedback": self.feedback.to_dict()}


@dataclass
class Marking:
    """All marks of one submission, and what was wrong with the file."""

    source: str
    cells: list[CellMark] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    imprecise_credit: float = IMPRECISE_CREDIT
    #: Why the file could not be read at all (None: it was read); also its first problem.
    unreadable: str | None = None

    @property
    def score(self) -> float:
        """Right and carried cells count 1, imprecise ones their credit (a whole number stays an int)."""
        total = sum(1.0 if c.status in ("ok", "carried") else self.imprecise_credit if c.status == "imprecise"
                    else 0.0 for c in self.cells)
        return int(total) if total == int(total) else round(total, 2)

    @property
    def max_score(self) -> int:
        return len(self.cells)

    def count(self, status: str) -> int:
        return sum(c.status == status for c in self.cells)

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.source, "score": self.score, "max_score": self.max_score,
                "cells": [c.to_dict() for c in self.cells], "problems": list(self.problems),
                "unreadable": self.unreadable}


# ---- grading ----------------------------------------------------------------------
def grade(key: AnswerKey | Mapping[str, Any], data: bytes, source: str = "", tol: float | None = None,
          imprecise_credit: float = IMPRECISE_CREDIT) -> Marking:
    """Mark the submission ``data`` against ``key`` (an :class:`~adkit.coursework.key.AnswerKey`, or the
    JSON :func:`adkit.coursework.forms.answer_key` writes, read into one here)."""
    key = as_key(key)
    marking = Marking(source, imprecise_credit=imprecise_credit)
    try:
        tables = read_tables(data, marking.problems)
    except Unreadable as exc:
        marking.unreadable = str(exc)
        marking.problems.append(str(exc))
        tables = {}
    exercises = key.exercises
    if not tables and marking.unreadable is None:
        marking.problems.append(message("grade.no_table"))
    elif any(1 <= k <= len(exercises) for k in tables) and \
            not any(_names_a_column(ex, tables.get(k, [])) for k, ex in enumerate(exercises, 1)):
        marking.unreadable = message("grade.no_exercise_table")  # prose, or a table of something else
        marking.problems.append(marking.unreadable)
        tables = {}
    for k in sorted(n for n in tables if not 1 <= n <= len(exercises))[:10]:
        marking.problems.append(message("grade.no_such_exercise", number=k, exercises=counted("count.exercises", len(exercises))))
    the_rule = rule(_asked(key.digits, 1, DEFAULT_DIGITS), tol, _asked(key.decimals, 0, None))
    for k, exercise in enumerate(exercises, 1):
        table = tables.get(k, [])
        if tables and not table:
            marking.problems.append(message("grade.exercise_missing", number=k))
        _grade_exercise(exercise, table, k, len(exercises) > 1, the_rule, marking)
    return marking


def _names_a_column(ex: KeyExercise, table: Table) -> bool:
    """Whether the table's header row names a column of the exercise in some language of the key."""
    known = {plain(h) for col in ex.columns for h in col.headers.values()}
    return bool(table) and any(plain(h) in known for h in table[0])


def _asked(n: Any, least: int, default: int | None) -> int | None:
    """The key's ``digits`` or ``decimals`` when it is a sensible number, else ``default``."""
    return n if type(n) is int and least <= n <= 17 else default


def _grade_exercise(ex: KeyExercise, table: Table, number: int, several: bool, the_rule: Rule,
                    marking: Marking) -> None:
    prefix = message("grade.exercise_prefix", number=number) if several else ""
    problems = marking.problems

    def problem(key: str, **params: Any) -> None:
        problems.append(prefix + message(key, **params))

    known = {plain(h): col.id for col in ex.columns for h in col.headers.values()}
    header = table[0] if table else []
    ids = [known.get(plain(h)) for h in header]
    for h, cid in zip(header, ids):
        if cid is None:
            problem("grade.extra_column", column=h[:40])
    graded_columns = dict.fromkeys(c for _, c in ex.graded)
    for cid in graded_columns:
        if table and cid not in ids:
            problem("grade.missing_column", column=ex.header(cid))
    step_col = ids.index("step") if "step" in ids else 0
    names = ex.by_name
    given: dict[str, dict[str, str]] = {}
    for line, row in enumerate(table[1:], 2):
        n = step_number(row[step_col]) if step_col < len(row) else None
        name = f"v{n}" if n is not None else None
        if name not in names:
            problem("grade.unknown_row", row=line, text=row[step_col][:40] if step_col < len(row) else "")
            continue
        if name in given:
            problem("grade.duplicate_row", step=_display(name))
            continue
        if len(row) != len(header):
            problem("grade.row_length", step=_display(name), count=len(row), expected=len(header))
        given[name] = {cid: cell for cid, cell in zip(ids, row) if cid is not None}
    for e in ex.steps:
        if table and e.step not in given:
            problem("grade.missing_row", step=_display(e.step))

    numbers = Numbers(ex, given, the_rule)
    for step, cid in ex.graded:
        text = given.get(step, {}).get(cid, "").strip()
        entry = numbers.entry[step]
        if cid.endswith("_statement"):
            status = "missing" if not text else _statement_status(ex, entry, cid, text)
            if status == "unreadable":
                problem("grade.bad_statement", step=_display(step), column=ex.header(cid), text=text[:40])
            marking.cells.append(CellMark(number, step, cid, status if status in STATUSES else "wrong",
                                          entry.answer(cid), text or None))
            continue
        expected = numbers.expected(step, cid)
        parsed = parse_number(text) if text else None
        if text and parsed is None:
            problem("grade.not_a_number", step=_display(step), column=ex.header(cid), text=text[:40])
        status = "missing" if not text else "wrong"
        if parsed is not None:
            status = number_status(parsed[0], parsed[1], expected, the_rule) or _carried(numbers, step, cid, parsed,
                                                                                       the_rule)
        feedback = diagnose(numbers, step, cid, parsed) if status == "wrong" and parsed is not None else None
        marking.cells.append(CellMark(number, step, cid, status, expected, parsed[0] if parsed else (text or None),
                                      feedback))


def _carried(numbers: Numbers, step: str, cid: str, parsed: tuple[float, float], the_rule: Rule) -> str:
    """``carried`` when the number is right from the student's own earlier numbers, else ``wrong``."""
    carried = any(within(parsed, center, bound, the_rule) for center, bound in numbers.recompute(step, cid))
    return "carried" if carried else "wrong"


def _statement_status(ex: KeyExercise, entry: KeyStep, cid: str, text: str) -> str:
    if len(text) > MAX_STATEMENT:  # bounded time: sympy is never given a page of text
        return "wrong"
    want_lhs, want = split_statement(entry.answer(cid))
    got_lhs, got = split_statement(text)
    if got_lhs is not None and got_lhs != want_lhs:
        return "wrong"
    same = equivalent(want, got, (ex.output + "bar",))
    if same is None:  # notation adkit cannot parse (sign, [v > 0]): compare the text
        same = want.replace(" ", "") == got.replace(" ", "")
    if not same:
        try:

            to_sympy(got)
        except Exception:
            return "unreadable"
        return "wrong"
    return "ok"


def _display(name: str) -> str:
    """``v-1`` → ``v₋₁``."""
    return UNICODE.var(int(name[1:]))


def key_from_trace(expression: str, at: dict[str, float], mode: str, blank: str) -> AnswerKey:
    """The key ``adkit exercise`` would write, for grading without a key file."""
    return AnswerKey.from_json(answer_key([Exercise(trace(expression, at=at, mode=mode), blank)]))


def _show(value: float | str | None) -> str:
    if value is None:
        return "—"
    return value if isinstance(value, str) else number(value, 6)


def marked_rows(marking: Marking, key: AnswerKey) -> list[tuple[int, str, list[str], list[list[str]]]]:
    """Per exercise: (number, title, header, rows) of the marked table.

    A cell reads ``✓ 5.5``, ``✗ 6.5 → 5.5`` (given → right answer) or
    ``carried 3.2``.
    """
    tables = []
    for k, ex in enumerate(key.exercises, 1):
        cells = [c for c in marking.cells if c.exercise == k]
        used = {c.column for c in cells}
        columns = [col.id for col in ex.columns if col.id in used]
        point = ", ".join(f"{name} = {number(v, 6)}" for name, v in ex.point.items())
        title = message("title.trace", expression=" ".join(ex.expression.split()), point=point or None,
                        mode=message(f"mode.{ex.mode}"))
        header = [message("col.step")] + [ex.header(cid) for cid in columns]
        by_step: dict[str, dict[str, str]] = {}
        for c in cells:
            mark = message(f"grade.status.{c.status}") + " " + _show(c.given)
            if c.status in ("wrong", "imprecise", "missing"):
                mark = (message(f"grade.status.{c.status}") if c.given is None else mark) + " → " + _show(c.expected)
            by_step.setdefault(c.step, {})[c.column] = mark
        body = [[_display(step)] + [marks.get(cid, "") for cid in columns] for step, marks in by_step.items()]
        tables.append((k, title, header, body))
    return tables
