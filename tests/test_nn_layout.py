"""Weight layouts: out-in (z = W a + b) and the notes' in-out (Z = X·W + b); never a reshape."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adkit.errors import NetworkError
from adkit.nn import MLP
from helpers import run_cli

ISSUE_W1 = "[[1,2,3],[4,5,6]]"  # the issue's 2-3-1 example, written (inputs, outputs)


def _z1(*extra: str) -> list[float]:
    import json

    status, out, err = run_cli("mlp", "trace", "--sizes", "2,3,1", "--weights", ISSUE_W1, "--weights", "[[1],[1],[1]]",
                               "--input", "1,0", "--format", "json", *extra)
    assert status == 0, err
    return json.loads(out)["forward"][0]["z"][0]


def test_in_out_layout_reads_the_notes_matrix_as_written() -> None:
    """x = (1, 0) picks the first row of an (inputs, outputs) matrix: z = (1, 2, 3)."""
    assert _z1("--layout", "in-out") == [1.0, 2.0, 3.0]


def test_transposed_matrix_under_default_layout_is_rejected_with_a_hint() -> None:
    status, out, err = run_cli("mlp", "trace", "--sizes", "2,3,1", "--weights", ISSUE_W1, "--weights", "[[1,1,1]]",
                               "--input", "1,0")
    assert status == 2 and out == ""
    assert err == ("adkit: error: --weights #1 (W1) has shape (2, 3), but a 2-3-1 network with layout out-in needs "
                   "(3, 2) (outputs, inputs); did you mean --layout in-out?\n")


def test_out_in_matrix_under_in_out_layout_suggests_out_in() -> None:
    status, _, err = run_cli("mlp", "trace", "--sizes", "2,3,1", "--weights", "[[1,2],[3,4],[5,6]]",
                             "--weights", "[[1],[1],[1]]", "--layout", "in-out")
    assert status == 2
    assert err == ("adkit: error: --weights #1 (W1) has shape (3, 2), but a 2-3-1 network with layout in-out needs "
                   "(2, 3) (inputs, outputs); did you mean --layout out-in?\n")


def test_shape_fitting_neither_layout_names_the_expected_shape_only() -> None:
    status, _, err = run_cli("mlp", "trace", "--sizes", "2,3,1", "--weights", "[1,2,3,4,5,6]", "--weights", "[[1,1,1]]")
    assert status == 2
    assert err == ("adkit: error: --weights #1 (W1) has shape (6,), but a 2-3-1 network with layout out-in needs "
                   "(3, 2) (outputs, inputs)\n")


def test_api_hint_names_the_keyword() -> None:
    with pytest.raises(NetworkError) as info:
        MLP([2, 3, 1], weights=[[[1, 2, 3], [4, 5, 6]], [[1, 1, 1]]])
    assert str(info.value) == ("W1 has shape (2, 3), but a 2-3-1 network with layout out-in needs (3, 2) "
                               "(outputs, inputs); did you mean layout=\"in-out\"?")


@pytest.mark.parametrize("biases", [[[[0.0], [0.0], [0.0]], [0.0]], [[0.0, 0.0, 0.0], 0.5], [[0.0, 0.0], [0.0]]])
def test_biases_of_the_wrong_shape_are_rejected_not_reshaped(biases: list) -> None:
    with pytest.raises(NetworkError) as info:
        MLP([2, 3, 1], biases=biases)
    assert info.value.key == "nn.shape"


def test_square_matrices_fit_both_layouts_and_the_layout_decides() -> None:
    W = [[1.0, 2.0], [3.0, 4.0]]
    out_in = MLP([2, 2], activation="identity", weights=[W])
    in_out = MLP([2, 2], activation="identity", weights=[W], layout="in-out")
    x = np.array([[1.0, 0.0]])
    assert out_in.forward(x).tolist() == [[1.0, 3.0]]   # W x: the first column
    assert in_out.forward(x).tolist() == [[1.0, 2.0]]   # x W: the first row


@settings(max_examples=30, deadline=None)
@given(sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4), seed=st.integers(0, 2**16))
def test_in_out_of_the_transpose_is_the_same_network(sizes: list[int], seed: int) -> None:
    rng = np.random.default_rng(seed)
    Ws = [rng.standard_normal((o, i)) for i, o in zip(sizes[:-1], sizes[1:])]
    bs = [rng.standard_normal(o) for o in sizes[1:]]
    X = rng.standard_normal((3, sizes[0]))
    a = MLP(sizes, activation="tanh", weights=Ws, biases=bs)
    b = MLP(sizes, activation="tanh", weights=[W.T.tolist() for W in Ws], biases=bs, layout="in-out")
    assert np.array_equal(a.forward(X), b.forward(X))


def test_seed_004_preset_in_both_layouts_gives_the_same_trace() -> None:
    import json

    plain = json.loads(run_cli("mlp", "trace", "--preset", "seed-004", "--format", "json")[1])
    notes = json.loads(run_cli("mlp", "trace", "--preset", "seed-004", "--layout", "in-out", "--format", "json")[1])
    assert plain["gradient"] == notes["gradient"] and plain["loss"] == notes["loss"]


# ---- one label per weight -------------------------------------------------------
NOTES_W = ["[[0.15,0.25],[0.2,0.3]]", "[[0.4],[0.45]]"]  # seed 004's network as the notes write it (in, out)


def _written_gradient(row: int, col: int, h: float = 1e-6) -> float:
    """Oracle: central difference on entry [row][col] of the in-out W⁽¹⁾ as written, through MLP.cost only."""
    costs = []
    for sign in (1, -1):
        W1 = json.loads(NOTES_W[0])
        W1[row][col] += sign * h
        net = MLP([2, 2, 1], activation="sigmoid", output_activation="sigmoid", layout="in-out",
                  weights=[W1, json.loads(NOTES_W[1])], biases=[[0.35, 0.35], [0.6]])
        costs.append(net.cost(np.array([[0.05, 0.1]]), np.array([[0.01]])))
    return (costs[0] - costs[1]) / (2 * h)


def _labelled(view: str, *layout: str) -> dict[str, float]:
    weights = NOTES_W if layout else [json.dumps(np.array(json.loads(w)).T.tolist()) for w in NOTES_W]
    argv = ["mlp", view, "--sizes", "2,2,1", "--activation", "sigmoid", "--output-activation", "sigmoid",
            "--weights", weights[0], "--weights", weights[1], "--biases", "[0.35,0.35]", "--biases", "[0.6]",
            "--input", "0.05,0.1", "--target", "0.01", "--format", "json", *layout]
    status, out, err = run_cli(*argv)
    assert status == 0, err
    data = json.loads(out)
    rows = data["gradient"] if view == "trace" else data["parameters"]
    key = "value" if view == "trace" else "gradient"
    return {r["parameter"]: r[key] for r in rows}


def test_one_weight_has_one_label_in_trace_step_and_json_under_both_layouts() -> None:
    """w⁽¹⁾₁₂ runs from x₂ to hidden unit 1 (Nielsen): entry [1][0] of the notes' in-out matrix."""
    labels = [_labelled(view, *layout) for view in ("trace", "step") for layout in ((), ("--layout", "in-out"))]
    assert all(got == labels[0] for got in labels[1:])
    assert list(labels[0])[:4] == ["w⁽¹⁾₁₁", "w⁽¹⁾₁₂", "w⁽¹⁾₂₁", "w⁽¹⁾₂₂"]
    assert labels[0]["w⁽¹⁾₁₂"] == pytest.approx(_written_gradient(1, 0), rel=1e-7)
    assert labels[0]["w⁽¹⁾₂₁"] == pytest.approx(_written_gradient(0, 1), rel=1e-7)
    assert labels[0]["w⁽¹⁾₁₂"] != pytest.approx(labels[0]["w⁽¹⁾₂₁"], rel=1e-3)


def test_tables_of_both_layouts_are_the_same_and_in_out_says_which_entry_a_label_is() -> None:
    for view in ("trace", "step"):
        plain = run_cli("mlp", view, "--preset", "seed-004")[1].splitlines()
        notes = run_cli("mlp", view, "--preset", "seed-004", "--layout", "in-out")[1].splitlines()
        assert notes[1:-1] == plain[1:]  # the title names the preset only without changes
        assert notes[-1] == ("w⁽ˡ⁾ⱼₖ joins unit k of layer l−1 to unit j of layer l (Nielsen) in either layout: "
                             "with --layout in-out it is row k, column j of the matrix as written")
