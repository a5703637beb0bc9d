"""The activations' and selections' records: sigmoid, relu, softplus, max, min.

Registered on import.  adkit.nn's elementwise activations take their
derivatives from these records (:mod:`adkit.nn.ops`).  The C helpers are the
same stable branches as the Python evaluations below.
"""

from __future__ import annotations

import math

from adkit.ir.partials import OUT, F, Select, X, Y
from adkit.ir.record import Primitive, register, sympy_function


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _softplus(x: float) -> float:
    return x + math.log1p(math.exp(-x)) if x > 0 else math.log1p(math.exp(x))


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

register(Primitive(
    name="sigmoid", arity=1, evaluate=_sigmoid,
    partials=(OUT * (1.0 - OUT),),
    sympy=lambda sp, x: 1 / (1 + sp.exp(-x)), syntax="sigmoid({0})",
    unicode="σ({0})", latex="\\sigma({0})",
    partial_unicode=("{out}·(1 − {out})",), partial_latex=("{out} (1 - {out})",),
    python=_PY_SIGMOID, c="adkit_sigmoid({0})",
    c_helpers=(_C_SIGMOID,),
))
register(Primitive(
    name="relu", arity=1, evaluate=lambda x: x if x > 0 else 0.0,
    partials=(Select(X > 0, 1.0, 0.0),),
    sympy=lambda sp, x: sp.Max(0, x), syntax="relu({0})",
    unicode="relu {0}", latex="\\operatorname{{relu}} {0}",
    partial_unicode=("[{0} > 0]",), partial_latex=("[{0} > 0]",),
    kink=lambda x: x == 0, kink_note="kink.relu",
    python="({0} if {0} > 0 else 0.0)", c="({0} > 0 ? {0} : 0.0)",
))
register(Primitive(
    name="softplus", arity=1, evaluate=_softplus,
    partials=(F("sigmoid", X),),
    sympy=lambda sp, x: sp.log(1 + sp.exp(x)), syntax="softplus({0})",
    unicode="softplus {0}", latex="\\operatorname{{softplus}} {0}",
    partial_unicode=("σ({0})",), partial_latex=("\\sigma({0})",),
    python="({0} + math.log1p(math.exp(-{0})) if {0} > 0 else math.log1p(math.exp({0})))", c="adkit_softplus({0})",
    c_helpers=(_C_SIGMOID, _C_SOFTPLUS),
))
register(Primitive(
    name="max", arity=2, evaluate=lambda x, y: x if x >= y else y,
    partials=(Select(X >= Y, 1.0, 0.0), Select(X >= Y, 0.0, 1.0)),
    sympy=sympy_function("Max"), syntax="max({0}, {1})",
    unicode="max({0}, {1})", latex="\\max({0}, {1})",
    partial_unicode=("[{0} ≥ {1}]", "[{0} < {1}]"), partial_latex=("[{0} \\ge {1}]", "[{0} < {1}]"),
    kink=lambda x, y: x == y, kink_note="kink.max",
    python="({0} if {0} >= {1} else {1})", c="({0} >= {1} ? {0} : {1})",
))
register(Primitive(
    name="min", arity=2, evaluate=lambda x, y: x if x <= y else y,
    partials=(Select(X <= Y, 1.0, 0.0), Select(X <= Y, 0.0, 1.0)),
    sympy=sympy_function("Min"), syntax="min({0}, {1})",
    unicode="min({0}, {1})", latex="\\min({0}, {1})",
    partial_unicode=("[{0} ≤ {1}]", "[{0} > {1}]"), partial_latex=("[{0} \\le {1}]", "[{0} > {1}]"),
    kink=lambda x, y: x == y, kink_note="kink.min",
    python="({0} if {0} <= {1} else {1})", c="({0} <= {1} ? {0} : {1})",
))
