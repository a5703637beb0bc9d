"""The array primitive registry: one record per operation on numpy arrays.

Kept apart from the scalar registry in :mod:`adkit.ir.primitives` because an array
operation is not a sum of scalar partials: each record carries its two linear
maps explicitly,

* ``jvp(args, out, x_dots) -> y_dot``: the tangent map J·ẋ, where ``x_dots``
  has ``None`` for an argument that carries no tangent;
* ``vjps[i](y_bar, args, out) -> x_bar_i``: the adjoint map Jᵀ·ȳ restricted to
  argument *i*, one rule per argument (autograd's ``defvjp`` shape), so a
  sweep only computes the adjoints of arguments that need one.

Both receive the primal output ``out`` so ``sigmoid`` reuses σ(z).  Elementwise
activations also keep their local ``derivative(x, out)``, which BP1/BP2 in
:mod:`adkit.nn.mlp` multiply by (⊙ f′(z)), taken from the scalar registry's
record of the same function (its one partial, vectorised); their jvp and vjp
are built from it so none of them can drift apart.  ``sample(rng)`` gives arguments inside the
domain for the registry-wide dot-product test ⟨ȳ, J ẋ⟩ = ⟨Jᵀ ȳ, ẋ⟩.

Batches are row-major: ``a`` has shape (batch, width) and a layer is
``z = a·Wᵀ + b`` with ``W`` of shape (out, in).  Losses are the **mean over
the batch** of the per-example loss.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

import numpy as np

from adkit.ir.partials import array_form
from adkit.ir.primitives import REGISTRY

Array = np.ndarray
Args = Sequence[Array]


@dataclass(frozen=True)
class ArrayPrimitive:
    """One array operation: evaluation, tangent map, adjoint maps, display."""

    name: str
    arity: int
    evaluate: Callable[..., Array]
    jvp: Callable[[Args, Array, Sequence[Optional[Array]]], Array]
    vjps: tuple[Callable[[Array, Args, Array], Array], ...]
    display: str  # "{0} · {1}ᵀ": Unicode template over argument names
    latex: str
    sample: Callable[[np.random.Generator], tuple[Array, ...]]
    derivative: Optional[Callable[[Array, Array], Array]] = None  # elementwise f′(x), given out
    note: str = ""
    kind: str = field(default="array")


ARRAY_REGISTRY: dict[str, ArrayPrimitive] = {}


def register(prim: ArrayPrimitive) -> ArrayPrimitive:
    """Add an array primitive; the one place an array operation is defined."""
    if prim.name in ARRAY_REGISTRY:
        raise ValueError(f"array primitive {prim.name!r} registered twice")
    if len(prim.vjps) != prim.arity:
        raise ValueError(f"{prim.name}: one vjp rule per argument")
    ARRAY_REGISTRY[prim.name] = prim
    return prim


def _normal(*shape: int) -> Callable[[np.random.Generator], tuple[Array, ...]]:
    return lambda rng: (rng.standard_normal(shape),)


def _sum_tangents(terms: Sequence[Optional[Array]]) -> Array:
    present = [t for t in terms if t is not None]
    total = present[0]
    for t in present[1:]:
        total = total + t
    return total


# ---- linear algebra ------------------------------------------------------
register(ArrayPrimitive(
    "matmul_t", 2, lambda a, w: a @ w.T,
    jvp=lambda args, out, d: _sum_tangents([
        None if d[0] is None else d[0] @ args[1].T,
        None if d[1] is None else args[0] @ d[1].T]),
    vjps=(lambda y_bar, args, out: y_bar @ args[1],       # ā = ȳ·W
          lambda y_bar, args, out: y_bar.T @ args[0]),    # W̄ = ȳᵀ·a  (BP4, summed over the batch)
    display="{0} · {1}ᵀ", latex="{0} {1}^{{\\top}}",
    sample=lambda rng: (rng.standard_normal((4, 3)), rng.standard_normal((2, 3))),
))

register(ArrayPrimitive(
    "add_bias", 2, lambda z, b: z + b,
    jvp=lambda args, out, d: _sum_tangents([d[0], None if d[1] is None else np.broadcast_to(d[1], out.shape)]),
    vjps=(lambda y_bar, args, out: y_bar,
          lambda y_bar, args, out: y_bar.sum(axis=0)),     # b̄ = Σ over the batch (BP3)
    display="{0} + {1}", latex="{0} + {1}",
    sample=lambda rng: (rng.standard_normal((4, 3)), rng.standard_normal(3)),
    note="b is broadcast over the rows (the batch); its adjoint sums them back",
))

register(ArrayPrimitive(
    "sub", 2, lambda x, y: x - y,
    jvp=lambda args, out, d: _sum_tangents([d[0], None if d[1] is None else -d[1]]),
    vjps=(lambda y_bar, args, out: y_bar, lambda y_bar, args, out: -y_bar),
    display="{0} − {1}", latex="{0} - {1}",
    sample=lambda rng: (rng.standard_normal((4, 3)), rng.standard_normal((4, 3))),
))

register(ArrayPrimitive(
    "sum", 1, lambda x: np.asarray(x.sum()),
    jvp=lambda args, out, d: np.asarray(d[0].sum()),
    vjps=(lambda y_bar, args, out: np.broadcast_to(y_bar, args[0].shape),),
    display="Σ {0}", latex="\\sum {0}",
    sample=_normal(4, 3),
))


# ---- elementwise activations ---------------------------------------------
def _elementwise(name: str, f: Callable[[Array], Array], derivative: Callable[[Array, Array], Array],
                 display: str, latex: str, note: str = "") -> ArrayPrimitive:
    return register(ArrayPrimitive(
        name, 1, f,
        jvp=lambda args, out, d: d[0] * derivative(args[0], out),
        vjps=(lambda y_bar, args, out: y_bar * derivative(args[0], out),),
        display=display, latex=latex, sample=_normal(4, 3), derivative=derivative, note=note,
    ))


def _sigmoid(x: Array) -> Array:
    # e^(-x) overflows to inf below x ≈ −709, and 1/(1 + inf) = 0 is then the
    # right answer to double precision, so the warning is noise.
    with np.errstate(over="ignore"):
        e = np.exp(np.negative(x))
    e += 1.0
    return np.reciprocal(e, out=e)


def _derivative(name: str) -> Callable[[Array, Array], Array]:
    """f′(x, out) of the scalar registry's record ``name``, elementwise: one partial for both registries."""
    return array_form(REGISTRY[name].partial_expressions[0], np)


