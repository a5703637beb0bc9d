"""Issue 7 benchmark: compiled (generated-code) gradients against hand-written code and peers.

Workload W2 (the peer benchmarks' "big scalar"), side by side in one run:

    f(x) = Σ_{i=0}^{n-2} [ ln xᵢ + xᵢ·xᵢ₊₁ − sin xᵢ₊₁ ],   xᵢ = 1 + (i % 7)/7,   n = 1000

Rows: adkit with backend="codegen" (Program.gradient / evaluate, binding and
checks included, and the bare generated function), the adkit interpreter,
a hand-written plain-Python gradient (the floor), micrograd (with log/sin
added in micrograd's own style), PyTorch scalar tensors and JAX (jit) when
installed; a peer that is not installed is skipped.  One-time costs: adkit's
parse + lowering, code generation + compile per function, JAX's jit compile.

Timing: warm-up, calls per block calibrated to ≥ 50 ms, cyclic GC off inside
a block, the fastest of 7 blocks.  The rows that the targets compare (plain
Python, adkit) are measured in three interleaved rounds and each keeps its
best, so a burst of load on a shared machine does not favour one of them.

Usage:  python benchmarks/codegen_speed.py [N]
"""

from __future__ import annotations

import gc
import math
import sys
import time
from pathlib import Path
from typing import Any, Callable

import adkit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import per_call  # noqa: E402
from w2_peers import inputs, make_f, micrograd_calls, reference_gradient, w2_text  # noqa: E402

ROUNDS = 3


def bench(fn: Callable[[], Any], repeats: int = 7, min_block_s: float = 0.05) -> float:
    """Seconds per call: the fastest of ``repeats`` blocks (as timeit advises; robust on a busy machine)."""
    return per_call(fn, repeats=repeats, min_block=min_block_s, best=True)


def once(fn: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def reference(n: int) -> tuple[float, list[float]]:
    return make_f(math.log, math.sin)(inputs(n)), reference_gradient(n)


def close(value: float, grad: list[float], n: int) -> bool:
    v_ref, g_ref = reference(n)
    return math.isclose(value, v_ref, rel_tol=1e-12) and all(
        math.isclose(float(a), b, rel_tol=1e-12) for a, b in zip(grad, g_ref)) and len(grad) == n


# ---- rows ------------------------------------------------------------------------
def rows_plain(n: int) -> list[tuple]:
    xs = inputs(n)
    f = make_f(math.log, math.sin)
    log, sin, cos = math.log, math.sin, math.cos

    def grad():
        g = [0.0] * n
        s = log(xs[0]) + xs[0] * xs[1] - sin(xs[1])
        g[0] = 1.0 / xs[0] + xs[1]
        g[1] = xs[0] - cos(xs[1])
        for i in range(1, n - 1):
            a, b = xs[i], xs[i + 1]
            s = s + (log(a) + a * b - sin(b))
            g[i] += 1.0 / a + b
            g[i + 1] += a - cos(b)
        return s, g

    assert close(*grad(), n)
    return [("plain Python floats, hand-written gradient (floor)", bench(lambda: f(xs)), bench(grad), "")]


def rows_adkit(n: int, one_time: dict) -> list[tuple]:
    xs = inputs(n)
    source = w2_text(n)
    seconds, compiled = once(lambda: adkit.compile(source, backend="codegen"))
    one_time.setdefault("adkit parse + lower (adkit.compile)", seconds)
    interpreted = adkit.compile(source)
    for mode in ("evaluate", "reverse", "forward"):
        compiled.function(mode)
        one_time.setdefault(f"adkit codegen + compile: {mode}", compiled.codegen_seconds[mode])
    grad = compiled.gradient(xs)
    assert close(compiled.evaluate(xs), list(grad.values()), n)
    assert grad == interpreted.gradient(xs)
    raw_eval, raw_grad = compiled.function("evaluate"), compiled.function("reverse")
    steps = len(compiled.steps) - n
    return [
        (f"adkit codegen: Program.evaluate / .gradient ({steps} steps)",
         bench(lambda: compiled.evaluate(xs)), bench(lambda: compiled.gradient(xs)), "binding, checks and dict included"),
        ("adkit codegen: the generated f / f_grad alone",
         bench(lambda: raw_eval(xs)), bench(lambda: raw_grad(xs)), "list in, (value, list, check sum) out"),
        ("adkit interpreter: Program.evaluate / .gradient",
         bench(lambda: interpreted.evaluate(xs)), bench(lambda: interpreted.gradient(xs)), "the default backend"),
    ]


def rows_micrograd(n: int) -> list[tuple]:
    primal, grad = micrograd_calls(n)
    assert close(*grad(), n)
    return [("micrograd Value (+ log, sin)", bench(primal), bench(grad), "forward builds the graph")]


def rows_torch(n: int) -> list[tuple]:
    import torch

    torch.set_num_threads(2)
    f = make_f(torch.log, torch.sin)
    xs = inputs(n)
    leaves = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in xs]
    plain = [torch.tensor(v, dtype=torch.float64) for v in xs]

    def grad():
        s = f(leaves)
        g = torch.autograd.grad(s, leaves)
        return s.item(), [t.item() for t in g]

    assert close(*grad(), n)
    return [(f"PyTorch {torch.__version__}: n 0-d leaf tensors, autograd.grad",
             bench(lambda: f(plain), repeats=3), bench(grad, repeats=3), "")]


