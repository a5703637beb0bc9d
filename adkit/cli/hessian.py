"""``adkit hessian EXPR --at … [--method …] [--hvp NAME=VALUE,...]``: second derivatives."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from adkit.cli.common import EXIT_OK, parse_assignments, positive_int, used_point
from adkit.modes.derivatives import hessian, HESSIAN_METHODS, hvp
from adkit.messages import counted, message
from adkit.ir.notation import number
from adkit.api import compile_program
from adkit.present.data import dumps

if TYPE_CHECKING:
    from rich.console import Console


def add_parser(sub: argparse._SubParsersAction) -> None:

    p = sub.add_parser("hessian", help=message("help.hessian.summary"),
                       description=message("help.hessian.description"),
                       allow_abbrev=False)
    p.add_argument("expression", metavar="EXPR", help=message("help.hessian.expression"))
    p.add_argument("--at", action="append", metavar="NAME=VALUE,...", help=message("help.hessian.at"))
    p.add_argument("--method", choices=HESSIAN_METHODS, default="forward-over-reverse",
                   help=message("help.hessian.method"))
    p.add_argument("--hvp", action="append", metavar="NAME=VALUE,...",
                   help=message("help.hessian.hvp"))
    p.add_argument("--format", choices=("table", "json"), default="table", help=message("help.hessian.format"))
    p.add_argument("--digits", type=positive_int, default=4, help=message("help.hessian.digits"))
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: "Console", err: "Console") -> int:
    from rich.table import Table
    from rich.text import Text


    at = used_point(args.expression, parse_assignments(args.at), err, option=False)
    program = compile_program(args.expression.strip(), inputs=list(at))
    point = ", ".join(f"{k} = {number(v, 6)}" for k, v in at.items()) or None
    if args.hvp:
        vector = parse_assignments(args.hvp)
        product = hvp(program, at, {name: vector.get(name, 0.0) for name in program.inputs})
        if args.format == "json":
            out.file.write(dumps({"hvp": product, "vector": vector, "sweeps": 1}, indent=2) + "\n")
            return EXIT_OK
        out.print(Text(message("hessian.hvp_title", point=point)))
        for name, value in product.items():
            out.print(Text(f"(H·v)[{name}] = {number(value, args.digits)}"))
        return EXIT_OK
    result = hessian(program, at, args.method)
    if args.format == "json":
        out.file.write(dumps(result.to_dict(), indent=2) + "\n")
        return EXIT_OK
    out.print(Text(message("hessian.title", point=point, method=args.method,  # its own line, never wrapped
                           sweeps=counted("count.sweeps", result.sweeps))))
    table = Table()
    table.add_column(Text("∂²/∂·∂·"))
    for name in program.inputs:
        table.add_column(Text(name), justify="right")
    for name, row in result.matrix.items():
        table.add_row(Text(name), *(Text(number(v, args.digits)) for v in row.values()))
    out.print(table)
    return EXIT_OK
