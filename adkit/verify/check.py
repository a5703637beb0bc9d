"""``adkit.verify(trace)`` (this module does the work): check every number of a trace against sympy and finite differences.

Two independent references:

* **sympy**, built from the Wengert list through each primitive's ``sympy``
  callable (never from the user's text).  It differentiates the output with
  respect to every input and evaluates at the point with 35 significant
  digits; row by row it recomputes every step's primal, tangent
  (Σⱼ seedⱼ·∂vᵢ/∂xⱼ) and adjoint (v̄ᵢ = ∂y/∂vᵢ, found by making vᵢ a free
  symbol in the expression for y rebuilt from the steps after it).  sympy
  runs in a forked worker process with a deadline, so a huge expression can
  never hang adkit: past the deadline the worker is stopped and the numeric
  checks stand alone, which the result says.
* **central finite differences** D(h) = (f(x+h) − f(x−h))/2h with
  h = ε^(1/3)·max(1, |x|) per input, judged against their own error
  estimate: max(|D(h) − D(2h)|/3, |D(2h) − D(4h)|/12) (Richardson's
  truncation estimates) plus the rounding term ε·(max|f| + Σᵢ|v̄ᵢvᵢ|)/h
  (the first-order rounding error of evaluating the Wengert list), times a
  safety factor of 10.

Engines are compared with sympy at relative tolerance 1e-9 with an absolute
floor of 1e-12 × the largest magnitude of the same quantity in the trace
(a value that cancels to almost zero keeps the rounding error of its largest
contributors).  At a kink the engines follow a documented convention that may
differ from sympy's (Heaviside(0) = 1/2): such a disagreement is reported as
the convention, not as a failure.
"""

from __future__ import annotations

import math
import sys
import time
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from typing import Any, Callable, Sequence

from adkit.errors import AdkitError
from adkit.modes.forward import tangent_sweep
from adkit.messages import message
from adkit.ir.notation import step_text
from adkit.ir.primitives import CONSTANTS
from adkit.modes.reverse import adjoint_sweep
from adkit.ir.wengert import Literal, Ref, Step
from adkit.modes.program import Program
from adkit.modes.records import TraceRecord
from adkit.language.parser import BINDING_POWER, PREFIX_POWER


RTOL = 1e-9  #: engines vs sympy, relative
ATOL = 1e-12  #: absolute floor, times the largest magnitude of the same quantity
DIGITS = 35  #: significant digits of sympy's evaluation
FD_SAFETY = 10.0  #: finite differences pass within this multiple of their error estimate
DEFAULT_TIMEOUT = 5.0  #: seconds sympy may take before adkit falls back to numeric checks
_EPS = sys.float_info.epsilon


@dataclass(frozen=True)
class InputCheck:
    """∂y/∂(one input): both engines against sympy and finite differences."""

    name: str
    forward: float
    reverse: float
    sympy: float | None  # None: sympy did not finish (or could not evaluate)
    sympy_digits: str | None  # sympy's value at 30 significant digits
    symbolic: str | None  # the derivative, sympy's plain string
    pretty: str | None  # sympy's pretty Unicode form (simplified when cheap)
    finite_difference: float | None  # None: the stencil left the domain
    fd_step: float
    fd_bound: float | None
    rel_error: float | None  # largest relative error of the engines vs sympy
    fd_error: float | None  # |reverse − finite difference|
    status: str  # "ok", "failed", "kink" (a convention), "unchecked"
    note: str | None = None

    @property
    def ok(self) -> bool:
        return self.status != "failed"


@dataclass(frozen=True)
class RowCheck:
    """One quantity of one step (primal, tangent of a sweep, adjoint) against sympy."""

    step: str  # "v3"
    text: str  # "v3 = sin v0"
    quantity: str  # "primal", "tangent", "adjoint"
    sweep: int | None  # which forward sweep, for tangents
    engine: float
    sympy: float | None
    rel_error: float | None
    status: str  # "ok", "failed", "kink", "unchecked"


