"""The contraction written once (adkit/modes/contraction.py): every engine runs the same two loops.

Oracles: hand-computed derivatives (x/y, x − x, x^x) and the dual numbers of
adkit.Dual, which share the loop but not the tape; the fast sweeps of
``Program`` against the recorded sweeps of ``adkit.trace``.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import adkit
from adkit import Dual
from adkit.errors import DomainError


def test_a_zero_tangent_carries_nothing_even_past_an_infinite_partial():
    # ∂(x/y)/∂y = −x/y² is −inf at y = 1e-300; along ẏ = 0 it is never asked for
    program = adkit.compile("x/y")
    at = {"x": 1.0, "y": 1e-300}
    value, tangent = program.jvp(at, {"x": 1.0, "y": 0.0})
    assert tangent == 1.0 / 1e-300
    assert adkit.trace("x/y", at=at, wrt="x").tangent == tangent
    with pytest.raises(DomainError):  # along ẏ the partial is needed and is not finite
        program.jvp(at, {"x": 0.0, "y": 1.0})


def test_a_zero_tangent_carries_nothing_past_an_undefined_partial():
    # ∂(x^y)/∂y = xʸ·ln x is undefined at x = −2; along ẋ only ∂/∂x = y·x^(y−1) = 12 is used
    program = adkit.compile("x^y")
    at = {"x": -2.0, "y": 3.0}
    assert program.jvp(at, {"x": 1.0, "y": 0.0})[1] == 12.0
    assert adkit.trace("x^y", at=at, wrt="x").tangent == 12.0
    assert (Dual(-2.0, 1.0) ** Dual(3.0, 0.0)).tangent == 12.0
    with pytest.raises(DomainError, match="argument 2 is undefined"):
        program.jvp(at, {"x": 0.0, "y": 1.0})
    with pytest.raises(DomainError, match="argument 2 is undefined"):
        program.gradient(at)  # the adjoint sweep asks every partial



def test_literal_arguments_have_no_partial():
    # ∂(x^2)/∂2 = x²·ln x is undefined at x < 0 and never asked for: the literal has no edge
    assert adkit.compile("x^2").gradient({"x": -3.0}) == {"x": -6.0}
    assert adkit.trace("x^2", at={"x": -3.0}, mode="both").gradient == {"x": -6.0}


def test_one_argument_used_twice_adds_in_argument_order():
    # x − x: v̄ₓ += v̄·1 then += v̄·(−1), so 1 − 1 = 0 exactly; x^x: both partials into one adjoint
    assert adkit.compile("x - x").gradient({"x": 0.3}) == {"x": 0.0}
    at = {"x": 1.5}
    expected = 1.5 * 1.5 ** 0.5 + 1.5 ** 1.5 * math.log(1.5)
    assert adkit.compile("x^x").gradient(at)["x"] == pytest.approx(expected, rel=1e-15)
    assert adkit.trace("x^x", at=at, mode="both").gradient["x"] == adkit.compile("x^x").gradient(at)["x"]


@settings(max_examples=40, deadline=None)
@given(x=st.floats(0.1, 3.0), y=st.floats(-2.0, 2.0))
def test_fast_and_recorded_sweeps_give_the_same_bits(x, y):
    text = "a = sin(x)*y; b = a/(1 + x^2) - ln(x)*y; max(b, a) + 2*b - y"
    at = {"x": x, "y": y}
    program = adkit.compile(text)
    trace = adkit.trace(text, at=at, mode="both")
    assert program.gradient(at) == trace.gradient
    for name in at:
        seed = {n: float(n == name) for n in at}
        assert program.jvp(at, seed)[1] == adkit.trace(text, at=at, wrt=name).tangent
