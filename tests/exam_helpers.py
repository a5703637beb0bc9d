"""Shared pieces of the exam tests: a three-student roster, system tools, the key's answers."""

from __future__ import annotations

import csv
import io

from helpers import need  # noqa: F401 - the exam tests import it from here

#: Excel's "CSV UTF-8 (semicolon)": a byte-order mark, CRLF, ';', a header row, Vietnamese names.
ROSTER = "\ufeffid;name\r\nS001;Nguyễn Thị Phương\r\nS002;Trần Văn Bình\r\nS003;Alice Martin\r\n".encode("utf-8")
IDS = ["S001", "S002", "S003"]


def answer(entry: dict, column: str, digits: int = 4) -> str:
    """What a student who gets the cell right writes: the key's number to ``digits``
    significant digits, or the key's statement."""
    if column.endswith("_statement"):
        return entry[column]
    value = entry["tangents"][int(column.split("_")[1]) - 1] if column.startswith("tangent_") else entry[column]
    return f"{value:.{digits}g}"


def answers(exercise: dict, digits: int = 4) -> list[str]:
    """Right answers of every blank of an exercise in the key, in table order."""
    entries = {e["step"]: e for e in exercise["steps"]}
    return [answer(entries[step], column, digits) for step, column in exercise["graded"]]


def fill_csv(form: str, exercises: list[dict], change: dict | None = None) -> str:
    """A CSV form (a ``student`` line or not, one header or blocks) with every graded cell of
    ``exercises`` (the key's, in sheet order) answered right, or as ``change[(k, step, column)]``
    says (k from 1)."""
    from adkit.coursework.answers import step_number

    rows = list(csv.reader(io.StringIO(form)))
    change = change or {}
    header: list[str] = []
    for row in rows:
        if row and row[0] in ("student",):
            continue
        if row and row[0] in ("exercise", "step"):
            header = row
            continue
        several = header[0] == "exercise"
        k = int(row[0]) if several else 1
        ex = exercises[k - 1]
        step = f"v{step_number(row[1 if several else 0])}"
        entries = {e["step"]: e for e in ex["steps"]}
        for s, column in ex["graded"]:
            if s == step:
                headers = next(c["headers"]["en"] for c in ex["columns"] if c["id"] == column)
                row[header.index(headers)] = change.get((k, s, column), answer(entries[s], column))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()
