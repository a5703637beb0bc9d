"""Losses without the ½ and Huber, learning-rate schedules, gradient norms per layer, one GD step."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

import adkit
from adkit.errors import NetworkError
from adkit.nn import MLP, load_dataset, train
from adkit.nn.norms import gradient_step, layer_norms
from adkit.nn.ops import ARRAY_REGISTRY
from adkit.nn.schedules import Schedule
from adkit.nn.views import PRESETS, scalar_program
from helpers import run_cli


# ---- losses -------------------------------------------------------------------
def test_sse_mean_is_seed_001s_j_twice_mse() -> None:
    a, y = np.array([[1.0, 2.0], [0.0, -1.0]]), np.array([[0.5, 2.0], [1.0, 1.0]])
    # J = 1/N Σ‖y − ŷ‖² = ((0.25) + (1 + 4)) / 2
    assert float(ARRAY_REGISTRY["sse_mean"].evaluate(a, y)) == 2.625
    assert float(ARRAY_REGISTRY["mse"].evaluate(a, y)) == 1.3125


def test_huber_is_quadratic_inside_and_linear_outside() -> None:
    a, y, delta = np.array([[0.5, 3.0]]), np.array([[0.0, 0.0]]), np.asarray(1.0)
    assert float(ARRAY_REGISTRY["huber"].evaluate(a, y, delta)) == 0.125 + (3.0 - 0.5)
    assert ARRAY_REGISTRY["huber"].vjps[0](1.0, (a, y, delta), None).tolist() == [[0.5, 1.0]]


@pytest.mark.parametrize("loss", ["sse_mean", "huber"])
def test_new_losses_agree_with_tape_and_finite_differences(loss: str) -> None:
    net = MLP([3, 4, 2], activation="tanh", loss=loss, delta=0.3, seed=4)
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((5, 3)), 2 * rng.standard_normal((5, 2))
    bp = net.gradient_list(net.backprop(X, Y))
    tape = net.tape_gradients(X, Y)
    for name, g, n in zip(net.parameter_names, bp, net.numeric_gradients(X, Y)):
        assert np.allclose(g, tape[name], rtol=1e-10, atol=0) and np.allclose(g, n, rtol=1e-6, atol=1e-9)


# ---- schedules ----------------------------------------------------------------
@pytest.mark.parametrize("schedule,rates", [
    (Schedule("constant"), [1.0, 1.0, 1.0, 1.0]),
    (Schedule("step", drop=0.5, every=2), [1.0, 1.0, 0.5, 0.5]),
    (Schedule("exponential", decay=0.5), [1.0, math.exp(-0.5), math.exp(-1.0), math.exp(-1.5)]),
    (Schedule("inverse", decay=1.0), [1.0, 0.5, 1 / 3, 0.25]),
    (Schedule("cosine", min_lr=0.2), [1.0, 0.2 + 0.4 * (1 + math.cos(math.pi / 4)), 0.6,
                                      0.2 + 0.4 * (1 + math.cos(3 * math.pi / 4))]),
])
def test_schedule_rates(schedule: Schedule, rates: list[float]) -> None:
    d = load_dataset("xor", seed=0)
    net = MLP([2, 3, 2], loss="softmax_ce", seed=0)
    history = train(net, d.X_train, d.Y_train, optimizer="gd", lr=1.0, epochs=4, schedule=schedule)
    assert history.learning_rates == pytest.approx(rates, rel=1e-15)


@pytest.mark.parametrize("kwargs", [dict(name="linear"), dict(name="step", drop=0.0), dict(name="step", every=0),
                                    dict(name="inverse", decay=-1.0)])
def test_bad_schedules_are_refused(kwargs: dict) -> None:
    with pytest.raises(NetworkError):
        Schedule(**kwargs)


# ---- norms --------------------------------------------------------------------
def _moons() -> tuple[np.ndarray, np.ndarray]:
    d = load_dataset("moons", seed=0)
    return d.X_train, d.Y_train[:, 1:2]


def test_layer_norms_match_the_tapes_adjoints() -> None:
    net = MLP([2, 16, 16, 16, 1], activation="sigmoid", seed=0)
    X, Y = _moons()
    norms = layer_norms(net, X, Y)
    bars = net.tape().vjp(net.tape().evaluate(net.tape_inputs(X, Y)))
    assert norms.delta == pytest.approx([np.linalg.norm(bars[f"z{l}"]) for l in (1, 2, 3, 4)], rel=1e-12)
    assert norms.grad_W == pytest.approx([np.linalg.norm(bars[f"W{l}"]) for l in (1, 2, 3, 4)], rel=1e-12)


@pytest.mark.parametrize("activation,vanishes", [("sigmoid", True), ("tanh", False), ("relu", False)])
def test_gradients_vanish_in_a_sigmoid_stack_only(activation: str, vanishes: bool) -> None:
    """σ′ ≤ ¼ at every BP2 step: ‖δ⁽¹⁾‖/‖δ⁽⁶⁾‖ falls below 1e-2 with sigmoid; tanh and relu keep it above 0.05."""
    net = MLP([2, 16, 16, 16, 16, 16, 1], activation=activation, seed=0)
    norms = layer_norms(net, *_moons())
    ratio = norms.delta[0] / norms.delta[-1]
    assert (ratio < 1e-2) if vanishes else (ratio > 0.05)


def test_norms_cli_table_checkpoints_and_plot(tmp_path) -> None:
    plot = tmp_path / "norms.png"
    status, out, err = run_cli("mlp", "norms", "--epochs", "4", "--every", "2", "--plot", str(plot), "--format", "json")
    assert status == 0 and plot.read_bytes()[:4] == b"\x89PNG"
    data = json.loads(out)
    assert [c["epoch"] for c in data["checkpoints"]] == [0, 2, 4]
    assert all(len(c["delta_norm"]) == 6 for c in data["checkpoints"])
    status, out, _ = run_cli("mlp", "norms", "--activation", "relu")
    assert status == 0 and "epoch 0: norms per layer" in out and "‖∂C/∂W⁽ˡ⁾‖" in out


def test_norms_sizes_must_fit_the_dataset() -> None:
    status, _, err = run_cli("mlp", "norms", "--sizes", "3,4,1")
    assert status == 2
    assert err == ("adkit: error: moons has 2 inputs and 2 classes: --sizes must start with 2 and end with 1 "
                   "(class-1 target) or 2 (one-hot); got 3,4,1\n")


# ---- one gradient-descent step -------------------------------------------------
def test_step_matches_the_scalar_program_gradient() -> None:
    """Oracle: the same network as a scalar adkit program, differentiated by adkit.compile's reverse sweep."""
    p = PRESETS["2-2-1-sigmoid"]
    net = MLP(p["sizes"], activation="sigmoid", output_activation="sigmoid", weights=p["weights"], biases=p["biases"])
    x, y = np.array([p["x"]]), np.array([p["y"]])
    text, at = scalar_program(net, x, y)
    grad = adkit.compile(text).gradient(at)
    step = gradient_step(net, x, y, lr=0.5)
    for row in step.rows:
        name = f"{row.name.lower()}{row.layer}_{''.join(str(i + 1) for i in row.index)}"
        assert row.gradient == pytest.approx(grad[name], rel=1e-12)
        assert row.update == -0.5 * row.gradient and row.new == row.old + row.update
    assert step.loss_after < step.loss_before
    assert net.weights[0].tolist() == p["weights"][0]  # the network itself is unchanged


