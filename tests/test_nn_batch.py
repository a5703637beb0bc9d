"""`adkit mlp step` over a batch: C = (1/m) Σᵢ Cᵢ, so the update uses the mean of the per-example gradients."""

from __future__ import annotations

import json

import numpy as np
import pytest

from adkit.nn import MLP
from adkit.nn.views import PRESETS
from helpers import run_cli

PAIRS = ("--input", "0.05,0.1", "--target", "0.01", "--input=1,-1", "--target", "0.5", "--input", "0,2",
         "--target", "1")
X = np.array([[0.05, 0.1], [1.0, -1.0], [0.0, 2.0]])
Y = np.array([[0.01], [0.5], [1.0]])


def _seed_004() -> MLP:
    p = PRESETS["2-2-1-sigmoid"]
    return MLP(p["sizes"], activation="sigmoid", output_activation="sigmoid", weights=p["weights"], biases=p["biases"])


def _step(*argv: str) -> dict:
    status, out, err = run_cli("mlp", "step", "--preset", "seed-004", *argv, "--format", "json")
    assert status == 0, err
    return json.loads(out)


def test_batch_step_is_the_mean_of_the_per_example_gradients_by_central_differences() -> None:
    """Oracle: checks.numeric_gradients (MLP.cost only, no BP1–BP4), on the batch and on each row alone."""
    data = _step(*PAIRS)
    net = _seed_004()
    batch = np.concatenate([g.ravel() for g in net.numeric_gradients(X, Y)])
    alone = [np.concatenate([g.ravel() for g in net.numeric_gradients(X[i:i + 1], Y[i:i + 1])]) for i in range(3)]
    rows = data["parameters"]
    assert data["m"] == 3 and [r["parameter"] for r in rows][:2] == ["w⁽¹⁾₁₁", "w⁽¹⁾₁₂"]
    assert [r["gradient"] for r in rows] == pytest.approx(batch.tolist(), rel=1e-7, abs=1e-11)
    assert [r["example_mean"] for r in rows] == pytest.approx(batch.tolist(), rel=1e-7, abs=1e-11)
    for i in range(3):
        assert [r["examples"][i] for r in rows] == pytest.approx(alone[i].tolist(), rel=1e-7, abs=1e-11)
    assert [r["update"] for r in rows] == [-0.5 * r["gradient"] for r in rows]
    dW, db = net.gradients(X, Y)  # the numbers are MLP.gradients over the batch, exactly
    assert [r["gradient"] for r in rows] == [*dW[0].ravel(), *db[0], *dW[1].ravel(), *db[1]]
    assert data["loss_before"] == pytest.approx(np.mean([e["loss"] for e in data["examples"]]), rel=1e-15)
    assert data["mean_difference"] < 1e-15


def test_batch_step_table_shows_examples_their_gradients_and_the_mean() -> None:
    status, out, _ = run_cli("mlp", "step", "--preset", "seed-004", *PAIRS[:7], "--digits", "4")
    assert status == 0
    lines = out.splitlines()
    assert "The batch: m = 2 examples, Cᵢ the loss of example i alone" in lines
    assert " 2 │ (1, -1)     │ (0.5)  │ 0.03077 " in lines
    assert "Per-example gradients and their mean ∂C/∂θ = (1/m) Σᵢ ∂Cᵢ/∂θ (m = 2)" in lines
    assert " w⁽²⁾₁₁    │ 0.08217   │ 0.02686   │ 0.05451   " in lines  # (0.082167 + 0.0268556) / 2
    assert ("One gradient-descent step θ ← θ − η·∂C/∂θ with η = 0.5, C = (1/m) Σᵢ Cᵢ over m = 2 examples") in lines
    assert " w⁽²⁾₁₁    │ 0.4   │ 0.05451   │ -0.02726  │ 0.3727 " in lines
    assert lines[-1].startswith("the mean of the 2 per-example gradients equals ∂C/∂θ from one BP1–BP4 pass over the "
                                "batch, where δ carries the 1/m (largest relative difference ")


def test_a_csv_batch_gives_the_same_step_and_a_large_one_shows_the_sum(tmp_path) -> None:
    path = tmp_path / "batch.csv"
    path.write_text("x1, x2, y\n0.05,0.1,0.01\n\n1,-1,0.5\n0,2,1\n", encoding="utf-8")
    assert _step("--data", str(path)) == _step(*PAIRS)
    path.write_text("".join(f"{i / 10},{-i / 10},{i % 2}\n" for i in range(5)), encoding="utf-8")
    status, out, _ = run_cli("mlp", "step", "--preset", "seed-004", "--data", str(path))
    assert status == 0 and "The batch" not in out
    assert " parameter ┃ Σᵢ ∂Cᵢ/∂θ   ┃ mean        " in out.splitlines()
    assert out.splitlines()[-1] == "every example's ∂Cᵢ/∂θ (m = 5) is in --format json"
    rows = _step("--data", str(path))["parameters"]
    assert all(len(r["examples"]) == 5 for r in rows)


