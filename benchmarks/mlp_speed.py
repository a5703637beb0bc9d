"""Issue 6 speed: one forward + backward of an MLP, adkit vs hand-written numpy and peers.

Workloads (as /work/shared/peer-benchmarks/w3_mlp.py measured the peers):

* small: 64-128-10, sigmoid hidden, identity output, MSE ½‖a − y‖² batch mean, batch 128, float64
* big:   784-512-512-10, same loss, batch 256, float32

Contenders: ``net.gradients`` (BP1–BP4), ``net.gradients(method="autodiff")``
(the generic array tape), hand-written numpy BP1–BP4 (the peers' reference),
PyTorch functional autograd and HIPS autograd (each skipped if not installed).
Then the digits training time: adkit's ``adkit mlp train`` default and the
same network in PyTorch.

Timing: warm-up, calls per block calibrated to ≥ 0.1 s, median of 15 blocks
with the cyclic GC off, like the peers' ``common.bench``.  Usage::

    python benchmarks/mlp_speed.py                                     # 2 threads, as the peers
    OPENBLAS_NUM_THREADS=1 BENCH_THREADS=1 python benchmarks/mlp_speed.py  # one core (busy machine)
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import per_call  # noqa: E402

from adkit.nn import MLP

#: PyTorch threads; match OPENBLAS_NUM_THREADS so both sides use the same cores.
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
CONFIGS = {"small": ([64, 128, 10], 128, "float64"), "big": ([784, 512, 512, 10], 256, "float32")}


def bench(fn: Callable[[], Any]) -> float:
    """Median seconds per call (15 blocks of ≥ 0.1 s, as the peers were measured)."""
    return per_call(fn, repeats=15, min_block=0.1, warmup=0.3)


def problem(config: str, seed: int = 0):
    sizes, batch, dtype = CONFIGS[config]
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((batch, sizes[0])).astype(dtype)
    Y = np.eye(sizes[-1])[rng.integers(0, sizes[-1], batch)].astype(dtype)
    net = MLP(sizes, activation="sigmoid", output_activation="identity", loss="mse", seed=seed, dtype=dtype)
    for b in net.biases:
        b += (0.1 * rng.standard_normal(b.shape)).astype(dtype)
    return net, X, Y


def numpy_bp(X, Y, Ws, bs):
    """The peers' hand-written BP1–BP4 (w3_mlp.py), row-major batch."""
    L, B = len(Ws), X.shape[0]
    acts, a = [X], X
    for l in range(L):
        z = a @ Ws[l].T + bs[l]
        a = 1.0 / (1.0 + np.exp(-z)) if l < L - 1 else z
        acts.append(a)
    diff = a - Y
    loss = 0.5 * np.sum(diff * diff) / B
    delta = diff / B
    grads = [None] * (2 * L)
    for l in range(L - 1, -1, -1):
        grads[2 * l] = delta.T @ acts[l]
        grads[2 * l + 1] = delta.sum(axis=0)
        if l > 0:
            a_prev = acts[l]
            delta = (delta @ Ws[l]) * (a_prev * (1.0 - a_prev))
    return loss, grads


