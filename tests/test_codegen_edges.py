"""The contraction of generated code (adkit/codegen/edges.py) and its renderers' agreement.

One description, three renderers: the readable adjoint sweep of ``adkit
codegen`` (every edge a statement), the compiled Python backend's simplified
sweep and the C library's reverse sweep (each contribution of their
:func:`adjoint_sweep` once, no statement for a copy).
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import adkit
from adkit.codegen.edges import Edge, adjoint_sweep, factor, product, tangent_sum, variable_arguments
from adkit.codegen.library import adjoint_structure, library_units
from adkit.codegen.pylines import adjoint_counts
from adkit.codegen.python import python_source
from adkit.codegen.statements import Emitter, ident


@pytest.mark.parametrize("text, expected", [
    ("v1", "v1"), ("-1.0", "-1.0"), ("math.cos(v1)", "math.cos(v1)"),
    ("a + b", "(a + b)"), ("(a + b)", "(a + b)"), ("((a) * b)", "((a) * b)"),
    ("(a) * (b)", "((a) * (b))"), ("(a * b) + c", "((a * b) + c)"), ("a * (b)", "(a * (b))"),
])
def test_factor_parenthesises_only_what_is_not_one_factor(text: str, expected: str) -> None:
    assert factor(text) == expected


def test_an_edge_of_partial_one_is_a_sign() -> None:
    assert [Edge(0, c).sign for c in ("1.0", "-1.0", "(-1.0)", "2.0", "v1")] == [1, -1, 0, 0, 0]


def test_product_reads_a_unit_partial_as_a_sign_and_a_unit_seed_as_the_partial() -> None:
    assert product("g", Edge(0, "1.0"), fold_negative=False) == (False, "g")
    assert product("g", Edge(0, "-1.0"), fold_negative=True) == (True, "g")
    assert product("g", Edge(0, "-1.0"), fold_negative=False) == (False, "g * -1.0")
    assert product("g", Edge(0, "1.0 / v1"), fold_negative=True) == (False, "g * (1.0 / v1)")
    assert product("1.0", Edge(0, "math.cos(v1)"), fold_negative=True) == (False, "math.cos(v1)")


def test_tangent_sum_in_argument_order() -> None:
    edges = [Edge(1, "-1.0"), Edge(2, "1.0"), Edge(3, "v2 + 1.0")]
    dot = {1: "a", 2: "b", 3: "c"}.get
    assert tangent_sum(edges, dot, fold_negative=True) == "-a + b + c * (v2 + 1.0)"  # type: ignore[arg-type]
    assert tangent_sum(edges, dot, fold_negative=False) == "a * -1.0 + b + c * (v2 + 1.0)"  # type: ignore[arg-type]
    assert tangent_sum([], dot, fold_negative=True) == "0.0"  # type: ignore[arg-type]


def test_literal_arguments_have_no_edge() -> None:
    program = adkit.compile("2*x - x^3 + 1")
    em = Emitter(program, "python")
    assert [variable_arguments(s) for s in program.steps[em.n:]] == [[(1, 0)], [(0, 0)], [(0, 1), (1, 2)], [(0, 3)]]
    assert [[e.arg for e in em.partials(s)] for s in program.steps[em.n:]] == [[0], [0], [1, 2], [3]]


def test_the_adjoint_sweep_of_nested_differences_by_hand() -> None:
    """v1 = x - y, v2 = z - x, v3 = v1 - v2: v1, v2 are read once with ±1, so copy ±v̄3;
    y and z too when the inputs need no slot (Python), not when they keep one (C)."""
    program = adkit.compile("x - y - (z - x)")
    em = Emitter(program, "python")
    x, y, z, v1, v2, v3 = range(6)
    count, work = adjoint_counts(em), program.steps[3:]
    python = adjoint_sweep(em.partials, work, count, keep={v3}, held={v3})
    assert python.copies == {v1: (v3, False), v2: (v3, True), z: (v3, True), y: (v3, True)}
    assert {k: [(c.edge.arg, c.first) for c in row] for k, row in python.contributions.items()} == {
        v3: [], v2: [(x, True)], v1: [(x, False)]}
    assert python.holding == {v3, x}
    zeroed = adjoint_sweep(em.partials, work, count, keep={x, y, z, v3})
    assert zeroed.copies == {v1: (v3, False), v2: (v3, True)} and zeroed.holding is None
    assert [c.edge.arg for k in (v2, v1) for c in zeroed.contributions[k]] == [z, x, x, y]
    assert "-b[5] * -1.0" in library_units(program, "vjp")[0]  # x's share through v2 = -v̄3, times ∂ = -1


PROGRAMS = [
    "ln(x1) + x1*x2 - sin(x2)",
    "a = x*y; b = sin(a) - a; c = b*a + exp(a); c - a*2 + x",
    "x - y - (z - x) - 3 - (2 - y)",
    "2*x + x^3 - 1/x + 0.5 + pow(x, y) + y^2",
    "-(-(x + 1) - y) + x",
    "a = x*y; b = a - x; c = exp(b); a + x",
    "x*x - x + 2",
]


def _python_targets(program: adkit.Program) -> tuple[Counter[int], Counter[int]]:
    """Whose adjoints the readable and the simplified Python sweeps write, statement by statement."""
    names = {ident(s) + "_bar": s.index for s in program.steps}
    out = []
    for optimize in (False, True):
        sweep = python_source(program, "reverse", optimize=optimize).split("# adjoint sweep")[1]
        written = re.findall(r"^    (\S+_bar) (?:=|\+=|-=) (.*)$", sweep, flags=re.M)
        out.append(Counter(names[w] for w, right in written  # not the seed, not the zeros
                           if right not in ("1.0", "0.0") and not re.match(r"\S+_bar = ", right)))
    return out[0], out[1]


def _c_terms(program: adkit.Program) -> Counter[int]:
    """Whose adjoints the C library's reverse sweep adds to, a count per term: every term reads
    one ``b[…]`` (a partial reads only ``t`` and ``p``), a statement ``b[a] = b[a] + …`` its own too."""
    source = "\n".join(library_units(program, "vjp", chunk_steps=2, part_lines=8))  # several units
    terms: Counter[int] = Counter()
    for body in re.findall(r"(?:static|ADKIT_INTERNAL) void adkit_r[0-9]+\([^)]*\) \{\n(.*?)\n\}", source, flags=re.S):
        for target, op, right in re.findall(r"^    b\[([0-9]+)\] (\+?=) (.*);$", body, flags=re.M):
            terms[int(target)] += right.count("b[") - (op == "=")
    return terms


def _agree(text: str) -> None:
    program = adkit.compile(text)
    em = Emitter(program, "python")
    work = program.steps[em.n:]
    out = program.output_ref
    every = Counter(e.arg for s in work for e in em.partials(s))
    fast = adjoint_sweep(em.partials, work, adjoint_counts(em), keep={out}, held={out})
    c_sweep = adjoint_structure(Emitter(program, "c", name=lambda k: f"t[{k}]"))
    readable, simplified = _python_targets(program)
    assert readable == every
    assert simplified == Counter(c.edge.arg for row in fast.contributions.values() for c in row)
    assert _c_terms(program) == Counter(c.edge.arg for row in c_sweep.contributions.values() for c in row)
    assert not set(simplified) & set(fast.copies) and not set(_c_terms(program)) & set(c_sweep.copies)
    kept = sum(every.values()) - len(fast.copies)  # a copy is one edge without a statement
    assert sum(simplified.values()) == kept


@pytest.mark.parametrize("text", PROGRAMS)
def test_each_renderer_writes_each_contribution_of_its_sweep_once(text: str) -> None:
    _agree(text)


_LEAF = st.sampled_from(["x", "y", "z", "2", "0.5"])


def _expr(depth: int) -> st.SearchStrategy[str]:
    if depth == 0:
        return _LEAF
    inner = _expr(depth - 1)
    return st.one_of(_LEAF, st.builds(lambda a, op, b: f"({a} {op} {b})", inner, st.sampled_from("+-*"), inner),
                     st.builds(lambda a: f"sin({a})", inner), st.builds(lambda a: f"-{a}", inner))


@settings(max_examples=40, deadline=None)
@given(_expr(4).filter(lambda t: "x" in t))
def test_random_programs_agree(text: str) -> None:
    _agree(text)
