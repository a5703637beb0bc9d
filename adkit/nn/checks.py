"""Oracles that share no code with BP1–BP4 or the tape: central differences, Theorem 3.1.

* :func:`numeric_gradients` — (C(θ + h) − C(θ − h)) / 2h for every scalar
  parameter, through :meth:`MLP.cost` only (training-mode cost, so batch
  normalization uses the batch's statistics as backprop does); slow, for checks.
* :func:`collapse` — Theorem 3.1 (seed 003): identity activations everywhere
  make the network one layer.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from adkit.errors import NetworkError

#: An :class:`adkit.nn.mlp.MLP` (not imported: the network module imports this one).
Network = Any


def numeric_gradients(net: Network, X: np.ndarray, Y: np.ndarray, h: float = 1e-6) -> list[np.ndarray]:
    """Central differences for every parameter, aligned with ``net.parameters``."""
    result = []
    for p in net.parameters:
        g = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            saved = p[idx]
            p[idx] = saved + h
            up = net.cost(X, Y, training=True)
            p[idx] = saved - h
            down = net.cost(X, Y, training=True)
            p[idx] = saved
            g[idx] = (up - down) / (2 * h)
        result.append(g)
    return result


def collapse(net: Network) -> tuple[np.ndarray, np.ndarray]:
    """Theorem 3.1 (seed 003): identity activations everywhere give one layer.

    W̄ = W⁽ᴸ⁾ ⋯ W⁽¹⁾ and b̄ = Σᵢ (W⁽ᴸ⁾ ⋯ W⁽ⁱ⁺¹⁾) b⁽ⁱ⁾ (the last term is b⁽ᴸ⁾),
    so the network computes W̄x + b̄.
    """
    for l in range(1, net.layers + 1):
        if net.activation_of(l) != "identity":
            raise NetworkError("nn.collapse_nonlinear", layer=l, activation=net.activation_of(l))
    W_bar = net.weights[0]
    b_bar = net.biases[0]
    for W, b in zip(net.weights[1:], net.biases[1:]):
        W_bar = W @ W_bar
        b_bar = W @ b_bar + b
    return W_bar, b_bar