_elementwise("sigmoid", _sigmoid, _derivative("sigmoid"), "σ({0})", "\\sigma({0})")
_elementwise("tanh", np.tanh, _derivative("tanh"), "tanh({0})", "\\tanh({0})")
_elementwise("relu", lambda x: np.maximum(x, 0.0), _derivative("relu"),
             "relu({0})", "\\operatorname{{relu}}({0})", note="relu′(0) = 0 by convention")
# identity is no operation of the scalar registry (a Wengert list never needs one): its f′ is written here
_elementwise("identity", lambda x: x, lambda x, o: np.ones_like(x), "{0}", "{0}")


def _softmax(z: Array) -> Array:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _softmax_linear(v: Array, s: Array) -> Array:
    # The softmax Jacobian diag(s) − s sᵀ is symmetric: one map serves jvp and vjp.
    return s * (v - (s * v).sum(axis=-1, keepdims=True))


register(ArrayPrimitive(
    "softmax", 1, _softmax,
    jvp=lambda args, out, d: _softmax_linear(d[0], out),
    vjps=(lambda y_bar, args, out: _softmax_linear(y_bar, out),),
    display="softmax({0})", latex="\\operatorname{{softmax}}({0})",
    sample=_normal(4, 3), note="row by row; the Jacobian diag(s) − s sᵀ is symmetric",
))


# ---- losses: mean over the batch (rows) ----------------------------------
def _rows(a: Array) -> int:
    return a.shape[0] if a.ndim > 1 else 1


def _squared_error(name: str, half: bool, latex: str, note: str) -> ArrayPrimitive:
    """C = (c/m) Σ ‖a − y‖² with c = ½ (``mse``) or 1 (``sse_mean``): one rule, two conventions."""
    c = 0.5 if half else 1.0

    def evaluate(a: Array, y: Array) -> Array:
        r = a - y
        return np.asarray(c * np.vdot(r, r) / _rows(a))

    return register(ArrayPrimitive(
        name, 2, evaluate,
        jvp=lambda args, out, d: np.asarray(2 * c * np.vdot(
            args[0] - args[1], _sum_tangents([d[0], None if d[1] is None else -d[1]])) / _rows(args[0])),
        vjps=(lambda y_bar, args, out: (args[0] - args[1]) * (2 * c * y_bar / _rows(args[0])),
              lambda y_bar, args, out: (args[1] - args[0]) * (2 * c * y_bar / _rows(args[0]))),
        display=name + "({0}, {1})", latex=latex,
        sample=lambda rng: (rng.standard_normal((4, 3)), rng.standard_normal((4, 3))), note=note,
    ))


