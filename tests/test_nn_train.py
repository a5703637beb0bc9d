"""Optimizers, the training loop, the data sets and the ``adkit mlp`` command."""

from __future__ import annotations

import json

import numpy as np
import pytest

from adkit.errors import NetworkError
from adkit.nn import MLP, load_dataset, make_optimizer, train
from adkit.nn.datasets import digits_raw
from helpers import run_cli

A = np.array([[3.0, 0.0], [0.0, 0.5]])  # f(θ) = ½ θᵀAθ, ∇f = Aθ


def _run(name: str, steps: int, **kwargs) -> list[np.ndarray]:
    opt = make_optimizer(name, **kwargs)
    theta = np.array([[1.0, -2.0]])  # 2-D: a "weight", so weight decay applies
    path = [theta.copy()]
    for _ in range(steps):
        opt.step([theta], [theta @ A])
        path.append(theta.copy())
    return path


def test_gradient_descent_step() -> None:
    path = _run("gd", 2, lr=0.1)
    t0 = np.array([[1.0, -2.0]])
    t1 = t0 - 0.1 * t0 @ A
    assert np.allclose(path[1], t1, rtol=1e-15) and np.allclose(path[2], t1 - 0.1 * t1 @ A, rtol=1e-15)


def test_momentum_and_nesterov_steps() -> None:
    t0 = np.array([[1.0, -2.0]])
    mu, lr = 0.9, 0.1
    g0 = t0 @ A
    v1 = g0
    t1 = t0 - lr * v1
    g1 = t1 @ A
    v2 = mu * v1 + g1
    assert np.allclose(_run("momentum", 2, lr=lr)[2], t1 - lr * v2, rtol=1e-15)
    n1 = t0 - lr * (g0 + mu * g0)
    h1 = n1 @ A
    w2 = mu * g0 + h1
    assert np.allclose(_run("nesterov", 2, lr=lr)[2], n1 - lr * (h1 + mu * w2), rtol=1e-15)


def test_adam_first_step_moves_by_lr_times_sign() -> None:
    path = _run("adam", 1, lr=0.01)
    g = np.array([[3.0, -1.0]])
    assert np.allclose(path[1] - path[0], -0.01 * g / (np.abs(g) + 1e-8), rtol=1e-12)


def test_weight_decay_adds_lambda_theta_to_weights_only() -> None:
    opt = make_optimizer("gd", lr=0.1, weight_decay=0.5)
    W, b = np.array([[2.0]]), np.array([2.0])
    opt.step([W, b], [np.zeros((1, 1)), np.zeros(1)])
    assert W[0, 0] == pytest.approx(2.0 - 0.1 * 0.5 * 2.0) and b[0] == 2.0


@pytest.mark.parametrize("name", ["gd", "sgd", "minibatch", "momentum", "nesterov", "adam"])
def test_every_optimizer_minimises_the_quadratic(name: str) -> None:
    lr = {"adam": 0.05}.get(name, 0.1)
    assert np.linalg.norm(_run(name, 300, lr=lr)[-1]) < 1e-2


def test_unknown_optimizer_and_bad_settings() -> None:
    with pytest.raises(NetworkError, match="unknown optimizer 'rmsprop'"):
        make_optimizer("rmsprop")
    with pytest.raises(NetworkError, match="lr must be a positive number"):
        make_optimizer("adam", lr=-1.0)


def test_training_is_reproducible_by_seed() -> None:
    data = load_dataset("moons", seed=0)

    def run(seed: int) -> list[float]:
        net = MLP([2, 8, 2], activation="tanh", loss="softmax_ce", seed=seed)
        return train(net, data.X_train, data.Y_train, optimizer="adam", epochs=5, batch=16, seed=seed).loss

    assert run(0) == run(0)
    assert run(0) != run(1)


@pytest.mark.parametrize("optimizer,batch", [("gd", None), ("sgd", 1), ("minibatch", 16), ("nesterov", 32)])
def test_xor_is_learned(optimizer: str, batch: int | None) -> None:
    data = load_dataset("xor", seed=0)
    net = MLP([2, 16, 2], activation="tanh", loss="softmax_ce", seed=0)
    epochs = 300 if batch is None else 40
    h = train(net, data.X_train, data.Y_train, optimizer=optimizer, batch=batch, epochs=epochs, lr=0.5 if batch is None else 0.1,
              X_test=data.X_test, Y_test=data.Y_test)
    assert h.loss[-1] < h.loss[0]
    assert h.test_accuracy >= 0.9


