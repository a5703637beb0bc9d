"""Issue 11 (tidy) figures: the verify and nn splits cost nothing, measured side by side.

Run from the repository root::

    python benchmarks/split_speed.py [BEFORE_ROOT]

BEFORE_ROOT (default /work/main) is a checkout of the previous commit; each
measurement runs in a fresh interpreter per checkout, alternating A/B/A/B so
machine load hits both alike, and the medians are printed as Markdown.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROUNDS = 9

JOB = r"""
import time, warnings
import numpy as np
import adkit
from adkit.nn import MLP
warnings.simplefilter("ignore")
t = adkit.trace("ln(x1) + x1*x2 - sin(x2)", at={"x1": 2, "x2": 5}, mode="both")
adkit.verify(t)  # warm: sympy imported
start = time.perf_counter()
for _ in range(5):
    adkit.verify(t)
verify_ms = (time.perf_counter() - start) / 5 * 1e3
net = MLP([64, 32, 32, 10], activation="relu", loss="softmax_ce", batchnorm=True, seed=0)
rng = np.random.default_rng(0)
X = rng.standard_normal((64, 64)); Y = np.eye(10)[rng.integers(0, 10, 64)]
net.backprop(X, Y)
start = time.perf_counter()
for _ in range(300):
    net.backprop(X, Y)
    net.gradient_list(net.last_backprop)
    net.parameters
bp_us = (time.perf_counter() - start) / 300 * 1e6
print(verify_ms, bp_us)
"""


def measure(root: str) -> tuple[float, float]:
    env = dict(os.environ, PYTHONPATH=root)
    out = subprocess.run([sys.executable, "-c", JOB], env=env, cwd=root, capture_output=True, text=True, check=True)
    a, b = out.stdout.split()
    return float(a), float(b)


def main() -> None:
    before = sys.argv[1] if len(sys.argv) > 1 else "/work/main"
    runs: dict[str, list[tuple[float, float]]] = {"before": [], "after": []}
    for _ in range(ROUNDS):
        runs["before"].append(measure(before))
        runs["after"].append(measure(HERE))
    print("| checkout | adkit.verify, seed eq. 3.1 (ms) | MLP 64-32-32-10 batchnorm: backprop + gradient_list + parameters (µs) |")
    print("|---|---|---|")
    for name, rows in runs.items():
        print(f"| {name} | {statistics.median(r[0] for r in rows):.1f} | {statistics.median(r[1] for r in rows):.0f} |")
    print(f"\nmedians of {ROUNDS} alternating runs")


if __name__ == "__main__":
    main()
