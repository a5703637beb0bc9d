"""Grading: full marks round trips, every single-cell mutation, carried errors, bad files."""

from __future__ import annotations

import csv
import io
import json

import pytest
from helpers import run_cli

import adkit
from adkit.coursework.answers import equivalent, split_statement, step_number
from adkit.coursework.forms import Exercise, answer_key
from adkit.coursework.grade import grade
from adkit.present.table import rows

EXPR, AT = "ln(x1) + x1*x2 - sin(x2)", {"x1": 2, "x2": 5}


def seed_key(mode="both", blank="all"):
    return answer_key([Exercise(adkit.trace(EXPR, at=AT, mode=mode), blank)])


def filled(mode="both", digits=None, change=None):
    """The trace table as a CSV; ``change`` maps (row, column) to a new cell text."""
    t = adkit.trace(EXPR, at=AT, mode=mode)
    body = rows(t, digits)
    for (r, c), text in (change or {}).items():
        body[r][c] = text
    buffer = io.StringIO()
    csv.writer(buffer).writerows([t.to_csv().splitlines()[0].split(","), *body])
    return buffer.getvalue().encode()


@pytest.mark.parametrize("mode", ["forward", "reverse", "both"])
@pytest.mark.parametrize("blank", ["values", "statements", "all"])
def test_trace_csv_scores_full_marks(mode, blank, tmp_path):
    key = tmp_path / "key.json"
    assert run_cli("exercise", EXPR, "--at", "x1=2,x2=5", "--mode", mode, "--blank", blank, "--key", str(key),
                   "-o", str(tmp_path / "form.md"))[0] == 0
    run_cli("trace", EXPR, "--at", "x1=2,x2=5", "--mode", mode, "--format", "csv", "-o", str(tmp_path / "a.csv"))
    status, out, _ = run_cli("grade", str(tmp_path / "a.csv"), "--key", str(key), "--format", "json")
    result = json.loads(out)
    assert status == 0 and result["problems"] == [] and result["score"] == result["max_score"] > 0


def test_key_filled_at_four_digits_scores_full_marks():
    marking = grade(seed_key(), filled(digits=4))
    assert marking.score == marking.max_score == 5 * 6 + 2 * 2 and marking.problems == []


def test_every_single_cell_mutation_is_caught_and_attributed():
    key = seed_key()
    ex = key["exercises"][0]
    ids = [c["id"] for c in ex["columns"]]
    names = [e["step"] for e in ex["steps"]]
    base = rows(adkit.trace(EXPR, at=AT, mode="both"), None)
    for step, column in ex["graded"]:
        r, c = names.index(step), ids.index(column)
        if column.endswith("_statement"):
            lhs = base[r][c].split(" = ")[0]
            bad = f"{lhs} = {base[r][c].split(' = ')[1]} + v₀"
        else:
            bad = repr(float(base[r][c]) + 1 + abs(float(base[r][c])))
        marking = grade(key, filled(change={(r, c): bad}))
        wrong = [(m.step, m.column) for m in marking.cells if m.status != "ok"]
        assert wrong == [(step, column)], (step, column, bad)
        assert marking.score == marking.max_score - 1


def test_carried_errors_are_recognised():
    # v₂ = v₋₁·v₀ = 10 written as 12; v̄₄ = 1 written as 2; later cells follow the student's numbers
    sheet = filled(mode="both", digits=4, change={
        (3, 3): "12", (5, 3): "12.69", (6, 3): "13.65",
        (5, 8): "2", (2, 8): "2", (3, 8): "2", (0, 8): "11", (1, 8): "1.716"})
    marking = grade(seed_key(), sheet)
    status = {(m.step, m.column): m.status for m in marking.cells if m.status != "ok"}
    assert status == {("v2", "value"): "wrong", ("v4", "value"): "carried", ("v5", "value"): "carried",
                      ("v4", "adjoint"): "wrong", ("v1", "adjoint"): "carried", ("v2", "adjoint"): "carried",
                      ("v-1", "adjoint"): "carried"}
    assert marking.score == marking.max_score - 2
    # a carried tangent: v̇₂ wrong (sweep 1), v̇₄ = v̇₁ + v̇₂ follows it
    marking = grade(seed_key(), filled(digits=4, change={(3, 5): "6", (5, 5): "6.5", (6, 5): "6.5"}))
    assert [(m.step, m.status) for m in marking.cells if m.column == "tangent_1" and m.status != "ok"] == [
        ("v2", "wrong"), ("v4", "carried"), ("v5", "carried")]


