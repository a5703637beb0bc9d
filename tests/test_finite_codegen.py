"""The codegen backend hides no NaN or ±inf: the interpreter's answer or its DomainError, word for word.

Oracles: the interpreter (the one definition of the error), and hand-chosen
points whose overflow is hidden from the result: 1e200² = inf but 1/inf = 0,
atan(inf) = π/2, exp(−inf) = 0, tanh(inf) = 1; a dead step exp(709)·709; a
tangent exp(709)·1e10 = inf beside a finite output; an adjoint 1e10·1e300 = inf
sent to a constant step while x̄ stays finite.
"""

from __future__ import annotations

import math
import random
import warnings
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import adkit
from adkit.codegen.python import python_function, python_source
from adkit.errors import AdkitError, DomainError
from fuzz.fuzz_finite import EXTREMES, formula
from helpers import run_cli
from strategies import examples

HIDDEN = [  # (program, x, seed): a non-finite intermediate that the result does not show
    ("x*(1/(x*x))", 1e200, 1.0),
    ("y = atan(x*x)", 1e200, 1.0),
    ("y = exp(-(x*x))", 1e200, 1.0),
    ("tanh(x*x)", 1e160, 1.0),
    ("1/(x*x*x)", 1e120, 1.0),
    ("d = exp(x)*x; y = sin(x)", 709.0, 1.0),  # a dead step
    ("d = exp(x); y = sin(x)", 709.0, 1e10),  # only a tangent: d' = exp(709)·1e10
    ("y = (x*exp(-700))*1e10", 1e300, 1.0),  # only an adjoint: the constant step's 1e10·1e300
    ("log(x)", 5e-324, 1.0),
    ("x^((1e300 - 1)*1e300)", -1.0, 1.0),  # a literal exponent that overflows stays a step (pow(-1, inf) is 1)
]

CALLS = {
    "evaluate": lambda p, x, s: p.evaluate({"x": x}),
    "gradient": lambda p, x, s: p.gradient({"x": x}),
    "jvp": lambda p, x, s: p.jvp({"x": x}, {"x": s}),
    "vjp": lambda p, x, s: p.vjp({"x": x}, 1.0),
    "hessian": lambda p, x, s: p.hessian({"x": x}),
    "hessian forward-over-forward": lambda p, x, s: p.hessian({"x": x}, "forward-over-forward"),
    "hvp": lambda p, x, s: p.hvp({"x": x}, {"x": s}),
    "jacobian": lambda p, x, s: p.jacobian({"x": x}),
    "jacobian forward vector": lambda p, x, s: p.jacobian({"x": x}, "forward", vector=True),
}


class Refusal(NamedTuple):
    kind: str
    key: str
    step: str | None
    text: str


