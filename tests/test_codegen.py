"""Source transformation: generated tangent and adjoint code reproduces the interpreter."""

from __future__ import annotations

import ast
import io
import keyword
import math
import pathlib
import re
import shutil
import subprocess
import sys
import tokenize
import warnings

import pytest
from helpers import need, run_cli

import adkit
from adkit.codegen.backend import CompiledProgram
from adkit.codegen.emit import source
from adkit.codegen.python import python_function, python_source
from adkit.codegen.statements import CHUNK_STEPS, MAX_FUNCTION_STEPS, literal
from adkit.codegen.text import c_source, latex_source
from adkit.errors import AdkitError, DomainError
from adkit.ir.primitives import REGISTRY
from adkit.modes.program import Program
from adkit.ir.wengert import Builder, Literal

SEED = "ln(x1) + x1*x2 - sin(x2)"
SEED_VALUE = 11.652071455223084
SEED_GRADIENT = {"x1": 5.5, "x2": 1.7163378145367738}
CC = shutil.which("cc")


# ---- the seed example ---------------------------------------------------------
def test_compiled_program_reproduces_seed_example():
    program = adkit.compile(SEED, backend="codegen")
    assert isinstance(program, CompiledProgram)
    assert program.evaluate({"x1": 2, "x2": 5}) == SEED_VALUE
    assert program.gradient({"x1": 2, "x2": 5}) == SEED_GRADIENT
    assert program.jvp([2, 5], [1, 0]) == (SEED_VALUE, 5.5)
    assert program.jvp([2, 5], [0, 1]) == (SEED_VALUE, 1.7163378145367738)
    assert set(program.codegen_seconds) == {"evaluate", "reverse", "forward"}


def test_adjoint_program_reads_like_the_textbook():
    text = python_source(adkit.compile(SEED), "reverse")
    body = text.split("# adjoint sweep")[1]
    assert "v1 = math.log(v_m1)" in text
    assert "v5_bar = 1.0" in body
    assert body.index("v4_bar += v5_bar") < body.index("v3_bar -= v5_bar") < body.index("v0_bar += v3_bar * math.cos(v0)")
    assert body.count("v0_bar +=") == 2  # fan-out of x2: two contributions, accumulated
    assert text.rstrip().endswith("return v5, [v_m1_bar, v0_bar]")


def test_tangent_program_pairs_primal_and_tangent_lines():
    lines = python_source(adkit.compile(SEED), "forward").splitlines()
    i = lines.index("    v1 = math.log(v_m1)")
    assert lines[i + 1] == "    v1_dot = v_m1_dot * (1.0 / v_m1)"
    assert "    v5_dot = v4_dot - v3_dot" in lines


def test_unknown_backend_is_refused():
    with pytest.raises(AdkitError, match="unknown backend 'llvm'"):
        adkit.compile(SEED, backend="llvm")


# ---- every primitive of the registry ------------------------------------------
def _texts(name: str) -> list[str]:
    prim = REGISTRY[name]
    if prim.arity == 1:
        return [prim.syntax.format("x"), prim.syntax.format("x") + " * " + prim.syntax.format("x")]
    return [prim.syntax.format("x", "y"), prim.syntax.format("x", "2.5"), prim.syntax.format("1.5", "x"),
            prim.syntax.format("x", "x")]


POINTS = [(0.3, 0.7), (-0.4, -0.9), (0.5, 0.5), (0.0, 2.0), (1.0, -3.0)]


