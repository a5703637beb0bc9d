"""Rosters, per-student variants and their key, the gradebook, and formulas typeset from the AST."""

from __future__ import annotations

import csv
import io
import json
import math
import re

import pytest
from exam_helpers import IDS, ROSTER, answers
from helpers import run_cli
from hypothesis import given, settings, strategies as st

import adkit
from adkit.coursework.roster import Student, parse_roster, sheet_line, split_sheet, student_seed
from adkit.coursework.variants import make_sheets, point_problems, random_problems, sheets_key
from adkit.errors import AdkitError, BindingError
from adkit.language.parser import parse_expression
from adkit.present.mathtex import UNICODE_MATHS, program_latex, to_latex


# ---- formulas from the AST ------------------------------------------------------------
@pytest.mark.parametrize("source, latex", [
    ("ln(x1) + x1*x2 - sin(x2)", "\\ln x_{1} + x_{1} x_{2} - \\sin x_{2}"),
    ("(x3*x2)^tanh(x1)", "\\left(x_{3} x_{2}\\right)^{\\tanh x_{1}}"),
    ("-x^2", "-x^{2}"),
    ("(-x)^2", "\\left(-x\\right)^{2}"),
    ("x - -y", "x - \\left(-y\\right)"),
    ("x - (y + z)", "x - \\left(y + z\\right)"),
    ("x - y + z", "x - y + z"),
    ("x^y^z", "x^{y^{z}}"),
    ("(x^y)^z", "\\left(x^{y}\\right)^{z}"),
    ("2*x", "2 x"),
    ("x*2", "x \\cdot 2"),
    ("sin(x)*y", "\\sin x \\cdot y"),
    ("(x + y)*z", "\\left(x + y\\right) z"),
    ("x*(y*z)", "x \\cdot \\left(y z\\right)"),
    ("-(x*y)", "-\\left(x y\\right)"),
    ("sin(x + y)", "\\sin \\left(x + y\\right)"),
    ("sqrt(x + 1)/exp(-x)", "\\frac{\\sqrt{x + 1}}{\\exp \\left(-x\\right)}"),
    ("(-2)^x", "\\left(-2\\right)^{x}"),
    ("ln(x)^2", "\\left(\\ln x\\right)^{2}"),
    ("(x/y)^2", "\\left(\\frac{x}{y}\\right)^{2}"),
    ("max(x, y)*abs(x - y)", "\\max(x, y) \\lvert x - y \\rvert"),
    ("pi*r^2", "\\pi r^{2}"),
    ("1.5e-3*x", "1.5 \\cdot 10^{-3} x"),
    ("--x", "-\\left(-x\\right)"),
])
def test_formula_is_typeset_from_the_ast(source, latex):
    assert to_latex(parse_expression(source)) == latex


@pytest.mark.parametrize("source, text", [
    ("ln(x1) + x1*x2 - sin(x2)", "ln x₁ + x₁·x₂ − sin x₂"), ("(x3*x2)^tanh(x1)", "(x₃·x₂)^(tanh x₁)"),
    ("x^(y + 1)", "x^(y + 1)"), ("x^-y", "x^(−y)"), ("x/(y + z)", "x/(y + z)"), ("x/y/z", "x/y/z"),
    ("sqrt(x + 1)", "√(x + 1)"), ("abs(x - y)*sigmoid(x)", "|x − y|·σ(x)"), ("pi*r^2", "π·r^2"),
])
def test_unicode_formula_for_web_pages(source, text):
    assert to_latex(parse_expression(source), UNICODE_MATHS) == text


def test_programs_print_one_line_per_statement():
    assert program_latex("u = x1*x2; y = u + sin(u)") == ["u = x_{1} x_{2}", "y = u + \\sin u"]


_FUNCTIONS = ("sin", "exp")


def _reparse(latex: str) -> str:
    """Test oracle: LaTeX of the arithmetic subset back to adkit syntax by text rules alone."""
    text = latex.replace("\\left(", "(").replace("\\right)", ")").replace("\\cdot", "*")
    for pattern, replacement in ((r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"((\1)/(\2))"), (r"\^\{([^{}]*)\}", r"^(\1)")):
        while re.search(pattern, text):
            text = re.sub(pattern, replacement, text)
    text = re.sub(r"([a-z])_\{(\d+)\}", r"\1\2", text).replace("\\", "")
    tokens = re.findall(r"[a-z]+\d*|\d+(?:\.\d+)?|[-+*/^()]", text)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        starts = tok == "(" or re.fullmatch(r"[a-z]+\d*|\d+(?:\.\d+)?", tok)
        if starts and out and (out[-1] == ")" or re.fullmatch(r"[a-z]+\d*|\d+(?:\.\d+)?", out[-1])) \
                and out[-1] not in _FUNCTIONS:
            out.append("*")  # juxtaposition is multiplication
        out.append(tok)
        if tok in _FUNCTIONS and tokens[i + 1] != "(":  # \sin x: the argument is the next name or number
            out += ["(", tokens[i + 1], ")"]
            i += 1
        i += 1
    return " ".join(out)