def outcome(call):
    """The result, or the error's class, key, step and full text."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return call()
        except AdkitError as error:
            return Refusal(type(error).__name__, error.key, getattr(error, "step", None), str(error))


@pytest.mark.parametrize("method", sorted(CALLS))
@pytest.mark.parametrize("text, x, seed", HIDDEN)
def test_codegen_answers_like_the_interpreter(text, x, seed, method):
    call = CALLS[method]
    expected = outcome(lambda: call(adkit.compile(text), x, seed))
    got = outcome(lambda: call(adkit.compile(text, backend="codegen"), x, seed))
    assert got == expected


def test_the_reported_case_names_the_step():
    error = outcome(lambda: adkit.compile("x*(1/(x*x))", backend="codegen").evaluate({"x": 1e200}))
    assert error == Refusal("DomainError", "domain.not_finite", "v₁ = v₀·v₀", "v₁ = v₀·v₀: * gives inf at 1e+200, 1e+200")


@pytest.mark.parametrize("text, x, seed", HIDDEN)
@pytest.mark.parametrize("mode", ["evaluate", "forward", "reverse"])
def test_every_generated_variant_flags_the_hidden_value(text, x, seed, mode):
    """Single function, readable or simplified sweep, chunks of 1 and 2 steps: ``_chk`` is not finite
    exactly when the interpreter refuses the same sweep."""
    program = adkit.compile(text)
    refused = {"evaluate": CALLS["evaluate"], "forward": CALLS["jvp"], "reverse": CALLS["gradient"]}[mode]
    try:
        refused(program, x, seed)
        expected = False
    except DomainError:
        expected = True
    args = ([x], [seed]) if mode == "forward" else ([x],)
    for chunk in (None, 1, 2):
        for optimize in (False, True):
            try:
                chk = python_function(program, mode, chunk_steps=chunk, optimize=optimize, checked=True)(*args)[-1]
            except (ValueError, ZeroDivisionError, OverflowError):
                chk = math.nan  # math.log(0.0) and kin raise instead
            assert math.isfinite(chk) != expected, (chunk, optimize)


def test_an_overflowing_check_sum_only_costs_a_rerun():
    """Finite values whose sum overflows: the interpreter re-runs and its finite answer is returned."""
    text, at = "a = x*2; b = a*0.5; y = b*1", {"x": 8e307}
    program = adkit.compile(text)
    chk = python_function(program, "evaluate", checked=True)([8e307])[-1]
    assert chk == math.inf  # 1.6e308 + 8e307 + 8e307 overflows
    compiled = adkit.compile(text, backend="codegen")
    assert compiled.evaluate(at) == program.evaluate(at) == 8e307
    assert compiled.gradient(at) == program.gradient(at) == {"x": 1.0}
    assert compiled.jvp(at, {"x": 1.0}) == program.jvp(at, {"x": 1.0}) == (8e307, 1.0)


def test_an_overflowing_literal_exponent_is_not_folded():
    """x^(1+1) folds to x^2, but an exponent that overflows stays a step, so its error names it."""
    with pytest.raises(DomainError) as caught:
        adkit.compile("x^((1e300 - 1)*1e300)").evaluate({"x": -1.0})
    assert caught.value.step == "v₂ = v₁·1e300"
    assert "math.pow(v0, v2)" in python_source(adkit.compile("x^((1e300 - 1)*1e300)"), "evaluate")


def test_shown_code_has_no_check():
    """``adkit codegen`` prints the textbook programs; only the backend's variant returns ``_chk``."""
    program = adkit.compile("x*(1/(x*x))")
    for mode in ("evaluate", "forward", "reverse"):
        assert "_chk" not in python_source(program, mode)
        assert "_chk" in python_source(program, mode, checked=True)
        assert python_source(program, mode, checked=True).replace("_chk", "") != python_source(program, mode)


@pytest.mark.parametrize("target", ["python", "c"])
@pytest.mark.parametrize("text, x, seed", HIDDEN)
@pytest.mark.parametrize("mode", ["forward", "reverse"])
def test_codegen_at_a_point_refuses_what_the_interpreter_refuses(text, x, seed, mode, target):
    """``adkit codegen --at`` prints a call that would hide the overflow: the interpreter's error instead."""
    program = adkit.compile(text)
    expected = outcome(lambda: program.jvp([x], [1.0]) if mode == "forward" else program.gradient([x]))
    code, out, err = run_cli("codegen", text, "--mode", mode, "--target", target, "--at", f"x={x!r}")
    dead = text.split(";")[0] if text.startswith("d =") else None  # named on stderr: the output does not use it
    said = f"adkit: warning: the output y does not use '{dead}', so it is left out\n" if dead else ""
    if isinstance(expected, Refusal):
        assert (code, out) == (2, "") and err == f"{said}adkit: error: {expected.text}\n"
    else:
        assert code == 0 and err == said and ("__main__" if target == "python" else "int main(void)") in out


@given(st.randoms(use_true_random=False))
@settings(max_examples=examples(300))
def test_codegen_agrees_with_the_interpreter_on_random_formulas(rng: random.Random):
    text = formula(rng)
    try:
        program = adkit.compile(text)
    except AdkitError:
        return
    compiled = adkit.compile(text, backend="codegen")
    compiled.chunk_steps = rng.choice((None, 1, 2))  # one function, or chunks whose checks add up
    x = {name: rng.choice(EXTREMES) * rng.choice((1.0, 3.7)) for name in program.inputs}
    seed = {name: rng.choice((1.0, -0.5, 1e10, 1e300)) for name in program.inputs}
    for call in (lambda p: p.evaluate(x), lambda p: p.gradient(x), lambda p: p.jvp(x, seed)):
        expected, got = outcome(lambda: call(program)), outcome(lambda: call(compiled))
        assert got == expected, text  # numbers compared with ==, errors word for word
