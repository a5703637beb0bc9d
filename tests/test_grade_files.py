"""File problems are loud (issue 23 point 1), and every container scores the same (point 2)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from exam_helpers import ROSTER, fill_csv
from helpers import run_cli, xlsx_bytes

from adkit.coursework.readers import MAX_UNPACKED

EXPR, AT = "exp(x*y)*sin(x)", "x=0.5,y=1"


@pytest.fixture()
def klass(tmp_path):
    """A roster key (three students, --random, two exercises each) and each student's filled CSV sheet."""
    (tmp_path / "roster.csv").write_bytes(ROSTER)
    status, _, err = run_cli("exercise", "--random", "--count", "2", "--students", str(tmp_path / "roster.csv"),
                             "--format", "csv", "--key", str(tmp_path / "key.json"), "-o", str(tmp_path / "forms"))
    assert status == 0, err
    key = json.loads((tmp_path / "key.json").read_text(encoding="utf-8"))
    for sid in ("S001", "S002", "S003"):
        mine = [e for e in key["exercises"] if e["student"] == sid]
        form = (tmp_path / "forms" / f"{sid}.csv").read_text(encoding="utf-8")
        (tmp_path / "forms" / f"{sid}.csv").write_text(fill_csv(form, mine), encoding="utf-8")
    return tmp_path, key


def _max(key: dict, sid: str) -> int:
    return sum(len(e["graded"]) for e in key["exercises"] if e["student"] == sid)


def test_a_missing_or_unreadable_path_is_exit_2_naming_it_with_no_score(tmp_path):
    assert run_cli("exercise", EXPR, "--at", AT, "--format", "csv", "--key", str(tmp_path / "k.json"),
                   "-o", str(tmp_path / "form.csv"))[0] == 0
    for form in ([], ["--summary"], ["--format", "json"], ["--format", "csv"]):
        status, out, err = run_cli("grade", str(tmp_path / "filed.csv"), "--key", str(tmp_path / "k.json"), *form)
        assert (status, out, err) == (2, "", f"adkit: error: cannot read {tmp_path / 'filed.csv'}: No such file or directory\n")
    status, out, err = run_cli("grade", str(tmp_path / "clas2"), "--key", str(tmp_path / "k.json"), "--format", "csv",
                               "-o", str(tmp_path / "gb.csv"))
    assert (status, out) == (2, "") and not (tmp_path / "gb.csv").exists()
    assert err == f"adkit: error: cannot read {tmp_path / 'clas2'}: No such file or directory\n"


def test_an_xlsx_bomb_named_on_the_command_line_is_exit_2(tmp_path):
    import zipfile

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (MAX_UNPACKED + 1))
    (tmp_path / "bomb.xlsx").write_bytes(bomb.getvalue())
    status, out, err = run_cli("grade", str(tmp_path / "bomb.xlsx"), "--expr", EXPR, "--at", AT)
    assert (status, out) == (2, "")
    assert err == (f"adkit: error: cannot read {tmp_path / 'bomb.xlsx'}: the spreadsheet (.xlsx) unpacks to more than "
                   f"{MAX_UNPACKED} bytes, more than a filled sheet can have: it was not read\n")


def test_a_folder_lists_unreadable_files_first_and_marks_their_rows(klass):
    root, key = klass
    folder = root / "forms"
    (folder / "S002.csv").unlink()
    (folder / "S002.csv").symlink_to(folder / "gone")  # S002's sheet: found by name, cannot be read
    (folder / "S003.xlsx").write_bytes(b"PK\x03\x04 cut short")
    (folder / "S003.csv").unlink()
    status, out, err = run_cli("grade", str(folder), "--key", str(root / "key.json"), "--format", "csv")
    assert status == 1
    assert err.splitlines() == [
        f"cannot read {folder / 'S002.csv'}: No such file or directory",
        f"cannot read {folder / 'S003.xlsx'}: the spreadsheet (.xlsx) cannot be read: save it again from Excel or"
        " Google Sheets, or as CSV"]
    assert list(csv.reader(io.StringIO(out))) == [
        ["id", "name", "score", "max", "problem"],
        ["S001", "Nguyễn Thị Phương", str(_max(key, "S001")), str(_max(key, "S001")), ""],
        ["S002", "Trần Văn Bình", "", str(_max(key, "S002")), "No such file or directory"],
        ["S003", "Alice Martin", "", str(_max(key, "S003")),
         "the spreadsheet (.xlsx) cannot be read: save it again from Excel or Google Sheets, or as CSV"]]
    status, out, err = run_cli("grade", str(folder), "--key", str(root / "key.json"), "--summary")
    assert status == 1 and out.splitlines()[1:] == [
        f"S002 Trần Văn Bình: cannot read {folder / 'S002.csv'}: No such file or directory",
        f"S003 Alice Martin: cannot read {folder / 'S003.xlsx'}: the spreadsheet (.xlsx) cannot be read: save it"
        " again from Excel or Google Sheets, or as CSV"]
    status, out, err = run_cli("grade", str(folder / "S001.csv"), "--key", str(root / "key.json"), "--summary")
    assert status == 0 and err == ""


