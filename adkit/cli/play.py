"""``adkit play EXPR --at … -o sweep.html``: the sweep player as one self-contained HTML file."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from adkit.cli.common import EXIT_OK, names_list, parse_assignments, positive_int, used_point
from adkit.cli.outputs import write_output
from adkit.messages import counted, language, message
from adkit.present.player import player_page
from adkit.trace import trace

if TYPE_CHECKING:
    from rich.console import Console


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "play",
        help=message("help.play.summary"),
        description=message("help.play.description"),
        allow_abbrev=False,
    )
    p.add_argument("expression", metavar="EXPR", help=message("help.play.expression"))
    p.add_argument("--at", action="append", metavar="NAME=VALUE,...", help=message("help.play.at"))
    p.add_argument("--mode", choices=("forward", "reverse", "both"), default="both",
                   help=message("help.play.mode"))
    p.add_argument("--wrt", metavar="NAME", help=message("help.play.wrt"))
    p.add_argument("--outputs", type=names_list, metavar="NAME", help=message("help.play.outputs"))
    p.add_argument("--digits", type=positive_int, default=4, help=message("help.play.digits"))
    p.add_argument("-o", "--output", "--save", dest="save", metavar="FILE", required=True, help=message("help.play.save"))
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: "Console", err: "Console") -> int:
    at = used_point(args.expression, parse_assignments(args.at), err, args.outputs)
    result = trace(args.expression.strip(), at=at, mode="both", wrt=args.wrt, outputs=args.outputs)
    modes = ("forward", "reverse") if args.mode == "both" else (args.mode,)
    page = player_page(result, args.digits, modes, lang=language())
    if args.save == "-":  # -o -: the page on standard output, as every other command's "-"
        out.file.write(page)
        return EXIT_OK
    write_output(args.save, page)
    events = sum(len(result.steps) * len(result.seeds) if m == "forward"
                 else len(result.steps) + len(result.reverse_sweep(0)) for m in modes)
    err.print(message("play.saved", path=args.save, size=round(len(page.encode()) / 1024),
                      events=counted("count.events", events)), markup=False, highlight=False)
    return EXIT_OK
