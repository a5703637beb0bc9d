"""The worked examples of the course material, reproduced step by step.

Tables 3.1/3.2 of Minh Quang Le's *Deep Learning and Neural Net 2* (Baydin et
al. 2018, Tables 2 and 3), its eq. 3.43/3.44, and the (x + y)·z and
sigmoid-neuron graphs of *Cơ bản về Backpropagation* (§5.1, §5.2).  Expected
values are computed in closed form here and checked against the notes'
printed (rounded) numbers.
"""

from __future__ import annotations

import math

import pytest

import adkit

SEED = "ln(x1) + x1*x2 - sin(x2)"
AT = {"x1": 2, "x2": 5}


def by_name(trace: adkit.Trace) -> dict[str, object]:
    return {r.step.name: r for r in trace.steps}


def test_table_3_1_forward_trace_step_by_step():
    t = adkit.trace(SEED, at=AT, mode="forward", wrt="x1")
    rows = by_name(t)
    expected_primal = {"v-1": 2, "v0": 5, "v1": math.log(2), "v2": 10, "v3": math.sin(5),
                       "v4": math.log(2) + 10, "v5": math.log(2) + 10 - math.sin(5)}
    expected_tangent = {"v-1": 1, "v0": 0, "v1": 0.5, "v2": 5, "v3": 0, "v4": 5.5, "v5": 5.5}
    for name, value in expected_primal.items():
        assert rows[name].value == pytest.approx(value, rel=1e-15)
        assert rows[name].tangents == (pytest.approx(expected_tangent[name], rel=1e-15),)
    assert [r.step.op for r in t.steps] == ["input", "input", "log", "mul", "sin", "add", "sub"]
    assert round(t.value, 3) == 11.652
    assert t.tangent == 5.5


def test_table_3_2_reverse_trace_every_adjoint():
    t = adkit.trace(SEED, at=AT, mode="reverse")
    rows = by_name(t)
    expected = {"v5": 1, "v4": 1, "v3": -1, "v1": 1, "v2": 1,
                "v0": -math.cos(5) + 2, "v-1": 5 + 1 / 2}
    for name, value in expected.items():
        assert rows[name].adjoint == pytest.approx(value, rel=1e-15)
    assert round(t.gradient["x2"], 3) == 1.716
    assert t.gradient["x1"] == 5.5
    assert t.sweeps == 1


def test_table_3_2_fan_out_contributions_are_each_shown():
    t = adkit.trace(SEED, at=AT)
    v0 = by_name(t)["v0"]
    # v̄₀ = v̄₃·cos v₀ + v̄₂·v₋₁ : two += contributions, in reverse-sweep order
    sources = [t.program.steps[c.source].number for c in v0.contributions]
    assert sources == [3, 2]
    assert [c.value for c in v0.contributions] == [pytest.approx(-math.cos(5), rel=1e-15), 2.0]
    assert v0.adjoint == sum(c.value for c in v0.contributions)


def test_eq_3_43_common_subexpressions_are_computed_once():
    p = adkit.compile("exp(exp(x) + exp(x)^2) + sin(exp(x) + exp(x)^2)")
    assert [s.op for s in p.steps] == ["input", "exp", "pow", "add", "exp", "sin", "add"]


def test_eq_3_44_program_matches_eq_3_43_and_keeps_aliases():
    prog = adkit.compile("a = exp(x); b = a^2; c = a + b; d = exp(c); e = sin(c); f = d + e")
    expr = adkit.compile("exp(exp(x) + exp(x)^2) + sin(exp(x) + exp(x)^2)")
    assert [(s.op, s.args) for s in prog.steps] == [(s.op, s.args) for s in expr.steps]
    assert [s.alias for s in prog.steps] == ["x", "a", "b", "c", "d", "e", "f"]
    x = 0.3
    a = math.exp(x)
    c = a + a * a
    exact = (math.exp(c) + math.cos(c)) * (a + 2 * a * a)
    assert prog.gradient({"x": x})["x"] == pytest.approx(exact, rel=1e-14)


def test_seed_002_sum_times_z():
    t = adkit.trace("(x + y)*z", at={"x": -2, "y": 5, "z": -4})
    assert t.value == -12
    assert t.gradient == {"x": -4.0, "y": -4.0, "z": 3.0}


def test_seed_002_sigmoid_neuron_node_by_node():
    t = adkit.trace("1/(1 + exp(-(w0*x0 + w1*x1 + w2)))",
                    at={"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3})
    s = 1 / (1 + math.exp(-1))
    ds = s * (1 - s)  # the adjoint reaching the weighted sum
    assert round(t.value, 2) == 0.73
    # the post's walk backwards: -0.53 into 1/x, unchanged by "+1", -0.2 into exp, 0.2 into "*-1"
    assert round(by_op(t, "add", 1 + math.exp(-1)).adjoint, 2) == -0.53
    assert round(by_op(t, "exp").adjoint, 2) == -0.53
    assert round(by_op(t, "neg").adjoint, 2) == -0.2
    assert round(by_op(t, "add", 1.0).adjoint, 2) == 0.2
    assert by_op(t, "neg").adjoint == pytest.approx(-math.exp(-1) / (1 + math.exp(-1)) ** 2, rel=1e-14)
    grad = t.gradient
    assert grad["w0"] == pytest.approx(ds * -1, rel=1e-14)
    assert grad["x0"] == pytest.approx(ds * 2, rel=1e-14)
    assert grad["w1"] == pytest.approx(ds * -2, rel=1e-14)
    assert grad["w2"] == pytest.approx(ds, rel=1e-14)
    # the post prints dx1 = (0.2·−3) = 0.6; the true value is 0.1966·(−3) = −0.59 (docs/errata.md)
    assert grad["x1"] == pytest.approx(ds * -3, rel=1e-14)
    assert round(grad["x1"], 2) == -0.59
    assert [round(grad[k], 1) for k in ("w0", "x0", "w1", "w2")] == [-0.2, 0.4, -0.4, 0.2]


def by_op(t: adkit.Trace, op: str, value: float | None = None):
    found = [r for r in t.steps if r.step.op == op and (value is None or math.isclose(r.value, value))]
    assert len(found) == 1, found
    return found[0]
