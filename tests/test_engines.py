"""Forward (dual numbers) and reverse (adjoint tape) engines, and their agreement."""

from __future__ import annotations

import math
import warnings

import pytest

import adkit
from adkit import Dual
from adkit.errors import BindingError, DomainError, NonDifferentiableWarning, TracingError

EXPRESSIONS = [
    ("x*x", {"x": 3}),
    ("x*x*x + x", {"x": -1.5}),
    ("a = sin(x); b = a*a; c = a*b; c + a", {"x": 0.7}),  # diamond and fan-out
    ("exp(x)/ (1 + y^2) - atan(x*y)", {"x": 0.3, "y": -0.8}),
    ("sqrt(x) + cosh(y) - tanh(x*y) + asin(x/2) + acos(y/3)", {"x": 0.5, "y": 1.2}),
    ("softplus(x) * sigmoid(y) + relu(x - y) + abs(y)", {"x": 1.5, "y": -0.5}),
    ("max(x, y)^2 + min(x, 2*y) + pow(x, y)", {"x": 1.3, "y": 0.4}),
    ("2^x + x^3 - tan(x) + sinh(x)/e + pi*x", {"x": 0.4}),
    ("ln(x1) + x1*x2 - sin(x2)", {"x1": 2, "x2": 5}),
    ("x^y", {"x": 1.7, "y": -0.3}),
]


def central_difference(program, at, name, h=1e-6):
    up, down = dict(at), dict(at)
    up[name] += h
    down[name] -= h
    return (program.evaluate(up) - program.evaluate(down)) / (2 * h)


@pytest.mark.parametrize("text, at", EXPRESSIONS)
def test_forward_equals_reverse_equals_finite_differences(text, at):
    program = adkit.compile(text, inputs=list(at))
    reverse = program.gradient(at)
    forward = adkit.trace(program, at=at, mode="forward").gradient
    for name in at:
        assert forward[name] == pytest.approx(reverse[name], rel=1e-13, abs=1e-15)
        assert reverse[name] == pytest.approx(central_difference(program, at, name), rel=1e-6, abs=1e-8)


@pytest.mark.parametrize("text, at", EXPRESSIONS)
def test_trace_records_agree_with_the_fast_path(text, at):
    program = adkit.compile(text, inputs=list(at))
    both = adkit.trace(program, at=at, mode="both")
    assert both.value == program.evaluate(at)
    assert both.gradient == program.gradient(at)
    out = program.output_ref
    forward_gradient = [record.tangents for record in both.steps][out]
    assert forward_gradient == pytest.approx(list(both.gradient.values()), rel=1e-13, abs=1e-15)
    assert len(both.seeds) == len(at) and both.sweeps == len(at) + 1


def test_reverse_accumulates_on_fan_out():
    t = adkit.trace("x*x", at={"x": 3})
    x = t.steps[0]
    assert x.adjoint == 6
    assert [c.value for c in x.contributions] == [3.0, 3.0]


def test_repeated_calls_give_identical_results():
    program = adkit.compile("a = sin(x)*y; a*a + exp(a)")
    first = program.gradient({"x": 0.4, "y": 2})
    for _ in range(3):
        assert program.gradient({"x": 0.4, "y": 2}) == first
    t1 = adkit.trace(program, at={"x": 0.4, "y": 2}, mode="both").to_json()
    assert adkit.trace(program, at={"x": 0.4, "y": 2}, mode="both").to_json() == t1


def test_jvp_gives_a_directional_derivative():
    program = adkit.compile("ln(x1) + x1*x2 - sin(x2)")
    value, tangent = program.jvp({"x1": 2, "x2": 5}, {"x1": 1, "x2": 0.5})
    assert value == pytest.approx(11.652071455223084, rel=1e-15)
    assert tangent == pytest.approx(5.5 + 0.5 * (2 - math.cos(5)), rel=1e-15)


