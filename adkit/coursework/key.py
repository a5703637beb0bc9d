"""The answer key as records: read once, then every reader uses named fields.

:func:`adkit.coursework.forms.answer_key` writes the key as JSON;
:meth:`AnswerKey.from_json` checks it (:func:`adkit.coursework.keycheck.check_key`,
one message for a key that is not one) and builds these records once, and
:meth:`AnswerKey.to_json` writes the same JSON back, field for field.  Grading,
carried errors, feedback, the gradebook and Gradescope's results all read an
:class:`AnswerKey`.  Each exercise's formula is compiled once, on first use
(:attr:`KeyExercise.program`), never per sheet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, Mapping

from adkit.api import compile_program
from adkit.coursework.keycheck import check_key
from adkit.errors import AdkitError, BindingError
from adkit.files import read_bounded
from adkit.modes.program import Program
from adkit.messages import language

#: Largest answer key read: a roster of 500 students with ten exercises each makes about 23 MB.
MAX_KEY_BYTES = 50_000_000
Cell = tuple[str, str]  # (step name, column id)


@dataclass(frozen=True)
class KeyColumn:
    """A column of the exercise's table: its id, kind and header in each language."""

    id: str
    kind: Any
    headers: Mapping[str, str]

    def header(self) -> str:
        """The header in the language in use (English when the key has none in it)."""
        return self.headers.get(language(), self.headers["en"])


@dataclass(frozen=True)
class KeyStep:
    """One step's row of the key: the operation, its arguments (step names or numbers) and the
    expected cells; a field the key does not hold is None."""

    step: str
    op: str
    args: tuple[str | float, ...]
    value: float | None = None
    tangents: tuple[float, ...] | None = None
    tangent_statement: str | None = None
    adjoint: float | None = None
    adjoint_statement: str | None = None
    contributions: tuple[tuple[str, int], ...] | None = None

    def answer(self, cid: str) -> Any:
        """The expected cell of column ``cid`` (``tangent_K``: the K-th tangent)."""
        if cid.startswith("tangent_") and cid != "tangent_statement":
            return self.tangents[int(cid.split("_")[1]) - 1]
        return getattr(self, cid)

    @property
    def is_input(self) -> bool:
        return self.op == "input"

    @property
    def step_args(self) -> list[str]:
        """The arguments that are steps (not numbers)."""
        return [a for a in self.args if isinstance(a, str)]


@dataclass(frozen=True)
class KeyExercise:
    """One exercise of the key: its trace's text, point and mode, its table's columns, the cells
    graded and each step's answers; ``student``: whose it is on a roster key."""

    expression: str
    point: Mapping[str, float]
    mode: str
    blank: Any
    inputs: tuple[str, ...]
    output: str
    output_step: str | None
    seeds: tuple[tuple[float, ...], ...]
    columns: tuple[KeyColumn, ...]
    graded: tuple[Cell, ...]
    steps: tuple[KeyStep, ...]
    student: str | None = None

    @cached_property
    def by_name(self) -> dict[str, KeyStep]:
        return {s.step: s for s in self.steps}

    @cached_property
    def index(self) -> dict[str, int]:
        """Each step's position in the trace (and in :attr:`program`'s steps)."""
        return {s.step: i for i, s in enumerate(self.steps)}

    def header(self, cid: str) -> str:
        return next(c for c in self.columns if c.id == cid).header()

    @cached_property
    def program(self) -> Program | None:
        """The expression compiled once, when its steps are the key's (a key edited by hand may
        not compile, or to other steps: then None, and nothing is recomputed from it)."""
        try:
            program = compile_program(self.expression, inputs=list(self.inputs))
        except (AdkitError, RecursionError):
            return None
        return program if [s.name for s in program.steps] == [s.step for s in self.steps] else None


@dataclass(frozen=True)
class KeyStudent:
    """A student of a roster key."""

    id: str
    name: str


