"""Canvas quizzes: a QTI 1.2 package (``imsmanifest.xml`` and one assessment) in a zip.

A Canvas numerical question has one answer box, so every numeric blank is a
``numerical_question`` whose text holds the exercise's table with that cell
marked ``?`` (the other blanks empty).  Its answer is Canvas's "exact answer
with margin": ``varequal`` the key's value, or ``vargte``/``varlte`` the value
∓ the grader's tolerance (:func:`adkit.coursework.precision.tolerance`), so
Canvas accepts what ``adkit grade`` accepts.  An anonymous worksheet's
questions sit in the assessment's root section; with several sheets (students
or variants) each sheet is a nested ``section``, which Canvas imports as a
question group, told explicitly to hold all its questions (``selection_number``).
Statement blanks are omitted, as in the Moodle export.

Written with :mod:`xml.etree.ElementTree` rather than a QTI library: the
package is four elements deep and small, and text2qti (the maintained writer)
takes its own Markdown dialect as input, which would be one more format for
names to be escaped into, plus two dependencies.  Every text is escaped by
ElementTree; characters XML 1.0 cannot hold at all (control characters) are
dropped first (:func:`xml_text`).
"""

from __future__ import annotations

import html
import io
import re
import uuid
import xml.etree.ElementTree as ET
import zipfile
from typing import Sequence

from adkit.coursework.forms import Exercise
from adkit.coursework.precision import asked, tolerance
from adkit.coursework.variants import Sheet
from adkit.ir.notation import number
from adkit.messages import message
from adkit.present.mathtex import UNICODE_MATHS, program_latex
from adkit.present.table import column_kinds, columns, rows

