"""No NaN or ±inf reaches a user: every sweep, every backend, every JSON output.

Oracles: the overflowing points are chosen by hand (1e200² > the largest
double, 1/5e-324 = inf, atan''(1e308) = -2x/(1+x²)² is 0·inf); the literal
exponent x^(1+1) is compared with x^2 and with 2x, -6 at x = -3 by hand.
"""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import adkit
from adkit.errors import BindingError, DomainError
from adkit.modes.finite import first_bad
from adkit.present.data import dumps
from helpers import run_cli


def _reject(constant: str) -> None:
    raise AssertionError(f"non-finite constant {constant} in JSON")


def strict(text: str):
    return json.loads(text, parse_constant=_reject)


# ---- the reported cases -----------------------------------------------------------
@pytest.mark.parametrize("argv, step", [
    (("trace", "x*(1/(x*x))", "--at", "x=1e200", "--format", "json"), "v₁ = v₀·v₀: * gives inf"),
    (("trace", "log(x)", "--at", "x=5e-324", "--format", "json"), "v₁ = ln v₀: the adjoint sent back through ln is inf"),
    (("trace", "log(x)", "--at", "x=5e-324", "--mode", "forward"), "v₁ = ln v₀: the tangent of ln is inf"),
    (("trace", "log(x)", "--at", "x=5e-324", "--mode", "both", "--format", "json"), "v₁ = ln v₀: the tangent of ln"),
    (("hessian", "atan(x)", "--at", "x=1e308"), "v₁ = atan v₀: the adjoint sent back through atan is nan"),
    (("hessian", "atan(x)", "--at", "x=1e308", "--method", "forward-over-forward"), "v₁ = atan v₀: the tangent of atan is nan"),
    (("hessian", "atan(x)", "--at", "x=1e308", "--hvp", "x=1", "--format", "json"), "v₁ = atan v₀"),
    (("jacobian", "log(x)", "--at", "x=5e-324", "--mode", "forward", "--vector", "--format", "json"), "v₁ = ln v₀: the tangent"),
    (("jacobian", "log(x)", "--at", "x=5e-324", "--format", "json"), "v₁ = ln v₀: the adjoint"),
])
def test_cli_names_the_step(argv, step):
    code, out, err = run_cli(*argv)
    assert code == 2 and out == ""
    assert step in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("backend", ["interpreter", "codegen"])
@pytest.mark.parametrize("call, kind", [
    (lambda p: p.jvp({"x": 5e-324}, {"x": 1.0}), "tangent"),
    (lambda p: p.gradient({"x": 5e-324}), "adjoint"),
    (lambda p: p.vjp({"x": 5e-324}, 1.0), "adjoint"),
    (lambda p: p.hvp({"x": 5e-324}, {"x": 1.0}), "tangent"),
    (lambda p: p.hessian({"x": 5e-324}), "tangent"),
    (lambda p: p.jacobian({"x": 5e-324}, "forward", vector=True), "tangent"),
])
def test_api_names_the_step(backend, call, kind):
    with pytest.raises(DomainError) as caught:
        call(adkit.compile("log(x)", backend=backend))
    assert caught.value.step == "v₁ = ln v₀"
    assert caught.value.key == f"domain.not_finite_{kind}"


def test_intermediate_overflow_is_an_error_even_when_the_output_is_finite():
    with pytest.raises(DomainError) as caught:
        adkit.compile("x*(1/(x*x))").evaluate({"x": 1e200})
    assert caught.value.step == "v₁ = v₀·v₀" and caught.value.params["value"] == math.inf


def test_traced_callable():
    with pytest.raises(DomainError) as caught:
        adkit.trace(lambda x: adkit.log(x), at={"x": 5e-324})
    assert caught.value.step == "v₁ = ln v₀"


