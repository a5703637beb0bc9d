"""The ``adkit`` command: outputs, JSON contract, exit statuses and error messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from helpers import run_cli

from adkit.ir.primitives import FUNCTIONS

KNOWN = ", ".join(sorted(FUNCTIONS))  # the registry's list, never hand-kept
SEED = ["trace", "ln(x1) + x1*x2 - sin(x2)", "--at", "x1=2,x2=5"]


def test_json_contract_reverse():
    status, out, _ = run_cli(*SEED, "--format", "json")
    data = json.loads(out)
    assert status == 0
    assert data["value"] == 11.652071455223084
    assert data["gradient"] == {"x1": 5.5, "x2": 1.7163378145367738}
    assert data["sweeps"] == 1
    assert [s["name"] for s in data["steps"]] == ["v-1", "v0", "v1", "v2", "v3", "v4", "v5"]
    assert [s["alias"] for s in data["steps"][:3]] == ["x1", "x2", None]
    assert [s["op"] for s in data["steps"]] == ["input", "input", "log", "mul", "sin", "add", "sub"]
    assert data["steps"][3]["args"] == ["v-1", "v0"]
    assert [s["adjoint"] for s in data["steps"]][2:] == [1.0, 1.0, -1.0, 1.0, 1.0]
    assert "tangent" not in data["steps"][0]


def test_json_contract_forward_all_inputs_and_directional():
    _, out, _ = run_cli(*SEED, "--mode", "forward", "--format", "json")
    data = json.loads(out)
    assert data["sweeps"] == 2 and data["gradient"]["x1"] == 5.5
    assert data["steps"][-1]["tangent"] == {"x1": 5.5, "x2": 1.7163378145367738}
    assert "adjoint" not in data["steps"][0] and "tangent" not in data
    _, out, _ = run_cli(*SEED, "--seed", "x1=1,x2=0.5", "--format", "json")
    data = json.loads(out)
    assert data["mode"] == "forward" and data["sweeps"] == 1 and "gradient" not in data
    assert data["seed"] == {"x1": 1.0, "x2": 0.5}
    assert data["tangent"] == pytest.approx(5.5 + 0.5 * 1.7163378145367738, rel=1e-15)
    assert data["steps"][-1]["tangent"] == data["tangent"]
    _, out, _ = run_cli(*SEED, "--wrt", "x2", "--mode", "both", "--format", "json")
    data = json.loads(out)
    assert data["sweeps"] == 2 and data["tangent"] == 1.7163378145367738 and data["gradient"]["x1"] == 5.5


def test_expression_starting_with_minus_needs_no_double_dash():
    status, out, _ = run_cli("trace", "-x^2", "--at", "x=3", "--format", "json")
    assert status == 0 and json.loads(out)["value"] == -9 and json.loads(out)["gradient"] == {"x": -6.0}
    status, out, _ = run_cli("trace", "-(y)", "--at", "y=1", "--format", "json")
    assert status == 0 and json.loads(out)["gradient"] == {"y": -1.0}
    status, out, _ = run_cli("trace", "--at", "x=2", "-x*3", "--format=json")
    assert status == 0 and json.loads(out)["value"] == -6


def test_at_values_may_be_constant_expressions():
    _, out, _ = run_cli("trace", "sin(x)", "--at", "x=pi/2", "--format", "json")
    assert json.loads(out)["value"] == 1.0
    _, out, _ = run_cli("trace", "x*y", "--at", "x=max(1,2)", "--at", "y=-1e-3", "--format", "json")
    assert json.loads(out)["at"] == {"x": 2.0, "y": -0.001}


def test_digits_and_ascii():
    _, out, _ = run_cli(*SEED, "--digits", "8", "--ascii")
    assert "1.7163378" in out and "vbar_-1 = vbar_2*v_0 + vbar_1/v_-1" in out
    assert all(ord(ch) < 128 for ch in out)


@pytest.mark.parametrize("argv, message", [
    (["trace", "(x + 1", "--at", "x=1"],
     "adkit: error: this parenthesis is never closed: add ')'\n  (x + 1\n  ^\n"),
    (["trace", "x +", "--at", "x=1"],
     "adkit: error: the expression ends after '+': something is missing after it\n  x +\n    ^\n"),
    (["trace", "", "--at", "x=1"],
     "adkit: error: empty expression: type a formula such as ln(x1) + x1*x2\n  \n  ^\n"),
    (["trace", "2x + sinn(x)", "--at", "x=1"],
     "adkit: error: missing operator between '2' and 'x': write 2*x for a product\n  2x + sinn(x)\n   ^\n"),
    (["trace", "x + sinn(x)", "--at", "x=1"],
     "adkit: error: unknown function 'sinn' (did you mean 'sin'?); known functions: "
     + KNOWN + "\n"
     "  x + sinn(x)\n      ^^^^\n"),
    (["trace", "a = 1\nb = x.real", "--at", "x=1"],
     "adkit: error: unexpected character '.': adkit expressions have no attributes or methods "
     "(x.real is Python, not adkit)\n  b = x.real\n       ^\n"),
    (["trace", "__import__('os').system('true')", "--at", "x=1"],
     "adkit: error: unknown function '__import__'; known functions: " + KNOWN + ". To multiply, write "
     "__import__*(...)\n  __import__('os').system('true')\n  ^^^^^^^^^^\n"),
    (["trace", "x + y", "--at", "x=1"], "adkit: error: no value for input 'y': add y=... to --at\n"),
    (["trace", "x", "--at", "x=1,x=2"], "adkit: error: 'x' is given twice\n"),
    (["trace", "x", "--at", "x"], "adkit: error: expected name=value pairs separated by commas, got 'x'\n"),
    (["trace", "x", "--at", "x=y"], "adkit: error: the value of 'x' may use numbers, pi and e, but not the name 'y'\n"),
    (["trace", "x", "--at", "x=nan"],
     "adkit: error: 'nan' is not a finite number and cannot be a name; adkit works with finite values\n  nan\n  ^^^\n"),
    (["trace", "log(x)", "--at", "x=-1"],
     "adkit: error: v₁ = ln v₀: ln is undefined at -1: its argument must be positive\n"),
    (["trace", "1/x", "--at", "x=0"], "adkit: error: v₁ = 1/v₀: division by zero\n"),
    (["trace", "sqrt(x)", "--at", "x=0"],
     "adkit: error: v₁ = √v₀: the derivative of sqrt with respect to argument 1 is undefined at 0\n"),
    (["trace", "asin(x)", "--at", "x=2"],
     "adkit: error: v₁ = asin v₀: asin is undefined at 2: its argument must lie in [-1, 1]\n"),
    (["trace", "x", "--at", "x=1", "--wrt", "x", "--mode", "reverse"],
     "adkit: error: --wrt and --seed choose a forward (tangent) sweep: use --mode forward or both\n"),
])
def test_bad_input_exits_2_with_one_clear_line(argv, message):
    status, out, err = run_cli(*argv)
    assert status == 2
    assert out == ""
    assert err == message
    assert "Traceback" not in err


def test_argparse_errors_exit_2():
    assert run_cli("trace", "x")[0] == 2  # x has no value
    assert run_cli("trace", "x", "--at", "x=1", "--mode", "sideways")[0] == 2
    assert run_cli("trace", "x", "--at", "x=1", "--digits", "0")[0] == 2
    assert run_cli("frobnicate")[0] == 2


KINK = ("adkit: warning: v₁ = |v₀|: abs is not differentiable at 0; adkit uses the derivative of the branch it "
        "evaluated, x ≥ 0, so sign 0 = +1\n")


@pytest.mark.parametrize("argv", [
    ("trace", "abs(x)", "--at", "x=0"), ("trace", "abs(x)", "--at", "x=0", "--mode", "both", "--verify"),
    ("graph", "abs(x)", "--at", "x=0"), ("jacobian", "abs(x)", "--at", "x=0", "--steps"),
    ("hessian", "abs(x)", "--at", "x=0"), ("play", "abs(x)", "--at", "x=0", "-o", "-"),
])
def test_kink_warnings_have_one_form_on_stderr_in_every_command(argv):
    """Once each, as every other warning: never on stdout, where the table or the page goes."""
    status, out, err = run_cli(*argv)
    assert status == 0 and err.count(KINK) == 1
    assert ("v₁ = |v₀|: abs is not differentiable" in out) == (argv[0] in ("graph", "play"))  # a picture, a page: a note


def test_console_script_and_python_m_run_without_colour_when_piped():
    env = {**os.environ, "NO_COLOR": "1"}
    for cmd in (["adkit"], [sys.executable, "-m", "adkit"]):
        done = subprocess.run(cmd + SEED, capture_output=True, text=True, env=env, timeout=60)
        assert done.returncode == 0, done.stderr
        assert "\x1b[" not in done.stdout
        assert "v̄₀ = v̄₃·cos v₀ + v̄₂·v₋₁" in done.stdout and "1.716" in done.stdout
    done = subprocess.run([sys.executable, "-m", "adkit", "trace", "log(x)", "--at", "x=-1"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr and "ln is undefined at -1" in done.stderr
