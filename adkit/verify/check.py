"""``adkit.verify(trace)``: check every number of a trace against sympy and finite differences.

Two independent references: sympy built from the Wengert list
(:mod:`adkit.verify.symbolic`, run by :mod:`adkit.verify.worker` with a
deadline, past which the numeric checks stand alone, which the result says)
and central finite differences judged against their own error estimate
(:mod:`adkit.verify.numeric`).

Engines are compared with sympy at relative tolerance RTOL with an absolute
floor of ATOL × the largest magnitude of the same quantity in the trace
(a value that cancels to almost zero keeps the rounding error of its largest
contributors).  At a kink the engines follow a documented convention that may
differ from sympy's (Heaviside(0) = 1/2): such a disagreement is reported as
the convention, not as a failure.
"""

from __future__ import annotations

import math
import time
from functools import cached_property
from typing import Any, Callable, Sequence

from adkit.ir.notation import step_text
from adkit.ir.wengert import Literal, Step
from adkit.messages import message
from adkit.modes.forward import tangent_sweep
from adkit.modes.program import Program
from adkit.modes.records import TraceRecord
from adkit.modes.reverse import adjoint_sweep
from adkit.verify.numeric import finite_difference
from adkit.verify.report import ATOL, RTOL, InputCheck, RowCheck, Verification
from adkit.verify.findings import Derivative, Findings
from adkit.verify.worker import run_with_deadline

DEFAULT_TIMEOUT = 5.0  #: seconds sympy may take before adkit falls back to numeric checks


def _close(engine: float, exact: float, scale: float) -> tuple[bool, float | None]:
    """Within tolerance, and the relative error (None against an exact 0: there is none, only the absolute test)."""
    err = abs(engine - exact)
    rel = err / abs(exact) if exact != 0 else (0.0 if err == 0 else None)
    return err <= RTOL * abs(exact) + ATOL * scale, rel


class Kinks:
    """The steps evaluated at a kink, and which derivatives pass through one.

    Step sets are Python integers used as bit sets (bit i: step i), so a
    step's ancestors cost one integer however long the list.
    """

    def __init__(self, program: Program, vals: Sequence[float]) -> None:
        self.program = program
        self.found = program.kinks(vals)
        self.steps = 0
        for step, _ in self.found:
            self.steps |= 1 << step.index
        self.ancestors = [0] * len(program.steps)  # step → the steps it depends on
        for step in program.steps:
            for a in step.args:
                if not isinstance(a, Literal):
                    self.ancestors[step.index] |= self.ancestors[a] | (1 << a)

    def notes(self) -> list[str]:
        return [message("verify.kink", step=step_text(s, self.program.steps), note=note) for s, note in self.found]

    def under_input(self, j: int) -> bool:
        """A kink depends on input ``j``."""
        return any(self.steps >> k & 1 and self.ancestors[k] >> j & 1 for k in range(len(self.ancestors)))

    def under_tangent(self, i: int) -> bool:
        """Step ``i`` or a step it depends on is a kink."""
        return bool(self.steps & (self.ancestors[i] | 1 << i))

    @cached_property
    def descendants(self) -> list[int]:
        """Step → the steps that depend on it."""
        descendants = [0] * len(self.program.steps)
        for step in reversed(self.program.steps):
            for a in step.args:
                if not isinstance(a, Literal):
                    descendants[a] |= descendants[step.index] | (1 << step.index)
        return descendants

    def under_adjoint(self, i: int) -> bool:
        """A kink lies on a path from step ``i`` to the output."""
        out = self.program.output_ref
        below = self.ancestors[out] | (1 << out) if not isinstance(out, Literal) else 0
        return bool(self.steps & self.descendants[i] & below)


def verify(trace: TraceRecord, timeout: float = DEFAULT_TIMEOUT, rows: bool = True) -> Verification:
    """Check ``trace`` against sympy (with a ``timeout`` in seconds) and finite differences.

    Args:
        trace: from :func:`adkit.trace`, any mode.
        timeout: seconds sympy may take; past it only the numeric checks count.
        rows: also check every step's primal, tangent and adjoint (O(steps²) for adjoints).
    """
    import sympy  # noqa: F401 - imported here, before the fork, so the worker starts warm

    started = time.perf_counter()
    program = trace.program
    x = [trace.point[name] for name in program.inputs]
    vals = program.values(x)
    seeds = [[s[name] for name in program.inputs] for s in trace.seeds]
    forward, reverse = _engine_gradient(trace, x, vals, seeds)
    findings = run_with_deadline((program, x, seeds, rows), timeout)
    kinks = Kinks(program, vals)
    notes = [message("verify.timeout", seconds=timeout)] if not findings.finished else []
    notes += [message("verify.sympy_error", error=e) for e in findings.errors] + kinks.notes()

    scale = max([1.0] + [abs(v) for v in reverse + forward])
    bar = trace.adjoint_seed(0) if trace.mode != "forward" else 1.0  # the reverse sweep's seed scales its adjoints
    inputs = [_input_check(program, x, j, (forward[j], reverse[j]), findings.derivatives.get(j), scale, bar,
                           kinks.under_input(j) if kinks.steps else False)
              for j in range(len(program.inputs))]
    checks = _row_checks(trace, findings, kinks) if rows else []
    symbolic = findings.finished and not findings.errors
    if rows and symbolic and any(c.status == "unchecked" for c in checks):
        notes.append(message("verify.rows_unchecked"))
    ok = all(c.ok for c in inputs) and all(c.status != "failed" for c in checks)
    return Verification(ok, symbolic, not findings.finished, timeout, time.perf_counter() - started, RTOL,
                        tuple(inputs), tuple(checks), tuple(notes), program.outputs[0])


