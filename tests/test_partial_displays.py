"""The printed partials (Unicode and LaTeX) say what the one partial expression computes.

A record's displayed partials are typeset templates (the textbook writes
−v₋₁/v₀² for ∂(v₋₁/v₀)/∂v₀ where the engines compute −out/v₀, and 1 + tan²).
This test reads every template back into sympy (the templates are adkit's own
text, never user input) and demands that, at the points of
tests/test_partials_sympy.py — both sides of every branch and kink — it equals
sympy's derivative of the record's sympy form: the oracle shares nothing with
the templates or the partial expression.  A wrong sign or a swapped argument in
any template fails here.
"""

from __future__ import annotations

import re

import pytest
import sympy as sp
from sympy.parsing.sympy_parser import implicit_multiplication_application, parse_expr, standard_transformations
from test_partials_sympy import CASES

from adkit.ir.primitives import REGISTRY

NAMES = ("a0", "a1")
SYMBOLS = {"a0": sp.Symbol("a0", real=True), "a1": sp.Symbol("a1", real=True), "out": sp.Symbol("out", real=True)}
FUNCTIONS = {"ln": sp.log, "sign": sp.sign, "σ": lambda z: 1 / (1 + sp.exp(-z)), "sigma": lambda z: 1 / (1 + sp.exp(-z)),
             "pi": sp.pi, "Iverson": lambda test: sp.Piecewise((1, test), (0, True))}
TRANSFORMS = standard_transformations + (implicit_multiplication_application,)


def _iverson(text: str) -> str:
    return re.sub(r"\[([^\[\]]*)\]", r"Iverson(\1)", text)


def from_unicode(text: str) -> str:
    for old, new in (("−", "-"), ("·", "*"), ("²", "**2"), ("√π", "sqrt(pi)"), ("√", "sqrt"), ("π", "pi"),
                     ("≥", ">="), ("≤", "<="), ("^", "**")):
        text = text.replace(old, new)
    return _iverson(text)


def _braced(text: str, start: int) -> tuple[str, int]:
    """The contents of the balanced ``{…}`` group opening at ``start``, and the index after it."""
    depth = 0
    for i in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return text[start + 1:i], i + 1
    raise AssertionError(f"unbalanced braces in {text!r}")


def from_latex(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        for command, arity, form in ((r"\frac", 2, "(({0})/({1}))"), (r"\sqrt", 1, "sqrt({0})"),
                                     (r"\operatorname", 1, "{0}"), ("e^", 1, "exp({0})"), ("^", 1, "**({0})")):
            if text.startswith(command, i) and i + len(command) < len(text) and text[i + len(command)] == "{":
                j, parts = i + len(command), []
                for _ in range(arity):
                    inner, j = _braced(text, j)
                    parts.append(from_latex(inner))
                out.append(form.format(*parts))
                i = j
                break
        else:
            out.append(text[i])
            i += 1
    joined = "".join(out).replace(r"\,", " ").replace(r"\cdot", "*").replace(r"\ge", ">=").replace(r"\le", "<=")
    joined = joined.replace("^", "**")
    return _iverson(re.sub(r"\\([a-z]+)", r"\1", joined))


def _sympy(text: str) -> sp.Expr:
    return parse_expr(text, local_dict={**SYMBOLS, **FUNCTIONS}, transformations=TRANSFORMS)


def _templates(name: str, index: int, literal: float | None) -> tuple[str, str]:
    prim = REGISTRY[name]
    args = [f"({n})" for n in NAMES[:prim.arity]]
    literals = [None] * prim.arity
    if literal is not None:
        args[1], literals[1] = repr(literal), literal
    shown = []
    for template in (prim.partial_unicode[index], prim.partial_latex[index]):
        shown.append(template(args, literals) if callable(template) else template.format(*args, out="(out)"))
    return shown[0], shown[1]


@pytest.mark.parametrize("style, reader", [("unicode", from_unicode), ("latex", from_latex)])
def test_every_displayed_partial_equals_the_derivative_on_both_sides_of_every_branch(style, reader):
    checked = set()
    for name, index, args, out, want in CASES:
        literals = [None]
        if name == "pow" and index == 0 and float(args[1]).is_integer():
            literals.append(args[1])  # x^n with a literal exponent prints n·x^(n−1)
        for literal in literals:
            unicode, latex = _templates(name, index, literal)
            text = unicode if style == "unicode" else latex
            expr = _sympy(reader(text))
            at = {SYMBOLS["out"]: sp.Float(out, 30), **{SYMBOLS[n]: sp.Float(a, 30) for n, a in zip(NAMES, args)}}
            got = complex(expr.subs(at).evalf(30))
            assert got.imag == 0 and abs(got.real - want) <= 1e-9 * max(1.0, abs(want)), (name, index, args, text)
            checked.add((name, index))
    assert checked == {(name, k) for name, prim in REGISTRY.items() for k in range(prim.arity)}


def test_the_readers_catch_a_wrong_template():
    """The check can fail: a sign slip or a swapped argument reads back as a different number."""
    assert _sympy(from_unicode("−sin (a0)")).subs(SYMBOLS["a0"], 1) != _sympy(from_unicode("sin (a0)")).subs(
        SYMBOLS["a0"], 1)
    assert _sympy(from_latex(r"-\frac{(a0)}{(a1)^2}")) != _sympy(from_latex(r"-\frac{(a1)}{(a0)^2}"))
