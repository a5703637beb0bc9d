"""``adkit mlp trace|collapse|train``: BP1–BP4 step by step, Theorem 3.1, training.

One flat parser (the view is a positional choice) so the shared option
handling in :mod:`adkit.cli` sees every option.  Negative numbers in a value
are written ``--input=-0.5,1``.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from adkit.cli.common import EXIT_CHECK_FAILED, EXIT_OK
from adkit.errors import NetworkError
from adkit.messages import message
from adkit.nn import load_dataset, make_optimizer, MLP, train
from adkit.nn.views import collapse_view, preset, PRESETS, scalar_program, to_latex, to_markdown, to_rich, trace_view

if TYPE_CHECKING:
    from rich.console import Console

VIEWS = ("trace", "collapse", "train")
FORMATS = ("table", "markdown", "latex", "json")
#: The defaults of ``adkit mlp train`` (docs/nn.md says why these reach ≥ 0.97 on digits).
TRAIN_DEFAULTS = dict(dataset="digits", hidden="256", activation="relu", loss="softmax_ce", optimizer="adam",
                      lr=0.001, epochs=50, batch=32, weight_decay=0.0, seed=0)


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "mlp", help="multilayer perceptrons: BP1–BP4 tables, Theorem 3.1, training",
        description="trace: forward table, δ⁽ˡ⁾ (BP1/BP2) and ∂C/∂W, ∂C/∂b (BP3/BP4), each checked against "
        "the array tape.  collapse: Theorem 3.1 on identity networks.  train: train on digits, xor or moons.",
        allow_abbrev=False,
    )
    p.add_argument("view", choices=VIEWS, help="what to show")
    net = p.add_argument_group("network (trace, collapse)")
    # Not choices=: listing them would import numpy on every adkit start; preset() checks the name.
    net.add_argument("--preset", metavar="NAME", help="a worked network from the course seeds: example-3.1, seed-004")
    net.add_argument("--sizes", metavar="N,N,...", help="layer widths, input first, e.g. 2,2,1")
    net.add_argument("--weights", action="append", metavar="JSON",
                     help="one per layer: W⁽ˡ⁾ as a JSON list of rows, e.g. '[[0.15,0.2],[0.25,0.3]]'")
    net.add_argument("--biases", action="append", metavar="JSON", help="one per layer: b⁽ˡ⁾ as a JSON list")
    net.add_argument("--input", metavar="X1,X2,...", help="trace: the example x (a⁽⁰⁾)")
    net.add_argument("--target", metavar="Y1,...", help="trace: its label y")
    net.add_argument("--output-activation", choices=("identity", "sigmoid", "tanh", "relu", "softmax"))
    net.add_argument("--scalar", action="store_true",
                     help="trace: also print the same network as a scalar program for `adkit trace`")
    both = p.add_argument_group("shared")
    both.add_argument("--activation", choices=("sigmoid", "tanh", "relu", "identity"))
    both.add_argument("--loss", choices=("mse", "bce", "softmax_ce"))
    both.add_argument("--seed", type=int, help="random weights / shuffling / split (default 0)")
    both.add_argument("--format", choices=FORMATS, default="table", help="output format")
    both.add_argument("--digits", type=int, default=6, help="significant digits shown (default 6)")
    tr = p.add_argument_group("train")
    tr.add_argument("--dataset", choices=("digits", "xor", "moons"))
    tr.add_argument("--hidden", metavar="N,N,...", help=f"hidden widths (default {TRAIN_DEFAULTS['hidden']})")
    tr.add_argument("--epochs", type=int)
    tr.add_argument("--optimizer", choices=("gd", "sgd", "minibatch", "momentum", "nesterov", "adam"))
    tr.add_argument("--lr", type=float)
    tr.add_argument("--batch", type=int, help="rows per step (gd: all rows, sgd: 1)")
    tr.add_argument("--weight-decay", type=float)
    tr.add_argument("--method", choices=("bp", "autodiff"), default="bp", help="gradient engine for training")
    tr.add_argument("--plot", metavar="PNG", help="save the loss curve (needs matplotlib)")
    tr.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(run=run)


def _floats(text: str, what: str) -> list[float]:
    try:
        return [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise NetworkError("nn.weights_format", what=what, text=text) from None


def _json_list(text: str, what: str) -> Any:
    try:
        value = json.loads(text)  # data only: json never evaluates code
    except ValueError:
        raise NetworkError("nn.weights_format", what=what, text=text) from None
    if not isinstance(value, (list, int, float)):
        raise NetworkError("nn.weights_format", what=what, text=text)
    return value


def _network(args: argparse.Namespace, identity: bool = False):
    import numpy as np


    if args.preset:
        net, x, y, source = preset(args.preset)
        if not (args.weights or args.activation or args.output_activation or args.input or args.target or identity):
            return net, x, y, f"{source} ({message('nn.preset.note')})"
        base = PRESETS[args.preset]
        sizes, weights, biases = base["sizes"], base["weights"], base["biases"]
        x0, y0 = base["x"], base["y"]
    else:
        sizes = [int(v) for v in _floats(args.sizes, "--sizes")] if args.sizes else [2, 2, 1]
        weights = biases = None
        x0, y0 = [0.05] * sizes[0], [0.01] * sizes[-1]
    if args.weights:
        weights = [_json_list(w, f"--weights #{i + 1}") for i, w in enumerate(args.weights)]
    if args.biases:
        biases = [_json_list(b, f"--biases #{i + 1}") for i, b in enumerate(args.biases)]
    if biases is None and weights is not None:
        biases = [[0.0] * int(n) for n in sizes[1:]]
    activation = "identity" if identity else (args.activation or (PRESETS[args.preset]["activation"] if args.preset else "sigmoid"))
    output = "identity" if identity else (args.output_activation or (PRESETS[args.preset]["output_activation"] if args.preset else "identity"))
    loss = args.loss or ("softmax_ce" if output == "softmax" else "mse")
    net = MLP(sizes, activation=activation, output_activation=output, loss=loss,
              seed=args.seed if args.seed is not None else 0, weights=weights, biases=biases)
    x = np.array([_floats(args.input, "--input") if args.input else x0], dtype=float)
    y = np.array([_floats(args.target, "--target") if args.target else y0], dtype=float)
    return net, x, y, repr(net)


def _emit(view, args: argparse.Namespace, out: "Console") -> None:

    if args.format == "json":
        out.file.write(json.dumps(view.data, indent=2, ensure_ascii=False) + "\n")
    elif args.format == "markdown":
        out.file.write(to_markdown(view))
    elif args.format == "latex":
        out.file.write(to_latex(view))
    else:
        for item in to_rich(view):
            out.print(item, markup=False, highlight=False) if isinstance(item, str) else out.print(item)


def run(args: argparse.Namespace, out: "Console", err: "Console") -> int:
    if args.view == "train":
        return _train(args, out, err)

    if args.view == "collapse":
        net, _, _, _ = _network(args, identity=True)
        view = collapse_view(net, digits=args.digits)
        _emit(view, args, out)
        return EXIT_OK if view.ok else EXIT_CHECK_FAILED
    net, x, y, title = _network(args)
    view = trace_view(net, x, y, digits=args.digits, title=title)
    if args.scalar:
        text, at = scalar_program(net, x, y)
        point = ",".join(f"{k}={v!r}" for k, v in at.items())
        view.data["scalar_program"] = {"program": text, "at": at}
        view.notes.append(f'adkit trace "{text}" --at {point}')
    _emit(view, args, out)
    return EXIT_OK if view.ok else EXIT_CHECK_FAILED


def _train(args: argparse.Namespace, out: "Console", err: "Console") -> int:

    d = TRAIN_DEFAULTS
    dataset = load_dataset(args.dataset or d["dataset"], seed=args.seed if args.seed is not None else d["seed"])
    hidden = [int(v) for v in _floats(args.hidden or d["hidden"], "--hidden")]
    seed = args.seed if args.seed is not None else d["seed"]
    loss = args.loss or d["loss"]
    net = MLP([dataset.features, *hidden, dataset.classes], activation=args.activation or d["activation"],
              output_activation=None if loss == "softmax_ce" else ("sigmoid" if loss == "bce" else "identity"),
              loss=loss, seed=seed)
    epochs = args.epochs if args.epochs is not None else d["epochs"]
    optimizer = args.optimizer or d["optimizer"]
    batch: Any = args.batch if args.batch is not None else ("auto" if args.optimizer else d["batch"])
    lr = args.lr if args.lr is not None else (None if args.optimizer and args.optimizer != "adam" else d["lr"])
    opt = make_optimizer(optimizer, lr=lr, weight_decay=args.weight_decay or 0.0)
    settings = dict(dataset=dataset.name, sizes=net.sizes, activation=net.activation, loss=net.loss,
                    optimizer=optimizer, lr=opt.lr, batch=batch, weight_decay=opt.weight_decay, seed=seed,
                    method=args.method)
    show = not args.no_progress and args.format != "json"
    progress = None
    if show:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        progress = Progress(TextColumn(message("nn.col.epoch")), MofNCompleteColumn(), BarColumn(),
                            TextColumn(message("nn.col.loss") + " {task.fields[loss]}"),
                            TimeElapsedColumn(), console=err, transient=False)
        task = progress.add_task("train", total=epochs, loss="-")
        progress.start()

    def on_epoch(epoch: int, loss_value: float) -> None:
        if progress is not None:
            progress.update(task, advance=1, loss=f"{loss_value:.4g}")

    try:
        history = train(net, dataset.X_train, dataset.Y_train, optimizer=opt, epochs=epochs, batch=batch,
                        seed=seed, X_test=dataset.X_test,
                        Y_test=dataset.Y_test, method=args.method, on_epoch=on_epoch)
    finally:
        if progress is not None:
            progress.stop()
    summary = dict(test_accuracy=history.test_accuracy, train_accuracy=history.train_accuracy,
                   final_loss=history.final_loss, epochs=history.epochs, seconds=history.seconds)
    if args.plot:
        _plot(history.loss, args.plot, err)
    if args.format == "json":
        report = {"settings": settings, "loss": history.loss, "test_loss": history.test_loss,
                  "train_loss": history.train_loss, "batch": history.batch, **summary}
        out.file.write(json.dumps(report, indent=2) + "\n")
        return EXIT_OK
    from rich.table import Table

    table = Table(title=f"{dataset.name}: {net!r}, {optimizer}", title_justify="left", show_edge=False)
    for col in ("", message("nn.col.accuracy"), message("nn.col.loss")):
        table.add_column(col)
    table.add_row(message("nn.row.train"), f"{history.train_accuracy:.4f}", f"{history.train_loss:.4g}")
    table.add_row(message("nn.row.test"), f"{history.test_accuracy:.4f}", f"{history.test_loss:.4g}")
    out.print(table)
    out.print(message("nn.train_done", **summary), markup=False, highlight=False)
    return EXIT_OK


def _plot(losses: list[float], path: str, err: "Console") -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        err.print(message("nn.no_matplotlib"), markup=False, highlight=False)
        return
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(range(1, len(losses) + 1), losses)
    ax.set_xlabel(message("nn.col.epoch"))
    ax.set_ylabel("mean training loss")
    ax.set_yscale("log")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    err.print(message("nn.plot_saved", path=path), markup=False, highlight=False)