def rows_jax(n: int, one_time: dict) -> list[tuple]:
    import jax
    import jax.numpy as jnp

    jax.config.update("jax_enable_x64", True)
    f_scalar = make_f(jnp.log, jnp.sin)

    def f(x):
        return f_scalar(jnp.unstack(x))

    x = jnp.asarray(inputs(n))
    jf, jvg = jax.jit(f), jax.jit(jax.value_and_grad(f))
    one_time["JAX jit trace + compile: value_and_grad"], _ = once(lambda: jax.block_until_ready(jvg(x)))
    jf(x).block_until_ready()
    value, g = jvg(x)
    assert close(float(value), [float(v) for v in g], n)
    return [(f"JAX {jax.__version__} jit (after compile)", bench(lambda: jf(x).block_until_ready()),
             bench(lambda: jax.block_until_ready(jvg(x))), "")]


def main(n: int = 1000) -> None:
    one_time: dict[str, float] = {}
    rounds = [rows_plain(n) + rows_adkit(n, one_time) for _ in range(ROUNDS)]
    rows = [(name, min(r[i][1] for r in rounds), min(r[i][2] for r in rounds), note)
            for i, (name, _, _, note) in enumerate(rounds[0])]
    for name, fn in (("micrograd", rows_micrograd), ("torch", rows_torch), ("jax", lambda n: rows_jax(n, one_time))):
        try:
            rows += fn(n)
        except ImportError:
            rows.append((f"{name}: not installed, skipped", math.nan, math.nan, ""))
    floor = rows[0][2]
    compiled = rows[1][2]
    print(f"W2, n = {n}, Python {sys.version.split()[0]}; ms per call (best block)\n")
    print("| variant | evaluate ms | gradient ms | gradient / evaluate | gradient / hand-written | compiled speed-up | note |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name, primal, grad, note in rows:
        if math.isnan(grad):
            print(f"| {name} | – | – | – | – | – | |")
            continue
        print(f"| {name} | {primal * 1e3:.3f} | {grad * 1e3:.3f} | {grad / primal:.2f} | {grad / floor:.2f}× "
              f"| {grad / compiled:.1f}× | {note} |")
    print("\n| one-time cost | seconds |\n|---|---:|")
    for name, seconds in one_time.items():
        print(f"| {name} | {seconds:.3f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