def test_finite_points_still_work():
    assert adkit.compile("x*(1/(x*x))").gradient({"x": 2.0}) == {"x": -0.25}  # d(1/x) = -1/x²
    assert adkit.compile("log(x)", backend="codegen").jvp({"x": 2.0}, {"x": 1.0}) == (math.log(2.0), 0.5)


# ---- the check itself ---------------------------------------------------------------
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=30))
@settings(max_examples=300)
def test_first_bad_is_the_first_non_finite(values):
    expected = next((k for k, v in enumerate(values) if not math.isfinite(v)), None)
    assert first_bad(values) == expected


def test_first_bad_sees_inf_minus_inf_and_vectors():
    import numpy as np

    assert first_bad([1.0, math.inf, -math.inf]) == 1
    assert first_bad([np.array([1.0, 2.0]), np.array([1.0, np.nan])]) == 1
    assert first_bad([np.array([1.0, 2.0])]) is None


# ---- strict JSON -----------------------------------------------------------------------
@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_dumps_refuses_non_finite(value):
    with pytest.raises(ValueError):
        dumps({"value": value})


@pytest.mark.parametrize("argv", [
    ("trace", "ln(x1) + x1*x2 - sin(x2)", "--at", "x1=2,x2=5", "--format", "json"),
    ("trace", "ln(x1) + x1*x2 - sin(x2)", "--at", "x1=2,x2=5", "--mode", "both", "--format", "json"),
    ("hessian", "x^2*y", "--at", "x=1,y=2", "--format", "json"),
    ("hessian", "x^2*y", "--at", "x=1,y=2", "--hvp", "x=1,y=0", "--format", "json"),
    ("jacobian", "y1 = x*y; y2 = sin(x)", "--at", "x=1,y=2", "--format", "json"),
    ("jacobian", "y1 = x*y; y2 = sin(x)", "--at", "x=1,y=2", "--mode", "forward", "--vector", "--format", "json"),
    ("cost", "x*y", "--at", "x=1,y=2", "--format", "json"),
    ("cost", "--sweep-family", "--format", "json"),
])
def test_json_outputs_are_strict(argv):
    code, out, err = run_cli(*argv)
    assert code == 0, err
    strict(out)


def test_no_json_dumps_without_the_helper():
    """Every JSON adkit writes goes through present.data.dumps (allow_nan=False)."""
    from pathlib import Path

    root = Path(adkit.__file__).parent
    loose = [str(p.relative_to(root)) for p in root.rglob("*.py") if "json.dumps(" in p.read_text() and p.name != "data.py"]
    assert loose == []


# ---- bad points through the API ---------------------------------------------------------
BAD = [None, 1.0, 5, "12", [[1.0, 2.0]], [1.0], [1.0, "a"], [10 ** 400, 1.0],
       {"x": "1", "y": 1.0}, {"x": None, "y": 1.0}, {"x": True, "y": 1.0}, {"x": 10 ** 400, "y": 1.0},
       {"x": [1.0], "y": 1.0}, {"x": math.nan, "y": 1.0}, {"x": 1j, "y": 1.0}, {1: 2.0, "y": 1.0},
       {"x": 1.0}, {"x": 1.0, "y": 1.0, "z": 1.0}, {}]


@pytest.mark.parametrize("backend", ["interpreter", "codegen"])
@pytest.mark.parametrize("at", BAD, ids=repr)
def test_bad_points_raise_binding_error(backend, at):
    program = adkit.compile("x*y", backend=backend)
    for call in (program.evaluate, program.gradient, program.hessian, lambda a: program.jvp(a, a),
                 lambda a: program.hvp({"x": 1.0, "y": 1.0}, a), lambda a: adkit.trace("x*y", at=a),
                 lambda a: program.vjp(a, 1.0), program.jacobian, lambda a: program.jacobian(a, "forward", True),
                 lambda a: program.jvp({"x": 1.0, "y": 1.0}, a)):
        with pytest.raises(BindingError):
            call(at)


