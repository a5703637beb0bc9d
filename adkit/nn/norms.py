"""Gradient norms per layer, and one gradient-descent step: what seeds 000 and 001 describe.

* :func:`layer_norms` — ‖δ⁽ˡ⁾‖ = ‖∂C/∂z⁽ˡ⁾‖ and ‖∂C/∂W⁽ˡ⁾‖ (Frobenius, over the
  batch) from one BP1–BP4 pass.  BP2 multiplies by f′(z⁽ˡ⁾) at every layer
  going back; σ′ ≤ ¼, so in a sigmoid stack the norms shrink geometrically
  towards the input (vanishing gradients), while relu′ ∈ {0, 1} keeps them.
  A ReLU unit whose activation is 0 for every example is dead: relu′ = 0
  there, so BP2 passes it no error and its weights never change again;
  ``dead`` counts them per layer.
* :func:`norm_profile` — those norms at initialisation and every ``every``
  epochs of a training run.
* :func:`gradient_step` — one update θ ← θ − η ∂C/∂θ on a copy of the network,
  with every parameter's old value, gradient, update and new value.  Over a
  batch of m examples C = (1/m) Σᵢ Cᵢ, so ∂C/∂θ is the mean of the
  per-example gradients ∂Cᵢ/∂θ: each is computed on its own row and checked
  against the one BP1–BP4 pass over the batch that makes the update.

Engines only: :mod:`adkit.nn.lesson_views` turns the results into tables.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from adkit.errors import NetworkError
from adkit.nn.mlp import MLP
from adkit.nn.train import History, train


@dataclass(frozen=True)
class LayerNorms:
    """One checkpoint: the epoch, the training loss, and per-layer norms (index 0 = layer 1).

    ``dead[l-1]`` is the number of dead units of a ReLU layer (None for other
    activations) out of ``units[l-1]``.
    """

    epoch: int
    loss: float
    delta: list[float]
    grad_W: list[float]
    dead: list[int | None]
    units: list[int]


@dataclass
class NormProfile:
    checkpoints: list[LayerNorms] = field(default_factory=list)
    history: History | None = None


def layer_norms(net: MLP, X: np.ndarray, Y: np.ndarray, epoch: int = 0) -> LayerNorms:
    """‖δ⁽ˡ⁾‖, ‖∂C/∂W⁽ˡ⁾‖ and dead ReLU units for every layer from one backprop pass over (X, Y)."""
    record = net.backprop(X, Y)
    dead = [int(np.count_nonzero(np.all(a == 0, axis=0))) if net.activation_of(l) == "relu" else None
            for l, a in enumerate(record.a[1:], start=1)]
    return LayerNorms(epoch, record.loss, [float(np.linalg.norm(d)) for d in record.delta],
                      [float(np.linalg.norm(g)) for g in record.dW], dead, net.sizes[1:])


def norm_profile(net: MLP, X: np.ndarray, Y: np.ndarray, epochs: int = 0, every: int = 1,
                 **train_options: Any) -> NormProfile:
    """Norms at initialisation and after every ``every``-th epoch (and the last) of ``train``."""
    if not isinstance(every, int) or every < 1:
        raise NetworkError("nn.bad_setting", name="every", expected="a positive whole number", value=every)
    profile = NormProfile([layer_norms(net, X, Y)])

    def on_epoch(epoch: int, _loss: float) -> None:
        if epoch % every == 0 or epoch == epochs:
            profile.checkpoints.append(layer_norms(net, X, Y, epoch))

    if epochs:
        profile.history = train(net, X, Y, epochs=epochs, on_epoch=on_epoch, **train_options)
    return profile


@dataclass(frozen=True)
class StepRow:
    """One scalar parameter in one step: θ, ∂C/∂θ, −η∂C/∂θ, θ′, and each example's ∂Cᵢ/∂θ."""

    name: str
    layer: int
    index: tuple[int, ...]
    old: float
    gradient: float
    update: float
    new: float
    examples: tuple[float, ...] = ()  # ∂Cᵢ/∂θ, example i alone (none with batch normalization)

    @property
    def example_sum(self) -> float:
        return float(np.sum(self.examples))

    @property
    def example_mean(self) -> float:
        """(1/m) Σᵢ ∂Cᵢ/∂θ: what BP1–BP4 over the batch must give."""
        return self.example_sum / len(self.examples)


@dataclass
class GradientStep:
    """One update; with m > 1 examples also each example's loss and gradients.

    ``example_losses`` is empty with batch normalization: μ and σ² couple the
    rows, so C is not a mean of per-example losses.
    """

    lr: float
    loss_before: float
    loss_after: float
    rows: list[StepRow]
    after: MLP
    X: np.ndarray
    Y: np.ndarray
    example_losses: list[float] = field(default_factory=list)
    mean_difference: float = 0.0  # max |(1/m)Σᵢ ∂Cᵢ/∂θ − ∂C/∂θ| over all θ, relative to max |∂C/∂θ|

    @property
    def m(self) -> int:
        return len(self.X)


def gradient_step(net: MLP, X: np.ndarray, Y: np.ndarray, lr: float) -> GradientStep:
    """One plain gradient-descent update on a copy of ``net`` (``net`` is unchanged)."""
    if not (isinstance(lr, (int, float)) and np.isfinite(lr) and lr > 0):
        raise NetworkError("nn.bad_setting", name="lr", expected="a positive number", value=lr)
    X, Y = net._check(X, Y)
    alone = [] if net.batchnorm else [net.backprop(X[i:i + 1], Y[i:i + 1]) for i in range(len(X))]
    per_example = [net.gradient_list(r) for r in alone]
    record = net.backprop(X, Y)
    after = copy.deepcopy(net)
    after._tape = None
    rows = []
    for n, (name, p, g, q) in enumerate(zip(net.parameter_names, net.parameters, net.gradient_list(record),
                                            after.parameters)):
        q -= lr * g
        kind, layer = re.fullmatch(r"([a-zA-Z]+)(\d+)", name).groups()  # type: ignore[union-attr]
        for idx in np.ndindex(p.shape):
            rows.append(StepRow(kind, int(layer), idx, float(p[idx]), float(g[idx]), float(-lr * g[idx]),
                                float(q[idx]), tuple(float(e[n][idx]) for e in per_example)))
    scale = max(max(abs(r.gradient) for r in rows), 1e-300)
    difference = max((abs(r.example_mean - r.gradient) for r in rows if r.examples), default=0.0) / scale
    return GradientStep(float(lr), record.loss, after.cost(X, Y, training=True), rows, after, X, Y,
                        [r.loss for r in alone], difference)
