"""``adkit graph EXPR --at … [--mode …] [--render out.svg] [-o FILE]``: the computational graph as DOT."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from adkit.cli.common import EXIT_OK, EXIT_USAGE, names_list, parse_assignments, positive_int, used_point
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
        help="print the computational graph as Graphviz DOT (optionally render it with dot)",
        description="Lower EXPR to a Wengert list and print its computational graph as Graphviz DOT, "
        "as in the seed's Figures 3.13 and 3.14: one node per variable with its definition and value, "
        "edges labelled with the local partials; forward mode adds the tangents, reverse mode the "
        "adjoints and the backward sweep (dashed).",
        allow_abbrev=False,
    )
    p.add_argument("expression", metavar="EXPR", help="formula or program, e.g. \"ln(x1) + x1*x2 - sin(x2)\"")
    p.add_argument("--at", action="append", metavar="NAME=VALUE,...",
                   help="the point; inputs are numbered v₁₋ₙ … v₀ in this order")
    p.add_argument("--mode", choices=("forward", "reverse", "both"), default=None,
                   help="forward (tangents), reverse (adjoints, default) or both")
    p.add_argument("--wrt", metavar="NAME", help="forward mode: one sweep seeded on this input")
    p.add_argument("--outputs", type=names_list, metavar="NAME,...",
                   help="the program's outputs (statement names); default: the last statement")
    p.add_argument("--digits", type=positive_int, default=4, help="significant digits shown (default 4)")
    p.add_argument("--ascii", action="store_true", help="plain ASCII labels: vbar, vdot, v_-1")
    p.add_argument("--render", type=_render_path, metavar="FILE.svg|.png|.pdf",
                   help="also draw the graph with Graphviz's dot (must be installed)")
    p.add_argument("-o", "--output", "--save", type=Path, metavar="FILE", help="write the DOT text to FILE instead of stdout")
    p.set_defaults(run=run)


def _render_path(text: str) -> Path:
    path = Path(text)
    if path.suffix.lower().lstrip(".") not in RENDER_FORMATS:
        raise argparse.ArgumentTypeError(message("graph.render_format", path=text))
    return path


def render(dot_text: str, path: Path) -> str | None:
    """Draw ``dot_text`` into ``path`` (format from its extension); None on success, else the reason.

    Raises FileNotFoundError when Graphviz's ``dot`` is not on the PATH.
    """
    return run_dot(dot_text, path.suffix.lower().lstrip("."), path)[1]


def run(args: argparse.Namespace, out: "Console", err: "Console") -> int:

    at = used_point(args.expression, parse_assignments(args.at), err)
    result = trace(args.expression.strip(), at=at, mode=args.mode, wrt=args.wrt, outputs=args.outputs)
    text = to_dot(result, style=ASCII if args.ascii else UNICODE, digits=args.digits)
    if args.output is not None:
        args.output.write_text(text, encoding="utf-8")
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
