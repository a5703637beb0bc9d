"""One property over every derivative path: they all contract the registry's partials.

On each generated program and point, the gradient from the recorded forward
sweeps (tables), the recorded reverse sweep, the fast forward and reverse
sweeps, generated Python, generated C (where ``cc`` exists; CI has it) and
forward-over-reverse (the primal of its adjoint duals) must agree, and the
forward-over-reverse Hessian-vector product must agree with forward-over-forward.
"""

from __future__ import annotations

import math
import os
import pathlib
import shutil
import subprocess
import tempfile

from hypothesis import given, note, settings
from strategies import examples, programs

import adkit
from adkit.codegen.text import c_source
from adkit.ir.wengert import Literal
from adkit.modes.derivatives import _reverse_of_duals
from adkit.modes.records import TraceRecord

RTOL = 1e-9  # the documented tolerance of adkit.verify
ATOL = 1e-12  # times the largest gradient entry
CC = shutil.which("cc")
assert CC is not None or not os.environ.get("CI"), "CI must have a C compiler: the C path may not be skipped"


def _c_gradient(program, x: list[float]) -> list[float]:
    with tempfile.TemporaryDirectory() as tmp:
        src, exe = pathlib.Path(tmp) / "f.c", pathlib.Path(tmp) / "f"
        src.write_text(c_source(program, "reverse", at=x))
        subprocess.run([CC, "-std=c99", "-O2", "-Wall", "-Werror", "-o", str(exe), str(src), "-lm"], check=True)
        out = subprocess.run([str(exe)], capture_output=True, text=True, check=True).stdout.split()
    return [float(v) for v in out[1:]]


def _paths(text: str, x: list[float]) -> dict[str, list[float]]:
    program = adkit.compile(text)
    n = len(x)
    basis = [[float(i == j) for i in range(n)] for j in range(n)]
    compiled = adkit.compile(text, backend="codegen")
    paths = {
        "recorded forward": list(TraceRecord.run(program, x, mode="forward").gradient.values()),
        "recorded reverse": list(TraceRecord.run(program, x, mode="reverse").gradient.values()),
        "fast forward": [program.jvp(x, e)[1] for e in basis],
        "fast reverse": list(program.gradient(x).values()),
        "codegen Python reverse": list(compiled.gradient(x).values()),
        "codegen Python forward": [compiled.jvp(x, e)[1] for e in basis],
        "forward-over-reverse": [float(d.primal) for d in _reverse_of_duals(program, x, basis[0])],
    }
    if CC is not None:
        paths["codegen C reverse"] = _c_gradient(program, x)
    return paths


@settings(max_examples=examples(60), deadline=None)
@given(programs(max_ops=8))
def test_every_derivative_path_agrees(example):
    text, point = example
    program = adkit.compile(text)
    if isinstance(program.output_ref, Literal):
        return
    x = [point[name] for name in program.inputs]
    note(f"formula: {text!r} at {dict(zip(program.inputs, x))}")
    paths = _paths(text, x)
    reference = paths["fast reverse"]
    scale = max([1.0] + [abs(g) for g in reference])
    for name, gradient in paths.items():
        assert len(gradient) == len(reference), name
        for got, want in zip(gradient, reference):
            assert math.isclose(got, want, rel_tol=RTOL, abs_tol=ATOL * scale), (name, gradient, reference)
    v = [0.5 + i for i in range(len(x))]
    hvp = program.hvp(x, v)
    hessian = program.hessian(x, method="forward-over-forward")
    for i in program.inputs:
        want = sum(hessian[i][j] * vj for j, vj in zip(program.inputs, v))
        hscale = max([1.0] + [abs(h) for row in hessian.values() for h in row.values()])
        assert math.isclose(hvp[i], want, rel_tol=1e-7, abs_tol=1e-9 * hscale), (i, hvp, hessian)