def contenders(net: MLP, X: np.ndarray, Y: np.ndarray) -> dict[str, Callable[[], Any]]:
    out: dict[str, Callable[[], Any]] = {
        "adkit net.gradients (BP1–BP4)": lambda: net.gradients(X, Y),
        "adkit method=\"autodiff\" (array tape)": lambda: net.gradients(X, Y, method="autodiff"),
        "hand-written numpy BP1–BP4": lambda: numpy_bp(X, Y, net.weights, net.biases),
    }
    try:
        import torch

        torch.set_num_threads(THREADS)
        P = [torch.from_numpy(p.copy()).requires_grad_(True) for p in net.parameters]
        Xt, Yt = torch.from_numpy(X), torch.from_numpy(Y)
        L, B = net.layers, X.shape[0]

        def torch_step():
            a = Xt
            for l in range(L):
                z = torch.addmm(P[2 * l + 1], a, P[2 * l].t())
                a = torch.sigmoid(z) if l < L - 1 else z
            loss = 0.5 * ((a - Yt) ** 2).sum() / B
            return torch.autograd.grad(loss, P)

        out[f"PyTorch {torch.__version__} autograd.grad"] = torch_step
    except ImportError:
        print("PyTorch not installed: skipped", file=sys.stderr)
    try:
        import jax

        if X.dtype == np.float64:
            jax.config.update("jax_enable_x64", True)
        jnp = jax.numpy

        def jax_loss(P, Xj, Yj):
            a = Xj
            for l in range(len(P) // 2):
                z = a @ P[2 * l].T + P[2 * l + 1]
                a = jax.nn.sigmoid(z) if l < len(P) // 2 - 1 else z
            return 0.5 * jnp.sum((a - Yj) ** 2) / Xj.shape[0]

        vg = jax.jit(jax.value_and_grad(jax_loss))
        Pj, Xj, Yj = [jnp.asarray(p) for p in net.parameters], jnp.asarray(X), jnp.asarray(Y)
        jax.block_until_ready(vg(Pj, Xj, Yj))  # trace and compile outside the timing
        out[f"JAX {jax.__version__} jit(value_and_grad)"] = lambda: jax.block_until_ready(vg(Pj, Xj, Yj))
    except ImportError:
        print("JAX not installed: skipped", file=sys.stderr)
    try:
        import autograd
        import autograd.numpy as anp

        def loss_fn(P):
            a = X
            for l in range(len(P) // 2):
                z = anp.dot(a, P[2 * l].T) + P[2 * l + 1]
                a = 1.0 / (1.0 + anp.exp(-z)) if l < len(P) // 2 - 1 else z
            return 0.5 * anp.sum((a - Y) ** 2) / X.shape[0]

        grad = autograd.grad(loss_fn)
        params = net.parameters
        out["HIPS autograd"] = lambda: grad(params)
    except ImportError:
        print("autograd not installed: skipped", file=sys.stderr)
    return out


def check(net: MLP, X: np.ndarray, Y: np.ndarray) -> float:
    """Largest relative difference of adkit's two methods from float64 numpy BP."""
    ref = numpy_bp(X.astype(np.float64), Y.astype(np.float64), [w.astype(np.float64) for w in net.weights],
                   [b.astype(np.float64) for b in net.biases])[1]
    worst = 0.0
    for method in ("bp", "autodiff"):
        dW, db = net.gradients(X, Y, method=method)
        got = [g for pair in zip(dW, db) for g in pair]
        worst = max(worst, max(float(np.max(np.abs(g - r)) / np.max(np.abs(r))) for g, r in zip(got, ref)))
    return worst


def digits_training() -> dict[str, float]:
    from adkit.cli.mlp import TRAIN_DEFAULTS as d
    from adkit.nn import load_dataset, train

    data = load_dataset("digits", seed=0)
    hidden = int(d["hidden"])
    net = MLP([64, hidden, 10], activation=d["activation"], loss=d["loss"], seed=0)
    h = train(net, data.X_train, data.Y_train, optimizer="adam", lr=d["lr"], epochs=d["epochs"], batch=d["batch"],
              seed=0, X_test=data.X_test, Y_test=data.Y_test)
    result = {"adkit_s": h.seconds, "adkit_acc": h.test_accuracy}
    peer = MLP([64, 64, 10], activation="sigmoid", loss="softmax_ce", seed=0)
    hp = train(peer, data.X_train, data.Y_train, optimizer="adam", lr=0.01, epochs=50, batch=64, seed=0,
               X_test=data.X_test, Y_test=data.Y_test)
    result.update(adkit_peer_cfg_s=hp.seconds, adkit_peer_cfg_acc=hp.test_accuracy)
    try:
        import torch
    except ImportError:
        return result
    torch.set_num_threads(THREADS)
    torch.manual_seed(0)
    Xtr, Xte = torch.from_numpy(data.X_train.astype(np.float32)), torch.from_numpy(data.X_test.astype(np.float32))
    ytr, yte = torch.from_numpy(data.labels_train), torch.from_numpy(data.labels_test)
    for name, (h_, act, lr, batch) in {"torch": (hidden, torch.nn.ReLU, d["lr"], d["batch"]),
                                       "torch_peer_cfg": (64, torch.nn.Sigmoid, 0.01, 64)}.items():
        model = torch.nn.Sequential(torch.nn.Linear(64, h_), act(), torch.nn.Linear(h_, 10))
        opt = torch.optim.Adam(model.parameters(), lr=lr)
        g = torch.Generator().manual_seed(0)
        t0 = time.perf_counter()
        for _ in range(50):
            perm = torch.randperm(Xtr.shape[0], generator=g)
            for i in range(0, Xtr.shape[0], batch):
                idx = perm[i:i + batch]
                loss = torch.nn.functional.cross_entropy(model(Xtr[idx]), ytr[idx])
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
        result[f"{name}_s"] = time.perf_counter() - t0
        with torch.no_grad():
            result[f"{name}_acc"] = float((model(Xte).argmax(1) == yte).float().mean())
    return result


def main() -> None:
    for config in CONFIGS:
        net, X, Y = problem(config)
        sizes, batch, dtype = CONFIGS[config]
        print(f"\n{config}: {'-'.join(map(str, sizes))}, batch {batch}, {dtype}; "
              f"max relative difference from float64 numpy BP: {check(net, X, Y):.2g}")
        times = {name: bench(fn) for name, fn in contenders(net, X, Y).items()}
        base = times["hand-written numpy BP1–BP4"]
        for name, t in times.items():
            print(f"  {name:45s} {t * 1e6:10.1f} µs   {t / base:5.2f}× numpy")
    print("\ndigits, 50 epochs:")
    for key, value in digits_training().items():
        print(f"  {key:22s} {value:.4f}")


if __name__ == "__main__":
    main()
