"""Every local partial of every primitive against sympy.diff, in every backend.

The oracle is sympy's derivative of the record's sympy form (evaluated in
exact arithmetic), independent of the partial callables and code templates
under test.  Points lie on both sides of every branch and kink: 0 for
abs/relu/sigmoid/softplus, ties ±δ for max/min, base 0 and exponent 0 for pow,
the branch cut of atan2, and the edges of the asin/acos domain.  At a kink
itself the engines follow a documented convention that sympy does not share;
those points are skipped here and covered by the kink tests.
"""

from __future__ import annotations

import math
import shutil
import subprocess

import pytest
import sympy as sp
from helpers import need

from adkit.ir.primitives import REGISTRY

CC = shutil.which("cc")
DELTA = 1e-7
UNARY = (-2.5, -1.3, -0.99, -0.7, -0.2, -DELTA, DELTA, 0.2, 0.5, 0.99, 1.7, 3.0)
BINARY_COORDS = (-1.7, -0.4, -DELTA, 0.0, DELTA, 0.3, 0.3 + DELTA, 1.2, 2.0, 3.0)


#: Points where the derivative does not exist but sympy's substitution order
#: gives a number (x/√(x² + y²) with x = 0 put in first is 0): the engines report an
#: undefined derivative there (tests/test_engines.py covers the message).
SINGULAR = {("hypot", (0.0, 0.0)), ("atan2", (0.0, 0.0))}


def _points(arity: int) -> list[tuple[float, ...]]:
    if arity == 1:
        return [(x,) for x in UNARY]
    return [(x, y) for x in BINARY_COORDS for y in BINARY_COORDS]


def _expected(name: str, index: int, args: tuple[float, ...]) -> float | None:
    """sympy's partial at the point, or None where it is not a finite real number."""
    prim = REGISTRY[name]
    symbols = sp.symbols(f"a0:{prim.arity}", real=True)
    derivative = sp.diff(prim.sympy(sp, *symbols), symbols[index])
    value = derivative.subs({s: sp.Float(a, 30) for s, a in zip(symbols, args)}).evalf(30)
    if not value.is_real or not value.is_finite:
        return None
    return float(value)


def _cases() -> list[tuple[str, int, tuple[float, ...], float, float]]:
    """(name, argument index, point, primitive value, sympy partial) off kinks and in the domain."""
    cases = []
    for name in sorted(REGISTRY):
        prim = REGISTRY[name]
        for args in _points(prim.arity):
            try:
                out = prim.evaluate(*args)
            except (ValueError, ZeroDivisionError, OverflowError):
                continue
            if (prim.kink is not None and prim.kink(*args)) or not math.isfinite(out) or (name, args) in SINGULAR:
                continue
            for index in range(prim.arity):
                want = _expected(name, index, args)
                if want is not None and abs(want) < 1e8:
                    cases.append((name, index, args, out, want))
    return cases


CASES = _cases()


def _close(got: float, want: float) -> bool:
    return abs(got - want) <= 1e-12 * max(1.0, abs(want))


def test_every_primitive_and_branch_side_is_covered():
    covered = {(name, index) for name, index, *_ in CASES}
    assert covered == {(n, i) for n, p in REGISTRY.items() for i in range(p.arity)}
    signs = {(name, index): set() for name, index in covered}
    for name, index, args, _, want in CASES:
        signs[name, index].add((args[0] > 0, args[-1] > 0, args[0] > args[-1]))
    for key in ("abs", "relu", "sigmoid", "softplus"):
        assert {s[0] for s in signs[key, 0]} == {True, False}, key  # both sides of 0
    for key in ("max", "min"):
        assert {s[2] for s in signs[key, 0]} == {True, False}, key  # both sides of the tie


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_partial_callables_match_sympy(name):
    prim = REGISTRY[name]
    for case_name, index, args, out, want in CASES:
        if case_name == name:
            got = prim.partials[index](*args, out)
            assert _close(got, want), (name, index, args, got, want)


def _python_partial(template: str, arity: int):
    names = [f"a{i}" for i in range(arity)]
    code = template.format(*names, out="out")
    namespace = {"math": math}
    exec(f"def partial({', '.join(names)}, out):\n    return {code}\n", namespace)  # test-only: registry templates, not user text
    return namespace["partial"]


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_python_code_partials_match_sympy(name):
    prim = REGISTRY[name]
    partials = [_python_partial(t, prim.arity) for t in prim.partial_python]
    for case_name, index, args, out, want in CASES:
        if case_name == name:
            got = partials[index](*args, out)
            assert _close(got, want), (name, index, args, got, want)


def test_c_code_partials_match_sympy(tmp_path):
    need("cc")
    helpers = dict.fromkeys(h for p in REGISTRY.values() for h in p.c_helpers
                            if any(h.split("(")[0].split()[-1] + "(" in c for c in p.partial_c))
    lines = ["#include <math.h>", "#include <stdio.h>", *helpers, "int main(void) {"]
    for name, index, args, out, _ in CASES:
        prim = REGISTRY[name]
        names = [f"a{i}" for i in range(prim.arity)]
        decl = " ".join(f"volatile double {n} = {a!r};" for n, a in zip(names + ["out"], [*args, out]))
        used = " ".join(f"(void){n};" for n in names + ["out"])
        expr = prim.partial_c[index].format(*names, out="out")
        lines.append(f"    {{ {decl} {used} printf(\"%.17g\\n\", (double)({expr})); }}")
    lines += ["    return 0;", "}"]
    src, exe = tmp_path / "partials.c", tmp_path / "partials"
    src.write_text("\n".join(lines) + "\n")
    subprocess.run([CC or "cc", "-std=c99", "-O2", "-Wall", "-Werror", "-o", str(exe), str(src), "-lm"], check=True)
    results = subprocess.run([str(exe)], capture_output=True, text=True, check=True).stdout.split()
    assert len(results) == len(CASES)
    for (name, index, args, _, want), text in zip(CASES, results):
        assert _close(float(text), want), (name, index, args, text, want)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_derived_sympy_forms_match_sympy_diff(name):
    prim = REGISTRY[name]
    symbols = sp.symbols(f"a0:{prim.arity}", real=True)
    forms = prim.partial_sympy(sp, *symbols)
    for case_name, index, args, _, want in CASES:
        if case_name == name:
            got = float(forms[index].subs({s: sp.Float(a, 30) for s, a in zip(symbols, args)}).evalf(30))
            assert _close(got, want), (name, index, args, got, want)
