"""``adkit exercise``: blank trace tables for students and an answer key for grading."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from adkit.cli.common import EXIT_OK, parse_assignments, positive_int, used_point
from adkit.cli.examfiles import write_forms, write_keys
from adkit.errors import BindingError
from adkit.coursework.forms import BLANKS, Exercise, FORM_FORMATS
from adkit.coursework.generate import generate, worksheet_seeds
from adkit.coursework.shapes import SHAPES
from adkit.coursework.roster import read_roster
from adkit.coursework.variants import Sheet, fair_problems, make_sheets, numbered, point_problems, random_problems
from adkit.present.exports import output_format
from adkit.messages import message
from adkit.trace import trace

if TYPE_CHECKING:
    from rich.console import Console

_EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".tex": "latex", ".html": "html", ".htm": "html",
               ".csv": "csv", ".pdf": "pdf", ".xml": "moodle", ".zip": "qti"}
#: Formats of exam documents (adkit.cli.examfiles) on top of the worksheet formats.
EXAM_FORMATS = ("pdf", "moodle", "prairielearn", "qti")
#: Formats that take a pool of variants (--variants).
POOLS = ("moodle", "prairielearn", "qti")
#: What differs between students' variants (--vary): only the numbers, or with --random the exercises too.
VARY = ("numbers", "structure")
#: Most exercises on one worksheet (--count): a class's worth, bounded time and memory.
MAX_COUNT = 500


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "exercise",
        help=message("help.exercise.summary"),
        description=message("help.exercise.description"),
        allow_abbrev=False,
    )
    p.add_argument("expression", metavar="EXPR", nargs="?", help=message("help.exercise.expression"))
    p.add_argument("--at", action="append", metavar="NAME=VALUE,...", help=message("help.exercise.at"))
    p.add_argument("--mode", choices=("forward", "reverse", "both"), default="reverse",
                   help=message("help.exercise.mode"))
    p.add_argument("--blank", choices=BLANKS, default="values",
                   help=message("help.exercise.blank"))
    p.add_argument("--format", choices=FORM_FORMATS + EXAM_FORMATS, default=None, metavar="FORMAT",
                   help=message("help.exercise.format"))
    p.add_argument("--key", metavar="FILE", action="append",
                   help=message("help.exercise.key"))
    p.add_argument("-o", "--output", "--save", dest="save", metavar="FILE",
                   help=message("help.exercise.output"))
    p.add_argument("--title", help=message("help.exercise.title"))
    p.add_argument("--course", help=message("help.exercise.course"))
    p.add_argument("--date", help=message("help.exercise.date"))
    p.add_argument("--students", metavar="ROSTER.csv",
                   help=message("help.exercise.students"))
    p.add_argument("--variants", type=int, metavar="K",
                   help=message("help.exercise.variants"))
    p.add_argument("--digits", type=positive_int, default=4,
                   help=message("help.exercise.digits"))
    p.add_argument("--random", action="store_true", help=message("help.exercise.random"))
    p.add_argument("--difficulty", type=_level, default=2, help=message("help.exercise.difficulty"))
    p.add_argument("--seed", type=int, default=0,
                   help=message("help.exercise.seed"))
    p.add_argument("--shape", metavar="NAME", help=message("help.exercise.shape"))
    p.add_argument("--shapes", action="store_true", help=message("help.exercise.shapes"))
    p.add_argument("--count", type=int, default=1, help=message("help.exercise.count", max=MAX_COUNT))
    p.add_argument("--vary", choices=VARY, default="numbers", help=message("help.exercise.vary"))
    p.set_defaults(run=run)
    p.add_argument("--decimals", type=positive_int, metavar="N", help=message("help.exercise.decimals"))
    p.set_defaults(digits=None)  # None: --digits not given (so --decimals can refuse it); 4 when used


def _level(text: str) -> int:
    if text not in ("1", "2", "3", "4", "5"):
        raise argparse.ArgumentTypeError(message("option.difficulty", text=text))
    return int(text)


def run(args: argparse.Namespace, out: "Console", err: "Console") -> int:
    if args.decimals is not None and args.digits is not None:
        raise BindingError("option.decimals_digits")
    args.digits = args.digits or 4

    if args.shapes:
        for name in SHAPES:
            out.print(f"{name:12} {message('shape.' + name)}", markup=False, highlight=False)
        return EXIT_OK
    per_student = bool(args.students or args.variants) and not (args.save or "").lower().endswith((".xml", ".zip"))
    fmt = output_format(args.format, None if per_student else args.save, default="markdown", extensions=_EXTENSIONS)
    if args.vary == "structure" and not args.random:
        raise BindingError("exercise.vary_structure")
    if args.random:
        if args.expression is not None or args.at:
            raise BindingError("exercise.random_with_expression")
        if not 1 <= args.count <= MAX_COUNT:
            raise BindingError("exercise.count", maximum=MAX_COUNT)
        problems = [generate(args.difficulty, s, args.shape) for s in worksheet_seeds(args.seed, args.count)]
    else:
        if args.expression is None:
            raise BindingError("exercise.needs_expression")
        if args.count != 1:
            raise BindingError("exercise.count_random")
        problems = [(args.expression.strip(), used_point(args.expression, parse_assignments(args.at), err, option=False))]
    sheets = _sheets(args, problems, fmt)
    keys = args.key or []
    write_keys(keys, sheets, args, out, err)  # "-": the key on standard output instead of the form
    if "-" not in keys or args.save:
        write_forms(sheets, fmt, args, out, err)
    return EXIT_OK


def _sheets(args: argparse.Namespace, problems: list[tuple[str, dict[str, float]]], fmt: str) -> list[Sheet]:
    """The anonymous worksheet, or one sheet per student of --students / per --variants."""
    if args.variants is not None and (args.variants < 1 or args.students or not args.random or fmt not in POOLS):
        raise BindingError("exam.variants_moodle")
    if not args.students and args.variants is None:
        return [Sheet(None, [Exercise(trace(text, at=point, mode=args.mode), args.blank) for text, point in problems])]
    students = read_roster(args.students) if args.students else numbered(args.variants)
    if not args.random:
        made = point_problems(problems[0][0], args.seed)
    elif args.vary == "structure":
        made = random_problems(args.difficulty, args.count, args.shape)
    else:
        made = fair_problems(args.difficulty, args.count, args.shape, args.seed)
    return make_sheets(students, made, args.seed, args.mode, args.blank)
