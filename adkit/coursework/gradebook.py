"""Marking a folder of submissions against a roster key: one result per student.

Each file's student is the id on its first line (``student,<id>,<name>``,
written on every per-student sheet and by the HTML form) or, failing that,
the file name (``S001.csv``, ``S001_v2.csv``).  The file is graded against
that student's part of the key (:meth:`adkit.coursework.key.AnswerKey.for_student`);
with a key made without a roster every file is graded against the whole key.
:func:`gradebook_csv` is the spreadsheet an LMS imports: id, name, score, max.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any, Sequence

from adkit.coursework.grade import IMPRECISE_CREDIT, Marking, grade
from adkit.coursework.key import AnswerKey
from adkit.coursework.mistakes import CATALOGUE
from adkit.coursework.cells import csv_text
from adkit.coursework.readers import MAX_BYTES, decode, xlsx_student
from adkit.coursework.roster import split_sheet
from adkit.errors import BindingError
from adkit.messages import message

#: The kinds of file a submission folder is searched for.
SUBMISSION_SUFFIXES = (".csv", ".md", ".markdown", ".txt", ".xlsx")


@dataclass
class Result:
    """One submission: whose it is (None: unknown) and its marking."""

    student: str | None
    marking: Marking


def submission_files(paths: Sequence[str]) -> list[tuple[str, bool]]:
    """(file, found in a folder) for each file as given; a folder stands for its submissions
    (sorted by name): its files, never a folder or a named pipe in it (opening one waits for a
    writer forever); a broken link is kept so that it is reported."""
    out: list[tuple[str, bool]] = []
    for path in paths:
        if os.path.isdir(path):
            found = sorted(p for f in os.listdir(path) if f.lower().endswith(SUBMISSION_SUFFIXES)
                           and not f.startswith(".") and (os.path.isfile(p := os.path.join(path, f))
                                                          or not os.path.exists(p)))
            if not found:
                raise BindingError("gradebook.no_files", path=path)
            out += [(f, True) for f in found]
        else:
            out.append((path, False))
    return out


def _from_file_name(path: str, ids: Sequence[str]) -> str | None:
    stem = os.path.splitext(os.path.basename(path))[0]
    for student_id in sorted(ids, key=len, reverse=True):
        if re.fullmatch(rf"{re.escape(student_id)}(?:[ _.-].*)?", stem, re.I):
            return student_id
    return None


def grade_submission(key: AnswerKey, data: bytes, source: str, tol: float | None = None,
                     credit: float = IMPRECISE_CREDIT, submitter: str | None = None) -> Result:
    """Whose sheet ``data`` is (its student line, else ``submitter``, whom Gradescope names, else
    the file name), and its marking against that student's exercises.

    The student line is looked for in the text as the grader reads it (UTF-16 without a
    BOM and Windows-1258 too); without one the bytes go to the grader untouched.
    """
    notes: list[str] = []  # how the file was decoded: the grader says it only when it decodes the bytes itself
    student, rest = split_sheet(decode(data, notes))
    spreadsheet = data.startswith(b"PK\x03\x04")  # its student line is read (and skipped) as a row
    if spreadsheet:
        student = xlsx_student(data)
    if student is None or spreadsheet or len(data) > MAX_BYTES:  # too large: refused whole, not once its first line is off
        body, notes = data, []
    else:
        body = rest.encode("utf-8")
    ids = [s.id for s in key.students]
    if not ids:
        return Result(student, _noted(grade(key, body, source, tol, credit), notes))
    if student not in ids:
        student = submitter if submitter in ids else _from_file_name(source, ids)
    part = key.for_student(student) if student is not None else None
    if part is None:  # whose it is is unknown, but an unreadable file still says why
        marking = grade(key.without_exercises(), body, source, tol, credit)
        marking.problems[:] = [message("grade.cannot_read", path=source, reason=marking.unreadable)
                               if marking.unreadable else message("gradebook.unknown", file=source)]
        return Result(None, marking)
    return Result(student, _noted(grade(part, body, source, tol, credit), notes))


def _noted(marking: Marking, notes: list[str]) -> Marking:
    marking.problems[:0] = notes
    return marking


def grade_paths(key: AnswerKey, paths: Sequence[str], tol: float | None = None,
                credit: float = IMPRECISE_CREDIT, strict: bool = True, submitter: str | None = None) -> list[Result]:
    """Every file's result.  A file named on the command line that cannot be read is
    BindingError naming it (a mistyped path is no score); one found in a folder, or any
    with ``strict=False`` (Gradescope must write results), is kept with the reason in its
    marking's ``unreadable``, and the rest of the class is graded."""
    results = []
    for path, listed in submission_files(paths):
        result = _grade_file(key, path, tol, credit, submitter)
        if strict and not listed and result.marking.unreadable is not None:
            raise BindingError("grade.cannot_read", path=path, reason=result.marking.unreadable)
        results.append(result)
    return results