_squared_error("mse", True, "\\tfrac{{1}}{{2m}}\\lVert {0} - {1}\\rVert^2", "C = (1/m) Σ ½‖a − y‖² over the m rows")
_squared_error("sse_mean", False, "\\tfrac{{1}}{{m}}\\lVert {0} - {1}\\rVert^2",
               "C = (1/m) Σ ‖a − y‖² over the m rows: the J of Phạm Công Minh's Backpropagation slides, without the ½ of mse")


def _huber(a: Array, y: Array, delta: Array) -> Array:
    r = np.abs(a - y)
    inside = r <= delta
    return np.asarray(np.where(inside, 0.5 * r * r, delta * (r - 0.5 * delta)).sum() / _rows(a))


def _huber_da(a: Array, y: Array, delta: Array) -> Array:
    """∂/∂a per element: r inside the band, δ·sign(r) outside (clipped residual)."""
    return np.clip(a - y, -delta, delta) / _rows(a)


def _huber_ddelta(a: Array, y: Array, delta: Array) -> Array:
    r = np.abs(a - y)
    return np.asarray(np.where(r <= delta, 0.0, r - delta).sum() / _rows(a))


register(ArrayPrimitive(
    "huber", 3, _huber,
    jvp=lambda args, out, d: np.asarray(sum(
        np.vdot(g, t) for g, t in ((_huber_da(*args), d[0]), (-_huber_da(*args), d[1]),
                                   (_huber_ddelta(*args), d[2])) if t is not None)),
    vjps=(lambda y_bar, args, out: y_bar * _huber_da(*args),
          lambda y_bar, args, out: -y_bar * _huber_da(*args),
          lambda y_bar, args, out: y_bar * _huber_ddelta(*args)),
    display="huber({0}, {1}; δ={2})",
    latex="\\tfrac{{1}}{{m}}\\sum \\operatorname{{huber}}_{{{2}}}({0} - {1})",
    sample=lambda rng: (rng.uniform(-3.0, 3.0, (4, 3)), rng.uniform(-0.2, 0.2, (4, 3)), np.asarray(1.0)),
    note="½r² for |r| ≤ δ, δ(|r| − ½δ) beyond: quadratic near 0, linear for outliers; r = a − y",
))


def _bce(a: Array, y: Array) -> Array:
    return np.asarray(-(y * np.log(a) + (1.0 - y) * np.log1p(-a)).sum() / _rows(a))


def _bce_da(a: Array, y: Array) -> Array:
    return (a - y) / (a * (1.0 - a)) / _rows(a)


def _bce_dy(a: Array, y: Array) -> Array:
    return (np.log1p(-a) - np.log(a)) / _rows(a)


register(ArrayPrimitive(
    "bce", 2, _bce,
    jvp=lambda args, out, d: np.asarray(sum(
        np.vdot(g(*args), t) for g, t in ((_bce_da, d[0]), (_bce_dy, d[1])) if t is not None)),
    vjps=(lambda y_bar, args, out: y_bar * _bce_da(*args),
          lambda y_bar, args, out: y_bar * _bce_dy(*args)),
    display="bce({0}, {1})", latex="-\\tfrac{{1}}{{m}}\\sum [{1}\\log {0} + (1-{1})\\log(1-{0})]",
    sample=lambda rng: (rng.uniform(0.05, 0.95, (4, 3)), rng.uniform(0.0, 1.0, (4, 3))),
    note="needs 0 < a < 1 (a sigmoid output)",
))


def _log_softmax(z: Array) -> Array:
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def _softmax_ce_dz(z: Array, y: Array) -> Array:
    # Σⱼ yⱼ need not be 1 (the dot-product test uses any y): ∂/∂z = s·Σy − y.
    return (_softmax(z) * y.sum(axis=-1, keepdims=True) - y) / _rows(z)


register(ArrayPrimitive(
    "softmax_ce", 2, lambda z, y: np.asarray(-(y * _log_softmax(z)).sum() / _rows(z)),
    jvp=lambda args, out, d: np.asarray(sum(
        np.vdot(g, t) for g, t in ((_softmax_ce_dz(*args), d[0]),
                                   (-_log_softmax(args[0]) / _rows(args[0]), d[1])) if t is not None)),
    vjps=(lambda y_bar, args, out: y_bar * _softmax_ce_dz(*args),
          lambda y_bar, args, out: -y_bar * _log_softmax(args[0]) / _rows(args[0])),
    display="softmax_ce({0}, {1})", latex="-\\tfrac{{1}}{{m}}\\sum {1} \\log \\operatorname{{softmax}}({0})",
    sample=lambda rng: (rng.standard_normal((4, 3)), rng.uniform(0.0, 1.0, (4, 3))),
    note="takes the logits z; fused with softmax so log never sees 0",
))
