"""``adkit plot EXPR --over x=-6:6 [--derivative] [-o FILE]``: a function of one input, drawn.

The values and the derivative come from adkit itself: the formula is compiled
once to a Wengert list, and at each of ``--points`` evenly spaced points one
primal sweep gives y and one forward (tangent) sweep seeded with ẋ = 1 gives
dy/dx, exactly as ``adkit trace --mode forward`` would.  Points outside the
domain (``ln(x)`` for x ≤ 0) are left out and counted, never drawn as NaN.
matplotlib is an optional extra (``pip install adkit[plot]``); without it the
command says so in one line and exits 2.  Seed 001's activation figures:
``adkit plot "sigmoid(x)" --over x=-6:6 --derivative -o sigmoid.png`` and the
same for ``tanh(x)`` and ``relu(x)``.
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from adkit.api import compile as compile_text
from adkit.cli.common import EXIT_OK
from adkit.cli.outputs import write_output
from adkit.errors import AdkitError, DomainError
from adkit.messages import message
from adkit.modes.program import Program
from adkit.present.pyplot import figure_bytes, pyplot

if TYPE_CHECKING:
    from rich.console import Console

MOST_POINTS = 100_000


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("plot", help=message("help.plot.summary"),
                       description=message("help.plot.description"),
                       allow_abbrev=False)
    p.add_argument("expression", metavar="EXPR", help=message("help.plot.expression"))
    p.add_argument("--over", required=True, metavar="NAME=START:STOP", help=message("help.plot.over"))
    p.add_argument("--derivative", action="store_true", help=message("help.plot.derivative"))
    p.add_argument("--points", type=int, default=241, help=message("help.plot.points"))
    p.add_argument("-o", "--output", "--save", default="plot.png", metavar="FILE", help=message("help.plot.output"))
    p.set_defaults(run=run)


@dataclass(frozen=True)
class Samples:
    """The points inside the domain with y and dy/dx there, and how many were left out."""

    x: list[float]
    y: list[float]
    dydx: list[float]
    skipped: int


def parse_over(text: str) -> tuple[str, float, float]:
    """``x=-6:6`` → ("x", -6.0, 6.0); START < STOP, both finite."""
    name, _, interval = text.partition("=")
    start, _, stop = interval.partition(":")
    try:
        lo, hi = float(start), float(stop)
    except ValueError:
        raise AdkitError("plot.over", text=text) from None
    if not name.strip() or not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise AdkitError("plot.over", text=text)
    return name.strip(), lo, hi


def sample(program: Program, lo: float, hi: float, count: int) -> Samples:
    """y and dy/dx at ``count`` evenly spaced points of [lo, hi]: one primal and one tangent sweep each."""
    if not 2 <= count <= MOST_POINTS:
        raise AdkitError("plot.points", count=count, most=MOST_POINTS)
    out = program.output_ref
    xs, ys, ds = [], [], []
    for i in range(count):
        x = lo + (hi - lo) * i / (count - 1)
        try:
            vals = program.values([x])
            dot = program.tangents(vals, [1.0])
        except DomainError:
            continue
        y, d = program.output_value(vals, out), (dot[out] if isinstance(out, int) else 0.0)
        if math.isfinite(y) and math.isfinite(d):
            xs.append(x)
            ys.append(y)
            ds.append(d)
    return Samples(xs, ys, ds, count - len(xs))


def run(args: argparse.Namespace, out: "Console", err: "Console") -> int:
    name, lo, hi = parse_over(args.over)
    if not args.output.lower().endswith((".png", ".svg")):
        raise AdkitError("plot.extension", path=args.output)
    program = compile_text(args.expression.strip())
    if len(program.inputs) != 1:
        raise AdkitError("plot.one_input", count=len(program.inputs), inputs=", ".join(program.inputs) or "—")
    if program.inputs[0] != name:
        raise AdkitError("plot.over_name", name=name, input=program.inputs[0])
    plt = pyplot()
    if plt is None:
        raise AdkitError("plot.no_matplotlib")
    points = sample(program, lo, hi, args.points)
    if not points.x:
        raise AdkitError("plot.no_points", over=args.over)
    write_output(args.output, _draw(plt, points, args.expression.strip(), name, program.outputs[0], args.derivative,
                                    args.output))
    if points.skipped:
        err.print(message("plot.gaps", count=points.skipped, total=args.points), markup=False, highlight=False)
    err.print(message("cli.saved", path=args.output), markup=False, highlight=False)
    return EXIT_OK


def _draw(plt: Any, points: Samples, title: str, name: str, output: str, derivative: bool, path: str) -> bytes:
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(points.x, points.y, label=title, linewidth=2)
    if derivative:
        ax.plot(points.x, points.dydx, "--", label=message("plot.derivative_label", output=output, input=name),
                linewidth=2)
    ax.axhline(0, color="grey", linewidth=0.6)
    ax.axvline(0, color="grey", linewidth=0.6)
    ax.set_xlabel(name)
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    ax.legend()
    fig.tight_layout()
    data = figure_bytes(fig, path)
    plt.close(fig)
    return data
