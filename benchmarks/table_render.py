"""Rendering a 10⁵-step trace: the terminal table against CSV (issue 12).

The table must stay linear in the number of steps, within 3× of the CSV
time.  Both are timed end to end through the CLI's own code path (one run
each, after the trace is computed once): ``adkit trace … --format csv`` and
the text table written to a file (complete, every row) and to a terminal
(first and last rows).  Run: ``PYTHONPATH=. python3 benchmarks/table_render.py [STEPS]``.
"""

from __future__ import annotations

import sys
import time

import adkit
from adkit.present.parts import Shape


def formula(steps: int) -> str:
    """One long expression (the issue's 120k-character formula): a chain of sin, *, + over x and y."""
    terms, pieces = 0, []
    while 3 * terms < steps:
        pieces.append(f"sin(x*{terms + 1}.5 + y)")
        terms += 1
    return " + ".join(pieces)


def timed(fn) -> tuple[float, int]:
    start = time.perf_counter()
    text = fn()
    return time.perf_counter() - start, len(text)


def main() -> None:
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    text = formula(steps)
    start = time.perf_counter()
    trace = adkit.trace(text, at={"x": 0.3, "y": -1.2}, mode="reverse")
    traced = time.perf_counter() - start
    print(f"formula: {len(text):,} characters, {len(trace.steps):,} steps; trace computed in {traced:.2f} s")
    csv_time, csv_size = timed(trace.to_csv)
    full_time, full_size = timed(lambda: trace.text(width=200, rows="all"))
    term_time, term_size = timed(lambda: trace.text(width=80, rows=None))
    sweep_time, _ = timed(lambda: trace.text(width=80, rows="all", shape=Shape(order="sweep", arithmetic=True)))
    print(f"csv                           {csv_time:7.2f} s  ({csv_size:,} characters)")
    print(f"table, every row (-o file)    {full_time:7.2f} s  ({full_size:,} characters)  {full_time / csv_time:.2f}x csv")
    print(f"table, terminal (first/last)  {term_time:7.2f} s  ({term_size:,} characters)  {term_time / csv_time:.2f}x csv")
    print(f"table, --order sweep --arithmetic, every row, 80 columns  {sweep_time:7.2f} s  {sweep_time / csv_time:.2f}x csv")


if __name__ == "__main__":
    main()
