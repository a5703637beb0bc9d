"""Moodle XML quizzes and Gradescope: results.json, the autograder zip, run_autograder on a fake tree."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

import pytest
from exam_helpers import ROSTER, answers
from helpers import run_cli

from adkit.coursework.grade import grade
from adkit.coursework.precision import tolerance
from adkit.coursework.key import AnswerKey

CLOZE = re.compile(r"\{1:NUMERICAL:=([^:}]+):([^}]+)\}")


def _numbers(exercise: dict) -> list[tuple[float, str]]:
    """(the key's expected value, column) of every numeric graded cell, in table order."""
    entries = {e["step"]: e for e in exercise["steps"]}
    out = []
    for step, column in exercise["graded"]:
        e = entries[step]
        if column.endswith("_statement"):
            continue
        value = e["tangents"][int(column.split("_")[1]) - 1] if column.startswith("tangent_") else e[column]
        out.append((value, column))
    return out


def test_moodle_quiz_has_one_cloze_question_per_student_exercise_with_the_keys_answers(tmp_path):
    (tmp_path / "roster.csv").write_bytes(ROSTER)
    status, _, err = run_cli("exercise", "--random", "--difficulty", "3", "--seed", "5", "--count", "2",
                             "--mode", "both", "--blank", "all", "--students", str(tmp_path / "roster.csv"),
                             "-o", str(tmp_path / "quiz.xml"), "--key", str(tmp_path / "key.json"))
    assert status == 0, err
    key = json.loads((tmp_path / "key.json").read_text(encoding="utf-8"))
    root = ET.parse(tmp_path / "quiz.xml").getroot()
    assert root.tag == "quiz"
    questions = [q for q in root.findall("question") if q.get("type") == "cloze"]
    assert len(questions) == len(key["exercises"]) == 6
    for question, exercise in zip(questions, key["exercises"]):
        assert question.find("name/text").text.startswith(exercise["student"] + " ")
        assert question.find("tags/tag/text").text == f"student-{exercise['student']}"
        text = question.find("questiontext/text").text
        ET.fromstring(f"<div>{text.replace('&#', '&amp;#').replace('<br>', '<br/>')}</div>")  # well-formed table
        embedded = [(float(v), float(t)) for v, t in CLOZE.findall(text)]
        expected = _numbers(exercise)
        assert len(embedded) == len(expected) > 0
        for (value, tol), (want, _) in zip(embedded, expected):
            assert value == want  # the exact key value
            assert tol == tolerance(want, 4)
            # Moodle's interval accepts what adkit grade accepts: the value written to 4 digits
            assert abs(float(f"{want:.4g}") - value) <= tol * (1 + 1e-12)
        # statement blanks are omitted; nothing else looks like an embedded answer to Moodle's parser
        assert len(re.findall(r"\{[0-9]*:", text)) == len(embedded)


def test_grade_accepts_what_the_moodle_tolerance_accepts():
    """The answers a student gives to 4 digits are inside the Moodle tolerance and full marks for adkit grade."""
    from adkit.coursework.variants import make_sheets, random_problems, sheets_key
    from adkit.coursework.roster import Student

    sheets = make_sheets([Student("S1", "An")], random_problems(4, 1), 3, "reverse", "values")
    key = sheets_key(sheets)
    exercise = key["exercises"][0]
    csv_text = "step," + ",".join(dict.fromkeys(c for _, c in exercise["graded"])) + "\n"
    by_step: dict[str, dict[str, str]] = {}
    for (step, column), text in zip(exercise["graded"], answers(exercise)):
        by_step.setdefault(step, {})[column] = text
    columns = list(dict.fromkeys(c for _, c in exercise["graded"]))
    csv_text += "".join(f"{s},{','.join(cells.get(c, '') for c in columns)}\n" for s, cells in by_step.items())
    marking = grade(AnswerKey.from_json(key).for_student("S1"), csv_text.encode())
    assert marking.score == marking.max_score == len(exercise["graded"])


def test_moodle_variants_for_a_random_question_pool(tmp_path):
    status, _, err = run_cli("exercise", "--random", "--variants", "4", "--format", "moodle", "-o",
                             str(tmp_path / "pool.xml"), "--key", str(tmp_path / "key.json"))
    assert status == 0, err
    root = ET.parse(tmp_path / "pool.xml").getroot()
    names = [q.find("name/text").text for q in root.findall("question[@type='cloze']")]
    assert names == [f"variant{k} Variant {k}: exercise 1" for k in range(1, 5)]
    texts = {q.find("questiontext/text").text for q in root.findall("question[@type='cloze']")}
    assert len(texts) == 4


@pytest.mark.parametrize("argv", [["--variants", "3", "--format", "moodle"],
                                  ["--random", "--variants", "3", "--format", "csv"],
                                  ["--random", "--variants", "0", "--format", "moodle"]])
def test_variants_need_random_and_moodle(argv):
    status, _, err = run_cli("exercise", *(["x*y", "--at", "x=1,y=2"] if "--random" not in argv else []), *argv)
    assert status == 2 and "--variants makes a pool of random variants" in err


def test_students_need_an_output_folder(tmp_path):
    (tmp_path / "r.csv").write_bytes(ROSTER)
    status, _, err = run_cli("exercise", "x*y", "--at", "x=1,y=2", "--students", str(tmp_path / "r.csv"),
                             "--format", "csv")
    assert status == 2 and "give -o FOLDER" in err


# ---- Gradescope -------------------------------------------------------------------------------
def _roster_key(tmp_path) -> dict:
    (tmp_path / "roster.csv").write_bytes(ROSTER)
    status, _, err = run_cli("exercise", "--random", "--difficulty", "2", "--seed", "9", "--count", "2",
                             "--students", str(tmp_path / "roster.csv"), "--format", "csv", "-o",
                             str(tmp_path / "forms"), "--key", str(tmp_path / "key.json"))
    assert status == 0, err
    return json.loads((tmp_path / "key.json").read_text(encoding="utf-8"))


def _fill(form: str, exercise_answers: list[list[str]]) -> str:
    """Fill the empty graded cells of a per-student CSV form in order (value and adjoint columns)."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(form)))
    header = rows[1]
    flat = iter(a for answers_ in exercise_answers for a in answers_)
    for row in rows[2:]:
        for c, name in enumerate(header):
            if name in ("value", "adjoint") and row[c] == "":
                row[c] = next(flat)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def test_gradescope_results_have_one_test_per_exercise(tmp_path):
    key = _roster_key(tmp_path)
    mine = [e for e in key["exercises"] if e["student"] == "S003"]
    form = (tmp_path / "forms" / "S003.csv").read_text(encoding="utf-8")
    right = [answers(e) for e in mine]
    right[1][0] = "12345"  # one wrong cell in exercise 2
    (tmp_path / "S003.csv").write_text(_fill(form, right), encoding="utf-8")
    status, out, _ = run_cli("grade", str(tmp_path / "S003.csv"), "--key", str(tmp_path / "key.json"),
                             "--format", "gradescope")
    assert status == 0
    results = json.loads(out)
    sizes = [len(e["graded"]) for e in mine]
    assert [t["max_score"] for t in results["tests"]] == sizes
    assert [t["score"] for t in results["tests"]] == [sizes[0], sizes[1] - 1]
    assert results["score"] == sum(sizes) - 1
    assert all({"name", "score", "max_score", "output"} <= set(t) for t in results["tests"])
    assert "12345 is wrong" in results["tests"][1]["output"]
    assert results["tests"][0]["name"].startswith("Exercise 1: ")


def test_autograder_zip_runs_on_a_fake_autograder_tree(tmp_path):
    key = _roster_key(tmp_path)
    status, _, err = run_cli("autograder", "--key", str(tmp_path / "key.json"), "-o", str(tmp_path / "ag.zip"))
    assert status == 0, err
    root = tmp_path / "autograder"
    with zipfile.ZipFile(tmp_path / "ag.zip") as archive:
        names = archive.namelist()
        assert names[:3] == ["setup.sh", "run_autograder", "key.json"]
        wheel = next(n for n in names if re.fullmatch(r"adkit-[\d.]+-py3-none-any\.whl", n))
        assert (archive.getinfo("run_autograder").external_attr >> 16) & 0o111
        archive.extractall(root / "source")
    with zipfile.ZipFile(root / "source" / wheel) as built:  # the wheel holds the grader it needs
        assert {"adkit/__init__.py", "adkit/coursework/gradescope.py", "adkit/cli/grade.py"} <= set(built.namelist())
    assert json.loads((root / "source" / "key.json").read_text(encoding="utf-8")) == key
    site = tmp_path / "site"  # install the wheel, as setup.sh does, into a folder of its own
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target",
                    str(site), str(root / "source" / wheel)], check=True, capture_output=True)
    (root / "submission").mkdir()
    mine = [e for e in key["exercises"] if e["student"] == "S001"]
    form = (tmp_path / "forms" / "S001.csv").read_text(encoding="utf-8")
    (root / "submission" / "whatever.csv").write_text(_fill(form, [answers(e) for e in mine]), encoding="utf-8")
    env = {**os.environ, "ADKIT_AUTOGRADER_ROOT": str(root), "ADKIT_AUTOGRADER_PYTHON": sys.executable,
           "PYTHONPATH": str(site)}
    done = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    total = sum(len(e["graded"]) for e in mine)
    assert results["score"] == total and sum(t["max_score"] for t in results["tests"]) == total
    # nothing submitted: a zero score and a message, not a crash
    os.remove(root / "submission" / "whatever.csv")
    done = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True,
                          text=True, timeout=120)
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert done.returncode == 0 and results["score"] == 0 and "no .csv file was submitted" in results["output"]


def test_autograder_needs_a_key(tmp_path):
    (tmp_path / "bad.json").write_text("[]", encoding="utf-8")
    status, _, err = run_cli("autograder", "--key", str(tmp_path / "bad.json"), "-o", str(tmp_path / "a.zip"))
    assert status == 2 and "not an answer key" in err and not (tmp_path / "a.zip").exists()
