"""Names as data in other programs' formats: CSV a spreadsheet opens, Markdown, XML.

A roster name or a title reaches spreadsheets, Markdown viewers and Moodle;
each function here makes text inert in one of them.  CSV follows OWASP's
advice on formula injection: a cell starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return is prefixed with ``'`` (a number, negative ones
too, is left as it is: the grader reads it back).
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any, Iterable

#: What a spreadsheet may run when a cell starts with it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
#: Characters XML 1.0 forbids (all controls but tab, LF and CR; U+FFFE, U+FFFF; lone surrogates).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: ASCII punctuation CommonMark lets a backslash escape, the characters of links, emphasis and HTML among them.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&:\"'=])")


def spreadsheet_cell(value: Any) -> str:
    """One CSV cell as a spreadsheet shows it and never runs it."""
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """CSV of ``rows`` (LF line ends) with every cell through :func:`spreadsheet_cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([spreadsheet_cell(c) for c in row])
    return buffer.getvalue()


def xml_text(text: str) -> str:
    """``text`` with what XML 1.0 cannot hold replaced by U+FFFD (escaping is the XML writer's)."""
    return _NOT_XML.sub("\ufffd", text)


def markdown_text(text: str) -> str:
    """``text`` as literal Markdown: punctuation backslash-escaped, line ends as spaces."""
    return _MARKDOWN.sub(r"\\\1", " ".join(text.splitlines()))


__all__ = ["FORMULA_STARTS", "csv_text", "markdown_text", "spreadsheet_cell", "xml_text"]