def _run(fn):
    """(result or the error's text, the warnings' texts)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = fn()
        except DomainError as error:
            result = ("DomainError", str(error))
    return result, [str(w.message) for w in caught]


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_compiled_primitive_matches_interpreter(name):
    for text in _texts(name):
        interpreted, compiled = adkit.compile(text), adkit.compile(text, backend="codegen")
        for point in POINTS:
            x = list(point[: len(interpreted.inputs)])
            seed = [1.0, -0.5][: len(x)]
            for method, args in (("evaluate", (x,)), ("gradient", (x,)), ("jvp", (x, seed))):
                expected = _run(lambda: getattr(interpreted, method)(*args))
                assert _run(lambda: getattr(compiled, method)(*args)) == expected, (text, point, method)


@pytest.mark.filterwarnings("ignore::adkit.errors.NonDifferentiableWarning")
@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_readable_and_chunked_code_match_interpreter(name):
    for text in _texts(name):
        program = adkit.compile(text)
        x = [0.3, 0.7][: len(program.inputs)]
        seed = [1.0, -0.5][: len(x)]
        for chunk, optimize in ((None, False), (1, False), (1, True)):
            assert python_function(program, "evaluate", chunk_steps=chunk)(x) == program.evaluate(x)
            y, bars = python_function(program, "reverse", chunk_steps=chunk, optimize=optimize)(x)
            assert (y, bars) == (program.evaluate(x), list(program.gradient(x).values())), (text, chunk)
            assert python_function(program, "forward", chunk_steps=chunk)(x, seed) == program.jvp(x, seed)


# ---- programs with structure: fan-out, dead steps, constants, chunks ------------
PROGRAMS = [
    "a = x*x; b = a*x - exp(-a); c = max(a, b) / (1 + abs(b)); y = c + sigmoid(c) * x^3",
    "a = sin(x); b = a*a; dead = asin(b / 2); c = b - a; d = c*y + b^2; e = -d; z = e + softplus(d)",
    "y = x",
    "y = 3",
    "k = pi/4; y = sin(k) * x + k",
]


@pytest.mark.filterwarnings("ignore::adkit.errors.NonDifferentiableWarning")
@pytest.mark.parametrize("text", PROGRAMS)
@pytest.mark.parametrize("chunk", [1, 2, 3, None])
def test_structured_programs_match_interpreter_in_any_chunking(text, chunk):
    program = adkit.compile(text)
    x = [0.3 + 0.2 * i for i in range(len(program.inputs))]
    seed = [1.0 - 0.7 * i for i in range(len(x))]
    gradient = list(program.gradient(x).values())
    for optimize in (False, True):
        assert python_function(program, "reverse", chunk_steps=chunk, optimize=optimize)(x) == (
            program.evaluate(x), gradient)
    assert python_function(program, "forward", chunk_steps=chunk)(x, seed) == program.jvp(x, seed)
    assert python_function(program, "evaluate", chunk_steps=chunk)(x) == program.evaluate(x)


def _w2_program(n: int) -> Program:
    """Σᵢ [ln xᵢ + xᵢ·xᵢ₊₁ − sin xᵢ₊₁], built directly (parsing 10⁵ steps would dominate)."""
    builder = Builder([f"x{i}" for i in range(n)])
    total = None
    for i in range(n - 1):
        term = builder.apply("sub", [builder.apply("add", [builder.apply("log", [i]), builder.apply("mul", [i, i + 1])]),
                                     builder.apply("sin", [i + 1])])
        total = term if total is None else builder.apply("add", [total, term])
    steps, refs = builder.finish([total])
    return Program([f"x{i}" for i in range(n)], steps, ["y"], refs)


def test_large_program_is_split_into_chunks():
    n = 16_700
    program = _w2_program(n)
    assert len(program.steps) - n > MAX_FUNCTION_STEPS >= 100_000
    chunks = -(-(len(program.steps) - n) // CHUNK_STEPS)
    text = python_source(program, "reverse", optimize=True)
    assert text.count("\ndef _f") == text.count("\ndef _r") == chunks > 1
    compiled = CompiledProgram(program.inputs, program.steps, program.outputs, program.output_refs)
    x = [1 + (i % 7) / 7 for i in range(n)]
    assert compiled.evaluate(x) == program.evaluate(x)  # the reverse chunks: tested above on small chunks


# ---- running the emitted text ---------------------------------------------------
@pytest.mark.parametrize("mode", ["forward", "reverse"])
def test_python_c_runs_the_generated_code(mode):
    program = adkit.compile(SEED)
    text = source(program, mode, "python", wrt=["x2"] if mode == "forward" else None, at=[2.0, 5.0])
    out = subprocess.run([sys.executable, "-I", "-c", text], capture_output=True, text=True, check=True).stdout
    result = ast.literal_eval(out)
    if mode == "forward":
        assert result == (SEED_VALUE, 1.7163378145367738)
    else:
        assert result == (SEED_VALUE, [5.5, 1.7163378145367738])


def _c_run(text: str, tmp_path: pathlib.Path) -> list[float]:
    src, exe = tmp_path / "f.c", tmp_path / "f"
    src.write_text(text)
    subprocess.run([CC, "-std=c99", "-O2", "-Wall", "-Werror", "-o", str(exe), str(src), "-lm"], check=True)
    return [float(v) for v in subprocess.run([str(exe)], capture_output=True, text=True, check=True).stdout.split()]


def test_c_reproduces_seed_example(tmp_path):
    need("cc")
    program = adkit.compile(SEED)
    assert _c_run(c_source(program, "reverse", at=[2.0, 5.0]), tmp_path) == [SEED_VALUE, 5.5, 1.7163378145367738]
    assert _c_run(c_source(program, "forward", wrt=["x1"], at=[2.0, 5.0]), tmp_path) == [SEED_VALUE, 5.5]


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_c_primitive_matches_interpreter(name, tmp_path):
    need("cc")
    # Same libm, IEEE arithmetic and no contraction at -O2 on x86-64: the numbers agree exactly.
    text = _texts(name)[0]
    program = adkit.compile(text)
    x = [0.3, 0.7][: len(program.inputs)]
    expected = [program.evaluate(x), *program.gradient(x).values()]
    assert _c_run(c_source(program, "reverse", at=x), tmp_path) == expected
    assert _c_run(c_source(program, "forward", at=x), tmp_path) == [program.evaluate(x), program.jvp(x, [1.0, 0.0][: len(x)])[1]]


def test_latex_is_an_align_environment():
    text = latex_source(adkit.compile(SEED), "reverse")
    assert text.startswith("\\begin{align*}") and text.rstrip().endswith("\\end{align*}")
    assert "\\bar{v}_{3} &\\mathrel{-}= \\bar{v}_{5}" in text
    assert "\\bar{v}_{-1} &\\mathrel{+}= \\frac{\\bar{v}_{1}}{v_{-1}}" in text


# ---- safety --------------------------------------------------------------------
def _code_names(text: str) -> set[str]:
    """Identifiers of Python code, comments and strings excluded."""
    tokens = tokenize.generate_tokens(io.StringIO(text).readline)
    return {tok.string for tok in tokens if tok.type == tokenize.NAME}


ADKIT_NAME = re.compile(r"v(_m)?[0-9]+(_dot|_bar)?|_[fr][0-9]+|f|f_jvp|f_grad|x|x_dot|t|d|b")
TEMPLATE_NAMES = {name for p in REGISTRY.values() for t in (p.python, *p.partial_python)
                  for name in re.findall(r"[A-Za-z_]\w*", t)}


def test_hostile_names_never_reach_the_code():
    names = ["__import__", "os", "system", "getattr", "open", "v0", "v_m1", "x", "math", "f_grad", "v1_bar"]
    text = "y = " + " + ".join(f"{a}*sin({b})" for a, b in zip(names, names[1:] + names[:1]))
    program = adkit.compile(text)
    compiled = adkit.compile(text, backend="codegen")
    x = [0.1 * (i + 1) for i in range(len(names))]
    assert compiled.gradient(x) == program.gradient(x)
    for mode in ("evaluate", "forward", "reverse"):
        for optimize in (False, True):
            code = python_source(program, mode, optimize=optimize)
            for name in _code_names(code):
                assert ADKIT_NAME.fullmatch(name) or name in TEMPLATE_NAMES or keyword.iskeyword(name), name


def test_text_that_bypasses_the_grammar_stays_in_sanitised_comments():
    evil = "x\nimport os; os.system('echo pwned') */ \\"
    builder = Builder([evil])
    k = builder.apply("mul", [0, Literal(2.0, "__import__('os')")])
    builder.alias(k, "y\r\n__import__('os')")
    steps, refs = builder.finish([k])
    program = Program([evil], steps, ["y"], refs)
    for lang in ("python", "c", "latex"):
        for mode in ("forward", "reverse"):
            text = source(program, mode, lang)
            assert "os" not in text.replace("adkit", "") and "pwned" not in text and "*/" not in text
    assert python_function(program, "reverse")([3.0]) == (6.0, [2.0])


def test_only_finite_literals_become_code():
    assert literal(-0.5) == "(-0.5)" and literal(1e300) == "1e+300"
    for value in (math.inf, -math.inf, math.nan):
        with pytest.raises(AdkitError):
            literal(value)


def test_codegen_is_the_only_module_that_compiles_code():
    root = pathlib.Path(adkit.__file__).parent
    call = re.compile(r"(?<![\w.])(exec|eval|compile)\(")
    offenders = [str(path.relative_to(root)) for path in root.rglob("*.py")
                 if path.relative_to(root).as_posix() != "codegen/python.py"
                 and any(call.search(line) and not line.lstrip().startswith("def ")
                         for line in path.read_text().splitlines())]
    assert offenders == []


# ---- domain errors still name the step ---------------------------------------------
@pytest.mark.parametrize("method", ["evaluate", "gradient"])
def test_domain_error_names_the_wengert_step(method):
    text, x = "a = x - 3; y = ln(a) * x", [1.0]
    with pytest.raises(DomainError) as expected:
        getattr(adkit.compile(text), method)(x)
    with pytest.raises(DomainError) as got:
        getattr(adkit.compile(text, backend="codegen"), method)(x)
    assert str(got.value) == str(expected.value) and got.value.step == expected.value.step
    assert got.value.step == "v₂ = ln v₁"


def test_undefined_partial_names_the_step():
    with pytest.raises(DomainError, match="derivative of asin") as got:
        adkit.compile("y = asin(x) + x", backend="codegen").gradient([1.0])
    assert got.value.step is not None


# ---- command line --------------------------------------------------------------------
def test_cli_prints_adjoint_program():
    status, out, _ = run_cli("codegen", SEED, "--mode", "reverse")
    assert status == 0
    assert "def f_grad(x):" in out and "    v4_bar += v5_bar" in out


def test_cli_forward_c_and_latex():
    status, out, _ = run_cli("codegen", SEED, "--mode", "forward", "--wrt", "x1", "--lang", "c")
    assert status == 0 and "double f_jvp(const double x[], double *y_dot)" in out
    status, out, _ = run_cli("codegen", SEED, "--mode", "forward", "--lang", "latex")
    assert status == 0 and "\\dot{v}_{1} &= \\frac{\\dot{v}_{-1}}{v_{-1}}" in out


def test_cli_reports_bad_wrt():
    status, _, err = run_cli("codegen", SEED, "--mode", "reverse", "--wrt", "z")
    assert status == 2
    assert "z is not an input; inputs are x1, x2" in err
    status, _, err = run_cli("codegen", SEED, "--mode", "forward", "--wrt", "x1,x2")
    assert status == 2 and "forward mode seeds one input: give one --wrt name, not 2" in err


def test_an_array_point_answers_with_an_array_as_the_c_backend_does() -> None:
    """Issue 28: at a thousand inputs a dict costs more than the code; an array call skips it."""
    import numpy as np

    from adkit.errors import BindingError, DomainError

    p = adkit.compile("ln(x1) + x1*x2 - sin(x2)", backend="codegen")
    gradient = p.gradient(np.array([2.0, 5.0]))
    assert isinstance(gradient, np.ndarray) and gradient.tolist() == [5.5, 1.7163378145367738]
    assert p.gradient(np.array([2, 5])).tolist() == [5.5, 1.7163378145367738]  # ints are converted
    assert p.gradient({"x1": 2.0, "x2": 5.0}) == {"x1": 5.5, "x2": 1.7163378145367738}  # a dict as before
    assert p.evaluate(np.array([2.0, 5.0])) == 11.652071455223084
    assert p.jvp(np.array([2.0, 5.0]), np.array([0.0, 1.0])) == (11.652071455223084, 1.7163378145367738)
    with pytest.raises(BindingError, match="expected 2 values, got 3"):
        p.gradient(np.array([2.0, 5.0, 1.0]))
    with pytest.raises(BindingError, match="2 real numbers in input order, not 2-d float64"):
        p.gradient(np.array([[2.0, 5.0]]))
    with pytest.raises(BindingError, match="not 1-d <U1"):
        p.gradient(np.array(["a", "b"]))
    q, interpreter = adkit.compile("ln(x) + y", backend="codegen"), adkit.compile("ln(x) + y")
    with pytest.raises(DomainError) as expected:
        interpreter.gradient({"x": -1.0, "y": 1.0})
    with pytest.raises(DomainError) as got:
        q.gradient(np.array([-1.0, 1.0]))
    assert str(got.value) == str(expected.value)
    with pytest.raises(BindingError, match="the value of 'x' is not finite: nan"):  # as for a dict
        q.gradient(np.array([math.nan, 1.0]))
