"""Figures compared with the last ones, not just taken (issue 22 point 4).

Each benchmark is a RATIO: adkit's time (the subject) over a yardstick timed
in the same run, so that the speed of the machine cancels out.  The subject
and its yardstick run in alternating blocks of ≥ 0.1 s (the order swapped
every round), and a benchmark's figure is the median of its rounds' ratios;
the range of those ratios is printed beside it.  Times are CPU time (this
process and its children): on a shared machine wall time also times the
others' work, and CPU time cut the rounds' range of the ratios by about half
there.  ``baseline.json`` holds the figures last recorded; anything more than
10 % worse than its baseline is marked.

    python benchmarks/compare.py                  # all benchmarks, 1–3 minutes
    python benchmarks/compare.py --only startup   # one benchmark (repeatable)
    python benchmarks/compare.py --rounds 3       # a quick look
    python benchmarks/compare.py --update         # record the figures as the new baseline

Exit status: 0 when nothing is more than 10 % worse than its baseline (and
always with ``--update``), 1 when something is, 2 for a bad option.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Any, Callable, ContextManager, Iterator

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import adkit  # noqa: E402
from timing import block, calls_per_block  # noqa: E402
from w2_peers import inputs, peer_plain_python, w2_text  # noqa: E402

BASELINE = HERE / "baseline.json"
#: a ratio this much above its baseline is marked worse and fails the run
THRESHOLD = 0.10
SEED, AT = "ln(x1) + x1*x2 - sin(x2)", {"x1": 2.0, "x2": 5.0}
#: W2 with n inputs has 6n − 7 operations: n = 1000 is the peers' size, 16,668 gives 100,001 steps
W2_N, W2_1E5_N = 1000, 16_668
#: the mid-size table: table_render.formula(1000), 1,337 steps
TABLE_STEPS = 1000

Pair = tuple[Callable[[], Any], Callable[[], Any]]


@dataclass(frozen=True)
class Benchmark:
    """What is timed, what it is divided by, and the set-up yielding both; blocks last ``min_block`` s."""

    subject: str
    yardstick: str
    setup: Callable[[], ContextManager[Pair]]
    min_block: float = 0.1


@dataclass(frozen=True)
class Figure:
    """One benchmark's measurement: the median ratio, its rounds' range and the median times."""

    ratio: float
    low: float
    high: float
    subject_cpu_s: float
    yardstick_cpu_s: float
    rounds: int
    load: float


# ---- the benchmarks: each yields (subject, yardstick) -----------------------------------------
def adkit_command() -> list[str]:
    """The venv's ``adkit`` script beside this interpreter (what a user runs), else ``python -m adkit``."""
    script = Path(sys.executable).with_name("adkit")
    return [str(script)] if script.exists() else [sys.executable, "-m", "adkit"]


@contextmanager
def startup() -> Iterator[Pair]:
    """Bytecode cached as a normal install runs (this sandbox sets PYTHONDONTWRITEBYTECODE)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def run(argv: list[str]) -> None:
        subprocess.run(argv, env=env, check=True, capture_output=True)

    yield (partial(run, [*adkit_command(), "trace", SEED, "--at", "x1=2,x2=5"]),
           partial(run, [sys.executable, "-c", "pass"]))


@contextmanager
def codegen_w2() -> Iterator[Pair]:
    """Issue 7's figure; the gradient is checked against the hand-written one first."""
    from codegen_speed import close

    program, xs = adkit.compile(w2_text(W2_N), backend="codegen"), inputs(W2_N)
    assert close(program.evaluate(xs), list(program.gradient(xs).values()), W2_N)
    yield (lambda: program.gradient(xs)), peer_plain_python(W2_N)


@contextmanager
def codegen_w2_array() -> Iterator[Pair]:
    """Issue 28 point 2 through the array call, as the C backend's figure (numpy in, numpy out)."""
    import numpy as np

    from codegen_speed import close

    program, xs = adkit.compile(w2_text(W2_N), backend="codegen"), np.array(inputs(W2_N))
    assert close(program.evaluate(xs), program.gradient(xs).tolist(), W2_N)
    yield (lambda: program.gradient(xs)), peer_plain_python(W2_N)


@contextmanager
def c_w2() -> Iterator[Pair]:
    """Issue 28's figure: the C backend's gradient through the array call (numpy in, numpy out)."""
    import numpy as np

    from codegen_speed import close

    program, xs = adkit.compile(w2_text(W2_N), backend="c"), np.array(inputs(W2_N))
    assert close(program.evaluate(xs), program.gradient(xs).tolist(), W2_N)
    yield (lambda: program.gradient(xs)), peer_plain_python(W2_N)


@contextmanager
def interpreter_1e5() -> Iterator[Pair]:
    """The yardstick computes the same value and gradient by hand: pure Python like adkit, and linear in n."""
    text, xs = w2_text(W2_1E5_N), inputs(W2_1E5_N)
    yield (lambda: adkit.compile(text).gradient(xs)), peer_plain_python(W2_1E5_N)


