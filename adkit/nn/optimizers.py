"""Update rules for gradient-based training (seed 000's list, seed 003 §3.7).

An optimizer turns the gradient g of the current batch into an in-place change
of each parameter θ.  How many examples a batch holds is the training loop's
business (:func:`adkit.nn.train`): full-batch gradient descent, SGD (one
example at a time) and mini-batch SGD share the plain rule θ ← θ − η g.

Weight decay λ is an option of every rule: it adds λθ to the gradient of the
weights (L2 regularisation of ½λ‖W‖²; biases are not decayed), before the
rule sees it.  For Adam this is the classic L2 form, not AdamW.

Rules (t counts steps from 1):

* ``gd`` / ``sgd`` / ``minibatch``:  θ ← θ − η g
* ``momentum``:  v ← μv + g;  θ ← θ − η v
* ``nesterov``:  v ← μv + g;  θ ← θ − η (g + μv)   (Sutskever's form, as in PyTorch)
* ``adam``:  m ← β₁m + (1−β₁)g;  s ← β₂s + (1−β₂)g²;
  θ ← θ − η m̂ / (√ŝ + ε) with m̂ = m/(1−β₁ᵗ), ŝ = s/(1−β₂ᵗ)
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from adkit.errors import NetworkError

#: name → default batch size used by :func:`adkit.nn.train` (None = the whole set).
OPTIMIZERS: dict[str, int | None] = {
    "gd": None, "sgd": 1, "minibatch": 64, "momentum": 64, "nesterov": 64, "adam": 64,
}
DEFAULT_LR = {"gd": 0.5, "sgd": 0.05, "minibatch": 0.5, "momentum": 0.1, "nesterov": 0.1, "adam": 0.01}


class Optimizer:
    """Base rule: plain gradient descent θ ← θ − η (g + λθ for weights)."""

    name = "gd"

    def __init__(self, lr: float | None = None, weight_decay: float = 0.0) -> None:
        lr = DEFAULT_LR.get(self.name, 0.1) if lr is None else lr
        if not (isinstance(lr, (int, float)) and lr > 0 and np.isfinite(lr)):
            raise NetworkError("nn.bad_setting", name="lr", expected="a positive number", value=lr)
        if not (isinstance(weight_decay, (int, float)) and weight_decay >= 0):
            raise NetworkError("nn.bad_setting", name="weight_decay", expected="zero or positive", value=weight_decay)
        self.lr = float(lr)
        self.weight_decay = float(weight_decay)
        self.t = 0
        self.state: list[dict[str, np.ndarray]] = []

    def __repr__(self) -> str:
        return f"{type(self).__name__}(lr={self.lr}, weight_decay={self.weight_decay})"

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        """Update ``params`` in place.  Weights are the ≥2-D arrays (decayed)."""
        if not self.state:
            self.state = [{} for _ in params]
        self.t += 1
        for p, g, state in zip(params, grads, self.state):
            if self.weight_decay and p.ndim >= 2:
                g = g + self.weight_decay * p
            p -= self.update(g, state).astype(p.dtype, copy=False)

    def update(self, g: np.ndarray, state: dict[str, np.ndarray]) -> np.ndarray:
        """The change to subtract from θ for gradient ``g``."""
        return self.lr * g


class GD(Optimizer):
    """Full-batch gradient descent (train with ``batch=None``)."""

    name = "gd"


class SGD(Optimizer):
    """Stochastic gradient descent: the plain rule, one example per step by default."""

    name = "sgd"


class MiniBatch(Optimizer):
    """Mini-batch SGD: the plain rule on shuffled batches."""

    name = "minibatch"


class Momentum(Optimizer):
    """Heavy-ball momentum: v ← μv + g; θ ← θ − ηv."""

    name = "momentum"

    def __init__(self, lr: float | None = None, momentum: float = 0.9, weight_decay: float = 0.0) -> None:
        super().__init__(lr, weight_decay)
        self.momentum = float(momentum)

    def velocity(self, g: np.ndarray, state: dict[str, np.ndarray]) -> np.ndarray:
        """v ← μv + g (v = g on the first step), kept in ``state``."""
        v = state.get("v")
        v = g.copy() if v is None else self.momentum * v + g
        state["v"] = v
        return v

    def update(self, g: np.ndarray, state: dict[str, np.ndarray]) -> np.ndarray:
        return self.lr * self.velocity(g, state)


class Nesterov(Momentum):
    """Nesterov accelerated gradient: v ← μv + g; θ ← θ − η(g + μv)."""

    name = "nesterov"

    def update(self, g: np.ndarray, state: dict[str, np.ndarray]) -> np.ndarray:
        return self.lr * (g + self.momentum * self.velocity(g, state))


class Adam(Optimizer):
    """Adam (Kingma and Ba, 2015) with bias-corrected moments."""

    name = "adam"

    def __init__(self, lr: float | None = None, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8,
                 weight_decay: float = 0.0) -> None:
        super().__init__(lr, weight_decay)
        self.beta1, self.beta2, self.eps = float(beta1), float(beta2), float(eps)

    def update(self, g: np.ndarray, state: dict[str, np.ndarray]) -> np.ndarray:
        m = state.get("m", np.zeros_like(g))
        s = state.get("s", np.zeros_like(g))
        m = self.beta1 * m + (1 - self.beta1) * g
        s = self.beta2 * s + (1 - self.beta2) * g * g
        state["m"], state["s"] = m, s
        m_hat = m / (1 - self.beta1 ** self.t)
        s_hat = s / (1 - self.beta2 ** self.t)
        return self.lr * m_hat / (np.sqrt(s_hat) + self.eps)


_CLASSES = {cls.name: cls for cls in (GD, SGD, MiniBatch, Momentum, Nesterov, Adam)}


def make_optimizer(name: str | Optimizer, lr: float | None = None, weight_decay: float = 0.0) -> Optimizer:
    """An optimizer from its name (``adam``…), or the given instance unchanged."""
    if isinstance(name, Optimizer):
        return name
    if name not in _CLASSES:
        raise NetworkError("nn.unknown_optimizer", name=name, known=", ".join(_CLASSES))
    return _CLASSES[name](lr=lr, weight_decay=weight_decay)
