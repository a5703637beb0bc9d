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
from typing import Any, Callable, Sequence

from adkit.ir.notation import step_text
from adkit.ir.wengert import Literal
from adkit.messages import message
from adkit.modes.forward import tangent_sweep
from adkit.modes.program import Program
from adkit.modes.records import TraceRecord
from adkit.modes.reverse import adjoint_sweep
from adkit.verify.numeric import finite_difference
from adkit.verify.report import ATOL, RTOL, InputCheck, RowCheck, Verification
from adkit.verify.worker import run_with_deadline

DEFAULT_TIMEOUT = 5.0  #: seconds sympy may take before adkit falls back to numeric checks


def _close(engine: float, exact: float, scale: float) -> tuple[bool, float | None]:
    """Within tolerance, and the relative error (None against an exact 0: there is none, only the absolute test)."""
    err = abs(engine - exact)
    rel = err / abs(exact) if exact != 0 else (0.0 if err == 0 else None)
    return err <= RTOL * abs(exact) + ATOL * scale, rel


def _affected_by_kinks(program: "Program", vals: Sequence[float]) -> tuple[list[str], int, list[int]]:
    """Notes for kinks at the point, the bitmask of kink steps and each step's ancestors (bitmasks)."""
    ancestors = [0] * len(program.steps)
    for step in program.steps:
        mask = 0
        for a in step.args:
            if not isinstance(a, Literal):
                mask |= ancestors[a] | (1 << a)
        ancestors[step.index] = mask
    found = program.kinks(vals)
    kinks = 0
    for step, _ in found:
        kinks |= 1 << step.index
    notes = [message("verify.kink", step=step_text(s, program.steps), note=note) for s, note in found]
    return notes, kinks, ancestors


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
    out = program.output_ref
    n = len(program.inputs)
    units = [[float(i == j) for i in range(n)] for j in range(n)]

    # the engines' gradient: from the trace when it ran that mode, else one more sweep
    seeds = [[s[name] for name in program.inputs] for s in trace.seeds]
    forward = []
    for j in range(n):
        if units[j] in seeds and not isinstance(out, Literal):
            forward.append(float(trace.steps[out].tangents[seeds.index(units[j])]))
        elif isinstance(out, Literal):
            forward.append(0.0)
        else:
            forward.append(float(tangent_sweep(program, x, units[j])[out].tangent))
    if trace.mode != "forward":
        reverse = [float(trace.steps[j].adjoint) for j in range(n)]  # type: ignore[arg-type]
    else:
        reverse = adjoint_sweep(program, vals, out)[0][:n]

    messages, finished = run_with_deadline((program, x, seeds, rows), timeout)
    got: dict[tuple, tuple] = {}
    errors = []
    for msg in messages:
        if msg[0] == "input":
            got[("input", msg[1])] = msg[2:]
        elif msg[0] == "pretty":
            old = got.get(("input", msg[1]))
            if old is not None:
                got[("input", msg[1])] = old[:2] + msg[2:]
        elif msg[0] in ("primal", "adjoint"):
            got[(msg[0], msg[1])] = (msg[2],)
        elif msg[0] == "tangent":
            got[("tangent", msg[1], msg[2])] = (msg[3],)
        elif msg[0] == "error":
            errors.append(msg[1])

    kink_notes, kink_mask, ancestors = _affected_by_kinks(program, vals)
    notes: list[str] = []
    if not finished:
        notes.append(message("verify.timeout", seconds=timeout))
    for e in errors:
        notes.append(message("verify.sympy_error", error=e))
    notes += kink_notes

    grad_scale = max([1.0] + [abs(v) for v in reverse + forward])
    bar = trace.adjoint_seed(0) if trace.mode != "forward" else 1.0  # the reverse sweep's seed scales its adjoints
    inputs = []
    for j, name in enumerate(program.inputs):
        exact, digits, symbolic, pretty = got.get(("input", j), (None, None, None, None))
        fd, h, bound = finite_difference(program, x, j)
        kinked = bool(kink_mask and (any((ancestors[k] >> j) & 1 for k in range(len(program.steps))
                                          if (kink_mask >> k) & 1)))
        status, rel, note = "ok", None, None
        if exact is not None:
            ok_f, rel_f = _close(forward[j], exact, grad_scale)
            ok_r, rel_r = _close(reverse[j], bar * exact, grad_scale)
            rel = max((r for r in (rel_f, rel_r) if r is not None), default=None)
            if not (ok_f and ok_r):
                status = "kink" if kinked else "failed"
        fd_error = None if fd is None else abs(reverse[j] - bar * fd)
        if fd is not None and bound is not None and fd_error > abs(bar) * bound and status == "ok":
            status = "kink" if kinked else "failed"
        if not math.isclose(bar * forward[j], reverse[j], rel_tol=RTOL, abs_tol=ATOL * grad_scale):
            status = "failed"
        if exact is None and fd is None and status == "ok":
            status = "unchecked"
        if fd is None or bound is None:
            note = message("verify.fd_skipped", name=name)
        inputs.append(InputCheck(name, forward[j], reverse[j], exact, digits, symbolic, pretty,
                                 fd, h, bound, rel, fd_error, status, note))

    checks = _row_checks(trace, got, kink_mask, ancestors) if rows else []
    if rows and any(c.status == "unchecked" for c in checks) and finished and not errors:
        notes.append(message("verify.rows_unchecked"))
    ok = all(c.ok for c in inputs) and all(c.status != "failed" for c in checks)
    symbolic = finished and not errors
    return Verification(ok, symbolic, not finished, timeout, time.perf_counter() - started, RTOL,
                        tuple(inputs), tuple(checks), tuple(notes), trace.program.outputs[0])


def _row_checks(trace: TraceRecord, got: dict, kink_mask: int, ancestors: list[int]) -> list[RowCheck]:
    program = trace.program
    steps = program.steps
    out = program.output_ref
    n_steps = len(steps)
    descendants = [0] * n_steps
    for step in reversed(steps):
        for a in step.args:
            if not isinstance(a, Literal):
                descendants[a] |= descendants[step.index] | (1 << step.index)
    kinds: list[tuple[str, int | None, Callable[[Any], float | None]]] = [("primal", None, lambda r: r.value)]
    kinds += [("tangent", k, (lambda k: lambda r: r.tangents[k])(k)) for k in range(len(trace.seeds))]
    if trace.mode != "forward":
        kinds.append(("adjoint", None, lambda r: r.adjoint))
    checks = []
    for quantity, sweep, read in kinds:
        values = [read(r) for r in trace.steps]
        scale = max([1.0] + [abs(v) for v in values if v is not None and math.isfinite(v)])
        for record, engine in zip(trace.steps, values):
            i = record.step.index
            key = (quantity, i) if sweep is None else (quantity, i, sweep)
            exact = got.get(key, (None,))[0]
            if quantity == "adjoint" and exact is not None:
                exact *= trace.adjoint_seed(0)
            status, rel = "unchecked", None
            if exact is not None:
                ok, rel = _close(engine, exact, scale)
                status = "ok"
                if not ok:
                    if quantity == "tangent":
                        kinked = bool(kink_mask & (ancestors[i] | (1 << i)))
                    elif quantity == "adjoint":
                        below = ancestors[out] | (1 << out) if not isinstance(out, Literal) else 0
                        kinked = bool(kink_mask & descendants[i] & below)
                    else:
                        kinked = False
                    status = "kink" if kinked else "failed"
            checks.append(RowCheck(record.step.name, step_text(record.step, steps), quantity, sweep,
                                   float(engine), exact, rel, status))
    return checks
