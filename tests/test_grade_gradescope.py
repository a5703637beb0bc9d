"""Gradescope never leaves a student without a result (issue 23 point 7): results.json is
always written, the submitter comes from submission_metadata.json, .xlsx is accepted."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from exam_helpers import ROSTER, fill_csv
from helpers import run_cli, xlsx_bytes

from adkit.coursework.gradescope import RUN_AUTOGRADER


@pytest.fixture()
def tree(tmp_path):
    """Gradescope's /autograder with a roster key, and S002's filled sheet without its student line."""
    (tmp_path / "roster.csv").write_bytes(ROSTER)
    status, _, err = run_cli("exercise", "--random", "--count", "2", "--students", str(tmp_path / "roster.csv"),
                             "--format", "csv", "--key", str(tmp_path / "key.json"), "-o", str(tmp_path / "forms"))
    assert status == 0, err
    key = json.loads((tmp_path / "key.json").read_text(encoding="utf-8"))
    mine = [e for e in key["exercises"] if e["student"] == "S002"]
    filled = fill_csv((tmp_path / "forms" / "S002.csv").read_text(encoding="utf-8"), mine)
    root = tmp_path / "autograder"
    for folder in ("source", "submission"):
        (root / folder).mkdir(parents=True)
    (root / "source" / "key.json").write_bytes((tmp_path / "key.json").read_bytes())
    (root / "source" / "run_autograder").write_text(RUN_AUTOGRADER)
    (root / "submission_metadata.json").write_text(json.dumps(
        {"id": 1, "users": [{"email": "binh@example.edu", "id": 7, "name": "Trần Văn Bình", "sid": "S002"}]}))
    return root, filled.split("\n", 1)[1], sum(len(e["graded"]) for e in mine)


def _autograde(root) -> dict:
    env = {**os.environ, "ADKIT_AUTOGRADER_ROOT": str(root), "ADKIT_AUTOGRADER_PYTHON": sys.executable}
    done = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))


def test_an_xlsx_sheet_without_its_student_line_is_the_submitters(tree):
    root, bare, full = tree
    (root / "submission" / "answers.xlsx").write_bytes(xlsx_bytes(csv.reader(io.StringIO(bare))))
    results = _autograde(root)
    assert (results["score"], sum(t["max_score"] for t in results["tests"])) == (full, full)


def test_an_unreadable_sheet_scores_0_with_the_reason(tree):
    root, _, full = tree
    (root / "submission" / "answers.xlsx").write_bytes(b"PK\x03\x04 cut short")
    results = _autograde(root)
    assert (results["score"], sum(t["max_score"] for t in results["tests"])) == (0, full)
    assert results["output"] == ("the spreadsheet (.xlsx) cannot be read: save it again from Excel or Google Sheets,"
                                 f" or as CSV\nscore: 0/{full} ({full} wrong, 0 imprecise, 0 carried errors not counted again)")


def test_results_are_written_even_when_adkit_cannot_grade(tree):
    root, bare, _ = tree
    (root / "submission" / "a.csv").write_text(bare, encoding="utf-8")
    (root / "source" / "key.json").write_text("not a key", encoding="utf-8")
    assert _autograde(root) == {"score": 0, "output": "adkit could not grade this submission (exit 2)"}


def test_the_metadata_names_the_student_through_the_command_line(tree, tmp_path):
    root, bare, full = tree
    (tmp_path / "a.csv").write_text(bare, encoding="utf-8")
    argv = ["grade", str(tmp_path / "a.csv"), "--key", str(root / "source" / "key.json"), "--format", "gradescope"]
    status, out, _ = run_cli(*argv, "--metadata", str(root / "submission_metadata.json"))
    assert status == 0 and json.loads(out)["score"] == full
    status, out, _ = run_cli(*argv)  # whose it is is unknown: nothing to score against
    assert status == 0 and (json.loads(out)["score"], json.loads(out)["tests"]) == (0, [])
    status, out, _ = run_cli(*argv, "--metadata", str(tmp_path / "none.json"))  # no metadata: as without
    assert status == 0 and json.loads(out)["tests"] == []
