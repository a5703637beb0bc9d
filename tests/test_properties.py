"""Property-based agreement: forward = reverse = sympy ≈ finite differences; print → parse round trip.

Counts are per profile (see strategies.py): the "ci" profile runs the numbers
in ``examples(...)``; ``HYPOTHESIS_PROFILE=thorough`` runs 100,000 of the main
property.  A failure prints the minimal formula and point.
"""

from __future__ import annotations

import math

import pytest
import sympy as sp
from hypothesis import assume, event, given, note, settings
from hypothesis import strategies as st
from strategies import examples, programs

import adkit
from adkit.modes.forward import tangent_sweep
from adkit.ir.primitives import REGISTRY
from adkit.verify.numeric import finite_difference
from adkit.verify.source import signature, to_source
from adkit.verify.symbolic import sympy_expressions

RTOL = 1e-9  # the documented tolerance of adkit.verify
ATOL = 1e-12  # times the largest gradient entry: the floor for values that cancel to ~0


def _compiled(example):
    text, point = example
    note(f"formula: {text!r}")
    program = adkit.compile(text)
    x = [point[name] for name in program.inputs]
    note(f"point: {dict(zip(program.inputs, x))}")
    return program, x


def _engines(program, x):
    vals = program.values(x)
    reverse = list(program.gradient(x).values())
    n = len(x)
    out = program.output_ref
    forward = [0.0 if isinstance(out, adkit.ir.wengert.Literal) else
               tangent_sweep(program, x, [float(i == j) for i in range(n)])[out].tangent for j in range(n)]
    return vals, forward, reverse


@settings(max_examples=examples(1000))
@given(programs())
def test_forward_equals_reverse_and_finite_differences_agree(example):
    program, x = _compiled(example)
    _, forward, reverse = _engines(program, x)
    scale = max([1.0] + [abs(g) for g in reverse])
    for j, name in enumerate(program.inputs):
        assert math.isclose(forward[j], reverse[j], rel_tol=RTOL, abs_tol=ATOL * scale), name
        fd, h, bound = finite_difference(program, x, j)
        if bound is None:  # the stencil left the domain or is not in the h² regime: not judged
            event("finite difference not judged")
        else:
            assert abs(fd - reverse[j]) <= bound, (name, fd, reverse[j], bound)


@settings(max_examples=examples(250))
@given(programs(max_ops=8))
def test_engines_equal_sympy(example):
    program, x = _compiled(example)
    _, forward, reverse = _engines(program, x)
    symbols = [sp.Symbol(name, real=True) for name in program.inputs]
    exprs = sympy_expressions(sp, program, symbols)
    out = program.output_ref
    y = 0 if isinstance(out, adkit.ir.wengert.Literal) else exprs[out]
    subs = {s: sp.Float(v, 40) for s, v in zip(symbols, x)}
    scale = max([1.0] + [abs(g) for g in reverse])
    for j, s in enumerate(symbols):
        exact = complex(sp.diff(y, s).xreplace(subs).evalf(35))
        assert abs(exact.imag) <= 1e-25 * max(1.0, abs(exact.real))
        assert math.isclose(reverse[j], exact.real, rel_tol=RTOL, abs_tol=ATOL * scale), (s, reverse[j], exact)
        assert math.isclose(forward[j], exact.real, rel_tol=RTOL, abs_tol=ATOL * scale), (s, forward[j], exact)


@settings(max_examples=examples(500))
@given(programs())
def test_printed_program_reparses_to_the_same_wengert_list(example):
    program, _ = _compiled(example)
    text = to_source(program)
    assert signature(adkit.compile(text, inputs=program.inputs)) == signature(program), text
    formula = to_source(program, inline=True)
    point = dict(zip(program.inputs, example_point(example, program)))
    if ";" not in example[0] and "\n" not in example[0]:
        # a single expression: the one-formula form is exactly the same list
        assert signature(adkit.compile(formula, inputs=program.inputs)) == signature(program), formula
    else:
        # statements: the formula inlines them and drops dead ones; same value
        again = adkit.compile(formula)
        assert again.evaluate({n: point[n] for n in again.inputs}) == program.evaluate(point), formula


def example_point(example, program):
    return [example[1][name] for name in program.inputs]


# ---- every registry entry: its partials are sympy.diff of its sympy counterpart ----
ARGUMENT = st.one_of(st.floats(-1, 1), st.floats(-6, 6), st.floats(0.01, 40))


@pytest.mark.parametrize("name", sorted(REGISTRY))
@settings(max_examples=examples(30))
@given(data=st.data())
def test_registry_partials_equal_sympy_diff(name, data):
    prim = REGISTRY[name]
    args = [data.draw(ARGUMENT, label=f"arg{i}") for i in range(prim.arity)]
    try:
        out = prim.evaluate(*args)
        partials = [p(*args, out) for p in prim.partials]
    except (ValueError, ZeroDivisionError, OverflowError):
        assume(False)
    assume(math.isfinite(out) and all(math.isfinite(d) for d in partials))
    assume(prim.kink is None or not prim.kink(*args))  # the convention is tested in test_verify
    assume(not (name == "pow" and args[0] == 0))  # sympy cannot evalf there; see the test below
    symbols = sp.symbols(f"a0:{prim.arity}", real=True)
    expr = prim.sympy(sp, *symbols)
    subs = {s: sp.Float(v, 40) for s, v in zip(symbols, args)}
    value = complex(expr.xreplace(subs).evalf(35))
    assert math.isclose(out, value.real, rel_tol=1e-12, abs_tol=1e-300), (args, out, value)
    for i, s in enumerate(symbols):
        exact = complex(sp.diff(expr, s).xreplace(subs).evalf(35))
        assert abs(exact.imag) <= 1e-20 * max(1.0, abs(exact.real)), (args, exact)
        assert math.isclose(partials[i], exact.real, rel_tol=1e-12, abs_tol=1e-15), (i, args, partials[i], exact)


@pytest.mark.parametrize("y, base, exponent", [(2.0, 0.0, 0.0), (1.0, 1.0, 0.0), (3.0, 0.0, 0.0), (0.0, 0.0, 0.0)])
def test_pow_partials_at_zero_base_are_the_one_sided_limits(y, base, exponent):
    """At x = 0 sympy's evalf fails (0·log 0); adkit uses the limits x → 0⁺ of y·x^(y−1) and x^y·ln x."""
    prim = REGISTRY["pow"]
    out = prim.evaluate(0.0, y)
    assert prim.partials[0](0.0, y, out) == base
    assert prim.partials[1](0.0, y, out) == exponent if y > 0 else True
    x, t = sp.symbols("x t", positive=True)
    if y > 0:
        assert float(sp.limit(sp.diff(x ** t, t).subs(t, y), x, 0, "+")) == exponent
        assert float(sp.limit(sp.diff(x ** t, x).subs(t, y), x, 0, "+")) == base
