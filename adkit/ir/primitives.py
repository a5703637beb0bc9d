"""THE registry of primitives: every elementary operation, defined once.

A :class:`Primitive` record holds everything the rest of adkit needs to know
about an operation: how to evaluate it (with its domain), one local partial
derivative per argument, its sympy counterpart, how users write it, how it
prints in Unicode and LaTeX, and the convention used at a kink.

The tangent rule v̇ = Σᵢ ∂ᵢ·u̇ᵢ (forward mode) and the adjoint rule
ūᵢ += v̄·∂ᵢ (reverse mode) are two contractions of the same partials, so the
two modes cannot drift apart.  Engines, verifier and renderers are loops over
the Wengert list that look operations up here and never special-case one.

Each partial is written once as an expression over the arguments ``X``, ``Y``
and the value ``OUT`` (:mod:`adkit.ir.partials`); from it the record gets the
callable ``partial(*args, out)`` — a fast form (:class:`Constant`,
:class:`ArgValue`, :class:`OutValue`, :class:`OfArg`) the sweeps use without a
Python call when the expression has that shape — and its Python and C code.
Display templates use ``{0}``, ``{1}`` for the
arguments and ``{out}`` for the result; a template may instead be a callable
``(args, literals) -> str`` when the nicest form depends on a literal
argument (``v₁^2`` differentiates to ``2·v₁``, not ``2·v₁^(2−1)``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, Callable, Mapping, Sequence

from adkit.errors import DomainError
from adkit.ir.closures import ArgValue, Constant, OfArg, OutValue, derive
from adkit.ir.partials import OUT, Const, Expr, F, Select, X, Y, code, eq, sympy_form

__all__ = ["ArgValue", "Constant", "OfArg", "OutValue", "REGISTRY", "FUNCTIONS", "CONSTANTS", "EXERCISE_OPERATIONS",
           "Primitive", "apply", "call", "domain_error", "register"]

Template = str | Callable[[Sequence[str], Sequence[float | None]], str]


def call(name: str, *args: Any) -> Any:
    """Primitive ``name`` inside a partial: plain maths on floats; on dual numbers
    or traced values it goes through the registry, so partials can themselves be
    differentiated (Hessians push duals through the reverse sweep)."""
    prim = REGISTRY[name]
    for a in args:
        if type(a) is not float:
            return apply(prim, args)
    return prim.evaluate(*args)


FAILURES = (ValueError, ZeroDivisionError, OverflowError)


def apply(prim: Primitive, args: tuple[Any, ...]) -> Any:
    """Apply a primitive to numbers, duals or tracers."""
    for arg in args:
        handler = getattr(type(arg), "__adkit_apply__", None)
        if handler is not None:
            return handler(prim, args)
    values = tuple(float(a) for a in args)
    try:
        return prim.evaluate(*values)
    except FAILURES as exc:
        raise domain_error(prim, values, exc) from None


def domain_error(prim: Primitive, values: tuple[float, ...], exc: Exception, step: str | None = None) -> DomainError:
    key = "domain.overflow" if isinstance(exc, OverflowError) else prim.domain
    return DomainError(key, step=step, op=prim.label, args=", ".join(f"{v:.6g}" for v in values))



@dataclass(frozen=True)
class Primitive:
    """One elementary operation.  See the module docstring for conventions."""

    name: str  # registry key; the ``op`` in JSON
    arity: int
    evaluate: Callable[..., float]
    partials: tuple[Callable[..., float], ...]
    sympy: Callable[..., Any]  # (sympy module, *sympy args) -> sympy expression
    syntax: str  # adkit source form, re-parses to the same step: "sin({0})"
    unicode: Template  # "sin {0}"
    latex: Template  # "\\sin {0}"
    partial_unicode: tuple[Template, ...]
    partial_latex: tuple[Template, ...]
    domain: str = "domain.generic"  # message key when evaluation fails
    kink: Callable[..., bool] | None = None  # True where not differentiable
    kink_note: str | None = None  # message key stating the convention used
    # Code generation (adkit.codegen.python): templates over argument names {0}, {1} and
    # the result {out}.  Arguments are always plain names or parenthesised
    # literals.  Python may use only the math module; C only math.h and the
    # helper functions in ``c_helpers`` (emitted once in the preamble).
    python: str = ""  # "math.log({0})"
    c: str = ""  # "log({0})"
    partial_python: tuple[str, ...] = ()  # one per argument: ("1.0 / {0}",)
    partial_c: tuple[str, ...] = ()
    partial_expressions: tuple[Expr, ...] = ()  # the partials as written (adkit.ir.partials)
    c_helpers: tuple[str, ...] = ()
    function: bool = True  # users may call it by name (operators such as add are not)

    def partial_sympy(self, sp: Any, *args: Any) -> tuple[Any, ...]:
        """Each partial as a sympy expression of the sympy arguments (derived from its expression)."""
        out = self.sympy(sp, *args)
        return tuple(sympy_form(d, sp, args, out, REGISTRY) for d in self.partial_expressions)

    @property
    def label(self) -> str:
        """Short name for messages: ``ln`` for log, ``/`` for div."""
        if "(" in self.syntax:
            return self.syntax.split("(")[0]
        return self.syntax.replace("{0}", "").replace("{1}", "").strip()


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _softplus(x: float) -> float:
    return x + math.log1p(math.exp(-x)) if x > 0 else math.log1p(math.exp(x))


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


def _sp(name: str) -> Callable[..., Any]:
    return lambda sp, *a: getattr(sp, name)(*a)


#: C99 helpers for the generated code: the same stable branches as
#: _sigmoid and _softplus above.
_C_SIGMOID = (
    "static double adkit_sigmoid(double x) {\n"
    "    if (x >= 0) return 1.0 / (1.0 + exp(-x));\n"
    "    double z = exp(x);\n"
    "    return z / (1.0 + z);\n"
    "}"
)
_C_SOFTPLUS = (
    "static double adkit_softplus(double x) {\n"
    "    return x > 0 ? x + log1p(exp(-x)) : log1p(exp(x));\n"
    "}"
)
_PY_SIGMOID = "(1.0 / (1.0 + math.exp(-{0})) if {0} >= 0 else math.exp({0}) / (1.0 + math.exp({0})))"


_RECORDS: dict[str, Primitive] = {}
#: Every primitive by name, read-only: records are added only by :func:`register` below.
REGISTRY: Mapping[str, Primitive] = MappingProxyType(_RECORDS)


def register(p: Primitive) -> Primitive:
    """Add a primitive; the one place an operation is defined (its partials are derived by
    :func:`_derive` once every record is in, since a partial may name a later primitive)."""
    if p.name in REGISTRY:
        raise ValueError(f"primitive {p.name!r} registered twice")
    if len(p.partials) != p.arity or len(p.partial_unicode) != p.arity or len(p.partial_latex) != p.arity:
        raise ValueError(f"primitive {p.name!r}: one partial and one template per argument")
    _RECORDS[p.name] = p
    return p


def _derive(p: Primitive) -> Primitive:
    """Partials written once as expressions become the callables and the Python and C code."""
    if any(isinstance(d, Expr) for d in p.partials):
        derived: dict[str, Any] = {"partials": tuple(derive(d, p.arity, REGISTRY, call) for d in p.partials),
                                   "partial_expressions": p.partials}
        if p.python:
            derived["partial_python"] = tuple(code(d, "python", REGISTRY) for d in p.partials)
            derived["partial_c"] = tuple(code(d, "c", REGISTRY) for d in p.partials)
        p = replace(p, **derived)
    if p.python and (len(p.partial_python) != p.arity or len(p.partial_c) != p.arity or not p.c):
        raise ValueError(f"primitive {p.name!r}: code templates need one partial per argument, Python and C")
    return p


# ---- arithmetic -----------------------------------------------------------
register(Primitive(
    "add", 2, lambda x, y: x + y,
    (Const(1.0), Const(1.0)),
    lambda sp, x, y: x + y, "{0} + {1}", "{0} + {1}", "{0} + {1}",
    ("1", "1"), ("1", "1"),
    python="{0} + {1}", c="{0} + {1}",
    function=False,
))
register(Primitive(
    "sub", 2, lambda x, y: x - y,
    (Const(1.0), Const(-1.0)),
    lambda sp, x, y: x - y, "{0} - {1}", "{0} − {1}", "{0} - {1}",
    ("1", "−1"), ("1", "-1"),
    python="{0} - {1}", c="{0} - {1}",
    function=False,
))
register(Primitive(
    "mul", 2, lambda x, y: x * y,
    (Y, X),
    lambda sp, x, y: x * y, "{0}*{1}", "{0}·{1}", _mul_latex,
    ("{1}", "{0}"), ("{1}", "{0}"),
    python="{0} * {1}", c="{0} * {1}",
    function=False,
))
register(Primitive(
    "div", 2, lambda x, y: x / y,
    (1.0 / Y, -OUT / Y),
    lambda sp, x, y: x / y, "{0}/{1}", "{0}/{1}", "\\frac{{{0}}}{{{1}}}",
    ("1/{1}", "−{0}/{1}²"), ("\\frac{{1}}{{{1}}}", "-\\frac{{{0}}}{{{1}^2}}"),
    domain="domain.div",
    python="{0} / {1}", c="{0} / {1}",
    function=False,
))
register(Primitive(
    "pow", 2, _pow,
    (Select(eq(Y, 0), 0.0, Y * F("pow", X, Y - 1.0)),
     Select(eq(X, 0) & (Y > 0), 0.0, OUT * F("log", X))),  # the one-sided limit of xʸ·ln x as x → 0⁺
    lambda sp, x, y: x ** y, "{0}^{1}", "{0}^{1}", "{0}^{{{1}}}",
    (_pow_base_unicode, "{out}·ln {0}"), (_pow_base_latex, "{out} \\ln {0}"),
    domain="domain.pow",
    python="math.pow({0}, {1})", c="pow({0}, {1})",
))
register(Primitive(
    "neg", 1, lambda x: -x, (Const(-1.0),),
    lambda sp, x: -x, "-{0}", "−{0}", "-{0}", ("−1",), ("-1",),
    python="-{0}", c="-{0}",
    function=False,
))

# ---- elementary functions -------------------------------------------------
register(Primitive(
    "sin", 1, math.sin, (F("cos", X),),
    _sp("sin"), "sin({0})", "sin {0}", "\\sin {0}", ("cos {0}",), ("\\cos {0}",),
    python="math.sin({0})", c="sin({0})",
))
register(Primitive(
    "cos", 1, math.cos, (-F("sin", X),),
    _sp("cos"), "cos({0})", "cos {0}", "\\cos {0}", ("−sin {0}",), ("-\\sin {0}",),
    python="math.cos({0})", c="cos({0})",
))
register(Primitive(
    "tan", 1, math.tan, (1.0 + OUT * OUT,),
    _sp("tan"), "tan({0})", "tan {0}", "\\tan {0}", ("1 + {out}²",), ("1 + {out}^2",),
    python="math.tan({0})", c="tan({0})",
))
register(Primitive(
    "asin", 1, math.asin, (1.0 / F("sqrt", 1.0 - X * X),),
    _sp("asin"), "asin({0})", "asin {0}", "\\arcsin {0}",
    ("1/√(1 − {0}²)",), ("\\frac{{1}}{{\\sqrt{{1 - {0}^2}}}}",), domain="domain.asin",
    python="math.asin({0})", c="asin({0})",
))
register(Primitive(
    "acos", 1, math.acos, (Const(-1.0) / F("sqrt", 1.0 - X * X),),
    _sp("acos"), "acos({0})", "acos {0}", "\\arccos {0}",
    ("−1/√(1 − {0}²)",), ("-\\frac{{1}}{{\\sqrt{{1 - {0}^2}}}}",), domain="domain.asin",
    python="math.acos({0})", c="acos({0})",
))
register(Primitive(
    "atan", 1, math.atan, (1.0 / (1.0 + X * X),),
    _sp("atan"), "atan({0})", "atan {0}", "\\arctan {0}",
    ("1/(1 + {0}²)",), ("\\frac{{1}}{{1 + {0}^2}}",),
    python="math.atan({0})", c="atan({0})",
))
register(Primitive(
    "sinh", 1, math.sinh, (F("cosh", X),),
    _sp("sinh"), "sinh({0})", "sinh {0}", "\\sinh {0}", ("cosh {0}",), ("\\cosh {0}",),
    python="math.sinh({0})", c="sinh({0})",
))
register(Primitive(
    "cosh", 1, math.cosh, (F("sinh", X),),
    _sp("cosh"), "cosh({0})", "cosh {0}", "\\cosh {0}", ("sinh {0}",), ("\\sinh {0}",),
    python="math.cosh({0})", c="cosh({0})",
))
register(Primitive(
    "tanh", 1, math.tanh, (1.0 - OUT * OUT,),
    _sp("tanh"), "tanh({0})", "tanh {0}", "\\tanh {0}", ("1 − {out}²",), ("1 - {out}^2",),
    python="math.tanh({0})", c="tanh({0})",
))
register(Primitive(
    "exp", 1, math.exp, (OUT,),
    _sp("exp"), "exp({0})", "exp {0}", "\\exp {0}", ("{out}",), ("{out}",),
    python="math.exp({0})", c="exp({0})",
))
register(Primitive(
    "log", 1, math.log, (1.0 / X,),
    _sp("log"), "ln({0})", "ln {0}", "\\ln {0}", ("1/{0}",), ("\\frac{{1}}{{{0}}}",),
    domain="domain.log",
    python="math.log({0})", c="log({0})",
))
register(Primitive(
    "sqrt", 1, math.sqrt, (0.5 / OUT,),
    _sp("sqrt"), "sqrt({0})", "√{0}", "\\sqrt{{{0}}}",
    ("1/(2·{out})",), ("\\frac{{1}}{{2 {out}}}",), domain="domain.sqrt",
    python="math.sqrt({0})", c="sqrt({0})",
))
register(Primitive(
    "abs", 1, abs, (Select(X >= 0, 1.0, -1.0),),
    _sp("Abs"), "abs({0})", "|{0}|", "\\lvert {0} \\rvert",
    ("sign {0}",), ("\\operatorname{{sign}} {0}",),
    kink=lambda x: x == 0, kink_note="kink.abs",
    python="math.fabs({0})", c="fabs({0})",
))
register(Primitive(
    "sigmoid", 1, _sigmoid, (OUT * (1.0 - OUT),),
    lambda sp, x: 1 / (1 + sp.exp(-x)), "sigmoid({0})", "σ({0})", "\\sigma({0})",
    ("{out}·(1 − {out})",), ("{out} (1 - {out})",),
    python=_PY_SIGMOID, c="adkit_sigmoid({0})",
    c_helpers=(_C_SIGMOID,),
))
register(Primitive(
    "relu", 1, lambda x: x if x > 0 else 0.0, (Select(X > 0, 1.0, 0.0),),
    lambda sp, x: sp.Max(0, x), "relu({0})", "relu {0}", "\\operatorname{{relu}} {0}",
    ("[{0} > 0]",), ("[{0} > 0]",),
    kink=lambda x: x == 0, kink_note="kink.relu",
    python="({0} if {0} > 0 else 0.0)", c="({0} > 0 ? {0} : 0.0)",
))
register(Primitive(
    "softplus", 1, _softplus, (F("sigmoid", X),),
    lambda sp, x: sp.log(1 + sp.exp(x)), "softplus({0})", "softplus {0}",
    "\\operatorname{{softplus}} {0}", ("σ({0})",), ("\\sigma({0})",),
    python="({0} + math.log1p(math.exp(-{0})) if {0} > 0 else math.log1p(math.exp({0})))",
    c="adkit_softplus({0})",
    c_helpers=(_C_SIGMOID, _C_SOFTPLUS),
))
register(Primitive(
    "max", 2, lambda x, y: x if x >= y else y,
    (Select(X >= Y, 1.0, 0.0), Select(X >= Y, 0.0, 1.0)),
    _sp("Max"), "max({0}, {1})", "max({0}, {1})", "\\max({0}, {1})",
    ("[{0} ≥ {1}]", "[{0} < {1}]"), ("[{0} \\ge {1}]", "[{0} < {1}]"),
    kink=lambda x, y: x == y, kink_note="kink.max",
    python="({0} if {0} >= {1} else {1})", c="({0} >= {1} ? {0} : {1})",
))
register(Primitive(
    "min", 2, lambda x, y: x if x <= y else y,
    (Select(X <= Y, 1.0, 0.0), Select(X <= Y, 0.0, 1.0)),
    _sp("Min"), "min({0}, {1})", "min({0}, {1})", "\\min({0}, {1})",
    ("[{0} ≤ {1}]", "[{0} > {1}]"), ("[{0} \\le {1}]", "[{0} > {1}]"),
    kink=lambda x, y: x == y, kink_note="kink.min",
    python="({0} if {0} <= {1} else {1})", c="({0} <= {1} ? {0} : {1})",
))


# ---- added as one record each (issue 11, point 8) --------------------------
_LN10, _LN2, _TWO_OVER_SQRT_PI = math.log(10.0), math.log(2.0), 2.0 / math.sqrt(math.pi)


register(Primitive(
    "log10", 1, math.log10, (1.0 / (X * _LN10),),
    lambda sp, x: sp.log(x, 10), "log10({0})", "log₁₀ {0}", "\\log_{{10}} {0}",
    ("1/({0}·ln 10)",), ("\\frac{{1}}{{{0} \\ln 10}}",), domain="domain.log",
    python="math.log10({0})", c="log10({0})",
))
register(Primitive(
    "log2", 1, math.log2, (1.0 / (X * _LN2),),
    lambda sp, x: sp.log(x, 2), "log2({0})", "log₂ {0}", "\\log_{{2}} {0}",
    ("1/({0}·ln 2)",), ("\\frac{{1}}{{{0} \\ln 2}}",), domain="domain.log",
    python="math.log2({0})", c="log2({0})",
))
register(Primitive(
    "erf", 1, math.erf, (_TWO_OVER_SQRT_PI * F("exp", -X * X),),
    _sp("erf"), "erf({0})", "erf {0}", "\\operatorname{{erf}} {0}",
    ("(2/√π)·exp(−{0}²)",), ("\\frac{{2}}{{\\sqrt{{\\pi}}}} e^{{-{0}^2}}",),
    python="math.erf({0})", c="erf({0})",
))
register(Primitive(
    "atan2", 2, math.atan2,
    (Y / (Y * Y + X * X), -X / (Y * Y + X * X)),
    _sp("atan2"), "atan2({0}, {1})", "atan2({0}, {1})", "\\operatorname{{atan2}}({0}, {1})",
    ("{1}/({0}² + {1}²)", "−{0}/({0}² + {1}²)"),
    ("\\frac{{{1}}}{{{0}^2 + {1}^2}}", "-\\frac{{{0}}}{{{0}^2 + {1}^2}}"),
    python="math.atan2({0}, {1})", c="atan2({0}, {1})",
))
register(Primitive(
    "hypot", 2, math.hypot,
    (X / OUT, Y / OUT),
    lambda sp, x, y: sp.sqrt(x ** 2 + y ** 2), "hypot({0}, {1})", "hypot({0}, {1})",
    "\\operatorname{{hypot}}({0}, {1})",
    ("{0}/{out}", "{1}/{out}"), ("\\frac{{{0}}}{{{out}}}", "\\frac{{{1}}}{{{out}}}"),
    python="math.hypot({0}, {1})", c="hypot({0}, {1})",
))

_RECORDS.update({name: _derive(p) for name, p in _RECORDS.items()})

#: Names users call as functions, mapped to registry keys, derived from the
#: records: each function's key and the name its syntax spells (``ln`` and
#: ``log`` are both the natural logarithm).
FUNCTIONS: dict[str, str] = {
    spelling: p.name
    for p in REGISTRY.values() if p.function
    for spelling in dict.fromkeys((p.name, p.syntax.split("(")[0] if "(" in p.syntax else p.name))
}

#: The operations random exercises draw from, fixed and versioned so that a
#: seeded worksheet does not change when a primitive is added to the registry.
EXERCISE_OPERATIONS: tuple[str, ...] = (  # version 1: the operations before log10, log2, erf, atan2, hypot
    "abs", "acos", "add", "asin", "atan", "cos", "cosh", "div", "exp", "log", "max", "min", "mul",
    "neg", "pow", "relu", "sigmoid", "sin", "sinh", "softplus", "sqrt", "sub", "tan", "tanh",
)

#: Named constants, shadowed by an input or an assigned name of the same name.
CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e}
