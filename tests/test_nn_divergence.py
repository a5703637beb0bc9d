"""A diverging run stops at once, keeps the last finite parameters, and says so in one line (exit 3)."""

from __future__ import annotations

import subprocess
import sys
import warnings

import numpy as np
import pytest

from adkit.nn import MLP, load_dataset, train
from helpers import run_cli

EXPECTED = ("adkit: error: training diverged: the loss became inf at epoch 7, step 1; try a smaller learning rate "
            "than 0.5 (the parameters of the last finite loss were kept)")


def _digits_net() -> tuple[MLP, np.ndarray, np.ndarray]:
    d = load_dataset("digits", seed=0)
    return MLP([64, 256, 10], activation="relu", loss="mse", seed=0), d.X_train, d.Y_train


def test_history_flags_divergence_and_keeps_the_last_finite_parameters() -> None:
    net, X, Y = _digits_net()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a numpy RuntimeWarning would fail the test
        history = train(net, X, Y, optimizer="gd", lr=0.5, epochs=50)
    assert history.diverged and history.diverged_at == (7, 1) and history.diverged_loss == float("inf")
    assert history.epochs == 6 and len(history.loss) == 6 and all(np.isfinite(history.loss))
    # full-batch gd: the loss of epoch 7 came from the parameters after 6 steps; the kept ones are
    # those after 5 steps, whose loss (epoch 6's) was the last finite one
    again, _, _ = _digits_net()
    train(again, X, Y, optimizer="gd", lr=0.5, epochs=5)
    assert all(np.array_equal(p, q) for p, q in zip(net.parameters, again.parameters))
    assert np.isfinite(net.cost(X, Y)) and net.cost(X, Y) == pytest.approx(history.loss[-1], rel=1e-12)


def test_a_stable_run_is_not_flagged() -> None:
    net, X, Y = _digits_net()
    history = train(net, X, Y, optimizer="gd", lr=0.05, epochs=3)
    assert not history.diverged and history.diverged_at is None and history.epochs == 3


def test_cli_reports_divergence_in_one_line_and_exits_3() -> None:
    status, out, err = run_cli("mlp", "train", "--loss", "mse", "--optimizer", "gd", "--lr", "0.5", "--no-progress")
    assert status == 3
    assert err == EXPECTED + "\n"
    assert out.startswith("settings: ") and "accuracy" not in out


def test_json_report_carries_the_flag_and_the_status() -> None:
    import json

    status, out, _ = run_cli("mlp", "train", "--loss", "mse", "--optimizer", "gd", "--lr", "0.5", "--format", "json")
    report = json.loads(out)
    assert status == 3 and report["diverged"] is True and report["diverged_at"] == [7, 1]


def test_no_numpy_warning_text_reaches_the_terminal() -> None:
    done = subprocess.run([sys.executable, "-m", "adkit", "mlp", "train", "--loss", "mse", "--optimizer", "gd",
                           "--lr", "0.5", "--no-progress"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 3
    assert done.stderr == EXPECTED + "\n"
