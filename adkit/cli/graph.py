"""``adkit graph EXPR --at … [--mode …] [--render out.svg] [-o FILE]``: the computational graph as DOT."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from adkit.cli.common import EXIT_OK, EXIT_USAGE, names_list, parse_assignments, positive_int, used_point
from adkit.cli.outputs import write_output
from adkit.messages import message
from adkit.present.dotview import run_dot
from adkit.present.graph import to_dot
from adkit.ir.notation import ASCII, UNICODE
from adkit.trace import trace

if TYPE_CHECKING:
    from rich.console import Console

RENDER_FORMATS = ("svg", "png", "pdf")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "graph",
        help=message("help.graph.summary"),
        description=message("help.graph.description"),
        allow_abbrev=False,
    )
    p.add_argument("expression", metavar="EXPR", help=message("help.graph.expression"))
    p.add_argument("--at", action="append", metavar="NAME=VALUE,...",
                   help=message("help.graph.at"))
    p.add_argument("--mode", choices=("forward", "reverse", "both"), default=None,
                   help=message("help.graph.mode"))
    p.add_argument("--wrt", metavar="NAME", help=message("help.graph.wrt"))
    p.add_argument("--outputs", type=names_list, metavar="NAME,...",
                   help=message("help.graph.outputs"))
    p.add_argument("--digits", type=positive_int, default=4, help=message("help.graph.digits"))
    p.add_argument("--ascii", action="store_true", help=message("help.graph.ascii"))
    p.add_argument("--render", type=_render_path, metavar="FILE.svg|.png|.pdf",
                   help=message("help.graph.render"))
    p.add_argument("-o", "--output", "--save", type=Path, metavar="FILE", help=message("help.graph.output"))
    p.set_defaults(run=run)


def _render_path(text: str) -> Path:
    path = Path(text)
    if path.suffix.lower().lstrip(".") not in RENDER_FORMATS:
        raise argparse.ArgumentTypeError(message("graph.render_format", path=text))
    return path


def render(dot_text: str, path: Path) -> str | None:
    """Draw ``dot_text`` into ``path`` (format from its extension); None on success, else Graphviz's reason.

    Raises FileNotFoundError when Graphviz's ``dot`` is not on the PATH.
    """
    drawing, reason = run_dot(dot_text, path.suffix.lower().lstrip("."))
    if reason is None:
        write_output(str(path), drawing)
    return reason


def run(args: argparse.Namespace, out: "Console", err: "Console") -> int:

    at = used_point(args.expression, parse_assignments(args.at), err, args.outputs)
    result = trace(args.expression.strip(), at=at, mode=args.mode, wrt=args.wrt, outputs=args.outputs)
    text = to_dot(result, style=ASCII if args.ascii else UNICODE, digits=args.digits)
    if args.output is not None:
        write_output(str(args.output), text)
        err.print(message("graph.saved", path=args.output), markup=False, highlight=False)
    else:
        out.file.write(text)
    if args.render is None:
        return EXIT_OK
    try:
        reason = render(text, args.render)
    except FileNotFoundError:
        err.print(f"adkit: {message('cli.error')}: {message('graph.no_dot')}", markup=False, highlight=False)
        return EXIT_USAGE
    if reason is not None:
        err.print(f"adkit: {message('cli.error')}: {message('graph.render_failed', path=args.render, reason=reason)}",
                  markup=False, highlight=False)
        return EXIT_USAGE
    err.print(message("graph.rendered", path=args.render), markup=False, highlight=False)
    return EXIT_OK
