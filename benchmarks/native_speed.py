"""Issue 28 benchmark: the C backend and the generated Python beside the hand-written loop, in one run.

Workload W2 (the peer benchmarks' "big scalar"), n = 1000 (5,993 steps):

    f(x) = Σ_{i=0}^{n-2} [ ln xᵢ + xᵢ·xᵢ₊₁ − sin xᵢ₊₁ ],   xᵢ = 1 + (i % 7)/7

Rows, each timed against the yardstick — the hand-written Python loop that
computes value and gradient (shared/peer-benchmarks' w2_bigscalar.py) — in
interleaved blocks of CPU time, the median ratio of ROUNDS rounds: adkit's C
backend through the array call (gradient, evaluate) and the dict call, the
generated Python (`backend="codegen"`), the interpreter, and numba (the
same loop under @njit) when installed.  One-time costs: building each C
library into a fresh cache folder, loading one from the cache, generating
the Python.  ``--flags`` also compiles the adjoint library with other
optimisation levels and times each (slow: seconds per compile).

Usage:  python benchmarks/native_speed.py [--rounds 9] [--flags]
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np

import adkit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import block, calls_per_block  # noqa: E402
from w2_peers import inputs, peer_plain_python, reference_gradient, w2_text  # noqa: E402

N = 1000


def numba_gradient() -> Callable[[], Any] | None:
    """The hand-written loop under numba's @njit (value and gradient), or None when numba is missing."""
    try:
        from numba import njit
    except ImportError:
        return None

    @njit(cache=False)
    def grad(x):  # pragma: no cover - compiled by numba
        n = x.shape[0]
        g = np.zeros(n)
        s = math.log(x[0]) + x[0] * x[1] - math.sin(x[1])
        g[0] = 1.0 / x[0] + x[1]
        g[1] = x[0] - math.cos(x[1])
        for i in range(1, n - 1):
            a, b = x[i], x[i + 1]
            s = s + (math.log(a) + a * b - math.sin(b))
            g[i] += 1.0 / a + b
            g[i + 1] += a - math.cos(b)
        return s, g

    x = np.array(inputs(N))
    grad(x)
    return lambda: grad(x)


def rows(cache: str) -> tuple[dict[str, Callable[[], Any]], dict[str, float]]:
    """The timed calls by name, and the one-time costs."""
    os.environ["ADKIT_CACHE_DIR"] = cache
    text, xs = w2_text(N), inputs(N)
    x = np.array(xs)
    one_time: dict[str, float] = {}
    start = time.perf_counter()
    c = adkit.compile(text, backend="c")
    one_time["parse + lower (adkit.compile)"] = time.perf_counter() - start
    for entry in ("vjp", "evaluate", "jvp"):
        c.entry(entry)
        one_time[f"C library build, {entry} (gcc, cold cache)"] = c.compile_seconds[entry]
    start = time.perf_counter()
    again = adkit.compile(text, backend="c")
    again.entry("vjp")
    one_time["adkit.compile + load the vjp library from the cache"] = time.perf_counter() - start
    codegen = adkit.compile(text, backend="codegen")
    codegen.function("reverse"), codegen.function("evaluate")
    one_time["Python codegen + compile, f_grad"] = codegen.codegen_seconds["reverse"]
    interpreter = adkit.compile(text)
    gradient = c.gradient(x)
    expected = reference_gradient(N)
    assert all(math.isclose(a, b, rel_tol=1e-12) for a, b in zip(gradient.tolist(), expected))
    assert gradient.tolist() == list(interpreter.gradient(xs).values())
    calls = {
        "hand-written loop (yardstick)": peer_plain_python(N),
        "C backend: gradient(array)": lambda: c.gradient(x),
        "C backend: evaluate(array)": lambda: c.evaluate(x),
        "C backend: gradient(list) → dict": lambda: c.gradient(xs),
        "Python codegen: Program.gradient": lambda: codegen.gradient(xs),
        "Python codegen: Program.evaluate": lambda: codegen.evaluate(xs),
        "interpreter: Program.gradient": lambda: interpreter.gradient(xs),
    }
    numba = numba_gradient()
    if numba is not None:
        calls["numba @njit loop (value and gradient)"] = numba
    return calls, one_time