@pytest.mark.parametrize("cotangent", [None, "a", [1.0], math.inf, 10 ** 400, {"y": None}])
def test_bad_cotangent_raises_binding_error(cotangent):
    with pytest.raises(BindingError):
        adkit.compile("x*y").vjp({"x": 1.0, "y": 2.0}, cotangent)


def test_numbers_of_other_types_are_accepted():
    import numpy as np

    program = adkit.compile("x*y")
    assert program.evaluate({"x": 2, "y": np.float64(3.0)}) == 6.0
    assert program.evaluate((2, 3)) == 6.0


# ---- x^(1+1) is x^2 -------------------------------------------------------------------------
@pytest.mark.parametrize("backend", ["interpreter", "codegen"])
@pytest.mark.parametrize("text", ["x^(1+1)", "x^(4/2)", "a = 2*1; y = x^a", "x^(sqrt(4))"])
def test_literal_exponent(text, backend):
    program = adkit.compile(text, backend=backend)
    assert program.evaluate({"x": -3.0}) == 9.0
    assert program.gradient({"x": -3.0}) == {"x": -6.0}
    assert program.jvp({"x": -3.0}, {"x": 1.0}) == (9.0, -6.0)
    assert program.hessian({"x": -3.0}) == {"x": {"x": 2.0}}
    assert program.hessian({"x": -3.0}, "forward-over-forward") == {"x": {"x": 2.0}}


@pytest.mark.parametrize("argv, key, expected", [
    (("trace", "--mode", "reverse"), "gradient", {"x": -6.0}),
    (("trace", "--mode", "forward"), "value", 9.0),
    (("hessian",), "hessian", {"x": {"x": 2.0}}),
])
def test_literal_exponent_on_the_command_line(argv, key, expected):
    """``adkit trace "x^(1+1)" --at x=-3`` answers what ``x^2`` answers (9, 2x = -6, 2)."""
    outs = []
    for text in ("x^(1+1)", "x^2"):
        code, out, err = run_cli(argv[0], text, "--at", "x=-3", *argv[1:], "--format", "json")
        assert code == 0, err
        outs.append(strict(out))
    assert outs[0][key] == outs[1][key] == expected


@given(st.floats(-1e3, 1e3), st.integers(0, 4), st.integers(0, 4))
@settings(max_examples=200)
def test_literal_exponent_agrees_with_the_literal(x, a, b):
    folded, written = adkit.compile(f"x^({a}+{b})"), adkit.compile(f"x^{a + b}")
    assert folded.evaluate({"x": x}) == written.evaluate({"x": x})
    assert folded.gradient({"x": x}) == written.gradient({"x": x})


@pytest.mark.parametrize("method", ["forward-over-reverse", "forward-over-forward"])
@pytest.mark.parametrize("text, x, step", [
    ("sqrt(x)", 0.0, "v₁ = √v₀"), ("asin(x)*x", 1.0, "v₁ = asin v₀"), ("log(x)", -1.0, "v₁ = ln v₀"),
    ("exp(y + asin(2 - 1))", 0.5, "v₂ = asin v₁"),
])
def test_hessian_errors_name_the_step_in_both_methods(method, text, x, step):
    program = adkit.compile(text)
    if method == "forward-over-forward" and "2 - 1" in text:  # no tangent reaches the constant asin(1)
        assert program.hessian({"y": x}, method)["y"]["y"] == math.exp(x + math.pi / 2)
        return
    with pytest.raises(DomainError) as caught:  # the adjoint of the constant 2 - 1 needs ∂asin/∂v₁ = 1/0
        program.hessian(dict.fromkeys(program.inputs, x), method)
    assert caught.value.step == step


def test_json_inside_html_is_strict_and_cannot_close_the_script():
    from adkit.present.data import script_json

    text = script_json({"name": "</script><img src=x onerror=alert(1)>&amp;"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><img src=x onerror=alert(1)>&amp;"}
    with pytest.raises(ValueError):
        script_json({"value": math.nan})
