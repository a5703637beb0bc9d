"""A fillable worksheet as one standalone HTML page, and the CSV its button saves.

The page has an input for every blank (the precision asked is stated once,
in the instructions) and a "Download answers" button whose script writes exactly the CSV sheet
:func:`adkit.coursework.forms.render_form` makes, with the student's entries
in the blanks: the form's CSV is rendered once with a marker in each blank
(:func:`sheet_pieces`), and the page only splices the entries in, quoting them
as Python's :mod:`csv` writer does.  A per-student page starts that CSV with
the ``student,<id>,<name>`` line of :func:`adkit.coursework.roster.sheet_line`;
an anonymous page asks for name and id and writes the same line.  What is
typed is kept in the browser's ``localStorage`` under the exam and the student
(:func:`store_key`), so a reload or a closed tab loses nothing.

Nothing is loaded from the network: the CSS and the script are inline, and
the formula is Unicode text typeset from its AST (:mod:`adkit.present.mathtex`).
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass
from typing import Any, Sequence

from adkit.coursework.forms import Exercise, render_form
from adkit.coursework.precision import asked
from adkit.coursework.variants import Sheet
from adkit.ir.notation import UNICODE, number
from adkit.messages import language, message
from adkit.present.data import dumps, script_json
from adkit.present.mathtex import UNICODE_MATHS, program_latex
from adkit.present.table import column_kinds, columns

_MARK = "\u241f{}\u241f"  # "␟3␟": a character no table cell holds

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; line-height: 1.45;
       max-width: 75rem; margin: 2rem auto; padding: 0 1.5rem; color: #111; background: #fff; }
h1 { font-size: 1.7rem; margin: 0 0 .8rem; }
.who { display: flex; flex-wrap: wrap; gap: .6rem 2.5rem; margin-bottom: 1rem; }
.who label { font-weight: 600; } .who input { margin-left: .4rem; }
.exercise { margin: 2rem 0; overflow-x: auto; break-inside: avoid; page-break-inside: avoid; }
.exercise h2 { font-size: 1.2rem; margin: 0 0 .6rem; }
.formula { font-family: "STIX Two Math", "Cambria Math", "DejaVu Serif", serif; font-size: 1.3rem;
           margin: .4rem 0 .2rem 1.5rem; }
.point { margin: 0 0 .8rem; color: #333; }
table { border-collapse: collapse; } th, td { padding: .35rem .7rem; border-bottom: 1px solid #ccc; }
td { white-space: nowrap; }
th { text-align: left; border-bottom: 2px solid #333; } td.number { text-align: right; }
input { font: inherit; padding: .2rem .35rem; border: 1px solid #888; border-radius: 3px; }
input.number { width: 8em; text-align: right; } input.math { width: 14em; }
button { font: inherit; font-weight: 600; padding: .55rem 1.2rem; border: 0; border-radius: 4px;
         background: #1f5fbf; color: #fff; cursor: pointer; }
.note { color: #444; }
@media print {
  body { margin: 0; max-width: none; } button, .note { display: none; }
  input { border: 0; border-bottom: 1px solid #000; border-radius: 0; }
}
"""

_SCRIPT = """
(function () {
  const sheet = JSON.parse(document.getElementById("adkit-sheet").textContent);
  function field(text) {
    return /[",\\r\\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function csv() {
    let out = "";
    const who = sheet.student || [document.getElementById("student-id").value.trim(),
                                  document.getElementById("student-name").value.trim()];
    if (who[0]) out += ["student", who[0], who[1]].map(field).join(",") + "\\n";
    for (const piece of sheet.pieces) {
      out += typeof piece === "string" ? piece : field(document.getElementById("blank-" + piece).value.trim());
    }
    return [out, (who[0] || "answers") + ".csv"];
  }
  const fields = Array.from(document.querySelectorAll("input[id]"));
  try {  // answers typed before a reload (storage may be off: then the page simply starts empty)
    const saved = JSON.parse(localStorage.getItem(sheet.store) || "{}");
    for (const input of fields) if (typeof saved[input.id] === "string") input.value = saved[input.id];
  } catch (e) {}
  document.addEventListener("input", function () {
    const saved = {};
    for (const input of fields) saved[input.id] = input.value;
    try { localStorage.setItem(sheet.store, JSON.stringify(saved)); } catch (e) {}
  });
  window.adkitSheet = {csv: csv};  // for a page that marks the sheet itself (adkit web's practise tab)
  document.getElementById("download").addEventListener("click", function () {
    const [text, name] = csv();
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], {type: "text/csv;charset=utf-8"}));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  });
})();
"""


@dataclass(frozen=True)
class _Marked(Exercise):
    """An exercise whose blanks render as markers numbered from ``first`` (see :data:`_MARK`)."""

    first: int = 0

    def rows(self, digits: int | None, style: Any = UNICODE, decimals: int | None = None) -> list[list[str | None]]:
        cells = super().rows(digits, style, decimals)
        count = self.first
        for row in cells:
            for i, cell in enumerate(row):
                if cell is None:
                    row[i] = _MARK.format(count)
                    count += 1
        return cells