def _engine_gradient(trace: TraceRecord, x: list[float], vals: list[float],
                     seeds: list[list[float]]) -> tuple[list[float], list[float]]:
    """The engines' gradient both ways: from the trace where it ran that mode, else one more sweep."""
    program, out, n = trace.program, trace.program.output_ref, len(x)
    forward = []
    for j in range(n):
        unit = [float(i == j) for i in range(n)]
        if isinstance(out, Literal):
            forward.append(0.0)
        elif unit in seeds:
            forward.append(float(trace.steps[out].tangents[seeds.index(unit)]))
        else:
            forward.append(float(tangent_sweep(program, x, unit)[out].tangent))
    if trace.mode != "forward":
        reverse = [float(trace.steps[j].adjoint) for j in range(n)]  # type: ignore[arg-type]
    else:
        reverse = adjoint_sweep(program, vals, out)[0][:n]
    return forward, reverse


def _input_check(program: Program, x: list[float], j: int, engines: tuple[float, float], exact: Derivative | None,
                 scale: float, bar: float, kinked: bool) -> InputCheck:
    """∂y/∂xⱼ of both engines against sympy's (when it arrived) and central differences."""
    forward, reverse = engines
    name = program.inputs[j]
    fd, h, bound = finite_difference(program, x, j)
    status, rel = "ok", None
    if exact is not None and exact.value is not None:
        ok_f, rel_f = _close(forward, exact.value, scale)
        ok_r, rel_r = _close(reverse, bar * exact.value, scale)
        rel = max((r for r in (rel_f, rel_r) if r is not None), default=None)
        if not (ok_f and ok_r):
            status = "kink" if kinked else "failed"
    fd_error = None if fd is None else abs(reverse - bar * fd)
    if fd_error is not None and bound is not None and fd_error > abs(bar) * bound and status == "ok":
        status = "kink" if kinked else "failed"
    if not math.isclose(bar * forward, reverse, rel_tol=RTOL, abs_tol=ATOL * scale):
        status = "failed"
    value = exact.value if exact is not None else None
    if value is None and fd is None and status == "ok":
        status = "unchecked"
    note = message("verify.fd_skipped", name=name) if fd is None or bound is None else None
    return InputCheck(name, forward, reverse, value, exact.digits if exact else None,
                      exact.symbolic if exact else None, exact.pretty if exact else None,
                      fd, h, bound, rel, fd_error, status, note)


def _row_checks(trace: TraceRecord, findings: Findings, kinks: Kinks) -> list[RowCheck]:
    """Every step's primal, tangents and adjoint against sympy's, each quantity at its own scale."""
    kinds: list[tuple[str, int | None, Callable[[Any], float | None]]] = [("primal", None, lambda r: r.value)]
    kinds += [("tangent", k, (lambda k: lambda r: r.tangents[k])(k)) for k in range(len(trace.seeds))]
    if trace.mode != "forward":
        kinds.append(("adjoint", None, lambda r: r.adjoint))
    checks = []
    for quantity, sweep, read in kinds:
        values = [read(r) for r in trace.steps]
        scale = max([1.0] + [abs(v) for v in values if v is not None and math.isfinite(v)])
        for record, engine in zip(trace.steps, values):
            checks.append(_row_check(trace, findings, kinks, record.step, quantity, sweep, engine, scale))
    return checks


def _row_check(trace: TraceRecord, findings: Findings, kinks: Kinks, step: Step, quantity: str,
               sweep: int | None, engine: float, scale: float) -> RowCheck:
    exact = findings.row(quantity, step.index, sweep)
    if quantity == "adjoint" and exact is not None:
        exact *= trace.adjoint_seed(0)
    status, rel = "unchecked", None
    if exact is not None:
        ok, rel = _close(engine, exact, scale)
        status = "ok"
        if not ok:
            kinked = {"tangent": kinks.under_tangent, "adjoint": kinks.under_adjoint}.get(quantity)
            status = "kink" if kinked is not None and kinked(step.index) else "failed"
    return RowCheck(step.name, step_text(step, trace.program.steps), quantity, sweep, float(engine), exact, rel,
                    status)
