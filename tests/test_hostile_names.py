"""Names are data, never markup or formulas (issue 23 point 5, the CSV, gradebook, Moodle XML and
Markdown share): hostile roster names go through every one of those exports inert, and roster ids
are unique without regard to case and safe as file names on Windows and macOS."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from exam_helpers import fill_csv
from helpers import run_cli

from adkit.coursework.cells import spreadsheet_cell

EXPR, AT = "exp(x*y)*sin(x)", "x=0.5,y=1"
NAMES = {"S1": '=HYPERLINK("http://evil.example","click")', "S2": "@SUM(A1:A2)", "S3": "+1+1", "S4": "-2+3",
         "S5": "-cmd|' /C calc'!A0", "S6": "[x](javascript:alert(1))", "S7": "Bell\x07 and \x1b esc", "S8": "<b>*bold*</b> & `x`"}


@pytest.fixture()
def roster(tmp_path):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([["id", "name"], *NAMES.items()])
    (tmp_path / "roster.csv").write_text(buffer.getvalue(), encoding="utf-8")
    return tmp_path


def test_spreadsheet_cells_are_neutralised_the_owasp_way():
    assert [spreadsheet_cell(c) for c in ("=1+1", "+1+1", "-x", "@A1", "\tx", "\rx", "-0.5", "+3e-2", "An", "", 2.5)] == \
        ["'=1+1", "'+1+1", "'-x", "'@A1", "'\tx", "'\rx", "-0.5", "+3e-2", "An", "", "2.5"]


def test_csv_sheets_and_the_gradebook_hold_no_formula(roster):
    argv = ["exercise", EXPR, "--at", AT, "--students", str(roster / "roster.csv")]
    assert run_cli(*argv, "--format", "csv", "-o", str(roster / "forms"), "--key", str(roster / "key.json"))[0] == 0
    key = json.loads((roster / "key.json").read_text(encoding="utf-8"))
    for sid, name in NAMES.items():
        first = next(csv.reader(io.StringIO((roster / "forms" / f"{sid}.csv").read_text(encoding="utf-8"))))
        assert first == ["student", sid, spreadsheet_cell(name)]
        mine = [e for e in key["exercises"] if e["student"] == sid]
        (roster / "forms" / f"{sid}.csv").write_text(
            fill_csv((roster / "forms" / f"{sid}.csv").read_text(encoding="utf-8"), mine), encoding="utf-8")
    status, out, err = run_cli("grade", str(roster / "forms"), "--key", str(roster / "key.json"), "--format", "csv")
    assert status == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert [r[1] for r in rows[1:]] == [
        "'=HYPERLINK(\"http://evil.example\",\"click\")", "'@SUM(A1:A2)", "'+1+1", "'-2+3", "'-cmd|' /C calc'!A0",
        "[x](javascript:alert(1))", "Bell\x07 and \x1b esc", "<b>*bold*</b> & `x`"]
    assert all(r[2] == r[3] == "10" for r in rows[1:])  # still graded in full: the line is only data


def test_moodle_xml_is_well_formed_without_control_characters(roster):
    status, _, err = run_cli("exercise", EXPR, "--at", AT, "--students", str(roster / "roster.csv"),
                             "-o", str(roster / "quiz.xml"), "--title", "Mid\x0bterm\x01", "--course", "AD\x1f")
    assert status == 0, err
    root = ET.fromstring((roster / "quiz.xml").read_bytes())  # not well-formed: raises
    names = [q.find("name/text").text for q in root.iter("question") if q.get("type") == "cloze"]
    assert names[6] == "S7 Bell\ufffd and \ufffd esc: exercise 1"
    assert root.find("question/category/text").text == "$course$/top/Mid\ufffdterm\ufffd"
    assert names[7] == "S8 <b>*bold*</b> & `x`: exercise 1"  # escaped by the XML writer, read back as text


def test_markdown_sheets_escape_links_and_emphasis(roster):
    status, _, err = run_cli("exercise", EXPR, "--at", AT, "--students", str(roster / "roster.csv"),
                             "--format", "markdown", "-o", str(roster / "md"))
    assert status == 0, err
    first = {sid: (roster / "md" / f"{sid}.md").read_text(encoding="utf-8").split("\n", 1)[0] for sid in NAMES}
    assert first["S6"] == r"**Name: \[x\]\(javascript\:alert\(1\)\) — Student ID: S6**"
    assert first["S8"] == r"**Name: \<b\>\*bold\*\<\/b\> \& \`x\` — Student ID: S8**".replace(r"\/", "/")


@pytest.mark.parametrize("rows, error", [
    ("S1,An\ns1,Binh\n", "{path}, row 2: the id s1 appears twice (ids are compared without regard to case, as Windows"
                         " and macOS name files)"),
    ("CON,An\n", "{path}, row 1: the id 'CON' is a name Windows reserves for a device (CON, PRN, AUX, NUL, COM1-9,"
                 " LPT1-9) and cannot name a file"),
    ("S1,An\nnul.txt,Binh\n", "{path}, row 2: the id 'nul.txt' is a name Windows reserves for a device (CON, PRN, AUX,"
                              " NUL, COM1-9, LPT1-9) and cannot name a file"),
    ("Lpt9,An\n", "{path}, row 1: the id 'Lpt9' is a name Windows reserves for a device (CON, PRN, AUX, NUL, COM1-9,"
                  " LPT1-9) and cannot name a file"),
    ("S1.,An\n", "{path}, row 1: the id 'S1.' cannot name a file (letters, digits, '.', '_', '-' only, not ending"
                 " in '.')"),
    ("S:1,An\n", "{path}, row 1: the id 'S:1' cannot name a file (letters, digits, '.', '_', '-' only, not ending"
                 " in '.')"),
])
def test_roster_ids_that_collide_or_are_reserved_are_refused_naming_the_row(tmp_path, rows, error):
    (tmp_path / "r.csv").write_text("id,name\n" + rows, encoding="utf-8")
    status, out, err = run_cli("exercise", EXPR, "--at", AT, "--students", str(tmp_path / "r.csv"), "-o",
                               str(tmp_path / "out"))
    assert (status, out, err) == (2, "", "adkit: error: " + error.format(path=tmp_path / "r.csv") + "\n")
    assert not (tmp_path / "out").exists()


def test_ids_like_reserved_names_but_longer_are_fine(tmp_path):
    (tmp_path / "r.csv").write_text("id,name\nCOM10,An\nCONSOLE,Binh\nLPT0,Chi\nS1,Dung\n", encoding="utf-8")
    status, _, err = run_cli("exercise", EXPR, "--at", AT, "--students", str(tmp_path / "r.csv"), "-o",
                             str(tmp_path / "out"))
    assert status == 0, err


def test_a_student_line_without_a_name_still_says_whose(tmp_path):
    """Mutation survivor: ``len(cells) >= 2`` → ``>= 3`` went unnoticed."""
    from adkit.coursework.roster import split_sheet

    assert split_sheet("student,S1\nstep,value\n") == ("S1", "step,value\n")
    assert split_sheet("student\nstep,value\n") == (None, "student\nstep,value\n")


def test_a_roster_of_exactly_the_limit_is_read(tmp_path):
    """Mutation survivor: ``len(data) > MAX_BYTES`` → ``>=`` went unnoticed."""
    from adkit.coursework.readers import MAX_BYTES
    from adkit.coursework.roster import read_roster

    head = b"id,name\nS1,"
    (tmp_path / "r.csv").write_bytes(head + b"a" * (MAX_BYTES - len(head)))
    assert [s.id for s in read_roster(str(tmp_path / "r.csv"))] == ["S1"]