def test_seed_and_wrt_choose_one_forward_sweep():
    t = adkit.trace("ln(x1) + x1*x2 - sin(x2)", at={"x1": 2, "x2": 5}, seed={"x2": 1})
    assert t.mode == "forward" and t.sweeps == 1 and t.gradient is None
    assert t.tangent == pytest.approx(2 - math.cos(5), rel=1e-15)
    assert t.seeds == ({"x1": 0.0, "x2": 1.0},)
    with pytest.raises(BindingError):
        adkit.trace("x", at={"x": 1}, wrt="x", seed={"x": 1})
    with pytest.raises(BindingError):
        adkit.trace("x", at={"x": 1}, mode="reverse", wrt="x")
    with pytest.raises(BindingError, match="z is not an input; inputs are x"):
        adkit.trace("x", at={"x": 1}, wrt="z")


def test_literal_arguments_never_get_partials():
    # (-2)^2 is a constant step: ln(-2) is never asked for
    assert adkit.compile("(-2)^2 * x").gradient({"x": 1}) == {"x": 4.0}
    assert adkit.trace("(-2)^2 * x", at={"x": 1}, mode="both").gradient == {"x": 4.0}


def test_output_may_be_an_input_or_a_constant():
    assert adkit.trace("y = x", at={"x": 2}).gradient == {"x": 1.0}
    assert adkit.compile("x", inputs=["x"]).evaluate({"x": 3}) == 3
    t = adkit.trace(lambda x: 4.0, at={"x": 1})
    assert t.value == 4.0 and t.gradient == {"x": 0.0}


def test_constants_pi_and_e_unless_shadowed():
    assert adkit.compile("pi*x").gradient({"x": 1})["x"] == math.pi
    assert adkit.compile("e").evaluate([]) == math.e
    assert adkit.compile("e*2", inputs=["e"]).gradient({"e": 1}) == {"e": 2.0}
    assert adkit.compile("a = exp(x); e = sin(a); e*2").evaluate({"x": 0}) == pytest.approx(2 * math.sin(1))


@pytest.mark.parametrize("text, at, message", [
    ("log(x)", {"x": -1}, "v₁ = ln v₀: ln is undefined at -1: its argument must be positive"),
    ("1/x", {"x": 0}, "v₁ = 1/v₀: division by zero"),
    ("asin(x)", {"x": 2}, "v₁ = asin v₀: asin is undefined at 2: its argument must lie in [-1, 1]"),
    ("exp(x)", {"x": 1000}, "v₁ = exp v₀: exp overflows at 1000: the result is too large for a double-precision float"),
    ("sqrt(x)", {"x": 0}, "v₁ = √v₀: the derivative of sqrt with respect to argument 1 is undefined at 0"),
    ("x^0.5", {"x": -4}, "v₁ = v₀^0.5: ^ is undefined at -4, 0.5 (a negative base needs an integer exponent; "
                         "0 cannot have a negative exponent)"),
    ("x*y*1e300", {"x": 1e10, "y": 1e10}, "v₂ = v₁·1e300: * gives inf at 1e+20, 1e+300"),
])
def test_domain_errors_name_the_step(text, at, message):
    program = adkit.compile(text, inputs=list(at))
    with pytest.raises(DomainError) as info:
        program.gradient(at)
    assert str(info.value) == message
    with pytest.raises(DomainError):
        adkit.trace(program, at=at, mode="both")


def test_kinks_use_the_documented_convention_and_warn():
    with pytest.warns(NonDifferentiableWarning, match="abs is not differentiable at 0"):
        assert adkit.compile("abs(x)").gradient({"x": 0}) == {"x": 1.0}
    with pytest.warns(NonDifferentiableWarning, match="relu"):
        assert adkit.compile("relu(x)").gradient({"x": 0}) == {"x": 0.0}
    with pytest.warns(NonDifferentiableWarning, match="max is not differentiable at a tie"):
        assert adkit.compile("max(x, y)").gradient({"x": 1, "y": 1}) == {"x": 1.0, "y": 0.0}
    with pytest.warns(NonDifferentiableWarning, match="min"):
        assert adkit.compile("min(x, y)").gradient({"x": 1, "y": 1}) == {"x": 1.0, "y": 0.0}
    with pytest.warns(NonDifferentiableWarning):
        t = adkit.trace("relu(x)*abs(y)", at={"x": 0, "y": 0}, mode="both")
    assert len(t.warnings) == 2
    assert t.warnings[0].startswith("v₁ = relu v₋₁: relu is not differentiable at 0")
    assert t.warnings[1].startswith("v₂ = |v₀|: abs is not differentiable at 0")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        adkit.compile("abs(x)").gradient({"x": 0.5})  # no kink, no warning


