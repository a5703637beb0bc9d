"""adkit.verify and ``adkit trace --verify``: sympy, finite differences, rows, kinks, timeouts."""

from __future__ import annotations

import dataclasses
import json
import math
import subprocess
import sys
import time

import pytest
from helpers import run_cli

import adkit
from adkit.ir import record
from adkit.ir.primitives import REGISTRY
from adkit.verify.check import verify
from adkit.verify.numeric import fd_step, finite_difference
from adkit.verify.source import signature, to_source
from adkit.verify.view import verification_view

SEED = "ln(x1) + x1*x2 - sin(x2)"
AT = {"x1": 2.0, "x2": 5.0}


@pytest.fixture
def wrong_sin(monkeypatch):
    """A copied registry entry whose partial has the wrong sign: d sin = −cos."""
    bad = dataclasses.replace(REGISTRY["sin"], partials=(lambda x, out: -math.cos(x),))
    monkeypatch.setitem(record._RECORDS, "sin", bad)  # REGISTRY is its read-only view


def test_seed_example_verifies_symbolically_and_numerically():
    v = verify(adkit.trace(SEED, at=AT, mode="both"))
    assert v.ok and v.symbolic and not v.timed_out
    x1, x2 = v.inputs
    assert (x1.symbolic, x2.symbolic) == ("x2 + 1/x1", "x1 - cos(x2)")
    assert x1.sympy == 5.5 and x1.forward == 5.5 and x1.reverse == 5.5
    assert x2.sympy_digits.startswith("1.7163378145367737355333608")  # 30 digits, not a double
    assert abs(x2.finite_difference - x2.sympy) <= x2.fd_bound
    # every step: a primal, two tangents and an adjoint, all checked
    assert len(v.rows) == 7 * 4 and all(r.status == "ok" for r in v.rows)


def test_adjoint_rows_are_dy_dvi():
    v = verify(adkit.trace(SEED, at=AT))
    adjoints = {r.step: r.sympy for r in v.rows if r.quantity == "adjoint"}
    assert adjoints == {"v-1": 5.5, "v0": pytest.approx(1.7163378145367738, rel=1e-15),
                        "v1": 1.0, "v2": 1.0, "v3": -1.0, "v4": 1.0, "v5": 1.0}


def test_corrupted_partial_is_caught_and_the_row_is_named(wrong_sin):
    v = verify(adkit.trace(SEED, at=AT, mode="both"))
    assert not v.ok
    failed = {(r.step, r.quantity, r.sweep) for r in v.rows if r.status == "failed"}
    # v3 = sin v0 is the first wrong tangent (sweep 1: ∂/∂x2); its descendants follow
    assert ("v3", "tangent", 1) in failed and ("v0", "adjoint", None) in failed
    assert all(step in ("v0", "v3", "v5") for step, _, _ in failed)
    assert [c.status for c in v.inputs] == ["ok", "failed"]
    assert any(line.startswith("v₃ = sin v₀: the tangent is") for line in v.failures)


def test_corrupted_partial_gives_exit_status_1_and_names_the_row(wrong_sin):
    status, out, _ = run_cli("trace", SEED, "--at", "x1=2,x2=5", "--verify")
    assert status == 1
    assert "verification FAILED" in out and "v₀ = x2: the adjoint is" in out


def test_cli_verify_exit_0_and_prints_partials_and_check_table():
    status, out, _ = run_cli("trace", SEED, "--at", "x1=2,x2=5", "--verify")
    assert status == 0
    assert "∂y/∂x2 = x₁ - cos(x₂)" in out
    assert "finite diff." in out and "✓" in out and "verified:" in out


def test_cli_json_verification_block():
    status, out, _ = run_cli("trace", SEED, "--at", "x1=2,x2=5", "--verify", "--format", "json")
    block = json.loads(out)["verification"]
    assert status == 0 and block["ok"] is True and block["symbolic"] is True
    x2 = block["inputs"]["x2"]
    assert x2["symbolic"] == "x1 - cos(x2)"
    assert x2["sympy"] == pytest.approx(1.7163378145367738, rel=1e-15)
    assert abs(x2["finite_difference"] - x2["sympy"]) < x2["fd_bound"]
    assert x2["rel_error"] == 0.0 and x2["status"] == "ok"
    assert block["tolerance"]["relative"] == 1e-9
    assert block["failures"] == []


def test_json_without_verify_has_no_block():
    _, out, _ = run_cli("trace", SEED, "--at", "x1=2,x2=5", "--format", "json")
    assert "verification" not in json.loads(out)


