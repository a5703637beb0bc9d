"""``adkit mlp``'s views run: the networks, training and their tables (numpy, :mod:`adkit.nn`).

:func:`adkit.cli.mlp.run` imports this module when a view runs, so building
adkit's parsers (``adkit --help``, every other command) imports no numpy.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from adkit.cli.common import EXIT_CHECK_FAILED, EXIT_OK
from adkit.cli.outputs import write_output
from adkit.cli.mlp_options import EXIT_DIVERGED, NORMS_DEFAULTS, STEP_LR, TRAIN_DEFAULTS, check_options
from adkit.cli.mlp_network import flag_floats, flag_mlp, flag_network
from adkit.errors import NetworkError
from adkit.messages import message
from adkit.nn import load_dataset, make_optimizer, train
from adkit.nn import figures
from adkit.nn.lesson_views import norms_view, step_view
from adkit.nn.norms import gradient_step, norm_profile
from adkit.nn.schedules import make_schedule
from adkit.nn.train import batch_plan, blas_limit
from adkit.nn.views import collapse_view, scalar_program, to_latex, to_markdown, to_rich, trace_view
from adkit.present.pyplot import figure_kind, pyplot
from adkit.present.data import dumps

if TYPE_CHECKING:
    from rich.console import Console


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


def run_view(args: argparse.Namespace, out: "Console", err: "Console") -> int:
    """Run the view ``adkit mlp`` was given."""
    with blas_limit(1):  # small networks: BLAS threads only cost time (docs/nn.md, benchmarks/)
        return _run_view(args, out, err)


def _run_view(args: argparse.Namespace, out: "Console", err: "Console") -> int:
    check_options(args)
    if getattr(args, "plot", None):
        figure_kind(args.plot)  # a file it cannot write is refused before the network runs
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
