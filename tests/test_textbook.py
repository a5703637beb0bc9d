"""The textbook's shape: the course notes' Tables 3.1/3.2 row for row, Baydin et al.'s sweep in run
order, arithmetic in the cells, JSON ``reverse_sweep`` and adjoint seeds (issues 12 and 17)."""

from __future__ import annotations

import json
import re
import math
import subprocess

import pytest
from hypothesis import given, settings
from helpers import TRACES, need, run_cli
from strategies import examples, programs

import adkit
from adkit.present.arithmetic import plus_magnitudes
from adkit.present.parts import BAYDIN, TEXTBOOK, Shape, trace_parts

SEED = "ln(x1) + x1*x2 - sin(x2)"
AT = {"x1": 2, "x2": 5}


def part_rows(trace, section, shape=TEXTBOOK):
    return next(p.rows for p in trace_parts(trace, shape) if p.section == section)


def test_table_3_1_row_for_row():
    t = adkit.trace(SEED, at=AT, mode="forward", wrt="x1")
    primal = part_rows(t, "primal")
    tangent = part_rows(t, "tangent")
    # Table 3.1 left: v₋₁ = x₁ = 2 … v₅ = v₄ − v₃ = 10.693 + 0.959 (−(−0.959) written + 0.959), y = v₅ = 11.652
    assert [(r[0], r[2], r[3]) for r in primal] == [
        ("v₋₁", "x1", "2"), ("v₀", "x2", "5"), ("v₁", "ln v₋₁ = ln 2", "0.693"), ("v₂", "v₋₁·v₀ = 2×5", "10"),
        ("v₃", "sin v₀ = sin 5", "-0.959"), ("v₄", "v₁ + v₂ = 0.693 + 10", "10.693"),
        ("v₅", "v₄ − v₃ = 10.693 + 0.959", "11.652"), ("y", "v₅", "11.652")]
    assert part_rows(t, "primal", Shape(decimals=3, arithmetic=True))[6][2] == "v₄ − v₃ = 10.693 − (−0.959)"
    # Table 3.1 right: v̇₂ = v̇₋₁×v₀ + v̇₀×v₋₁ = 1×5 + 0×2 = 5 … y\u0307 = v̇₅ = 5.5
    assert [(r[1], r[2]) for r in tangent] == [
        ("v̇₋₁ = x\u03071", "1"), ("v̇₀ = x\u03072", "0"), ("v̇₁ = v̇₋₁/v₋₁ = 1/2", "0.5"),
        ("v̇₂ = v̇₋₁·v₀ + v̇₀·v₋₁ = 1×5 + 0×2", "5"), ("v̇₃ = v̇₀·cos v₀ = 0×cos 5", "0"),
        ("v̇₄ = v̇₁ + v̇₂ = 0.5 + 5", "5.5"), ("v̇₅ = v̇₄ − v̇₃ = 5.5 − 0", "5.5"), ("y\u0307 = v̇₅", "5.5")]


def test_baydin_table_3_reverse_sweep_in_run_order_one_line_per_contribution():
    t = adkit.trace(SEED, at=AT)
    rows = part_rows(t, "adjoint", BAYDIN)
    # the order the sweep runs, as Baydin et al. (2018) Table 3 lists it (read upwards), then x̄₂, x̄₁
    assert [r[1].split(" = ")[0] for r in rows] == ["v̄₅", "v̄₄", "v̄₃", "v̄₁", "v̄₂", "v̄₀", "v̄₋₁", "v̄₀", "v̄₋₁",
                                                   "x̄2", "x̄1"]
    assert [r[2] for r in rows] == ["1", "1", "-1", "1", "1", "-0.284", "5", "1.716", "5.5", "1.716", "5.5"]
    assert rows[5][1] == "v̄₀ = v̄₃·∂v₃/∂v₀ = v̄₃·cos v₀ = (−1)×cos 5"
    assert rows[7][1] == "v̄₀ = v̄₀ + v̄₂·∂v₂/∂v₀ = v̄₀ + v̄₂·v₋₁ = −0.284 + 1×2"
    assert rows[6][1] == "v̄₋₁ = v̄₂·∂v₂/∂v₋₁ = v̄₂·v₀ = 1×5"
    assert rows[8][1] == "v̄₋₁ = v̄₋₁ + v̄₁·∂v₁/∂v₋₁ = v̄₋₁ + v̄₁/v₋₁ = 5 + 1/2"
    # the numbers are the closed forms, rounded as the table prints them
    assert float(rows[5][2]) == round(-math.cos(5), 3) and float(rows[7][2]) == round(2 - math.cos(5), 3)