def test_statements_compare_symbolically_in_any_spelling():
    assert split_statement("v̄₋₁ = v̄₂·v₀ + v̄₁/v₋₁") == ("vbar_m1", "vbar_2*v_0 + vbar_1/v_m1")
    assert split_statement(r"\bar{v}_{-1} = \bar{v}_{2} \cdot v_{0}") == ("vbar_m1", "vbar_2 * v_0")
    assert split_statement("v̄₁ = v̄₂·v₂·ln v₁")[1] == "vbar_2*v_2*ln(v_1)"
    assert [step_number(s) for s in ("v₋₁", "v-1", "v_-1", "v_{-1}", "v_m1", "v−1", "v12", "x")] == [
        -1, -1, -1, -1, -1, -1, 12, None]
    change = {(0, 7): "vbar_-1 = vbar_1/v_-1 + v_0*vbar_2", (1, 7): "v̄₀ = v̄₂·v₋₁ + cos(v₀)·v̄₃",
              (4, 7): "v̄₃ = (-1)*v̄₅", (6, 7): "v̄₅ = 1", (2, 4): "v̇₁ = v̇₋₁·(1/v₋₁)"}
    marking = grade(seed_key(), filled(change=change))
    assert marking.score == marking.max_score
    assert equivalent("vbar_3*cos(v_0)", "vbar_3*sin(v_0)") is False


def test_markdown_submission(tmp_path):
    key = tmp_path / "key.json"
    run_cli("exercise", EXPR, "--at", "x1=2,x2=5", "--key", str(key), "-o", str(tmp_path / "form.md"))
    run_cli("trace", EXPR, "--at", "x1=2,x2=5", "--format", "markdown", "-o", str(tmp_path / "a.md"))
    status, out, _ = run_cli("grade", str(tmp_path / "a.md"), "--key", str(key), "--summary")
    assert (status, out) == (0, f"{tmp_path / 'a.md'}: 12/12 (0 wrong, 0 carried, 0 problems with the file)\n")


def test_bad_submissions_give_per_row_messages_and_still_grade():
    key = seed_key("reverse", "values")
    text = ("step;value;adjoint;remarks\n"
            "v-1;2;5,5;\n"  # decimal comma, semicolons
            "v_0;5;abc;\n"
            "v1;0.6931;1;ok\n"
            "v9;1;1;\n"
            "v3;-0.9589;-1;\n"
            "v4;10.69;1;\n"
            "v5;11.65;1;é\n")
    marking = grade(key, text.encode("latin-1"), "bad.csv")
    assert marking.problems == [
        "the file is not UTF-8; it was read as Windows-1258 (save it as CSV UTF-8 to be sure every character is read)",
        "column 'remarks' is not part of the exercise; it was ignored",
        "row 5: 'v9' is not a step of this exercise; the row was ignored",
        "row v₂ is missing: its cells are marked wrong",
        "row v₀, column 'adjoint': 'abc' is not a number",
    ]
    wrong = {(m.step, m.column) for m in marking.cells if m.status == "wrong"}
    assert wrong == {("v0", "adjoint")}
    assert {(m.step, m.column) for m in marking.cells if m.status == "missing"} == {("v2", "value"), ("v2", "adjoint")}
    assert (marking.score, marking.max_score) == (9, 12)


def test_bom_and_utf16_are_read():
    key = seed_key("reverse", "values")
    csv_text = filled("reverse").decode()
    for data in (b"\xef\xbb\xbf" + csv_text.encode(), csv_text.encode("utf-16")):
        marking = grade(key, data)
        assert marking.problems == [] and marking.score == marking.max_score


def test_missing_columns_and_empty_files():
    key = seed_key("reverse", "all")
    marking = grade(key, b"step,value\nv-1,2\nv0,5\nv1,0.6931\nv2,10\nv3,-0.9589\nv4,10.69\nv5,11.65\n")
    assert marking.problems == ["column 'adjoint trace' is missing: its cells are marked wrong",
                                "column 'adjoint' is missing: its cells are marked wrong"]
    assert marking.score == 5
    marking = grade(key, b"")
    assert marking.problems == ["no table found: expected a CSV with a header row or a Markdown pipe table"]
    assert marking.score == 0 and marking.max_score == 5 + 14


def test_tolerance_defaults_to_the_written_digits_and_tol_overrides(tmp_path):
    sheet = tmp_path / "s.csv"
    sheet.write_bytes(filled("reverse", change={(2, 3): "0.69", (4, 3): "-0.96"}))
    base = ["grade", str(sheet), "--expr", EXPR, "--at", "x1=2,x2=5", "--format", "json"]
    marked = json.loads(run_cli(*base)[1])
    cells = {(c["step"], c["column"]): c["status"] for c in marked["cells"]}
    assert cells[("v1", "value")] == "imprecise" and cells[("v3", "value")] == "imprecise"
    assert marked["score"] == marked["max_score"] - 1  # two half credits
    marked = json.loads(run_cli(*base, "--imprecise-credit", "0")[1])
    assert marked["score"] == marked["max_score"] - 2
    cells = {(c["step"], c["column"]): c["status"] for c in json.loads(run_cli(*base, "--tol", "1e-2")[1])["cells"]}
    assert cells[("v1", "value")] == "ok" and cells[("v3", "value")] == "ok"
    sheet.write_bytes(filled("reverse", change={(2, 3): "0.7", (4, 3): "-1"}))
    cells = {(c["step"], c["column"]): c["status"] for c in json.loads(run_cli(*base)[1])["cells"]}
    assert cells[("v1", "value")] == "imprecise" and cells[("v3", "value")] == "imprecise"
    sheet.write_bytes(filled("reverse", change={(2, 3): "1", (4, 3): "0"}))  # 0.6931 and -0.9589: whole numbers
    cells = {(c["step"], c["column"]): c["status"] for c in json.loads(run_cli(*base)[1])["cells"]}
    assert cells[("v1", "value")] == "imprecise" and cells[("v3", "value")] == "wrong"
    status, _, _ = run_cli(*base, "--imprecise-credit", "2")
    assert status == 2


