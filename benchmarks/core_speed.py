"""Core speed figures (issue 2): start-up, large programs, cheap gradient, peers.

    python benchmarks/core_speed.py          # all figures (~1 minute without JAX)

Prints Markdown tables for benchmarks/RESULTS.md.  Peers that are not
installed are skipped with a note.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import adkit  # noqa: E402
from timing import per_call  # noqa: E402
from w2_peers import (  # noqa: E402
    inputs, peer_autograd, peer_jax, peer_micrograd, peer_plain_python, peer_torch,
    reference_gradient, w2_text,
)


# As a normal install runs: bytecode cached (this sandbox sets PYTHONDONTWRITEBYTECODE).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(cmd: list[str], runs: int = 15) -> float:
    subprocess.run(cmd, capture_output=True, check=True, env=ENV)  # warm the file and bytecode caches
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True, env=ENV)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def startup() -> None:
    base = wall([sys.executable, "-c", "pass"])
    seed = wall([sys.executable, "-m", "adkit", "trace", "ln(x1) + x1*x2 - sin(x2)",
                 "--at", "x1=2,x2=5", "--mode", "reverse"])
    imp = wall([sys.executable, "-c", "import adkit"])
    mods = subprocess.run([sys.executable, "-c", "import sys, adkit.cli, adkit.trace; "
                           "print('numpy' in sys.modules, 'sympy' in sys.modules)"],
                          capture_output=True, text=True).stdout.split()
    print("| measurement | median wall |\n|---|---:|")
    print(f"| `python -c pass` | {base * 1e3:.0f} ms |")
    print(f"| `python -c 'import adkit'` | {imp * 1e3:.0f} ms |")
    print(f"| `adkit trace` seed example, reverse (python -m adkit) | {seed * 1e3:.0f} ms |")
    print(f"\nnumpy imported by the trace path: {mods[0]}; sympy: {mods[1]}\n")


def large_programs() -> None:
    print("| steps | compile | reverse gradient | compile + gradient | per step | evaluate | gradient / evaluate |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for terms in (3_333, 33_333):
        text = "+".join(f"sin(x*{i})" for i in range(1, terms + 1))
        t0 = time.perf_counter()
        p = adkit.compile(text)
        t1 = time.perf_counter()
        p.gradient({"x": 0.1})
        t2 = time.perf_counter()
        steps = len(p.steps)
        ev = per_call(lambda: p.evaluate({"x": 0.1}), repeats=5)
        gr = per_call(lambda: p.gradient({"x": 0.1}), repeats=5)
        print(f"| {steps:,} | {t1 - t0:.3f} s | {t2 - t1:.3f} s | {t2 - t0:.3f} s | "
              f"{(t2 - t0) / steps * 1e6:.1f} µs | {ev * 1e3:.2f} ms | {gr / ev:.2f} |")
    print()


def peers(n: int = 1000) -> None:
    program = adkit.compile(w2_text(n), inputs=[f"x{i}" for i in range(n)])
    at = {f"x{i}": v for i, v in enumerate(inputs(n))}
    grad = program.gradient(at)
    ref = reference_gradient(n)
    err = max(abs(grad[f"x{i}"] - r) / abs(r) for i, r in enumerate(ref))
    ev = per_call(lambda: program.evaluate(at))
    gr = per_call(lambda: program.gradient(at))
    rows = [("adkit Program.gradient (interpreter)", gr, f"steps {len(program.steps) - n}, "
             f"evaluate {ev * 1e3:.2f} ms, gradient/evaluate {gr / ev:.2f}, max rel err {err:.1e}")]
    for name, make in (("plain Python, hand-written gradient", peer_plain_python),
                       ("micrograd 0.1.0 (+log/sin)", peer_micrograd),
                       ("HIPS autograd value_and_grad", peer_autograd),
                       ("PyTorch scalar tensors (unbind)", peer_torch),
                       ("JAX value_and_grad, no jit", peer_jax)):
        fn = make(n)
        if fn is None:
            rows.append((name, None, "not installed: skipped"))
            continue
        rows.append((name, per_call(fn, repeats=5 if name.startswith("JAX") else 7), ""))
    print(f"W2, n = {n} (value + full gradient), median per call, one run:\n")
    print("| library | time | × adkit | notes |\n|---|---:|---:|---|")
    for name, t, note in rows:
        if t is None:
            print(f"| {name} | — | — | {note} |")
        else:
            print(f"| {name} | {t * 1e3:.2f} ms | {t / gr:.1f} | {note} |")
    print()


if __name__ == "__main__":
    print(f"Python {sys.version.split()[0]}, adkit {adkit.__version__}\n")
    startup()
    large_programs()
    peers()