def test_bad_timeout_is_a_usage_error():
    status, _, err = run_cli("trace", SEED, "--at", "x1=2,x2=5", "--verify-timeout", "-1")
    assert status == 2


def _chain(n: int) -> str:
    lines = ["a0 = x"] + [f"a{i} = sin(a{i - 1}) * x + cos(a{i - 1})" for i in range(1, n)]
    return "; ".join(lines) + f"; y = a{n - 1}"


def test_timeout_falls_back_to_numeric_checks_and_says_so():
    t = adkit.trace(_chain(400), at={"x": 0.3})
    started = time.perf_counter()
    v = verify(t, timeout=0.3)
    assert time.perf_counter() - started < 3.0  # never hangs
    assert v.timed_out and not v.symbolic
    assert any("did not finish within 0.3 s" in note for note in v.notes)
    (x,) = v.inputs
    assert x.finite_difference is not None and x.fd_error <= x.fd_bound
    assert v.ok  # the numeric checks pass; unchecked rows are not failures


def test_sympy_failing_in_the_worker_leaves_the_numeric_checks_and_says_so(monkeypatch):
    def broken(sp, x):
        raise TypeError("no sympy form")

    monkeypatch.setitem(record._RECORDS, "sin", dataclasses.replace(REGISTRY["sin"], sympy=broken))
    v = verify(adkit.trace(SEED, at=AT, mode="both"))
    assert not v.symbolic and not v.timed_out
    assert v.notes[0] == "sympy could not finish (TypeError: no sympy form); numeric checks only"
    assert [c.sympy for c in v.inputs] == [None, None] and [c.status for c in v.inputs] == ["ok", "ok"]
    assert all(r.status == "unchecked" for r in v.rows) and v.ok
    assert v.to_dict()["notes"][0] == v.notes[0]


def test_cli_timeout_message():
    status, out, _ = run_cli("trace", _chain(300), "--at", "x=0.3", "--verify", "--verify-timeout", "0.2")
    assert status == 0 and "did not finish within 0.2 s" in out


def test_kink_is_reported_as_a_convention_not_a_failure():
    with pytest.warns(adkit.NonDifferentiableWarning):
        t = adkit.trace("abs(x) + relu(y)*x + max(x, y)", at={"x": 0.0, "y": 0.0}, mode="both")
    v = verify(t)
    assert v.ok
    assert [c.status for c in v.inputs] == ["kink", "kink"]
    assert v.inputs[0].sympy == 0.5 and v.inputs[0].reverse == 2.0  # Heaviside(0) = 1/2 vs adkit's branch
    assert any("abs is not differentiable at 0" in note for note in v.notes)


def test_away_from_the_kink_abs_is_checked_normally():
    v = verify(adkit.trace("abs(x)*y", at={"x": -2.0, "y": 3.0}))
    assert v.ok and [c.status for c in v.inputs] == ["ok", "ok"]


def test_finite_difference_step_and_bound():
    assert fd_step(0.0) == fd_step(1.0) == sys.float_info.epsilon ** (1 / 3)
    assert fd_step(1000.0) == 1000 * fd_step(1.0)
    p = adkit.compile("exp(x)")
    d, h, bound = finite_difference(p, [1.0], 0)
    assert abs(d - math.e) <= bound < 1e-7
    # the stencil leaves the domain: not judged rather than a false failure
    assert finite_difference(adkit.compile("sqrt(x)"), [1e-7], 0)[0] is None


def test_constant_output_and_literals():
    v = verify(adkit.trace("y = 0.1*x + pi^2", at={"x": 3.0}))
    assert v.ok and v.inputs[0].symbolic == "1/10"


def test_rendering_is_deterministic_text():
    v = verify(adkit.trace(SEED, at=AT))
    texts = [verification_view(v, ascii=True, width=120) for _ in range(2)]
    assert texts[0].replace(f"{v.seconds:.2f}", "") == texts[1].replace(f"{v.seconds:.2f}", "")
    assert "dy/dx1" in texts[0] and "ok" in texts[0]


@pytest.mark.parametrize("text", [SEED, "a = exp(x); b = a*a; y = b - a/x", "-x^2 + 2^-x - (-2)^3",
                                  "max(x, 1) * min(2, x) / (1 + x)^0.5", "x - -x"])
def test_printed_program_reparses_to_the_same_wengert_list(text):
    p = adkit.compile(text)
    assert signature(adkit.compile(to_source(p), inputs=p.inputs)) == signature(p)


def test_import_adkit_does_not_import_sympy():
    code = "import sys, adkit; assert 'sympy' not in sys.modules, 'sympy imported'"
    subprocess.run([sys.executable, "-c", code], check=True)
