"""``adkit jacobian PROGRAM --at … [--outputs …] --mode forward|reverse [--vector] [--steps]``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from adkit.cli.common import EXIT_OK, names_list, parse_assignments, positive_int, used_point
from adkit.modes.derivatives import jacobian
from adkit.messages import counted, message
from adkit.ir.notation import number
from adkit.present.data import dumps
from adkit.trace import trace
from adkit.api import compile_program

if TYPE_CHECKING:
    from rich.console import Console


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("jacobian", help=message("help.jacobian.summary"),
                       description=message("help.jacobian.description"),
                       allow_abbrev=False)
    p.add_argument("program", metavar="PROGRAM", help=message("help.jacobian.program"))
    p.add_argument("--at", action="append", metavar="NAME=VALUE,...", help=message("help.jacobian.at"))
    p.add_argument("--outputs", type=names_list, metavar="NAME,...", help=message("help.jacobian.outputs"))
    p.add_argument("--mode", choices=("forward", "reverse"), default="reverse",
                   help=message("help.jacobian.mode"))
    p.add_argument("--vector", action="store_true", help=message("help.jacobian.vector"))
    p.add_argument("--steps", action="store_true", help=message("help.jacobian.steps"))
    p.add_argument("--format", choices=("table", "json"), default="table", help=message("help.jacobian.format"))
    p.add_argument("--digits", type=positive_int, default=4, help=message("help.jacobian.digits"))
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: "Console", err: "Console") -> int:
    from rich.table import Table
    from rich.text import Text


    at = used_point(args.program, parse_assignments(args.at), err, args.outputs)
    program = compile_program(args.program.strip(), inputs=list(at), outputs=args.outputs)
    result = jacobian(program, at, mode=args.mode, vector=args.vector)
    if args.format == "json":
        out.file.write(dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    if args.steps:
        out.print(trace(program, at=at, mode=args.mode).table(digits=args.digits))
    point = ", ".join(f"{k} = {number(v, 6)}" for k, v in at.items()) or None
    out.print(Text(message("jacobian.title", outputs=", ".join(program.outputs), point=point,  # its own line:
                           mode=message("mode.forward_vector" if args.vector else f"mode.{args.mode}"),  # never wrapped to the table
                           sweeps=counted("count.sweeps", result.sweeps))))
    table = Table()
    table.add_column("")
    for name in program.inputs:
        table.add_column(Text(f"∂/∂{name}"), justify="right")
    for output, row in result.matrix.items():
        table.add_row(Text(output), *(Text(number(v, args.digits)) for v in row.values()))
    out.print(table)
    return EXIT_OK
