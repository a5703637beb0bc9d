"""``adkit exercise``: blank trace tables for students and an answer key for grading."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from adkit.cli.common import EXIT_OK, parse_assignments, positive_int, save_or_print
from adkit.errors import BindingError
from adkit.coursework.forms import answer_key, BLANKS, Exercise, FORM_FORMATS, generate, render_form, worksheet_seeds
from adkit.present.exports import output_format
from adkit.messages import message
from adkit.trace import trace

if TYPE_CHECKING:
    from rich.console import Console

_EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".tex": "latex", ".html": "html", ".htm": "html",
               ".csv": "csv"}


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "exercise",
        help="print a trace table with blanks for students, and write its answer key",
        description="A trace table with chosen cells left blank (a fillable form), and an answer key "
        "for adkit grade. --random makes the expression and the point.",
        allow_abbrev=False,
    )
    p.add_argument("expression", metavar="EXPR", nargs="?", help="formula or program (not with --random)")
    p.add_argument("--at", action="append", metavar="NAME=VALUE,...", help="the point")
    p.add_argument("--mode", choices=("forward", "reverse", "both"), default="reverse",
                   help="which traces the student fills in (default reverse)")
    p.add_argument("--blank", choices=BLANKS, default="values",
                   help="cells left blank: values (default), statements or all")
    p.add_argument("--format", choices=FORM_FORMATS, default=None,
                   help="markdown (default), latex (a document for pdflatex), html or csv (fillable); "
                   "inferred from -o's extension")
    p.add_argument("--key", metavar="FILE", help="write the answer key (JSON) to FILE; '-' prints it instead of the form")
    p.add_argument("-o", "--save", metavar="FILE", help="write the form to FILE instead of the terminal")
    p.add_argument("--digits", type=positive_int, default=4, help="significant digits of the given numbers")
    p.add_argument("--random", action="store_true", help="a random expression and point from the registry")
    p.add_argument("--difficulty", type=_level, default=2, help="--random: 1 (3-4 steps) to 5 (11-15 steps)")
    p.add_argument("--seed", type=int, default=0, help="--random: the random seed (same seed, same exercise)")
    p.add_argument("--count", type=int, default=1, help="--random: a worksheet of COUNT exercises, one key")
    p.set_defaults(run=run)


def _level(text: str) -> int:
    if text not in ("1", "2", "3", "4", "5"):
        raise argparse.ArgumentTypeError(message("option.difficulty", text=text))
    return int(text)


def run(args: argparse.Namespace, out: "Console", err: "Console") -> int:

    fmt = output_format(args.format, args.save, default="markdown", extensions=_EXTENSIONS)
    if args.random:
        if args.expression is not None or args.at:
            raise BindingError("exercise.random_with_expression")
        if args.count < 1:
            raise BindingError("exercise.count")
        problems = [generate(args.difficulty, s) for s in worksheet_seeds(args.seed, args.count)]
    else:
        if args.expression is None or not args.at:
            raise BindingError("exercise.needs_expression")
        if args.count != 1:
            raise BindingError("exercise.count")
        problems = [(args.expression.strip(), parse_assignments(args.at))]
    exercises = [Exercise(trace(text, at=point, mode=args.mode), args.blank) for text, point in problems]
    if args.key:  # "-": the key on standard output instead of the form
        key = json.dumps(answer_key(exercises), indent=2, ensure_ascii=False) + "\n"
        save_or_print([key], out, None if args.key == "-" else args.key)
    if args.key != "-" or args.save:
        save_or_print([render_form(exercises, fmt, args.digits)], out, args.save)
    return EXIT_OK
