"""Start-up of ``adkit --help`` pages (issue 13 point 5): did help through the catalogue slow it?

Times ``python -m adkit --help``, ``adkit trace --help`` (English and Vietnamese)
and the seed trace in fresh interpreters, for each checkout given (default: this
one), interleaved round by round so a busy machine affects all alike.

    python3 benchmarks/help_startup.py /work/main /work/wt-help
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS = {
    "adkit --help": ["--help"],
    "adkit trace --help": ["trace", "--help"],
    "adkit trace --help --lang vi": ["trace", "--help", "--lang", "vi"],
    "adkit mlp --help": ["mlp", "--help"],
    "adkit trace (seed)": ["trace", "ln(x1) + x1*x2 - sin(x2)", "--at", "x1=2,x2=5"],
}


#: bytecode for every checkout alike (a checkout without __pycache__ would pay for compiling)
CACHE = tempfile.mkdtemp(prefix="adkit-pycache-")


def once(root: str, argv: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": root, "COLUMNS": "80", "PYTHONPYCACHEPREFIX": CACHE}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "adkit", *argv], env=env, cwd=root, check=True, capture_output=True)
    return time.perf_counter() - start


def main(roots: list[str], rounds: int = 21) -> None:
    times: dict[tuple[str, str], list[float]] = {(r, c): [] for r in roots for c in COMMANDS}
    for root in roots:  # warm up: write the bytecode
        for argv in COMMANDS.values():
            once(root, argv)
    for _ in range(rounds):
        for command, argv in COMMANDS.items():
            for root in roots:
                times[root, command].append(once(root, argv))
    print("| command | " + " | ".join(Path(r).name for r in roots) + " |")
    print("|---|" + "---:|" * len(roots))
    for command in COMMANDS:
        cells = [f"{statistics.median(times[r, command]) * 1e3:.0f} ms ({min(times[r, command]) * 1e3:.0f})"
                 for r in roots]
        print(f"| `{command}` | " + " | ".join(cells) + " |")
    print(f"\nmedian (fastest) of {rounds} fresh interpreters each, interleaved.")


_IN_PROCESS = """
import sys
sys.path.insert(0, {bench!r})
from timing import per_call
from adkit.cli import build_parser
for only in ("trace", None):
    build_parser(only)  # import the subcommands first
    print(f"| `build_parser({{only!r}})` + format_help | {{per_call(lambda: build_parser(only).format_help()) * 1e3:.2f}} ms |")
"""


def in_process(roots: list[str]) -> None:
    """Building the parsers and formatting a page, without interpreter start-up noise."""
    bench = str(Path(__file__).resolve().parent)
    for root in roots:
        env = {**os.environ, "PYTHONPATH": root, "COLUMNS": "80", "PYTHONPYCACHEPREFIX": CACHE}
        out = subprocess.run([sys.executable, "-c", _IN_PROCESS.format(bench=bench)], env=env, cwd=root,
                             check=True, capture_output=True, text=True).stdout
        print(f"\n{Path(root).name}:\n\n| in process | per call |\n|---|---:|\n{out}", end="")


if __name__ == "__main__":
    ROOTS = sys.argv[1:] or [str(Path(__file__).resolve().parent.parent)]
    main(ROOTS)
    in_process(ROOTS)