@dataclass(frozen=True)
class Verification:
    """What ``adkit.verify`` found; render it with :func:`adkit.verify.view.verification_view`."""

    ok: bool
    symbolic: bool  # every sympy check ran
    timed_out: bool
    timeout: float
    seconds: float
    rtol: float
    inputs: tuple[InputCheck, ...]
    rows: tuple[RowCheck, ...]
    notes: tuple[str, ...] = field(default=())
    output: str = "y"  # the output's name: ``f`` when an input is called ``y``

    @property
    def failures(self) -> tuple[str, ...]:
        """One line per failed check, naming the row or input."""
        out = [message("verify.row_failed", row=r.text, quantity=r.quantity, engine=r.engine,
                       exact=r.sympy, error=_fmt_err(r.rel_error))
               for r in self.rows if r.status == "failed"]
        out += [message("verify.input_failed", output=self.output, name=c.name, engine=c.reverse, forward=c.forward,
                        exact=c.sympy, fd=c.finite_difference)
                for c in self.inputs if c.status == "failed"]
        return tuple(out)

    def to_dict(self) -> dict[str, Any]:
        """The JSON ``verification`` block."""
        return {
            "ok": self.ok,
            "symbolic": self.symbolic,
            "timed_out": self.timed_out,
            "timeout": self.timeout,
            "seconds": self.seconds,
            "tolerance": {"relative": self.rtol, "absolute_floor": ATOL, "fd_safety": FD_SAFETY},
            "inputs": {c.name: {k: v for k, v in asdict(c).items() if k not in ("name", "pretty")}
                       for c in self.inputs},
            "rows": [asdict(r) for r in self.rows],
            "failures": list(self.failures),
            "notes": list(self.notes),
        }


def _fmt_err(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2e}"


# ---- the sympy side: runs in a worker with a deadline -----------------------------
def sympy_literal(sp: Any, lit: Literal) -> Any:
    """A literal as an exact sympy number: ``pi`` → π, ``0.1`` → 1/10 (as written)."""
    if lit.text in CONSTANTS and CONSTANTS[lit.text] == lit.value:
        return sp.pi if lit.text == "pi" else sp.E
    try:
        frac = Fraction(lit.text)  # numeric strings only; never evaluates code
        if float(frac) == lit.value:
            return sp.Rational(frac.numerator, frac.denominator)
    except (ValueError, ZeroDivisionError):
        pass
    frac = Fraction(lit.value)  # the exact double
    return sp.Rational(frac.numerator, frac.denominator)


def sympy_expressions(sp: Any, program: "Program", symbols: Sequence[Any],
                      start: int = 0, replace: dict[int, Any] | None = None,
                      known: Sequence[Any] | None = None) -> list[Any]:
    """sympy expressions of every step, built through the registry.

    With ``known`` (the expressions already built) and ``start``, only steps
    from ``start`` on are rebuilt, and ``replace`` puts free symbols in
    place of chosen steps (how an adjoint becomes ∂y/∂vᵢ).
    """
    replace = replace or {}
    exprs: list[Any] = list(known[:start]) if known is not None else []
    for step in program.steps[len(exprs):]:
        if step.index in replace:
            exprs.append(replace[step.index])
        elif step.primitive is None:
            exprs.append(symbols[step.index])
        else:
            args = [sympy_literal(sp, a) if isinstance(a, Literal) else exprs[a] for a in step.args]
            exprs.append(step.primitive.sympy(sp, *args))
    return exprs


def _number(sp: Any, expr: Any, subs: dict) -> tuple[float | None, str | None]:
    try:
        # substitute 40-digit Floats first: evalf(subs=...) turns an exact 0 into noise like 1e-153
        value = expr.xreplace(subs).evalf(DIGITS)
        c = complex(value)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError, AttributeError):
        return None, None
    if c.imag != 0 and abs(c.imag) > 1e-25 * max(1.0, abs(c.real)) or math.isnan(c.real):
        return None, None
    return c.real, str(sp.Float(value.as_real_imag()[0], 30)) if value.is_number else None


def _symbolic_job(program: "Program", x: Sequence[float], seeds: Sequence[Sequence[float]],
                  rows: bool, send: Callable[[tuple], None]) -> None:
    """Everything sympy checks, sent as messages so a deadline keeps what finished."""
    import sympy as sp

    symbols = [sp.Symbol(name, real=True) for name in program.inputs]
    subs = {s: sp.Float(v, DIGITS + 5) for s, v in zip(symbols, x)}
    exprs = sympy_expressions(sp, program, symbols)
    out = program.output_ref
    y = sympy_literal(sp, out) if isinstance(out, Literal) else exprs[out]
    derivatives = []
    for j, s in enumerate(symbols):
        d = sp.diff(y, s)
        derivatives.append(d)
        value, digits = _number(sp, d, subs)
        send(("input", j, value, digits, str(d), sp.pretty(d, use_unicode=True)))
    if rows:
        for step in program.steps:
            send(("primal", step.index, _number(sp, exprs[step.index], subs)[0]))
        for k, seed in enumerate(seeds):
            for step in program.steps:
                e = sum((c * sp.diff(exprs[step.index], s) for c, s in zip(seed, symbols) if c), sp.Integer(0))
                send(("tangent", step.index, k, _number(sp, e, subs)[0]))
        if not isinstance(out, Literal):
            for step in program.steps:
                if step.index > out:
                    send(("adjoint", step.index, 0.0))
                    continue
                w = sp.Dummy("w", real=True)
                rebuilt = sympy_expressions(sp, program, symbols, step.index, {step.index: w}, exprs)
                d = sp.diff(rebuilt[out], w)
                at = dict(subs)
                at[w] = exprs[step.index].xreplace(subs).evalf(DIGITS + 5)
                send(("adjoint", step.index, _number(sp, d, at)[0]))
    for j, d in enumerate(derivatives):  # last: a nicer form, when cheap
        if sp.count_ops(d) <= 40:
            simple = sp.simplify(d)
            send(("pretty", j, str(simple), sp.pretty(simple, use_unicode=True)))