@pytest.mark.parametrize("text,error", [
    ("", "{p} holds no examples: write one a row, 2 + 1 values: x, then y"),
    ("x1,x2,y\n", "{p} holds no examples: write one a row, 2 + 1 values: x, then y"),
    ("1,2,3\n1,2\n", "{p}, line 2: 2 values, but each row needs 2 + 1: x, then y"),
    ("1,2,3\n1,two,3\n", "{p}, line 2: 'two' is not a finite number"),
    ("1,2,nan\n", "{p}, line 1: 'nan' is not a finite number"),
    (b"1,2,\xff\n", "{p} is not UTF-8 text"),
])
def test_bad_batch_files_are_one_line_errors(tmp_path, text: str | bytes, error: str) -> None:
    """Read by read_examples; a missing file and a folder too (below)."""
    path = tmp_path / "bad.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    status, out, err = run_cli("mlp", "step", "--sizes", "2,2,1", "--data", str(path))
    assert (status, out) == (2, "") and err == "adkit: error: " + error.format(p=path) + "\n"


def test_a_missing_file_or_a_folder_is_one_line(tmp_path) -> None:
    for path, reason in ((tmp_path / "none.csv", "No such file or directory"), (tmp_path, "Is a directory")):
        status, out, err = run_cli("mlp", "step", "--sizes", "2,2,1", "--data", str(path))
        assert (status, out, err) == (2, "", f"adkit: error: cannot read {path}: {reason}\n")


@pytest.mark.parametrize("argv,error", [
    (("--input", "1,2", "--input", "3,4", "--target", "1"),
     "2 --input but 1 --target: a batch needs one --target for each --input (the i-th goes with the i-th)"),
    (("--input", "1,2", "--target", "1", "--target", "0"),
     "1 --input but 2 --target: a batch needs one --target for each --input (the i-th goes with the i-th)"),
    (("--input", "1,2", "--target", "1", "--input", "3,4,5", "--target", "0"), "--input #2 has shape (3,), expected (2,)"),
    (("--data", "missing.csv", "--input", "1,2"), "--data and --input/--target both give examples: use one of them"),
])
def test_examples_must_pair_up(argv: tuple[str, ...], error: str) -> None:
    status, out, err = run_cli("mlp", "step", "--sizes", "2,2,1", *argv)
    assert (status, out, err) == (2, "", f"adkit: error: {error}\n")


def test_trace_takes_one_example_and_says_where_a_batch_goes() -> None:
    status, out, err = run_cli("mlp", "trace", "--preset", "seed-004", *PAIRS[:7])
    assert (status, out) == (2, "")
    assert err == "adkit: error: `adkit mlp trace` follows one example, but 2 were given: `adkit mlp step` takes a batch\n"


def test_batchnorm_batch_has_no_per_example_gradients() -> None:
    status, out, _ = run_cli("mlp", "step", "--sizes", "2,3,1", "--batchnorm", *PAIRS)
    assert status == 0 and "Per-example" not in out
    assert out.splitlines()[-1] == ("batch normalization couples the rows through μ and σ², so C is not a mean of "
                                    "per-example losses: only the batch's ∂C/∂θ is shown")


# ---- an option given twice ------------------------------------------------------
@pytest.mark.parametrize("argv,option,values", [
    (("step", "--preset", "seed-004", "--lr", "0.1", "--lr", "0.2"), "--lr", "0.1, then 0.2"),
    (("trace", "--preset", "seed-004", "--format", "table", "--format", "json"), "--format", "table, then json"),
    (("train", "--optimizer", "sgd", "--optimizer=adam"), "--optimizer", "sgd, then adam"),
    (("norms", "--sizes", "2,4,1", "--sizes", "2,8,1"), "--sizes", "2,4,1, then 2,8,1"),
])
def test_an_option_given_twice_is_an_error_naming_it(capsys, argv: tuple[str, ...], option: str, values: str) -> None:
    status, out, _ = run_cli("mlp", *argv)
    assert (status, out) == (2, "")
    assert capsys.readouterr().err.splitlines()[0] == (f"adkit mlp: error: argument {option}: given twice ({values}), but only one value "
                                   "is used: give it once")


