"""adkit.nn: multilayer perceptrons, BP1–BP4 checked against an array tape, training.

Public API::

    MLP(sizes, activation=..., output_activation=..., loss=..., seed=...)
    net.gradients(X, Y) / net.gradients(X, Y, method="autodiff")
    collapse(net)                    # Theorem 3.1: identity layers → one layer
    train(net, X, Y, optimizer=..., epochs=..., batch=...) -> History
    load_dataset("digits" | "xor" | "moons", seed=0) -> Dataset
    ARRAY_REGISTRY                   # the array primitives (jvp and vjp per record)
"""

from __future__ import annotations

from adkit.nn.datasets import DATASETS, Dataset, load_dataset
from adkit.nn.mlp import ACTIVATIONS, LOSSES, MLP, Backprop, collapse
from adkit.nn.ops import ARRAY_REGISTRY, ArrayPrimitive
from adkit.nn.optimizers import OPTIMIZERS, Optimizer, make_optimizer
from adkit.nn.tape import ArrayStep, Tape
from adkit.nn.train import History, accuracy, train

__all__ = [
    "ACTIVATIONS", "ARRAY_REGISTRY", "ArrayPrimitive", "ArrayStep", "Backprop", "DATASETS", "Dataset",
    "History", "LOSSES", "MLP", "OPTIMIZERS", "Optimizer", "Tape", "accuracy", "collapse", "load_dataset",
    "make_optimizer", "train",
]