def _guarded(job: Callable[..., None], send: Callable[[tuple], None], *args: Any) -> None:
    try:
        job(*args, send)
    except Exception as exc:  # noqa: BLE001 - the worker reports anything sympy raises
        send(("error", f"{type(exc).__name__}: {exc}"[:300]))
    except RecursionError as exc:  # pragma: no cover - subclass of Exception; kept explicit
        send(("error", f"RecursionError: {exc}"))
    send(("done",))


def _run_with_deadline(args: tuple, timeout: float) -> tuple[list[tuple], bool]:
    """Run the sympy job in a forked process (or a daemon thread where fork is missing).

    Returns the messages that arrived before the deadline and whether it finished.
    """
    import multiprocessing  # here, so that ``import adkit`` stays light
    import queue
    import threading

    messages: list[tuple] = []
    deadline = time.monotonic() + timeout
    if "fork" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("fork")
        receiver, sender = ctx.Pipe(duplex=False)
        worker = ctx.Process(target=_guarded, args=(_symbolic_job, sender.send, *args), daemon=True)
        worker.start()
        sender.close()
        finished = False
        try:
            while not finished:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not receiver.poll(remaining):
                    break
                try:
                    msg = receiver.recv()
                except EOFError:
                    break
                finished = msg[0] == "done"
                messages.append(msg)
        finally:
            if worker.is_alive():
                worker.kill()  # our own worker, by its handle
            worker.join()
            receiver.close()
        return messages, finished
    inbox: queue.Queue = queue.Queue()
    threading.Thread(target=_guarded, args=(_symbolic_job, inbox.put, *args), daemon=True).start()
    while True:  # pragma: no cover - platforms without fork
        remaining = deadline - time.monotonic()
        try:
            msg = inbox.get(timeout=max(remaining, 0.0)) if remaining > 0 else inbox.get_nowait()
        except queue.Empty:
            return messages, False
        messages.append(msg)
        if msg[0] == "done":
            return messages, True


# ---- finite differences ---------------------------------------------------------
def fd_step(value: float) -> float:
    """The central-difference step for an input at ``value``: ε^(1/3)·max(1, |value|)."""
    return _EPS ** (1 / 3) * max(1.0, abs(value))


def _branches(program: "Program", vals: Sequence[float]) -> tuple:
    """Which side of every kink each kink step is on (the partials it uses)."""
    out = []
    for step in program.steps:
        prim = step.primitive
        if prim is not None and prim.kink is not None:
            args = program.arg_values(step, vals)
            out.append(tuple(p(*args, vals[step.index]) for p in prim.partials))
    return tuple(out)


def finite_difference(program: "Program", x: Sequence[float], j: int) -> tuple[float | None, float, float | None]:
    """(D(h), h, error bound) for ∂y/∂xⱼ.

    D is None when the stencil x ± 4h leaves the domain or crosses a kink; the
    bound is None (not judged) when the three differences D(h), D(2h), D(4h)
    do not shrink like h² (their ratio is not near 4), i.e. the function
    curves too fast on the scale of h for a finite difference to mean anything.
    """
    h = fd_step(x[j])
    h = (x[j] + h) - x[j]  # a step the float grid represents exactly, so x ± h are the points used
    out = program.output_ref
    vals = program.values(list(x))
    base = _branches(program, vals)
    # first-order rounding error of one evaluation of y: ε·Σᵢ |v̄ᵢ·vᵢ| over the steps
    try:
        adj = adjoint_sweep(program, vals, program.output_ref)[0]
        spread = math.fsum(abs(adj[i] * vals[i]) for i in range(len(program.inputs), len(program.steps)))
    except AdkitError:
        spread = 0.0
    f, at = {}, {}
    for k in (-4, -2, -1, 1, 2, 4):
        z = list(x)
        z[j] = at[k] = x[j] + k * h
        try:
            vals = program.values(z)
        except AdkitError:
            return None, h, None
        value = out.value if isinstance(out, Literal) else vals[out]
        if not math.isfinite(value):
            return None, h, None
        if _branches(program, vals) != base:
            return None, h, None
        f[k] = value
    d1 = (f[1] - f[-1]) / (at[1] - at[-1])
    d2 = (f[2] - f[-2]) / (at[2] - at[-2])
    d4 = (f[4] - f[-4]) / (at[4] - at[-4])
    # Richardson: D(h) − D(2h) ≈ −3ch², D(2h) − D(4h) ≈ −12ch²; two estimates of the
    # error ch² of D(h), so a coincidental cancellation in one does not hide it
    truncation = max(abs(d1 - d2) / 3, abs(d2 - d4) / 12)
    rounding = _EPS * (max(abs(v) for v in f.values()) + spread) / h
    bound = FD_SAFETY * (truncation + rounding) + _EPS * abs(d1)
    if truncation > rounding and abs(d1 - d2) > 0:
        ratio = abs(d2 - d4) / abs(d1 - d2)
        if not 2.0 <= ratio <= 8.0:  # not the h² regime (ratio 4): the estimate means nothing here
            return d1, h, None
    return d1, h, bound


