"""The worked networks of the course seeds: Example 3.1 and Theorem 3.1 (seed 003), seed 004.

Neither seed prints numbers for its 2-2-1 network, only symbols, so these
tests evaluate every formula the seeds print on the preset weights
(adkit.nn.views.PRESETS) and check it against BP1–BP4, the array tape and the
scalar engine.  Where a seed's formula is misprinted the test uses the true
expression and says so.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

import adkit
from adkit.nn import MLP, collapse
from adkit.nn.views import PRESETS, preset, scalar_program
from helpers import run_cli


def sigma(z: float) -> float:
    return 1.0 / (1.0 + np.exp(-z))


def _example_3_1_by_the_seed() -> dict[str, float]:
    """Seed 003's nine statements, written out exactly as printed (with its index names)."""
    p = PRESETS["2-2-1-identity"]
    (w11_1, w12_1), (w21_1, w22_1) = p["weights"][0]
    (w11_2, w12_2), = p["weights"][1]
    w10_1, w20_1 = p["biases"][0]
    w10_2, = p["biases"][1]
    a1_0, a2_0 = p["x"]
    y, = p["y"]
    z1_1 = w11_1 * a1_0 + w12_1 * a2_0 + w10_1
    a1_1 = sigma(z1_1)
    z2_1 = w21_1 * a1_0 + w22_1 * a2_0 + w20_1
    a2_1 = sigma(z2_1)
    a1_2 = w11_2 * a1_1 + w12_2 * a2_1 + w10_2  # identity output
    dL = a1_2 - y                                  # ∂L/∂a₁⁽²⁾ = a₁⁽²⁾ − y
    return {
        "w11_2": dL * a1_1, "w12_2": dL * a2_1, "w10_2": dL * 1,
        "w11_1": dL * w11_2 * ((1 - a1_1) * a1_1) * a1_0,
        "w12_1": dL * w11_2 * ((1 - a1_1) * a1_1) * a2_0,
        "w10_1": dL * w11_2 * ((1 - a1_1) * a1_1) * 1,
        "w21_1": dL * w12_2 * ((1 - a2_1) * a2_1) * a1_0,
        "w22_1": dL * w12_2 * ((1 - a2_1) * a2_1) * a2_0,
        "w20_1": dL * w12_2 * ((1 - a2_1) * a2_1) * 1,
        "L": 0.5 * (y - a1_2) ** 2,
    }


def _bp_by_seed_name(dW: list[np.ndarray], db: list[np.ndarray]) -> dict[str, float]:
    """Seed 003 names w_{jk}^{(l)} (row j, column k of W⁽ˡ⁾) and w_{j0}^{(l)} for biases."""
    named = {}
    for l, (W, b) in enumerate(zip(dW, db), start=1):
        for (j, k), v in np.ndenumerate(W):
            named[f"w{j + 1}{k + 1}_{l}"] = float(v)
        for j, v in enumerate(b):
            named[f"w{j + 1}0_{l}"] = float(v)
    return named


def test_example_3_1_nine_partials_match_bp_and_tape() -> None:
    net, x, y, _ = preset("example-3.1")
    seed = _example_3_1_by_the_seed()
    for method in ("bp", "autodiff"):
        named = _bp_by_seed_name(*net.gradients(x, y, method=method))
        assert set(named) == set(seed) - {"L"}
        for name, value in named.items():
            assert value == pytest.approx(seed[name], rel=1e-13), name
    assert net.cost(x, y) == pytest.approx(seed["L"], rel=1e-14)


def test_example_3_1_values() -> None:
    """The numbers `adkit mlp trace --preset example-3.1` prints (docs/nn.md quotes them)."""
    net, x, y, _ = preset("example-3.1")
    record = net.backprop(x, y)
    assert record.a[1][0] == pytest.approx([0.5932699921071872, 0.596884378259767], rel=1e-14)
    assert record.a[2][0, 0] == pytest.approx(1.10590596705977, rel=1e-14)
    assert record.loss == pytest.approx(0.6005049443186048, rel=1e-14)
    assert record.db[1][0] == pytest.approx(1.09590596705977, rel=1e-14)
    assert record.dW[0][0, 0] == pytest.approx(0.0052888577276032364, rel=1e-13)


