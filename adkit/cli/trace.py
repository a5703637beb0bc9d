"""``adkit trace EXPR --at …``: the Wengert list with its tangent and adjoint sweeps."""

from __future__ import annotations

import argparse
from functools import partial
from typing import TYPE_CHECKING

from adkit.cli.table_options import add_table_options, adjoint_seed, table_shape
from adkit.cli.trace_presets import trace_input
from adkit.cli.common import (EXIT_CHECK_FAILED, EXIT_OK, names_list, parse_assignments, positive_int, save_or_print,
                               used_point)
from adkit.present.data import streamed_dict, write_json
from adkit.present.exports import FORMATS, output_format, write_csv
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
    p.add_argument("--format", choices=FORMATS, default=None,
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

    fmt = output_format(args.format, args.save)
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
    parts: list = []
    if fmt == "json":  # written as it is made: a 10⁶-step trace is never one dict or string
        data = streamed_dict(result, shape)
        if checked is not None:
            data["verification"] = checked.to_dict()
        if args.explain:
            from adkit.present.explain import explain

            data["explanation"] = explain(result)
        parts += [partial(write_json, data, indent=2, ensure_ascii=False), "\n"]
    elif fmt == "table":
        parts.append(result.text(width, args.digits, args.ascii, shape, "all" if args.save is not None else args.rows))
    elif fmt == "latex":
        parts.append(result.to_latex(args.digits, standalone=args.standalone, shape=shape))
    elif fmt == "csv":
        parts.append(partial(write_csv, result, shape=shape))
    else:
        parts.append(getattr(result, f"to_{fmt}")(args.digits, shape=shape))
    if fmt != "json":
        if args.explain:
            from adkit.present.explain import explain_text

            narration = explain_text(result, fmt, ascii=args.ascii, width=width)
            if fmt == "latex" and args.standalone:  # inside the document
                parts[0] = parts[0].replace("\\end{document}", narration + "\n\\end{document}")
            else:
                parts.append(narration)
        if checked is not None:
            from adkit.verify.view import verification_view

            parts.append(verification_view(checked, digits=max(args.digits, 10), ascii=args.ascii, width=width))
    save_or_print(parts, out, args.save, err)
    return status
