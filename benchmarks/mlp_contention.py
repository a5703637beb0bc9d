"""Issue 17: default ``adkit mlp train`` on a quiet machine and beside two busy processes.

OpenBLAS starts one spinning thread per core for every matrix product; on a
2-core machine with other work running, a 64×256 product then waits for a
core that is busy, and the default digits run went from 0.6 s to 11–14 s.
adkit limits BLAS to one thread around training (threadpoolctl).  This script
measures, side by side:

* ``cli``: ``python -m adkit mlp train --no-progress`` (the limit on), wall time;
* ``no limit``: the same training through the API with ``blas_threads=None``
  (BLAS threads as numpy starts them), to show what the limit buys.

Each is run ``REPEATS`` times quiet, then again with two CPU-bound Python
processes (``while True: pass``) running beside it; the medians are printed.
The busy processes are started and ended by this script (by their pids).

Usage::

    python benchmarks/mlp_contention.py            # REPEATS=3
    REPEATS=5 python benchmarks/mlp_contention.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEATS = int(os.environ.get("REPEATS", "3"))
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
CLI = [sys.executable, "-m", "adkit", "mlp", "train", "--no-progress"]
NO_LIMIT = [sys.executable, "-c", (
    "from adkit.cli.mlp import TRAIN_DEFAULTS as d\n"
    "from adkit.nn import MLP, load_dataset, train\n"
    "data = load_dataset('digits', seed=0)\n"
    "net = MLP([64, 256, 10], activation='relu', loss='softmax_ce', seed=0)\n"
    "train(net, data.X_train, data.Y_train, optimizer='adam', lr=d['lr'], epochs=d['epochs'], batch=d['batch'],\n"
    "      seed=0, blas_threads=None)\n")]


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def median_wall(command: list[str]) -> float:
    return statistics.median(wall(command) for _ in range(REPEATS))


def busy(count: int = 2) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]


def main() -> None:
    print(f"cores: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.2f}, repeats: {REPEATS} (median)")
    quiet = {"cli": median_wall(CLI), "no limit": median_wall(NO_LIMIT)}
    hogs = busy()
    try:
        time.sleep(0.5)
        loaded = {"cli": median_wall(CLI), "no limit": median_wall(NO_LIMIT)}
    finally:
        for p in hogs:
            p.kill()
            p.wait()
    print(f"{'run':<12}{'quiet s':>10}{'2 busy s':>10}{'busy/quiet':>12}")
    for name in quiet:
        print(f"{name:<12}{quiet[name]:>10.2f}{loaded[name]:>10.2f}{loaded[name] / quiet[name]:>12.2f}")


if __name__ == "__main__":
    main()
