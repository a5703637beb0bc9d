"""Issue 23 point 4: the marks per student of a roster, fair variants or not.

``python benchmarks/fair_marks.py [STUDENTS]`` (default 30) writes a roster of
STUDENTS, runs ``adkit exercise ... --students`` for random worksheets (one
exercise and three), with ``--vary structure`` and for fixed expressions,
grades the blank CSV forms (``adkit grade --format csv``) and prints, per
command, the least and greatest maximum mark of a student, how many different
maxima and worksheets there are, and how many different patterns of exactly-0
cells the graded blanks have.  Nothing is timed.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from adkit.cli import main  # noqa: E402

CASES = ["--random --difficulty 3 --seed 7", "--random --difficulty 3 --seed 7 --count 3",
         "--random --difficulty 2 --seed 1 --count 3", "--random --difficulty 3 --seed 7 --count 3 --vary structure",
         "exp(x*y)*sin(x)", "2*relu(0.5*x + 0.1) - 3*relu(1.5*x - 0.2)"]


def _quiet(argv: list[str]) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(argv)


def _zero_blanks(exercise: dict) -> tuple[bool, ...]:
    steps = {s["step"]: s for s in exercise["steps"]}
    cells = []
    for step, column in exercise["graded"]:
        entry = steps[step]
        value = entry["tangents"][int(column.split("_")[1]) - 1] if column.startswith("tangent_") else entry.get(column)
        cells.append(value == 0)
    return tuple(cells)


def measure(case: str, roster: Path, folder: Path) -> str:
    argv = case.split() if case.startswith("--") else [case]
    forms, key_path, book = folder / "forms", folder / "key.json", folder / "book.csv"
    _quiet(["exercise", *argv, "--students", str(roster), "--format", "csv", "-o", str(forms),
            "--key", str(key_path), "--force"])
    _quiet(["grade", str(forms), "--key", str(key_path), "--format", "csv", "-o", str(book), "--force"])
    maxima = [int(row["max"]) for row in csv.DictReader(book.open(encoding="utf-8"))]
    key = json.loads(key_path.read_text(encoding="utf-8"))
    sheets: dict[str, list] = {}
    zeros: dict[str, list] = {}
    for exercise in key["exercises"]:
        sheets.setdefault(exercise["student"], []).append(exercise["expression"])
        zeros.setdefault(exercise["student"], []).append(_zero_blanks(exercise))
    return (f"{case}: max marks {min(maxima)}..{max(maxima)} ({len(set(maxima))} different), "
            f"{len({tuple(v) for v in sheets.values()})} different worksheets, "
            f"{len({tuple(v) for v in zeros.values()})} patterns of zero blanks")


def run() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    with tempfile.TemporaryDirectory() as tmp:
        roster = Path(tmp) / "roster.csv"
        roster.write_text("id,name\n" + "".join(f"S{k:03d},Student {k}\n" for k in range(1, count + 1)),
                          encoding="utf-8")
        for k, case in enumerate(CASES):
            (Path(tmp) / str(k)).mkdir()
            print(measure(case, roster, Path(tmp) / str(k)))


if __name__ == "__main__":
    run()
