"""``adkit web -o DIR [--with-sympy]``: a static site that runs adkit in the browser (see :mod:`adkit.web.build`)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from adkit.api import VERSION
from adkit.cli.common import EXIT_OK
from adkit.messages import message

if TYPE_CHECKING:
    from rich.console import Console


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("web", help=message("help.web.summary"), description=message("help.web.description"),
                       allow_abbrev=False)
    p.add_argument("-o", "--output", dest="save", metavar="DIR", required=True, help=message("help.web.output"))
    p.add_argument("--with-sympy", action="store_true", help=message("help.web.with_sympy"))
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: "Console", err: "Console") -> int:
    from pathlib import Path

    from adkit.web.build import PYODIDE_VERSION, build_site  # the build's imports only when building

    size = build_site(Path(args.save), with_sympy=args.with_sympy)
    err.print(message("web.built", path=args.save, size=f"{size / 1e6:.1f}", pyodide=PYODIDE_VERSION,
                      version=VERSION), markup=False, highlight=False)
    return EXIT_OK
