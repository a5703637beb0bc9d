"""Start-up of ``adkit trace`` against a bare interpreter (issue 22 point 5).

Times fresh interpreters (wall and CPU time), round by round so a busy machine
affects all alike: ``python -c pass``, ``import rich.console``, ``import adkit``,
``adkit --help`` and the seed trace as the console script runs them, for each
checkout given (default: this one), then lists the slowest imports of the seed
trace (``-X importtime``: self time per package, slowest modules).

    python benchmarks/startup.py /tmp/before /work/wt/startup

Run it with an interpreter that has rich but no editable adkit install (a
setuptools editable finder adds its own imports to every start-up).
"""

from __future__ import annotations

import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEED = ["trace", "ln(x1) + x1*x2 - sin(x2)", "--at", "x1=2,x2=5"]
#: what the ``adkit`` console script runs (``python -m adkit`` adds runpy's imports)
ADKIT = ["-c", "import sys; from adkit.cli import main; sys.exit(main())"]
RUNS = {
    "python -c pass": ["-c", "pass"],
    "python -c 'import rich.console'": ["-c", "import rich.console"],
    "python -c 'import adkit'": ["-c", "import adkit"],
    "adkit --help": [*ADKIT, "--help"],
    "adkit trace (seed)": [*ADKIT, *SEED],
}

#: bytecode for every checkout alike (a checkout without __pycache__ would pay for compiling)
CACHE = tempfile.mkdtemp(prefix="adkit-pycache-")


def environment(root: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": root, "COLUMNS": "80", "PYTHONPYCACHEPREFIX": CACHE}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def once(root: str, argv: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one fresh interpreter; CPU time suffers less from a busy machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, *argv], env=environment(root), cwd=root, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def timings(roots: list[str], rounds: int) -> None:
    times: dict[tuple[str, str], list[tuple[float, float]]] = {(r, c): [] for r in roots for c in RUNS}
    for root in roots:  # warm up: write the bytecode
        for argv in RUNS.values():
            once(root, argv)
    for _ in range(rounds):
        for run, argv in RUNS.items():
            for root in roots:
                times[root, run].append(once(root, argv))
    def cell(r: str, run: str, i: int) -> str:
        values = [t[i] * 1e3 for t in times[r, run]]
        return f"{statistics.median(values):.0f} ({min(values):.0f}) ms"

    def ratio(r: str, i: int, pick=statistics.median) -> float:
        return pick(t[i] for t in times[r, "adkit trace (seed)"]) / pick(t[i] for t in times[r, "python -c pass"])

    print("| run | " + " | ".join(f"{Path(r).name} wall | CPU" for r in roots) + " |")
    print("|---|" + "---:|---:|" * len(roots))
    for run in RUNS:
        print(f"| `{run}` | " + " | ".join(f"{cell(r, run, 0)} | {cell(r, run, 1)}" for r in roots) + " |")
    print("| seed trace / bare python | " + " | ".join(
        f"{ratio(r, 0):.1f}× ({ratio(r, 0, min):.1f}×) | {ratio(r, 1):.1f}× ({ratio(r, 1, min):.1f}×)" for r in roots) + " |")
    print(f"\nmedian (fastest) of {rounds} fresh interpreters each, interleaved.")


_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)")


def offenders(root: str, runs: int = 9, top: int = 12) -> None:
    """Where the seed trace's imports go: self time per package and the slowest modules (µs, fastest of ``runs``)."""
    best: dict[str, int] = {}
    for _ in range(runs):
        err = subprocess.run([sys.executable, "-X", "importtime", *ADKIT, *SEED], env=environment(root),
                             cwd=root, check=True, capture_output=True, text=True).stderr
        for self_us, _, _, name in _LINE.findall(err):
            best[name] = min(best.get(name, 1 << 62), int(self_us))
    groups: dict[str, list[int]] = {}
    for name, value in best.items():
        groups.setdefault(name.split(".")[0] if name.split(".")[0] in ("adkit", "rich") else "other", []).append(value)
    print(f"\n{Path(root).name}: the seed trace's imports, self time, fastest of {runs} (-X importtime)\n")
    print("| package | modules | ms |\n|---|---:|---:|")
    for group, values in sorted(groups.items()):
        print(f"| {group} | {len(values)} | {sum(values) / 1e3:.1f} |")
    print("\n| slowest modules | ms |\n|---|---:|")
    for name, value in sorted(best.items(), key=lambda item: -item[1])[:top]:
        print(f"| `{name}` | {value / 1e3:.2f} |")


_DATACLASSES = """
import contextlib, dataclasses, io, sys, time
made = []
process = dataclasses._process_class
def timed(cls, *args, **kwargs):
    start = time.perf_counter()
    try:
        return process(cls, *args, **kwargs)
    finally:
        made.append(time.perf_counter() - start)
dataclasses._process_class = timed
start = time.perf_counter()
from adkit.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    main(sys.argv[1:])
print(len(made), sum(made), time.perf_counter() - start)
"""


def dataclass_cost(root: str, runs: int = 9) -> None:
    """How much of the seed trace in process (imports and run) goes into creating dataclasses."""
    rows = [subprocess.run([sys.executable, "-c", _DATACLASSES, *SEED], env=environment(root), cwd=root, check=True,
                           capture_output=True, text=True).stdout.split() for _ in range(runs)]
    share = statistics.median(float(made) / float(total) for _, made, total in rows)
    print(f"\n{Path(root).name}: {rows[0][0]} dataclasses created, {share:.0%} of the time in process "
          f"(imports and run; median of {runs})")


if __name__ == "__main__":
    ROOTS = sys.argv[1:] or [str(Path(__file__).resolve().parent.parent)]
    timings(ROOTS, rounds=20)
    for ROOT in ROOTS:
        offenders(ROOT)
        dataclass_cost(ROOT)
