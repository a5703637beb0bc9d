"""adkit.nn: multilayer perceptrons, BP1–BP4 checked against an array tape, training.

Public API::

    MLP(sizes, activation=..., output_activation=..., loss=..., seed=..., layout="out-in"|"in-out",
        batchnorm=False, delta=1.0)
    net.gradients(X, Y) / net.gradients(X, Y, method="autodiff")
    collapse(net)                    # Theorem 3.1: identity layers → one layer
    train(net, X, Y, optimizer=..., epochs=..., batch=..., schedule=...) -> History (diverged, learning_rates)
    Schedule(name, drop=, every=, decay=, min_lr=)     # learning-rate schedules
    layer_norms(net, X, Y) / norm_profile(...)         # ‖δ⁽ˡ⁾‖, ‖∂C/∂W⁽ˡ⁾‖ per layer
    gradient_step(net, X, Y, lr)                       # one update, parameter by parameter
    load_dataset("digits" | "xor" | "moons", seed=0) -> Dataset
    ARRAY_REGISTRY                   # the array primitives (jvp and vjp per record)
"""

from __future__ import annotations

try:
    import numpy  # noqa: F401 - every module below is built on it
except ImportError:  # e.g. in the browser: say so, not a traceback from deep inside
    from adkit.messages import message

    raise ModuleNotFoundError(message("nn.needs_numpy"), name="numpy") from None

from adkit.nn.datasets import DATASETS, Dataset, load_dataset
from adkit.nn.layout import LAYOUTS
from adkit.nn.checks import collapse
from adkit.nn.mlp import ACTIVATIONS, LOSSES, MLP, Backprop
from adkit.nn.norms import gradient_step, layer_norms, norm_profile
from adkit.nn.ops import ARRAY_REGISTRY, ArrayPrimitive
from adkit.nn.optimizers import OPTIMIZERS, Optimizer, make_optimizer
from adkit.nn.schedules import SCHEDULES, Schedule
from adkit.nn.tape import ArrayStep, Tape
from adkit.nn.train import History, accuracy, train

__all__ = [
    "ACTIVATIONS", "ARRAY_REGISTRY", "ArrayPrimitive", "ArrayStep", "Backprop", "DATASETS", "Dataset",
    "History", "LAYOUTS", "LOSSES", "MLP", "OPTIMIZERS", "Optimizer", "SCHEDULES", "Schedule", "Tape", "accuracy",
    "collapse", "gradient_step", "layer_norms", "load_dataset", "make_optimizer", "norm_profile", "train",
]
