"""Multi-output programs, Jacobians in both modes (and vector mode), and costs."""

from __future__ import annotations

import io
import json
import random

import pytest
import sympy
from rich.console import Console
from helpers import run_cli

import adkit
from adkit.cli import main
from adkit.cli.cost import family_program
from adkit.modes.cost import count
from adkit.modes.derivatives import jacobian
from adkit.errors import BindingError
from adkit.verify.symbolic import sympy_expressions
from adkit.ir.wengert import Literal

PROGRAMS = [
    ("y1 = x1*x2; y2 = sin(x1) + x2^2; y3 = exp(x1 - x2)", ["y1", "y2", "y3"], {"x1": 0.7, "x2": -1.2}),
    ("a = sqrt(x^2 + y^2); u = x/a; v = y/a", ["u", "v"], {"x": 3.0, "y": 4.0}),
    ("s = tanh(p)*q; t = s*s + log(q); r = max(p, q)*s", ["s", "t", "r"], {"p": 0.3, "q": 2.5}),
    ("y = x", ["y"], {"x": 2.0}),
]


def sympy_jacobian(program, at):
    """Jacobian from sympy, built from the Wengert list through the registry."""
    symbols = [sympy.Symbol(name) for name in program.inputs]
    exprs = sympy_expressions(sympy, program, symbols)
    subs = dict(zip(symbols, at.values()))
    return {out: {name: float(sympy.diff(exprs[ref] if not isinstance(ref, Literal) else 0, sym).evalf(30, subs=subs))
                  for name, sym in zip(program.inputs, symbols)}
            for out, ref in zip(program.outputs, program.output_refs)}


@pytest.mark.parametrize("text, outputs, at", PROGRAMS)
@pytest.mark.parametrize("mode, vector", [("forward", False), ("forward", True), ("reverse", False)])
def test_jacobian_equals_sympy(text, outputs, at, mode, vector):
    program = adkit.compile(text, inputs=list(at), outputs=outputs)
    expected = sympy_jacobian(program, at)
    got = program.jacobian(at, mode=mode, vector=vector)
    for out in outputs:
        for name in at:
            assert got[out][name] == pytest.approx(expected[out][name], rel=1e-12, abs=1e-14)


def test_random_programs_agree_across_modes_and_with_sympy():
    rng = random.Random(5)
    unary = ["sin", "cos", "exp", "tanh", "sigmoid", "softplus", "atan"]
    for _ in range(20):
        n, m = rng.randint(1, 4), rng.randint(1, 4)
        names = [f"x{i}" for i in range(n)]
        lines, pool = [f"s = {' + '.join(names)}"], ["s"] + names
        for j in range(m):
            a, b = rng.choice(pool), rng.choice(pool)
            op = rng.choice(["+", "-", "*"])
            lines.append(f"y{j} = {rng.choice(unary)}({a} {op} {b})")
            pool.append(f"y{j}")
        at = {name: rng.uniform(-1, 1) for name in names}
        program = adkit.compile("\n".join(lines), inputs=names, outputs=[f"y{j}" for j in range(m)])
        expected = sympy_jacobian(program, at)
        for mode, vector in (("forward", False), ("forward", True), ("reverse", False)):
            got = program.jacobian(at, mode=mode, vector=vector)
            for out in expected:
                for name in names:
                    assert got[out][name] == pytest.approx(expected[out][name], rel=1e-11, abs=1e-13)


@pytest.mark.parametrize("n, m", [(1, 1), (1, 5), (5, 1), (3, 7), (8, 2)])
def test_sweep_counts_are_exactly_n_and_m(n, m):
    program = family_program(n, m)
    at = {name: 0.3 for name in program.inputs}
    assert jacobian(program, at, "forward").sweeps == n
    assert jacobian(program, at, "forward", vector=True).sweeps == 1
    assert jacobian(program, at, "reverse").sweeps == m
    trace = adkit.trace(program, at=at, mode="both")
    assert trace.sweeps == n + m


