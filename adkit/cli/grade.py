"""``adkit grade``: mark filled trace tables against an answer key."""

from __future__ import annotations

import argparse
import os
import re
import textwrap
from typing import TYPE_CHECKING

from adkit.cli.common import EXIT_CHECK_FAILED, EXIT_OK, parse_assignments, save_or_print, used_point
from adkit.coursework.gradebook import grade_paths, gradebook_csv, mistake_lines, summary_lines, unreadable_lines
from adkit.coursework.key import AnswerKey, read_key
from adkit.coursework.gradescope import metadata_student, results as gradescope_results
from adkit.errors import BindingError
from adkit.coursework.forms import BLANKS
from adkit.messages import counted, message
from adkit.coursework.grade import IMPRECISE_CREDIT, key_from_trace, marked_rows, Marking
from adkit.present.data import dumps

if TYPE_CHECKING:
    from rich.console import Console



def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "grade",
        help=message("help.grade.summary"),
        description=message("help.grade.description"),
        allow_abbrev=False,
    )
    p.add_argument("answers", metavar="ANSWERS", nargs="*",
                   help=message("help.grade.answers"))
    p.add_argument("--key", metavar="KEY.json", help=message("help.grade.key"))
    p.add_argument("--expr", metavar="EXPR", help=message("help.grade.expr"))
    p.add_argument("--at", action="append", metavar="NAME=VALUE,...", help=message("help.grade.at"))
    p.add_argument("--mode", choices=("forward", "reverse", "both"), default="reverse", help=message("help.grade.mode"))
    p.add_argument("--blank", choices=BLANKS, default="values", help=message("help.grade.blank"))
    p.add_argument("--tol", type=_tolerance, default=None,
                   help=message("help.grade.tol"))
    p.add_argument("--imprecise-credit", type=_credit, default=IMPRECISE_CREDIT, metavar="0..1",
                   help=message("help.grade.imprecise_credit"))
    p.add_argument("--format", choices=("table", "json", "csv", "gradescope"), default="table",
                   help=message("help.grade.format"))
    p.add_argument("--metadata", metavar="FILE.json", help=message("help.grade.metadata"))
    p.add_argument("--summary", action="store_true", help=message("help.grade.summary_option"))
    p.add_argument("-o", "--output", "--save", dest="save", metavar="FILE", help=message("help.grade.output"))
    p.set_defaults(run=run)


def _tolerance(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < 1e300:
        raise argparse.ArgumentTypeError(message("option.tolerance", text=text))
    return value


def _credit(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(message("option.credit", text=text))
    return value


def run(args: argparse.Namespace, out: "Console", err: "Console") -> int:

    if args.key:
        key = read_key(args.key)
    elif args.expr:
        point = used_point(args.expr, parse_assignments(args.at), err, option=False)
        key = key_from_trace(args.expr.strip(), point, args.mode, args.blank)
    else:
        raise BindingError("grade.needs_key")
    if not args.answers and args.format != "gradescope":
        raise BindingError("grade.no_answers")
    # Gradescope needs results.json whatever was submitted: an unreadable sheet scores 0 there
    submitter = metadata_student(args.metadata) if args.metadata else None
    results = grade_paths(key, args.answers, args.tol, args.imprecise_credit, strict=args.format != "gradescope",
                          submitter=submitter)
    unreadable = unreadable_lines(results)
    for line in unreadable:  # before any score, so they are not missed under a class's tables
        err.print(line, markup=False, highlight=False)
    markings = [r.marking for r in results]
    if args.format in ("csv", "gradescope"):
        text = gradebook_csv(key, results) if args.format == "csv" else \
            dumps(gradescope_results(key, results, submitter), indent=2, ensure_ascii=False) + "\n"
        save_or_print([text], out, args.save, err)
    elif args.format == "json":
        data = [m.to_dict() for m in markings]
        save_or_print([dumps(data[0] if len(data) == 1 else data, indent=2, ensure_ascii=False) + "\n"], out,
                      args.save, err)
    elif args.summary and key.students:
        # a folder is the class: every student of the roster; named sheets: only their students
        everyone = any(os.path.isdir(path) for path in args.answers)
        for line in summary_lines(key, results, everyone):
            out.print(line, markup=False, highlight=False)
    elif args.summary:

        for m in markings:
            out.print(message("grade.summary", file=m.source, score=m.score, max_score=m.max_score,
                              wrong=m.count("wrong") + m.count("missing"), carried=m.count("carried"),
                              problems=counted("count.file_problems", len(m.problems))),
                      markup=False, highlight=False)
        for line in mistake_lines(results):
            out.print(line, markup=False, highlight=False)
    else:
        for r in results:  # a roster student's sheet shows that student's exercises only
            _print_marking(r.marking, key.for_student(r.student) or key if r.student else key, out)
    return EXIT_CHECK_FAILED if unreadable else EXIT_OK


def _print_marking(m: "Marking", key: AnswerKey, out: "Console") -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text


    for number, title, header, body in marked_rows(m, key):
        out.print(Text(message("grade.title", file=m.source, title=title)))  # its own line, never wrapped
        table = Table(box=box.SIMPLE_HEAVY)
        for i, h in enumerate(header):
            table.add_column(h, no_wrap=i > 0)
        for row in body:
            table.add_row(*(Text(c) for c in row))
        out.print(table)
        for c in m.cells:  # the mistakes named, under the sheet, wrapped to the width with a hanging indent
            if c.exercise == number and c.feedback is not None:
                text = re.sub(" ([=+−]) ", "\u00a0\\1\u00a0", message("grade.feedback", text=c.feedback.text))
                text = textwrap.fill(text, max(40, out.width - 1), initial_indent="  ", subsequent_indent="    ",
                                     break_on_hyphens=False)  # not inside a = b + c: its spaces do not break
                out.print(text.replace("\u00a0", " "), markup=False, highlight=False)
    for problem in m.problems:
        out.print("  " + problem, markup=False, highlight=False)
    out.print(message("grade.score", score=m.score, max_score=m.max_score, wrong=m.count("wrong") + m.count("missing"),
                      imprecise=m.count("imprecise"),
                      carried=counted("count.carried_errors", m.count("carried"))), markup=False, highlight=False)
