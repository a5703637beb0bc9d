"""The training loop: epochs of shuffled batches, one optimizer step per batch.

``batch=None`` is full-batch gradient descent, ``batch=1`` is SGD, anything
in between is mini-batch SGD; the data are reshuffled every epoch with a
generator seeded by ``seed``, so a run is reproducible.  The gradient of each
batch comes from :meth:`MLP.gradients` (BP1–BP4, or ``method="autodiff"``).
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import asdict, dataclass, field
from typing import Callable

import numpy as np

from adkit.errors import NetworkError
from adkit.nn.mlp import MLP
from adkit.nn.optimizers import OPTIMIZERS, Optimizer, make_optimizer

AUTO = "auto"


@dataclass
class History:
    """What a run produced: the mean training loss of every epoch and the final scores."""

    loss: list[float] = field(default_factory=list)
    train_accuracy: float = float("nan")
    test_accuracy: float = float("nan")
    train_loss: float = float("nan")
    test_loss: float = float("nan")
    epochs: int = 0
    seconds: float = 0.0
    optimizer: str = ""
    batch: int | None = None

    @property
    def final_loss(self) -> float:
        return self.loss[-1] if self.loss else float("nan")

    def to_dict(self) -> dict:
        data = asdict(self)
        data["final_loss"] = self.final_loss
        return data


def accuracy(net: MLP, X: np.ndarray, Y: np.ndarray) -> float:
    """Share of rows whose predicted class is right (argmax; one output: a > ½)."""
    out = net.forward(X)
    Y = np.asarray(Y).reshape(out.shape)
    if out.shape[1] == 1:
        return float(np.mean((out[:, 0] > 0.5) == (Y[:, 0] > 0.5)))
    return float(np.mean(out.argmax(axis=1) == Y.argmax(axis=1)))


def train(net: MLP, X: np.ndarray, Y: np.ndarray, optimizer: str | Optimizer = "adam", epochs: int = 50,
          batch: int | None | str = AUTO, lr: float | None = None, weight_decay: float = 0.0, seed: int = 0,
          X_test: np.ndarray | None = None, Y_test: np.ndarray | None = None, method: str = "bp",
          on_epoch: Callable[[int, float], None] | None = None, blas_threads: int | None = 1) -> History:
    """Train ``net`` in place and return its :class:`History`.

    Args:
        optimizer: a name from :data:`OPTIMIZERS` or an :class:`Optimizer`.
        batch: rows per step; ``None`` = the whole set; ``"auto"`` = the
            optimizer's default (gd: all, sgd: 1, others: 64).
        lr, weight_decay: passed to the optimizer when it is given by name.
        on_epoch: called with (epoch, mean loss) after every epoch (progress bars).
        blas_threads: BLAS threads during training when the optional
            ``threadpoolctl`` is installed (None: leave as is).  Small batches gain
            nothing from threads, and on a busy machine spinning BLAS threads
            made the digits default 10× slower.
    """
    with _blas_limit(blas_threads):
        return _train(net, X, Y, optimizer, epochs, batch, lr, weight_decay, seed, X_test, Y_test, method, on_epoch)


def _blas_limit(threads: int | None) -> contextlib.AbstractContextManager:
    if threads is None:
        return contextlib.nullcontext()
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(threads, user_api="blas")


def _train(net: MLP, X: np.ndarray, Y: np.ndarray, optimizer: str | Optimizer, epochs: int, batch: int | None | str,
           lr: float | None, weight_decay: float, seed: int, X_test: np.ndarray | None, Y_test: np.ndarray | None,
           method: str, on_epoch: Callable[[int, float], None] | None) -> History:
    opt = make_optimizer(optimizer, lr=lr, weight_decay=weight_decay)
    X, Y = net._check(X, Y)
    n = X.shape[0]
    if batch == AUTO:
        batch = OPTIMIZERS.get(opt.name, 64)
    if batch is None:
        batch = n
    if not isinstance(batch, (int, np.integer)) or batch < 1:
        raise NetworkError("nn.bad_setting", name="batch", expected="a positive whole number", value=batch)
    if not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise NetworkError("nn.bad_setting", name="epochs", expected="zero or a positive whole number", value=epochs)
    rng = np.random.default_rng(seed)
    history = History(optimizer=opt.name, batch=int(batch))
    params = net.parameters
    start = time.perf_counter()
    for epoch in range(1, epochs + 1):
        order = rng.permutation(n) if batch < n else np.arange(n)
        total = 0.0
        for i in range(0, n, batch):
            rows = order[i:i + batch]
            Xb, Yb = X[rows], Y[rows]
            if method == "bp":
                record = net.backprop(Xb, Yb)
                dW, db, loss = record.dW, record.db, record.loss
            else:
                loss = net.cost(Xb, Yb)
                dW, db = net.gradients(Xb, Yb, method=method)
            opt.step(params, [g for pair in zip(dW, db) for g in pair])
            total += loss * len(rows)
        history.loss.append(total / n)
        if on_epoch is not None:
            on_epoch(epoch, history.loss[-1])
    history.seconds = time.perf_counter() - start
    history.epochs = epochs
    history.train_accuracy = accuracy(net, X, Y)
    history.train_loss = net.cost(X, Y)
    if X_test is not None and Y_test is not None:
        history.test_accuracy = accuracy(net, X_test, Y_test)
        history.test_loss = net.cost(X_test, Y_test)
    return history