def test_training_with_the_tape_matches_training_with_bp() -> None:
    data = load_dataset("moons", seed=1)
    histories = []
    for method in ("bp", "autodiff"):
        net = MLP([2, 6, 2], activation="sigmoid", loss="softmax_ce", seed=0)
        histories.append(train(net, data.X_train, data.Y_train, epochs=3, batch=20, method=method).loss)
    assert np.allclose(histories[0], histories[1], rtol=1e-12)


def test_digits_ship_with_the_package() -> None:
    X, labels = digits_raw()
    assert X.shape == (1797, 64) and X.min() == 0 and X.max() == 16
    assert np.bincount(labels).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    d = load_dataset("digits")
    assert d.X_train.shape == (1438, 64) and d.X_test.shape == (359, 64)
    assert np.allclose(d.X_train.mean(axis=0), 0, atol=1e-12)


def test_unknown_dataset() -> None:
    with pytest.raises(NetworkError, match="unknown dataset 'mnist'"):
        load_dataset("mnist")


# ---- the command ------------------------------------------------------------
def test_mlp_train_digits_defaults_reach_97_percent() -> None:
    status, out, _ = run_cli("mlp", "train", "--format", "json")
    assert status == 0
    report = json.loads(out)
    assert list(report)[-5:] == ["test_accuracy", "train_accuracy", "final_loss", "epochs", "seconds"]
    assert report["test_accuracy"] >= 0.97
    assert report["settings"]["dataset"] == "digits"


def test_mlp_train_table_and_progress() -> None:
    status, out, err = run_cli("mlp", "train", "--dataset", "xor", "--hidden", "8", "--epochs", "3", "--activation", "tanh")
    assert status == 0
    assert "test accuracy" in out and "3 epochs" in out
    assert "epoch" in err


def test_mlp_plot_saves_or_explains(tmp_path) -> None:
    target = tmp_path / "loss.png"
    status, _, err = run_cli("mlp", "train", "--dataset", "xor", "--epochs", "2", "--plot", str(target), "--no-progress")
    assert status == 0
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert "pip install matplotlib" in err
    else:
        assert target.exists() and "saved" in err


def test_mlp_trace_preset_json_agrees_with_tape() -> None:
    status, out, _ = run_cli("mlp", "trace", "--preset", "example-3.1", "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert data["agree"] and len(data["gradient"]) == 9
    assert [d["equation"] for d in data["delta"]] == ["BP1", "BP2"]


@pytest.mark.parametrize("fmt,marker", [("table", "BP4"), ("markdown", "| ∂C/∂w⁽¹⁾₁₁ | BP4 |"), ("latex", "\\begin{tabular}")])
def test_mlp_trace_formats(fmt: str, marker: str) -> None:
    status, out, _ = run_cli("mlp", "trace", "--preset", "seed-004", "--format", fmt)
    assert status == 0 and marker in out


def test_mlp_trace_custom_weights_and_scalar_program() -> None:
    status, out, _ = run_cli("mlp", "trace", "--sizes", "2,1", "--weights", "[[0.5,-1]]", "--biases", "[0.25]",
                             "--input=1,2", "--target", "1", "--scalar")
    assert status == 0
    assert "adkit trace \"z1_1 = w1_11*1.0 + w1_12*2.0 + b1_1" in out


def test_mlp_trace_bad_weights_exit_2() -> None:
    status, _, err = run_cli("mlp", "trace", "--sizes", "2,1", "--weights", "[[0.5,")
    assert status == 2 and "could not read --weights #1" in err
    status, _, err = run_cli("mlp", "trace", "--sizes", "2,2,1", "--weights", "[[1,2,3]]", "--weights", "[[1,2]]")
    assert status == 2 and err == ("adkit: error: --weights #1 (W1) has shape (1, 3), but a 2-2-1 network with layout "
                                   "out-in needs (2, 2) (outputs, inputs)\n")


def test_mlp_collapse_on_given_weights() -> None:
    status, out, _ = run_cli("mlp", "collapse", "--sizes", "2,2,1", "--weights", "[[1,2],[3,4]]", "--weights", "[[1,-1]]",
                             "--biases", "[1,0]", "--biases", "[0.5]", "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert data["W_bar"] == [[-2.0, -2.0]] and data["b_bar"] == [1.5]