def test_bindings_are_checked():
    program = adkit.compile("x + y")
    with pytest.raises(BindingError, match="no value for input 'y'"):
        program.evaluate({"x": 1})
    with pytest.raises(BindingError, match="'z' is given a value"):
        program.evaluate({"x": 1, "y": 2, "z": 3})
    with pytest.raises(BindingError, match="not a number"):
        program.evaluate({"x": "a", "y": 2})
    with pytest.raises(BindingError, match="not finite"):
        program.evaluate({"x": math.inf, "y": 2})
    with pytest.raises(BindingError, match="expected 2 values, got 1"):
        program.evaluate([1])
    assert program.evaluate([1, 2]) == 3


def test_dual_numbers_work_on_their_own():
    x = Dual(2.0, 1.0)
    y = adkit.log(x) + x * 5 - adkit.sin(5)
    assert y.primal == pytest.approx(11.652071455223084) and y.tangent == 5.5
    z = 1 / (1 + adkit.exp(-x))
    assert z.tangent == pytest.approx(adkit.sigmoid(2.0) * (1 - adkit.sigmoid(2.0)))
    assert (x ** 2).tangent == 4.0 and (2 ** x).tangent == pytest.approx(4 * math.log(2))
    assert (-x).tangent == -1.0 and abs(Dual(-3.0, 1.0)).tangent == -1.0 and x > 1
    with pytest.raises(DomainError, match="ln is undefined at -1"):
        adkit.log(Dual(-1.0, 1.0))
    assert adkit.sin(0.5) == math.sin(0.5)


def test_python_callables_trace_like_formulas():
    f = adkit.trace(lambda x1, x2: adkit.log(x1) + x1 * x2 - adkit.sin(x2), at={"x1": 2, "x2": 5})
    g = adkit.trace("ln(x1) + x1*x2 - sin(x2)", at={"x1": 2, "x2": 5})
    assert [(r.step.op, r.step.args) for r in f.steps] == [(r.step.op, r.step.args) for r in g.steps]
    assert f.gradient == g.gradient


def test_tracing_rejects_what_it_cannot_record():
    with pytest.raises(TracingError, match="instead of the math module"):
        adkit.trace(lambda x: math.sin(x), at={"x": 1})
    with pytest.raises(TracingError, match="branched on an input"):
        adkit.trace(lambda x: x if x > 0 else -x, at={"x": 1})
    with pytest.raises(TracingError, match="do not match"):
        adkit.trace(lambda a: a, at={"x": 1})
    with pytest.raises(TracingError, match="not str"):
        adkit.trace(lambda x: "x", at={"x": 1})


def test_pow_at_a_zero_base_and_the_latex_of_a_square():
    # ∂(x^y)/∂y at x = 0, y > 0 is the one-sided limit 0: ln 0 is never asked for
    assert adkit.compile("x^y").gradient({"x": 0.0, "y": 2.0}) == {"x": 0.0, "y": 0.0}
    assert adkit.compile("x^y").gradient({"x": 1.0, "y": 2.0}) == {"x": 2.0, "y": 0.0}
    from adkit.ir.primitives import REGISTRY

    square = REGISTRY["pow"].partial_latex[0]
    assert square(["v_{1}", "2"], [None, 2.0]) == "2 \\, v_{1}"
    assert square(["v_{1}", "3"], [None, 3.0]) == "3 \\, v_{1}^{2}"
