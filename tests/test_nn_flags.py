"""Every flag of ``adkit mlp`` reaches the model: each one changes what the header/JSON echoes."""

from __future__ import annotations

import json
import math

import pytest

from helpers import run_cli

BASE = ("mlp", "train", "--dataset", "xor", "--hidden", "4", "--epochs", "2", "--no-progress")


def _settings(*extra: str) -> tuple[dict, dict]:
    status, out, err = run_cli(*BASE, *extra, "--format", "json")
    assert status == 0, err
    report = json.loads(out)
    return report["settings"], report


@pytest.mark.parametrize("flags,key,value", [
    (("--dataset", "moons"), "dataset", "moons"),
    (("--hidden", "3,5"), "sizes", [2, 3, 5, 2]),
    (("--activation", "tanh"), "activation", "tanh"),
    (("--loss", "mse", "--output-activation", "sigmoid"), "output_activation", "sigmoid"),
    (("--loss", "sse_mean"), "loss", "sse_mean"),
    (("--loss", "huber", "--delta", "0.25"), "delta", 0.25),
    (("--batchnorm",), "batchnorm", True),
    (("--optimizer", "momentum"), "optimizer", "momentum"),
    (("--lr", "0.125"), "lr", 0.125),
    (("--batch", "7"), "batch", 7),
    (("--epochs", "3"), "epochs", 3),
    (("--weight-decay", "0.01"), "weight_decay", 0.01),
    (("--seed", "5"), "seed", 5),
    (("--method", "autodiff"), "method", "autodiff"),
    (("--schedule", "step", "--lr-drop", "0.25", "--lr-every", "1"), "schedule", "step(drop=0.25, every=1)"),
    (("--schedule", "exponential", "--lr-decay", "0.5"), "schedule", "exponential(decay=0.5)"),
    (("--schedule", "inverse", "--lr-decay", "2"), "schedule", "inverse(decay=2)"),
    (("--schedule", "cosine", "--lr-min", "0.0001"), "schedule", "cosine(min_lr=0.0001)"),
])
def test_train_flag_reaches_the_model(flags: tuple[str, ...], key: str, value: object) -> None:
    settings, _ = _settings(*flags)
    assert settings[key] == value
    default, _ = _settings()
    assert default[key] != value


def test_settings_line_heads_the_table() -> None:
    status, out, _ = run_cli(*BASE, "--output-activation", "sigmoid", "--loss", "mse")
    assert status == 0
    first = out.splitlines()[0]
    assert first.startswith("settings: dataset=xor sizes=[2, 4, 2] activation=relu output_activation=sigmoid loss=mse")


def test_output_activation_changes_the_training_not_just_the_header() -> None:
    _, sigmoid = _settings("--loss", "mse", "--output-activation", "sigmoid")
    _, identity = _settings("--loss", "mse", "--output-activation", "identity")
    assert sigmoid["settings"]["output_activation"] == "sigmoid"
    assert sigmoid["loss"] != identity["loss"]


def test_schedule_rates_reach_the_optimizer() -> None:
    _, report = _settings("--schedule", "step", "--lr-drop", "0.5", "--lr-every", "1", "--epochs", "3", "--lr", "0.1")
    assert report["learning_rates"] == [0.1, 0.05, 0.025]


def test_seed_changes_the_run_and_method_gives_the_same_numbers() -> None:
    _, a = _settings()
    _, b = _settings("--seed", "1")
    _, c = _settings("--method", "autodiff")
    assert a["loss"] != b["loss"]
    assert c["loss"] == pytest.approx(a["loss"], rel=1e-12)


def test_plot_flag_writes_a_png(tmp_path) -> None:
    path = tmp_path / "loss.png"
    status, _, err = run_cli(*BASE, "--plot", str(path))
    assert status == 0 and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and str(path) in err


@pytest.mark.parametrize("flags,key,value", [
    (("--activation", "tanh"), "network", "activation='tanh'"),
    (("--output-activation", "sigmoid"), "network", "output_activation='sigmoid'"),
    (("--loss", "sse_mean"), "network", "loss='sse_mean'"),
    (("--loss", "huber", "--delta", "0.5"), "network", "delta=0.5"),
])
def test_trace_flag_reaches_the_model(flags: tuple[str, ...], key: str, value: str) -> None:
    status, out, err = run_cli("mlp", "trace", "--preset", "example-3.1", *flags, "--format", "json")
    assert status == 0, err
    assert value in json.loads(out)[key]


def test_trace_input_target_seed_and_digits_reach_the_view() -> None:
    status, out, _ = run_cli("mlp", "trace", "--sizes", "2,2,1", "--seed", "3", "--input=1,-1", "--target", "0.5",
                             "--format", "json")
    data = json.loads(out)
    assert data["forward"][0]["z"] != json.loads(run_cli("mlp", "trace", "--sizes", "2,2,1", "--format", "json")[1])["forward"][0]["z"]
    status, out, _ = run_cli("mlp", "trace", "--preset", "example-3.1", "--digits", "3")
    assert "0.593" in out and "0.59327" not in out


