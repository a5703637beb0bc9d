"""``adkit trace EXPR --at …``: the Wengert list with its tangent and adjoint sweeps."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from adkit.cli.common import EXIT_OK, parse_assignments, positive_int

if TYPE_CHECKING:
    from rich.console import Console


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "trace",
        help="print the evaluation trace with forward tangents and/or reverse adjoints",
        description="Lower EXPR to a Wengert list and print its primal, tangent and adjoint "
        "traces in the shape of Baydin et al. (2018), Tables 2 and 3.",
        allow_abbrev=False,
    )
    p.add_argument("expression", metavar="EXPR",
                   help="formula or program, e.g. \"ln(x1) + x1*x2 - sin(x2)\" or \"a = exp(x); y = a^2\"")
    p.add_argument("--at", action="append", required=True, metavar="NAME=VALUE,...",
                   help="the point; inputs are numbered v₁₋ₙ … v₀ in this order")
    p.add_argument("--mode", choices=("forward", "reverse", "both"), default=None,
                   help="forward (tangents), reverse (adjoints, default) or both in one table")
    p.add_argument("--wrt", metavar="NAME", help="forward mode: one sweep seeded on this input")
    p.add_argument("--seed", action="append", metavar="NAME=VALUE,...",
                   help="forward mode: one sweep in this direction (unnamed inputs get 0)")
    p.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    p.add_argument("--digits", type=positive_int, default=4, help="significant digits shown (default 4)")
    p.add_argument("--ascii", action="store_true", help="plain ASCII: vbar, vdot, v_-1")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: "Console", err: "Console") -> int:
    from adkit.trace import trace

    at = parse_assignments(args.at)
    seed = parse_assignments(args.seed)
    result = trace(args.expression.strip(), at=at, mode=args.mode, wrt=args.wrt, seed=seed)
    if args.format == "json":
        out.file.write(result.to_json() + "\n")
        return EXIT_OK
    out.print(result.table(digits=args.digits, ascii=args.ascii))
    return EXIT_OK
