"""The elementary functions' records: trigonometric, hyperbolic, exponential, logarithms, roots, |x|, erf.

One :class:`~adkit.ir.record.Primitive` per function, registered on import;
each partial is written once as an expression over ``X``, ``Y`` and ``OUT``
(:mod:`adkit.ir.partials`).
"""

from __future__ import annotations

import math
from adkit.ir.partials import OUT, Const, F, Select, X, Y
from adkit.ir.record import Primitive, register, sympy_function


_LN10, _LN2, _TWO_OVER_SQRT_PI = math.log(10.0), math.log(2.0), 2.0 / math.sqrt(math.pi)

register(Primitive(
    name="sin", arity=1, evaluate=math.sin,
    partials=(F("cos", X),),
    sympy=sympy_function("sin"), syntax="sin({0})",
    unicode="sin {0}", latex="\\sin {0}",
    partial_unicode=("cos {0}",), partial_latex=("\\cos {0}",),
    python="math.sin({0})", c="sin({0})",
))
register(Primitive(
    name="cos", arity=1, evaluate=math.cos,
    partials=(-F("sin", X),),
    sympy=sympy_function("cos"), syntax="cos({0})",
    unicode="cos {0}", latex="\\cos {0}",
    partial_unicode=("−sin {0}",), partial_latex=("-\\sin {0}",),
    python="math.cos({0})", c="cos({0})",
))
register(Primitive(
    name="tan", arity=1, evaluate=math.tan,
    partials=(1.0 + OUT * OUT,),
    sympy=sympy_function("tan"), syntax="tan({0})",
    unicode="tan {0}", latex="\\tan {0}",
    partial_unicode=("1 + {out}²",), partial_latex=("1 + {out}^2",),
    python="math.tan({0})", c="tan({0})",
))
register(Primitive(
    name="asin", arity=1, evaluate=math.asin,
    partials=(1.0 / F("sqrt", 1.0 - X * X),),
    sympy=sympy_function("asin"), syntax="asin({0})",
    unicode="asin {0}", latex="\\arcsin {0}",
    partial_unicode=("1/√(1 − {0}²)",), partial_latex=("\\frac{{1}}{{\\sqrt{{1 - {0}^2}}}}",),
    domain="domain.asin",
    python="math.asin({0})", c="asin({0})",
))
register(Primitive(
    name="acos", arity=1, evaluate=math.acos,
    partials=(Const(-1.0) / F("sqrt", 1.0 - X * X),),
    sympy=sympy_function("acos"), syntax="acos({0})",
    unicode="acos {0}", latex="\\arccos {0}",
    partial_unicode=("−1/√(1 − {0}²)",), partial_latex=("-\\frac{{1}}{{\\sqrt{{1 - {0}^2}}}}",),
    domain="domain.asin",
    python="math.acos({0})", c="acos({0})",
))
register(Primitive(
    name="atan", arity=1, evaluate=math.atan,
    partials=(1.0 / (1.0 + X * X),),
    sympy=sympy_function("atan"), syntax="atan({0})",
    unicode="atan {0}", latex="\\arctan {0}",
    partial_unicode=("1/(1 + {0}²)",), partial_latex=("\\frac{{1}}{{1 + {0}^2}}",),
    python="math.atan({0})", c="atan({0})",
))
register(Primitive(
    name="sinh", arity=1, evaluate=math.sinh,
    partials=(F("cosh", X),),
    sympy=sympy_function("sinh"), syntax="sinh({0})",
    unicode="sinh {0}", latex="\\sinh {0}",
    partial_unicode=("cosh {0}",), partial_latex=("\\cosh {0}",),
    python="math.sinh({0})", c="sinh({0})",
))
register(Primitive(
    name="cosh", arity=1, evaluate=math.cosh,
    partials=(F("sinh", X),),
    sympy=sympy_function("cosh"), syntax="cosh({0})",
    unicode="cosh {0}", latex="\\cosh {0}",
    partial_unicode=("sinh {0}",), partial_latex=("\\sinh {0}",),
    python="math.cosh({0})", c="cosh({0})",
))
register(Primitive(
    name="tanh", arity=1, evaluate=math.tanh,
    partials=(1.0 - OUT * OUT,),
    sympy=sympy_function("tanh"), syntax="tanh({0})",
    unicode="tanh {0}", latex="\\tanh {0}",
    partial_unicode=("1 − {out}²",), partial_latex=("1 - {out}^2",),
    python="math.tanh({0})", c="tanh({0})",
))
register(Primitive(
    name="exp", arity=1, evaluate=math.exp,
    partials=(OUT,),
    sympy=sympy_function("exp"), syntax="exp({0})",
    unicode="exp {0}", latex="\\exp {0}",
    partial_unicode=("{out}",), partial_latex=("{out}",),
    python="math.exp({0})", c="exp({0})",
))
register(Primitive(
    name="log", arity=1, evaluate=math.log,
    partials=(1.0 / X,),
    sympy=sympy_function("log"), syntax="ln({0})",
    unicode="ln {0}", latex="\\ln {0}",
    partial_unicode=("1/{0}",), partial_latex=("\\frac{{1}}{{{0}}}",),
    domain="domain.log",
    python="math.log({0})", c="log({0})",
))
register(Primitive(
    name="sqrt", arity=1, evaluate=math.sqrt,
    partials=(0.5 / OUT,),
    sympy=sympy_function("sqrt"), syntax="sqrt({0})",
    unicode="√{0}", latex="\\sqrt{{{0}}}",
    partial_unicode=("1/(2·{out})",), partial_latex=("\\frac{{1}}{{2 {out}}}",),
    domain="domain.sqrt",
    python="math.sqrt({0})", c="sqrt({0})",
))
register(Primitive(
    name="abs", arity=1, evaluate=abs,
    partials=(Select(X >= 0, 1.0, -1.0),),
    sympy=sympy_function("Abs"), syntax="abs({0})",
    unicode="|{0}|", latex="\\lvert {0} \\rvert",
    partial_unicode=("sign {0}",), partial_latex=("\\operatorname{{sign}} {0}",),
    kink=lambda x: x == 0, kink_note="kink.abs",
    python="math.fabs({0})", c="fabs({0})",
))