@contextmanager
def mlp_gradients() -> Iterator[Pair]:
    """One BLAS thread, as ``adkit mlp train`` runs: spinning BLAS threads on a busy machine swamp the figure."""
    from mlp_speed import numpy_bp, problem

    from adkit.nn.train import blas_limit

    net, X, Y = problem("small")
    with blas_limit(1):
        yield (lambda: net.gradients(X, Y)), (lambda: numpy_bp(X, Y, net.weights, net.biases))


def csv_numbers(trace: adkit.Trace) -> Callable[[], str]:
    """The trace's numbers (step, value, adjoints) written by the csv module: the floor of any table."""
    rows = [(record.step.number, record.value, *record.adjoints) for record in trace.steps]

    def write() -> str:
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        return out.getvalue()

    return write


@contextmanager
def table(render: Callable[[adkit.Trace], str]) -> Iterator[Pair]:
    """Issue 12's formula at a size a student prints (at 10⁵ steps one round would take about a minute)."""
    from table_render import formula

    trace = adkit.trace(formula(TABLE_STEPS), at={"x": 0.3, "y": -1.2}, mode="reverse")
    yield partial(render, trace), csv_numbers(trace)


@contextmanager
def seed_trace(mode: str) -> Iterator[Pair]:
    """The yardstick is the formula itself: what any trace of it costs beyond the arithmetic."""
    log, sin, x1, x2 = math.log, math.sin, AT["x1"], AT["x2"]
    yield (lambda: adkit.trace(SEED, at=AT, mode=mode)), (lambda: log(x1) + x1 * x2 - sin(x2))


BENCHMARKS: dict[str, Benchmark] = {
    "startup": Benchmark("`adkit trace` seed example, a fresh process", "`python -c pass`", startup, 0.25),
    "codegen_w2": Benchmark(f"W2 n = {W2_N}, codegen `Program.gradient`",
                            "hand-written loop: value and gradient", codegen_w2),
    "codegen_w2_array": Benchmark(f"W2 n = {W2_N}, codegen `Program.gradient(array)`",
                                  "hand-written loop: value and gradient", codegen_w2_array),
    "c_w2": Benchmark(f"W2 n = {W2_N}, C backend `Program.gradient(array)`",
                      "hand-written loop: value and gradient", c_w2),
    "interpreter_1e5": Benchmark("W2 at 100,001 steps: `adkit.compile` + `.gradient`",
                                 "hand-written loop, same n", interpreter_1e5),
    "mlp_gradients": Benchmark("`MLP.gradients` 64-128-10, batch 128, float64",
                               "hand-written numpy BP1–BP4", mlp_gradients),
    "table_text": Benchmark("`Trace.text(rows=\"all\")`, 1,337-step trace", "its numbers by the csv module",
                            partial(table, lambda trace: trace.text(width=200, rows="all"))),
    "table_csv": Benchmark("`Trace.to_csv()`, 1,337-step trace", "its numbers by the csv module",
                           partial(table, lambda trace: trace.to_csv())),
    "trace_forward": Benchmark("`adkit.trace` seed, forward mode", "the formula in Python math",
                               partial(seed_trace, "forward")),
    "trace_reverse": Benchmark("`adkit.trace` seed, reverse mode", "the formula in Python math",
                               partial(seed_trace, "reverse")),
}


