"""``adkit cost PROGRAM --at …``: sweeps, operations and memory of forward vs reverse mode."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from adkit.cli.common import EXIT_OK, names_list, parse_assignments, used_point
from adkit.cli.outputs import write_output
from adkit.errors import BindingError
from adkit.messages import counted, message
from adkit.api import compile_program
from adkit.modes.cost import count, sweep_family
from adkit.modes.program import Program
from adkit.present.data import dumps
from adkit.present.pyplot import figure_bytes, figure_kind, pyplot

if TYPE_CHECKING:
    from rich.console import Console


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(s) for s in text.split(",")]
    except ValueError:
        sizes = []
    if not sizes or min(sizes) < 1 or max(sizes) > 4096:
        raise argparse.ArgumentTypeError(message("option.sizes", text=text))
    return sizes


def family_program(n: int, m: int) -> Program:
    """A member of the test family f: ℝⁿ → ℝᵐ in which every output needs every input.

    ``s = sin(x1) + … + sin(xn)``, then ``yj = cos(s + j)·x(1 + (j−1) mod n)``.
    """
    trunk = " + ".join(f"sin(x{i})" for i in range(1, n + 1))
    outputs = [f"y{j}" for j in range(1, m + 1)]
    lines = [f"s = {trunk}"] + [f"y{j} = cos(s + {j})*x{1 + (j - 1) % n}" for j in range(1, m + 1)]
    return compile_program("\n".join(lines), inputs=[f"x{i}" for i in range(1, n + 1)], outputs=outputs)


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("cost", help=message("help.cost.summary"),
                       description=message("help.cost.description"),
                       allow_abbrev=False)
    p.add_argument("program", metavar="PROGRAM", nargs="?", help=message("help.cost.program"))
    p.add_argument("--at", action="append", metavar="NAME=VALUE,...", help=message("help.cost.at"))
    p.add_argument("--outputs", type=names_list, metavar="NAME,...", help=message("help.cost.outputs"))
    p.add_argument("--time", action="store_true", help=message("help.cost.time"))
    p.add_argument("--sweep-family", action="store_true",
                   help=message("help.cost.sweep_family"))
    p.add_argument("--sizes", type=_sizes, default=[1, 4, 16, 64], metavar="N,...",
                   help=message("help.cost.sizes"))
    p.add_argument("--plot", metavar="FILE", help=message("help.cost.plot"))
    p.add_argument("--measure", action="store_true", help=message("help.cost.measure"))
    p.add_argument("--format", choices=("table", "json"), default="table", help=message("help.cost.format"))
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: "Console", err: "Console") -> int:
    if args.plot:
        figure_kind(args.plot)  # a file it cannot write is refused before the timing runs
    if args.sweep_family:
        return _family(args, out, err)
    if not args.program:
        raise BindingError("cost.needs_program")
    from rich.table import Table
    from rich.text import Text


    at = used_point(args.program, parse_assignments(args.at), err, args.outputs)
    program = compile_program(args.program.strip(), inputs=list(at), outputs=args.outputs)
    program.evaluate(at)  # a domain error is reported before any counting
    if args.measure:
        return _measure(program, at, args, out)
    result = count(program, at, timed=args.time)
    if args.format == "json":
        out.file.write(dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    out.print(Text(message("cost.title", outputs=", ".join(program.outputs),  # its own line, never wrapped
                           n=counted("count.inputs", result.inputs), m=counted("count.outputs", result.outputs),
                           primal=counted("count.primal_operations", result.primal_ops))))
    table = Table()
    headers = ["cost.col_mode", "cost.col_sweeps", "cost.col_ops", "cost.col_ratio", "cost.col_memory"]
    if args.time:
        headers.append("cost.col_time")
    for i, key in enumerate(headers):
        table.add_column(message(key), justify="left" if i == 0 else "right", no_wrap=i == 0)
    for name, mode in ((message("cost.forward_dual"), result.forward_dual),
                       (message("cost.forward_vector"), result.forward), (message("cost.reverse_kind"), result.reverse)):
        cells = [name, str(mode.sweeps), str(mode.ops), f"{mode.ratio:.2f}", str(mode.memory)]
        if args.time:
            cells.append(f"{mode.seconds * 1e3:.3f} ms")
        table.add_row(*cells)
    out.print(table)
    out.print(Text(message("cost.forward_kinds")))
    kinds = ", ".join(f"{k} {v}" for k, v in result.per_kind.items())
    out.print(Text(message("cost.kinds", kinds=kinds)))
    out.print(Text(message("cost.recommended", mode=message(f"mode.{result.recommended}"), reason=result.reason)))
    return EXIT_OK


def _measure(program: Program, at: dict[str, float], args: argparse.Namespace, out: "Console") -> int:
    """Seconds of evaluation, n forward sweeps and one reverse sweep in each engine, beside the model."""
    from rich.table import Table
    from rich.text import Text

    from adkit.codegen.measure import measure  # start-up: the engines are built only when measured

    result = measure(program, program.point(at))
    if args.format == "json":
        out.file.write(dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    out.print(Text(message("cost.measure_title", n=counted("count.inputs", result.inputs),
                           m=counted("count.outputs", result.outputs))))
    one = max(result.model_evaluate, 1)
    reasons = [f"{message(f'cost.engine_{e.engine}')}: {e.unavailable}" for e in result.engines if e.unavailable]
    rows = [("cost.col_evaluate", lambda e: _seconds(e.evaluate), str(result.model_evaluate)),
            ("cost.col_forward_sweeps", lambda e: _seconds(e.forward), str(result.model_forward)),
            ("cost.col_reverse_sweep", lambda e: _seconds(e.reverse), str(result.model_reverse)),
            ("cost.col_forward_ratio", lambda e: _ratio(e.ratio(e.forward)), _ratio(result.model_forward / one)),
            ("cost.col_reverse_ratio", lambda e: _ratio(e.ratio(e.reverse)), _ratio(result.model_reverse / one)),
            ("cost.col_setup", lambda e: message("cost.cached") if e.setup == 0.0 else _seconds(e.setup), "–")]
    table = Table()  # one column per engine, so the table fits a terminal; headers and labels wrap at spaces
    labels = [message(key, n=result.inputs) for key, _, _ in rows]
    table.add_column("", min_width=max(len(word) for label in labels for word in label.split()))
    for title in [*(message(f"cost.engine_{e.engine}") for e in result.engines), message("cost.engine_model")]:
        table.add_column(title, justify="right", min_width=max(map(len, title.split())))
    for label, (_, cell, model) in zip(labels, rows):
        table.add_row(label, *(cell(e) for e in result.engines), model)
    out.print(table)
    for reason in reasons:
        out.print(Text(reason))
    out.print(Text(message("cost.measure_note")))
    return EXIT_OK


def _seconds(value: float | None) -> str:
    """Seconds in the unit that keeps 3 significant digits short: 2.72 s, 1.24 ms, 4.41 µs, 85 ns."""
    if value is None:
        return "–"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if value >= scale or unit == "µs" and value >= 1e-7:
            return f"{value / scale:.3g} {unit}"
    return f"{value * 1e9:.3g} ns"


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _family(args: argparse.Namespace, out: "Console", err: "Console") -> int:
    from rich.table import Table
    from rich.text import Text


    rows = sweep_family(family_program(n, m) for n in args.sizes for m in args.sizes)
    if args.format == "json":
        out.file.write(dumps({"family": rows}, indent=2) + "\n")
    else:
        table = Table(title=Text(message("cost.family_title")))
        table.add_column("n \\ m")
        for m in args.sizes:
            table.add_column(f"m = {m}", justify="right")
        for n in args.sizes:
            cells = []
            for row in (r for r in rows if r["n"] == n):
                f, r = row["forward_seconds"] * 1e3, row["reverse_seconds"] * 1e3
                cells.append(f"F {f:.2f}{'*' if f <= r else ' '} R {r:.2f}{'*' if r < f else ' '}")
            table.add_row(f"n = {n}", *cells)
        out.print(table)
    if args.plot:
        _plot(rows, args.sizes, args.plot, out, err)
    return EXIT_OK


def _plot(rows: list[dict], sizes: list[int], path: str, out: "Console", err: "Console") -> None:
    from rich.text import Text


    plt = pyplot()
    if plt is None:
        err.print(Text(message("cost.no_matplotlib")))
        return
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for ax, fixed, vary, label in ((axes[0], "m", "n", "f: ℝⁿ → ℝ (m = 1)"), (axes[1], "n", "m", "f: ℝ → ℝᵐ (n = 1)")):
        sel = [r for r in rows if r[fixed] == min(sizes)]
        ax.plot([r[vary] for r in sel], [r["forward_seconds"] * 1e3 for r in sel], "o-", label=message("cost.forward_kind"))
        ax.plot([r[vary] for r in sel], [r["reverse_seconds"] * 1e3 for r in sel], "s-", label=message("cost.reverse_kind"))
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(vary)
        ax.set_ylabel(message("cost.plot_seconds"))
        ax.set_title(label)
        ax.legend()
    fig.tight_layout()
    data = figure_bytes(fig, path)
    plt.close(fig)
    write_output(path, data)
    err.print(Text(message("cost.plot_saved", path=path)))
