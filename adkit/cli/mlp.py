"""``adkit mlp trace|collapse|train|norms|step``: BP1–BP4 step by step, Theorem 3.1,
training, gradient norms per layer, one gradient-descent step.

One flat parser (the view is a positional choice) so the shared option
handling in :mod:`adkit.cli` sees every option.  Negative numbers in a value
may follow the option (``--input -0.5,1``); adkit.cli rewrites it.  The views
run in :mod:`adkit.cli.mlp_run`, imported only when one runs (numpy, start-up).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from adkit.cli.mlp_options import FORMATS, LOSS_NAMES, NORMS_DEFAULTS, STEP_LR, TRAIN_DEFAULTS, VIEWS, refuse_repeats
from adkit.messages import message

if TYPE_CHECKING:
    from rich.console import Console


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "mlp", help=message("help.mlp.summary"),
        description=message("help.mlp.description"),
        allow_abbrev=False,
    )
    refuse_repeats(p)
    p.add_argument("view", choices=VIEWS, help=message("help.mlp.view"))
    net = p.add_argument_group(message("help.mlp.group_network"))
    # Not choices=: listing them would import numpy on every adkit start; preset() checks the name.
    net.add_argument("--preset", metavar="NAME", help=message("help.mlp.preset"))
    net.add_argument("--sizes", metavar="N,N,...", help=message("help.mlp.sizes", default=NORMS_DEFAULTS["sizes"]))
    net.add_argument("--weights", action="append", metavar="JSON",
                     help=message("help.mlp.weights", example="[[0.15,0.2],[0.25,0.3]]"))
    net.add_argument("--layout", choices=("out-in", "in-out"), default="out-in",
                     help=message("help.mlp.layout"))
    net.add_argument("--biases", action="append", metavar="JSON", help=message("help.mlp.biases"))
    net.add_argument("--input", action="append", metavar="X1,X2,...", help=message("help.mlp.input"))
    net.add_argument("--target", action="append", metavar="Y1,...", help=message("help.mlp.target"))
    net.add_argument("--data", metavar="CSV", help=message("help.mlp.data"))
    net.add_argument("--scalar", action="store_true",
                     help=message("help.mlp.scalar"))
    both = p.add_argument_group(message("help.mlp.group_shared"))
    both.add_argument("--activation", choices=("sigmoid", "tanh", "relu", "identity"),
                      help=message("help.mlp.activation"))
    both.add_argument("--output-activation", choices=("identity", "sigmoid", "tanh", "relu", "softmax"),
                      help=message("help.mlp.output_activation"))
    both.add_argument("--loss", choices=LOSS_NAMES,
                      help=message("help.mlp.loss"))
    both.add_argument("--delta", type=float, help=message("help.mlp.delta"))
    both.add_argument("--batchnorm", action="store_true", help=message("help.mlp.batchnorm"))
    both.add_argument("--seed", type=int, help=message("help.mlp.seed"))
    both.add_argument("--lr", type=float, help=message("help.mlp.lr", default=STEP_LR))
    both.add_argument("--epochs", type=int, help=message("help.mlp.epochs"))
    both.add_argument("--plot", metavar="PNG", help=message("help.mlp.plot"))
    both.add_argument("--format", choices=FORMATS, default="table", help=message("help.mlp.format"))
    both.add_argument("--digits", type=int, default=6, help=message("help.mlp.digits"))
    tr = p.add_argument_group(message("help.mlp.group_train"))
    tr.add_argument("--dataset", choices=("digits", "xor", "moons"), help=message("help.mlp.dataset"))
    tr.add_argument("--hidden", metavar="N,N,...", help=message("help.mlp.hidden", default=TRAIN_DEFAULTS["hidden"]))
    tr.add_argument("--optimizer", choices=("gd", "sgd", "minibatch", "momentum", "nesterov", "adam"),
                    help=message("help.mlp.optimizer"))
    tr.add_argument("--batch", type=int, help=message("help.mlp.batch"))
    tr.add_argument("--weight-decay", type=float, help=message("help.mlp.weight_decay"))
    tr.add_argument("--schedule", choices=("constant", "step", "exponential", "inverse", "cosine"),
                    help=message("help.mlp.schedule"))
    tr.add_argument("--lr-drop", type=float, help=message("help.mlp.lr_drop"))
    tr.add_argument("--lr-every", type=int, help=message("help.mlp.lr_every"))
    tr.add_argument("--lr-decay", type=float, help=message("help.mlp.lr_decay"))
    tr.add_argument("--lr-min", type=float, help=message("help.mlp.lr_min"))
    tr.add_argument("--method", choices=("bp", "autodiff"), default="bp", help=message("help.mlp.method"))
    tr.add_argument("--every", type=int, help=message("help.mlp.every", default=NORMS_DEFAULTS["every"]))
    tr.add_argument("--no-progress", action="store_true", help=message("help.mlp.no_progress"))
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: "Console", err: "Console") -> int:
    """Run the view: numpy and adkit.nn are imported now, not whenever adkit's parsers are built."""
    from adkit.cli.mlp_run import run_view

    return run_view(args, out, err)
