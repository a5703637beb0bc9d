"""Issue 11 "no slower than today": two checkouts side by side, interleaved in one run.

    python benchmarks/registry_speed.py /work/main /work/wt-registry

Each round runs one child process per checkout (alternating, so machine load
hits both alike); each child times the core paths once; the table shows the
minimum over the rounds.  Figures: ``import adkit`` (sum of -X importtime),
compile, evaluate, gradient (fast reverse), jvp (fast forward), a recorded
reverse trace and codegen Python on the W2 program with n inputs, plus a
program that uses every primitive.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

ROUNDS = 7
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1] + "/benchmarks")
import adkit
from adkit.modes.records import TraceRecord
from timing import per_call
from w2_peers import inputs, w2_text

n = 100
text, x = w2_text(n), inputs(n)
program = adkit.compile(text)
compiled = adkit.compile(text, backend="codegen")
mixed = ("a = sin(x)*cos(y) + tan(x/3) + asin(x/4) + acos(y/4) + atan(x*y); "
         "b = sinh(a/9) + cosh(x) + tanh(y) + exp(x/2) + ln(y) + sqrt(y) + abs(x - y); "
         "c = sigmoid(b) + relu(a) + softplus(x) + max(x, y) + min(x, y) + x^y - a/b; c*b")
mp = adkit.compile(mixed)
seed = [1.0] + [0.0] * (n - 1)
figures = {
    "compile W2 n=100": per_call(lambda: adkit.compile(text), repeats=3, best=True),
    "evaluate W2 n=100": per_call(lambda: program.evaluate(x), best=True),
    "gradient W2 n=100": per_call(lambda: program.gradient(x), best=True),
    "jvp W2 n=100": per_call(lambda: program.jvp(x, seed), best=True),
    "recorded reverse W2 n=100": per_call(lambda: TraceRecord.run(program, x, mode="reverse"), repeats=3, best=True),
    "codegen gradient W2 n=100": per_call(lambda: compiled.gradient(x), best=True),
    "gradient, every primitive": per_call(lambda: mp.gradient([0.7, 1.3]), best=True),
    "hessian, every primitive": per_call(lambda: mp.hessian([0.7, 1.3]), repeats=3, best=True),
}
print(json.dumps(figures))
"""


def import_time(root: str) -> float:
    env = {**ENV, "PYTHONPATH": root}
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", "import adkit"], env=env,
                          capture_output=True, text=True, check=True)
    return sum(int(m) for m in re.findall(r"^import time:\s+\d+ \|\s+(\d+) \| adkit$", done.stderr, flags=re.M)) / 1e6


def main() -> None:
    roots = sys.argv[1:3]
    best: dict[str, dict[str, float]] = {root: {} for root in roots}
    for _ in range(ROUNDS):
        for root in roots:
            env = {**ENV, "PYTHONPATH": root}
            out = subprocess.run([sys.executable, "-c", CHILD, root], env=env, capture_output=True, text=True, check=True)
            figures = {**json.loads(out.stdout), "import adkit (s)": import_time(root)}
            for key, value in figures.items():
                best[root][key] = min(best[root].get(key, value), value)
    a, b = roots
    print(f"| figure (minimum of {ROUNDS}) | {a} | {b} | ratio |")
    print("|---|---|---|---|")
    for key in best[a]:
        print(f"| {key} | {best[a][key] * 1e6:,.1f} µs | {best[b][key] * 1e6:,.1f} µs | {best[b][key] / best[a][key]:.3f} |")


if __name__ == "__main__":
    main()