# ---- added as one record each (issue 11, point 8) --------------------------
register(Primitive(
    name="log10", arity=1, evaluate=math.log10,
    partials=(1.0 / (X * _LN10),),
    sympy=lambda sp, x: sp.log(x, 10), syntax="log10({0})",
    unicode="log₁₀ {0}", latex="\\log_{{10}} {0}",
    partial_unicode=("1/({0}·ln 10)",), partial_latex=("\\frac{{1}}{{{0} \\ln 10}}",),
    domain="domain.log",
    python="math.log10({0})", c="log10({0})",
))
register(Primitive(
    name="log2", arity=1, evaluate=math.log2,
    partials=(1.0 / (X * _LN2),),
    sympy=lambda sp, x: sp.log(x, 2), syntax="log2({0})",
    unicode="log₂ {0}", latex="\\log_{{2}} {0}",
    partial_unicode=("1/({0}·ln 2)",), partial_latex=("\\frac{{1}}{{{0} \\ln 2}}",),
    domain="domain.log",
    python="math.log2({0})", c="log2({0})",
))
register(Primitive(
    name="erf", arity=1, evaluate=math.erf,
    partials=(_TWO_OVER_SQRT_PI * F("exp", -X * X),),
    sympy=sympy_function("erf"), syntax="erf({0})",
    unicode="erf {0}", latex="\\operatorname{{erf}} {0}",
    partial_unicode=("(2/√π)·exp(−{0}²)",), partial_latex=("\\frac{{2}}{{\\sqrt{{\\pi}}}} e^{{-{0}^2}}",),
    python="math.erf({0})", c="erf({0})",
))
register(Primitive(
    name="atan2", arity=2, evaluate=math.atan2,
    partials=(Y / (Y * Y + X * X), -X / (Y * Y + X * X)),
    sympy=sympy_function("atan2"), syntax="atan2({0}, {1})",
    unicode="atan2({0}, {1})", latex="\\operatorname{{atan2}}({0}, {1})",
    partial_unicode=("{1}/({0}² + {1}²)", "−{0}/({0}² + {1}²)"),
    partial_latex=("\\frac{{{1}}}{{{0}^2 + {1}^2}}", "-\\frac{{{0}}}{{{0}^2 + {1}^2}}"),
    python="math.atan2({0}, {1})", c="atan2({0}, {1})",
))
register(Primitive(
    name="hypot", arity=2, evaluate=math.hypot,
    partials=(X / OUT, Y / OUT),
    sympy=lambda sp, x, y: sp.sqrt(x ** 2 + y ** 2), syntax="hypot({0}, {1})",
    unicode="hypot({0}, {1})", latex="\\operatorname{{hypot}}({0}, {1})",
    partial_unicode=("{0}/{out}", "{1}/{out}"), partial_latex=("\\frac{{{0}}}{{{out}}}", "\\frac{{{1}}}{{{out}}}"),
    python="math.hypot({0}, {1})", c="hypot({0}, {1})",
))