# ---- gd is full batch; batches per epoch ---------------------------------------------
GD_BATCH = ("adkit: error: the gd optimizer is full-batch gradient descent: every step uses all the training rows, "
            "so it takes no batch size (got {batch}); for mini-batches use minibatch, momentum, nesterov or adam\n")


@pytest.mark.parametrize("argv", [("train", "--optimizer", "gd", "--batch", "128"), ("norms", "--batch", "128")])
def test_gd_with_a_batch_size_is_an_error_saying_why(argv: tuple[str, ...]) -> None:
    status, out, err = run_cli("mlp", *argv)
    assert (status, out, err) == (2, "", GD_BATCH.format(batch=128))


def test_train_refuses_a_batch_for_gd() -> None:
    from adkit.errors import NetworkError
    from adkit.nn import load_dataset, train

    d = load_dataset("xor")
    with pytest.raises(NetworkError) as info:
        train(MLP([2, 3, 2], loss="softmax_ce"), d.X_train, d.Y_train, optimizer="gd", batch=8, epochs=1)
    assert info.value.key == "nn.full_batch_only"


@pytest.mark.parametrize("optimizer,batch,batchnorm,batches", [
    ("gd", None, False, 1), ("gd", "auto", False, 1), ("sgd", "auto", False, 320), ("minibatch", 7, False, 46),
    ("minibatch", 29, False, 12), ("minibatch", 29, True, 11),  # 320 = 11·29 + 1: batch norm skips the last row
])
def test_batches_per_epoch_count_the_optimizer_steps(optimizer: str, batch, batchnorm: bool, batches: int) -> None:
    """Oracle: the optimizer's own step counter t after two epochs."""
    from adkit.nn import load_dataset, make_optimizer, train

    d = load_dataset("xor")
    opt = make_optimizer(optimizer)
    history = train(MLP([2, 3, 2], loss="softmax_ce", batchnorm=batchnorm), d.X_train, d.Y_train, optimizer=opt,
                    batch=batch, epochs=2)
    assert (history.batches_per_epoch, opt.t) == (batches, 2 * batches)


def test_train_prints_batches_per_epoch() -> None:
    base = ("mlp", "train", "--dataset", "xor", "--hidden", "4", "--epochs", "2", "--no-progress")
    status, out, _ = run_cli(*base, "--optimizer", "minibatch", "--batch", "7")
    assert status == 0 and "batch=7 batches_per_epoch=46 " in out.splitlines()[0]
    assert out.splitlines()[1] == "batches per epoch: 46 (320 training rows, 7 a batch, the last 5); epochs 2, so 92 optimizer steps"
    status, out, _ = run_cli(*base, "--optimizer", "gd")
    assert out.splitlines()[1] == "batches per epoch: 1 (320 training rows, 320 a batch); epochs 2, so 2 optimizer steps"
    report = json.loads(run_cli(*base, "--format", "json")[1])
    assert (report["settings"]["batch"], report["settings"]["batches_per_epoch"], report["batch"]) == (32, 10, 32)


def test_at_80_columns_titles_keep_their_line_and_three_examples_fit() -> None:
    import io

    from rich.console import Console

    from adkit.cli import main

    out = Console(file=io.StringIO(), width=80, color_system=None, force_terminal=False, soft_wrap=False)
    assert main(["mlp", "step", "--preset", "seed-004", *PAIRS], out=out, err=out) == 0
    lines = out.file.getvalue().splitlines()
    assert lines[1] == "The batch: m = 3 examples, Cᵢ the loss of example i alone"
    assert "Per-example gradients and their mean ∂C/∂θ = (1/m) Σᵢ ∂Cᵢ/∂θ (m = 3)" in lines
    assert " w⁽¹⁾₁₂    │ 0.00133679  │ -0.00457144 │ -0.00721393 │ -0.00348286 " in lines
    assert max(map(len, lines)) <= 80


def test_batch_files_are_bounded(tmp_path) -> None:
    many, big = tmp_path / "many.csv", tmp_path / "big.csv"
    many.write_text("0,0,0\n" * 10_001, encoding="utf-8")
    big.write_bytes(b" " * 2_000_001)
    for path, error in ((many, "has more than 10000 examples"), (big, "is larger than 2000000 bytes")):
        status, out, err = run_cli("mlp", "step", "--sizes", "2,2,1", "--data", str(path))
        assert (status, out, err) == (2, "", f"adkit: error: {path} {error}: a batch for `adkit mlp step` is a few lines\n")