# ---- measuring ------------------------------------------------------------------------------
def cpu_seconds() -> float:
    """CPU time of this process and of its children that have finished (``adkit trace`` in startup)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def measure(bench: Benchmark, rounds: int) -> Figure:
    """Blocks of yardstick and subject alternating, the order swapped every round, so load hits both alike."""
    load = os.getloadavg()[0]
    with bench.setup() as (subject, yardstick):
        sides = [(subject, calls_per_block(subject, bench.min_block)),
                 (yardstick, calls_per_block(yardstick, bench.min_block))]
        times: list[list[float]] = [[], []]
        for r in range(rounds):
            for i in ((1, 0) if r % 2 == 0 else (0, 1)):
                times[i].append(block(*sides[i], clock=cpu_seconds))
    ratios = [s / y for s, y in zip(*times)]
    return Figure(statistics.median(ratios), min(ratios), max(ratios), statistics.median(times[0]),
                  statistics.median(times[1]), rounds, load)


# ---- comparing (pure: tests/test_compare.py) -------------------------------------------------
def change(now: float, baseline: float) -> float:
    """Relative change of a ratio: +0.14 is 14 % worse (slower against the yardstick)."""
    return now / baseline - 1.0


def worse(now: float, baseline: float | None) -> bool:
    return baseline is not None and change(now, baseline) > THRESHOLD


def mark(now: float, baseline: float | None) -> str:
    if baseline is None:
        return "no baseline: run --update"
    c = change(now, baseline)
    if c > THRESHOLD:
        return f"✗ worse by {percent(c)}"
    if c < -THRESHOLD:
        return f"better by {percent(-c)}"
    return "ok"


def percent(fraction: float, form: str = ".0%") -> str:
    return format(fraction, form).replace("%", " %")


def baseline_ratio(baseline: dict, name: str) -> float | None:
    entry = baseline.get("benchmarks", {}).get(name)
    return entry["ratio"] if entry else None


def exit_status(figures: dict[str, Figure], baseline: dict) -> int:
    """1 when any figure is more than THRESHOLD worse than its baseline, else 0."""
    return int(any(worse(f.ratio, baseline_ratio(baseline, name)) for name, f in figures.items()))


def ratio_text(ratio: float) -> str:
    return f"{ratio:.0f}" if ratio >= 100 else f"{ratio:.2f}"


def time_text(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def report(figures: dict[str, Figure], baseline: dict) -> str:
    """The comparison as a Markdown table (for RESULTS.md as it is)."""
    lines = ["| benchmark | subject CPU | yardstick CPU | ratio now (rounds' range) | baseline | change | |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for name, f in figures.items():
        base = baseline_ratio(baseline, name)
        moved = "–" if base is None else percent(change(f.ratio, base), "+.1%")
        lines.append(f"| {name} | {time_text(f.subject_cpu_s)} | {time_text(f.yardstick_cpu_s)} "
                     f"| {ratio_text(f.ratio)} ({ratio_text(f.low)}–{ratio_text(f.high)}) "
                     f"| {'–' if base is None else ratio_text(base)} | {moved} | {mark(f.ratio, base)} |")
    return "\n".join(lines)


def legend(names: list[str]) -> str:
    """What each ratio divides by what."""
    return "\n".join(f"* {name}: {BENCHMARKS[name].subject} ÷ {BENCHMARKS[name].yardstick}" for name in names)


def python_note(baseline: dict, names: list[str], python: str) -> str:
    """A yardstick moves with the interpreter too: say when a baseline was recorded on another Python."""
    entries = baseline.get("benchmarks", {})
    others = {entries[name].get("python", python) for name in names if name in entries} - {python}
    return f"note: baseline recorded with Python {', '.join(sorted(others))}, now {python}\n" if others else ""


def readable(figure: Figure) -> dict[str, float]:
    """The figure's fields, times and ratios to four significant digits (the noise is in the second)."""
    return {key: float(f"{value:.4g}") if isinstance(value, float) else value for key, value in asdict(figure).items()}


def updated(baseline: dict, figures: dict[str, Figure], stamp: dict[str, str]) -> dict:
    """``baseline`` with the given figures replaced, each noting when and at which commit it was recorded."""
    entries = dict(baseline.get("benchmarks", {}))
    for name, f in figures.items():
        entries[name] = {**readable(f), **stamp}
    return {"about": "ratio = subject / yardstick, median over interleaved rounds; "
                     "written by python benchmarks/compare.py --update",
            "benchmarks": {name: entries[name] for name in BENCHMARKS if name in entries}}


# ---- the command ----------------------------------------------------------------------------
def code_commit() -> str:
    """The last commit that changed adkit/ (the code measured, whatever branch runs it); '+changes' when
    adkit/ has uncommitted edits."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=HERE, capture_output=True, text=True).stdout.strip()

    commit = git("log", "-1", "--format=%h", "--", "../adkit") or "unknown"
    return commit + ("+changes" if git("status", "--porcelain", "--", "../adkit") else "")


def stamp() -> dict[str, str]:
    return {"recorded": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "adkit_commit": code_commit(),
            "python": sys.version.split()[0]}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", choices=list(BENCHMARKS), metavar="NAME",
                        help=f"run only this benchmark (repeatable): {', '.join(BENCHMARKS)}")
    parser.add_argument("--rounds", type=int, default=15, help="blocks of each side per benchmark (default 15)")
    parser.add_argument("--update", action="store_true", help="write the figures measured to baseline.json")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    baseline = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {}
    figures = {}
    for name in args.only or BENCHMARKS:
        figures[name] = measure(BENCHMARKS[name], args.rounds)
        print(f"{name}: {ratio_text(figures[name].ratio)}×", file=sys.stderr, flush=True)
    print(report(figures, baseline))
    print(f"\n{legend(list(figures))}")
    python = sys.version.split()[0]
    print(f"\n{python_note(baseline, list(figures), python)}Python {python}, adkit at {code_commit()}, "
          f"{args.rounds} rounds; load average now {os.getloadavg()[0]:.1f}")
    if args.update:
        BASELINE.write_text(json.dumps(updated(baseline, figures, stamp()), indent=2) + "\n", encoding="utf-8")
        print(f"wrote {BASELINE.name}")
        return 0
    return exit_status(figures, baseline)


if __name__ == "__main__":
    sys.exit(main())