def test_an_answer_exactly_at_the_tolerance_is_ok(tmp_path):
    """|a − b| ≤ T, not < T: v₂ = x1·x2 = 10 and 10.25 (both exact in binary) with --tol 0.25."""
    sheet = tmp_path / "s.csv"
    base = ["grade", str(sheet), "--expr", EXPR, "--at", "x1=2,x2=5", "--format", "json", "--tol", "0.25"]
    for written, expected in (("10.25", "ok"), ("9.75", "ok"), ("10.250001", "wrong"), ("9.749999", "wrong")):
        sheet.write_bytes(filled("reverse", change={(3, 3): written}))
        cells = {(c["step"], c["column"]): c["status"] for c in json.loads(run_cli(*base)[1])["cells"]}
        assert cells[("v2", "value")] == expected, written


def test_imprecise_counts_the_significant_digits_written(tmp_path):
    """v₅ = 11.652…: 11.7 has 3 significant digits of the 4 asked and is right to them (imprecise);
    11.66 has the 4 asked and is simply wrong; a written 0 has no significant digit (wrong)."""
    sheet = tmp_path / "s.csv"
    base = ["grade", str(sheet), "--expr", EXPR, "--at", "x1=2,x2=5", "--format", "json"]
    for written, expected in (("11.7", "imprecise"), ("11.66", "wrong"), ("12", "imprecise"), ("11.6", "wrong")):
        sheet.write_bytes(filled("reverse", change={(6, 3): written}))
        cells = {(c["step"], c["column"]): c["status"] for c in json.loads(run_cli(*base)[1])["cells"]}
        assert cells[("v5", "value")] == expected, written
    sheet.write_text("step,primal trace,value\nv₀,x,0.3\nv₁,sin v₀,0\n", encoding="utf-8")
    cells = json.loads(run_cli("grade", str(sheet), "--expr", "sin(x)", "--at", "x=0.3", "--format", "json")[1])["cells"]
    assert [(c["step"], c["status"]) for c in cells if c["column"] == "value"] == [("v1", "wrong")]  # sin 0.3 = 0.2955


def test_summary_has_one_line_per_student_and_a_marked_table(tmp_path):
    (tmp_path / "ann.csv").write_bytes(filled("reverse"))
    (tmp_path / "bob.csv").write_bytes(filled("reverse", digits=4, change={(5, 5): "2", (2, 5): "2"}))
    argv = ["--expr", EXPR, "--at", "x1=2,x2=5"]
    status, out, err = run_cli("grade", str(tmp_path / "ann.csv"), str(tmp_path / "bob.csv"),
                               str(tmp_path / "nobody.csv"), *argv, "--summary")
    assert (status, out) == (2, "")  # a mistyped path is no score, not 0/12
    assert err == f"adkit: error: cannot read {tmp_path / 'nobody.csv'}: No such file or directory\n"
    status, out, _ = run_cli("grade", str(tmp_path / "ann.csv"), str(tmp_path / "bob.csv"), *argv, "--summary")
    lines = out.splitlines()
    assert status == 0 and len(lines) == 2
    assert lines[0].endswith("ann.csv: 12/12 (0 wrong, 0 carried, 0 problems with the file)")
    assert lines[1].endswith("bob.csv: 11/12 (1 wrong, 1 carried, 0 problems with the file)")
    status, out, _ = run_cli("grade", str(tmp_path / "bob.csv"), *argv)
    assert "✗ 2 → 1" in out and "carried 2" in out and "score: 11/12" in out


def test_vietnamese_marks():
    key = json.dumps(seed_key("reverse", "values"))
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        (path := __import__("pathlib").Path(d) / "k.json").write_text(key, encoding="utf-8")
        (sheet := path.with_name("s.csv")).write_bytes(filled("reverse", digits=4, change={(5, 5): "2", (2, 5): "2"}))
        status, out, _ = run_cli("grade", str(sheet), "--key", str(path), "--lang", "vi")
    assert status == 0 and "sai kéo theo 2" in out and "điểm: 11/12" in out


def test_grade_usage_errors(tmp_path):
    (tmp_path / "k.json").write_text("{}", encoding="utf-8")
    status, _, err = run_cli("grade", "a.csv", "--key", str(tmp_path / "k.json"))
    assert status == 2 and "not an answer key" in err
    status, _, err = run_cli("grade", "a.csv")
    assert status == 2 and "give --key KEY.json, or --expr and --at" in err
