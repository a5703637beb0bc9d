"""The point (--at), --wrt and the output's name: rules that help instead of getting in the way."""

from __future__ import annotations

import json

import pytest

import adkit
from adkit.errors import BindingError
from adkit.cli.common import parse_assignments
from helpers import run_cli


@pytest.mark.parametrize("argv, line", [
    (["trace", "x", "--at", "x="], "adkit: error: x has no value: write x=<number>\n"),
    (["trace", "x*y", "--at", "x=1 y=2"],
     "adkit: error: separate assignments with commas: x=1,y=2 (got 'x=1 y=2')\n"),
    (["trace", "x*y", "--at", "x=1;y=2"],
     "adkit: error: separate assignments with commas: x=1,y=2 (got 'x=1;y=2')\n"),
    (["trace", "x*y", "--at", "x=1,y=2", "--wrt", "z", "--mode", "forward"],
     "adkit: error: z is not an input; inputs are x, y\n"),
    (["trace", "x*y", "--at", "x=1,y=2", "--seed", "z=1", "--mode", "forward"],
     "adkit: error: z is not an input; inputs are x, y\n"),
    (["graph", "x*y", "--at", "x=1,y=2", "--wrt", "z", "--mode", "forward"],
     "adkit: error: z is not an input; inputs are x, y\n"),
    (["trace", "x!", "--at", "x=3"],
     "adkit: error: unexpected character '!': factorial is not supported; write the product out (x*(x-1)*...)\n"
     "  x!\n   ^\n"),
    (["trace", "x*1e-99999", "--at", "x=3"],
     "adkit: error: the number 1e-99999 is too small for a double-precision float (it would be read as 0)\n"
     "  x*1e-99999\n    ^^^^^^^^\n"),
    (["trace", "x*٣", "--at", "x=3"], "adkit: error: unexpected character '٣' (U+0663): write 3 instead\n"
                                      "  x*٣\n    ^\n"),
    (["trace", "x", "--at", "x=٣"], "adkit: error: unexpected character '٣' (U+0663): write 3 instead\n  ٣\n  ^\n"),
    (["trace", "x + y"], "adkit: error: no value for input 'x': add x=... to --at\n"),
    (["trace", "x", "--at", "α=1"], "adkit: error: unexpected character 'α' (U+03B1): write alpha instead\n  α\n  ^\n"),
])
def test_point_messages_point_the_right_way(argv, line):
    status, out, err = run_cli(*argv)
    assert (status, out, err) == (2, "", line)


def test_codegen_names_an_unknown_wrt_the_same_way():
    status, _, err = run_cli("codegen", "x*y", "--mode", "forward", "--wrt", "z")
    assert status == 2 and err == "adkit: error: z is not an input; inputs are x, y\n"


def test_assignments_read_names_as_formulas_do():
    assert parse_assignments(["x₁=2, v₋₁=-1", "v_-2=pi"]) == {"x1": 2.0, "v_m1": -1.0, "v_m2": 3.141592653589793}
    for bad, key in (("x", "bind.format"), ("1x=2", "bind.format"), ("x y=2", "bind.format"), ("x=", "bind.no_value"),
                     ("x = ", "bind.no_value"), ("x=1 y=2", "bind.separate"), ("x=1=2", "bind.separate")):
        with pytest.raises(BindingError) as info:
            parse_assignments([bad])
        assert info.value.key == key, bad


@pytest.mark.parametrize("argv", [
    ["trace", "3+4"], ["trace", "3+4", "--mode", "forward"], ["trace", "3+4", "--mode", "both", "--format", "json"],
    ["graph", "3+4"], ["hessian", "3+4"], ["jacobian", "3+4"], ["cost", "3+4"], ["exercise", "3+4"],
    ["codegen", "3+4", "--mode", "reverse"],
])
def test_a_formula_without_inputs_needs_no_point(argv):
    status, out, err = run_cli(*argv)
    assert (status, err) == (0, ""), err
    assert out


def test_a_formula_without_inputs_prints_its_one_step_table():
    status, out, _ = run_cli("trace", "3+4")
    assert out.splitlines()[0] == "3+4  (reverse mode)"
    assert "v₁            3 + 4              7" in out and "y = v₁ = 7" in out
    data = json.loads(run_cli("trace", "3+4", "--format", "json")[1])
    assert len(data["steps"]) == 1 and data["steps"][0]["value"] == 7


@pytest.mark.parametrize("sub", [["trace"], ["graph"], ["hessian"], ["jacobian"], ["cost"], ["exercise"]])
def test_an_unused_value_is_a_warning_not_an_error(sub):
    status, out, err = run_cli(*sub, "x*2", "--at", "x=3,z=4")
    assert status == 0
    assert err == ("adkit: warning: 'z' is given a value but the formula does not use it; "
                   "the value is ignored (its inputs are: x)\n")
    assert out == run_cli(*sub, "x*2", "--at", "x=3")[1]


def test_a_constant_is_not_listed_as_an_input_unless_given():
    status, _, err = run_cli("trace", "x*pi", "--at", "x=3,z=1")
    assert status == 0 and err.endswith("(its inputs are: x)\n")
    status, out, err = run_cli("trace", "x*pi", "--at", "x=3,pi=3")
    assert (status, err) == (0, "") and "y = v₁ = 9" in out


def test_an_output_is_called_f_when_an_input_is_y():
    status, out, _ = run_cli("trace", "x*y", "--at", "x=2,y=3", "--mode", "both", "--verify")
    assert status == 0
    assert "f = v₁ = 6" in out and "v̄₁ = f̄" in out and "∂f/∂y = x" in out and "∂f/∂x = y" in out
    assert "y\u0304 = v\u0304₀ = 2" in out  # ȳ is the input's adjoint, never the output's
    assert adkit.trace(lambda x, y: x * y, at={"x": 2, "y": 3}).program.outputs == ("f",)
    assert adkit.trace(lambda x, z: x * z, at={"x": 2, "z": 3}).program.outputs == ("y",)
    assert adkit.compile("y*f").outputs == ("out",)
    assert "v_bar = df/dv" in run_cli("codegen", "x*y", "--mode", "reverse")[1]
    assert "v_bar = dy/dv" in run_cli("codegen", "x*z", "--mode", "reverse")[1]


def test_names_in_options_are_read_as_formulas_read_them():
    status, out, err = run_cli("trace", "x₁*y₂", "--at", "x₁=2,y₂=3", "--wrt", "x₁", "--mode", "forward")
    assert (status, err) == (0, "") and "y\u0307 = 3" in out
    status, out, err = run_cli("trace", "y₁ = x^2; y₂ = 2*x", "--at", "x=1", "--outputs", "y₁,y₂")
    assert (status, err) == (0, "") and "∂y1/∂x = 2" in out and "∂y2/∂x = 2" in out
    for bad in ("y1,y1", "y₁,y1", "1y", "a b", ","):
        status, _, _ = run_cli("trace", "y1 = x; y2 = x", "--at", "x=1", "--outputs", bad)
        assert status == 2, bad