#: Characters XML 1.0 does not allow, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
_CP = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
#: Marks the asked cell in the table.
ASKED = "?"


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (ElementTree escapes the rest)."""
    return _NOT_XML.sub("", text)


def _table(ex: Exercise, asked_cell: tuple[int, int], shown: list[list[str | None]]) -> str:
    kinds = column_kinds(ex.trace)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns(ex.trace))
    body = []
    for r, row in enumerate(shown):
        cells = []
        for c, (kind, text) in enumerate(zip(kinds, row)):
            align = ' style="text-align:right"' if kind == "number" else ""
            shown = f"<b>{ASKED}</b>" if (r, c) == asked_cell else html.escape(text or "")
            cells.append(f"<td{align}>{shown}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<table border="1" cellpadding="4" style="border-collapse:collapse">\n<thead><tr>{head}</tr></thead>\n'
            "<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>")


def question_text(ex: Exercise, number_: int, cell: tuple[int, int], shown: list[list[str | None]], digits: int,
                  decimals: int | None) -> str:
    """The HTML of one blank's question: exercise, formula, point, the cell asked, the table
    (``shown``: :meth:`Exercise.rows` at the asked precision, computed once per exercise)."""
    trace = ex.trace
    point = ", ".join(f"{UNICODE_MATHS.name(name)} = {number(value, 6)}" for name, value in trace.point.items())
    formula = "<br>".join(html.escape(line) for line in program_latex(trace.program.text, UNICODE_MATHS))
    step, column = shown[cell[0]][0], columns(trace)[cell[1]]
    at = message("exam.at_point", mode=message(f"mode.{trace.mode}"))
    return (f"<p><b>{html.escape(message('exam.exercise', number=number_))}</b> {html.escape(at)} "
            f"{html.escape(point)}</p>\n<p>{formula}</p>\n"
            f"<p>{html.escape(message('exam.qti_asked', mark=ASKED, step=step or '', column=column))} "
            f"{html.escape(asked('exam.precision', digits, decimals))}</p>\n" + _table(ex, cell, shown))


def _field(parent: ET.Element, label: str, entry: str) -> None:
    field = ET.SubElement(parent, "qtimetadatafield")
    ET.SubElement(field, "fieldlabel").text = label
    ET.SubElement(field, "fieldentry").text = entry


def _item(section: ET.Element, ident: str, title: str, text: str, value: float, margin: float) -> None:
    item = ET.SubElement(section, "item", ident=ident, title=xml_text(title))
    meta = ET.SubElement(ET.SubElement(item, "itemmetadata"), "qtimetadata")
    _field(meta, "question_type", "numerical_question")
    _field(meta, "points_possible", "1.0")
    presentation = ET.SubElement(item, "presentation")
    ET.SubElement(ET.SubElement(presentation, "material"), "mattext", texttype="text/html").text = xml_text(text)
    response = ET.SubElement(presentation, "response_str", ident="response1", rcardinality="Single")
    ET.SubElement(ET.SubElement(response, "render_fib", fibtype="Decimal"), "response_label", ident="answer1")
    processing = ET.SubElement(item, "resprocessing")
    ET.SubElement(ET.SubElement(processing, "outcomes"), "decvar", maxvalue="100", minvalue="0",
                  varname="SCORE", vartype="Decimal")
    condition = ET.SubElement(processing, "respcondition", {"continue": "No"})
    either = ET.SubElement(ET.SubElement(condition, "conditionvar"), "or")
    ET.SubElement(either, "varequal", respident="response1").text = repr(value)
    within = ET.SubElement(either, "and")
    ET.SubElement(within, "vargte", respident="response1").text = repr(value - margin)
    ET.SubElement(within, "varlte", respident="response1").text = repr(value + margin)
    ET.SubElement(condition, "setvar", action="Set", varname="SCORE").text = "100"


def _count(sheet: Sheet) -> int:
    """Numeric blanks of a sheet: its questions."""
    return sum(column_kinds(ex.trace)[c] == "number" for ex in sheet.exercises for _, c in ex.blanks())


def assessment(sheets: Sequence[Sheet], heading: str, ident: str, digits: int, decimals: int | None = None) -> str:
    """The assessment XML: a section per sheet, a numerical question per numeric blank."""
    root = ET.Element("questestinterop", xmlns=_QTI)
    test = ET.SubElement(root, "assessment", ident=ident, title=xml_text(heading))
    _field(ET.SubElement(test, "qtimetadata"), "cc_maxattempts", "1")
    top = ET.SubElement(test, "section", ident="root_section")
    n = 0
    for s, sheet in enumerate(sheets, 1):
        name = f"{sheet.student.id} {sheet.student.name}" if sheet.student else heading
        section = top
        if len(sheets) > 1:
            section = ET.SubElement(top, "section", ident=f"sheet{s}", title=xml_text(name))
            selection = ET.SubElement(ET.SubElement(section, "selection_ordering"), "selection")
            ET.SubElement(selection, "selection_number").text = str(_count(sheet))
            ET.SubElement(ET.SubElement(selection, "selection_extension"), "points_per_item").text = "1.0"
        for k, ex in enumerate(sheet.exercises, 1):
            full, kinds, shown = rows(ex.trace, None), column_kinds(ex.trace), ex.rows(digits, decimals=decimals)
            for r, c in ex.blanks():
                if kinds[c] != "number":
                    continue
                n += 1
                value = float(full[r][c])
                _item(section, f"q{n}", message("moodle.question", name=name, number=k),
                      question_text(ex, k, (r, c), shown, digits, decimals), value, tolerance(value, digits, decimals))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def manifest(ident: str) -> str:
    """``imsmanifest.xml``: one resource, the assessment at ``<ident>/<ident>.xml``."""
    root = ET.Element("manifest", identifier=f"{ident}_manifest", xmlns=_CP)
    meta = ET.SubElement(root, "metadata")
    ET.SubElement(meta, "schema").text = "IMS Content"
    ET.SubElement(meta, "schemaversion").text = "1.1.3"
    ET.SubElement(root, "organizations")
    resource = ET.SubElement(ET.SubElement(root, "resources"), "resource", identifier=ident, type="imsqti_xmlv1p2")
    ET.SubElement(resource, "file", href=f"{ident}/{ident}.xml")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def package(sheets: Sequence[Sheet], heading: str, digits: int, decimals: int | None = None) -> bytes:
    """The zip Canvas imports (Settings → Import course content → QTI .zip file)."""
    identity = [heading, digits, decimals] + [[s.student and s.student.id] + [
        [e.trace.program.text, e.trace.point, e.trace.mode, e.blank] for e in s.exercises] for s in sheets]
    ident = "g" + uuid.uuid5(uuid.NAMESPACE_URL, "adkit-qti:" + repr(identity)).hex  # the same exam, the same id
    text = assessment(sheets, heading, ident, digits, decimals)
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, member in (("imsmanifest.xml", manifest(ident)), (f"{ident}/{ident}.xml", text)):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, member.encode("utf-8"))
    return data.getvalue()


__all__ = ["ASKED", "assessment", "manifest", "package", "question_text", "xml_text"]