def test_a_file_without_an_exercise_table_is_unreadable(klass, tmp_path):
    """Prose with no pipe table (its first line is no header of the exercise) is not graded as an
    empty sheet: exit 2 naming it alone, and in a folder listed first with its row marked."""
    root, key = klass
    reason = "no exercise table found: no header row names a column of the exercise (step, value, adjoint, …)"
    prose = root / "sheet.md"
    prose.write_text("Bài làm của em\n\nv1 = 3\n", encoding="utf-8")
    assert run_cli("exercise", EXPR, "--at", AT, "--key", str(tmp_path / "k.json"), "-o", str(tmp_path / "f.md"))[0] == 0
    for form in ([], ["--summary"], ["--format", "json"], ["--format", "csv"]):
        status, out, err = run_cli("grade", str(prose), "--key", str(tmp_path / "k.json"), *form)
        assert (status, out, err) == (2, "", f"adkit: error: cannot read {prose}: {reason}\n")
    status, out, err = run_cli("--lang", "vi", "grade", str(prose), "--key", str(tmp_path / "k.json"))
    assert status == 2 and err.startswith(f"adkit: lỗi: không đọc được {prose}: không tìm thấy bảng bài tập")
    folder = root / "forms"
    (folder / "S002.md").write_bytes(prose.read_bytes())
    (folder / "S002.csv").unlink()
    status, out, err = run_cli("grade", str(folder), "--key", str(root / "key.json"), "--format", "csv")
    assert status == 1 and err.splitlines() == [f"cannot read {folder / 'S002.md'}: {reason}"]
    assert list(csv.reader(io.StringIO(out)))[2] == ["S002", "Trần Văn Bình", "", str(_max(key, "S002")), reason]
    (folder / "notes.xlsx").write_bytes(b"PK\x03\x04 cut short")  # nobody's: a row of its own, after the roster
    status, out, err = run_cli("grade", str(folder), "--key", str(root / "key.json"), "--format", "csv")
    assert status == 1 and list(csv.reader(io.StringIO(out)))[4:] == [
        ["", str(folder / "notes.xlsx"), "", "", "the spreadsheet (.xlsx) cannot be read: save it again from Excel or"
         " Google Sheets, or as CSV"]]


def test_an_empty_folder_is_a_fine_output_folder_but_files_need_force(tmp_path):
    (tmp_path / "roster.csv").write_bytes(ROSTER)
    (tmp_path / "forms").mkdir()
    argv = ["exercise", EXPR, "--at", AT, "--students", str(tmp_path / "roster.csv"), "--format", "csv",
            "-o", str(tmp_path / "forms")]
    status, _, err = run_cli(*argv)
    assert status == 0 and sorted(p.name for p in (tmp_path / "forms").iterdir()) == ["S001.csv", "S002.csv", "S003.csv"]
    (tmp_path / "forms" / "S002.csv").write_text("mine", encoding="utf-8")
    (tmp_path / "forms" / "S001.csv").unlink()
    status, _, err = run_cli(*argv)
    assert (status, err) == (2, f"adkit: error: {tmp_path / 'forms' / 'S002.csv'} already exists; add --force to"
                                " overwrite it\n")
    assert not (tmp_path / "forms" / "S001.csv").exists()  # refused before anything was written
    status, _, err = run_cli(*argv, "--format", "markdown")  # other files beside them: fine
    assert status == 0 and (tmp_path / "forms" / "S002.md").exists()
    assert run_cli(*argv, "--force")[0] == 0 and (tmp_path / "forms" / "S002.csv").read_text() != "mine"


