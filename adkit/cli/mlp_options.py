"""What ``adkit mlp`` accepts: its views and formats, the defaults, which option reaches which view,
and no one-value option given twice (argparse would keep the last value without a word).

Read by its parser (:mod:`adkit.cli.mlp`) and by its run (:mod:`adkit.cli.mlp_run`); no numpy here,
so building adkit's parsers stays light.
"""

from __future__ import annotations

import argparse

from adkit.errors import NetworkError
from adkit.messages import message

VIEWS = ("trace", "collapse", "train", "norms", "step")
EXIT_DIVERGED = 3  # training stopped because the loss became NaN or inf
FORMATS = ("table", "markdown", "latex", "json")
#: The defaults of ``adkit mlp train`` (docs/nn.md says why these reach ≥ 0.97 on digits).
TRAIN_DEFAULTS = dict(dataset="digits", hidden="256", activation="relu", loss="softmax_ce", optimizer="adam",
                      lr=0.001, epochs=50, batch=32, weight_decay=0.0, seed=0)
#: The defaults of ``adkit mlp norms``: seed 001's deep sigmoid stack on a two-feature set.
NORMS_DEFAULTS = dict(dataset="moons", sizes="2,16,16,16,16,16,1", activation="sigmoid", loss="mse", optimizer="gd",
                      epochs=0, every=10)
STEP_LR = 0.5  # the rate of Mazur's worked example, which the presets' numbers come from
LOSS_NAMES = ("mse", "sse_mean", "huber", "bce", "softmax_ce")
_NET, _ALL = ("trace", "step", "train", "norms"), VIEWS
#: Which views each option reaches; any other use is an error, never silently ignored.
OPTION_VIEWS = {
    "preset": ("trace", "collapse", "step"), "sizes": ("trace", "collapse", "step", "norms"),
    "weights": ("trace", "collapse", "step"), "biases": ("trace", "collapse", "step"),
    "layout": ("trace", "collapse", "step"), "input": ("trace", "step"), "target": ("trace", "step"),
    "data": ("step",), "scalar": ("trace",), "activation": _NET, "output_activation": _NET, "loss": _NET, "delta": _NET,
    "batchnorm": _NET, "seed": _ALL, "lr": ("train", "norms", "step"), "epochs": ("train", "norms"),
    "plot": ("train", "norms"), "force": ("train", "norms"), "format": _ALL, "digits": ("trace", "collapse", "step", "norms"),
    "dataset": ("train", "norms"), "hidden": ("train",), "optimizer": ("train", "norms"), "batch": ("train", "norms"),
    "weight_decay": ("train", "norms"), "schedule": ("train", "norms"), "lr_drop": ("train", "norms"),
    "lr_every": ("train", "norms"), "lr_decay": ("train", "norms"), "lr_min": ("train", "norms"),
    "method": ("train", "norms"), "every": ("norms",), "no_progress": ("train",),
}
#: Values that mean "not given" for options with a default other than None or False.
UNSET = {"format": "table", "digits": 6, "layout": "out-in", "method": "bp"}
#: Where the parse keeps the options already given (copied into the namespace, read by nobody else).
_GIVEN = "_options_given"


class _StoreOnce(argparse._StoreAction):
    """``store`` that refuses a second value for the same option."""

    def __call__(self, parser, namespace, values, option_string=None):  # type: ignore[no-untyped-def]
        given = namespace.__dict__.setdefault(_GIVEN, {})
        if self.dest in given:
            raise argparse.ArgumentError(self, message("nn.option_repeated", first=given[self.dest], second=values))
        given[self.dest] = values
        super().__call__(parser, namespace, values, option_string)


def refuse_repeats(parser: argparse.ArgumentParser) -> None:
    """Make every later ``store`` option of ``parser`` (and its groups) refuse a second value."""
    parser.register("action", None, _StoreOnce)
    parser.register("action", "store", _StoreOnce)


def check_options(args: argparse.Namespace) -> None:
    """An option the view does not use is an error naming the views it applies to."""
    for dest, views in OPTION_VIEWS.items():
        value = getattr(args, dest)
        if args.view not in views and value not in (None, False, UNSET.get(dest)):
            raise NetworkError("nn.option_not_for_view", option="--" + dest.replace("_", "-"), view=args.view,
                               views=", ".join(views))
