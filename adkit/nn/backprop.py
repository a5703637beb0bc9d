"""BP1–BP4 over one batch: δ⁽ᴸ⁾ from the loss, δ⁽ˡ⁾ layer by layer down, ∂C/∂W⁽ˡ⁾ and ∂C/∂b⁽ˡ⁾.

A plain function of the forward pass's arrays, so :class:`adkit.nn.mlp.MLP`
keeps the network and this module keeps the four equations.  The activations'
f′ and the loss's ∇ₐC come from the array registry (:mod:`adkit.nn.ops`);
with batch normalization BN1–BN3 (:mod:`adkit.nn.batchnorm`) run between
BP2 and BP3/BP4.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from adkit.nn.batchnorm import BATCHNORM
from adkit.nn.ops import ARRAY_REGISTRY, ArrayPrimitive


@dataclass(frozen=True)
class Backprop:
    """Everything one BP1–BP4 pass computed, layer by layer (index 0 = layer 1).

    With batch normalization ``u`` holds the normalised pre-activations
    u⁽ˡ⁾ = γ ẑ⁽ˡ⁾ + β (a⁽ˡ⁾ = f(u⁽ˡ⁾)) and ``dgamma``, ``dbeta`` their
    parameters' gradients (BN2, BN1), one per hidden layer; otherwise u = z.
    """

    z: list[np.ndarray]      # z⁽¹⁾ … z⁽ᴸ⁾, each (batch, width)
    a: list[np.ndarray]      # a⁽⁰⁾ … a⁽ᴸ⁾
    delta: list[np.ndarray]  # δ⁽¹⁾ … δ⁽ᴸ⁾ = ∂C/∂z⁽ˡ⁾ (already divided by the batch size m)
    dW: list[np.ndarray]
    db: list[np.ndarray]
    loss: float
    u: list[np.ndarray] = field(default_factory=list)
    dgamma: list[np.ndarray] = field(default_factory=list)
    dbeta: list[np.ndarray] = field(default_factory=list)



def times_fprime(v: np.ndarray, activation: str, z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """v ⊙ f′(z) for the named activation (a = f(z))."""
    if activation == "identity":  # f′ = 1: skip a multiplication by ones
        return v
    return v * ARRAY_REGISTRY[activation].derivative(z, a)


def backprop(zs: list[np.ndarray], us: list[np.ndarray], acts: list[np.ndarray], weights: Sequence[np.ndarray],
             gammas: Sequence[np.ndarray], betas: Sequence[np.ndarray], activations: Sequence[str],
             loss_prim: ArrayPrimitive, loss_args: tuple, logits: bool) -> Backprop:
    """BP1–BP4 from a training-mode forward pass (z⁽ˡ⁾, u⁽ˡ⁾, a⁽ˡ⁾ per layer; ``activations[l-1]`` is layer l's).

    ``logits``: the loss takes the last u (softmax_ce), so its gradient is already δ⁽ᴸ⁾.
    """
    L = len(weights)
    cost = loss_prim.evaluate(*loss_args)
    one = np.asarray(1.0, dtype=acts[0].dtype)  # the network's dtype: a⁽⁰⁾ = X was cast to it
    grad = loss_prim.vjps[0](one, loss_args, cost)          # ∇ₐC, or ∂C/∂z for softmax_ce
    delta = grad if logits else times_fprime(grad, activations[L - 1], us[-1], acts[-1])  # BP1
    deltas: list[np.ndarray] = [delta]
    dW: list[np.ndarray] = [None] * L  # type: ignore[list-item]
    db: list[np.ndarray] = [None] * L  # type: ignore[list-item]
    dgamma: list[np.ndarray] = [None] * len(gammas)  # type: ignore[list-item]
    dbeta: list[np.ndarray] = [None] * len(gammas)  # type: ignore[list-item]
    for l in range(L, 0, -1):
        dW[l - 1] = delta.T @ acts[l - 1]                        # BP4
        db[l - 1] = delta.sum(axis=0)                             # BP3
        if l > 1:
            delta = times_fprime(delta @ weights[l - 1], activations[l - 2], us[l - 2], acts[l - 1])  # BP2 (∂C/∂u)
            if l - 1 <= len(gammas):
                args = (zs[l - 2], gammas[l - 2], betas[l - 2])
                dbeta[l - 2] = BATCHNORM.vjps[2](delta, args, us[l - 2])    # BN1
                dgamma[l - 2] = BATCHNORM.vjps[1](delta, args, us[l - 2])   # BN2
                delta = BATCHNORM.vjps[0](delta, args, us[l - 2])           # BN3
            deltas.append(delta)
    deltas.reverse()
    return Backprop(z=zs, a=acts, delta=deltas, dW=dW, db=db, loss=float(cost), u=us, dgamma=dgamma, dbeta=dbeta)


def gradients(X: np.ndarray, weights: Sequence[np.ndarray], biases: Sequence[np.ndarray], activations: Sequence[str],
              loss_gradient: Callable[[np.ndarray, np.ndarray], np.ndarray], logits: bool,
              ) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """BP1–BP4 for dW and db alone, without batch normalization: :meth:`MLP.gradients`' path.

    The arithmetic of :func:`backprop` step for step (so the arrays are equal
    bit for bit), minus what only its record needs: no δ list, no loss value,
    and no softmax of the last layer when the loss takes the logits.
    ``loss_gradient(u⁽ᴸ⁾, a⁽ᴸ⁾)`` is ∇ₐC, or ∂C/∂z with ``logits``.
    """
    L = len(weights)
    us: list[np.ndarray] = []
    acts = [X]
    for l in range(L):
        z = acts[l] @ weights[l].T
        z += biases[l]
        us.append(z)
        if l < L - 1 or not logits:
            acts.append(ARRAY_REGISTRY[activations[l]].evaluate(z))
    delta = loss_gradient(us[-1], acts[-1])
    if not logits:
        delta = times_fprime(delta, activations[-1], us[-1], acts[-1])  # BP1
    dW: list[np.ndarray] = [None] * L  # type: ignore[list-item]
    db: list[np.ndarray] = [None] * L  # type: ignore[list-item]
    for l in range(L - 1, -1, -1):
        dW[l] = delta.T @ acts[l]                                  # BP4
        db[l] = delta.sum(axis=0)                                  # BP3
        if l:
            delta = times_fprime(delta @ weights[l], activations[l - 1], us[l - 1], acts[l])  # BP2
    return dW, db
