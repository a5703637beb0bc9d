"""``adkit trace EXPR --at …``: the Wengert list with its tangent and adjoint sweeps."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from adkit.cli.table_options import add_table_options, adjoint_seed, table_shape
from adkit.cli.common import (EXIT_CHECK_FAILED, EXIT_OK, names_list, parse_assignments, positive_int, save_or_print,
                               used_point)
from adkit.present.data import dumps
from adkit.present.exports import FORMATS, output_format
from adkit.messages import message
from adkit.trace import trace
from adkit.verify.check import verify
from adkit.present.explain import explain, explain_text
from adkit.verify.view import verification_view

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
    p.add_argument("--at", action="append", metavar="NAME=VALUE,...",
                   help="the point; inputs are numbered v₁₋ₙ … v₀ in this order")
    p.add_argument("--mode", choices=("forward", "reverse", "both"), default=None,
                   help="forward (tangents), reverse (adjoints, default) or both in one table")
    p.add_argument("--wrt", metavar="NAME", help="forward mode: one sweep seeded on this input")
    p.add_argument("--seed", action="append", metavar="NAME=VALUE,...",
                   help="forward mode: one sweep in this direction (unnamed inputs get 0)")
    p.add_argument("--outputs", type=names_list, metavar="NAME,...",
                   help="the program's outputs (statement names); default: the last statement")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="table (default), markdown, latex, csv, html or json; inferred from -o's extension")
    p.add_argument("-o", "--output", "--save", dest="save", metavar="FILE", help="write the output to FILE instead of the terminal")
    p.add_argument("--standalone", action="store_true", help="latex: a complete document that compiles with pdflatex")
    p.add_argument("--explain", action="store_true", help="after the table, narrate every step for a learner")
    p.add_argument("--digits", type=positive_int, default=4, help="significant digits shown (default 4)")
    p.add_argument("--ascii", action="store_true", help="plain ASCII: vbar, vdot, v_-1")
    p.add_argument("--verify", action="store_true",
                   help="check every row against sympy and finite differences; exit 1 if a check fails")
    p.add_argument("--verify-timeout", type=_seconds, default=5.0, metavar="SECONDS",
                   help="seconds sympy may take before only numeric checks are used (default 5)")
    add_table_options(p)
    p.set_defaults(run=run)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < 1e6:
        raise argparse.ArgumentTypeError(message("option.seconds", text=text))
    return value


def run(args: argparse.Namespace, out: "Console", err: "Console") -> int:

    fmt = output_format(args.format, args.save)
    shape = table_shape(args)
    args.digits = args.digits or 4
    at = used_point(args.expression, parse_assignments(args.at), err)
    seed = parse_assignments(args.seed)
    result = trace(args.expression.strip(), at=at, mode=args.mode, wrt=args.wrt, seed=seed, outputs=args.outputs,
                   adjoint_seed=adjoint_seed(args.adjoint_seed))
    checked = None
    if args.verify:

        checked = verify(result, timeout=args.verify_timeout)
    status = EXIT_OK if checked is None or checked.ok else EXIT_CHECK_FAILED
    parts: list = []
    if fmt == "json":
        data = result.to_dict(shape)
        if checked is not None:
            data["verification"] = checked.to_dict()
        if args.explain:

            data["explanation"] = explain(result)
        parts.append(dumps(data, indent=2, ensure_ascii=False) + "\n")
    elif fmt == "table":
        complete = args.save is not None  # files are always complete, at 200 columns unless --width
        parts.append(result.text(args.width or (200 if complete else out.width), args.digits, args.ascii, shape,
                                 "all" if complete else args.rows))
    elif fmt == "latex":
        parts.append(result.to_latex(args.digits, standalone=args.standalone, shape=shape))
    elif fmt == "csv":
        parts.append(result.to_csv(shape))
    else:
        parts.append(getattr(result, f"to_{fmt}")(args.digits, shape=shape))
    if fmt != "json":
        if args.explain:

            narration = explain_text(result, fmt, ascii=args.ascii)
            if fmt == "latex" and args.standalone:  # inside the document
                parts[0] = parts[0].replace("\\end{document}", narration + "\n\\end{document}")
            else:
                parts.append(narration)
        if checked is not None:

            parts.append(verification_view(checked, digits=max(args.digits, 10), ascii=args.ascii))
    save_or_print(parts, out, args.save, err)
    return status
