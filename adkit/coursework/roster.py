"""Class rosters and one exercise variant per student.

:func:`read_roster` reads ``id,name`` CSVs as spreadsheets save them: UTF-8
with or without a byte-order mark, UTF-16, CRLF line ends, ``,`` or ``;``
between cells, and an optional header row.  :func:`student_seed` derives a
student's seed from the worksheet's ``--seed`` and the student id with
SHA-256, so the same roster and seed always give the same variants and no
student's variant depends on who else is on the roster.

A per-student CSV sheet starts with one line ``student,<id>,<name>``;
:func:`split_sheet` takes it off again before grading.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass

from adkit.coursework.cells import csv_text
from adkit.coursework.readers import MAX_BYTES, STUDENT_CELL
from adkit.errors import BindingError
from adkit.files import read_bounded

#: What a student id may hold: it names files (``<id>.pdf``) on every system (no trailing dot either).
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
#: Names Windows reserves for devices, in any case and with any extension (``nul.csv``).
_RESERVED = re.compile(r"(?i)CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9]")
_LINE_END = re.compile(r"\r\n|\r|\n")
_HEADER_IDS = {"id", "student_id", "studentid", "mssv", "ma", "student"}


@dataclass(frozen=True)
class Student:
    id: str
    name: str


def decode_text(data: bytes) -> str | None:
    """UTF-8 (BOM or not) or UTF-16 with a BOM; None when neither (malformed UTF-16 too:
    an odd length or a lone surrogate)."""
    try:
        return data.decode("utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig")
    except UnicodeDecodeError:
        return None


def parse_roster(data: bytes, source: str = "roster") -> list[Student]:
    """The students of a roster file's bytes (see the module docstring)."""
    text = decode_text(data)
    if text is None:
        raise BindingError("roster.encoding", path=source)
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise BindingError("roster.empty", path=source)
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)]
    if rows[0] and rows[0][0].lower().replace(" ", "") in _HEADER_IDS:
        rows = rows[1:]
    students: list[Student] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, 1):
        if len(row) < 2 or not row[1]:
            raise BindingError("roster.row", path=source, row=number, text=delimiter.join(row))
        if not _ID.fullmatch(row[0]) or row[0].endswith("."):
            raise BindingError("roster.bad_id", path=source, row=number, id=row[0])
        if _RESERVED.fullmatch(row[0].split(".")[0]):
            raise BindingError("roster.reserved_id", path=source, row=number, id=row[0])
        if row[0].casefold() in seen:  # S1.pdf and s1.pdf are one file on Windows and macOS
            raise BindingError("roster.duplicate", path=source, row=number, id=row[0])
        seen.add(row[0].casefold())
        students.append(Student(row[0], row[1]))
    if not students:
        raise BindingError("roster.empty", path=source)
    return students


def read_roster(path: str) -> list[Student]:
    """The roster file's students; read bounded, so every cell is within csv's field limit
    (:mod:`adkit.coursework.readers` raises it to :data:`MAX_BYTES`)."""
    return parse_roster(read_bounded(path, MAX_BYTES, "roster.too_large", BindingError), path)


def student_seed(seed: int, student_id: str) -> int:
    """A seed for one student's variant: SHA-256 of ``seed`` and the id, reduced to 31 bits."""
    digest = hashlib.sha256(f"adkit-exam:{seed}:{student_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 2**31


def sheet_line(student: Student) -> str:
    """The first line of a student's CSV sheet (a name a spreadsheet would run is neutralised)."""
    return csv_text([[STUDENT_CELL, student.id, student.name]])


def split_sheet(text: str) -> tuple[str | None, str]:
    """(the student id named on the sheet's first line or None, the rest of the sheet).

    The first line ends at any line end (Excel for Mac writes a bare CR), never
    inside the csv reader, which raises on one.
    """
    head, rest = (_LINE_END.split(text.lstrip("\ufeff"), maxsplit=1) + [""])[:2]
    delimiter = ";" if head.count(";") > head.count(",") else ","
    cells = next(csv.reader([head], delimiter=delimiter), [])
    if len(cells) >= 2 and cells[0].strip().lower() == STUDENT_CELL and cells[1].strip():
        return cells[1].strip(), rest
    return None, text


__all__ = ["Student", "parse_roster", "read_roster", "sheet_line", "split_sheet", "student_seed"]
