"""PrairieLearn questions: one folder per exercise of the sheets, ready for a course repository.

Each folder holds ``info.json`` (a uuid derived from the question's title, page and variants, so
writing the same exam again gives the same uuids), ``question.html`` and
``server.py``.  The variants of an exercise (one per student or ``--variants``,
one for an anonymous worksheet) become the question's variant pool: their
tables are precomputed into ``server.py`` as one JSON string, and its
``generate(data)`` picks one with PrairieLearn's seeded ``random``, so the
course needs no adkit.  Variants whose tables have different shapes (random
worksheets) go to separate folders (``exercise1``, ``exercise1-2`` …), since one
``question.html`` fixes where the inputs are.

No user text (expression, title, name) is ever part of ``question.html`` or
the code of ``server.py``: the table's cells reach the page as ``params``
through Mustache's escaping ``{{…}}``, and ``info.json`` is written by
:mod:`json`.  Numeric blanks are ``pl-number-input`` with ``comparison="sigfig"``
(or ``"decdig"`` for ``--decimals``) and the asked digits; statement blanks
stay empty, as in the Moodle export.
"""

from __future__ import annotations

import html
import uuid
from typing import Any, Sequence

from adkit.coursework.forms import Exercise
from adkit.coursework.precision import asked
from adkit.coursework.variants import Sheet
from adkit.ir.notation import number
from adkit.messages import message
from adkit.present.data import dumps
from adkit.present.mathtex import UNICODE_MATHS, program_latex
from adkit.present.table import column_kinds, columns, rows

#: The topic of every question (a course's infoCourse.json lists its topics; rename it there or here).
TOPIC = "Automatic differentiation"
#: The namespace of every question uuid (uuid5 of a question's content in it).
NAMESPACE = uuid.UUID("9f1c2e57-3b1a-5d8e-a0c4-61d2b7e0a9f3")

_SERVER = '''"""Written by adkit exercise --format prairielearn: the precomputed variants of one question."""

import json
import random

VARIANTS = json.loads({variants})


def generate(data):
    variant = random.choice(VARIANTS)
    data["params"].update(variant["params"])
    data["correct_answers"].update(variant["answers"])
'''


def _variant(sheet: Sheet, ex: Exercise, digits: int, decimals: int | None) -> dict[str, Any]:
    """What ``generate`` sets: the table's text cells as params, the numeric blanks' exact values."""
    kinds, full = column_kinds(ex.trace), rows(ex.trace, None)
    cells, answers = {}, {}
    for r, row in enumerate(ex.rows(digits, decimals=decimals)):
        for c, text in enumerate(row):
            if text is not None:
                cells[f"r{r}c{c}"] = text
            elif kinds[c] == "number":
                answers[f"b{len(answers)}"] = float(full[r][c])
    trace = ex.trace
    point = ", ".join(f"{UNICODE_MATHS.name(name)} = {number(value, 6)}" for name, value in trace.point.items())
    params = {"variant": sheet.student.id if sheet.student else "1",
              "head": {f"c{c}": h for c, h in enumerate(columns(trace))}, "cells": cells,
              "formula": list(program_latex(trace.program.text, UNICODE_MATHS)), "point": point}
    return {"params": params, "answers": answers}


def _shape(ex: Exercise) -> tuple:
    return tuple(ex.ids), len(ex.trace.steps), tuple(ex.blanks())


def _question_html(ex: Exercise, number_: int, digits: int, decimals: int | None) -> str:
    """The page: Mustache names for every given cell, a ``pl-number-input`` for every numeric blank."""
    kinds = column_kinds(ex.trace)
    blanks = set(ex.blanks())
    comparison = ("sigfig", digits) if decimals is None else ("decdig", decimals)
    head = "".join(f"<th>{{{{params.head.c{c}}}}}</th>" for c in range(len(kinds)))
    body, n = [], 0
    for r in range(len(ex.trace.steps)):
        cells = []
        for c, kind in enumerate(kinds):
            if (r, c) not in blanks:
                cells.append(f"<td>{{{{params.cells.r{r}c{c}}}}}</td>")
            elif kind == "number":
                cells.append(f'<td><pl-number-input answers-name="b{n}" comparison="{comparison[0]}" '
                             f'digits="{comparison[1]}"></pl-number-input></td>')
                n += 1
            else:
                cells.append("<td></td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    heading = _escape(message("exam.exercise", number=number_))
    mode = _escape(message("exam.at_point", mode=message(f"mode.{ex.trace.mode}")))
    return (f"<pl-question-panel>\n<p><b>{heading}</b> {mode} {{{{params.point}}}}</p>\n"
            f"<p>{{{{#params.formula}}}}{{{{.}}}}<br>{{{{/params.formula}}}}</p>\n"
            f"<p>{_escape(asked('exam.instructions', digits, decimals))}</p>\n</pl-question-panel>\n"
            f'<table class="table table-sm">\n<thead><tr>{head}</tr></thead>\n<tbody>\n'
            + "\n".join(body) + "\n</tbody>\n</table>\n")


def _escape(text: str) -> str:
    """adkit's own labels in the page: HTML-escaped, and no Mustache tag can open."""
    return html.escape(text).replace("{", "&#123;").replace("}", "&#125;")


def questions(sheets: Sequence[Sheet], heading: str, digits: int, decimals: int | None = None) -> dict[str, str]:
    """Every file to write, by its path relative to the output folder (see the module docstring)."""
    files: dict[str, str] = {}
    for k in range(len(sheets[0].exercises)):
        groups: dict[tuple, list[tuple[Sheet, Exercise]]] = {}
        for sheet in sheets:
            if k < len(sheet.exercises):
                groups.setdefault(_shape(sheet.exercises[k]), []).append((sheet, sheet.exercises[k]))
        for g, members in enumerate(groups.values()):
            folder = f"exercise{k + 1}" + ("" if g == 0 else f"-{g + 1}")
            variants = [_variant(sheet, ex, digits, decimals) for sheet, ex in members]
            content = dumps(variants, ensure_ascii=True, sort_keys=True)
            title = f"{heading} — {message('exam.exercise', number=k + 1)}"
            page = _question_html(members[0][1], k + 1, digits, decimals)
            info = {"uuid": str(uuid.uuid5(NAMESPACE, dumps([title, folder, content, page]))), "title": title,
                    "topic": TOPIC, "tags": ["adkit", members[0][1].trace.mode], "type": "v3"}
            files[f"{folder}/info.json"] = dumps(info, indent=2, ensure_ascii=False) + "\n"
            files[f"{folder}/question.html"] = page
            files[f"{folder}/server.py"] = _SERVER.format(variants=repr(content))
    return files


__all__ = ["NAMESPACE", "questions"]
