"""Random exercises come from named shapes and obey every rule (500 per difficulty)."""

from __future__ import annotations

import dataclasses

import pytest
from helpers import run_cli

import adkit
from adkit.coursework import shapes
from adkit.coursework.generate import generate
from adkit.ir import record
from adkit.ir.primitives import REGISTRY
from adkit.ir.wengert import Literal

TRANSCENDENTAL = {"sigmoid", "tanh", "exp", "log", "sin", "cos", "softplus", "tan", "asin", "acos", "atan", "sinh",
                  "cosh"}
RANGES = {1: (3, 4), 2: (4, 6), 3: (6, 9), 4: (8, 12), 5: (11, 15)}


def _nesting(program) -> int:
    depth: dict[int, int] = {}
    for step in program.steps:
        inner = max((depth[a] for a in step.args if not isinstance(a, Literal)), default=0)
        depth[step.index] = inner + (step.op in TRANSCENDENTAL)
    return max(depth.values())


@pytest.mark.parametrize("difficulty", range(1, 6))
def test_500_exercises_per_difficulty_obey_every_rule(difficulty):
    lo, hi = RANGES[difficulty]
    for seed in range(500):
        text, point = generate(difficulty, seed)
        assert generate(difficulty, seed) == (text, point)  # reproducible
        program = adkit.compile(text, inputs=list(point))
        steps = [s for s in program.steps if s.primitive is not None]
        assert lo <= len(steps) <= hi, text
        uses = [a for s in steps for a in s.args if not isinstance(a, Literal)]
        if difficulty >= 3:
            assert len(uses) > len(set(uses)), text  # fan-out
        for s in steps:
            a = s.args
            assert not (s.op in ("add", "sub") and a[0] == a[1] and not isinstance(a[0], Literal)), text
            assert not all(isinstance(x, Literal) for x in a), text
            assert not any(isinstance(x, Literal) and x.value == 1 for x in a[1:]) or s.op not in ("mul", "div", "pow")
        assert _nesting(program) <= 2, text
        assert all(len(f"{abs(v):g}".replace(".", "").lstrip("0")) <= 2 for v in point.values()), point
        t = adkit.trace(program, at=point, mode="both")
        for record in t.steps:
            v = abs(record.value)
            assert 1e-3 <= v <= 1e3 or v == 0 and record.step.op == "relu", (text, point)


def test_every_shape_is_reachable_and_named():
    for name in shapes.SHAPES:
        made = []
        for difficulty in range(1, 6):
            try:
                made.append(generate(difficulty, 1, name))
            except adkit.AdkitError:
                pass
        assert made, name
    status, out, _ = run_cli("exercise", "--shapes")
    assert status == 0 and [line.split()[0] for line in out.splitlines()] == list(shapes.SHAPES)
    status, _, err = run_cli("exercise", "--random", "--shape", "spiral")
    assert status == 2 and "unknown shape 'spiral'" in err


def test_new_registry_primitives_do_not_change_seeded_worksheets(monkeypatch):
    before = [generate(d, s) for d in range(1, 6) for s in range(20)]
    for name in ("zeta", "gamma", "lambertw"):  # records added later must not shift seeded draws
        monkeypatch.setitem(record._RECORDS, name, dataclasses.replace(REGISTRY["exp"], name=name))
    assert [generate(d, s) for d in range(1, 6) for s in range(20)] == before
    assert shapes.SHAPES_VERSION == 1 and shapes.OPERATIONS == (
        "sigmoid", "tanh", "exp", "ln", "sin", "cos", "sqrt", "softplus", "relu")


def test_seeded_exercises_are_pinned():
    assert generate(1, 0) == ("x*y*z/(x + z)", {"x": -0.9, "y": 1.3, "z": 1.6})
