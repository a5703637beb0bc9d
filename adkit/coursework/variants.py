"""Worksheets per student (or per numbered variant) and the one key covering them all.

A :class:`Sheet` is one student's exercises.  By default every student's sheet
has the worksheet's structure with other numbers (:mod:`adkit.coursework.fair`):
a fixed expression at another point, a random exercise drawn once from the
worksheet's seed with other constants and another point.  With
:func:`random_problems` (``--vary structure``) each student gets a different
random worksheet of the same difficulty and length instead.  All are drawn
from :func:`adkit.coursework.roster.student_seed`, so they are reproducible
from the student id and the worksheet seed alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from adkit.coursework.fair import fair_point, fair_random
from adkit.coursework.forms import Exercise, answer_key
from adkit.coursework.generate import generate, worksheet_seeds
from adkit.coursework.roster import Student, student_seed
from adkit.messages import message
from adkit.trace import trace

#: ``(text, point)`` of every exercise on a sheet, from the sheet's seed.
Problems = Callable[[int], list[tuple[str, dict[str, float]]]]


@dataclass(frozen=True)
class Sheet:
    """One form: who it is for (None: an anonymous worksheet) and its exercises."""

    student: Student | None
    exercises: list[Exercise]


def random_problems(difficulty: int, count: int, shape: str | None = None) -> Problems:
    """Random worksheets that differ in structure: COUNT exercises of DIFFICULTY (of one SHAPE
    if given) from a sheet's seed."""
    return lambda seed: [generate(difficulty, s, shape) for s in worksheet_seeds(seed, count)]


def fair_problems(difficulty: int, count: int, shape: str | None, seed: int) -> Problems:
    """The worksheet of ``seed`` (as :func:`random_problems` draws it), each exercise with a
    sheet's own constants and point (:func:`~adkit.coursework.fair.fair_random`)."""
    bases = [generate(difficulty, s, shape) for s in worksheet_seeds(seed, count)]
    return lambda sheet_seed: [fair_random(base, s) for base, s in zip(bases, worksheet_seeds(sheet_seed, count))]


def point_problems(expression: str, seed: int) -> Problems:
    """The same expression at a point drawn from the sheet's seed, zero where the worksheet's is."""
    return lambda sheet_seed: [(expression, fair_point(expression, sheet_seed, seed))]


def numbered(count: int) -> list[Student]:
    """``--variants K``: K anonymous variants named ``variant1`` … ``variantK``."""
    return [Student(f"variant{k}", message("exam.variant", number=k)) for k in range(1, count + 1)]


def make_sheets(students: Sequence[Student], problems: Problems, seed: int, mode: str,
                blank: str) -> list[Sheet]:
    """One sheet per student from ``problems`` at the student's seed."""
    return [Sheet(s, [Exercise(trace(text, at=point, mode=mode), blank)
                      for text, point in problems(student_seed(seed, s.id))]) for s in students]


def sheets_key(sheets: Sequence[Sheet], digits: int = 4, decimals: int | None = None) -> dict[str, Any]:
    """:func:`~adkit.coursework.forms.answer_key` of every exercise; each entry names its
    ``student`` and ``students`` lists ids with names."""
    key = answer_key([e for sheet in sheets for e in sheet.exercises], digits, decimals)
    entries = iter(key["exercises"])
    for sheet in sheets:
        for _ in sheet.exercises:
            if sheet.student is not None:
                next(entries)["student"] = sheet.student.id
    if any(sheet.student is not None for sheet in sheets):
        key["students"] = [{"id": s.student.id, "name": s.student.name} for s in sheets if s.student]
    return key


__all__ = ["Sheet", "fair_problems", "make_sheets", "numbered", "point_problems", "random_problems", "sheets_key"]