@pytest.mark.parametrize("n, m", [(1, 8), (2, 16), (4, 64), (8, 1), (16, 2), (64, 4)])
def test_cost_recommendation_follows_n_versus_m(n, m):
    c = count(family_program(n, m))
    assert c.forward_dual.sweeps == n and c.forward.sweeps == 1 and c.reverse.sweeps == m
    assert c.recommended == ("forward" if n < m else "reverse")


def test_cost_counts_the_seed_example():
    c = count(adkit.compile("ln(x1) + x1*x2 - sin(x2)"))
    # 5 primal steps (3 ops each); variable args per step: ln 1, mul 2, sin 1, add 2, sub 2
    assert c.primal_ops == 5 and c.per_kind == {"add": 1, "log": 1, "mul": 1, "sin": 1, "sub": 1}
    assert c.forward.ops == 3 * 5 + 2 * (3 + 6 + 3 + 6 + 6)  # vector mode: the primal once, n = 2 tangents of 3L
    assert c.forward_dual.ops == 2 * (3 * 5 + (3 + 6 + 3 + 6 + 6))  # 2 dual sweeps, each recomputing the primal
    assert (c.forward.sweeps, c.forward_dual.sweeps) == (1, 2) and (c.forward.memory, c.forward_dual.memory) == (12, 8)
    assert c.reverse.ops == 3 * 5 + 1 * (4 + 7 + 4 + 7 + 7)  # m = 1 adjoint sweep of 3L + 1
    assert c.recommended == "reverse" and c.reverse.memory == 2 * 7


def test_multi_output_trace_has_one_adjoint_column_per_output():
    t = adkit.trace("y1 = sin(x)*y; y2 = y1 + exp(y)", at={"x": 1, "y": 2}, outputs=["y1", "y2"])
    assert t.sweeps == 2 and t.gradient is None
    assert t.jacobian == adkit.compile("y1 = sin(x)*y; y2 = y1 + exp(y)", outputs=["y1", "y2"]).jacobian({"x": 1, "y": 2})
    assert all(len(r.adjoints) == 2 for r in t.steps)


def test_program_outputs_and_vjp():
    p = adkit.compile("y1 = x1*x2; y2 = sin(x1)", outputs=["y1", "y2"])
    assert p.evaluate({"x1": 1, "x2": 2}) == {"y1": 2.0, "y2": pytest.approx(0.8414709848078965)}
    values, vjp = p.vjp({"x1": 1, "x2": 2}, {"y1": 1.0, "y2": 2.0})
    jac = p.jacobian({"x1": 1, "x2": 2})
    assert vjp == {name: pytest.approx(jac["y1"][name] + 2 * jac["y2"][name]) for name in ("x1", "x2")}
    values, jvp = p.jvp({"x1": 1, "x2": 2}, {"x1": 0.5, "x2": -1})
    assert jvp == {out: pytest.approx(0.5 * jac[out]["x1"] - jac[out]["x2"]) for out in ("y1", "y2")}
    with pytest.raises(BindingError, match="several outputs"):
        p.gradient({"x1": 1, "x2": 2})
    with pytest.raises(BindingError, match="unknown output 'z'"):
        adkit.compile("y1 = x1*x2", outputs=["z"])


def test_jacobian_cli_json_contract():
    status, out, _ = run_cli("jacobian", "y1 = x1*x2; y2 = sin(x1)", "--at", "x1=1,x2=2",
                             "--outputs", "y1,y2", "--mode", "forward", "--format", "json")
    data = json.loads(out)
    assert status == 0 and data["sweeps"] == 2 and data["mode"] == "forward"
    assert data["jacobian"]["y1"] == {"x1": 2.0, "x2": 1.0}
    status, out, _ = run_cli("jacobian", "y1 = x1*x2; y2 = sin(x1)", "--at", "x1=1,x2=2",
                             "--outputs", "y1,y2", "--format", "json")
    assert json.loads(out)["sweeps"] == 2 and json.loads(out)["mode"] == "reverse"
    status, out, err = run_cli("jacobian", "y1 = x1*x2", "--at", "x1=1,x2=2", "--vector")
    assert status == 2 and "--vector bundles the forward sweeps" in err
    status, out, _ = run_cli("jacobian", "y1 = x1*x2; y2 = sin(x1)", "--at", "x1=1,x2=2",
                             "--outputs", "y1,y2", "--steps")
    assert status == 0 and "adjoint trace (y1)" in out and "∂/∂x1" in out


