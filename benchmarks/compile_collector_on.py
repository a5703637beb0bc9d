"""Issue 28 point 4 as a user meets it: a 10⁵-step compile + gradient with the cyclic collector on.

compare.py's harness (``timing.block``) turns the collector off while it times,
as ``timeit`` does; a user's program runs with it on, and its passes over the
tokens, nodes and steps of a big formula are part of what the user waits for.
Prints the median CPU seconds of ``--runs`` calls of
``adkit.compile(W2 text).gradient(point)`` (W2 at 100,001 steps, as
compare.py's ``interpreter_1e5``).  Run it from each checkout in turn to compare.

    python benchmarks/compile_collector_on.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import adkit  # noqa: E402
from w2_peers import inputs, w2_text  # noqa: E402

W2_1E5_N = 16_668


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    text, xs = w2_text(W2_1E5_N), inputs(W2_1E5_N)
    times = []
    for _ in range(args.runs):
        start = time.process_time()
        adkit.compile(text).gradient(xs)
        times.append(time.process_time() - start)
    print(f"compile + gradient, collector on: median {statistics.median(times):.3f} s "
          f"(runs {', '.join(f'{t:.3f}' for t in times)})")


if __name__ == "__main__":
    main()