def test_step_cli_table_and_layouts() -> None:
    status, out, _ = run_cli("mlp", "step", "--preset", "seed-004")
    assert status == 0
    assert "One gradient-descent step θ ← θ − η·∂C/∂θ with η = 0.5" in out
    assert " w⁽²⁾₁₁    │ 0.4   │ 0.082167    │ -0.0410835   │ 0.358916" in out
    plain = json.loads(run_cli("mlp", "step", "--preset", "seed-004", "--format", "json")[1])
    notes = json.loads(run_cli("mlp", "step", "--preset", "seed-004", "--layout", "in-out", "--format", "json")[1])
    assert notes["new_weights"][0] == np.array(plain["new_weights"][0]).T.tolist()
    assert notes["parameters"] == plain["parameters"]  # one label per weight, whatever the layout


def test_step_on_any_network_and_bad_rate() -> None:
    status, out, _ = run_cli("mlp", "step", "--sizes", "2,3,1", "--lr", "0.1", "--format", "json")
    assert status == 0 and json.loads(out)["lr"] == 0.1 and len(json.loads(out)["parameters"]) == 13
    status, _, err = run_cli("mlp", "step", "--preset", "seed-004", "--lr=-1")
    assert status == 2 and "lr must be a positive number" in err


# ---- dead ReLU units ---------------------------------------------------------------
def _dead_by_hand(net: MLP, X: np.ndarray) -> list[int]:
    """Oracle: a plain numpy forward pass; a unit is dead when its ReLU output is 0 on every row."""
    counts, a = [], X
    for W, b in zip(net.weights[:-1], net.biases[:-1]):
        a = np.maximum(a @ W.T + b, 0.0)
        counts.append(int(np.sum(a.max(axis=0) == 0.0)))
    return counts


def test_norms_count_dead_relu_units_per_layer_in_table_and_json() -> None:
    status, out, _ = run_cli("mlp", "norms", "--activation", "relu", "--epochs", "10", "--every", "10", "--lr", "2",
                             "--format", "json")
    assert status == 0
    got = [c["dead_units"] for c in json.loads(out)["checkpoints"]]
    X, Y = _moons()
    net = MLP([2, 16, 16, 16, 16, 16, 1], activation="relu", seed=0)
    before = _dead_by_hand(net, X)
    train(net, X, Y, optimizer="gd", lr=2.0, epochs=10, seed=0)
    assert got == [before + [None], _dead_by_hand(net, X) + [None]] == [[0, 1, 1, 4, 6, None], [0, 1, 1, 9, 13, None]]
    status, out, _ = run_cli("mlp", "norms", "--activation", "relu", "--digits", "3")
    lines = out.splitlines()
    assert lines[2] == " layer ┃ ‖δ⁽ˡ⁾‖  ┃ ‖∂C/∂W⁽ˡ⁾‖ ┃ ÷ last layer ┃ dead ReLU "
    assert lines[8] == " 5     │ 0.0226  │ 0.0553     │ 1.67         │ 6/16      "
    assert lines[9].endswith("│ —         ")
    assert lines[-1] == ("dead ReLU: units whose activation is 0 for every row, so relu′ = 0 blocks BP2 and their "
                         "weights get no gradient")


def test_a_unit_that_never_fires_is_dead_and_other_activations_have_no_count() -> None:
    X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]])
    W1 = [[1.0, 1.0], [-1.0, -1.0], [0.0, 0.0]]  # unit 2 fires only on row 3; unit 3 never (bias −1)
    relu = MLP([2, 3, 1], activation="relu", weights=[W1, [[1.0, 1.0, 1.0]]], biases=[[0.0, 0.0, -1.0], [0.0]])
    assert layer_norms(relu, X, np.zeros((3, 1))).dead == [1, None]
    assert layer_norms(relu, X[:2], np.zeros((2, 1))).dead == [2, None]
    assert layer_norms(MLP([2, 3, 1], activation="tanh"), X, np.zeros((3, 1))).dead == [None, None]
