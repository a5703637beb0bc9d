"""Fair variants (issue 23): every student's sheet has the worksheet's structure, blanks and
marks, and only other numbers; ``--vary structure`` gives each a different exercise."""

from __future__ import annotations

import csv
import io
import json
import random

import pytest
from exam_helpers import ROSTER
from helpers import run_cli
from hypothesis import HealthCheck, given, settings, strategies as st

from adkit.api import compile_program
from adkit.coursework.fair import DECIMAL, WHOLE, fair_point, fair_random, renumber, structure, zeros
from adkit.coursework.generate import generate, readable, worksheet_seeds
from adkit.coursework.roster import Student, student_seed
from adkit.coursework.shapes import SHAPES, problems
from adkit.coursework.variants import (fair_problems, make_sheets, numbered, point_problems, random_problems,
                                       sheets_key)
from adkit.errors import BindingError
from adkit.ir.wengert import Literal
from adkit.trace import trace


def _roster(size: int) -> list[Student]:
    return [Student(f"S{k:03d}", f"Student {k}") for k in range(1, size + 1)]


def _shape_of(sheet) -> list[tuple]:
    """What must not differ between students: per exercise the steps (ops and wiring),
    the blank cells and the graded cells (the marks)."""
    return [(structure(e.trace.program), tuple(e.blanks()), len(e.key()["graded"]), tuple(e.ids))
            for e in sheet.exercises]


def _numbers(sheet) -> list[tuple]:
    """What may differ: the point and the literals."""
    return [(tuple(e.trace.point.items()),
             tuple(a.value for s in e.trace.program.steps for a in s.args if isinstance(a, Literal)))
            for e in sheet.exercises]


# ---- known variants (checked by hand: both ReLUs alive at the worksheet's point and at the student's)
def test_a_network_gets_other_weights_and_biases_and_a_point_where_the_same_relus_are_alive():
    base = generate(3, 0, "network")
    assert base == ("2*relu(0.3*x - 0.1) - 3*relu(0.5*x - 0.2)", {"x": 1.5})  # 0.35 and 0.55: alive
    assert fair_random(base, 5) == ("4*relu(1.5*x - 0.3) - 2*relu(2.5*x - 0.5)", {"x": 1.6})  # 2.1 and 3.5


def test_a_neuron_without_constants_gets_another_point():
    base = generate(2, 1)
    assert base == ("tanh(w1*x1 + w2*x2 + b)", {"w1": -0.8, "w2": 1.0, "x1": -1.4, "x2": -0.6, "b": 0.4})
    assert fair_random(base, student_seed(1, "S001")) == (
        "tanh(w1*x1 + w2*x2 + b)", {"w1": 0.7, "w2": -0.1, "x1": -0.6, "x2": -1.9, "b": -0.5})


def test_a_fixed_expression_gets_another_point():
    assert fair_point("exp(x*y)*sin(x)", 5, 7) == {"x": 1.9, "y": -0.4}


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), difficulty=st.integers(1, 5))
def test_vary_structure_is_the_old_random_worksheet_per_student(seed, difficulty):
    students = _roster(4)
    sheets = make_sheets(students, random_problems(difficulty, 1), seed, "reverse", "values")
    for student, sheet in zip(students, sheets):
        text, point = generate(difficulty, student_seed(seed, student.id))
        assert (sheet.exercises[0].trace.program.text, sheet.exercises[0].trace.point) == (text, point)


def test_structure_sees_ops_wiring_and_where_literals_stand():
    assert structure(compile_program("2*x + 0.5")) == structure(compile_program("3*x + 1.5"))
    assert structure(compile_program("2*x + 0.5")) != structure(compile_program("2*x - 0.5"))
    assert structure(compile_program("2*x + 0.5")) != structure(compile_program("x*2 + 0.5"))
    assert structure(compile_program("x^2")) == structure(compile_program("x^3"))  # renumber keeps exponents


def test_zeros_marks_every_exact_zero_of_values_tangents_and_adjoints():
    t = trace("relu(x - 1)*y", at={"x": 0.5, "y": 2}, mode="both")
    # per step (x, y, x - 1, relu, product): its value, its tangents along x and y, its adjoint
    assert zeros(t) == (False, False, True, True,
                        False, True, False, True,
                        False, False, True, True,
                        True, True, True, False,
                        True, True, True, False)


