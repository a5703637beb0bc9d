"""Cost of the non-finite check (issue 13 point 4): gradient and jvp with and without it.

    PYTHONPATH=. python3 benchmarks/finite_overhead.py

Times ``Program.gradient`` / ``jvp`` on a long chain (the check is one
``sum`` per sweep) against the same sweeps with the check replaced by a no-op.
"""

from __future__ import annotations

import timeit

import adkit
import adkit.modes.sweeps as sweeps


def chain(n: int) -> str:
    return " + ".join(f"sin(x*{k % 7 + 1})*exp(y/{k % 5 + 1})" for k in range(n))


def best(fn, number: int) -> float:
    return min(timeit.repeat(fn, number=number, repeat=5)) / number


def main() -> None:
    for n in (10, 200):
        program = adkit.compile(chain(n))
        at, seed = {"x": 0.3, "y": 0.7}, {"x": 1.0, "y": 0.0}
        number = 2000 if n == 10 else 200
        rows = {}
        for label in ("checked", "unchecked"):
            check = sweeps.check
            if label == "unchecked":
                sweeps.check = lambda *args, **kw: None
            try:
                rows[label] = (best(lambda: program.gradient(at), number), best(lambda: program.jvp(at, seed), number))
            finally:
                sweeps.check = check
        steps = len(program.steps)
        (g1, j1), (g0, j0) = rows["checked"], rows["unchecked"]
        print(f"{steps:5d} steps  gradient {g1 * 1e6:8.1f} µs vs {g0 * 1e6:8.1f} µs ({(g1 / g0 - 1) * 100:+.1f}%)"
              f"  jvp {j1 * 1e6:8.1f} µs vs {j0 * 1e6:8.1f} µs ({(j1 / j0 - 1) * 100:+.1f}%)")


if __name__ == "__main__":
    main()
