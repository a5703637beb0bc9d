"""Reading a submission's bytes into tables, whatever program saved them.

Every reader here is bounded: files over :data:`MAX_BYTES` are refused, and
spreadsheets unpacking to more than :data:`MAX_UNPACKED`; exercise numbers
are looked up (never used as a range), and everything that
cannot be read becomes a problem message, never an exception.  Worksheets in
CSV come in blocks, each starting with a header row whose first cell is
``exercise``; the older single-header form is the same with one block.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
import zipfile

from adkit.ir.notation import ASCII
from adkit.messages import message

#: Submissions larger than this are refused (a filled sheet is a few kilobytes).
MAX_BYTES = 2_000_000
#: Rows and columns read from a spreadsheet (.xlsx) at most.
MAX_ROWS, MAX_COLUMNS = 5_000, 64
csv.field_size_limit(MAX_BYTES + 1)  # a cell may be as long as the file
#: First cell of the line naming the student on a per-student sheet (``student,<id>,<name>``).
STUDENT_CELL = "student"
#: What a spreadsheet may unpack to (a filled sheet's .xlsx unpacks to tens of kilobytes).
MAX_UNPACKED = 5 * MAX_BYTES
#: Bytes inflated at a time when a spreadsheet is unpacked.
_CHUNK = 1 << 16

Table = list[list[str]]


class Unreadable(Exception):
    """The file as a whole cannot be read (too large, a spreadsheet that will not open): its
    message says why.  Not a row's problem: nothing of the file was graded."""
#: Fallbacks after UTF-8, with the names users know them by.
_ENCODINGS = {"cp1258": "Windows-1258", "latin-1": "Latin-1"}


def decode(data: bytes, problems: list[str]) -> str:
    """Bytes → text: a BOM is honoured, UTF-8 expected, then Windows-1258, then Latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if len(data) >= 4 and data.count(b"\x00") * 3 >= len(data):  # UTF-16 without a BOM
        order = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        return data.decode(order, errors="replace")
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        problems.append(message("grade.encoding", encoding=_ENCODINGS[encoding]))
        return text
    return data.decode("latin-1")  # never reached: Latin-1 decodes every byte


def plain(header: str) -> str:
    """A header cell compared without case, spaces or Unicode spelling."""
    return re.sub(r"\s+", "", ASCII.finish(unicodedata.normalize("NFC", header))).lower()


def _markdown(text: str) -> list[Table]:
    tables: list[Table] = []
    inside = False
    for line in text.split("\n"):
        if not line.lstrip().startswith("|"):
            inside = False
            continue
        cells = [c.strip().replace("\\|", "|").replace("\\\\", "\\")
                 for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
        if all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
            continue
        if not inside:
            tables.append([])
            inside = True
        tables[-1].append(cells)
    return tables


def _csv_rows(text: str, problems: list[str]) -> Table:
    first = next((line for line in text.split("\n") if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows: Table = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if any(c.strip() for c in row):
                rows.append(row)
    except csv.Error as exc:
        problems.append(message("grade.unreadable_csv", row=len(rows) + 1, reason=str(exc)))
    return rows


def _unpacked(data: bytes) -> bytes | None:
    """The .xlsx re-packed without compression, or None when it unpacks to more than MAX_UNPACKED.

    zipfile stops each member at its declared size, but ``ZipFile.read()`` inflates
    a whole member in one call before trimming it, so a header that lies about
    the size (a zip bomb) could still fill memory inside openpyxl; here every
    member is inflated a chunk at a time and openpyxl only sees the bytes that passed.  Only stored
    and deflated members (what every spreadsheet program writes): bzip2 and LZMA
    inflate a whole chunk unbounded.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        if any(m.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for m in members):
            raise zipfile.BadZipFile("compression")
        if sum(m.file_size for m in members) > MAX_UNPACKED:
            return None
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as copy:
            for member in members:
                with archive.open(member) as stream:
                    copy.writestr(member.filename, b"".join(iter(lambda: stream.read(_CHUNK), b"")))
    return out.getvalue()


def _xlsx_rows(data: bytes) -> Table:
    from openpyxl import load_workbook  # only for spreadsheets: a slow import

    try:
        with warnings.catch_warnings():  # openpyxl and zipfile warn about odd files on stderr
            warnings.simplefilter("ignore")
            unpacked = _unpacked(data)
            if unpacked is None:
                raise Unreadable(message("grade.xlsx_too_large", limit=MAX_UNPACKED))
            book = load_workbook(io.BytesIO(unpacked), read_only=True, data_only=True)
            rows = []
            for row in book.worksheets[0].iter_rows(max_row=MAX_ROWS, max_col=MAX_COLUMNS, values_only=True):
                cells = ["" if v is None else str(v) for v in row]
                if any(c.strip() for c in cells):
                    rows.append(cells)
            book.close()
            return rows
    except Unreadable:
        raise
    except Exception:  # a broken or foreign zip: zipfile and openpyxl raise many kinds
        raise Unreadable(message("grade.bad_xlsx")) from None


def xlsx_student(data: bytes) -> str | None:
    """The id on a spreadsheet's ``student,<id>,<name>`` first row, or None (no such row, or unreadable)."""
    try:
        rows = _xlsx_rows(data)
    except Unreadable:
        return None
    first = rows[0] if rows else []
    return first[1].strip() if len(first) >= 2 and plain(first[0]) == STUDENT_CELL and first[1].strip() else None


def exercise_number(cell: str) -> int | None:
    """The exercise number of a worksheet row (ASCII digits only, a few of them), or None."""
    m = re.fullmatch(r"\s*([0-9]{1,6})(?:\.0)?\s*", cell)
    return int(m.group(1)) if m else None


def _blocks(rows: Table, problems: list[str]) -> dict[int, Table]:
    """Rows of a worksheet by exercise: each row is read with the last header above it."""
    tables: dict[int, Table] = {}
    header: list[str] = []
    for line, row in enumerate(rows, 1):
        if row and plain(row[0]) == "exercise":
            header = row[1:]
            continue
        k = exercise_number(row[0]) if row else None
        if k is None:
            problems.append(message("grade.bad_exercise_number", row=line, text=row[0][:40] if row else ""))
            continue
        tables.setdefault(k, [header]).append(row[1:])
    return tables


def read_tables(data: bytes, problems: list[str]) -> dict[int, Table]:
    """The tables of a submission by exercise number (1, 2, …), each as rows of cells (header first);
    :class:`Unreadable` when the file as a whole cannot be read."""
    if len(data) > MAX_BYTES:
        raise Unreadable(message("grade.too_large", size=len(data), limit=MAX_BYTES))
    if data.startswith(b"PK\x03\x04"):  # a zip: a spreadsheet, read or refused as one (cut short too)
        rows = _xlsx_rows(data)
    else:
        text = decode(data, problems).replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
        if any(line.lstrip().startswith("|") for line in text.split("\n")):
            return dict(enumerate(_markdown(text), 1))
        rows = _csv_rows(text, problems)
    if rows and rows[0] and plain(rows[0][0]) == STUDENT_CELL:  # a sheet saved again as .xlsx keeps that line
        rows = rows[1:]
    if rows and rows[0] and plain(rows[0][0]) == "exercise":
        return _blocks(rows, problems)
    return {1: rows} if rows else {}


__all__ = ["MAX_BYTES", "MAX_UNPACKED", "STUDENT_CELL", "Table", "Unreadable", "decode", "exercise_number", "plain",
           "read_tables", "xlsx_student"]