def sheet_pieces(exercises: Sequence[Exercise]) -> list[str | int]:
    """The form's CSV as literal text and blank numbers (in :meth:`Exercise.blanks` order)."""
    marked, first = [], 0
    for ex in exercises:
        marked.append(_Marked(ex.trace, ex.blank, first))
        first += len(ex.blanks())
    text = render_form(marked, "csv")
    pieces: list[str | int] = []
    for k, part in enumerate(text.split("\u241f")):
        if k % 2:
            pieces.append(int(part))
        elif part:
            pieces.append(part)
    return pieces


def store_key(heading: str, pieces: list[str | int], student_id: str | None) -> str:
    """The ``localStorage`` key of a page's answers: its exam (title and form, hashed: a form
    written again with other numbers starts empty) and its student."""
    exam = hashlib.sha256(dumps([heading, pieces], ensure_ascii=False).encode()).hexdigest()[:16]
    return f"adkit-form:{exam}:{student_id or ''}"


def _who(sheet: Sheet) -> str:
    if sheet.student:
        return (f'<div class="who"><span><label>{html.escape(message("exam.name"))}:</label> '
                f'{html.escape(sheet.student.name)}</span><span><label>{html.escape(message("exam.student_id"))}:'
                f'</label> {html.escape(sheet.student.id)}</span></div>')
    return (f'<div class="who"><label>{html.escape(message("exam.name"))}:<input id="student-name" '
            f'autocomplete="name"></label><label>{html.escape(message("exam.student_id"))}:'
            f'<input id="student-id"></label></div>')


def _formula(ex: Exercise) -> str:
    """The formula typeset from its AST (Unicode), the mode and the point."""
    trace = ex.trace
    lines = "<br>".join(html.escape(line) for line in program_latex(trace.program.text, UNICODE_MATHS))
    point = ", ".join(f"{UNICODE_MATHS.name(name)} = {number(value, 6)}" for name, value in trace.point.items())
    at = message("exam.at_point", mode=message(f"mode.{trace.mode}"))
    return f'<p class="formula">{lines}</p>\n<p class="point">{html.escape(at)} {html.escape(point)}</p>'


def _table(ex: Exercise, first: int, digits: int, decimals: int | None) -> str:
    kinds = column_kinds(ex.trace)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns(ex.trace))
    blank_at = {cell: first + n for n, cell in enumerate(ex.blanks())}
    body = []
    for r, row in enumerate(ex.rows(digits, decimals=decimals)):
        cells = []
        for c, (kind, text) in enumerate(zip(kinds, row)):
            css = "number" if kind == "number" else "text"
            if text is not None:
                cells.append(f'<td class="{css}">{html.escape(text)}</td>')
                continue
            n = blank_at[(r, c)]
            label = html.escape(f"{row[0]} {columns(ex.trace)[c]}")
            if kind == "number":
                cells.append(f'<td class="number"><input id="blank-{n}" class="number" inputmode="decimal" '
                             f'aria-label="{label}"></td>')
            else:
                cells.append(f'<td><input id="blank-{n}" class="math" aria-label="{label}"></td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>"


def page(sheet: Sheet, heading: str, course: str | None, date: str | None, digits: int,
         decimals: int | None = None) -> str:
    """The standalone HTML page of one sheet (see the module docstring)."""
    parts, first = [], 0
    for k, ex in enumerate(sheet.exercises, 1):
        parts.append(f'<section class="exercise">\n<h2>{html.escape(message("exam.exercise", number=k))}</h2>\n'
                     f"{_formula(ex)}\n{_table(ex, first, digits, decimals)}\n</section>")
        first += len(ex.blanks())
    pieces = sheet_pieces(sheet.exercises)
    data = {"student": [sheet.student.id, sheet.student.name] if sheet.student else None, "pieces": pieces,
            "store": store_key(heading, pieces, sheet.student.id if sheet.student else None)}
    meta = " · ".join(html.escape(f"{message(label)}: {value}") for label, value in
                      (("exam.course", course), ("exam.date", date)) if value)
    file = f"{sheet.student.id}.csv" if sheet.student else "answers.csv"
    return (f'<!DOCTYPE html>\n<html lang="{language()}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(heading)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            f"<h1>{html.escape(heading)}</h1>\n" + (f"<p>{meta}</p>\n" if meta else "") + _who(sheet) + "\n"
            f"<p>{html.escape(asked('exam.instructions', digits, decimals))}</p>\n" + "\n".join(parts) + "\n"
            f'<p><button id="download" type="button">{html.escape(message("exam.download"))}</button> '
            f'<span class="note">{html.escape(message("exam.download_note", file=file))}</span></p>\n'
            f'<script type="application/json" id="adkit-sheet">{script_json(data)}</script>\n'
            f"<script>{_SCRIPT}</script>\n</body>\n</html>\n")


__all__ = ["page", "sheet_pieces", "store_key"]
