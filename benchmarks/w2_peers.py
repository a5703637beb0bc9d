"""The W2 workload and its peers: Σᵢ [ln xᵢ + xᵢ·xᵢ₊₁ − sin xᵢ₊₁], xᵢ = 1 + (i mod 7)/7.

Each ``peer_*`` function returns a zero-argument callable computing value and
full gradient the peer's natural way, set up as in ../shared/peer-benchmarks
(micrograd extended with log and sin), or None when the peer is not installed.
Used by core_speed.py, jacobian_scaling.py and codegen_speed.py.
"""

from __future__ import annotations

import math
import sys
from typing import Any, Callable


def inputs(n: int) -> list[float]:
    return [1.0 + (i % 7) / 7.0 for i in range(n)]


def w2_text(n: int) -> str:
    terms = ["ln(x0) + x0*x1 - sin(x1)"]
    terms += [f"(ln(x{i}) + x{i}*x{i + 1} - sin(x{i + 1}))" for i in range(1, n - 1)]
    return " + ".join(terms)


def make_f(log: Callable, sin: Callable) -> Callable:
    def f(x):
        s = log(x[0]) + x[0] * x[1] - sin(x[1])
        for i in range(1, len(x) - 1):
            s = s + (log(x[i]) + x[i] * x[i + 1] - sin(x[i + 1]))
        return s

    return f


def reference_gradient(n: int) -> list[float]:
    xs = inputs(n)
    g = [0.0] * n
    for i in range(n - 1):
        g[i] += 1.0 / xs[i] + xs[i + 1]
        g[i + 1] += xs[i] - math.cos(xs[i + 1])
    return g


def peer_plain_python(n: int) -> Callable[[], Any]:
    xs = inputs(n)

    def grad():
        g = [0.0] * n
        s = math.log(xs[0]) + xs[0] * xs[1] - math.sin(xs[1])
        g[0] = 1.0 / xs[0] + xs[1]
        g[1] = xs[0] - math.cos(xs[1])
        for i in range(1, n - 1):
            a, b = xs[i], xs[i + 1]
            s = s + (math.log(a) + a * b - math.sin(b))
            g[i] += 1.0 / a + b
            g[i + 1] += a - math.cos(b)
        return s, g

    return grad


def micrograd_value() -> Any:
    """micrograd's Value with log and sin added in micrograd's own style (as the peer runs)."""
    from micrograd.engine import Value

    def log(self):
        out = Value(math.log(self.data), (self,), "log")

        def backward():
            self.grad += (1.0 / self.data) * out.grad

        out._backward = backward
        return out

    def sin(self):
        out = Value(math.sin(self.data), (self,), "sin")

        def backward():
            self.grad += math.cos(self.data) * out.grad

        out._backward = backward
        return out

    Value.log, Value.sin = getattr(Value, "log", log), getattr(Value, "sin", sin)
    return Value


def micrograd_calls(n: int) -> tuple[Callable[[], Any], Callable[[], Any]]:
    """(primal, value + gradient) with micrograd; raises ImportError when it is not installed."""
    Value = micrograd_value()
    sys.setrecursionlimit(max(10000, 20 * n))  # backward()'s topological sort recurses
    f = make_f(lambda v: v.log(), lambda v: v.sin())
    leaves = [Value(v) for v in inputs(n)]

    def grad():
        for v in leaves:
            v.grad = 0
        s = f(leaves)
        s.backward()
        return s.data, [v.grad for v in leaves]

    return (lambda: f(leaves)), grad


def peer_micrograd(n: int) -> Callable[[], Any] | None:
    try:
        return micrograd_calls(n)[1]
    except ImportError:
        return None


def peer_autograd(n: int) -> Callable[[], Any] | None:
    try:
        import autograd
        import autograd.numpy as anp
        import numpy as np
    except ImportError:
        return None
    vg = autograd.value_and_grad(make_f(anp.log, anp.sin))
    x = np.array(inputs(n))
    return lambda: vg(x)


def peer_torch(n: int) -> Callable[[], Any] | None:
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(2)
    f = make_f(torch.log, torch.sin)
    x = torch.tensor(inputs(n), dtype=torch.float64)

    def grad():
        leaf = x.detach().requires_grad_(True)
        s = f(leaf.unbind())
        (g,) = torch.autograd.grad(s, leaf)
        return s.item(), g

    return grad


def peer_jax(n: int) -> Callable[[], Any] | None:
    try:
        import jax
        import jax.numpy as jnp
    except ImportError:
        return None
    jax.config.update("jax_enable_x64", True)
    f_scalar = make_f(jnp.log, jnp.sin)
    vg = jax.value_and_grad(lambda x: f_scalar(jnp.unstack(x)))
    x = jnp.asarray(inputs(n))

    def grad():
        v, g = vg(x)
        g.block_until_ready()
        return v, g

    return grad