def test_decimals_round_and_drop_trailing_zeros_digits_count_significant_digits():
    t = adkit.trace(SEED, at=AT)
    values = [r[3] for r in part_rows(t, "primal", Shape(decimals=3))]
    assert values == ["2", "5", "0.693", "10", "-0.959", "10.693", "11.652"]
    assert [r[3] for r in part_rows(t, "primal", Shape(digits=4))][-1] == "11.65"
    assert [r[3] for r in part_rows(t, "primal", Shape(decimals=0))][2] == "1"


def test_order_sweep_without_arithmetic_and_default_order_with_arithmetic():
    t = adkit.trace(SEED, at=AT)
    sweep = part_rows(t, "adjoint", Shape(order="sweep"))
    assert sweep[7][1] == "v̄₀ = v̄₀ + v̄₂·∂v₂/∂v₀ = v̄₀ + v̄₂·v₋₁"
    steps = part_rows(t, "adjoint", Shape(arithmetic=True))
    assert steps[1][1] == "v̄₀ = v̄₃·cos v₀ + v̄₂·v₋₁ = (−1)×cos 5 + 1×2"


def test_textbook_table_3_2_one_row_per_adjoint_in_the_order_the_sweep_completes_it():
    rows = part_rows(adkit.trace(SEED, at=AT), "adjoint")
    assert [r[1].split(" = ")[0] for r in rows] == ["v̄₅", "v̄₄", "v̄₃", "v̄₁", "v̄₂", "v̄₀", "v̄₋₁", "x̄2", "x̄1"]
    assert rows[5] == ["v₀", "v̄₀ = v̄₃·∂v₃/∂v₀ + v̄₂·∂v₂/∂v₀ = v̄₃·cos v₀ + v̄₂·v₋₁ = (−1)×cos 5 + 1×2", "1.716"]
    assert rows[0] == ["v₅", "v̄₅ = y\u0304", "1"]
    # an output that later steps use: its row comes once their (here zero) contributions are in
    two = adkit.trace("a = x*x; y = a + sin(a)", at={"x": 1}, outputs=["a"])
    rows = [r[1] for r in part_rows(two, "adjoint", Shape(order="complete"))]
    assert rows[:2] == ["v̄₂ = v̄₃·∂v₃/∂v₂ = v̄₃", "v̄₁ = a\u0304 + v̄₃·∂v₃/∂v₁ + v̄₂·∂v₂/∂v₁ = a\u0304 + v̄₃ + v̄₂·cos v₁"]


@pytest.mark.parametrize("text, written", [
    ("10.693 − (−0.959)", "10.693 + 0.959"), ("a - (-2) - (-3e-05)", "a + 2 + 3e-05"),
    ("2 − (−1)×3", "2 + 1×3"), ("x − (−2)²", "x − (−2)²"), ("x - (-2)^{2}", "x - (-2)^{2}"),
    ("−(−1)", "−(−1)"), ("x - (−2)", "x - (−2)"), ("5 + (−1)", "5 + (−1)"),
])
def test_subtracting_a_negative_number_is_adding_its_magnitude_unless_a_power_binds_it(text, written):
    assert plus_magnitudes(text) == written


def test_plus_magnitudes_is_a_rule_of_every_statement_not_of_one_table():
    t = adkit.trace("x - y - sin(y)", at={"x": 1, "y": -2}, mode="both", wrt="y")
    primal, tangent, adjoint = (p.rows for p in trace_parts(t, TEXTBOOK))
    assert [r[2] for r in primal[2:5:2]] == ["v₋₁ − v₀ = 1 + 2", "v₁ − v₂ = 3 + 0.909"]
    assert tangent[4][1] == "v̇₃ = v̇₁ − v̇₂ = (−1) + 0.416"
    assert adjoint[4][1].endswith(" = (−1)×cos (−2) − 1")  # no subtraction of a negative: unchanged
    assert trace_parts(t, Shape(decimals=3, arithmetic=True))[1].rows[4][1] == "v̇₃ = v̇₁ − v̇₂ = (−1) − (−0.416)"


def test_arithmetic_with_several_tangent_sweeps_goes_beside_each_value():
    t = adkit.trace(SEED, at=AT, mode="forward")
    rows = part_rows(t, "tangent", Shape(arithmetic=True))
    assert rows[3][2:] == ["1×5 + 0×2 = 5", "0×5 + 1×2 = 2"]