def test_a_pool_of_numbered_variants_is_fair_and_its_key_asks_four_digits():
    variants = numbered(3)
    assert [(v.id, v.name) for v in variants] == [("variant1", "Variant 1"), ("variant2", "Variant 2"),
                                                 ("variant3", "Variant 3")]
    key = sheets_key(make_sheets(variants, fair_problems(1, 1, None, 1), 1, "reverse", "values"))
    assert key["digits"] == 4 and "decimals" not in key
    assert [e["student"] for e in key["exercises"]] == ["variant1", "variant2", "variant3"]
    assert len({json.dumps(e["graded"]) for e in key["exercises"]}) == 1


# ---- renumber: constants other than exponents ---------------------------------------------
def test_renumber_draws_whole_for_whole_and_decimal_for_decimal_and_keeps_exponents():
    text = "2*relu(0.5*x + 0.1) - 3*relu(1.5*x - 0.2) + x^2"
    r = random.Random(0)  # the draws in text order, written out by hand
    expected = (f"{r.choice(WHOLE)}*relu({r.choice(DECIMAL)}*x + {r.choice(DECIMAL)}) - "
                f"{r.choice(WHOLE)}*relu({r.choice(DECIMAL)}*x - {r.choice(DECIMAL)}) + x^2")
    assert renumber(text, random.Random(0)) == expected == "5*relu(2.5*x + 0.5) - 2*relu(0.3*x - 1.2) + x^2"
    assert renumber("ln(1 + x1^2) + x1/x2", random.Random(3)) == "ln(3 + x1^2) + x1/x2"  # names keep their digits


@given(seed=st.integers(0, 2**31 - 1))
def test_renumber_changes_only_numbers_that_are_not_exponents(seed):
    text = "3*x^2 + 2*x*y - 0.5*y^3 + x1"
    out = renumber(text, random.Random(seed))
    coefficients = out.replace("^2", "").replace("^3", "").replace("x1", "").split()
    assert out.count("^2") == 1 and out.count("^3") == 1 and out.endswith(" + x1")
    assert out[0] in "2345" and out.split(" + ")[1][0] in "2345"
    assert out.split(" - ")[1].split("*")[0] in DECIMAL and coefficients


# ---- fixed expressions: another point, the same zeros ---------------------------------------
def test_fixed_expression_points_keep_the_worksheets_zeros():
    text = "2*relu(0.5*x + 0.1) - 3*relu(1.5*x - 0.2)"
    sheets = make_sheets(_roster(30), point_problems(text, 7), 7, "reverse", "values")
    patterns = {zeros(trace(text, at=s.exercises[0].trace.point, mode="both")) for s in sheets}
    assert len(patterns) == 1
    assert len({tuple(s.exercises[0].trace.point.items()) for s in sheets}) > 5
    assert all(0 not in s.exercises[0].trace.point.values() for s in sheets)  # the worksheet's x is not 0


def test_a_point_nobody_can_match_is_a_clear_error():
    with pytest.raises(BindingError) as caught:
        fair_random(("x*y", {"x": 0.0, "y": 1.5}), seed=0)  # x = 0: students' points are never 0
    assert caught.value.key == "exam.no_variant"
    with pytest.raises(BindingError) as caught:  # seed 255's worksheet point is x = y = 2: both ReLUs alive
        fair_point("relu(x - 1.95) + relu(y - 1.95)", student_seed(255, "S001"), 255)
    assert caught.value.key == "exam.no_variant"


# ---- through the command line ---------------------------------------------------------------
def _gradebook(tmp_path, *options: str) -> list[dict]:
    roster = tmp_path / "roster30.csv"
    roster.write_text("id,name\n" + "".join(f"S{k:03d},Student {k}\n" for k in range(1, 31)), encoding="utf-8")
    forms, key = tmp_path / "forms", tmp_path / "key.json"
    status, _, err = run_cli("exercise", *options, "--students", str(roster), "--format", "csv",
                             "-o", str(forms), "--key", str(key), "--force")
    assert status == 0, err
    status, out, err = run_cli("grade", str(forms), "--key", str(key), "--format", "csv")
    assert status == 0, err
    return list(csv.DictReader(io.StringIO(out)))


@pytest.mark.parametrize("options, marks", [
    (["--random", "--difficulty", "3", "--seed", "7"], 20),
    (["--random", "--difficulty", "3", "--seed", "7", "--count", "3"], 52),
    (["--random", "--difficulty", "2", "--seed", "1", "--count", "3"], 39),
    (["exp(x*y)*sin(x)"], 10),
])
def test_a_roster_of_30_has_one_maximum(tmp_path, options, marks):
    book = _gradebook(tmp_path, *options)
    assert len(book) == 30 and {row["max"] for row in book} == {str(marks)}


