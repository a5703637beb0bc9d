"""How long an exam for a class takes to make: forms per student in every format, and the key.

``python benchmarks/exam_speed.py [STUDENTS]`` (default 30) times, for a
roster of STUDENTS and a worksheet of 3 random exercises at difficulty 3:
drawing every student's variant, the JSON key, one HTML page, one Moodle
quiz for the class, and one PDF (pdflatex, when installed); the per-student
PDF time times STUDENTS is what a class costs on paper.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from adkit.coursework.htmlform import page  # noqa: E402
from adkit.coursework.moodle import quiz  # noqa: E402
from adkit.coursework.pdf import exam_latex  # noqa: E402
from adkit.coursework.roster import Student  # noqa: E402
from adkit.coursework.variants import fair_problems, make_sheets, sheets_key  # noqa: E402
from adkit.present.pdflatex import compile_pdf  # noqa: E402


def seconds(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    students = [Student(f"S{k:03d}", f"Student {k}") for k in range(1, count + 1)]
    t_sheets, sheets = seconds(lambda: make_sheets(students, fair_problems(3, 3, None, 7), 7, "reverse", "values"))
    t_key, _ = seconds(lambda: sheets_key(sheets))
    t_html, _ = seconds(lambda: [page(s, "Midterm", None, None, 4) for s in sheets])
    t_moodle, _ = seconds(lambda: quiz(sheets, "Midterm", 4))
    print(f"{count} students, 3 exercises of difficulty 3 each")
    print(f"variants drawn        {t_sheets:8.3f} s")
    print(f"JSON key              {t_key:8.3f} s")
    print(f"HTML pages            {t_html:8.3f} s  ({t_html / count * 1000:.1f} ms per student)")
    print(f"Moodle XML (class)    {t_moodle:8.3f} s")
    if shutil.which("pdflatex"):
        tex, vietnamese = exam_latex(sheets[0], "Midterm", "MATH 3010", "2026-12-01", 4)
        t_pdf, _ = seconds(lambda: compile_pdf(tex, vietnamese))
        print(f"one PDF (pdflatex)    {t_pdf:8.3f} s  (class: about {t_pdf * count:.0f} s)")


if __name__ == "__main__":
    main()
