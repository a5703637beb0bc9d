"""The table options of ``adkit trace``: width, rows, and the textbook's shape.

``--width``, ``--rows``, ``--decimals`` (exclusive with ``--digits``),
``--order sweep|complete``, ``--arithmetic``, ``--style textbook|baydin`` and
``--adjoint-seed``: parsed here into a :class:`~adkit.present.parts.Shape`,
a :class:`~adkit.present.layout.Rows` choice and the reverse sweeps' seeds.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import replace

from adkit.cli.common import parse_assignments
from adkit.errors import BindingError
from adkit.messages import message
from adkit.api import compile_program
from adkit.present.parts import BAYDIN, ORDERS, TEXTBOOK, Shape

#: --style NAME → its shape (textbook: the course notes' Tables 3.1/3.2; baydin: Baydin et al.'s Tables 2/3).
STYLES = {"default": Shape(digits=4), "textbook": TEXTBOOK, "baydin": BAYDIN}


def add_table_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--width", type=_width, metavar="N",
                   help=message("help.table.width"))
    p.add_argument("--rows", type=_rows, metavar="all|A-B",
                   help=message("help.table.rows"))
    p.add_argument("--decimals", type=_decimals, metavar="N",
                   help=message("help.table.decimals"))
    p.add_argument("--order", choices=ORDERS, default=None,
                   help=message("help.table.order"))
    p.add_argument("--arithmetic", action="store_true",
                   help=message("help.table.arithmetic"))
    p.add_argument("--style", choices=STYLES, default="default",
                   help=message("help.table.style"))
    p.add_argument("--adjoint-seed", metavar="VALUE|NAME=VALUE,...",
                   help=message("help.table.adjoint_seed"))
    p.set_defaults(digits=None)  # None: not given (so --decimals can refuse it); 4 when shown


def _width(text: str) -> int:
    if not text.isdigit() or int(text) < 40:
        raise argparse.ArgumentTypeError(message("option.width", text=text))
    return int(text)


def _decimals(text: str) -> int:
    if not text.isdigit() or int(text) > 17:
        raise argparse.ArgumentTypeError(message("option.whole_number", text=text))
    return int(text)


def _rows(text: str) -> str | tuple[int, int]:
    if text == "all":
        return text
    m = re.fullmatch(r"\s*(\d+)\s*[-–]\s*(\d+)\s*", text)
    if not m or not 1 <= int(m.group(1)) <= int(m.group(2)):
        raise argparse.ArgumentTypeError(message("option.rows", text=text))
    return int(m.group(1)), int(m.group(2))


def table_shape(args: argparse.Namespace) -> Shape:
    """The shape the options ask for (BindingError for --decimals with --digits)."""
    if args.decimals is not None and args.digits is not None:
        raise BindingError("option.decimals_digits")
    shape = STYLES[args.style]
    if args.digits is not None:
        shape = replace(shape, digits=args.digits, decimals=None)
    if args.decimals is not None:
        shape = replace(shape, decimals=args.decimals)
    if args.order is not None:
        shape = replace(shape, order=args.order)
    if args.arithmetic:
        shape = replace(shape, arithmetic=True)
    return shape


def adjoint_seed(text: str | None) -> float | dict[str, float] | None:
    """``2`` → 2.0; ``y1=1,y2=0.5`` → by output name (values are constant expressions)."""
    if text is None:
        return None
    if "=" in text:
        return parse_assignments([text])
    program = compile_program(text.strip() or " ")
    if program.inputs:
        raise BindingError("bind.adjoint_seed", text=text)
    return program.evaluate([])