@dataclass(frozen=True)
class AnswerKey:
    """A worksheet's key: the precision asked (``digits``, or ``decimals`` when given), the
    exercises and, on a roster key, the students."""

    version: Any
    digits: Any
    decimals: Any
    exercises: tuple[KeyExercise, ...]
    students: tuple[KeyStudent, ...] = ()
    #: Which optional top-level fields the JSON had (``decimals``, ``students``), to write it back alike.
    present: frozenset[str] = frozenset()

    @classmethod
    def from_json(cls, data: Any) -> "AnswerKey":
        """The key in ``data`` (parsed JSON); BindingError ``grade.bad_key`` when it is not one."""
        key = check_key(data)
        return cls(key.get("adkit_answer_key"), key.get("digits"), key.get("decimals"),
                   tuple(_exercise(ex) for ex in key["exercises"]),
                   tuple(KeyStudent(s["id"], s["name"]) for s in key.get("students", [])),
                   frozenset(f for f in ("adkit_answer_key", "digits", "decimals", "students") if f in key))

    def to_json(self) -> dict[str, Any]:
        """The JSON this key was read from (or :func:`~adkit.coursework.forms.answer_key` wrote)."""
        out: dict[str, Any] = {}
        for name, value in (("adkit_answer_key", self.version), ("digits", self.digits), ("decimals", self.decimals)):
            if name in self.present:
                out[name] = value
        out["exercises"] = [_exercise_json(ex) for ex in self.exercises]
        if "students" in self.present:
            out["students"] = [{"id": s.id, "name": s.name} for s in self.students]
        return out

    def for_student(self, student_id: str) -> "AnswerKey | None":
        """The part of a roster key for one student (None when the key does not know the id)."""
        mine = tuple(ex for ex in self.exercises if ex.student == student_id)
        return replace(self, exercises=mine) if mine else None

    def without_exercises(self) -> "AnswerKey":
        return replace(self, exercises=())

    def max_score(self, student_id: str) -> int:
        """The number of graded cells on a student's sheet."""
        return sum(len(ex.graded) for ex in self.exercises if ex.student == student_id)


def read_key(path: str) -> AnswerKey:
    """The answer key in the JSON file ``path`` (read bounded); BindingError when unreadable or not a key."""
    data = read_bounded(path, MAX_KEY_BYTES, "grade.key_too_large", BindingError)
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (ValueError, RecursionError):  # RecursionError: arrays nested thousands deep
        raise BindingError("grade.bad_key") from None
    return AnswerKey.from_json(parsed)


def as_key(key: "AnswerKey | Mapping[str, Any]") -> AnswerKey:
    """An :class:`AnswerKey` as it is; the JSON of one (the API's callers hold it) read into one."""
    return key if isinstance(key, AnswerKey) else AnswerKey.from_json(key)


# ---- JSON ↔ records ------------------------------------------------------------------
_STEP_FIELDS = ("value", "tangents", "tangent_statement", "adjoint", "adjoint_statement", "contributions")


def _exercise(ex: dict[str, Any]) -> KeyExercise:
    steps = tuple(KeyStep(e["step"], e["op"], tuple(e.get("args", [])), e.get("value"),
                          None if e.get("tangents") is None else tuple(e["tangents"]), e.get("tangent_statement"),
                          e.get("adjoint"), e.get("adjoint_statement"),
                          None if e.get("contributions") is None else tuple(tuple(c) for c in e["contributions"]))
                  for e in ex["steps"])
    return KeyExercise(ex["expression"], ex["point"], ex["mode"], ex.get("blank"), tuple(ex["inputs"]), ex["output"],
                       ex.get("output_step"), tuple(tuple(s) for s in ex.get("seeds") or []),
                       tuple(KeyColumn(c["id"], c.get("kind"), c["headers"]) for c in ex["columns"]),
                       tuple((g[0], g[1]) for g in ex["graded"]), steps, ex.get("student"))


def _exercise_json(ex: KeyExercise) -> dict[str, Any]:
    out = {"expression": ex.expression, "point": dict(ex.point), "mode": ex.mode, "blank": ex.blank,
           "inputs": list(ex.inputs), "output": ex.output, "output_step": ex.output_step,
           "seeds": [list(s) for s in ex.seeds],
           "columns": [{"id": c.id, "kind": c.kind, "headers": dict(c.headers)} for c in ex.columns],
           "graded": [list(g) for g in ex.graded],
           "steps": [_step_json(s) for s in ex.steps]}
    return out if ex.student is None else {**out, "student": ex.student}


def _step_json(s: KeyStep) -> dict[str, Any]:
    out: dict[str, Any] = {"step": s.step, "op": s.op, "args": list(s.args)}
    for name in _STEP_FIELDS:
        value = getattr(s, name)
        if value is not None:
            out[name] = [list(c) for c in value] if name == "contributions" else \
                list(value) if name == "tangents" else value
    return out


__all__ = ["AnswerKey", "KeyColumn", "KeyExercise", "KeyStep", "KeyStudent", "MAX_KEY_BYTES", "as_key", "read_key"]
