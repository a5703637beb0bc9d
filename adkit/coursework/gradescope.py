"""Gradescope's autograder format: ``results.json`` for a submission, and the autograder's scripts.

:func:`results` turns the marking of a submission into Gradescope's
``{"score", "output", "tests": [{"name", "score", "max_score", "output"}]}``
with one test per exercise.  :data:`SETUP_SH` and :data:`RUN_AUTOGRADER` are
the two scripts Gradescope runs (``setup.sh`` once when the image is built,
``run_autograder`` per submission); the root ``/autograder`` can be moved
with the ``ADKIT_AUTOGRADER_ROOT`` environment variable, which the tests use
to run the script against a fake tree.
"""

from __future__ import annotations

import json
from typing import Any, Sequence

from adkit.coursework.gradebook import Result
from adkit.coursework.key import MAX_KEY_BYTES, AnswerKey, KeyExercise
from adkit.ir.notation import UNICODE, number
from adkit.messages import counted, message

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once when it builds the autograder image.
set -euo pipefail
cd "$(dirname "$0")"
python3 -m pip install --quiet ./adkit-*.whl
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission: grade the submitted sheet(s) (CSV, Markdown,
# .xlsx) against the key into results/results.json; the submitter, from Gradescope's
# metadata, when a sheet does not say whose it is.  results.json is written whatever happens.
set -uo pipefail
ROOT="${ADKIT_AUTOGRADER_ROOT:-/autograder}"
PYTHON="${ADKIT_AUTOGRADER_PYTHON:-python3}"
RESULTS="$ROOT/results/results.json"
mkdir -p "$ROOT/results"
rm -f "$RESULTS"
shopt -s nullglob globstar nocaseglob
files=("$ROOT"/submission/**/*.csv "$ROOT"/submission/**/*.md "$ROOT"/submission/**/*.xlsx)
"$PYTHON" -m adkit grade --key "$ROOT/source/key.json" --format gradescope \\
    --metadata "$ROOT/submission_metadata.json" -o "$RESULTS" --force "${files[@]}"
status=$?
if [ ! -s "$RESULTS" ]; then
    printf '{"score": 0, "output": "adkit could not grade this submission (exit %s)"}\\n' "$status" > "$RESULTS"
fi
"""


def metadata_student(path: str) -> str | None:
    """The submitter's student id (``sid``, else e-mail) in Gradescope's ``submission_metadata.json``;
    None when the file is missing or says nothing usable (the sheet's own line still counts)."""
    try:
        with open(path, "rb") as handle:
            data = json.loads(handle.read(MAX_KEY_BYTES).decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError):
        return None
    users = data.get("users") if isinstance(data, dict) else None
    user = users[0] if isinstance(users, list) and users and isinstance(users[0], dict) else {}
    found = next((user[f] for f in ("sid", "email") if isinstance(user.get(f), str) and user[f].strip()), None)
    return found.strip() if found else None


def _given(given: float | str | None) -> str:
    if given is None:
        return "—"
    return given if isinstance(given, str) else number(given, 6)


def _test(number: int, exercise: KeyExercise, result: Result | None) -> dict[str, Any]:
    cells = [c for c in result.marking.cells if c.exercise == number] if result else []
    wrong = [c for c in cells if c.status in ("wrong", "missing")]
    credit = result.marking.imprecise_credit if result else 0.0
    lines = [line for c in wrong for line in
             [message("autograder.cell_wrong", step=UNICODE.var(int(c.step[1:])), column=exercise.header(c.column),
                      given=_given(c.given))] + (["  " + message("grade.feedback", text=c.feedback.text)]
                                                 if c.feedback is not None else [])]
    score = len(cells) - len(wrong) - sum(1 - credit for c in cells if c.status == "imprecise")
    score = int(score) if score == int(score) else round(score, 2)
    name = message("exam.exercise", number=number) + ": " + " ".join(exercise.expression.split())
    return {"name": name, "score": score, "max_score": len(exercise.graded),
            "output": "\n".join(lines) or message("autograder.all_right", count=len(cells))}


def results(key: AnswerKey, graded: Sequence[Result], submitter: str | None = None) -> dict[str, Any]:
    """Gradescope's results of one submission: the best-scoring of its graded files, out of the
    maximum of its student's sheet (the ``submitter`` when no file says whose it is)."""
    best = max(graded, key=lambda r: r.marking.score, default=None)
    student = best.student if best is not None and best.student is not None else submitter
    part = key
    if student is not None and key.students:
        part = key.for_student(student) or key.without_exercises()
    elif key.students:  # no sheet matched a student: nothing to score against
        part = key.without_exercises()
    tests = [_test(k, ex, best) for k, ex in enumerate(part.exercises, 1)]
    problems = [p for r in graded for p in r.marking.problems] or ([] if graded else
                                                                   [message("autograder.no_submission")])
    score = sum(t["score"] for t in tests)
    if best is not None:
        cells = best.marking.cells
        problems.append(message("grade.score", score=score, max_score=sum(t["max_score"] for t in tests),
                                wrong=sum(c.status in ("wrong", "missing") for c in cells),
                                imprecise=sum(c.status == "imprecise" for c in cells),
                                carried=counted("count.carried_errors", sum(c.status == "carried" for c in cells))))
    return {"score": score, "output": "\n".join(problems), "tests": tests}


__all__ = ["RUN_AUTOGRADER", "SETUP_SH", "metadata_student", "results"]
