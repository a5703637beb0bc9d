"""``adkit mlp trace|collapse|train|norms|step``: BP1–BP4 step by step, Theorem 3.1,
training, gradient norms per layer, one gradient-descent step.

One flat parser (the view is a positional choice) so the shared option
handling in :mod:`adkit.cli` sees every option.  Negative numbers in a value
may follow the option (``--input -0.5,1``); adkit.cli rewrites it.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from adkit.cli.common import EXIT_CHECK_FAILED, EXIT_OK
from adkit.cli.outputs import write_output
from adkit.cli.mlp_network import flag_floats, flag_mlp, flag_network
from adkit.cli.mlp_options import VIEWS, check_options, refuse_repeats
from adkit.errors import NetworkError
from adkit.messages import message
from adkit.nn import load_dataset, make_optimizer, train
from adkit.nn import figures
from adkit.nn.lesson_views import norms_view, step_view
from adkit.nn.norms import gradient_step, norm_profile
from adkit.nn.schedules import make_schedule
from adkit.nn.train import batch_plan, blas_limit
from adkit.nn.views import collapse_view, scalar_program, to_latex, to_markdown, to_rich, trace_view
from adkit.present.pyplot import pyplot
from adkit.present.data import dumps

if TYPE_CHECKING:
    from rich.console import Console

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



def _emit(view, args: argparse.Namespace, out: "Console") -> None:
    if args.format == "json":
        out.file.write(dumps(view.data, indent=2, ensure_ascii=False) + "\n")
    elif args.format == "markdown":
        out.file.write(to_markdown(view))
    elif args.format == "latex":
        out.file.write(to_latex(view))
    else:
        for item in to_rich(view):
            out.print(item, markup=False, highlight=False) if isinstance(item, str) else out.print(item)


def run(args: argparse.Namespace, out: "Console", err: "Console") -> int:
    with blas_limit(1):  # small networks: BLAS threads only cost time (docs/nn.md, benchmarks/)
        return _run_view(args, out, err)


def _run_view(args: argparse.Namespace, out: "Console", err: "Console") -> int:
    check_options(args)
    if args.view in ("train", "norms"):
        return (_train if args.view == "train" else _norms)(args, out, err)
    if args.view == "collapse":
        net, _, _, _ = flag_network(args, identity=True)
        view = collapse_view(net, digits=args.digits)
        _emit(view, args, out)
        return EXIT_OK if view.ok else EXIT_CHECK_FAILED
    net, x, y, title = flag_network(args)
    if args.view == "step":
        view = step_view(gradient_step(net, x, y, args.lr if args.lr is not None else STEP_LR), layout=args.layout,
                         digits=args.digits, title=title)
        _emit(view, args, out)
        return EXIT_OK if view.ok else EXIT_CHECK_FAILED
    if len(x) > 1:
        raise NetworkError("nn.trace_one_example", count=len(x))
    view = trace_view(net, x, y, digits=args.digits, title=title)
    if args.scalar:
        text, at = scalar_program(net, x, y)
        point = ",".join(f"{k}={v!r}" for k, v in at.items())
        view.data["scalar_program"] = {"program": text, "at": at}
        view.notes.append(f'adkit trace "{text}" --at {point}')
    _emit(view, args, out)
    return EXIT_OK if view.ok else EXIT_CHECK_FAILED


def _schedule(args: argparse.Namespace):
    return make_schedule(args.schedule, drop=args.lr_drop, every=args.lr_every, decay=args.lr_decay,
                         min_lr=args.lr_min)


def _output_activation(args: argparse.Namespace, loss: str) -> str | None:
    if args.output_activation:
        return args.output_activation
    return None if loss == "softmax_ce" else ("sigmoid" if loss == "bce" else "identity")


def _train(args: argparse.Namespace, out: "Console", err: "Console") -> int:
    d = TRAIN_DEFAULTS
    seed = args.seed if args.seed is not None else d["seed"]
    dataset = load_dataset(args.dataset or d["dataset"], seed=seed)
    hidden = [int(v) for v in flag_floats(args.hidden or d["hidden"], "--hidden")]
    loss = args.loss or d["loss"]
    net = flag_mlp([dataset.features, *hidden, dataset.classes], args, activation=args.activation or d["activation"],
               output_activation=_output_activation(args, loss), loss=loss, seed=seed)
    epochs = args.epochs if args.epochs is not None else d["epochs"]
    optimizer = args.optimizer or d["optimizer"]
    batch: Any = args.batch if args.batch is not None else ("auto" if args.optimizer else d["batch"])
    lr = args.lr if args.lr is not None else (None if args.optimizer and args.optimizer != "adam" else d["lr"])
    opt = make_optimizer(optimizer, lr=lr, weight_decay=args.weight_decay or 0.0)
    schedule = _schedule(args)
    rows = len(dataset.X_train)
    plan = batch_plan(optimizer, batch, rows, net.batchnorm)
    settings = dict(dataset=dataset.name, sizes=net.sizes, activation=net.activation,
                    output_activation=net.output_activation, loss=net.loss, delta=net.delta,
                    batchnorm=net.batchnorm, optimizer=optimizer, lr=opt.lr, schedule=str(schedule),
                    batch=plan.size, batches_per_epoch=plan.batches, epochs=epochs, weight_decay=opt.weight_decay,
                    seed=seed, method=args.method)
    if args.format != "json":
        out.print(message("nn.settings", settings=" ".join(f"{k}={v}" for k, v in settings.items())),
                  markup=False, highlight=False)
        out.print(message("nn.batches", batches=plan.batches, rows=rows, size=plan.size, steps=plan.batches * epochs,
                          last=plan.last if plan.last != plan.size else None, epochs=epochs), markup=False,
                  highlight=False)
    progress = _progress(err, epochs) if not args.no_progress and args.format != "json" else None
    try:
        history = train(net, dataset.X_train, dataset.Y_train, optimizer=opt, epochs=epochs, batch=batch,
                        seed=seed, X_test=dataset.X_test, Y_test=dataset.Y_test, method=args.method,
                        on_epoch=progress.advance if progress else None, schedule=schedule)
    finally:
        if progress is not None:
            progress.stop()
    summary = dict(test_accuracy=history.test_accuracy, train_accuracy=history.train_accuracy,
                   final_loss=history.final_loss, epochs=history.epochs, seconds=history.seconds)
    status = _report_divergence(history, opt.lr if not history.learning_rates else history.learning_rates[0], err)
    if args.plot and history.loss:
        _plot(lambda plt: figures.loss_curve(plt, history.loss, args.plot), "nn.plot_saved", args.plot, err)
    if args.format == "json":
        report = {"settings": settings, "loss": history.loss, "learning_rates": history.learning_rates,
                  "diverged": history.diverged, "diverged_at": history.diverged_at, "test_loss": history.test_loss,
                  "train_loss": history.train_loss, "batch": history.batch, **summary}
        out.file.write(dumps(report, indent=2) + "\n")
        return status
    if status != EXIT_OK:
        return status
    from rich.table import Table

    out.print(f"{dataset.name}: {net!r}, {optimizer}", markup=False, highlight=False)  # not squeezed to the table
    table = Table(show_edge=False)
    for col in ("", message("nn.col.accuracy"), message("nn.col.loss")):
        table.add_column(col)
    table.add_row(message("nn.row.train"), f"{history.train_accuracy:.4f}", f"{history.train_loss:.4g}")
    table.add_row(message("nn.row.test"), f"{history.test_accuracy:.4f}", f"{history.test_loss:.4g}")
    out.print(table)
    out.print(message("nn.train_done", **summary), markup=False, highlight=False)
    return status


def _report_divergence(history: Any, lr: float, err: "Console") -> int:
    if not history.diverged:
        return EXIT_OK
    epoch, step = history.diverged_at
    err.print(f"adkit: {message('cli.error')}: " + message("nn.diverged", value=history.diverged_loss, epoch=epoch,
                                                           step=step, lr=f"{lr:g}"), markup=False, highlight=False)
    return EXIT_DIVERGED


class _progress:
    """The epoch bar on stderr (rich), advanced by ``train``'s on_epoch."""

    def __init__(self, err: "Console", epochs: int) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn(message("nn.col.epoch")), MofNCompleteColumn(), BarColumn(),
                            TextColumn(message("nn.col.loss") + " {task.fields[loss]}"),
                            TimeElapsedColumn(), console=err, transient=False)
        self.task = self.bar.add_task("train", total=epochs, loss="-")
        self.bar.start()

    def advance(self, epoch: int, loss_value: float) -> None:
        self.bar.update(self.task, advance=1, loss=f"{loss_value:.4g}")

    def stop(self) -> None:
        self.bar.stop()


