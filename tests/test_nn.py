"""adkit.nn core: array primitives, the array tape, BP1–BP4 vs autodiff vs finite differences."""

from __future__ import annotations

import numpy as np
import pytest

from adkit.errors import NetworkError
from adkit.nn import ARRAY_REGISTRY, MLP, Tape


def _relative(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.max(np.abs(np.asarray(a) - np.asarray(b))) / max(np.max(np.abs(b)), 1e-300))


# ---- every array primitive -------------------------------------------------
@pytest.mark.parametrize("name", sorted(ARRAY_REGISTRY))
def test_primitive_passes_dot_product_test(name: str) -> None:
    """⟨ȳ, J ẋ⟩ = ⟨Jᵀ ȳ, ẋ⟩ with tangents on every argument at once."""
    prim = ARRAY_REGISTRY[name]
    rng = np.random.default_rng(7)
    args = prim.sample(rng)
    out = prim.evaluate(*args)
    x_dots = [rng.standard_normal(np.shape(a)) for a in args]
    y_bar = rng.standard_normal(np.shape(out))
    lhs = np.vdot(y_bar, prim.jvp(args, out, x_dots))
    rhs = sum(np.vdot(prim.vjps[i](y_bar, args, out), x_dots[i]) for i in range(prim.arity))
    assert lhs == pytest.approx(rhs, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("name,which", [(n, i) for n in sorted(ARRAY_REGISTRY) for i in range(ARRAY_REGISTRY[n].arity)])
def test_primitive_jvp_matches_central_differences(name: str, which: int) -> None:
    """Each argument's tangent map against (f(x + hẋ) − f(x − hẋ))/2h."""
    prim = ARRAY_REGISTRY[name]
    rng = np.random.default_rng(3)
    args = list(prim.sample(rng))
    out = prim.evaluate(*args)
    direction = rng.standard_normal(np.shape(args[which]))
    x_dots = [direction if i == which else None for i in range(prim.arity)]
    h = 1e-6
    up = list(args); up[which] = args[which] + h * direction
    down = list(args); down[which] = args[which] - h * direction
    numeric = (prim.evaluate(*up) - prim.evaluate(*down)) / (2 * h)
    assert np.allclose(prim.jvp(args, out, x_dots), numeric, rtol=1e-6, atol=1e-8)


def test_registry_records_have_one_vjp_per_argument_and_display() -> None:
    for prim in ARRAY_REGISTRY.values():
        assert len(prim.vjps) == prim.arity
        assert prim.display.format(*("x", "y", "z")[:prim.arity])


# ---- the tape ---------------------------------------------------------------
def _fan_out_tape() -> Tape:
    tape = Tape(["x"], variables=["x"])
    tape.add("s", "sigmoid", "x")
    tape.add("d", "sub", "s", "x")   # x used twice: its adjoint has two contributions
    tape.add("C", "sum", "d")
    return tape


def test_reverse_sweep_accumulates_on_fan_out() -> None:
    tape = _fan_out_tape()
    x = np.array([[-1.0, 0.0, 2.0]])
    _, grads = tape.gradient({"x": x})
    s = 1 / (1 + np.exp(-x))
    assert np.allclose(grads["x"], s * (1 - s) - 1.0, rtol=1e-14)


def test_reverse_sweep_is_idempotent() -> None:
    tape = _fan_out_tape()
    x = np.array([[0.3, -0.7]])
    first = tape.gradient({"x": x})[1]["x"]
    second = tape.gradient({"x": x})[1]["x"]
    assert np.array_equal(first, second)


def test_tape_forward_and_reverse_sweeps_agree_on_a_network() -> None:
    net = MLP([3, 5, 2], activation="tanh", loss="mse", seed=2)
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((4, 3)), rng.standard_normal((4, 2))
    tape = net.tape()
    values = tape.evaluate(net.tape_inputs(X, Y))
    bars = tape.vjp(values)
    x_dots = {v: rng.standard_normal(values[v].shape) for v in tape.variables}
    dots = tape.jvp(values, x_dots)
    assert float(dots["C"]) == pytest.approx(sum(np.vdot(bars[v], x_dots[v]) for v in tape.variables), rel=1e-12)


def test_tape_skips_adjoints_of_constants() -> None:
    net = MLP([2, 2, 1], seed=0)
    tape = net.tape()
    bars = tape.vjp(tape.evaluate(net.tape_inputs(np.ones((1, 2)), np.ones((1, 1)))))
    assert "a0" not in bars and "y" not in bars


def test_tape_lists_one_step_per_operation() -> None:
    assert MLP([2, 2, 1], seed=0).tape().lines() == [
        "s1 = a0 · W1ᵀ", "z1 = s1 + b1", "a1 = σ(z1)", "s2 = a1 · W2ᵀ", "z2 = s2 + b2", "a2 = z2", "C = mse(a2, y)"]


# ---- BP1–BP4 vs the tape vs central differences ---------------------------
NETWORKS = [
    ("sigmoid", "identity", "mse"),
    ("sigmoid", "sigmoid", "mse"),
    ("tanh", "identity", "mse"),
    ("relu", "identity", "mse"),
    ("identity", "identity", "mse"),
    ("tanh", "sigmoid", "bce"),
    ("sigmoid", "softmax", "softmax_ce"),
    ("relu", "softmax", "softmax_ce"),
]


def _problem(loss: str, sizes: list[int], batch: int = 5, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((batch, sizes[0]))
    if loss == "softmax_ce":
        return X, np.eye(sizes[-1])[rng.integers(0, sizes[-1], batch)]
    if loss == "bce":
        return X, rng.integers(0, 2, (batch, sizes[-1])).astype(float)
    return X, rng.standard_normal((batch, sizes[-1]))


@pytest.mark.parametrize("activation,output,loss", NETWORKS)
def test_bp_autodiff_and_finite_differences_agree(activation: str, output: str, loss: str) -> None:
    sizes = [3, 4, 5, 3]
    net = MLP(sizes, activation=activation, output_activation=output, loss=loss, seed=1)
    for b in net.biases:  # nonzero biases; relu kinks are avoided with probability 1
        b += 0.1
    X, Y = _problem(loss, sizes)
    dW, db = net.gradients(X, Y)
    aW, ab = net.gradients(X, Y, method="autodiff")
    fW, fb = net.finite_differences(X, Y)
    for bp, ad, fd in zip(dW + db, aW + ab, fW + fb):
        assert bp.shape == ad.shape == fd.shape
        assert _relative(bp, ad) <= 1e-10
        assert _relative(bp, fd) <= 1e-6


@pytest.mark.parametrize("activation,output,loss,dtype", [(*n, "float64") for n in NETWORKS] + [
    ("tanh", "identity", "huber", "float64"), ("relu", "identity", "sse_mean", "float64"),
    ("sigmoid", "identity", "mse", "float32"), ("relu", "softmax", "softmax_ce", "float32")])
def test_gradients_equal_the_records_bit_for_bit(activation: str, output: str, loss: str, dtype: str) -> None:
    """MLP.gradients skips the Backprop record; its arrays are the record's exactly."""
    sizes = [3, 4, 5, 3]
    net = MLP(sizes, activation=activation, output_activation=output, loss=loss, seed=2, dtype=dtype, delta=0.5)
    X, Y = _problem(loss, sizes, batch=7, seed=3)
    dW, db = net.gradients(X, Y)
    record = net.backprop(X, Y)
    for fast, kept in zip(dW + db, record.dW + record.db):
        assert fast.dtype == kept.dtype == np.dtype(dtype)
        assert np.array_equal(fast, kept)


def test_gradients_with_batchnorm_are_the_records() -> None:
    net = MLP([3, 4, 2], batchnorm=True, seed=0)
    X, Y = _problem("mse", [3, 4, 2])
    dW, db = net.gradients(X, Y)
    assert all(np.array_equal(g, k) for g, k in zip(dW + db, net.last_backprop.dW + net.last_backprop.db))


def test_gradient_shapes_follow_the_contract() -> None:
    net = MLP([2, 2, 1], activation="sigmoid", output_activation="identity", loss="mse", seed=0)
    assert [w.shape for w in net.weights] == [(2, 2), (1, 2)]
    assert [b.shape for b in net.biases] == [(2,), (1,)]
    dW, db = net.gradients(np.ones((3, 2)), np.ones((3, 1)))
    assert [g.shape for g in dW] == [(2, 2), (1, 2)] and [g.shape for g in db] == [(2,), (1,)]


def test_loss_is_the_mean_over_the_batch() -> None:
    net = MLP([2, 3, 1], seed=4)
    X, Y = _problem("mse", [2, 3, 1], batch=6)
    per_example = [net.cost(X[i:i + 1], Y[i:i + 1]) for i in range(6)]
    assert net.cost(X, Y) == pytest.approx(np.mean(per_example), rel=1e-14)
    grads = [net.gradients(X[i:i + 1], Y[i:i + 1])[0][0] for i in range(6)]
    assert np.allclose(net.gradients(X, Y)[0][0], np.mean(grads, axis=0), rtol=1e-12)


def test_backprop_keeps_every_layer() -> None:
    net = MLP([3, 4, 2], seed=0)
    record = net.backprop(*_problem("mse", [3, 4, 2]))
    assert [z.shape for z in record.z] == [(5, 4), (5, 2)]
    assert [a.shape for a in record.a] == [(5, 3), (5, 4), (5, 2)]
    assert [d.shape for d in record.delta] == [(5, 4), (5, 2)]
    assert net.last_backprop is record


def test_float32_networks_agree_in_float32() -> None:
    net = MLP([6, 8, 3], seed=0, dtype="float32")
    X, Y = _problem("mse", [6, 8, 3])
    dW, db = net.gradients(X, Y)
    aW, ab = net.gradients(X, Y, method="autodiff")
    assert all(g.dtype == np.float32 for g in dW + db + aW + ab)
    assert all(_relative(a, b) <= 1e-6 for a, b in zip(dW + db, aW + ab))


def test_same_seed_same_weights() -> None:
    a, b, c = MLP([4, 3, 2], seed=5), MLP([4, 3, 2], seed=5), MLP([4, 3, 2], seed=6)
    assert all(np.array_equal(x, y) for x, y in zip(a.weights, b.weights))
    assert not np.array_equal(a.weights[0], c.weights[0])


@pytest.mark.parametrize("kwargs,key", [
    (dict(sizes=[2]), "nn.sizes"),
    (dict(sizes=[2, 1], activation="swish"), "nn.unknown_activation"),
    (dict(sizes=[2, 1], loss="hinge"), "nn.unknown_loss"),
    (dict(sizes=[2, 1], output_activation="softmax"), "nn.softmax_pairing"),
    (dict(sizes=[2, 1], loss="bce"), "nn.bce_needs_unit_interval"),
    (dict(sizes=[2, 1], weights=[[1.0, 2.0, 3.0]]), "nn.weight_shape"),
    (dict(sizes=[2, 1], biases=[[[0.5]]]), "nn.shape"),
    (dict(sizes=[2, 1], layout="row-major"), "nn.unknown_layout"),
    (dict(sizes=[2, 1], loss="huber", delta=0), "nn.bad_setting"),
    (dict(sizes=[2, 1], weights=[[[1.0, float("nan")]]]), "nn.not_finite"),
])
def test_bad_networks_raise_network_error(kwargs: dict, key: str) -> None:
    with pytest.raises(NetworkError) as info:
        MLP(**kwargs)
    assert info.value.key == key


def test_bad_data_shape_and_method_are_reported() -> None:
    net = MLP([2, 1], seed=0)
    with pytest.raises(NetworkError, match=r"X has shape \(3, 3\)"):
        net.gradients(np.ones((3, 3)), np.ones((3, 1)))
    with pytest.raises(NetworkError, match="unknown gradient method 'fd'"):
        net.gradients(np.ones((3, 2)), np.ones((3, 1)), method="fd")


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu"])
def test_activation_derivatives_are_the_scalar_records_partials_elementwise(name):
    # one definition per fact: adkit.nn multiplies by the scalar registry's own partial, vectorised
    from adkit.ir.primitives import REGISTRY
    from adkit.nn.ops import ARRAY_REGISTRY

    prim, array = REGISTRY[name], ARRAY_REGISTRY[name]
    x = np.array([-2.5, -0.3, 0.0, 0.4, 3.0])
    out = array.evaluate(x)
    scalar = [prim.partials[0](float(v), float(o)) for v, o in zip(x, out)]
    assert array.derivative(x, out).tolist() == scalar
