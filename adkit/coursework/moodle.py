"""Moodle XML quizzes: one Cloze ("embedded answers") question per exercise.

Each question holds the exercise's heading and its trace table; every numeric
blank is an embedded ``{1:NUMERICAL:=value:tolerance}`` answer whose
tolerance is the grader's (:func:`adkit.coursework.precision.tolerance` at
the asked precision), so Moodle accepts what ``adkit grade`` would.
Statement blanks (``--blank statements`` or ``all``) are omitted: their cells
stay empty and are not graded by Moodle (symbolic equality is beyond Cloze).
The formula is given as MathJax-style ``\\( … \\)`` LaTeX from the AST, which
Moodle's TeX/MathJax filters typeset.  The XML is built with
:mod:`xml.etree.ElementTree`, so every text is escaped.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from typing import Sequence

from adkit.coursework.cells import xml_text
from adkit.coursework.forms import Exercise
from adkit.coursework.precision import asked, tolerance
from adkit.coursework.variants import Sheet
from adkit.ir.notation import LATEX
from adkit.messages import message
from adkit.present.mathtex import program_latex
from adkit.present.table import column_kinds, columns, rows


def _number(value: float) -> str:
    """A value exactly as Moodle reads it back (shortest round-trip decimal)."""
    return repr(float(value))


def cloze(value: float, digits: int, decimals: int | None = None) -> str:
    """The embedded answer of one numeric blank."""
    return f"{{1:NUMERICAL:={_number(value)}:{_number(tolerance(value, digits, decimals))}}}"


def _escape_cloze(text: str) -> str:
    """Table text cannot open an embedded answer: ``{`` and ``}`` become entities."""
    return html.escape(text).replace("{", "&#123;").replace("}", "&#125;").replace("~", "&#126;")


def question_html(ex: Exercise, number: int, digits: int, decimals: int | None = None) -> str:
    """The question text: heading, formula, and the table with embedded answers in the blanks."""
    trace = ex.trace
    point = ", ".join(f"\\({LATEX.name(name)} = {value:g}\\)" for name, value in trace.point.items())
    formula = "<br>".join(f"\\({line}\\)" for line in program_latex(trace.program.text))
    kinds = column_kinds(trace)
    blanks = set(ex.blanks())
    full = rows(trace, None)
    shown = ex.rows(digits, decimals=decimals)
    body = []
    for r, row in enumerate(shown):
        cells = []
        for c, (kind, text) in enumerate(zip(kinds, row)):
            align = ' style="text-align:right"' if kind == "number" else ""
            if (r, c) in blanks and kind == "number":
                cells.append(f"<td{align}>{cloze(float(full[r][c]), digits, decimals)}</td>")
            else:
                cells.append(f"<td{align}>{_escape_cloze(text or '')}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    head = "".join(f"<th>{_escape_cloze(c)}</th>" for c in columns(trace))
    mode = message(f"mode.{trace.mode}")
    return (f"<p><b>{_escape_cloze(message('exam.exercise', number=number))}</b> "
            f"{_escape_cloze(message('exam.at_point', mode=mode))} {point}</p>\n<p>{formula}</p>\n"
            f"<p>{_escape_cloze(asked('exam.instructions', digits, decimals))}</p>\n"
            f'<table border="1" cellpadding="4" style="border-collapse:collapse">\n<thead><tr>{head}</tr></thead>\n'
            f"<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>")


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    ET.SubElement(element, "text").text = xml_text(text)  # a control character in a name or --title
    return element


def quiz(sheets: Sequence[Sheet], heading: str, digits: int, decimals: int | None = None) -> str:
    """The Moodle XML quiz of every sheet's exercises (one category named ``heading``)."""
    root = ET.Element("quiz")
    category = ET.SubElement(root, "question", type="category")
    _text(category, "category", f"$course$/top/{heading}")
    for sheet in sheets:
        for k, ex in enumerate(sheet.exercises, 1):
            question = ET.SubElement(root, "question", type="cloze")
            who = f"{sheet.student.id} {sheet.student.name}" if sheet.student else heading
            _text(question, "name", message("moodle.question", name=who, number=k))
            _text(question, "questiontext", question_html(ex, k, digits, decimals), format="html")
            _text(question, "generalfeedback", "", format="html")
            ET.SubElement(question, "penalty").text = "0"
            ET.SubElement(question, "hidden").text = "0"
            if sheet.student:
                tags = ET.SubElement(question, "tags")
                _text(tags, "tag", f"student-{sheet.student.id}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


__all__ = ["cloze", "question_html", "quiz"]
