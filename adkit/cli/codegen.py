"""``adkit codegen PROGRAM --mode forward|reverse``: print the tangent or adjoint program."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from adkit.cli.common import EXIT_OK, parse_assignments, split_top_level, used_point
from adkit.codegen.emit import LANGUAGES as TARGETS, source
from adkit.errors import BindingError
from adkit.messages import LANGUAGES, message
from adkit.modes.program import compile_program

if TYPE_CHECKING:
    from rich.console import Console


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "codegen",
        help="print the tangent (forward) or adjoint (reverse) program as Python, C or LaTeX",
        description="Source transformation: lower PROGRAM to a Wengert list and print the "
        "straight-line code forward or reverse mode amounts to.  The code contains only adkit's "
        "own names (v_m1, v0, v1_dot, v1_bar, ...); your names appear in comments.",
        allow_abbrev=False,
    )
    p.add_argument("expression", metavar="PROGRAM",
                   help="formula or program, e.g. \"ln(x1) + x1*x2 - sin(x2)\"")
    p.add_argument("--mode", choices=("forward", "reverse"), required=True,
                   help="forward: the tangent program; reverse: the adjoint program")
    p.add_argument("--wrt", action="append", metavar="NAME[,NAME...]",
                   help="forward: the one input to seed; reverse: the inputs whose adjoints are returned")
    p.add_argument("--target", choices=TARGETS, default="python", help="the language of the printed code")
    p.add_argument("--lang", choices=LANGUAGES + TARGETS, default=None,
                   help="language of labels and messages (python, c, latex: old spelling of --target)")
    p.add_argument("--at", action="append", metavar="NAME=VALUE,...",
                   help="also print the numbers at this point when the code runs (python, c)")
    p.add_argument("--optimize", action="store_true",
                   help="python: the simplified adjoint sweep that adkit.compile(backend='codegen') runs")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: "Console", err: "Console") -> int:

    if args.lang in TARGETS:
        err.print(message("codegen.lang_deprecated", target=args.lang), markup=False, highlight=False)
        args.target = args.lang
    at = parse_assignments(args.at)
    if at:
        at = used_point(args.expression, at, err)
    wrt = [name for text in args.wrt or [] for name in split_top_level(text)] or None
    program = compile_program(args.expression.strip(), inputs=list(at) if at else None)
    point = program.point(at) if at is not None else None
    if point is not None and args.target == "latex":
        raise BindingError("codegen.at_latex")
    text = source(program, args.mode, args.target, wrt, point, optimize=args.optimize)
    out.file.write(text)
    return EXIT_OK