# ---- every container scores the same (point 2) -----------------------------------------------
def _markdown(rows: list[list[str]]) -> bytes:
    """Pipe tables, one per exercise block (the ``exercise`` column dropped)."""
    out: list[str] = []
    for row in rows:
        if row[0] == "exercise":
            out += ["", "| " + " | ".join(row[1:]) + " |", "|" + "---|" * (len(row) - 1)]
        elif row[0] != "student":
            out.append("| " + " | ".join(row[1:]) + " |")
    return "\n".join(out).encode()


def containers(text: str) -> dict[str, bytes]:
    """One filled sheet saved every way a student saves it (the student line kept where it can be)."""
    rows = list(csv.reader(io.StringIO(text)))
    semicolon = io.StringIO()
    csv.writer(semicolon, delimiter=";", lineterminator="\r\n").writerows(
        [[c.replace(".", ",") if c.replace(".", "").replace("-", "").replace("e", "").isdigit() else c for c in r]
         for r in rows])
    return {".csv": text.encode(), "-utf16.csv": text.encode("utf-16"), "-semicolon.csv": semicolon.getvalue().encode(),
            ".xlsx": xlsx_bytes(rows), ".md": _markdown(rows)}


@pytest.fixture(scope="module")
def one_key(tmp_path_factory):
    root = tmp_path_factory.mktemp("containers")
    (root / "roster.csv").write_bytes(ROSTER)
    status, _, err = run_cli("exercise", "--random", "--count", "2", "--seed", "3", "--students",
                             str(root / "roster.csv"), "--format", "csv", "--key", str(root / "key.json"),
                             "-o", str(root / "forms"))
    assert status == 0, err
    return root, json.loads((root / "key.json").read_text(encoding="utf-8"))


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_one_sheet_scores_the_same_in_every_container(one_key, data):
    root, key = one_key
    mine = [e for e in key["exercises"] if e["student"] == "S001"]
    cells = [(k, s, c) for k, e in enumerate(mine, 1) for s, c in e["graded"]]
    wrong = data.draw(st.sets(st.sampled_from(cells), max_size=6))
    text = fill_csv((root / "forms" / "S001.csv").read_text(encoding="utf-8"), mine, {cell: "7.5" for cell in wrong})
    scores = {}
    for line, sheet in (("with", text), ("without", text.split("\n", 1)[1])):
        for suffix, blob in containers(sheet).items():
            folder = root / f"{line}{suffix}"
            folder.mkdir(exist_ok=True)
            for old in folder.iterdir():
                old.unlink()
            whose = "S001" if line == "without" or suffix == ".md" else "sheet"  # the line says whose, else the name
            (folder / f"{whose}{suffix}").write_bytes(blob)
            status, out, err = run_cli("grade", str(folder), "--key", str(root / "key.json"), "--format", "csv")
            assert status == 0, err
            scores[line, suffix] = list(csv.reader(io.StringIO(out)))[1]
    full = sum(len(e["graded"]) for e in mine)
    (row,) = set(map(tuple, scores.values()))  # one score, whatever the container (7.5s may carry each other)
    # then a column per mistake named (7.5 for v̄₂ = −v̄₄ with v̄₄ = 7.5 is a subtraction's sign)
    assert row[:2] == ("S001", "Nguyễn Thị Phương") and row[3:5] == (str(full), "")
    assert full - len(wrong) <= int(row[2]) <= full and (wrong or row[2] == str(full))


def test_one_sheet_against_a_roster_key_shows_only_that_student(klass):
    """It printed every student's exercises as empty tables (issue 23 point 4)."""
    root, key = klass
    sheet = root / "forms" / "S002.csv"
    status, out, _ = run_cli("grade", str(sheet), "--key", str(root / "key.json"))
    mine = [e for e in key["exercises"] if e["student"] == "S002"]
    titles = [line for line in out.splitlines() if line.startswith(f"{sheet}: ")]
    assert status == 0 and len(titles) == len(mine) == 2
    assert all(" ".join(e["expression"].split()) in t for e, t in zip(mine, titles))
    assert out.splitlines()[-1] == f"score: {_max(key, 'S002')}/{_max(key, 'S002')} (0 wrong, 0 imprecise, 0 carried errors not counted again)"
    status, out, _ = run_cli("grade", str(sheet), "--key", str(root / "key.json"), "--summary")
    assert out == f"S002 Trần Văn Bình: {_max(key, 'S002')}/{_max(key, 'S002')} (0 wrong, 0 carried) {sheet}\n"
