"""sympy references built from the Wengert list through the registry: the worker's job.

Built from each primitive's ``sympy`` callable, never from the user's text.
The job differentiates the output with respect to every input and evaluates
at the point with DIGITS significant digits; row by row it recomputes every
step's primal, tangent (Σⱼ seedⱼ·∂vᵢ/∂xⱼ) and adjoint (v̄ᵢ = ∂y/∂vᵢ, found by
making vᵢ a free symbol in the expression for y rebuilt from the steps after
it).  It runs in :mod:`adkit.verify.worker`, which holds the deadline.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Callable, Sequence

from adkit.ir.primitives import CONSTANTS
from adkit.ir.wengert import Literal
from adkit.modes.program import Program
from adkit.verify.findings import Derivative, Finding, Row, Simplified

DIGITS = 35  #: significant digits of sympy's evaluation


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


def sympy_number(sp: Any, expr: Any, subs: dict) -> tuple[float | None, str | None]:
    """``expr`` at ``subs`` to DIGITS digits: (float, its 30-digit string), or (None, None) if not real."""
    try:
        # substitute 40-digit Floats first: evalf(subs=...) turns an exact 0 into noise like 1e-153
        value = expr.xreplace(subs).evalf(DIGITS)
        c = complex(value)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError, AttributeError):
        return None, None
    if c.imag != 0 and abs(c.imag) > 1e-25 * max(1.0, abs(c.real)) or math.isnan(c.real):
        return None, None
    return c.real, str(sp.Float(value.as_real_imag()[0], 30)) if value.is_number else None


def symbolic_job(program: "Program", x: Sequence[float], seeds: Sequence[Sequence[float]],
                  rows: bool, send: Callable[[Finding], None]) -> None:
    """Everything sympy checks, sent as findings so a deadline keeps what finished."""
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
        value, digits = sympy_number(sp, d, subs)
        send(Derivative(j, value, digits, str(d), sp.pretty(d, use_unicode=True)))
    if rows:
        for step in program.steps:
            send(Row("primal", step.index, sympy_number(sp, exprs[step.index], subs)[0]))
        for k, seed in enumerate(seeds):
            for step in program.steps:
                e = sum((c * sp.diff(exprs[step.index], s) for c, s in zip(seed, symbols) if c), sp.Integer(0))
                send(Row("tangent", step.index, sympy_number(sp, e, subs)[0], sweep=k))
        if not isinstance(out, Literal):
            for step in program.steps:
                if step.index > out:
                    send(Row("adjoint", step.index, 0.0))
                    continue
                w = sp.Dummy("w", real=True)
                rebuilt = sympy_expressions(sp, program, symbols, step.index, {step.index: w}, exprs)
                d = sp.diff(rebuilt[out], w)
                at = dict(subs)
                at[w] = exprs[step.index].xreplace(subs).evalf(DIGITS + 5)
                send(Row("adjoint", step.index, sympy_number(sp, d, at)[0]))
    for j, d in enumerate(derivatives):  # last: a nicer form, when cheap
        if sp.count_ops(d) <= 40:
            simple = sp.simplify(d)
            send(Simplified(j, str(simple), sp.pretty(simple, use_unicode=True)))
