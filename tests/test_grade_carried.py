"""Carried errors whichever way a partial is read (issue 23 point 3): a partial that can be
written from the step's output (exp, sqrt, σ, tanh, division) is carried whether the student
uses the output he wrote or recomputes it from his arguments."""

from __future__ import annotations

import csv
import io
import json
import math

from exam_helpers import fill_csv
from helpers import run_cli
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from adkit.coursework.forms import Exercise, render_form
from adkit.coursework.generate import generate
from adkit.coursework.grade import grade, key_from_trace
from adkit.api import compile_program
from adkit.modes.reverse import step_partials
from adkit.trace import trace

EXPR, AT = "exp(x*y)*sin(x)", "x=0.5,y=1"


def test_a_student_who_uses_his_own_exp_output_is_carried(tmp_path):
    """v₃ = exp v₁ written as 1.7 (wrong); v̄₁ = v̄₃·v₃ with his own v₃: carried, not wrong."""
    status, _, err = run_cli("exercise", EXPR, "--at", AT, "--format", "csv", "--key", str(tmp_path / "k.json"),
                             "-o", str(tmp_path / "form.csv"))
    assert status == 0, err
    key = json.loads((tmp_path / "k.json").read_text(encoding="utf-8"))
    v2, v3 = math.sin(0.5), 1.7
    mine = {"v1": 0.5, "v2": v2, "v3": v3, "v4": v3 * v2}
    adjoints = {"v4": 1.0, "v3": v2, "v2": v3, "v1": v2 * v3}
    adjoints |= {"v0": adjoints["v1"] * 0.5, "v-1": adjoints["v2"] * math.cos(0.5) + adjoints["v1"] * 1.0}
    change = {(1, s, "value"): f"{v:.6g}" for s, v in mine.items()}
    change |= {(1, s, "adjoint"): f"{v:.6g}" for s, v in adjoints.items()}
    (tmp_path / "s.csv").write_text(fill_csv((tmp_path / "form.csv").read_text(encoding="utf-8"), key["exercises"],
                                             change), encoding="utf-8")
    status, out, err = run_cli("grade", str(tmp_path / "s.csv"), "--key", str(tmp_path / "k.json"), "--format", "json")
    assert status == 0, err
    marks = {(c["step"], c["column"]): c["status"] for c in json.loads(out)["cells"]}
    assert marks == {("v1", "value"): "ok", ("v2", "value"): "ok", ("v3", "value"): "wrong", ("v4", "value"): "carried",
                     ("v-1", "adjoint"): "carried", ("v0", "adjoint"): "carried", ("v1", "adjoint"): "carried",
                     ("v2", "adjoint"): "carried", ("v3", "adjoint"): "ok", ("v4", "adjoint"): "ok"}
    status, out, _ = run_cli("grade", str(tmp_path / "s.csv"), "--key", str(tmp_path / "k.json"), "--summary")
    assert out.endswith("s.csv: 9/10 (1 wrong, 5 carried, 0 problems with the file)\n")


def _student(program, point, wrong_cell, written: bool) -> dict[tuple[str, str], float]:
    """Every cell as a student computes it from his own written numbers (six significant digits),
    one cell wrong; partials read the output he wrote (``written``) or recompute it."""
    rounded = lambda v: float(f"{v:.6g}")  # noqa: E731 - what he writes, and reads back
    vals, cells = [], {}
    for s in program.steps:
        v = point[program.inputs[s.index]] if s.primitive is None else float(s.primitive.evaluate(*program.arg_values(s, vals)))
        if s.primitive is not None and (s.name, "value") == wrong_cell:
            v = 1.1 * v + 0.3
        vals.append(rounded(v))
        cells[s.name, "value"] = vals[-1]
    adjoints = [0.0] * len(vals)
    out = program.steps[-1].index
    adjoints[out] = 1.0
    for s in reversed(program.steps):
        if (s.name, "adjoint") == wrong_cell:
            adjoints[s.index] = 1.1 * adjoints[s.index] + 0.3
        adjoints[s.index] = rounded(adjoints[s.index])
        cells[s.name, "adjoint"] = adjoints[s.index]
        at = list(vals)
        if not written and s.primitive is not None:
            at[s.index] = s.primitive.evaluate(*program.arg_values(s, at))
        for _, arg, d in step_partials(program, s, at):
            adjoints[arg] += adjoints[s.index] * float(d)
    return cells


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.integers(1, 4), st.integers(0, 10_000), st.booleans(), st.data())
def test_one_wrong_cell_is_wrong_and_every_later_one_carried(difficulty, seed, written, data):
    text, point = generate(difficulty, seed)
    key = key_from_trace(text, point, "reverse", "values").to_json()
    ex = key["exercises"][0]
    program = compile_program(text, inputs=list(ex["inputs"]))
    assume(program.steps[-1].name == ex["output_step"])
    wrong = tuple(data.draw(st.sampled_from(ex["graded"])))
    try:
        cells = _student(program, point, wrong, written)
    except Exception:  # his wrong number took a later step out of its domain
        assume(False)
    assume(all(math.isfinite(v) and abs(v) < 1e6 for v in cells.values()))
    right = {(e["step"], c): e[c] for e in ex["steps"] for c in ("value", "adjoint")}
    assume(abs(cells[wrong] - right[wrong]) > 1e-2 * (1 + abs(right[wrong])))
    form = render_form([Exercise(trace(text, at=point, mode="reverse"), "values")], "csv")
    change = {(1, s, c): repr(cells[s, c]) for s, c in ex["graded"]}
    marking = grade(key, fill_csv(form, [ex], change).encode())
    marks = {(c.step, c.column): c.status for c in marking.cells}
    assert marks.pop(wrong) == "wrong"
    assert set(marks.values()) <= {"ok", "carried"}, (text, point, wrong, written, marks)