def _grade_file(key: AnswerKey, path: str, tol: float | None, credit: float, submitter: str | None) -> Result:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)  # a larger file is refused by the reader
    except OSError as exc:  # graded as an empty sheet (whose: from the file name), then marked unreadable
        result = grade_submission(key, b"", path, tol, credit, submitter)
        result.marking.unreadable = exc.strerror or str(exc)
        result.marking.problems[:] = [message("grade.cannot_read", path=path, reason=result.marking.unreadable)]
        return result
    return grade_submission(key, data, path, tol, credit, submitter)


def unreadable_lines(results: Sequence[Result]) -> list[str]:
    """``cannot read FILE: why`` for each file that could not be read, in order."""
    return [message("grade.cannot_read", path=r.marking.source, reason=r.marking.unreadable)
            for r in results if r.marking.unreadable is not None]


def roster_rows(key: AnswerKey, results: Sequence[Result]) -> list[tuple[str, str, Result | None]]:
    """(id, name, the student's first graded submission or None) in roster order."""
    by_id: dict[str, Result] = {}
    for r in sorted(results, key=lambda r: r.marking.unreadable is not None):  # a readable sheet first
        if r.student is not None:
            by_id.setdefault(r.student, r)
    return [(s.id, s.name, by_id.get(s.id)) for s in key.students]


def gradebook_csv(key: AnswerKey, results: Sequence[Result]) -> str:
    """``id,name,score,max,problem``, one row per student of the roster (score empty: nothing
    handed in, or, with the reason under ``problem``, a file that could not be read), then a
    row per unreadable file no student matched; cells a spreadsheet would run are neutralised.
    Then a column per mistake named in the class (its id, catalogue order): the student's cells
    diagnosed with it (:mod:`adkit.coursework.diagnose`)."""
    named = [m.id for m in CATALOGUE if any(_made(r, m.id) for r in results)]
    rows: list[list[Any]] = [["id", "name", "score", "max", "problem", *named]]
    for student_id, name, result in roster_rows(key, results):
        unreadable = result.marking.unreadable if result is not None else None
        score = "" if result is None or unreadable is not None else result.marking.score
        rows.append([student_id, name, score, key.max_score(student_id), unreadable or "",
                     *(_made(result, m) if score != "" else "" for m in named)])
    rows += [["", r.marking.source, "", "", r.marking.unreadable, *[""] * len(named)] for r in results
             if r.student is None and r.marking.unreadable is not None]
    return csv_text(rows)


def _made(result: Result | None, mistake: str) -> int:
    """How many cells of the result's sheet were diagnosed with ``mistake``."""
    if result is None:
        return 0
    return sum(c.feedback is not None and c.feedback.mistake == mistake for c in result.marking.cells)


def mistake_lines(results: Sequence[Result]) -> list[str]:
    """The class view: each mistake named on some sheet, with how many of the graded sheets'
    students made it, most frequent first (none named: no lines)."""
    graded = [r for r in results if r.marking.unreadable is None and r.marking.cells]
    counts = [(sum(_made(r, m.id) > 0 for r in graded), m) for m in CATALOGUE]
    seen = sorted((c for c in counts if c[0]), key=lambda c: -c[0])
    if not seen:
        return []
    return [message("gradebook.mistakes")] + [message("gradebook.mistake_count", count=count, students=len(graded),
                                                      title=message(m.title_key)) for count, m in seen]


def summary_lines(key: AnswerKey, results: Sequence[Result], everyone: bool = True) -> list[str]:
    """One line per student of the roster (``everyone``) or per student with a sheet, then one
    per sheet no student matched."""
    lines = []
    for student_id, name, result in roster_rows(key, results):
        if result is None and not everyone:
            continue
        if result is None:
            lines.append(message("gradebook.missing", id=student_id, name=name))
            continue
        m = result.marking
        if m.unreadable is not None:
            lines.append(message("gradebook.unreadable", id=student_id, name=name, file=m.source, reason=m.unreadable))
            continue
        lines.append(message("gradebook.line", id=student_id, name=name, score=m.score, max_score=m.max_score,
                             wrong=m.count("wrong") + m.count("missing"), carried=m.count("carried"), file=m.source))
    lines += [p for r in results if r.student is None for p in r.marking.problems]
    students = [r for _, _, r in roster_rows(key, results) if r is not None]
    return lines + mistake_lines(students)


__all__ = ["Result", "grade_paths", "mistake_lines", "unreadable_lines", "grade_submission", "gradebook_csv", "submission_files",
           "summary_lines"]
