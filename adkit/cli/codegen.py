"""``adkit codegen PROGRAM --mode forward|reverse``: print the tangent or adjoint program."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from adkit.cli.common import EXIT_OK, parse_assignments, save_or_print, split_top_level, used_point
from adkit.codegen.emit import LANGUAGES as TARGETS, source
from adkit.codegen.statements import wrt_seeds
from adkit.errors import BindingError
from adkit.messages import LANGUAGES, message
from adkit.api import compile_program
from adkit.modes.program import Program

if TYPE_CHECKING:
    from rich.console import Console


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "codegen",
        help=message("help.codegen.summary"),
        description=message("help.codegen.description"),
        allow_abbrev=False,
    )
    p.add_argument("expression", metavar="PROGRAM",
                   help=message("help.codegen.expression"))
    p.add_argument("--mode", choices=("forward", "reverse"), required=True,
                   help=message("help.codegen.mode"))
    p.add_argument("--wrt", action="append", metavar="NAME[,NAME...]",
                   help=message("help.codegen.wrt"))
    p.add_argument("--target", choices=TARGETS, default="python", help=message("help.codegen.target"))
    p.add_argument("--lang", choices=LANGUAGES + TARGETS, default=None,
                   help=message("help.codegen.lang"))
    p.add_argument("--at", action="append", metavar="NAME=VALUE,...",
                   help=message("help.codegen.at"))
    p.add_argument("--optimize", action="store_true",
                   help=message("help.codegen.optimize"))
    p.add_argument("--run", action="store_true", dest="run_c", help=message("help.codegen.run"))
    p.add_argument("-o", "--output", "--save", metavar="FILE", help=message("help.codegen.output"))
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: "Console", err: "Console") -> int:

    if args.lang in TARGETS:
        err.print(message("codegen.lang_deprecated", target=args.lang), markup=False, highlight=False)
        args.target = args.lang
    at = parse_assignments(args.at)
    used = used_point(args.expression, at, err, option=False)
    if at:
        at = used
    wrt = [name for text in args.wrt or [] for name in split_top_level(text)] or None
    program = compile_program(args.expression.strip(), inputs=list(at) if at else None)
    point = program.point(at) if at is not None else None
    if point is not None and args.target == "latex":
        raise BindingError("codegen.at_latex")
    if args.run_c:
        if args.target != "c":
            raise BindingError("native.run_target")
        return _run_c(program, args.mode, wrt, point, out)
    text = source(program, args.mode, args.target, wrt, point, optimize=args.optimize)
    save_or_print([text], out, args.output, err)
    return EXIT_OK


def _run_c(program: Program, mode: str, wrt: list[str] | None, point: list[float] | None, out: "Console") -> int:
    """``--run``: the value and the derivatives the C library computes at the point, one per line."""
    if point is None:
        raise BindingError("native.run_needs_at")
    from adkit.codegen.cbackend import NativeProgram  # start-up: ctypes and the compiler only for --run

    native = NativeProgram(program.inputs, program.steps, program.outputs, program.output_refs, text=program.text)
    native.check_compiler()
    seeds, picks = wrt_seeds(program, mode, wrt)
    y = program.outputs[0]
    if mode == "forward":  # without --wrt: the direction of the first input, as the printed code
        seed = seeds if seeds is not None else [float(i == 0) for i in range(len(point))]
        value, tangent = native.jvp(point, seed)
        along = program.inputs[seed.index(1.0)] if program.inputs else "-"
        lines = [f"{y} = {value!r}", f"d{y}/d{along} = {tangent!r}"]
    else:
        value, gradient = native.vjp(point, 1.0)
        lines = [f"{y} = {value!r}"] + [f"d{y}/d{program.inputs[i]} = {gradient[program.inputs[i]]!r}" for i in picks]
    out.file.write("\n".join(lines) + "\n")
    return EXIT_OK
