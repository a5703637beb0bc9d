"""Second derivatives: forward-over-reverse and forward-over-forward against sympy's Hessian."""

from __future__ import annotations

import json

import pytest
import sympy
from helpers import run_cli

import adkit
from adkit.modes.derivatives import hessian
from adkit.ir.primitives import REGISTRY
from adkit.verify.symbolic import sympy_expressions

# A smooth point inside every primitive's domain, for f = p(u) with u = x*y/4 + 0.1.
SMOOTH = sorted(name for name, p in REGISTRY.items() if p.kink is None)


def sympy_hessian(program, at):
    symbols = [sympy.Symbol(name) for name in program.inputs]
    f = sympy_expressions(sympy, program, symbols)[program.output_ref]
    subs = dict(zip(symbols, at.values()))
    return {a: {b: float(sympy.diff(f, sa, sb).evalf(30, subs=subs)) for b, sb in zip(at, symbols)}
            for a, sa in zip(at, symbols)}


def formula(name: str) -> str:
    prim = REGISTRY[name]
    u = "(x*y/4 + 0.1)"
    if prim.arity == 1:
        return prim.syntax.format(u)
    return prim.syntax.format(u, "(y/3 + 0.6)")


@pytest.mark.parametrize("name", SMOOTH)
@pytest.mark.parametrize("method", ["forward-over-reverse", "forward-over-forward"])
def test_hessian_of_every_smooth_primitive_equals_sympy(name, method):
    at = {"x": 0.9, "y": 0.7}
    program = adkit.compile(f"{formula(name)} * (x + 2*y)", inputs=["x", "y"])
    expected = sympy_hessian(program, at)
    got = program.hessian(at, method=method)
    for a in at:
        for b in at:
            assert got[a][b] == pytest.approx(expected[a][b], rel=1e-10, abs=1e-12)


def test_methods_agree_and_count_their_sweeps():
    program = adkit.compile("a = exp(x*y); b = ln(a + z^2); b*sin(x) + tanh(y*z)")
    at = {"x": 0.3, "y": -0.4, "z": 1.1}
    over_reverse = hessian(program, at, "forward-over-reverse")
    over_forward = hessian(program, at, "forward-over-forward")
    assert over_reverse.sweeps == 3 and over_forward.sweeps == 6
    for a in at:
        for b in at:
            assert over_reverse.matrix[a][b] == pytest.approx(over_forward.matrix[a][b], rel=1e-12)
            assert over_reverse.matrix[a][b] == pytest.approx(over_reverse.matrix[b][a], rel=1e-12)
    assert over_reverse.gradient == pytest.approx(program.gradient(at), rel=1e-14)


def test_hvp_is_h_times_v_without_forming_h():
    program = adkit.compile("ln(x1) + x1*x2 - sin(x2) + x1^3*exp(x2/3)")
    at, v = {"x1": 2, "x2": 5}, {"x1": 1.0, "x2": 0.5}
    h = program.hessian(at)
    expected = {a: sum(h[a][b] * v[b] for b in v) for a in v}
    assert program.hvp(at, v) == {a: pytest.approx(expected[a], rel=1e-13) for a in v}


def test_hessian_cli():
    status, out, _ = run_cli("hessian", "ln(x1) + x1*x2 - sin(x2)", "--at", "x1=2,x2=5", "--format", "json")
    data = json.loads(out)
    assert status == 0 and data["sweeps"] == 2 and data["method"] == "forward-over-reverse"
    assert data["hessian"]["x1"] == {"x1": -0.25, "x2": 1.0}
    assert data["hessian"]["x2"]["x2"] == pytest.approx(0.9589242746631385 * -1, rel=1e-15)
    status, out, _ = run_cli("hessian", "x*y^2", "--at", "x=1,y=2", "--hvp", "x=1", "--format", "json")
    assert json.loads(out)["hvp"] == {"x": 0.0, "y": 4.0}
    status, _, err = run_cli("hessian", "y1 = x; y2 = x*x", "--at", "x=1")
    assert status == 0  # the last statement is the single output
