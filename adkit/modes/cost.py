"""What forward and reverse mode cost on a given program: sweeps, operations, memory.

The operation count is read off the Wengert list, with one documented model
(docs/forward-vs-reverse.md):

* a primal sweep costs one operation per step (the primitive), plus reading
  its arguments and storing its value: PRIMAL_OPS = 3 per step;
* forward mode, per input, runs one tangent sweep; per step with L variable
  arguments it evaluates L partials, multiplies L times, adds L − 1 times and
  stores the tangent: 3L.  It is counted two ways: n sweeps of dual numbers
  each recompute the primal (``adkit trace --mode forward``, the textbook's
  sweeps): n·(primal + tangent); vector mode runs the primal once and carries
  the n tangents together (``adkit jacobian --mode forward``, ``--vector``):
  primal + n·tangent, storing n + 1 numbers per live value;
* reverse mode runs one primal sweep that records the tape and then, per
  output, one adjoint sweep; per step it loads the step's adjoint and, per
  variable argument, evaluates the partial, multiplies and accumulates
  (``+=``): 3L + 1.

Counting loads and stores as well as arithmetic is what makes the prediction
track measured time (benchmarks/RESULTS.md: within 2× from n, m = 1 to 1000).

Memory is counted in stored values: forward mode keeps a (primal, tangent) pair
for each value still needed later (peak over the sweep); reverse mode keeps
the whole tape plus one adjoint per step.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any, Iterable

from adkit.ir.wengert import Literal
from adkit.messages import counted, message
from adkit.modes.derivatives import jacobian
from adkit.modes.forward import tangent_sweep
from adkit.modes.program import Point, Program

PRIMAL_OPS = 3  # per step: read the arguments, apply the primitive, store the value



@dataclass(frozen=True)
class ModeCost:
    sweeps: int
    ops: int
    memory: int  # values stored
    ratio: float  # ops / one primal evaluation
    seconds: float | None = None  # measured Jacobian time, when asked for


@dataclass(frozen=True)
class Cost:
    inputs: int
    outputs: int
    primal_ops: int
    per_kind: dict[str, int]
    forward: ModeCost  # vector mode: one sweep, the primal once, n tangents together
    reverse: ModeCost
    forward_dual: ModeCost  # n dual-number sweeps, each recomputing the primal
    recommended: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def count(program: Program, at: Point | None = None, timed: bool = False, repeats: int = 5) -> Cost:
    """Sweeps, operations and memory of each mode for the Jacobian of ``program``."""
    steps = [s for s in program.steps if s.primitive is not None]
    n, m = len(program.inputs), len(program.outputs)
    primal = len(steps)
    live = [sum(not isinstance(a, Literal) for a in s.args) for s in steps]
    tangent_sweep = sum(3 * k for k in live if k)
    adjoint_sweep = sum(3 * k + 1 for k in live if k)
    forward_ops = PRIMAL_OPS * primal + n * tangent_sweep
    reverse_ops = PRIMAL_OPS * primal + m * adjoint_sweep
    dual_ops = n * (PRIMAL_OPS * primal + tangent_sweep)
    tape = len(program.steps)
    one = PRIMAL_OPS * max(primal, 1)
    peak = _peak_live(program)
    forward = ModeCost(1 if n else 0, forward_ops, (n + 1) * peak, forward_ops / one)
    dual = ModeCost(n, dual_ops, 2 * peak, dual_ops / one)
    reverse = ModeCost(m, reverse_ops, 2 * tape, reverse_ops / one)
    if timed and at is not None:
        forward = ModeCost(**{**asdict(forward), "seconds": _median(lambda: jacobian(program, at, "forward"), repeats)})
        dual = ModeCost(**{**asdict(dual), "seconds": _median(lambda: _dual_sweeps(program, at), repeats)})
        reverse = ModeCost(**{**asdict(reverse), "seconds": _median(lambda: jacobian(program, at, "reverse"), repeats)})
    recommended = "forward" if forward_ops < reverse_ops else "reverse"
    reason = message(f"cost.reason_{recommended}", forward=forward_ops, reverse=reverse_ops,
                     inputs=counted("count.inputs", n), outputs=counted("count.outputs", m),
                     tangent_sweeps=counted("count.tangent_sweeps", n), adjoint_sweeps=counted("count.adjoint_sweeps", m))
    kinds = Counter(s.op for s in steps)
    return Cost(n, m, primal, dict(sorted(kinds.items())), forward, reverse, dual, recommended, reason)


def _dual_sweeps(program: Program, at: Point) -> None:
    """The Jacobian as ``adkit trace --mode forward`` computes it: one dual-number sweep per input."""
    x = program.point(at)
    for i in range(len(x)):
        tangent_sweep(program, x, [float(i == j) for j in range(len(x))])


def _peak_live(program: Program) -> int:
    """Most values alive at once in a forward sweep (a value dies after its last use)."""
    last_use = {ref: step.index for step in program.steps for ref in step.args if isinstance(ref, int)}
    for ref in program.output_refs:
        if isinstance(ref, int):
            last_use[ref] = len(program.steps)
    alive = peak = 0
    dying: Counter[int] = Counter(last_use.values())
    for step in program.steps:
        alive += 1
        peak = max(peak, alive)
        alive -= dying[step.index]
        if step.index not in last_use:
            alive -= 1  # never used again
    return peak


def _median(fn: Any, repeats: int) -> float:
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def sweep_family(programs: Iterable[Program], repeats: int = 3) -> list[dict[str, Any]]:
    """Measured forward and reverse Jacobian times, and op counts, of each program of a family."""
    rows = []
    for program in programs:
        at = {name: 0.1 * (i + 1) for i, name in enumerate(program.inputs)}
        c = count(program)
        rows.append({
            "n": len(program.inputs), "m": len(program.outputs),
            "forward_ops": c.forward.ops, "reverse_ops": c.reverse.ops,
            "forward_seconds": _median(lambda: jacobian(program, at, "forward"), repeats),
            "reverse_seconds": _median(lambda: jacobian(program, at, "reverse"), repeats),
            "recommended": c.recommended,
        })
    return rows
