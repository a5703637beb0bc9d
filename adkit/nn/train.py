"""The training loop: epochs of shuffled batches, one optimizer step per batch.

``batch=None`` is full-batch gradient descent, ``batch=1`` is SGD, anything
in between is mini-batch SGD; the data are reshuffled every epoch with a
generator seeded by ``seed``, so a run is reproducible.  The ``gd``
optimizer is full-batch by definition (its default batch in
:data:`~adkit.nn.optimizers.OPTIMIZERS` is None) and refuses a batch size;
:func:`batch_plan` says how an epoch splits the rows.  The gradient of each
batch comes from :meth:`MLP.gradients` (BP1–BP4, or ``method="autodiff"``).
A :class:`~adkit.nn.schedules.Schedule` sets the rate at every epoch's start.

Divergence: when a batch's loss is NaN or ±inf the run stops at once; the
network keeps the parameters that produced the last finite loss and the
history says where (``diverged``, ``diverged_at``).  Floating-point warnings
are silenced during the run because the loss check reports the problem.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import asdict, dataclass, field
from typing import Callable

import numpy as np
from threadpoolctl import threadpool_limits

from adkit.errors import NetworkError
from adkit.nn.mlp import MLP
from adkit.nn.optimizers import OPTIMIZERS, Optimizer, make_optimizer
from adkit.nn.schedules import Schedule, make_schedule

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
    batches_per_epoch: int = 0  # optimizer steps in one full epoch
    learning_rates: list[float] = field(default_factory=list)
    diverged: bool = False
    diverged_at: tuple[int, int] | None = None  # (epoch, step within the epoch), both from 1
    diverged_loss: float | None = None

    @property
    def final_loss(self) -> float:
        return self.loss[-1] if self.loss else float("nan")

    def to_dict(self) -> dict:
        data = asdict(self)
        data["final_loss"] = self.final_loss
        return data


@dataclass(frozen=True)
class BatchPlan:
    """One epoch: ``batches`` optimizer steps of ``size`` rows each, the last of ``last`` rows."""

    size: int
    batches: int
    last: int


def batch_plan(optimizer: str, batch: int | None | str, rows: int, batchnorm: bool = False) -> BatchPlan:
    """How ``train`` splits ``rows`` training rows into batches (``batch`` as :func:`train` takes it).

    With batch normalization a last batch of one row is skipped (it has no
    batch statistics), so it is not counted.
    """
    default = OPTIMIZERS.get(optimizer, 64)
    if default is None and batch not in (AUTO, None):
        raise NetworkError("nn.full_batch_only", optimizer=optimizer, batch=batch)
    size = default if batch == AUTO else batch
    size = rows if size is None else size
    if not isinstance(size, (int, np.integer)) or size < 1:
        raise NetworkError("nn.bad_setting", name="batch", expected="a positive whole number", value=batch)
    batches, last = -(-rows // size), rows - (-(-rows // size) - 1) * size
    if batchnorm and last == 1 and batches > 1:
        batches, last = batches - 1, size
    return BatchPlan(int(size), int(batches), int(last))


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
          on_epoch: Callable[[int, float], None] | None = None, blas_threads: int | None = 1,
          schedule: str | Schedule | None = None) -> History:
    """Train ``net`` in place and return its :class:`History`.

    Args:
        optimizer: a name from :data:`OPTIMIZERS` or an :class:`Optimizer`.
        batch: rows per step; ``None`` = the whole set; ``"auto"`` = the
            optimizer's default (gd: all, sgd: 1, others: 64).
        lr, weight_decay: passed to the optimizer when it is given by name.
        on_epoch: called with (epoch, mean loss) after every epoch (progress bars).
        schedule: a name from :data:`~adkit.nn.schedules.SCHEDULES` (its default
            parameters) or a :class:`~adkit.nn.schedules.Schedule`.
        blas_threads: BLAS threads during training, set with threadpoolctl
            (None: leave as is).  Small batches gain
            nothing from threads, and on a busy machine spinning BLAS threads
            made the digits default 10× slower.
    """
    with blas_limit(blas_threads), np.errstate(all="ignore"):
        return _train(net, X, Y, optimizer, epochs, batch, lr, weight_decay, seed, X_test, Y_test, method, on_epoch,
                      make_schedule(schedule))


def blas_limit(threads: int | None) -> contextlib.AbstractContextManager:
    """BLAS limited to ``threads`` threads inside the block (None: as it is)."""
    if threads is None:
        return contextlib.nullcontext()
    return threadpool_limits(threads, user_api="blas")


def _train(net: MLP, X: np.ndarray, Y: np.ndarray, optimizer: str | Optimizer, epochs: int, batch: int | None | str,
           lr: float | None, weight_decay: float, seed: int, X_test: np.ndarray | None, Y_test: np.ndarray | None,
           method: str, on_epoch: Callable[[int, float], None] | None, schedule: Schedule) -> History:
    opt = make_optimizer(optimizer, lr=lr, weight_decay=weight_decay)
    base_lr = opt.lr
    X, Y = net._check(X, Y)
    n = X.shape[0]
    plan = batch_plan(opt.name, batch, n, net.batchnorm)
    batch = plan.size
    if not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise NetworkError("nn.bad_setting", name="epochs", expected="zero or a positive whole number", value=epochs)
    if net.batchnorm and min(batch, n) < 2:
        raise NetworkError("nn.batchnorm_batch", batch=min(batch, n))
    rng = np.random.default_rng(seed)
    history = History(optimizer=opt.name, batch=plan.size, batches_per_epoch=plan.batches)
    params = net.parameters
    state = params + net.running_mean + net.running_var
    kept = [p.copy() for p in state]  # the parameters (and statistics) of the last finite loss
    start = time.perf_counter()
    for epoch in range(1, epochs + 1):
        opt.lr = schedule.rate(base_lr, epoch - 1, epochs)
        history.learning_rates.append(opt.lr)
        order = rng.permutation(n) if batch < n else np.arange(n)
        total, seen = 0.0, 0
        for step, i in enumerate(range(0, n, batch), start=1):
            rows = order[i:i + batch]
            if net.batchnorm and len(rows) < 2:  # a last batch of one row has no batch statistics
                continue
            Xb, Yb = X[rows], Y[rows]
            if method == "bp":
                record = net.backprop(Xb, Yb, update_statistics=True)
                grads, loss = net.gradient_list(record), record.loss
            else:
                loss = net.cost(Xb, Yb, training=True)
                named = net.tape_gradients(Xb, Yb)
                if net.batchnorm:
                    net.backprop(Xb, Yb, update_statistics=True)  # the running statistics
                grads = [named[name] for name in net.parameter_names]
            if not np.isfinite(loss):
                for p, saved in zip(state, kept):
                    p[...] = saved
                history.diverged, history.diverged_at, history.diverged_loss = True, (epoch, step), float(loss)
                break
            for p, saved in zip(state, kept):
                saved[...] = p
            opt.step(params, grads)
            total += loss * len(rows)
            seen += len(rows)
        if history.diverged:
            break
        history.loss.append(total / max(seen, 1))
        if on_epoch is not None:
            on_epoch(epoch, history.loss[-1])
    history.seconds = time.perf_counter() - start
    history.epochs = len(history.loss)
    history.train_accuracy = accuracy(net, X, Y)
    history.train_loss = net.cost(X, Y)
    if X_test is not None and Y_test is not None:
        history.test_accuracy = accuracy(net, X_test, Y_test)
        history.test_loss = net.cost(X_test, Y_test)
    return history