def _norms(args: argparse.Namespace, out: "Console", err: "Console") -> int:
    d = NORMS_DEFAULTS
    seed = args.seed if args.seed is not None else 0
    dataset = load_dataset(args.dataset or d["dataset"], seed=seed)
    sizes = [int(v) for v in flag_floats(args.sizes or d["sizes"], "--sizes")]
    if len(sizes) < 2 or sizes[0] != dataset.features or sizes[-1] not in (1, dataset.classes):
        raise NetworkError("nn.norms_sizes", dataset=dataset.name, features=dataset.features,
                           classes=dataset.classes, sizes=",".join(map(str, sizes)))
    Y = dataset.Y_train[:, 1:2] if sizes[-1] == 1 else dataset.Y_train
    loss = args.loss or d["loss"]
    activation = args.activation or d["activation"]
    net = flag_mlp(sizes, args, activation=activation, output_activation=_output_activation(args, loss), loss=loss,
               seed=seed)
    epochs = args.epochs if args.epochs is not None else d["epochs"]
    optimizer, batch = args.optimizer or d["optimizer"], args.batch if args.batch is not None else "auto"
    batch_plan(optimizer, batch, len(Y), net.batchnorm)  # gd with --batch is an error even before training
    profile = norm_profile(net, dataset.X_train, Y, epochs=epochs, every=args.every or d["every"],
                           optimizer=optimizer, lr=args.lr, batch=batch, seed=seed, schedule=_schedule(args),
                           weight_decay=args.weight_decay or 0.0, method=args.method)
    heading = message("nn.norms_heading", network=repr(net), dataset=dataset.name, rows=len(Y))
    _emit(norms_view(profile, heading, digits=min(args.digits, 4)), args, out)
    status = EXIT_OK if profile.history is None else _report_divergence(profile.history, profile.history.learning_rates[0], err)
    if args.plot:
        _plot(lambda plt: figures.norms_figure(plt, profile, activation, args.plot), "nn.norms_saved", args.plot, err)
    return status


def _plot(draw: Any, saved_key: str, path: str, err: "Console") -> None:
    plt = pyplot()
    if plt is None:
        err.print(message("nn.no_matplotlib"), markup=False, highlight=False)
        return
    write_output(path, draw(plt))
    err.print(message(saved_key, path=path), markup=False, highlight=False)
