"""The folder ``-o`` of per-student files and PrairieLearn questions: an existing one is fine,
a file that would be overwritten is not (without --force), and nothing is written before that is known."""

from __future__ import annotations

from exam_helpers import ROSTER
from helpers import run_cli


def _exercise(tmp_path, fmt, *extra):
    return run_cli("exercise", "x*y", "--students", str(tmp_path / "roster.csv"), "--format", fmt,
                   "-o", str(tmp_path / "forms"), *extra)


def test_an_existing_empty_folder_takes_the_forms(tmp_path):
    (tmp_path / "roster.csv").write_bytes(ROSTER)
    (tmp_path / "forms").mkdir()
    status, _, err = _exercise(tmp_path, "csv")
    assert status == 0, err
    assert sorted(p.name for p in (tmp_path / "forms").iterdir()) == ["S001.csv", "S002.csv", "S003.csv"]


def test_other_formats_join_the_folder_but_a_file_there_is_never_overwritten_unasked(tmp_path):
    (tmp_path / "roster.csv").write_bytes(ROSTER)
    assert _exercise(tmp_path, "csv")[0] == 0
    assert _exercise(tmp_path, "html")[0] == 0  # new names in the same folder
    (tmp_path / "forms" / "S002.csv").write_text("mine", encoding="utf-8")
    (tmp_path / "forms" / "S001.csv").unlink()
    status, out, err = _exercise(tmp_path, "csv")
    assert (status, out) == (2, "")
    assert err.strip() == f"adkit: error: {tmp_path / 'forms' / 'S002.csv'} already exists; add --force to overwrite it"
    assert not (tmp_path / "forms" / "S001.csv").exists()  # refused before anything was written
    assert (tmp_path / "forms" / "S002.csv").read_text(encoding="utf-8") == "mine"
    assert _exercise(tmp_path, "csv", "--force")[0] == 0
    assert (tmp_path / "forms" / "S002.csv").read_text(encoding="utf-8").startswith("student,S002,")


def test_prairielearn_questions_are_checked_file_by_file_too(tmp_path):
    (tmp_path / "roster.csv").write_bytes(ROSTER)
    assert _exercise(tmp_path, "prairielearn")[0] == 0
    status, _, err = _exercise(tmp_path, "prairielearn")
    assert status == 2 and err.strip().endswith(f"{tmp_path / 'forms' / 'exercise1' / 'info.json'} already exists; "
                                                "add --force to overwrite it")
    assert _exercise(tmp_path, "prairielearn", "--force")[0] == 0
