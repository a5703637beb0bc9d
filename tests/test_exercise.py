"""Exercises: blank forms in every format, answer keys, random exercises by seed."""

from __future__ import annotations

import csv
import io
import json
import subprocess

import pytest
from helpers import need, run_cli

import adkit
from adkit.coursework.forms import Exercise, answer_key, render_form
from adkit.coursework.generate import generate, worksheet_seeds
from adkit.coursework.grade import grade
from adkit.present.table import rows as table_rows

SEED = ["ln(x1) + x1*x2 - sin(x2)", "--at", "x1=2,x2=5"]


def seed_exercise(mode="reverse", blank="values"):
    return Exercise(adkit.trace("ln(x1) + x1*x2 - sin(x2)", at={"x1": 2, "x2": 5}, mode=mode), blank)


def test_values_form_blanks_numbers_but_keeps_the_point_and_statements():
    status, out, _ = run_cli("exercise", *SEED)
    assert status == 0
    assert "| v₋₁ |   | x1 | 2 | v̄₋₁ = v̄₂·v₀ + v̄₁/v₋₁ |   |" in out
    assert "| v₁ |   | ln v₋₁ |   | v̄₁ = v̄₄ |   |" in out
    assert "11.65" not in out and "5.5" not in out  # no answers, no summary


def test_statements_and_all_blank_the_right_cells():
    ex = seed_exercise("both", "statements")
    rows = ex.rows(4)
    assert rows[2][3] == "0.6931" and rows[2][4] is None and rows[2][7] is None
    assert rows[0][4] == "v̇₋₁ = x\u03071"  # the seed is given
    every = seed_exercise("both", "all")
    assert [c is None for c in every.rows(4)[0]] == [False] * 7 + [True, True]
    assert len(every.blanks()) == 5 * 6 + 2 * 2


def test_key_holds_what_grading_needs():
    key = answer_key([seed_exercise("both")])
    ex = key["exercises"][0]
    assert (ex["expression"], ex["point"], ex["mode"]) == ("ln(x1) + x1*x2 - sin(x2)", {"x1": 2.0, "x2": 5.0}, "both")
    v0 = ex["steps"][1]
    assert v0["adjoint_statement"] == "v̄₀ = v̄₃·cos v₀ + v̄₂·v₋₁" and v0["adjoint"] == 1.7163378145367738
    assert v0["contributions"] == [["v3", 0], ["v2", 1]]
    assert ex["steps"][3]["args"] == ["v-1", "v0"] and ex["steps"][3]["tangents"] == [5.0, 2.0]
    assert len(ex["graded"]) == 5 * 3 + 7  # values and two tangents of v1..v5, seven adjoints
    assert {c["id"]: c["headers"]["vi"] for c in ex["columns"]}["definition"] == "dấu vết nguyên thủy"


def test_csv_form_has_the_trace_header_and_empty_blanks():
    table = list(csv.reader(io.StringIO(render_form([seed_exercise()], "csv"))))
    assert table[0] == adkit.trace("x1*x2", at={"x1": 1, "x2": 1}).to_csv().splitlines()[0].split(",")
    assert table[3] == ["v₁", "", "ln v₋₁", "", "v̄₁ = v̄₄", ""]
    assert table[1][3] == "2.0"


def test_html_form_has_lines_to_write_on():
    html = render_form([seed_exercise()], "html")
    assert html.count("border-bottom:1px solid #000") == 12
    assert "<caption>ln(x1) + x1*x2 - sin(x2)  at x1 = 2, x2 = 5  (reverse mode)</caption>" in html


def test_vietnamese_forms_render():
    status, out, _ = run_cli("exercise", *SEED, "--mode", "both", "--lang", "vi")
    assert status == 0
    assert "Điền vào các ô trống" in out and "| bước | tên | dấu vết nguyên thủy | giá trị |" in out
    status, out, _ = run_cli("exercise", *SEED, "--format", "html", "--lang", "vi")
    assert status == 0 and "chế độ ngược" in out


def test_latex_blank_form_compiles_with_pdflatex(tmp_path):
    need("pdflatex")
    exercises = [seed_exercise("both", "all"), Exercise(adkit.trace(*generate(5, 3), mode="both"), "values")]
    tex = tmp_path / "form.tex"
    tex.write_text(render_form(exercises, "latex"), encoding="utf-8")
    assert "\\rule{2.2cm}{0.4pt}" in tex.read_text() and "\\rule{4.5cm}{0.4pt}" in tex.read_text()
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:]


def test_worksheet_has_one_key_and_grades_full_marks(tmp_path):
    key_path, form = tmp_path / "key.json", tmp_path / "sheet.csv"
    status, _, _ = run_cli("exercise", "--random", "--difficulty", "3", "--seed", "7", "--count", "3",
                           "--mode", "both", "--key", str(key_path), "-o", str(form))
    assert status == 0
    key = json.loads(key_path.read_text(encoding="utf-8"))
    assert len(key["exercises"]) == 3
    assert key["exercises"][0]["expression"] == generate(3, 7)[0]
    assert [e["expression"] for e in key["exercises"]] == [generate(3, s)[0] for s in worksheet_seeds(7, 3)]
    rows = list(csv.reader(io.StringIO(form.read_text(encoding="utf-8"))))
    assert [r[0] for r in rows if r[0] != "exercise"] == [str(k) for k, e in enumerate(key["exercises"], 1)
                                                         for _ in e["steps"]]
    assert sum(r[0] == "exercise" for r in rows) == 3  # a header row starts each block
    filled = io.StringIO()
    writer = csv.writer(filled)
    for k, e in enumerate(key["exercises"], 1):
        writer.writerow(next(r for i, r in enumerate(rows) if r[0] == "exercise" and rows[i + 1][0] == str(k)))
        writer.writerows([str(k)] + r for r in table_rows(adkit.trace(e["expression"], at=e["point"], mode="both"), None))
    marking = grade(key, filled.getvalue().encode(), "sheet.csv")
    assert marking.problems == [] and marking.score == marking.max_score > 30


def test_exercise_usage_errors():
    status, _, err = run_cli("exercise", "x*y", "--random")
    assert status == 2 and "--random makes its own expression" in err
    status, _, err = run_cli("exercise")
    assert status == 2 and "give an expression and --at, or --random" in err
    status, _, err = run_cli("exercise", "x*y")
    assert status == 2 and "no value for input 'x': add x=... to --at" in err
    status, _, err = run_cli("exercise", "y1 = x; y2 = x^2", "--at", "x=1", "--mode", "reverse")
    assert status == 0  # the last statement is the one output
    assert run_cli("exercise", "--random", "--difficulty", "6")[0] == 2  # argparse rejects it
