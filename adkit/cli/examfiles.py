"""The files ``adkit exercise`` writes for exams: print-ready PDFs and LaTeX, standalone
HTML forms, per-student sheets, Moodle XML, PrairieLearn questions, Canvas QTI and answer keys (JSON or PDF).

Kept apart from :mod:`adkit.cli.exercise` (which parses the options) so the
worksheet formats stay in :mod:`adkit.coursework.forms`; this module only
decides what goes to which file.
"""

from __future__ import annotations

import argparse
import datetime
import os
from typing import TYPE_CHECKING, Sequence

from adkit.cli.common import save_or_print
from adkit.cli.outputs import make_folder, write_output
from adkit.coursework.cells import markdown_text
from adkit.coursework.forms import render_form
from adkit.coursework.htmlform import page
from adkit.coursework.moodle import quiz
from adkit.coursework.pdf import exam_latex, key_latex
from adkit.coursework.prairielearn import questions
from adkit.coursework.qti import package
from adkit.coursework.roster import sheet_line
from adkit.coursework.variants import Sheet, sheets_key
from adkit.errors import BindingError
from adkit.messages import message
from adkit.present.data import dumps
from adkit.present.pdflatex import compile_pdf

if TYPE_CHECKING:
    from rich.console import Console

#: Formats written by this module, and the extension of each per-student file.
SUFFIX = {"markdown": ".md", "latex": ".tex", "html": ".html", "csv": ".csv", "pdf": ".pdf", "moodle": ".xml"}


def _heading(args: argparse.Namespace) -> str:
    return args.title or message("exam.title")


def _date(args: argparse.Namespace) -> str | None:
    return args.date if args.date != "today" else datetime.date.today().isoformat()


def render_sheet(sheet: Sheet, fmt: str, args: argparse.Namespace) -> str | bytes:
    """One sheet in ``fmt``: text, or the PDF's bytes."""
    heading, date, digits, decimals = _heading(args), _date(args), args.digits, args.decimals
    if fmt in ("latex", "pdf"):
        tex, vietnamese = exam_latex(sheet, heading, args.course, date, digits, decimals)
        return tex if fmt == "latex" else compile_pdf(tex, vietnamese)
    if fmt == "html":
        return page(sheet, heading, args.course, date, digits, decimals)
    text = render_form(sheet.exercises, fmt, digits, decimals)
    if sheet.student is None:
        return text
    if fmt == "csv":
        return sheet_line(sheet.student) + text
    who = f"{message('exam.name')}: {markdown_text(sheet.student.name)} — {message('exam.student_id')}: {sheet.student.id}"
    return f"**{who}**\n\n" + text


def _write(path: str, data: str | bytes, err: "Console") -> None:
    write_output(path, data)
    err.print(message("cli.saved", path=path), markup=False, highlight=False)


def write_keys(paths: Sequence[str], sheets: Sequence[Sheet], args: argparse.Namespace, out: "Console", err: "Console") -> None:
    """Each ``--key``: JSON (``-``: printed), or a PDF/LaTeX document with every cell filled in."""
    for path in paths:
        suffix = os.path.splitext(path)[1].lower()
        if path == "-" or suffix == ".json":
            text = dumps(sheets_key(sheets, args.digits, args.decimals), indent=2, ensure_ascii=False) + "\n"
            save_or_print([text], out, None if path == "-" else path, err)
        elif suffix in (".pdf", ".tex"):
            tex, vietnamese = key_latex(sheets, _heading(args), args.course, _date(args), args.digits, args.decimals)
            _write(path, tex if suffix == ".tex" else compile_pdf(tex, vietnamese), err)
        else:
            raise BindingError("exam.key_format", path=path)


def _write_folder(args: argparse.Namespace, files: dict[str, str | bytes], err: "Console") -> None:
    """Files by their path under the folder ``-o`` (made if missing): none is overwritten without
    ``--force``, and that is checked before the first is written."""
    paths = {os.path.join(args.save, *name.split("/")): data for name, data in files.items()}
    if not args.force:
        for path in paths:
            if os.path.exists(path):
                raise BindingError("cli.exists", path=path)
    for path, data in paths.items():
        make_folder(os.path.dirname(path))
        _write(path, data, err)


def write_forms(sheets: Sequence[Sheet], fmt: str, args: argparse.Namespace, out: "Console", err: "Console") -> None:
    """The forms: one Moodle file for all sheets, one file per student in the folder ``-o``,
    or the one anonymous sheet to ``-o`` or the terminal."""
    if fmt == "moodle":
        text = quiz(sheets, _heading(args), args.digits, args.decimals)
        save_or_print([text], out, args.save, err)
        return
    if fmt == "qti":
        if not args.save:
            raise BindingError("exam.binary_stdout", format="QTI")
        _write(args.save, package(sheets, _heading(args), args.digits, args.decimals), err)
        return
    if fmt == "prairielearn":
        if not args.save:
            raise BindingError("exam.folder_output")
        _write_folder(args, questions(sheets, _heading(args), args.digits, args.decimals), err)
        return
    if sheets[0].student is not None:
        if not args.save:
            raise BindingError("exam.students_output")
        _write_folder(args, {sheet.student.id + SUFFIX[fmt]: render_sheet(sheet, fmt, args) for sheet in sheets}, err)
        return
    data = render_sheet(sheets[0], fmt, args)
    if isinstance(data, bytes):
        if not args.save:
            raise BindingError("exam.binary_stdout", format=fmt.upper())
        _write(args.save, data, err)
    else:
        save_or_print([data], out, args.save, err)


__all__ = ["SUFFIX", "render_sheet", "write_forms", "write_keys"]