def test_example_3_1_as_a_scalar_program_gives_all_nine_partials() -> None:
    net, x, y, _ = preset("example-3.1")
    text, at = scalar_program(net, x, y)
    gradient = adkit.compile(text).gradient(at)
    assert len(gradient) == 9
    seed = _example_3_1_by_the_seed()
    for name, value in gradient.items():  # w1_12 = W⁽¹⁾ row 1 col 2 = seed's w₁₂⁽¹⁾; b1_2 = w₂₀⁽¹⁾
        layer, rest = name[1:].split("_") if name[0] == "w" else (name[1:].split("_")[0], name.split("_")[1] + "0")
        assert value == pytest.approx(seed[f"w{rest}_{layer}"], rel=1e-13), name


def test_example_3_1_scalar_program_through_the_trace_command() -> None:
    net, x, y, _ = preset("example-3.1")
    text, at = scalar_program(net, x, y)
    status, out, _ = run_cli("trace", text, "--at", ",".join(f"{k}={v!r}" for k, v in at.items()), "--format", "json")
    assert status == 0
    gradient = json.loads(out)["gradient"]
    dW, db = net.gradients(x, y)
    assert gradient["w1_21"] == pytest.approx(dW[0][1, 0], rel=1e-13)
    assert gradient["b2_1"] == pytest.approx(db[1][0], rel=1e-13)


def test_seed_004_network_in_its_own_notation() -> None:
    """Seed 004 writes Z⁽¹⁾ = X W⁽¹⁾ + b⁽¹⁾ with W of shape (in, out), w_{ij}: input i → neuron j.

    Its BP1 for C = ½(y − ŷ)² with a sigmoid output is δ⁽ᴸ⁾ = (a − y) σ′(z);
    BP2 δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ᵀδ⁽ˡ⁺¹⁾) ⊙ σ′(z⁽ˡ⁾) in Nielsen's (out, in) convention,
    BP3 ∂C/∂bⱼ = δⱼ, BP4 ∂C/∂w_{jk} = a_k δ_j.  (Its line "z(1) = X * w(2) + b(1)"
    is a misprint for w(1).)
    """
    net, x, y, _ = preset("seed-004")
    W1s, W2s = (np.array(w).T for w in PRESETS["2-2-1-sigmoid"]["weights"])  # seed 004's (in, out) matrices
    b1, b2 = (np.array(b) for b in PRESETS["2-2-1-sigmoid"]["biases"])
    Z1 = x @ W1s + b1
    A1 = sigma(Z1)
    Z2 = A1 @ W2s + b2
    Y_hat = sigma(Z2)
    delta2 = (Y_hat - y) * Y_hat * (1 - Y_hat)                     # BP1
    delta1 = (delta2 @ W2s.T) * A1 * (1 - A1)                      # BP2
    record = net.backprop(x, y)
    assert record.a[2] == pytest.approx(Y_hat, rel=1e-15)
    assert record.delta[1] == pytest.approx(delta2, rel=1e-14)
    assert record.delta[0] == pytest.approx(delta1, rel=1e-14)
    assert record.db[0] == pytest.approx(delta1[0], rel=1e-14)   # BP3
    assert record.dW[1] == pytest.approx(delta2.T @ A1, rel=1e-14)  # BP4: a_k δ_j
    assert record.dW[0] == pytest.approx(delta1.T @ x, rel=1e-14)
    aW, ab = net.gradients(x, y, method="autodiff")
    assert all(np.allclose(a, b, rtol=1e-12, atol=0) for a, b in zip(aW + ab, record.dW + record.db))


def test_theorem_3_1_collapse_matches_the_seed_formula() -> None:
    """W̄ = ∏W⁽ⁱ⁾ and b̄ = Σᵢ(∏_{j>i} W⁽ʲ⁾)b⁽ⁱ⁾ + b⁽ᴸ⁺¹⁾, on a 3-5-4-2 identity network."""
    net = MLP([3, 5, 4, 2], activation="identity", output_activation="identity", seed=3)
    rng = np.random.default_rng(1)
    for b in net.biases:
        b += rng.standard_normal(b.shape)
    W_bar, b_bar = collapse(net)
    W1, W2, W3 = net.weights
    b1, b2, b3 = net.biases
    assert np.allclose(W_bar, W3 @ W2 @ W1, rtol=1e-14)
    assert np.allclose(b_bar, W3 @ W2 @ b1 + W3 @ b2 + b3, rtol=1e-14)
    X = rng.standard_normal((7, 3))
    assert np.allclose(net.forward(X), X @ W_bar.T + b_bar, rtol=1e-13, atol=1e-15)


def test_collapse_refuses_nonlinear_layers() -> None:
    from adkit.errors import NetworkError

    with pytest.raises(NetworkError, match="layer 1 uses 'sigmoid'"):
        collapse(MLP([2, 2, 1], seed=0))
