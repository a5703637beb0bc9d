"""Fully connected networks and their gradients by the four equations BP1–BP4.

Notation (seed 001, Nielsen ch. 2): a⁽⁰⁾ = x, z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾,
a⁽ˡ⁾ = f(z⁽ˡ⁾), and C is the mean over the batch of the per-example loss.
Backpropagation, vectorised over the batch (rows):

* BP1  δ⁽ᴸ⁾ = ∇ₐC ⊙ f′(z⁽ᴸ⁾)            (softmax + cross-entropy: δ⁽ᴸ⁾ = (a⁽ᴸ⁾ − y)/m)
* BP2  δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ᵀ δ⁽ˡ⁺¹⁾) ⊙ f′(z⁽ˡ⁾)
* BP3  ∂C/∂b⁽ˡ⁾ = δ⁽ˡ⁾                    (summed over the batch)
* BP4  ∂C/∂W⁽ˡ⁾ = δ⁽ˡ⁾ a⁽ˡ⁻¹⁾ᵀ             (summed over the batch)

``method="autodiff"`` instead lowers the same network to an array-valued
Wengert list (:mod:`adkit.nn.tape`) and runs the generic reverse sweep; the
activations' f′ and the losses' ∇ₐC are read from the same registry records
(:mod:`adkit.nn.ops`), so the two methods share their local rules but not
their control flow.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from adkit.errors import NetworkError
from adkit.nn.ops import ARRAY_REGISTRY
from adkit.nn.tape import Tape

ACTIVATIONS = ("sigmoid", "tanh", "relu", "identity", "softmax")
LOSSES = ("mse", "bce", "softmax_ce")


@dataclass(frozen=True)
class Backprop:
    """Everything one BP1–BP4 pass computed, layer by layer (index 0 = layer 1)."""

    z: list[np.ndarray]      # z⁽¹⁾ … z⁽ᴸ⁾, each (batch, width)
    a: list[np.ndarray]      # a⁽⁰⁾ … a⁽ᴸ⁾
    delta: list[np.ndarray]  # δ⁽¹⁾ … δ⁽ᴸ⁾ (already divided by the batch size m)
    dW: list[np.ndarray]
    db: list[np.ndarray]
    loss: float


def _array(value: object, dtype: np.dtype, what: str) -> np.ndarray:
    try:
        return np.asarray(value, dtype=dtype)
    except (TypeError, ValueError):
        raise NetworkError("nn.weights_format", what=what, text=str(value)) from None


class MLP:
    """A multilayer perceptron ``sizes[0] → … → sizes[-1]``.

    Args:
        sizes: layer widths, input first (``[2, 2, 1]``).
        activation: hidden-layer activation (sigmoid, tanh, relu, identity).
        output_activation: the last layer's; ``softmax`` only with ``softmax_ce``,
            which is also what ``None`` picks for that loss (else identity).
        loss: ``mse`` (½‖y − a‖²), ``bce`` or ``softmax_ce``, each a batch mean.
        seed: weights are N(0, 1/fan_in), biases 0, from ``default_rng(seed)``.
        dtype: ``float64`` (default) or ``float32``.
        weights, biases: explicit values instead of random ones.
    """

    def __init__(self, sizes: Sequence[int], activation: str = "sigmoid", output_activation: str | None = "identity",
                 loss: str = "mse", seed: int | None = 0, dtype: str | type = "float64",
                 weights: Sequence[object] | None = None, biases: Sequence[object] | None = None) -> None:
        sizes = list(sizes)
        if len(sizes) < 2 or any(not isinstance(s, (int, np.integer)) or s < 1 for s in sizes):
            raise NetworkError("nn.sizes", sizes=sizes)
        if loss not in LOSSES:
            raise NetworkError("nn.unknown_loss", name=loss, known=", ".join(LOSSES))
        if output_activation is None or (loss == "softmax_ce" and output_activation == "identity"):
            output_activation = "softmax" if loss == "softmax_ce" else "identity"
        for name in (activation, output_activation):
            if name not in ACTIVATIONS:
                raise NetworkError("nn.unknown_activation", name=name, known=", ".join(ACTIVATIONS))
        if activation == "softmax" or (output_activation == "softmax") != (loss == "softmax_ce"):
            raise NetworkError("nn.softmax_pairing", activation=output_activation, loss=loss)
        if loss == "bce" and output_activation != "sigmoid":
            raise NetworkError("nn.bce_needs_unit_interval")
        self.sizes = [int(s) for s in sizes]
        self.activation = activation
        self.output_activation = output_activation
        self.loss = loss
        self.dtype = np.dtype(dtype)
        rng = np.random.default_rng(seed)
        shapes = list(zip(self.sizes[1:], self.sizes[:-1]))
        if weights is None:
            self.weights = [(rng.standard_normal(s) / np.sqrt(s[1])).astype(self.dtype) for s in shapes]
        else:
            if len(weights) != len(shapes):
                raise NetworkError("nn.weights_count", count=len(weights), layers=len(shapes))
            self.weights = [_array(w, self.dtype, f"W{l + 1}").reshape(s) if np.size(w) == s[0] * s[1]
                            else self._bad(f"W{l + 1}", np.shape(w), s) for l, (w, s) in enumerate(zip(weights, shapes))]
        if biases is None:
            self.biases = [np.zeros(n, dtype=self.dtype) for n in self.sizes[1:]]
        else:
            if len(biases) != len(shapes):
                raise NetworkError("nn.weights_count", count=len(biases), layers=len(shapes))
            self.biases = [_array(b, self.dtype, f"b{l + 1}").reshape(n) if np.size(b) == n
                           else self._bad(f"b{l + 1}", np.shape(b), (n,)) for l, (b, n) in enumerate(zip(biases, self.sizes[1:]))]
        self._tape: Tape | None = None
        self.last_backprop: Backprop | None = None

    @staticmethod
    def _bad(what: str, got: tuple, expected: tuple) -> np.ndarray:
        raise NetworkError("nn.shape", what=what, got=tuple(got), expected=tuple(expected))

    def __repr__(self) -> str:
        return (f"MLP({self.sizes}, activation={self.activation!r}, output_activation={self.output_activation!r}, "
                f"loss={self.loss!r})")

    @property
    def layers(self) -> int:
        return len(self.weights)

    @property
    def parameters(self) -> list[np.ndarray]:
        """[W1, b1, W2, b2, …]: the arrays themselves (optimizers update them in place)."""
        return [p for pair in zip(self.weights, self.biases) for p in pair]

    def activation_of(self, layer: int) -> str:
        """Activation name of layer ``layer`` (1-based)."""
        return self.output_activation if layer == self.layers else self.activation

    # ---- primal ------------------------------------------------------------
    def _check(self, X: np.ndarray, Y: np.ndarray | None) -> tuple[np.ndarray, np.ndarray | None]:
        X = np.asarray(X, dtype=self.dtype)
        if X.ndim == 1:
            X = X.reshape(1, -1)
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise NetworkError("nn.shape", what="X", got=X.shape, expected=("batch", self.sizes[0]))
        if Y is not None:
            Y = np.asarray(Y, dtype=self.dtype).reshape(X.shape[0], -1)
            if Y.shape[1] != self.sizes[-1]:
                raise NetworkError("nn.shape", what="Y", got=Y.shape, expected=(X.shape[0], self.sizes[-1]))
        return X, Y

    def forward(self, X: np.ndarray) -> np.ndarray:
        """The network's output a⁽ᴸ⁾ for a batch ``X`` of shape (batch, sizes[0])."""
        a, _ = self._check(X, None)
        for l, (W, b) in enumerate(zip(self.weights, self.biases), start=1):
            a = ARRAY_REGISTRY[self.activation_of(l)].evaluate(a @ W.T + b)
        return a

    predict = forward

    def cost(self, X: np.ndarray, Y: np.ndarray) -> float:
        """C: the batch mean of the per-example loss."""
        X, Y = self._check(X, Y)
        if self.loss == "softmax_ce":  # the loss takes the logits
            a = X
            for l, (W, b) in enumerate(zip(self.weights, self.biases), start=1):
                z = a @ W.T + b
                a = ARRAY_REGISTRY[self.activation_of(l)].evaluate(z)
            return float(ARRAY_REGISTRY["softmax_ce"].evaluate(z, Y))
        return float(ARRAY_REGISTRY[self.loss].evaluate(self.forward(X), Y))

    # ---- gradients ---------------------------------------------------------
    def gradients(self, X: np.ndarray, Y: np.ndarray, method: str = "bp") -> tuple[list[np.ndarray], list[np.ndarray]]:
        """(dW, db): ∂C/∂W⁽ˡ⁾ and ∂C/∂b⁽ˡ⁾ shaped like ``weights`` and ``biases``.

        ``method="bp"`` uses BP1–BP4 (and keeps z, a, δ in ``last_backprop``);
        ``method="autodiff"`` runs the reverse sweep of :meth:`tape`.
        """
        if method == "bp":
            record = self.backprop(X, Y)
            return record.dW, record.db
        if method == "autodiff":
            X, Y = self._check(X, Y)
            _, grads = self.tape().gradient(self.tape_inputs(X, Y))
            return ([grads[f"W{l}"] for l in range(1, self.layers + 1)],
                    [grads[f"b{l}"] for l in range(1, self.layers + 1)])
        raise NetworkError("nn.unknown_method", name=method)

    def backprop(self, X: np.ndarray, Y: np.ndarray) -> Backprop:
        """One forward pass and BP1–BP4, keeping every layer's z, a and δ."""
        X, Y = self._check(X, Y)
        zs, acts = [], [X]
        a = X
        for l, (W, b) in enumerate(zip(self.weights, self.biases), start=1):
            z = a @ W.T
            z += b
            a = ARRAY_REGISTRY[self.activation_of(l)].evaluate(z)
            zs.append(z)
            acts.append(a)
        L = self.layers
        if self.loss == "softmax_ce":
            loss_prim, loss_arg = ARRAY_REGISTRY["softmax_ce"], zs[-1]
        else:
            loss_prim, loss_arg = ARRAY_REGISTRY[self.loss], acts[-1]
        cost = loss_prim.evaluate(loss_arg, Y)
        one = np.asarray(1.0, dtype=self.dtype)
        grad = loss_prim.vjps[0](one, (loss_arg, Y), cost)          # ∇ₐC, or ∂C/∂z for softmax_ce
        delta = grad if self.loss == "softmax_ce" else self._times_fprime(grad, L, zs[-1], acts[-1])  # BP1
        deltas: list[np.ndarray] = [delta]
        dW: list[np.ndarray] = [None] * L  # type: ignore[list-item]
        db: list[np.ndarray] = [None] * L  # type: ignore[list-item]
        for l in range(L, 0, -1):
            dW[l - 1] = delta.T @ acts[l - 1]                        # BP4
            db[l - 1] = delta.sum(axis=0)                             # BP3
            if l > 1:
                delta = self._times_fprime(delta @ self.weights[l - 1], l - 1, zs[l - 2], acts[l - 1])  # BP2
                deltas.append(delta)
        deltas.reverse()
        record = Backprop(z=zs, a=acts, delta=deltas, dW=dW, db=db, loss=float(cost))
        self.last_backprop = record
        return record

    def _times_fprime(self, v: np.ndarray, layer: int, z: np.ndarray, a: np.ndarray) -> np.ndarray:
        name = self.activation_of(layer)
        if name == "identity":  # f′ = 1: skip a multiplication by ones
            return v
        return v * ARRAY_REGISTRY[name].derivative(z, a)

    # ---- the array Wengert list ------------------------------------------
    def tape(self) -> Tape:
        """The network as an array Wengert list over a0, y, W1, b1, … (built once)."""
        if self._tape is None:
            names = [n for l in range(1, self.layers + 1) for n in (f"W{l}", f"b{l}")]
            tape = Tape(["a0", "y", *names], variables=names)
            a = "a0"
            for l in range(1, self.layers + 1):
                s = tape.add(f"s{l}", "matmul_t", a, f"W{l}")
                z = tape.add(f"z{l}", "add_bias", s, f"b{l}")
                if l == self.layers and self.loss == "softmax_ce":
                    tape.add("C", "softmax_ce", z, "y")
                    break
                a = tape.add(f"a{l}", self.activation_of(l), z)
            else:
                tape.add("C", self.loss, a, "y")
            self._tape = tape
        return self._tape

    def tape_inputs(self, X: np.ndarray, Y: np.ndarray) -> dict[str, np.ndarray]:
        inputs = {"a0": X, "y": Y}
        for l, (W, b) in enumerate(zip(self.weights, self.biases), start=1):
            inputs[f"W{l}"] = W
            inputs[f"b{l}"] = b
        return inputs

    def finite_differences(self, X: np.ndarray, Y: np.ndarray, h: float = 1e-6) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Central differences (C(θ+h) − C(θ−h))/2h for every parameter; slow, for checks."""
        result = []
        for p in self.parameters:
            g = np.zeros_like(p)
            for idx in np.ndindex(p.shape):
                saved = p[idx]
                p[idx] = saved + h
                up = self.cost(X, Y)
                p[idx] = saved - h
                down = self.cost(X, Y)
                p[idx] = saved
                g[idx] = (up - down) / (2 * h)
            result.append(g)
        return result[0::2], result[1::2]


def collapse(net: MLP) -> tuple[np.ndarray, np.ndarray]:
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
