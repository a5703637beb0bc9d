"""log10, log2, erf, atan2(y, x), hypot(x, y): one registry record each, picked up everywhere.

Exact known values (independent of the records), the parser's two-argument
calls, the public functions, code generation, --verify, and every error path.
"""

from __future__ import annotations

import math

import pytest
from helpers import run_cli

import adkit
from adkit.errors import DomainError
from adkit.ir.primitives import EXERCISE_OPERATIONS, FUNCTIONS, REGISTRY

ADDED = ("log10", "log2", "erf", "atan2", "hypot")


def test_each_is_one_record_the_parser_and_public_api_know():
    for name in ADDED:
        assert FUNCTIONS[name] == name and name in REGISTRY
        assert callable(getattr(adkit, name)) and name in adkit.__all__
    assert REGISTRY["atan2"].arity == REGISTRY["hypot"].arity == 2


def test_seeded_exercises_draw_from_a_fixed_list_without_the_added_ones():
    assert set(EXERCISE_OPERATIONS) <= set(REGISTRY)
    assert not set(ADDED) & set(EXERCISE_OPERATIONS)


@pytest.mark.parametrize("text, at, value, gradient", [
    ("log10(x)", {"x": 1000.0}, 3.0, {"x": 1 / (1000 * math.log(10))}),
    ("log2(x)", {"x": 8.0}, 3.0, {"x": 1 / (8 * math.log(2))}),
    ("erf(x)", {"x": 0.0}, 0.0, {"x": 2 / math.sqrt(math.pi)}),
    ("atan2(y, x)", {"y": 1.0, "x": -1.0}, 3 * math.pi / 4, {"y": -0.5, "x": -0.5}),
    ("atan2(y, x)", {"y": -2.0, "x": 0.0}, -math.pi / 2, {"y": 0.0, "x": 0.5}),
    ("hypot(x, y)", {"x": 3.0, "y": 4.0}, 5.0, {"x": 0.6, "y": 0.8}),
    ("hypot(x, y)", {"x": -3.0, "y": 0.0}, 3.0, {"x": -1.0, "y": 0.0}),
])
def test_known_values_in_every_engine(text, at, value, gradient):
    for backend in ("interpreter", "codegen"):
        program = adkit.compile(text, backend=backend)
        assert program.evaluate(at) == pytest.approx(value, rel=1e-15, abs=1e-15)
        got = program.gradient(at)
        for name, want in gradient.items():
            assert got[name] == pytest.approx(want, rel=1e-15, abs=1e-15), (backend, name)
    forward = adkit.compile(text).jacobian(at, mode="forward")
    for name, want in gradient.items():
        assert next(iter(forward.values()))[name] == pytest.approx(want, rel=1e-15, abs=1e-15)


def test_argument_order_of_atan2_is_y_then_x():
    assert adkit.atan2(1.0, 0.0) == math.pi / 2
    assert adkit.compile("atan2(y, x)").evaluate({"y": 1.0, "x": 0.0}) == math.pi / 2


@pytest.mark.parametrize("text, at, key", [
    ("log10(x)", {"x": -1.0}, "ln"),  # shares the logarithm's domain message
    ("log2(x)", {"x": 0.0}, "ln"),
])
def test_domain_errors_name_the_step(text, at, key):
    with pytest.raises(DomainError, match="v₁ = log.* undefined at .*: its argument must be positive"):
        adkit.compile(text).evaluate(at)


@pytest.mark.parametrize("text", ["atan2(y, x)", "hypot(x, y)"])
def test_derivative_at_the_origin_is_refused_not_invented(text):
    program = adkit.compile(text)
    assert program.evaluate({"x": 0.0, "y": 0.0}) == 0.0
    with pytest.raises(DomainError, match="the derivative of .* is undefined at 0, 0"):
        program.gradient({"x": 0.0, "y": 0.0})


def test_cli_parses_two_argument_calls_and_verifies():
    status, out, _ = run_cli("trace", "atan2(y, x) + hypot(x, y)*erf(x) - log10(y) + log2(x)",
                             "--at", "x=0.7,y=1.3", "--verify")
    assert status == 0, out
    assert "atan2(v₀, v₋₁)" in out and "hypot(v₋₁, v₀)" in out and "log₁₀ v₀" in out


@pytest.mark.parametrize("text", ["atan2(x)", "hypot(x, y, x)", "log10(x, y)"])
def test_wrong_argument_counts_are_one_line_errors(text):
    status, _, err = run_cli("trace", text, "--at", "x=1,y=2")
    assert status == 2 and err.startswith("adkit: error:") and "^" in err
