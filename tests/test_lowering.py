"""The lowering (AST → Wengert list) against oracles that never see the list.

Every other reference in the suite (sympy, finite differences, to_source) is
built from the Wengert list, so a wrong list agrees with itself.  Here the
strategy's own value (computed while the formula is drawn) and the AST
references of :mod:`adkit.verify.reference` judge the engines; the
common-subexpression keys are pinned by unit tests.
"""

from __future__ import annotations

import math

import pytest
import sympy as sp
from hypothesis import given, settings

import adkit
from adkit.ir.wengert import Literal
from adkit.language.parser import parse
from adkit.modes.tracing import trace_callable
from adkit.verify.reference import float_value, sympy_value
from adkit.verify.report import ATOL, RTOL
from adkit.verify.symbolic import DIGITS
from strategies import examples, valued_programs


def _ops(text: str, inputs: list[str] | None = None) -> list[tuple]:
    """The steps after the inputs as (op, args), literals by value."""
    program = adkit.compile(text, inputs=inputs)
    n = len(program.inputs)
    return [(s.op, tuple(("lit", a.value) if isinstance(a, Literal) else a for a in s.args))
            for s in program.steps[n:]]


# ---- common-subexpression keys -------------------------------------------------------
def test_different_literals_are_different_steps():
    assert _ops("(x+2)*(x+3)") == [("add", (0, ("lit", 2.0))), ("add", (0, ("lit", 3.0))), ("mul", (1, 2))]
    assert adkit.compile("(x+2)*(x+3)").evaluate({"x": 1}) == 12.0


def test_the_same_value_written_two_ways_is_one_step():
    assert _ops("(x+2)*(x+2.0)") == [("add", (0, ("lit", 2.0))), ("mul", (1, 1))]
    assert adkit.compile("(x+2)*(x+2.0)").evaluate({"x": 1}) == 9.0


def test_a_repeat_in_a_later_statement_is_the_same_step():
    assert _ops("a = x+2; b = x+2; a*b") == [("add", (0, ("lit", 2.0))), ("mul", (1, 1))]


def test_the_constant_pi_and_an_input_named_pi_are_not_confused():
    constant = adkit.compile("(x+pi)*(x+3)")
    assert constant.inputs == ("x",)
    assert _ops("(x+pi)*(x+3)") == [("add", (0, ("lit", math.pi))), ("add", (0, ("lit", 3.0))), ("mul", (1, 2))]
    assert constant.evaluate({"x": 1}) == (1 + math.pi) * 4
    as_input = adkit.compile("(x+pi)*(x+3)", inputs=["x", "pi"])
    assert _ops("(x+pi)*(x+3)", inputs=["x", "pi"]) == [("add", (0, 1)), ("add", (0, ("lit", 3.0))), ("mul", (2, 3))]
    assert as_input.evaluate({"x": 1, "pi": 3}) == 16.0


def test_the_constant_pi_shares_a_step_with_its_own_value_but_an_input_does_not():
    assert len(_ops("(x+pi)*(x+3.141592653589793)")) == 2
    assert len(_ops("(x+pi)*(x+3.141592653589793)", inputs=["x", "pi"])) == 3
    assert adkit.compile("(x+pi)*(x+3.141592653589793)", inputs=["x", "pi"]).evaluate({"x": 1, "pi": 2}) == 3 * (1 + math.pi)


def test_negation_and_subtraction_from_zero_are_different_steps():
    assert _ops("(-x)*(0-x)") == [("neg", (0,)), ("sub", (("lit", 0.0), 0)), ("mul", (1, 2))]
    assert _ops("(-x)*(-x)") == [("neg", (0,)), ("mul", (1, 1))]
    program = adkit.compile("(-x)*(0-x)")
    assert program.evaluate({"x": 3}) == 9.0 and program.gradient({"x": 3}) == {"x": 6.0}


def test_a_traced_callable_keeps_its_literals_apart_too():
    program = trace_callable(lambda x: (x + 2) * (x + 3), ["x"])
    assert len(program.steps) == 4 and program.evaluate({"x": 1}) == 12.0


def test_argument_order_and_the_operation_are_part_of_the_key():
    assert _ops("(x-2)*(2-x)") == [("sub", (0, ("lit", 2.0))), ("sub", (("lit", 2.0), 0)), ("mul", (1, 2))]
    assert _ops("sin(x)*cos(x)") == [("sin", (0,)), ("cos", (0,)), ("mul", (1, 2))]


# ---- the AST references themselves ----------------------------------------------------
@pytest.mark.parametrize("text, point, value", [
    ("(x+2)*(x+3)", {"x": 1.0}, 12.0),
    ("a = x^2; b = a + a; b*pi", {"x": 2.0}, 8 * math.pi),
    ("(x+pi)*(x+3)", {"x": 1.0, "pi": 3.0}, 16.0),
    ("-x*(0-x) + e", {"x": 2.0}, 4.0 + math.e),
    ("+(x)/2", {"x": 5.0}, 2.5),
])
def test_the_references_read_the_tree(text, point, value):
    module = parse(text)
    assert float_value(module, point) == value
    symbols = {name: sp.Symbol(name, real=True) for name in point}
    exact = sympy_value(sp, module, symbols).subs({symbols[k]: sp.Rational(v) for k, v in point.items()})
    assert float(exact) == pytest.approx(value, rel=1e-15)


def test_the_sympy_reference_keeps_literals_exact_as_written():
    x = sp.Symbol("x", real=True)
    assert sympy_value(sp, parse("x*0.1 + pi"), {"x": x}) == x / 10 + sp.pi


def test_a_deep_tree_does_not_meet_the_recursion_limit():
    depth = 5000
    assert float_value(parse("(" * depth + "x" + "+1)" * depth), {"x": 0.0}) == depth


# ---- the engines against the AST, on generated programs -------------------------------
@settings(max_examples=examples(1000))
@given(valued_programs(twins=True))
def test_engines_give_the_value_the_strategy_computed(case):
    text, drawn, value = case
    program = adkit.compile(text)
    point = {name: drawn[name] for name in program.inputs}  # inputs the formula dropped are not inputs
    assert program.evaluate(point) == value
    assert float_value(parse(text), point) == value


@settings(max_examples=examples(150))
@given(valued_programs(max_ops=8, twins=True))
def test_engine_gradients_match_sympy_built_from_the_ast(case):
    text, drawn, _ = case
    program = adkit.compile(text)
    point = {name: drawn[name] for name in program.inputs}
    symbols = {name: sp.Symbol(name, real=True) for name in point}
    y = sympy_value(sp, parse(text), symbols)
    at = {symbols[name]: sp.Float(v, DIGITS + 5) for name, v in point.items()}
    reverse = program.gradient(point)
    forward = {name: program.jvp(point, {other: float(other == name) for other in point})[1] for name in point}
    scale = max([1.0] + [abs(v) for v in list(reverse.values()) + list(forward.values())])
    exact_y = float(y.xreplace(at).evalf(DIGITS))
    assert program.evaluate(point) == pytest.approx(exact_y, rel=RTOL, abs=ATOL * max(1.0, abs(exact_y)))
    for name, s in symbols.items():
        exact = float(sp.diff(y, s).xreplace(at).evalf(DIGITS))
        for engine in (forward[name], reverse[name]):
            assert abs(engine - exact) <= RTOL * abs(exact) + ATOL * scale, (text, point, name, engine, exact)
