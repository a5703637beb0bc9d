"""Shared pieces of the exam tests: a three-student roster, system tools, the key's answers."""

from __future__ import annotations

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
