"""The arithmetic records: + − · / ^ and negation, with the display helpers their templates need.

One :class:`~adkit.ir.record.Primitive` per operation, registered on import
(:mod:`adkit.ir.primitives` imports the families in order).  A template may
be a callable ``(args, literals) -> str`` when the nicest form depends on a
literal argument: ``v₁^2`` differentiates to ``2·v₁``, not ``2·v₁^(2−1)``.
"""

from __future__ import annotations

import math
from typing import Sequence

from adkit.ir.partials import OUT, Const, F, Select, X, Y, eq
from adkit.ir.record import Primitive, register


def _pow(x: float, y: float) -> float:
    return math.pow(x, y)


def _fmt_literal(value: float) -> str:
    return repr(int(value)) if value == int(value) and abs(value) < 1e15 else repr(value)


def _pow_base_unicode(args: Sequence[str], literals: Sequence[float | None]) -> str:
    n = literals[1]
    if n is None:
        return f"{args[1]}·{args[0]}^({args[1]}−1)"
    if n == 2:
        return f"2·{args[0]}"
    if n == 1:
        return "1"
    return f"{_fmt_literal(n)}·{args[0]}^{_fmt_literal(n - 1)}"


def _pow_base_latex(args: Sequence[str], literals: Sequence[float | None]) -> str:
    n = literals[1]
    if n is None:
        return f"{args[1]} \\, {args[0]}^{{{args[1]} - 1}}"
    if n == 2:
        return f"2 \\, {args[0]}"
    if n == 1:
        return "1"
    return f"{_fmt_literal(n)} \\, {args[0]}^{{{_fmt_literal(n - 1)}}}"


def juxtaposable(right: str) -> bool:
    """Whether a LaTeX factor may follow another without a sign: ``v_{1} v_{2}`` reads as a product,
    ``v_{1} 2`` (a number, a bracket or a sign on the right) does not."""
    return not (right[:1].isdigit() or right[:1] in ".(-")


def _mul_latex(args: Sequence[str], literals: Sequence[float | None]) -> str:
    return f"{args[0]} {args[1]}" if juxtaposable(args[1]) else f"{args[0]} \\cdot {args[1]}"


register(Primitive(
    name="add", arity=2, evaluate=lambda x, y: x + y, function=False,
    partials=(Const(1.0), Const(1.0)),
    sympy=lambda sp, x, y: x + y, syntax="{0} + {1}",
    unicode="{0} + {1}", latex="{0} + {1}",
    partial_unicode=("1", "1"), partial_latex=("1", "1"),
    python="{0} + {1}", c="{0} + {1}",
))
register(Primitive(
    name="sub", arity=2, evaluate=lambda x, y: x - y, function=False,
    partials=(Const(1.0), Const(-1.0)),
    sympy=lambda sp, x, y: x - y, syntax="{0} - {1}",
    unicode="{0} − {1}", latex="{0} - {1}",
    partial_unicode=("1", "−1"), partial_latex=("1", "-1"),
    python="{0} - {1}", c="{0} - {1}",
))
register(Primitive(
    name="mul", arity=2, evaluate=lambda x, y: x * y, function=False,
    partials=(Y, X),
    sympy=lambda sp, x, y: x * y, syntax="{0}*{1}",
    unicode="{0}·{1}", latex=_mul_latex,
    partial_unicode=("{1}", "{0}"), partial_latex=("{1}", "{0}"),
    python="{0} * {1}", c="{0} * {1}",
))
register(Primitive(
    name="div", arity=2, evaluate=lambda x, y: x / y, function=False,
    partials=(1.0 / Y, -OUT / Y),
    sympy=lambda sp, x, y: x / y, syntax="{0}/{1}",
    unicode="{0}/{1}", latex="\\frac{{{0}}}{{{1}}}",
    partial_unicode=("1/{1}", "−{0}/{1}²"), partial_latex=("\\frac{{1}}{{{1}}}", "-\\frac{{{0}}}{{{1}^2}}"),
    domain="domain.div",
    python="{0} / {1}", c="{0} / {1}",
))
register(Primitive(
    name="pow", arity=2, evaluate=_pow,
    partials=(Select(eq(Y, 0), 0.0, Y * F("pow", X, Y - 1.0)),
              Select(eq(X, 0) & (Y > 0), 0.0, OUT * F("log", X))),  # the one-sided limit of xʸ·ln x as x → 0⁺
    sympy=lambda sp, x, y: x ** y, syntax="{0}^{1}",
    unicode="{0}^{1}", latex="{0}^{{{1}}}",
    partial_unicode=(_pow_base_unicode, "{out}·ln {0}"), partial_latex=(_pow_base_latex, "{out} \\ln {0}"),
    domain="domain.pow",
    python="math.pow({0}, {1})", c="pow({0}, {1})",
))
register(Primitive(
    name="neg", arity=1, evaluate=lambda x: -x, function=False,
    partials=(Const(-1.0),),
    sympy=lambda sp, x: -x, syntax="-{0}",
    unicode="−{0}", latex="-{0}",
    partial_unicode=("−1",), partial_latex=("-1",),
    python="-{0}", c="-{0}",
))