def _expressions() -> st.SearchStrategy[str]:
    """Fully parenthesised random formulas of names, numbers, + - * / ^, negation, sin and exp."""
    leaves = st.sampled_from(["x1", "x2", "y", "2", "3", "0.5"])
    return st.recursive(leaves, lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from("+-*/^"), inner).map(lambda t: f"({t[0]}){t[1]}({t[2]})"),
        inner.map(lambda e: f"-({e})"),
        st.tuples(st.sampled_from(_FUNCTIONS), inner).map(lambda t: f"{t[0]}({t[1]})")), max_leaves=8)


def _reparse_unicode(text: str) -> str:
    """Test oracle for the Unicode form: back to adkit syntax by text rules alone."""
    text = text.replace("·", "*").replace("−", "-").translate(str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789"))
    return re.sub(r"\b(sin|exp) ([a-z]+\d*|\d+(?:\.\d+)?)", r"\1(\2)", text)


@settings(max_examples=200, deadline=None)
@given(_expressions(), st.sampled_from(["latex", "unicode"]))
def test_typeset_formula_means_the_same_function(source, kind):
    """Read back by an independent text oracle, the typeset formula is the same function."""
    if kind == "latex":
        latex = to_latex(parse_expression(source))
        back = _reparse(latex)
    else:
        latex = to_latex(parse_expression(source), UNICODE_MATHS)
        back = _reparse_unicode(latex)
    point = {"x1": 0.7, "x2": 1.3, "y": 0.4}
    try:
        want = adkit.compile(source, inputs=list(point)).evaluate(point)
    except AdkitError:
        return
    got = adkit.compile(back, inputs=list(point)).evaluate(point)
    assert math.isclose(got, want, rel_tol=1e-12, abs_tol=1e-300) or math.isnan(want) and math.isnan(got), \
        (source, latex, back)


# ---- rosters ----------------------------------------------------------------------------
def test_excel_roster_reads_with_bom_crlf_semicolons_and_header():
    assert parse_roster(ROSTER) == [Student("S001", "Nguyễn Thị Phương"), Student("S002", "Trần Văn Bình"),
                                    Student("S003", "Alice Martin")]
    assert parse_roster("S1,An\nS2,\"Bình, Trần\"\n".encode("utf-16")) == [Student("S1", "An"),
                                                                            Student("S2", "Bình, Trần")]


@pytest.mark.parametrize("data, key", [
    (b"", "roster.empty"), (b"id,name\n", "roster.empty"), (b"S1\n", "roster.row"),
    (b"S1,An\nS1,Binh\n", "roster.duplicate"), (b"../x,An\n", "roster.bad_id"),
    ("S1,Zoë\n".encode("latin-1"), "roster.encoding"),
])
def test_bad_rosters_are_named(data, key):
    with pytest.raises(BindingError) as info:
        parse_roster(data, "r.csv")
    assert info.value.key == key


def test_roster_errors_reach_the_cli_as_one_line(tmp_path):
    (tmp_path / "r.csv").write_bytes(b"S1,An\nS1,Binh\n")
    status, _, err = run_cli("exercise", "--random", "--students", str(tmp_path / "r.csv"), "-o", str(tmp_path / "f"),
                             "--format", "csv")
    assert status == 2 and err.strip() == (f"adkit: error: {tmp_path / 'r.csv'}, row 2: the id S1 appears twice (ids are"
                                           " compared without regard to case, as Windows and macOS name files)")


def test_student_seeds_are_reproducible_and_distinct():
    assert student_seed(7, "S001") == student_seed(7, "S001")
    assert len({student_seed(7, i) for i in IDS} | {student_seed(8, "S001")}) == 4


def test_sheet_line_round_trips_through_split_sheet():
    line = sheet_line(Student("S2", "Trần, Bình"))
    assert line == 'student,S2,"Trần, Bình"\n'
    assert split_sheet(line + "step,value\n") == ("S2", "step,value\n")
    assert split_sheet("step,value\n") == (None, "step,value\n")


# ---- variants and the key ------------------------------------------------------------------
def test_each_student_gets_another_point_of_the_same_formula():
    students = parse_roster(ROSTER)
    sheets = make_sheets(students, point_problems("ln(x1) + x1*x2 - sin(x2)", 7), 7, "reverse", "values")
    points = [tuple(s.exercises[0].trace.point.items()) for s in sheets]
    assert len(set(points)) == 3
    again = make_sheets(students[::-1], point_problems("ln(x1) + x1*x2 - sin(x2)", 7), 7, "reverse", "values")
    assert [tuple(s.exercises[0].trace.point.items()) for s in again[::-1]] == points  # roster order is irrelevant


def test_random_variants_keep_difficulty_and_count_and_the_key_names_students():
    sheets = make_sheets(parse_roster(ROSTER), random_problems(3, 2), 7, "reverse", "values")
    texts = [e.trace.program.text for s in sheets for e in s.exercises]
    assert len(set(texts)) == 6
    key = sheets_key(sheets)
    assert [e["student"] for e in key["exercises"]] == ["S001", "S001", "S002", "S002", "S003", "S003"]
    assert key["students"][0] == {"id": "S001", "name": "Nguyễn Thị Phương"}
    for e in key["exercises"]:  # the shape of today's key, plus "student"
        assert {"expression", "point", "mode", "graded", "steps", "columns", "student"} <= set(e)


# ---- the gradebook -------------------------------------------------------------------------
_PLAIN = str.maketrans("₋₀₁₂₃₄₅₆₇₈₉", "-0123456789")


def _filled_sheet(key: dict, student: str, form: str, right: int | None = None) -> str:
    """The student's CSV form with the first ``right`` blanks (all: None) filled in correctly."""
    rows = list(csv.reader(io.StringIO(form)))
    mine = [e for e in key["exercises"] if e["student"] == student]
    fills = [a for e in mine for a in answers(e)]
    fills = fills if right is None else fills[:right] + [""] * (len(fills) - right)
    # the blanks are the empty graded cells, found through the header and the key's graded list
    out, k = list(rows), 0
    header = rows[1]
    several = header[0] == "exercise"
    ids = {"value": header.index("value"), "adjoint": header.index("adjoint")}
    for e_number, e in enumerate(mine, 1):
        for step, column in e["graded"]:
            target = next(r for r in out[2:] if (not several or r[0] == str(e_number))
                          and r[1 if several else 0].translate(_PLAIN) == step)
            target[ids[column]] = fills[k]
            k += 1
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(out)
    return buffer.getvalue()


def test_grade_matches_sheets_to_students_and_writes_the_gradebook(tmp_path):
    (tmp_path / "roster.csv").write_bytes(ROSTER)
    status, _, err = run_cli("exercise", "--random", "--difficulty", "2", "--seed", "3", "--count", "2",
                             "--students", str(tmp_path / "roster.csv"), "--format", "csv", "-o",
                             str(tmp_path / "forms"), "--key", str(tmp_path / "key.json"))
    assert status == 0, err
    key = json.loads((tmp_path / "key.json").read_text(encoding="utf-8"))
    subs = tmp_path / "subs"
    subs.mkdir()
    full = _filled_sheet(key, "S001", (tmp_path / "forms" / "S001.csv").read_text(encoding="utf-8"))
    (subs / "first.csv").write_text(full, encoding="utf-8")  # matched by the id on its first line
    part = _filled_sheet(key, "S002", (tmp_path / "forms" / "S002.csv").read_text(encoding="utf-8"), right=3)
    (subs / "S002.csv").write_text(part.split("\n", 1)[1], encoding="utf-8")  # no id line: the file name
    (subs / "stranger.csv").write_text("step,value\nv1,2\n", encoding="utf-8")
    maxima = {s: sum(len(e["graded"]) for e in key["exercises"] if e["student"] == s) for s in IDS}
    status, out, _ = run_cli("grade", str(subs), "--key", str(tmp_path / "key.json"), "--summary")
    assert status == 0
    assert out.splitlines() == [
        f"S001 Nguyễn Thị Phương: {maxima['S001']}/{maxima['S001']} (0 wrong, 0 carried) {subs / 'first.csv'}",
        f"S002 Trần Văn Bình: 3/{maxima['S002']} ({maxima['S002'] - 3} wrong, 0 carried) {subs / 'S002.csv'}",
        "S003 Alice Martin: no submission",
        f"{subs / 'stranger.csv'}: no student of the key matches this sheet (id on its first line or in the file name)",
    ]
    status, out, _ = run_cli("grade", str(subs), "--key", str(tmp_path / "key.json"), "--format", "csv")
    assert list(csv.reader(io.StringIO(out))) == [
        ["id", "name", "score", "max", "problem"],
        ["S001", "Nguyễn Thị Phương", str(maxima["S001"]), str(maxima["S001"]), ""],
        ["S002", "Trần Văn Bình", "3", str(maxima["S002"]), ""], ["S003", "Alice Martin", "", str(maxima["S003"]), ""]]


def test_grading_an_empty_folder_or_nothing_is_an_error(tmp_path):
    (tmp_path / "key.json").write_text(json.dumps(sheets_key(make_sheets(
        [Student("S1", "An")], random_problems(1, 1), 0, "reverse", "values"))), encoding="utf-8")
    status, _, err = run_cli("grade", str(tmp_path), "--key", str(tmp_path / "key.json"))  # key.json only
    assert status == 2 and "no .csv, .md or .xlsx files in" in err
    (tmp_path / "empty").mkdir()
    status, _, err = run_cli("grade", str(tmp_path / "empty"), "--key", str(tmp_path / "key.json"))
    assert status == 2 and "no .csv, .md or .xlsx files in" in err
    status, _, err = run_cli("grade", "--key", str(tmp_path / "key.json"))
    assert status == 2 and err.strip() == "adkit: error: give the filled sheets to grade: files, or folders of them"
