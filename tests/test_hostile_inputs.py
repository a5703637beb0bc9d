"""Every command that reads a file, fed hostile files through ``main([...])``: each ends in exit
0, 1 or 2 with any error as one line on stderr, never a traceback (issue 22, point 2).

The corpus is made here, in bytes: a filled sheet saved every way spreadsheets and editors
save one (bare CR, CRLF, BOM, UTF-16 with and without a BOM, Windows-1258, ';' with decimal
commas, .xlsx), and broken on purpose (malformed UTF-16, NUL bytes, binary, empty, huge
fields, too large, a zip cut short, zip bombs, one whose header lies).
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import subprocess
import sys
import tracemalloc
import zipfile
import zlib

import pytest
from exam_helpers import ROSTER, answers
from helpers import run_cli, xlsx_bytes
from hypothesis import given, settings, strategies as st
from strategies import examples

from adkit.coursework.key import MAX_KEY_BYTES
from adkit.coursework.gradescope import RUN_AUTOGRADER
from adkit.coursework.readers import MAX_BYTES, MAX_UNPACKED
from adkit.messages import message

EXPR, AT = "x1*x2 + sin(x1)", "x1=0.5,x2=1.5"
#: Sheets that hold every right answer, whatever way they were saved.
FULL = ("plain.csv", "bare-cr.csv", "crlf.csv", "bom.csv", "utf16-le-bom.csv", "utf16-be-bom.csv", "utf16-le.csv",
        "utf16-be.csv", "cp1258.csv", "latin1.csv", "semicolon.csv", "nul.csv", "book.xlsx")
#: Sheets that cannot be read as a whole: named on the command line, exit 2 naming them.
UNREADABLE = ("too-large.csv", "cut.xlsx", "bomb.xlsx", "lying.xlsx", "zip-only.xlsx", "bzip2.xlsx")
#: Sheets with no exercise table (no header names a column), unreadable when graded against the whole
#: key; against a roster key whose student they name nobody, so they are only listed as unknown.
NO_TABLE = (("class", "binary.csv"), ("class", "huge-line.csv"))
#: The corpus of sheets, by file name.
SHEETS = ("plain.csv", "bare-cr.csv", "crlf.csv", "bom.csv", "utf16-le-bom.csv", "utf16-be-bom.csv", "utf16-le.csv",
          "utf16-be.csv", "utf16-odd.csv", "utf16-surrogate.csv", "cp1258.csv", "latin1.csv", "semicolon.csv",
          "nul.csv", "binary.csv", "empty.csv", "huge-field.csv", "huge-line.csv", "too-large.csv", "book.xlsx",
          "cut.xlsx", "bomb.xlsx", "lying.xlsx", "zip-only.xlsx", "bzip2.xlsx")


def _filled(form: str, key: dict) -> str:
    """The CSV form with every empty value and adjoint cell filled from the key, in order."""
    rows = list(csv.reader(io.StringIO(form)))
    flat = iter(a for exercise in key["exercises"] for a in answers(exercise))
    header: list[str] = []
    for row in rows:
        if row[0] in ("step", "exercise"):
            header = row
            continue
        for c, name in enumerate(header):
            if name in ("value", "adjoint") and c < len(row) and row[c] == "":
                row[c] = next(flat)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _ascii(text: str) -> str:
    """Step names as Excel users type them where the encoding has no subscripts."""
    text = text.translate(str.maketrans("₋₀₁₂₃₄₅₆₇₈₉", "-0123456789"))
    return text.replace("v̄", "vbar").replace("·", "*").replace("y\u0304", "ybar").replace("ȳ", "ybar")


@functools.cache
def _bomb(size: int, lie: int | None = None) -> bytes:
    """An .xlsx whose sheet holds one cell of ``size`` bytes, streamed through deflate (a few
    hundred KB); ``lie``: the headers declare that many bytes (with the CRC of that prefix)."""
    head, tail = b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>', b"</t></is></c></row></sheetData></worksheet>"
    packer, chunk = zlib.compressobj(9, zlib.DEFLATED, -15), b"a" * 1_000_000
    body, crc = [packer.compress(head)], zlib.crc32(head)
    for _ in range(size // len(chunk)):
        body.append(packer.compress(chunk))
        crc = zlib.crc32(chunk, crc)
    body.append(packer.compress(tail) + packer.flush())
    crc, declared = zlib.crc32(tail, crc), len(head) + size // len(chunk) * len(chunk) + len(tail)
    if lie is not None:
        declared, crc = lie, zlib.crc32((head + b"a" * lie)[:lie])
    base = zipfile.ZipFile(io.BytesIO(xlsx_bytes(csv.reader(io.StringIO("step,value\nv1,1\n")))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in base.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(info.filename, base.read(info))
    data = bytearray(out.getvalue())
    # append the sheet by hand: local header, deflated data, central directory entry
    name, packed = b"xl/worksheets/sheet1.xml", b"".join(body)
    end = data.rindex(b"PK\x05\x06")
    entries, directory = int.from_bytes(data[end + 10:end + 12], "little"), int.from_bytes(data[end + 16:end + 20], "little")
    local = (b"PK\x03\x04" + (20).to_bytes(2, "little") + bytes(2) + (8).to_bytes(2, "little") + bytes(4)
             + crc.to_bytes(4, "little") + len(packed).to_bytes(4, "little") + declared.to_bytes(4, "little")
             + len(name).to_bytes(2, "little") + bytes(2) + name)
    central = (b"PK\x01\x02" + (20).to_bytes(2, "little") * 2 + bytes(2) + (8).to_bytes(2, "little") + bytes(4)
               + crc.to_bytes(4, "little") + len(packed).to_bytes(4, "little") + declared.to_bytes(4, "little")
               + len(name).to_bytes(2, "little") + bytes(8) + bytes(4) + directory.to_bytes(4, "little") + name)
    old_central = bytes(data[directory:end])
    files = bytes(data[:directory]) + local + packed
    new_central = old_central + central
    tail_record = (b"PK\x05\x06" + bytes(4) + (entries + 1).to_bytes(2, "little") * 2
                   + len(new_central).to_bytes(4, "little") + len(files).to_bytes(4, "little") + bytes(2))
    return files + new_central + tail_record


def sheet_corpus(text: str) -> dict[str, bytes]:
    """A filled sheet saved every common way, and broken every way the fuzz found."""
    utf16 = text.encode("utf-16-le")
    plain = _ascii(text)
    corpus = {
        "plain.csv": text.encode(),
        "bare-cr.csv": text.replace("\n", "\r").encode(),
        "crlf.csv": text.replace("\n", "\r\n").encode(),
        "bom.csv": text.encode("utf-8-sig"),
        "utf16-le-bom.csv": b"\xff\xfe" + utf16,
        "utf16-be-bom.csv": b"\xfe\xff" + text.encode("utf-16-be"),
        "utf16-le.csv": utf16,
        "utf16-be.csv": text.encode("utf-16-be"),
        "utf16-odd.csv": b"\xff\xfe" + utf16 + b"x",
        "utf16-surrogate.csv": b"\xff\xfe" + utf16[:20] + "\ud800".encode("utf-16-le", "surrogatepass") + utf16[20:],
        "cp1258.csv": plain.encode("cp1258", "replace"),  # the student's name may not fit; the id does
        "latin1.csv": plain.encode("latin-1", "replace"),
        "semicolon.csv": text.replace(",", ";").replace(".", ",").encode(),
        "nul.csv": text.replace("\n", "\n\x00", 1).encode(),
        "binary.csv": bytes(range(256)) * 8,
        "empty.csv": b"",
        "huge-field.csv": text.encode() + b"v1," + b"9" * 300_000 + b"\n",
        "huge-line.csv": b"x" * (MAX_BYTES - 10),
        "too-large.csv": text.encode() + b" " * MAX_BYTES,
        "book.xlsx": xlsx_bytes(csv.reader(io.StringIO(text))),  # with the student line when the sheet had one
        "cut.xlsx": xlsx_bytes(csv.reader(io.StringIO(text)))[:700],
        "bomb.xlsx": _bomb(3 * MAX_UNPACKED),
        "lying.xlsx": _bomb(3 * MAX_UNPACKED, lie=1000),
        "zip-only.xlsx": _zip({"a.txt": b"hello"}),
        "bzip2.xlsx": _zip({"[Content_Types].xml": b"<x/>" * 100}, zipfile.ZIP_BZIP2),
    }
    assert tuple(corpus) == SHEETS
    return corpus


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    """A whole-class key and a roster key, their filled sheets and the corpus of each on disk."""
    root = tmp_path_factory.mktemp("hostile")
    (root / "roster.csv").write_bytes(ROSTER)
    status, _, err = run_cli("exercise", EXPR, "--at", AT, "--format", "csv", "--key", str(root / "key.json"),
                             "-o", str(root / "form.csv"))
    assert status == 0, err
    status, _, err = run_cli("exercise", EXPR, "--at", AT, "--students", str(root / "roster.csv"), "--format", "csv",
                             "--key", str(root / "rkey.json"), "-o", str(root / "forms"))
    assert status == 0, err
    key, rkey = (json.loads((root / f).read_text(encoding="utf-8")) for f in ("key.json", "rkey.json"))
    mine = {**rkey, "exercises": [e for e in rkey["exercises"] if e["student"] == "S001"]}
    texts = {"class": _filled((root / "form.csv").read_text(encoding="utf-8"), key),
             "S001": _filled((root / "forms" / "S001.csv").read_text(encoding="utf-8"), mine)}
    for who, text in texts.items():
        (root / who).mkdir()
        for name, data in sheet_corpus(text).items():
            (root / who / name).write_bytes(data)
    (root / "S001" / "S001.xlsx").write_bytes((root / "S001" / "book.xlsx").read_bytes())  # a workbook's name says whose
    return root


def clean(status: int, out: str, err: str) -> None:
    """Exit 0, 1 or 2; no traceback; an error is one line."""
    assert status in (0, 1, 2)
    assert "Traceback" not in out + err
    if status == 2:  # a syntax error adds its line of text and a caret run, indented
        reason, *shown = err.splitlines()
        assert reason.startswith("adkit: error: ") and len(shown) in (0, 2) and all(s[:2] == "  " for s in shown), err


def _run(*argv: str) -> tuple[int, str, str]:
    result = run_cli(*argv)
    clean(*result)
    return result


@pytest.mark.parametrize("name", SHEETS)
def test_grade_reads_every_sheet_through_the_command_line(work, name):
    for who, key in (("class", "key.json"), ("S001", "rkey.json")):
        path = str(work / who / ("S001.xlsx" if (who, name) == ("S001", "book.xlsx") else name))
        status, out, err = _run("grade", path, "--key", str(work / key), "--format", "json")
        if name in UNREADABLE or (who, name) in NO_TABLE:
            assert status == 2 and out == "" and err.startswith(f"adkit: error: cannot read {path}: "), err
            continue
        assert status == 0, err
        marking = json.loads(out)
        assert 0 <= marking["score"] <= marking["max_score"]
        if name in FULL:
            assert marking["score"] == marking["max_score"] > 0, (who, marking["problems"])
        for form in (["--format", "csv"], ["--format", "gradescope"], ["--summary"], []):
            status, out, err = _run("grade", path, "--key", str(work / key), *form)
            assert status == 0, err


@pytest.mark.parametrize("name,problem", [
    ("too-large.csv", f"the file has {MAX_BYTES + 1} bytes, more than the {MAX_BYTES} a filled sheet can have"),
    ("cut.xlsx", "the spreadsheet (.xlsx) cannot be read: save it again from Excel or Google Sheets, or as CSV"),
    ("lying.xlsx", "the spreadsheet (.xlsx) cannot be read: save it again from Excel or Google Sheets, or as CSV"),
    ("bzip2.xlsx", "the spreadsheet (.xlsx) cannot be read: save it again from Excel or Google Sheets, or as CSV"),
    ("bomb.xlsx", f"the spreadsheet (.xlsx) unpacks to more than {MAX_UNPACKED} bytes, more than a filled sheet can"
                  " have: it was not read"),
])
def test_a_sheet_that_cannot_be_read_says_why(work, name, problem):
    """Named on the command line: exit 2 naming it, no score (an .xlsx bomb printed a table of empty cells)."""
    path = str(work / "class" / name)
    for form in (["--format", "json"], []):
        status, out, err = _run("grade", path, "--key", str(work / "key.json"), *form)
        assert (status, out) == (2, "") and err.startswith(f"adkit: error: cannot read {path}: {problem}"), err


def test_a_zip_bomb_is_refused_in_bounded_memory(work):
    """296 KB holding a 300 MB cell took 1.7 s and 621 MB before the bound (0.1 s, 44 MB now);
    here a 30 MB cell, and one whose header says 1,000 bytes.  ``--expr``: no key file read."""
    for name in ("bomb.xlsx", "lying.xlsx"):
        tracemalloc.start()
        try:
            _run("grade", str(work / "class" / name), "--expr", EXPR, "--at", AT, "--format", "json")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 2 * MAX_UNPACKED, (name, peak)


def test_a_class_folder_with_every_kind_of_file_still_gives_every_line(work):
    status, out, err = _run("grade", str(work / "S001"), "--key", str(work / "rkey.json"), "--summary")
    assert status == 1 and err.splitlines() == [f"cannot read {work / 'S001' / n}: " + message(reason, **params)
                                                for n, (reason, params) in _UNREADABLE_REASONS.items()], err
    lines = out.splitlines()
    full = sum(len(e["graded"]) for e in json.loads((work / "rkey.json").read_text())["exercises"]
               if e["student"] == "S001")
    assert lines[0].startswith("S001") and f"{full}/{full}" in lines[0], lines[0]
    assert any(line.startswith("S002") for line in lines) and any(line.startswith("S003") for line in lines)
    status, out, err = _run("grade", str(work / "S001"), "--key", str(work / "rkey.json"), "--format", "csv")
    assert status == 1 and out.splitlines()[1].startswith("S001,") and out.splitlines()[1].endswith(f",{full},{full},")
    unread = [row for row in csv.reader(io.StringIO(out)) if row[0] == ""]  # whose: unknown (too-large.csv is S001's)
    assert unread == [["", str(work / "S001" / n), "", "", message(reason, **params)]
                      for n, (reason, params) in _UNREADABLE_REASONS.items() if n != "too-large.csv"]


#: The unreadable files of the S001 folder, in the order they are listed (by name), and why.
_UNREADABLE_REASONS = {
    "bomb.xlsx": ("grade.xlsx_too_large", {"limit": MAX_UNPACKED}),
    "bzip2.xlsx": ("grade.bad_xlsx", {}),
    "cut.xlsx": ("grade.bad_xlsx", {}),
    "lying.xlsx": ("grade.bad_xlsx", {}),
    "too-large.csv": ("grade.too_large", {"size": MAX_BYTES + 1, "limit": MAX_BYTES}),
    "zip-only.xlsx": ("grade.bad_xlsx", {}),
}


def test_a_class_folder_with_a_folder_a_named_pipe_and_a_broken_link(work, tmp_path):
    """Opening the pipe waited for a writer forever; the folder and the link are not sheets."""
    (tmp_path / "S001.csv").write_bytes((work / "S001" / "bare-cr.csv").read_bytes())
    (tmp_path / "folder.csv").mkdir()
    os.mkfifo(tmp_path / "pipe.csv")
    (tmp_path / "link.csv").symlink_to(tmp_path / "gone")
    status, out, err = _run("grade", str(tmp_path), "--key", str(work / "rkey.json"), "--summary")
    assert status == 1 and out.splitlines()[-1] == f"cannot read {tmp_path / 'link.csv'}: No such file or directory"
    assert err == f"cannot read {tmp_path / 'link.csv'}: No such file or directory\n"
    assert "folder.csv" not in out and "pipe.csv" not in out and out.startswith("S001 ")


def test_the_autograder_script_writes_results_for_a_bare_cr_sheet(work, tmp_path):
    """One such file stopped ``run_autograder`` before results.json was written."""
    root = tmp_path / "autograder"
    (root / "source").mkdir(parents=True)
    (root / "submission").mkdir()
    (root / "source" / "key.json").write_bytes((work / "rkey.json").read_bytes())
    (root / "source" / "run_autograder").write_text(RUN_AUTOGRADER)
    for name in ("bare-cr.csv", "utf16-odd.csv", "utf16-surrogate.csv", "nul.csv", "binary.csv", "empty.csv"):
        (root / "submission" / name).write_bytes((work / "S001" / name).read_bytes())
    env = {**os.environ, "ADKIT_AUTOGRADER_ROOT": str(root), "ADKIT_AUTOGRADER_PYTHON": sys.executable}
    done = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert results["score"] == sum(t["max_score"] for t in results["tests"]) > 0


def roster_corpus() -> dict[str, bytes]:
    text = ROSTER.decode("utf-8-sig").replace(";", ",").replace("\r\n", "\n")
    utf16 = text.encode("utf-16-le")
    return {
        "excel.csv": ROSTER,
        "bare-cr.csv": text.replace("\n", "\r").encode(),
        "utf16-le-bom.csv": b"\xff\xfe" + utf16,
        "utf16-be-bom.csv": b"\xfe\xff" + text.encode("utf-16-be"),
        "utf16-odd.csv": b"\xff\xfe" + utf16 + b"x",
        "utf16-surrogate.csv": b"\xff\xfe" + utf16[:8] + "\udc00".encode("utf-16-le", "surrogatepass") + utf16[8:],
        "cp1258.csv": text.encode("cp1258", "replace"),
        "empty.csv": b"",
        "binary.csv": bytes(range(256)),
        "nul.csv": b"S001,An\x00\nS002,Binh\n",
        "huge-cell.csv": b"S001," + b"a" * 200_000 + b"\n",
        "huge-quoted.csv": b'S001,"' + b"a\n" * 100_000 + b'"\n',
        "too-large.csv": b"S001,An\n" * (MAX_BYTES // 8 + 1),
        "book.xlsx": xlsx_bytes(csv.reader(io.StringIO(text))),
    }


ROSTER_ERRORS = {
    "utf16-odd.csv": "{path} is not UTF-8 or UTF-16: save the roster as CSV UTF-8",
    "utf16-surrogate.csv": "{path} is not UTF-8 or UTF-16: save the roster as CSV UTF-8",
    "cp1258.csv": "{path} is not UTF-8 or UTF-16: save the roster as CSV UTF-8",
    "binary.csv": "{path} is not UTF-8 or UTF-16: save the roster as CSV UTF-8",
    "book.xlsx": "{path} is not UTF-8 or UTF-16: save the roster as CSV UTF-8",
    "empty.csv": "{path} lists no students: expected the columns id,name",
    "too-large.csv": f"{{path}} has more than {MAX_BYTES} bytes: a roster is one id,name line per student",
}


@pytest.mark.parametrize("name", sorted(roster_corpus()))
def test_exercise_reads_every_roster_through_the_command_line(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(roster_corpus()[name])
    status, out, err = _run("exercise", EXPR, "--at", AT, "--students", str(path), "--format", "csv",
                            "-o", str(tmp_path / "forms"))
    if name in ROSTER_ERRORS:
        assert (status, err) == (2, f"adkit: error: {ROSTER_ERRORS[name].format(path=path)}\n")
    else:
        assert status == 0, err
        assert (tmp_path / "forms" / "S001.csv").is_file()


def test_a_roster_cell_over_csvs_own_limit_in_a_fresh_process(tmp_path):
    """csv's field limit (128 KiB) is raised by the grader's reader; the roster reads within it
    even when nothing else imported that reader first."""
    path = tmp_path / "r.csv"
    path.write_bytes(roster_corpus()["huge-quoted.csv"])
    done = subprocess.run([sys.executable, "-m", "adkit", "exercise", EXPR, "--at", AT, "--students", str(path),
                           "--format", "csv", "-o", str(tmp_path / "forms")], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr


FORMULA_FILES = {
    "utf8.txt": (b"y = x^2\n", 0, None),
    "bom-crlf.txt": (b"\xef\xbb\xbfa = x^2\r\ny = a + 1\r\n", 0, None),
    "bare-cr.txt": (b"a = x^2\ry = a + 1\r", 0, None),
    "utf16.txt": ("y = x^2\n".encode("utf-16"), 2, "{path} is a binary file (it contains NUL bytes); give a text"
                                                    " file with a formula or program"),
    "latin1.txt": ("y = x^2 # é\n".encode("latin-1"), 2, "{path} is not UTF-8 text (bad byte at offset 10); save it"
                                                          " as UTF-8"),
    "empty.txt": (b"", 2, "empty expression: type a formula such as ln(x1) + x1*x2"),
    "huge.txt": (b"x+" * 1_000_001, 2, "the text is 2,000,002 characters long; the limit is 2,000,000"),
    "huge-bytes.txt": (("é" * 4_000_001).encode(), 2, "the text is > 2,000,000 characters long; the limit is 2,000,000"),
}


@pytest.mark.parametrize("name", sorted(FORMULA_FILES))
def test_at_file_formulas_read_every_file(tmp_path, name):
    data, expected, error = FORMULA_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    status, out, err = _run("trace", f"@{path}", "--at", "x=3")
    assert status == expected, err
    if error:
        assert err.splitlines()[0] == "adkit: error: " + error.format(path=path)


def test_at_file_that_cannot_be_opened(tmp_path, capsys):
    status, _, err = _run("trace", f"@{tmp_path}", "--at", "x=3")
    assert (status, err) == (2, f"adkit: error: cannot read {tmp_path}: Is a directory\n")
    status, _, err = _run("trace", f"@{tmp_path / 'none.txt'}", "--at", "x=3")
    assert (status, err) == (2, f"adkit: error: cannot read {tmp_path / 'none.txt'}: No such file or directory\n")
    assert main_refuses(capsys, ["trace", "@a\0b", "--at", "x=3"]) == (
        "adkit trace: error: an argument holds a NUL character (\\0), which no file name or formula can hold")


def main_refuses(capsys, argv: list[str]) -> str:
    """The one-line argparse error of ``adkit ARGV`` (its help hint checked and dropped)."""
    status, out, err = run_cli(*argv)
    lines = capsys.readouterr().err.splitlines()
    assert status == 2 and out == err == "" and len(lines) == 2 and lines[1].endswith(" --help'")
    return lines[0]


KEY_FILES = {
    "empty.json": b"",
    "binary.json": bytes(range(256)),
    "utf16.json": '{"a": 1}'.encode("utf-16"),
    "nul.json": b'{"a"\x00: 1}',
    "list.json": b"[]",
    "deep.json": b"[" * 100_000,
}


@pytest.mark.parametrize("name", sorted(KEY_FILES))
def test_a_broken_key_is_one_line(tmp_path, name):
    (tmp_path / name).write_bytes(KEY_FILES[name])
    (tmp_path / "s.csv").write_text("step,value\n")
    status, _, err = _run("grade", str(tmp_path / "s.csv"), "--key", str(tmp_path / name))
    assert (status, err) == (2, "adkit: error: " + message("grade.bad_key") + "\n")


def test_a_key_is_read_bounded(tmp_path):
    with open(tmp_path / "big.json", "wb") as handle:
        handle.truncate(MAX_KEY_BYTES + 1)
    status, _, err = _run("grade", str(tmp_path), "--key", str(tmp_path / "big.json"))
    assert (status, err) == (2, f"adkit: error: {tmp_path / 'big.json'} has more than {MAX_KEY_BYTES} bytes: not an"
                                " answer key made by adkit exercise --key\n")


@pytest.mark.parametrize("option", ["--weights", "--biases"])
def test_json_nested_thousands_deep_is_a_format_error(option):
    """json raised RecursionError, which escaped main()."""
    status, _, err = _run("mlp", "trace", option, "[" * 100_000)
    reason = message("nn.weights_format", what=f"{option} #1", text="[" * 100_000)
    assert (status, err) == (2, f"adkit: error: {reason}\n")


def _edited(key: dict, edit) -> dict:
    key = json.loads(json.dumps(key))
    edit(key["exercises"][0], key)
    return key


KEY_EDITS = {
    "graded column unknown": lambda ex, key: ex["graded"].append([ex["steps"][0]["step"], "nope"]),
    "graded step unknown": lambda ex, key: ex["graded"].append(["v99", ex["graded"][0][1]]),
    "graded cell a list": lambda ex, key: ex["graded"].append([[1], "value"]),
    "step name not vN": lambda ex, key: ex["steps"][0].update(step="x"),
    "answer NaN": lambda ex, key: ex["steps"][-1].update({ex["graded"][-1][1]: float("nan")}),
    "answer text": lambda ex, key: ex["steps"][-1].update({ex["graded"][-1][1]: "4"}),
    "tangent past the seeds": lambda ex, key: ex["graded"].append([ex["steps"][0]["step"], "tangent_7"]),
    "header not text": lambda ex, key: ex["columns"][0]["headers"].update(en=1),
    "mode unknown": lambda ex, key: ex.update(mode="sideways"),
    "point not a number": lambda ex, key: ex["point"].update(x1="1"),
    "student without a name": lambda ex, key: key.update(students=[{"id": "S1"}]),
    "no steps": lambda ex, key: ex.pop("steps"),
}


@pytest.mark.parametrize("edit", sorted(KEY_EDITS))
def test_a_key_edited_by_hand_is_not_a_key(work, tmp_path, edit):
    """Keys passed a shallow check and then raised deep in the grader (StopIteration, TypeError,
    ValueError from JSON output of NaN)."""
    key = _edited(json.loads((work / "key.json").read_text(encoding="utf-8")), KEY_EDITS[edit])
    (tmp_path / "key.json").write_text(json.dumps(key))
    for form in (["--format", "json"], ["--format", "gradescope"], []):
        status, _, err = _run("grade", str(work / "class" / "plain.csv"), "--key", str(tmp_path / "key.json"), *form)
        assert (status, err) == (2, "adkit: error: " + message("grade.bad_key") + "\n")


@pytest.mark.parametrize("mode", ["forward", "reverse", "both"])
@pytest.mark.parametrize("blank", ["values", "statements", "all"])
def test_every_key_adkit_writes_is_a_key(tmp_path, mode, blank):
    status, _, err = _run("exercise", "--random", "--count", "8", "--difficulty", "4", "--mode", mode, "--blank", blank,
                          "--format", "csv", "-o", str(tmp_path / "f.csv"), "--key", str(tmp_path / "k.json"))
    assert status == 0, err
    status, out, err = _run("grade", str(tmp_path / "f.csv"), "--key", str(tmp_path / "k.json"), "--format", "json")
    assert status == 0 and json.loads(out)["max_score"] > 0, err


_VALUES = st.sampled_from([None, "", "x", 0, -1, 1.5, True, [], {}, [1], ["v1", "value"], {"en": 1}, "v99",
                           "tangent_9", "both", float("nan")])


@settings(max_examples=examples(30))
@given(st.data())
def test_fuzz_keys_through_main(work, fuzz_files, data):
    """Any field of a key replaced, deleted or added: graded or refused in one line."""
    key = json.loads((work / data.draw(st.sampled_from(["key.json", "rkey.json"]))).read_text(encoding="utf-8"))
    for _ in range(data.draw(st.integers(1, 3))):
        parent, name = key, None
        while name is None or (isinstance(parent[name], (dict, list)) and parent[name] and data.draw(st.booleans())):
            parent = parent if name is None else parent[name]
            name = data.draw(st.sampled_from(sorted(parent) if isinstance(parent, dict) else range(len(parent))))
        parent[name] = data.draw(_VALUES)
    (fuzz_files / "key.json").write_text(json.dumps(key))
    for form in (["--format", "json"], ["--format", "gradescope"], ["--summary"]):
        status, _, _ = _run("grade", str(work / "S001" / "plain.csv"), "--key", str(fuzz_files / "key.json"), *form)
        assert status in (0, 2)


# ---- the same fuzz as tests/test_grade_robust.py, through the command line ----

@pytest.fixture(scope="module")
def fuzz_files(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=examples(60))
@given(st.one_of(st.binary(max_size=400),
                 st.tuples(st.sampled_from(["class", "S001"]), st.integers(0, 2000), st.text(max_size=30),
                           st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1258", "latin-1"]),
                           st.sampled_from(["\n", "\r", "\r\n"]))))
def test_fuzz_grade_through_main(work, fuzz_files, case):
    if isinstance(case, bytes):
        data, who = case, "class"
    else:
        who, at, junk, encoding, newline = case
        sheet = (work / who / "plain.csv").read_text(encoding="utf-8")
        data = (sheet[:at] + junk + sheet[at:]).replace("\n", newline).encode(encoding, errors="replace")
    path = fuzz_files / "S001.csv"
    path.write_bytes(data)
    for key in ("key.json", "rkey.json"):
        status, out, err = _run("grade", str(path), "--key", str(work / key), "--format", "json")
        if status == 2:  # not a sheet at all (a zip that is no spreadsheet, no exercise table): refused, naming it
            assert err.startswith(f"adkit: error: cannot read {path}: ")
            assert data.startswith(b"PK\x03\x04") or err.endswith(message("grade.no_exercise_table") + "\n"), err
            continue
        marking = json.loads(out)
        assert status == 0 and 0 <= marking["score"] <= marking["max_score"]
    _run("grade", str(fuzz_files), "--key", str(work / "rkey.json"), "--summary")


@settings(max_examples=examples(60))
@given(st.one_of(st.binary(max_size=200),
                 st.tuples(st.text(max_size=60), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le"]),
                           st.sampled_from(["\n", "\r", "\r\n"]))))
def test_fuzz_rosters_through_main(work, fuzz_files, case):
    data = case if isinstance(case, bytes) else \
        ("id,name\nS001,An\n" + case[0]).replace("\n", case[2]).encode(case[1], errors="replace")
    path = fuzz_files / "roster.txt"
    path.write_bytes(data)
    status, _, err = _run("exercise", EXPR, "--at", AT, "--students", str(path), "--format", "csv",
                          "-o", str(fuzz_files / "forms"), "--force")
    assert status == 0 or err.startswith("adkit: error: "), err