def test_delta_changes_the_huber_loss_value() -> None:
    values = []
    for delta in ("0.1", "10"):
        _, out, _ = run_cli("mlp", "trace", "--preset", "example-3.1", "--loss", "huber", "--delta", delta,
                            "--format", "json")
        values.append(json.loads(out)["loss"])
    r = 1.10590596705977 - 0.01  # the preset's residual a⁽²⁾ − y
    assert values == [pytest.approx(0.1 * (r - 0.05), rel=1e-12), pytest.approx(0.5 * r * r, rel=1e-12)]
    assert not math.isclose(*values)


def test_progress_bar_goes_to_stderr_unless_no_progress() -> None:
    args = ("mlp", "train", "--dataset", "xor", "--hidden", "4", "--epochs", "2")
    _, _, err = run_cli(*args)
    assert "epoch" in err and "2/2" in err
    _, _, err = run_cli(*args, "--no-progress")
    assert err == ""


@pytest.mark.parametrize("flags,value", [
    (("--dataset", "xor"), "on xor"),
    (("--sizes", "2,8,8,1"), "MLP([2, 8, 8, 1]"),
    (("--activation", "tanh"), "activation='tanh'"),
    (("--loss", "sse_mean"), "loss='sse_mean'"),
    (("--batchnorm",), "batchnorm=True"),
    (("--output-activation", "sigmoid"), "output_activation='sigmoid'"),
])
def test_norms_flag_reaches_the_model(flags: tuple[str, ...], value: str) -> None:
    status, out, err = run_cli("mlp", "norms", *flags, "--format", "json")
    assert status == 0, err
    assert value in json.loads(out)["network"]


def test_norms_training_flags_change_the_checkpoints() -> None:
    base = ("mlp", "norms", "--sizes", "2,4,1", "--epochs", "2", "--every", "1", "--format", "json")
    runs = [json.loads(run_cli(*base, *extra)[1])["checkpoints"][-1]["loss"]
            for extra in ((), ("--lr", "0.1"), ("--optimizer", "adam"), ("--batch", "16"), ("--seed", "2"),
                          ("--schedule", "inverse", "--lr-decay", "5"), ("--weight-decay", "0.5"))]
    assert len(set(runs)) == len(runs)
    tape = json.loads(run_cli(*base, "--method", "autodiff")[1])["checkpoints"][-1]["loss"]
    assert tape == pytest.approx(runs[0], rel=1e-12)


def test_plot_without_matplotlib_still_trains_and_says_how_to_install(monkeypatch, tmp_path) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    status, out, err = run_cli(*BASE, "--plot", str(tmp_path / "loss.png"))
    assert status == 0 and "accuracy" in out
    assert err == ("--plot needs matplotlib, which is not installed: pip install adkit[plot] (the numbers are in "
                   "--format json)\n")


SAMPLE = {"preset": "seed-004", "sizes": "2,2,1", "weights": "[[1,2],[3,4]]", "biases": "[0,0]", "layout": "in-out",
          "input": "1,2", "target": "1", "scalar": None, "activation": "tanh", "output_activation": "sigmoid",
          "loss": "sse_mean", "delta": "0.5", "batchnorm": None, "seed": "1", "lr": "0.1", "epochs": "2",
          "plot": "x.png", "format": "json", "digits": "3", "dataset": "xor", "hidden": "4", "optimizer": "sgd",
          "batch": "4", "weight_decay": "0.1", "schedule": "step", "lr_drop": "0.5", "lr_every": "2",
          "lr_decay": "0.5", "lr_min": "0.01", "method": "autodiff", "every": "2", "no_progress": None, "force": None}


def _misplaced() -> list[tuple[str, str]]:
    from adkit.cli.mlp_options import OPTION_VIEWS, VIEWS

    return [(view, dest) for dest, views in OPTION_VIEWS.items() for view in VIEWS if view not in views]


def test_every_option_is_mapped_and_sampled() -> None:
    from adkit.cli import build_parser
    from adkit.cli.mlp_options import OPTION_VIEWS

    parser = build_parser(only="mlp")
    mlp = next(a for a in parser._actions if a.dest == "command").choices["mlp"]
    dests = {a.dest for a in mlp._actions} - {"help", "view", "lang"}
    assert dests == set(OPTION_VIEWS) == set(SAMPLE)


@pytest.mark.parametrize("view,dest", _misplaced())
def test_an_option_a_view_does_not_use_is_an_error(view: str, dest: str) -> None:
    from adkit.cli.mlp_options import OPTION_VIEWS

    flag = "--" + dest.replace("_", "-")
    argv = ["mlp", view, flag] + ([SAMPLE[dest]] if SAMPLE[dest] is not None else [])
    status, out, err = run_cli(*argv)
    assert status == 2 and out == ""
    assert err == (f"adkit: error: {flag} has no effect on `adkit mlp {view}`; it applies to: "
                   f"{', '.join(OPTION_VIEWS[dest])}\n")