def test_latex_arithmetic_has_times_between_numbers():
    tex = adkit.trace(SEED, at=AT).to_latex(shape=TEXTBOOK)
    assert "$v_{-1} v_{0} = 2 \\times 5$" in tex and "(-1) \\times \\cos 5" in tex


@given(programs())
@settings(max_examples=examples(40), deadline=None)
def test_reverse_sweep_json_adds_up_to_every_adjoint(case):
    text, point = case
    program = adkit.compile(text)
    t = adkit.trace(program, at={name: point[name] for name in program.inputs})
    events = t.to_dict()["reverse_sweep"]
    names = {r.step.name: r for r in t.steps}
    last = {}
    for e in events:
        source = names[e["source"]]
        assert e["contribution"] == source.adjoint * e["partial"]
        last[e["target"]] = e["adjoint"]
    for name, adjoint in last.items():  # the running sum ends at the step's adjoint (same additions, same order)
        assert adjoint == names[name].adjoint
    # run order: sources from the last step back
    order = [t.program.steps[s].index for s in [names[e["source"]].step.index for e in events]]
    assert order == sorted(order, reverse=True)


def test_reverse_sweep_json_contract():
    status, out, _ = run_cli("trace", SEED, "--at", "x1=2,x2=5", "--format", "json")
    events = json.loads(out)["reverse_sweep"]
    assert events[4] == {"source": "v3", "target": "v0", "partial": math.cos(5), "contribution": -math.cos(5),
                         "adjoint": -math.cos(5)}
    assert events[6]["target"] == "v0" and events[6]["adjoint"] == 2 - math.cos(5)


@pytest.mark.parametrize("bar", [2.0, -0.5, 0.0])
def test_adjoint_seed_scales_every_adjoint_and_verify_agrees(bar):
    base = adkit.trace(SEED, at=AT)
    seeded = adkit.trace(SEED, at=AT, adjoint_seed=bar)
    assert [r.adjoint for r in seeded.steps] == [bar * r.adjoint for r in base.steps]
    assert seeded.gradient == {k: bar * v for k, v in base.gradient.items()}
    assert adkit.verify(seeded).ok
    assert seeded.reverse_sweep()[0].adjoint == bar * 1.0


def test_adjoint_seed_cli_table_json_and_several_outputs():
    status, out, _ = run_cli("trace", "(x + y)*z", "--at", "x=-2,y=5,z=-4", "--adjoint-seed", "2", "--verify")
    assert status == 0 and re.search(r"v̄₂ = f̄ +2  ", out) and "from f̄ = 2 (the gradient arriving" in out
    status, out, _ = run_cli("trace", "y1 = x1*x2; y2 = sin(x1) + x2^2", "--at", "x1=1,x2=2", "--outputs", "y1,y2",
                             "--adjoint-seed", "y2=0.5", "--format", "json")
    data = json.loads(out)
    assert data["adjoint_seed"] == {"y1": 1.0, "y2": 0.5}
    assert data["jacobian"]["y2"] == {"x1": 0.5 * math.cos(1), "x2": 0.5 * 4}


@pytest.mark.parametrize("argv, needle", [
    (["--adjoint-seed", "q=1"], "unknown output 'q'"), (["--adjoint-seed", "x1"], "--adjoint-seed takes one number"),
    (["--adjoint-seed", "1/0"], "error"),
])
def test_bad_adjoint_seeds_are_one_line_errors(argv, needle):
    status, out, err = run_cli("trace", SEED, "--at", "x1=2,x2=5", *argv)
    assert status == 2 and needle in err and "Traceback" not in err


def test_fan_out_counts_distinct_steps_and_uses_and_plurals():
    status, out, _ = run_cli("trace", "x*x", "--at", "x=3", "--explain")
    assert "v₀ is used 2 times, by 1 step (v₁)" in out and "(v₁, v₁)" not in out
    assert "gave all 1 partial derivative:" in out and "(s)" not in out
    status, out, _ = run_cli("trace", SEED, "--at", "x1=2,x2=5", "--mode", "both", "--explain", "--verify")
    assert "v₀ is used 2 times, by 2 steps (v₃, v₂)" in out and "2 partial derivatives" in out
    assert "(s)" not in out


@pytest.mark.parametrize("golden", ["textbook-table-3.1-forward.tex", "textbook-table-3.2-reverse-vi.tex"])
def test_textbook_latex_compiles_with_pdflatex(golden, tmp_path):
    need("pdflatex")
    tex = tmp_path / golden
    tex.write_text((TRACES / golden).read_text(encoding="utf-8"), encoding="utf-8")
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:]
    assert tex.with_suffix(".pdf").stat().st_size > 1000