def test_cost_cli_json_keys():
    status, out, _ = run_cli("cost", "ln(x1) + x1*x2 - sin(x2)", "--at", "x1=2,x2=5", "--format", "json", "--time")
    data = json.loads(out)
    assert status == 0
    assert (data["inputs"], data["outputs"]) == (2, 1)
    assert data["forward_dual"]["sweeps"] == 2 and data["forward"]["sweeps"] == 1 and data["reverse"]["sweeps"] == 1
    assert data["forward_dual"]["seconds"] > 0
    assert data["forward"]["ops"] > data["reverse"]["ops"] and data["recommended"] == "reverse"
    assert data["forward"]["seconds"] > 0 and data["reverse"]["seconds"] > 0
    status, out, _ = run_cli("cost", "--sweep-family", "--sizes", "1,3", "--format", "json")
    rows = json.loads(out)["family"]
    assert status == 0 and [(r["n"], r["m"]) for r in rows] == [(1, 1), (1, 3), (3, 1), (3, 3)]
    assert run_cli("cost")[0] == 2


def test_cost_sweep_family_plot_saves_or_explains(tmp_path):
    target = tmp_path / "family.png"
    status, out, err = run_cli("cost", "--sweep-family", "--sizes", "1,2", "--plot", str(target))
    assert status == 0 and "n = 2" in out
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert "pip install matplotlib" in err and not target.exists()
    else:
        assert target.exists() and f"plot saved to {target}" in err and "plot saved" not in out


@pytest.mark.parametrize(("lang", "ylabel", "legend"), [
    ("en", "Jacobian time (ms)", ["forward", "reverse"]),
    ("vi", "thời gian tính ma trận Jacobi (ms)", ["tiến", "ngược"]),
])
def test_cost_family_figure_speaks_the_commands_language(tmp_path, monkeypatch, lang, ylabel, legend):
    pytest.importorskip("matplotlib")
    import adkit.cli.cost as cost_cli

    figures = []
    drawn = cost_cli.figure_bytes
    monkeypatch.setattr(cost_cli, "figure_bytes", lambda fig, path: figures.append(fig) or drawn(fig, path))
    status, _, _ = run_cli("cost", "--sweep-family", "--sizes", "1,2", "--plot", str(tmp_path / "f.png"), "--lang", lang)
    assert status == 0
    for ax in figures[0].axes:
        assert ax.get_ylabel() == ylabel
        assert [t.get_text() for t in ax.get_legend().get_texts()] == legend


def test_matrix_titles_stay_on_one_line_at_80_columns():
    """The title is its own line: a narrow matrix never squeezes it into a column of words
    (a terminal console, which wraps, unlike the soft-wrapping consoles of the other tests)."""
    def terminal(*argv: str) -> list[str]:
        out = Console(file=io.StringIO(), width=80, color_system=None, force_terminal=False, soft_wrap=False)
        assert main(list(argv), out=out, err=out) == 0
        return out.file.getvalue().splitlines()

    lines = terminal("jacobian", "f = x*y; g = sin(x)", "--at", "x=1,y=2", "--outputs", "f,g")
    assert lines[0] == "Jacobian of f, g at x = 1, y = 2: reverse mode, 2 sweeps"
    lines = terminal("hessian", "x^2*y + sin(x*y)", "--at", "x=1,y=2")
    assert lines[0] == "Hessian at x = 1, y = 2: forward-over-reverse, 2 sweeps"
    lines = terminal("cost", "x*y", "--at", "x=1,y=2")
    assert lines[0] == "Cost of the Jacobian of f: n = 2 inputs, m = 1 output, 1 primal operation"
