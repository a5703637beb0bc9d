"""Batch normalization (Ioffe and Szegedy, 2015) as one array primitive.

Training mode normalises every column of ``z`` (batch, width) with the batch's
own statistics, then scales and shifts:

    μ = (1/m) Σᵢ zᵢ,   σ² = (1/m) Σᵢ (zᵢ − μ)²,   ẑ = (z − μ)/√(σ² + ε),   u = γ ⊙ ẑ + β

Its backward pass, written the way BP1–BP4 are (ū = ∂C/∂u, rows summed):

* BN1  ∂C/∂β = Σᵢ ūᵢ
* BN2  ∂C/∂γ = Σᵢ ūᵢ ⊙ ẑᵢ
* BN3  ∂C/∂z = (γ / (m √(σ² + ε))) ⊙ (m ū − Σᵢ ūᵢ − ẑ ⊙ Σᵢ ūᵢ ⊙ ẑᵢ)

BN3 is the chain rule through μ and σ², which both depend on every row: the
two sums are what the batch statistics add to the plain ū γ/√(σ² + ε).  The
record below holds these three adjoint maps and, separately, the tangent
map; :mod:`adkit.nn.mlp` calls the adjoint maps between BP2 and BP3/BP4, the
array tape calls the same record, and the tests hold both against central
differences and the dot-product identity.

Evaluation mode uses running estimates instead (see :func:`normalise`), which
is a plain affine map of z and is not a registry record.
"""

from __future__ import annotations

import numpy as np

from adkit.nn.ops import ArrayPrimitive, register

Array = np.ndarray

#: ε in √(σ² + ε), as in PyTorch and Keras' defaults.
EPS = 1e-5
#: weight of the new batch in the running statistics: r ← (1 − ρ) r + ρ·batch.
MOMENTUM = 0.1


def _stats(z: Array) -> tuple[Array, Array]:
    """(ẑ, 1/√(σ² + ε)) with the batch statistics of the columns of z."""
    mu = z.mean(axis=0)
    centred = z - mu
    inv = 1.0 / np.sqrt((centred * centred).mean(axis=0) + EPS)
    return centred * inv, inv


def _evaluate(z: Array, gamma: Array, beta: Array) -> Array:
    z_hat, _ = _stats(z)
    return gamma * z_hat + beta


def _z_bar(u_bar: Array, z: Array, gamma: Array) -> Array:
    """BN3: the adjoint of z through ẑ, μ and σ²."""
    z_hat, inv = _stats(z)
    g = u_bar * gamma
    m = z.shape[0]
    return (inv / m) * (m * g - g.sum(axis=0) - z_hat * (g * z_hat).sum(axis=0))


def _z_dot(z_dot: Array, z: Array, gamma: Array) -> Array:
    """The tangent through the normalisation: γ/√(σ²+ε) · (ż − mean ż − ẑ·mean(ż ẑ))."""
    z_hat, inv = _stats(z)
    return gamma * inv * (z_dot - z_dot.mean(axis=0) - z_hat * (z_dot * z_hat).mean(axis=0))


def _jvp(args: tuple[Array, ...], out: Array, d: list[Array | None]) -> Array:
    z, gamma, _ = args
    terms = []
    if d[0] is not None:
        terms.append(_z_dot(d[0], z, gamma))
    if d[1] is not None:
        terms.append(d[1] * _stats(z)[0])
    if d[2] is not None:
        terms.append(np.broadcast_to(d[2], out.shape))
    return sum(terms[1:], terms[0])


BATCHNORM = register(ArrayPrimitive(
    "batchnorm", 3, _evaluate,
    jvp=_jvp,
    vjps=(lambda u_bar, args, out: _z_bar(u_bar, args[0], args[1]),           # BN3
          lambda u_bar, args, out: (u_bar * _stats(args[0])[0]).sum(axis=0),  # BN2
          lambda u_bar, args, out: u_bar.sum(axis=0)),                        # BN1
    display="BN({0}; γ={1}, β={2})", latex="\\operatorname{{BN}}_{{{1},{2}}}({0})",
    sample=lambda rng: (rng.standard_normal((5, 3)), rng.uniform(0.5, 2.0, 3), rng.standard_normal(3)),
    note="batch statistics (training mode); ε = 1e-5",
))


def normalise(z: Array, gamma: Array, beta: Array, mean: Array, var: Array) -> Array:
    """Evaluation mode: γ (z − r_μ)/√(r_σ² + ε) + β with the running statistics."""
    return gamma * (z - mean) / np.sqrt(var + EPS) + beta


def update_running(z: Array, mean: Array, var: Array) -> None:
    """r ← (1 − ρ) r + ρ·batch, in place; the variance is the unbiased m/(m − 1) estimate (as PyTorch)."""
    m = z.shape[0]
    mean *= 1.0 - MOMENTUM
    mean += MOMENTUM * z.mean(axis=0)
    var *= 1.0 - MOMENTUM
    var += MOMENTUM * z.var(axis=0) * (m / max(m - 1, 1))
