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

from typing import Sequence

import numpy as np

from adkit.errors import NetworkError
from adkit.nn.backprop import Backprop, backprop, gradients as bp_gradients
from adkit.nn.batchnorm import BATCHNORM, normalise, update_running
from adkit.nn.checks import numeric_gradients
from adkit.nn.layout import LAYOUTS, read_biases, read_weights
from adkit.nn.ops import ARRAY_REGISTRY, ArrayPrimitive
from adkit.nn.tape import Tape

ACTIVATIONS = ("sigmoid", "tanh", "relu", "identity", "softmax")
#: mse = mean of ½‖y − a‖² (adkit, Nielsen); sse_mean = mean of ‖y − a‖² (seed 001's J); huber needs δ.
LOSSES = ("mse", "sse_mean", "huber", "bce", "softmax_ce")


def _in_parameter_order(weights: Sequence, biases: Sequence, gammas: Sequence, betas: Sequence) -> list:
    """Per-layer items as [W1, b1, (γ1, β1,) W2, b2, …]: γ and β for the first len(gammas) layers."""
    out: list = []
    for l, (W, b) in enumerate(zip(weights, biases)):
        out += [W, b] + ([gammas[l], betas[l]] if l < len(gammas) else [])
    return out


class MLP:
    """A multilayer perceptron ``sizes[0] → … → sizes[-1]``.

    Args:
        sizes: layer widths, input first (``[2, 2, 1]``).
        activation: hidden-layer activation (sigmoid, tanh, relu, identity).
        output_activation: the last layer's; ``softmax`` only with ``softmax_ce``,
            which is also what ``None`` picks for that loss (else identity).
        loss: ``mse`` (½‖y − a‖²), ``sse_mean`` (‖y − a‖²), ``huber`` (with
            ``delta``), ``bce`` or ``softmax_ce``, each a batch mean.
        seed: weights are N(0, 1/fan_in), biases 0, from ``default_rng(seed)``.
        dtype: ``float64`` (default) or ``float32``.
        weights, biases: explicit values instead of random ones; ``layout``
            says how W is written: ``"out-in"`` (outputs, inputs), z = W a + b,
            or ``"in-out"`` (inputs, outputs), the notes' Z = X·W + b.
        batchnorm: a batch-normalization step between z and f in every hidden layer.
        delta: the Huber loss's δ.
    """

    def __init__(self, sizes: Sequence[int], activation: str = "sigmoid", output_activation: str | None = "identity",
                 loss: str = "mse", seed: int | None = 0, dtype: str | type = "float64",
                 weights: Sequence[object] | None = None, biases: Sequence[object] | None = None,
                 layout: str = "out-in", batchnorm: bool = False, delta: float = 1.0) -> None:
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
        if not (isinstance(delta, (int, float)) and np.isfinite(delta) and delta > 0):
            raise NetworkError("nn.bad_setting", name="delta", expected="a positive number", value=delta)
        self.sizes = [int(s) for s in sizes]
        self.activation = activation
        self.output_activation = output_activation
        self.loss = loss
        self.delta = float(delta)
        self.dtype = np.dtype(dtype)
        self.layout = layout
        rng = np.random.default_rng(seed)
        shapes = list(zip(self.sizes[1:], self.sizes[:-1]))
        if weights is None:
            if layout not in LAYOUTS:
                raise NetworkError("nn.unknown_layout", name=layout, known=", ".join(LAYOUTS))
            self.weights = [(rng.standard_normal(s) / np.sqrt(s[1])).astype(self.dtype) for s in shapes]
        else:
            self.weights = read_weights(weights, self.sizes, layout, self.dtype)
        if biases is None:
            self.biases = [np.zeros(n, dtype=self.dtype) for n in self.sizes[1:]]
        else:
            self.biases = read_biases(biases, self.sizes, self.dtype)
        self.batchnorm = bool(batchnorm)
        hidden = self.sizes[1:-1] if self.batchnorm else []
        self.gammas = [np.ones(n, dtype=self.dtype) for n in hidden]
        self.betas = [np.zeros(n, dtype=self.dtype) for n in hidden]
        self.running_mean = [np.zeros(n, dtype=self.dtype) for n in hidden]
        self.running_var = [np.ones(n, dtype=self.dtype) for n in hidden]
        self._tape: Tape | None = None
        self.last_backprop: Backprop | None = None

    def __repr__(self) -> str:
        extra = (", batchnorm=True" if self.batchnorm else "") + (f", delta={self.delta:g}" if self.loss == "huber" else "")
        return (f"MLP({self.sizes}, activation={self.activation!r}, output_activation={self.output_activation!r}, "
                f"loss={self.loss!r}{extra})")

    @property
    def layers(self) -> int:
        return len(self.weights)

    @property
    def parameters(self) -> list[np.ndarray]:
        """[W1, b1, (γ1, β1,) W2, b2, …]: the arrays themselves (optimizers update them in place)."""
        return _in_parameter_order(self.weights, self.biases, self.gammas, self.betas)

    @property
    def parameter_names(self) -> list[str]:
        layers, normalised = range(1, self.layers + 1), range(1, len(self.gammas) + 1)
        return _in_parameter_order([f"W{l}" for l in layers], [f"b{l}" for l in layers],
                                   [f"gamma{l}" for l in normalised], [f"beta{l}" for l in normalised])

    def _named(self) -> dict[str, np.ndarray]:
        return dict(zip(self.parameter_names, self.parameters))

    def gradient_list(self, record: Backprop) -> list[np.ndarray]:
        """The gradients of one :class:`Backprop`, aligned with :attr:`parameters`."""
        return _in_parameter_order(record.dW, record.db, record.dgamma, record.dbeta)

    def activation_of(self, layer: int) -> str:
        """Activation name of layer ``layer`` (1-based)."""
        return self.output_activation if layer == self.layers else self.activation

    def _activations(self) -> list[str]:
        return [self.activation_of(l) for l in range(1, self.layers + 1)]

    # ---- primal ------------------------------------------------------------
    def _check(self, X: np.ndarray, Y: np.ndarray | None) -> tuple[np.ndarray, np.ndarray | None]:
        X = np.asarray(X, dtype=self.dtype)
        if X.ndim == 1:
            X = X.reshape(1, -1)
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise NetworkError("nn.shape", what="X", got=X.shape, expected=("batch", self.sizes[0]))
        if Y is not None:
            Y = np.asarray(Y, dtype=self.dtype)
            expected = (X.shape[0], self.sizes[-1])
            if Y.ndim == 1 and 1 in expected and Y.size == max(expected):  # one output, or one example
                Y = Y.reshape(expected)
            if Y.shape != expected:
                raise NetworkError("nn.shape", what="Y", got=Y.shape, expected=(X.shape[0], self.sizes[-1]))
        return X, Y

    def _layers(self, X: np.ndarray, training: bool, update: bool = False) -> tuple[list, list, list]:
        """(z⁽ˡ⁾, u⁽ˡ⁾, a⁽ˡ⁾) for every layer; u = z unless batch-normalized (training: batch statistics)."""
        if training and self.batchnorm and X.shape[0] < 2:
            raise NetworkError("nn.batchnorm_batch", batch=X.shape[0])
        zs, us, acts = [], [], [X]
        a = X
        for l, (W, b) in enumerate(zip(self.weights, self.biases), start=1):
            z = a @ W.T
            z += b
            u = z
            if l <= len(self.gammas):
                k = l - 1
                if training:
                    u = BATCHNORM.evaluate(z, self.gammas[k], self.betas[k])
                    if update:
                        update_running(z, self.running_mean[k], self.running_var[k])
                else:
                    u = normalise(z, self.gammas[k], self.betas[k], self.running_mean[k], self.running_var[k])
            a = ARRAY_REGISTRY[self.activation_of(l)].evaluate(u)
            zs.append(z)
            us.append(u)
            acts.append(a)
        return zs, us, acts

    def forward(self, X: np.ndarray, training: bool = False) -> np.ndarray:
        """The network's output a⁽ᴸ⁾ for a batch ``X`` of shape (batch, sizes[0]).

        Batch normalization uses the running statistics unless ``training``.
        """
        X, _ = self._check(X, None)
        return self._layers(X, training)[2][-1]

    predict = forward

    def _loss(self, us: list, acts: list, Y: np.ndarray) -> tuple[ArrayPrimitive, tuple]:
        """The loss record and its arguments: (a⁽ᴸ⁾, y[, δ]), or the logits for softmax_ce."""
        if self.loss == "softmax_ce":  # the loss takes the logits
            return ARRAY_REGISTRY["softmax_ce"], (us[-1], Y)
        extra = (np.asarray(self.delta, dtype=self.dtype),) if self.loss == "huber" else ()
        return ARRAY_REGISTRY[self.loss], (acts[-1], Y, *extra)

    def cost(self, X: np.ndarray, Y: np.ndarray, training: bool = False) -> float:
        """C: the batch mean of the per-example loss (``training``: batch statistics in batch norm)."""
        X, Y = self._check(X, Y)
        _, us, acts = self._layers(X, training)
        prim, args = self._loss(us, acts, Y)
        return float(prim.evaluate(*args))

    # ---- gradients ---------------------------------------------------------
    def gradients(self, X: np.ndarray, Y: np.ndarray, method: str = "bp") -> tuple[list[np.ndarray], list[np.ndarray]]:
        """(dW, db): ∂C/∂W⁽ˡ⁾ and ∂C/∂b⁽ˡ⁾ shaped like ``weights`` and ``biases``.

        ``method="bp"`` uses BP1–BP4 without keeping z, a, δ (:meth:`backprop`
        keeps them, with the same arrays bit for bit); ``method="autodiff"``
        runs the reverse sweep of :meth:`tape`.
        """
        if method == "bp" and self.batchnorm:  # BN1–BN3 take the batch statistics the record keeps
            record = self.backprop(X, Y)
            return record.dW, record.db
        if method == "bp":
            X, Y = self._check(X, Y)
            one = np.asarray(1.0, dtype=self.dtype)

            def loss_gradient(u: np.ndarray, a: np.ndarray) -> np.ndarray:
                prim, args = self._loss([u], [a], Y)
                return prim.vjps[0](one, args, None)  # the losses' adjoint rules never read C itself

            return bp_gradients(X, self.weights, self.biases, self._activations(), loss_gradient,
                                self.loss == "softmax_ce")
        if method == "autodiff":
            grads = self.tape_gradients(X, Y)
            return ([grads[f"W{l}"] for l in range(1, self.layers + 1)],
                    [grads[f"b{l}"] for l in range(1, self.layers + 1)])
        raise NetworkError("nn.unknown_method", name=method)

    def tape_gradients(self, X: np.ndarray, Y: np.ndarray) -> dict[str, np.ndarray]:
        """Every parameter's gradient by the array tape's reverse sweep, by name."""
        X, Y = self._check(X, Y)
        return self.tape().gradient(self.tape_inputs(X, Y))[1]

    def backprop(self, X: np.ndarray, Y: np.ndarray, update_statistics: bool = False) -> Backprop:
        """One forward pass and BP1–BP4 (:mod:`adkit.nn.backprop`), keeping every layer's z, a and δ.

        With batch normalization the batch's statistics are used (training
        mode); ``update_statistics`` also moves the running estimates.
        """
        X, Y = self._check(X, Y)
        zs, us, acts = self._layers(X, training=True, update=update_statistics)
        loss_prim, loss_args = self._loss(us, acts, Y)
        record = backprop(zs, us, acts, self.weights, self.gammas, self.betas, self._activations(), loss_prim, loss_args,
                          logits=self.loss == "softmax_ce")
        self.last_backprop = record
        return record

    # ---- the array Wengert list ------------------------------------------
    def tape(self) -> Tape:
        """The network as an array Wengert list over a0, y, W1, b1, … (built once)."""
        if self._tape is None:
            names = self.parameter_names
            constants = ["a0", "y"] + (["delta"] if self.loss == "huber" else [])
            tape = Tape([*constants, *names], variables=names)
            a = "a0"
            for l in range(1, self.layers + 1):
                s = tape.add(f"s{l}", "matmul_t", a, f"W{l}")
                z = tape.add(f"z{l}", "add_bias", s, f"b{l}")
                if l <= len(self.gammas):
                    z = tape.add(f"u{l}", "batchnorm", z, f"gamma{l}", f"beta{l}")
                if l == self.layers and self.loss == "softmax_ce":
                    tape.add("C", "softmax_ce", z, "y")
                    break
                a = tape.add(f"a{l}", self.activation_of(l), z)
            else:
                tape.add("C", self.loss, a, "y", *constants[2:])
            self._tape = tape
        return self._tape

    def tape_inputs(self, X: np.ndarray, Y: np.ndarray) -> dict[str, np.ndarray]:
        inputs = {"a0": X, "y": Y, **self._named()}
        if self.loss == "huber":
            inputs["delta"] = np.asarray(self.delta, dtype=self.dtype)
        return inputs

    def numeric_gradients(self, X: np.ndarray, Y: np.ndarray, h: float = 1e-6) -> list[np.ndarray]:
        """Central differences for every parameter (training-mode cost); see :mod:`adkit.nn.checks`."""
        return numeric_gradients(self, X, Y, h)

    def finite_differences(self, X: np.ndarray, Y: np.ndarray, h: float = 1e-6) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """(dW, db) by central differences (see :meth:`numeric_gradients`)."""
        named = dict(zip(self.parameter_names, self.numeric_gradients(X, Y, h)))
        return ([named[f"W{l}"] for l in range(1, self.layers + 1)], [named[f"b{l}"] for l in range(1, self.layers + 1)])