def measure(calls: dict[str, Callable[[], Any]], rounds: int) -> dict[str, tuple[float, float, float, float]]:
    """name → (median CPU seconds, median ratio to the yardstick, lowest, highest ratio)."""
    for fn in calls.values():  # first calls build and touch what they use: not part of a block
        fn(), fn(), fn()
    sizes = {name: calls_per_block(fn, 0.1) for name, fn in calls.items()}
    times: dict[str, list[float]] = {name: [] for name in calls}
    names = list(calls)
    for r in range(rounds):
        for name in (names if r % 2 == 0 else names[::-1]):
            times[name].append(block(calls[name], sizes[name], clock=time.process_time))
    yard = times[names[0]]
    out = {}
    for name in names:
        ratios = [t / y for t, y in zip(times[name], yard)]
        out[name] = (statistics.median(times[name]), statistics.median(ratios), min(ratios), max(ratios))
    return out


def flag_sweep(cache: str) -> list[tuple[str, float, float]]:
    """(flags, compile seconds, gradient CPU seconds) of the adjoint library at other optimisation levels."""
    from adkit.codegen import native

    original, found = native.FLAGS, []
    x = np.array(inputs(N))
    for level in (("-O0",), ("-O1", "-fno-inline"), ("-O2", "-fno-inline")):  # GCC_FLAGS are added for GCC
        native.FLAGS = ("-shared", "-fPIC", "-pipe", *level, "-ffp-contract=off")
        try:
            c = adkit.compile(w2_text(N), backend="c")
            c.entry("vjp")
            fn = lambda: c.gradient(x)  # noqa: E731
            fn(), fn(), fn()
            k = calls_per_block(fn, 0.1)
            found.append((" ".join(level), c.compile_seconds["vjp"], min(block(fn, k, time.process_time) for _ in range(5))))
        finally:
            native.FLAGS = original
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--flags", action="store_true", help="also time other optimisation levels (slow)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="adkit-c-") as cache:
        calls, one_time = rows(cache)
        figures = measure(calls, args.rounds)
        sweep = flag_sweep(cache) if args.flags else []
    load = os.getloadavg()[0]
    print(f"W2, n = {N} (5,993 steps), Python {sys.version.split()[0]}, numpy {np.__version__}; "
          f"CPU time, median of {args.rounds} interleaved rounds; load average {load:.1f}\n")
    print("| variant | CPU per call | ÷ yardstick (rounds' range) |\n|---|---:|---:|")
    for name, (seconds, ratio, low, high) in figures.items():
        print(f"| {name} | {seconds * 1e6:.1f} µs | {ratio:.3f} ({low:.3f}–{high:.3f}) |")
    if "numba @njit loop (value and gradient)" not in figures:
        print("| numba: not installed, skipped | – | – |")
    grad, evaluate = figures["C backend: gradient(array)"][0], figures["C backend: evaluate(array)"][0]
    py_grad, py_eval = figures["Python codegen: Program.gradient"][0], figures["Python codegen: Program.evaluate"][0]
    print(f"\ngradient / evaluate: C {grad / evaluate:.2f}, Python codegen {py_grad / py_eval:.2f}")
    print("\n| one-time cost | seconds |\n|---|---:|")
    for name, seconds in one_time.items():
        print(f"| {name} | {seconds:.3f} |")
    if sweep:
        print("\n| adjoint library flags | compile s | gradient(array) CPU µs |\n|---|---:|---:|")
        for flags, seconds, run in sweep:
            print(f"| {flags} | {seconds:.2f} | {run * 1e6:.1f} |")


if __name__ == "__main__":
    main()