# ---- putting it together ------------------------------------------------------------
def _close(engine: float, exact: float, scale: float) -> tuple[bool, float]:
    err = abs(engine - exact)
    rel = err / abs(exact) if exact != 0 else (0.0 if err == 0 else math.inf)
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

    messages, finished = _run_with_deadline((program, x, seeds, rows), timeout)
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
            rel = max(rel_f, rel_r)
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


# ---- printing a program back to adkit source ------------------------------------
def to_source(program: "Program", inline: bool = False) -> str:
    """adkit source text that re-parses (with ``inputs=program.inputs``) to the same Wengert list.

    The default writes one assignment per step (``_v1 = ln(x1); …``), which
    keeps the step order exactly.  ``inline=True`` writes one nested formula
    (readable; exact for programs lowered from a single expression; its size
    grows with repeated shared subexpressions).
    """

    steps = program.steps
    inputs = set(program.inputs)
    prefix = "_v"
    while any(name.startswith(prefix) for name in inputs):
        prefix = "_" + prefix

    def literal(lit: Literal) -> str:
        if lit.text in CONSTANTS and CONSTANTS[lit.text] == lit.value and lit.text not in inputs:
            return lit.text
        text = repr(float(lit.value))
        return f"({text})" if text.startswith("-") else text

    precedence = {op: lbp for op, lbp, _ in BINDING_POWER.values()}
    negation, unary = PREFIX_POWER["-"]
    precedence[negation] = unary  # type: ignore[index]
    right_assoc = {op for op, lbp, rbp in BINDING_POWER.values() if rbp < lbp}

    def render(step: Step, arg_text: Callable[[Ref, int], str]) -> str:
        prim = step.primitive
        return prim.syntax.format(*(arg_text(a, pos) for pos, a in enumerate(step.args)))  # type: ignore[union-attr]

    if not inline:
        names = [name if step.primitive is None else f"{prefix}{step.index}" for step, name in
                 zip(steps, list(program.inputs) + [""] * len(steps))]
        lines = []
        for step in steps[len(program.inputs):]:
            text = render(step, lambda a, pos: literal(a) if isinstance(a, Literal) else names[a])
            lines.append(f"{names[step.index]} = {text}")
        out = program.output_ref
        lines.append(literal(out) if isinstance(out, Literal) else names[out])
        return "\n".join(lines)

    texts: list[str] = []
    for step in steps:
        if step.primitive is None:
            texts.append(program.inputs[step.index])
            continue
        mine = precedence.get(step.op)

        def arg_text(a: Ref, pos: int, step: Step = step, mine: int | None = mine) -> str:
            if isinstance(a, Literal):
                return literal(a)
            child = steps[a]
            theirs = precedence.get(child.op)
            text = texts[a]
            if mine is None or theirs is None:
                return text
            if step.op == negation:
                return f"({text})" if theirs < unary else text
            left_tight = pos == 0 and (theirs < mine or (theirs == mine and step.op in right_assoc))
            right_tight = pos == 1 and (theirs < mine or (theirs == mine and step.op not in right_assoc))
            return f"({text})" if left_tight or right_tight else text

        texts.append(render(step, arg_text))
    out = program.output_ref
    return literal(out) if isinstance(out, Literal) else texts[out]


def signature(program: "Program") -> tuple:
    """The Wengert list without names or spans: what a round trip must keep."""
    return (program.inputs, tuple((s.op, tuple(("lit", a.value) if isinstance(a, Literal) else a for a in s.args))
                                  for s in program.steps),
            ("lit", program.output_ref.value) if isinstance(program.output_ref, Literal) else program.output_ref)
