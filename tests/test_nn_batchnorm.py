"""Batch normalization: BN1–BN3 inside BP1–BP4, against the array tape and central differences."""

from __future__ import annotations

import numpy as np
import pytest

from adkit.errors import NetworkError
from adkit.nn import MLP, train
from adkit.nn.batchnorm import EPS, MOMENTUM


def _data(rows: int = 6, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.standard_normal((rows, 3)), rng.uniform(0.0, 1.0, (rows, 2))


def _bn_net(activation: str = "tanh", loss: str = "mse") -> MLP:
    net = MLP([3, 5, 4, 2], activation=activation, loss=loss, batchnorm=True, seed=2,
              output_activation="sigmoid" if loss == "bce" else "identity")
    rng = np.random.default_rng(9)  # γ, β away from their 1, 0 start so every term of BN3 matters
    for g, b in zip(net.gammas, net.betas):
        g[...] = rng.uniform(0.5, 2.0, g.shape)
        b[...] = rng.standard_normal(b.shape)
    return net


def test_forward_normalises_each_column_by_hand() -> None:
    """Oracle: the textbook formula written out with numpy's mean and var."""
    net = _bn_net()
    X, _ = _data()
    z = X @ net.weights[0].T + net.biases[0]
    expected = np.tanh(net.gammas[0] * (z - z.mean(0)) / np.sqrt(z.var(0) + EPS) + net.betas[0])
    record = net.backprop(X, _data()[1])
    assert np.allclose(record.a[1], expected, rtol=1e-13, atol=0)


@pytest.mark.parametrize("activation,loss", [("tanh", "mse"), ("sigmoid", "bce"), ("relu", "huber")])
def test_bp_with_batchnorm_matches_tape_and_finite_differences(activation: str, loss: str) -> None:
    net = _bn_net(activation, loss)
    X, Y = _data()
    bp = net.gradient_list(net.backprop(X, Y))
    tape = net.tape_gradients(X, Y)
    numeric = net.numeric_gradients(X, Y)
    assert net.parameter_names == ["W1", "b1", "gamma1", "beta1", "W2", "b2", "gamma2", "beta2", "W3", "b3"]
    for name, g, n in zip(net.parameter_names, bp, numeric):
        assert np.allclose(g, tape[name], rtol=1e-10, atol=1e-14), name
        assert np.allclose(g, n, rtol=1e-5, atol=1e-8), name


def test_bias_before_batchnorm_has_zero_gradient() -> None:
    """BN subtracts the batch mean, so b⁽ˡ⁾ of a normalised layer cannot change C."""
    net = _bn_net()
    record = net.backprop(*_data())
    assert np.max(np.abs(record.db[0])) < 1e-15 and np.max(np.abs(record.db[1])) < 1e-15


def test_tape_shows_the_batchnorm_step() -> None:
    lines = _bn_net().tape().lines()
    assert "u1 = BN(z1; γ=gamma1, β=beta1)" in lines and "a1 = tanh(u1)" in lines


def test_running_statistics_follow_the_momentum_rule() -> None:
    net = _bn_net()
    X, Y = _data()
    z = X @ net.weights[0].T + net.biases[0]
    net.backprop(X, Y, update_statistics=True)
    assert np.allclose(net.running_mean[0], MOMENTUM * z.mean(0), rtol=1e-14)
    assert np.allclose(net.running_var[0], (1 - MOMENTUM) + MOMENTUM * z.var(0, ddof=1), rtol=1e-14)


def test_evaluation_uses_running_statistics_row_by_row() -> None:
    """Eval mode: each row on its own gives the same output as in a batch; training mode depends on the batch."""
    net = _bn_net()
    X, Y = _data(rows=40)
    train(net, X, Y, optimizer="sgd", batch=8, epochs=3, lr=0.05)
    batched = net.forward(X)
    one_by_one = np.vstack([net.forward(X[i:i + 1]) for i in range(len(X))])
    assert np.allclose(batched, one_by_one, rtol=1e-13, atol=0)
    assert not np.allclose(net.forward(X[:4], training=True), net.forward(X, training=True)[:4])


def test_training_with_batches_of_one_row_is_refused() -> None:
    net = _bn_net()
    with pytest.raises(NetworkError) as info:
        train(net, *_data(), optimizer="sgd", batch=1, epochs=1)
    assert str(info.value) == "batch normalization needs at least 2 rows per batch in training (got 1)"


def test_batchnorm_speeds_up_a_deep_sigmoid_stack() -> None:
    """The point of BN in the notes: a 6-layer sigmoid net learns moons with BN, hardly without."""
    from adkit.nn import load_dataset

    d = load_dataset("moons", seed=0)
    losses = []
    for bn in (False, True):
        net = MLP([2, 16, 16, 16, 16, 16, 2], activation="sigmoid", loss="softmax_ce", batchnorm=bn, seed=0)
        losses.append(train(net, d.X_train, d.Y_train, optimizer="sgd", lr=0.1, batch=32, epochs=20).final_loss)
    assert losses[1] < 0.5 * losses[0]