def test_vary_structure_gives_a_roster_of_30_different_maxima(tmp_path):
    book = _gradebook(tmp_path, "--random", "--difficulty", "3", "--seed", "7", "--count", "3", "--vary", "structure")
    maxima = sorted(int(row["max"]) for row in book)
    assert (maxima[0], maxima[-1], len(set(maxima))) == (50, 60, 11)


def test_vary_structure_needs_random(tmp_path):
    (tmp_path / "roster.csv").write_bytes(ROSTER)
    status, out, err = run_cli("exercise", "x*y", "--students", str(tmp_path / "roster.csv"), "--vary", "structure")
    assert (status, out) == (2, "")
    assert err.strip() == "adkit: error: --vary structure gives each student a different random exercise: use it with --random"


def test_grading_one_sheet_against_a_roster_key_shows_only_that_student(tmp_path):
    (tmp_path / "roster.csv").write_bytes(ROSTER)
    status, _, err = run_cli("exercise", "--random", "--difficulty", "2", "--seed", "3", "--count", "2",
                             "--students", str(tmp_path / "roster.csv"), "--format", "csv",
                             "-o", str(tmp_path / "forms"), "--key", str(tmp_path / "key.json"))
    assert status == 0, err
    key = json.loads((tmp_path / "key.json").read_text(encoding="utf-8"))
    sheet = str(tmp_path / "forms" / "S002.csv")
    status, out, _ = run_cli("grade", sheet, "--key", str(tmp_path / "key.json"), "--summary")
    marks = sum(len(e["graded"]) for e in key["exercises"] if e["student"] == "S002")
    assert (status, out) == (0, f"S002 Trần Văn Bình: 0/{marks} ({marks} wrong, 0 carried) {sheet}\n")
    status, out, _ = run_cli("grade", sheet, "--key", str(tmp_path / "key.json"), "--format", "gradescope")
    results = json.loads(out)
    assert status == 0 and len(results["tests"]) == 2
    assert sum(t["max_score"] for t in results["tests"]) == marks
    status, out, _ = run_cli("grade", sheet, "--key", str(tmp_path / "key.json"))
    points = {e["student"]: e["point"] for e in key["exercises"]}
    shown = ", ".join(f"{name} = {value:g}" for name, value in points["S002"].items())
    assert status == 0 and out.count(" at ") == 2
    assert all(", ".join(f"{n} = {v:g}" for n, v in points[s].items()) not in out or points[s] == points["S002"]
               for s in ("S001", "S003"))
    assert shown in out


# ---- the property: one structure per exercise, other numbers ---------------------------------
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**31 - 1), difficulty=st.integers(1, 5),
       shape=st.sampled_from([None, *SHAPES]), size=st.integers(5, 8), count=st.integers(1, 2))
def test_every_sheet_of_a_roster_has_the_worksheets_structure(seed, difficulty, shape, size, count):
    try:
        made = fair_problems(difficulty, count, shape, seed)
    except BindingError:  # a shape that does not fit the difficulty: nothing to be fair about
        return
    sheets = make_sheets(_roster(size), made, seed, "reverse", "values")
    bases = [generate(difficulty, s, shape) for s in worksheet_seeds(seed, count)]
    key = sheets_key(sheets)
    maxima = {}
    for e in key["exercises"]:
        maxima[e["student"]] = maxima.get(e["student"], 0) + len(e["graded"])
    assert len(set(maxima.values())) == 1 and len(maxima) == size
    assert len({tuple(_shape_of(s)) for s in sheets}) == 1
    for k, (text, point) in enumerate(bases):
        base = compile_program(text, inputs=list(point))
        base_zeros = zeros(trace(base, at=point, mode="both"))
        for sheet in sheets:
            exercise = sheet.exercises[k]
            assert structure(exercise.trace.program) == structure(base)
            both = trace(compile_program(exercise.trace.program.text, inputs=list(point)),
                         at=exercise.trace.point, mode="both")
            assert zeros(both) == base_zeros
            assert not both.warnings and problems(both.program, both) == [] and readable(both)
    # the same key JSON says so too: ops and argument kinds per step, graded cells
    per_student = {}
    for e in key["exercises"]:
        steps = [(s["op"], tuple("c" if isinstance(a, (int, float)) else a for a in s["args"])) for s in e["steps"]]
        per_student.setdefault(e["student"], []).append((steps, [tuple(g) for g in e["graded"]]))
    assert len({json.dumps(v) for v in per_student.values()}) == 1
    assert len({tuple(_numbers(s)) for s in sheets}) > 1  # five or more students never all draw the same numbers
