"""``adkit trace EXPR --at …``: the Wengert list with its tangent and adjoint sweeps."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from adkit.cli.table_options import add_table_options, adjoint_seed, table_shape
from adkit.cli.trace_presets import trace_input
from adkit.cli.common import (EXIT_CHECK_FAILED, EXIT_OK, names_list, parse_assignments, positive_int, save_or_print,
                               used_point)
from adkit.errors import BindingError
from adkit.present.formats import FORMATS, Options, chosen
from adkit.messages import message
from adkit.trace import trace

if TYPE_CHECKING:
    from rich.console import Console


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "trace",
        help=message("help.trace.summary"),
        description=message("help.trace.description"),
        allow_abbrev=False,
    )
    given = p.add_mutually_exclusive_group(required=True)  # the formula, or a preset's
    given.add_argument("expression", metavar="EXPR", nargs="?",
                       help=message("help.trace.expression"))
    given.add_argument("--preset", metavar="NAME", help=message("help.trace.preset"))
    p.add_argument("--at", action="append", metavar="NAME=VALUE,...",
                   help=message("help.trace.at"))
    p.add_argument("--mode", choices=("forward", "reverse", "both"), default=None,
                   help=message("help.trace.mode"))
    p.add_argument("--wrt", metavar="NAME", help=message("help.trace.wrt"))
    p.add_argument("--seed", action="append", metavar="NAME=VALUE,...",
                   help=message("help.trace.seed"))
    p.add_argument("--outputs", type=names_list, metavar="NAME,...",
                   help=message("help.trace.outputs"))
    p.add_argument("--format", choices=tuple(FORMATS), default=None,
                   help=message("help.trace.format"))
    p.add_argument("-o", "--output", "--save", dest="save", metavar="FILE", help=message("help.trace.output"))
    p.add_argument("--standalone", action="store_true", help=message("help.trace.standalone"))
    p.add_argument("--explain", action="store_true", help=message("help.trace.explain"))
    p.add_argument("--digits", type=positive_int, default=4, help=message("help.trace.digits"))
    p.add_argument("--ascii", action="store_true", help=message("help.trace.ascii"))
    p.add_argument("--verify", action="store_true",
                   help=message("help.trace.verify"))
    p.add_argument("--verify-timeout", type=_seconds, default=5.0, metavar="SECONDS",
                   help=message("help.trace.verify_timeout"))
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

    fmt = chosen(args.format, args.save)
    if fmt.binary and args.save is None:
        raise BindingError("format.needs_file", format=fmt.name)
    width = args.width or (200 if args.save is not None else out.width)  # files are complete, at 200 columns
    shape = table_shape(args)
    args.digits = args.digits or 4
    args.expression, args.at = trace_input(args.expression, args.preset, args.at)
    at = used_point(args.expression, parse_assignments(args.at), err, args.outputs)
    seed = parse_assignments(args.seed)
    result = trace(args.expression.strip(), at=at, mode=args.mode, wrt=args.wrt, seed=seed, outputs=args.outputs,
                   adjoint_seed=adjoint_seed(args.adjoint_seed))
    checked = None
    if args.verify:
        from adkit.verify.check import verify  # start-up: sympy and the checks load only for --verify

        checked = verify(result, timeout=args.verify_timeout)
    status = EXIT_OK if checked is None or checked.ok else EXIT_CHECK_FAILED
    extra: dict = {}
    if fmt.structured and checked is not None:
        extra["verification"] = checked.to_dict()
    if fmt.structured and args.explain:
        from adkit.present.explain import explain

        extra["explanation"] = explain(result)
    rows = "all" if args.save is not None else args.rows
    options = Options(args.digits, shape, args.standalone, width, args.ascii, rows, extra)
    parts: list = [fmt.stream(result, options) if fmt.stream else fmt.write(result, options)]
    if not fmt.structured and not fmt.binary:
        if args.explain:
            from adkit.present.explain import explain_text

            narration = explain_text(result, fmt.name, ascii=args.ascii, width=width)
            if fmt.name == "latex" and args.standalone:  # inside the document
                parts[0] = parts[0].replace("\\end{document}", narration + "\n\\end{document}")
            else:
                parts.append(narration)
        if checked is not None:
            from adkit.verify.view import verification_view

            parts.append(verification_view(checked, digits=max(args.digits, 10), ascii=args.ascii, width=width))
    save_or_print(parts, out, args.save, err)
    return status
