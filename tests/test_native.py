"""The C backend (issue 28): adkit.compile(text, backend="c"), adkit codegen --run, adkit cost --measure.

Every primitive of the registry runs through the compiled library and is
compared with the interpreter (an oracle that shares no code with the C
sweeps but the registry's partial expressions): values, tangents and
adjoints are equal to the last bit — the same operations in the same order,
from the same libm — except hypot, where CPython's math.hypot is its own
algorithm and libm's may differ by one unit in the last place.
"""

from __future__ import annotations

import math
import os
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import adkit
from adkit.codegen import library, native
from adkit.codegen.cbackend import NativeProgram
from adkit.codegen.library import CHUNK_STEPS, library_units
from adkit.errors import AdkitError, BindingError, DomainError, NonDifferentiableWarning
from adkit.ir.primitives import REGISTRY
from helpers import need, run_cli

#: programs whose values pass through libm's hypot rather than CPython's
LAST_BIT = {"hypot"}


@pytest.fixture(autouse=True, scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory):
    need("cc")
    folder = tmp_path_factory.mktemp("adkit-c-cache")
    old = os.environ.get("ADKIT_CACHE_DIR")
    os.environ["ADKIT_CACHE_DIR"] = str(folder)
    yield folder
    if old is None:
        del os.environ["ADKIT_CACHE_DIR"]
    else:
        os.environ["ADKIT_CACHE_DIR"] = old


def _forms(name: str) -> list[str]:
    """Each way a primitive's arguments can be variables or literals."""
    prim = REGISTRY[name]
    call = prim.syntax
    if prim.arity == 1:
        return [call.format("x")]
    return [call.format("x", "y"), call.format("x", "0.6"), call.format("0.4", "y")]


def _every_primitive() -> str:
    lines = [f"o{i} = {form}" for i, form in enumerate(f for name in REGISTRY for f in _forms(name))]
    return "\n".join(lines)


def _outputs(text: str) -> list[str]:
    return [line.split(" = ")[0] for line in text.splitlines()]


TEXT = _every_primitive()
OUTPUTS = _outputs(TEXT)
KINDS = [name for name in REGISTRY for _ in _forms(name)]


def _close(a: float, b: float, name: str) -> bool:
    if name in LAST_BIT:
        return abs(a - b) <= 2 * math.ulp(max(abs(a), abs(b), 1e-300))
    return a == b


@pytest.fixture(scope="module")
def pair() -> tuple[NativeProgram, adkit.Program]:
    return (adkit.compile(TEXT, inputs=["x", "y"], outputs=OUTPUTS, backend="c"),
            adkit.compile(TEXT, inputs=["x", "y"], outputs=OUTPUTS))


def test_every_primitive_of_the_registry_is_in_the_program() -> None:
    assert {name for name in KINDS} == set(REGISTRY)


@settings(max_examples=40, deadline=None)
@given(x=st.floats(0.05, 0.95), y=st.floats(0.05, 0.95), dx=st.floats(-2, 2), dy=st.floats(-2, 2))
def test_every_primitive_value_tangent_and_adjoint_equal_the_interpreters(pair, x, y, dx, dy) -> None:
    c, interpreter = pair
    at = {"x": x, "y": y}
    values, expected = c.evaluate(at), interpreter.evaluate(at)
    assert all(_close(values[o], expected[o], k) for o, k in zip(OUTPUTS, KINDS))
    (value, tangent), (_, tangent_expected) = c.jvp(at, {"x": dx, "y": dy}), interpreter.jvp(at, {"x": dx, "y": dy})
    assert all(_close(tangent[o], tangent_expected[o], k) for o, k in zip(OUTPUTS, KINDS))
    for o, k in zip(OUTPUTS, KINDS):
        _, bars = c.vjp(at, {o: 1.0})
        _, expected_bars = interpreter.vjp(at, {o: 1.0})
        assert all(_close(bars[v], expected_bars[v], k) for v in "xy"), o


def test_the_arrays_answer_as_the_dicts(pair) -> None:
    c, _ = pair
    at = {"x": 0.3, "y": 0.7}
    x = np.array([0.3, 0.7])
    assert c.evaluate(x).tolist() == list(c.evaluate(at).values())
    y, y_dot = c.jvp(x, np.array([1.0, -0.5]))
    y_expected, dot_expected = c.jvp(at, {"x": 1.0, "y": -0.5})
    assert y.tolist() == list(y_expected.values()) and y_dot.tolist() == list(dot_expected.values())
    weights = np.linspace(-1, 1, len(OUTPUTS))
    _, bars = c.vjp(x, weights)
    _, expected = c.vjp(at, dict(zip(OUTPUTS, weights.tolist())))
    assert bars.tolist() == list(expected.values())


def test_gradient_of_the_seed_example_exactly() -> None:
    c = adkit.compile("ln(x1) + x1*x2 - sin(x2)", backend="c")
    assert c.evaluate({"x1": 2.0, "x2": 5.0}) == 11.652071455223084
    assert c.gradient({"x1": 2.0, "x2": 5.0}) == {"x1": 5.5, "x2": 1.7163378145367738}
    gradient = c.gradient(np.array([2.0, 5.0]))
    assert isinstance(gradient, np.ndarray) and gradient.tolist() == [5.5, 1.7163378145367738]
    assert c.gradient([2, 5]) == {"x1": 5.5, "x2": 1.7163378145367738}  # a list answers as the interpreter
    assert c.gradient(np.array([2, 5])).tolist() == [5.5, 1.7163378145367738]  # ints are converted
    assert c.evaluate(np.array([2.0, 5.0])) == 11.652071455223084  # one output: a float either way
    assert c.jvp(np.array([2.0, 5.0]), np.array([0.0, 1.0])) == (11.652071455223084, 1.7163378145367738)


def test_a_program_longer_than_a_chunk_matches_the_interpreter() -> None:
    n = CHUNK_STEPS // 2 + 7
    text = " + ".join(f"sin(x{i})*x{i + 1}" for i in range(n))
    c, interpreter = adkit.compile(text, backend="c"), adkit.compile(text)
    at = {f"x{i}": 0.1 + i / n for i in range(n + 1)}
    assert len(c.steps) > 2 * CHUNK_STEPS
    assert c.gradient(at) == interpreter.gradient(at)
    assert c.evaluate(at) == interpreter.evaluate(at)


@pytest.mark.parametrize("text, at, note", [
    ("abs(x)*y", {"x": 0.0, "y": 2.0}, "abs"), ("relu(x)*y", {"x": 0.0, "y": 2.0}, "relu"),
    ("max(x, y)", {"x": 1.0, "y": 1.0}, "max"), ("min(x, y)", {"x": 1.0, "y": 1.0}, "min"),
])
def test_kinks_follow_the_interpreters_convention_and_warn(text, at, note) -> None:
    c, interpreter = adkit.compile(text, backend="c"), adkit.compile(text)
    with pytest.warns(NonDifferentiableWarning, match=note):
        got = c.gradient(at)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert got == interpreter.gradient(at)
        assert c.jvp(at, {"x": 1.0, "y": 1.0}) == interpreter.jvp(at, {"x": 1.0, "y": 1.0})


@pytest.mark.parametrize("text, at", [
    ("ln(x) + y", {"x": -1.0, "y": 1.0}),  # a NaN (C) where Python raises
    ("x*(1/(x*x)) + y", {"x": 1e200, "y": 1.0}),  # an inf hidden from the result: 1/inf is 0
    ("sqrt(x) + y", {"x": 0.0, "y": 1.0}),  # a value, but an undefined partial
    ("exp(x)*y", {"x": 800.0, "y": 1.0}),
    ("exp(-700)*x*1e300", {"x": 1e10}),  # only the adjoint of a step of literals (the first step) is inf
])
def test_domain_errors_name_the_interpreters_step(text, at) -> None:
    c, interpreter = adkit.compile(text, backend="c"), adkit.compile(text)
    for call in (lambda p: p.gradient(at), lambda p: p.gradient(np.array(list(at.values())))):
        with pytest.raises(DomainError) as expected:
            interpreter.gradient(at)
        with pytest.raises(DomainError) as got:
            call(c)
        assert str(got.value) == str(expected.value)


def test_evaluate_and_jvp_raise_where_the_interpreter_raises() -> None:
    c, interpreter = adkit.compile("ln(x)*y", backend="c"), adkit.compile("ln(x)*y")
    at = {"x": 0.0, "y": 1.0}
    with pytest.raises(DomainError) as expected:
        interpreter.evaluate(at)
    with pytest.raises(DomainError) as got:
        c.evaluate(np.array([0.0, 1.0]))
    assert str(got.value) == str(expected.value)
    with pytest.raises(DomainError):
        c.jvp(at, {"x": 1.0, "y": 0.0})


def test_a_tangent_that_does_not_flow_is_the_interpreters_answer() -> None:
    """√ at 0 has no partial, but a zero tangent through it is no error (the interpreter re-runs it)."""
    c, interpreter = adkit.compile("sqrt(x) + y", backend="c"), adkit.compile("sqrt(x) + y")
    at = {"x": 0.0, "y": 2.0}
    assert c.jvp(at, {"x": 0.0, "y": 1.0}) == interpreter.jvp(at, {"x": 0.0, "y": 1.0}) == (2.0, 1.0)


@pytest.mark.parametrize("point, key", [
    (np.array([1.0, 2.0, 3.0]), "bind.count"), (np.ones((2, 1)), "native.array"),
    (np.array([1 + 1j, 2]), "native.array"), (np.array([1.0, np.inf]), "bind.not_finite"),
    ({"x1": 1.0}, "bind.missing"), ({"x1": 1.0, "x2": "a"}, "bind.not_a_number"),
])
def test_bad_points_are_one_line_binding_errors(point, key) -> None:
    c = adkit.compile("ln(x1) + x1*x2", backend="c")
    with pytest.raises(BindingError) as got:
        c.gradient(point)
    assert got.value.key == key and "\n" not in str(got.value)


def test_several_outputs_have_no_gradient_as_in_the_interpreter() -> None:
    c = adkit.compile("a = x*y\nb = x + y", outputs=["a", "b"], backend="c")
    with pytest.raises(BindingError, match="several outputs"):
        c.gradient({"x": 1.0, "y": 2.0})
    assert c.evaluate({"x": 2.0, "y": 3.0}) == {"a": 6.0, "b": 5.0}
    assert c.vjp(np.array([2.0, 3.0]), np.array([1.0, 1.0]))[1].tolist() == [4.0, 3.0]


def test_a_library_is_cached_by_its_source(cache) -> None:
    text = "tanh(x)*y + 0.125"  # a program no other test builds
    first = adkit.compile(text, backend="c")
    first.gradient({"x": 0.5, "y": 2.0})
    assert first.compile_seconds["vjp"] > 0
    path = native.cache_path(library_units(first, "vjp"), native.compiler())
    assert path.exists() and path.parent == cache
    stamp, files = path.stat().st_mtime_ns, sorted(cache.iterdir())
    second = adkit.compile(text, backend="c")
    assert second.gradient({"x": 0.5, "y": 2.0}) == first.gradient({"x": 0.5, "y": 2.0})
    assert second.compile_seconds == {"vjp": 0.0}  # loaded, not compiled
    assert path.stat().st_mtime_ns == stamp and sorted(cache.iterdir()) == files
    assert not [f for f in cache.iterdir() if f.name.startswith(".build-")]  # no temporary left


# ---- a long program: translation units compiled in parallel ---------------------------
LONG = " + ".join(f"ln(x{i})*x{i + 1} - sin(x{i + 1})/(1 + x{i}*x{i})" for i in range(40))


def _long_point() -> dict[str, float]:
    return {f"x{i}": 0.5 + i / 37 for i in range(41)}


def test_a_program_in_several_units_answers_as_the_interpreter_and_caches_one_file(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("ADKIT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(library, "PART_LINES", 40)
    monkeypatch.setattr(library, "CHUNK_STEPS", 10)
    c, interpreter = adkit.compile(LONG, backend="c"), adkit.compile(LONG)
    at = _long_point()
    for entry in ("evaluate", "jvp", "vjp"):
        units = library_units(c, entry)
        assert len(units) > 3 and all("static void adkit_" not in unit for unit in units)
        assert "int adkit_" in units[0] and all("int adkit_" not in unit for unit in units[1:])
        assert units[0].count(";\n") > 0 and "ADKIT_INTERNAL void adkit_p0(" in units[0]  # declared, defined elsewhere
    assert c.gradient(at) == interpreter.gradient(at)
    assert c.evaluate(at) == interpreter.evaluate(at)
    seed = {name: 1.0 / (k + 1) for k, name in enumerate(at)}
    assert c.jvp(at, seed) == interpreter.jvp(at, seed)
    libraries = sorted(f.name for f in tmp_path.iterdir())
    assert len(libraries) == 3 and all(name.endswith(".so") for name in libraries)  # one file an entry, no temporaries
    assert native.cache_path(library_units(c, "vjp"), native.compiler()).exists()
    again = adkit.compile(LONG, backend="c")
    assert again.gradient(at) == interpreter.gradient(at) and again.compile_seconds == {"vjp": 0.0}


def test_the_units_and_one_unit_give_the_same_bits(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("ADKIT_CACHE_DIR", str(tmp_path))
    x = np.array(list(_long_point().values()))
    whole = adkit.compile(LONG, backend="c")
    assert len(library_units(whole, "vjp")) == 1
    expected = whole.gradient(x).tolist(), whole.evaluate(x)
    monkeypatch.setattr(library, "PART_LINES", 60)
    parts = adkit.compile(LONG, backend="c")
    assert len(library_units(parts, "vjp")) > 2
    assert (parts.gradient(x).tolist(), parts.evaluate(x)) == expected


def test_units_are_equal_by_lines_not_steps() -> None:
    """The terms of a sum have no reverse lines: units hold about part_lines lines each, however many steps."""
    c = adkit.compile(LONG, backend="c")
    whole, = library_units(c, "vjp", chunk_steps=5, part_lines=10**6)
    functions = whole.split("static int adkit_finite")[0].split("\n", 3)[3]  # less the heading
    total = functions.count("\n")
    longest = 2 * max(f.count("\n") + 1 for f in functions.split("\nstatic void"))  # a chunk: two functions
    units = library_units(c, "vjp", chunk_steps=5, part_lines=100)
    sizes = [unit.count("\n") - 8 for unit in units[1:]]  # less the heading and the macro
    assert sum(sizes) == total and len(sizes) == -(-total // 100)
    assert max(sizes) - min(sizes) <= longest
    # chunks longer than a unit: no unit is left empty; a program without steps is one unit
    small = library_units(c, "vjp", chunk_steps=40, part_lines=3)
    assert 1 < len(small) <= 1 + -(-len(c.steps) // 40) and all("void adkit_p" in unit for unit in small[1:])
    assert len(library_units(adkit.compile("y = x", backend="c"), "vjp", part_lines=1)) == 1


def test_a_compiler_failure_in_one_unit_is_a_one_line_error_and_leaves_nothing(monkeypatch, tmp_path) -> None:
    """Only the third unit fails to compile (a compiler that refuses it): the error is that unit's
    one line, and neither a library nor a temporary folder is left in the cache."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("ADKIT_CACHE_DIR", str(cache))
    script = tmp_path / "picky-cc"
    script.write_text(f"""#!/bin/sh
for a in "$@"; do case "$a" in *unit2.c) echo "$a:1:1: error: refused by the test" >&2; exit 1;; esac; done
exec {need("cc")} "$@"
""")
    script.chmod(0o755)
    monkeypatch.setenv("CC", str(script))
    monkeypatch.setattr(library, "PART_LINES", 60)
    with pytest.raises(AdkitError) as got:
        adkit.compile(LONG, backend="c").gradient(_long_point())
    assert got.value.key == "native.compiler_failed"
    assert "\n" not in str(got.value) and str(got.value).endswith("unit2.c:1:1: error: refused by the test")
    assert list(cache.iterdir()) == []


def test_concurrent_builds_of_one_library_leave_one_whole_file(monkeypatch, tmp_path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    monkeypatch.setenv("ADKIT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(library, "PART_LINES", 60)
    units = library_units(adkit.compile(LONG, backend="c"), "vjp")
    with ThreadPoolExecutor(4) as pool:
        builds = list(pool.map(lambda _: native.load(units), range(4)))
    assert len({build.path for build in builds}) == 1 and [f.name for f in tmp_path.iterdir()] == [builds[0].path.name]


def test_gcc_is_told_apart_from_other_compilers(tmp_path) -> None:
    assert native.is_gcc((need("gcc"),))
    fake = tmp_path / "clang"  # clang defines __GNUC__ too
    fake.write_text("#!/bin/sh\nprintf '#define __GNUC__ 4\\n#define __clang__ 1\\n'\n")
    fake.chmod(0o755)
    assert not native.is_gcc((str(fake),))
    assert not native.is_gcc((need("false"),))
    assert not native.is_gcc((str(tmp_path / "absent"),))


def test_the_adjoint_library_computes_partials_beside_values() -> None:
    """sin's partial cos is computed in the primal sweep, next to sin of the same slot (one sincos),
    and the terms of a sum are read from the sum's adjoint, not stored."""
    c = adkit.compile("sin(x)*y + x", backend="c")
    source, = library_units(c, "vjp")  # a short program: one unit
    assert "    t[2] = sin(t[0]);\n    p[0] = cos(t[0]);" in source
    assert "b[3]" not in source and "b[2] += b[4] * t[1];" in source  # t[3] = sin x·y: a term of the sum
    # x's two terms in one statement, in the interpreter's order (from the sum, then from sin)
    assert "    b[0] = b[0] + b[4] + b[2] * p[0];" in source
    # only the adjoints the sweep adds to are cleared: b[3] is b[4]'s copy
    assert "    for (long i = 0; i < 3; i++) b[i] = 0.0;\n    b[4] = 0.0;\n" in source
    assert "p[" not in "".join(library_units(c, "evaluate") + library_units(c, "jvp"))


def test_the_c_source_has_nothing_a_user_typed() -> None:
    c = adkit.compile("my_secret_name = ln(x) + x*y\nz = my_secret_name*2", backend="c")
    for entry in ("evaluate", "jvp", "vjp"):
        assert "my_secret_name" not in "".join(library_units(c, entry))


def test_no_compiler_is_a_one_line_error(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CC", raising=False)
    with pytest.raises(AdkitError) as got:
        adkit.compile("x*y", backend="c")
    assert got.value.key == "native.no_compiler"
    status, out, err = run_cli("codegen", "x*y", "--mode", "reverse", "--target", "c", "--run", "--at", "x=1,y=2")
    assert status == 2 and out == ""
    assert err.strip() == "adkit: error: no C compiler found: install gcc (apt-get install gcc) or set CC"


def test_a_failing_compiler_is_a_one_line_error(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("ADKIT_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("CC", need("false"))
    with pytest.raises(AdkitError) as got:
        adkit.compile("x*y + 0.375", backend="c").evaluate({"x": 1.0, "y": 2.0})
    assert got.value.key == "native.compiler_failed" and "\n" not in str(got.value)


def test_cache_folder_defaults(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("ADKIT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert native.cache_dir() == tmp_path / "adkit" / "c"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert native.cache_dir() == native.Path.home() / ".cache" / "adkit" / "c"


# ---- the command line -----------------------------------------------------------
def test_codegen_run_prints_value_and_gradient() -> None:
    status, out, err = run_cli("codegen", "ln(x1) + x1*x2 - sin(x2)", "--mode", "reverse", "--target", "c",
                               "--run", "--at", "x1=2,x2=5")
    assert (status, err) == (0, "")
    assert out == "y = 11.652071455223084\ndy/dx1 = 5.5\ndy/dx2 = 1.7163378145367738\n"
    status, out, _ = run_cli("codegen", "ln(x1) + x1*x2 - sin(x2)", "--mode", "forward", "--wrt", "x2",
                             "--target", "c", "--run", "--at", "x1=2,x2=5")
    assert (status, out) == (0, "y = 11.652071455223084\ndy/dx2 = 1.7163378145367738\n")
    status, out, _ = run_cli("codegen", "ln(x1) + x1*x2", "--mode", "forward", "--target", "c",
                             "--run", "--at", "x1=2,x2=5")
    assert (status, out) == (0, "y = 10.693147180559945\ndy/dx1 = 5.5\n")


@pytest.mark.parametrize("argv, text", [
    (["--mode", "reverse", "--target", "c", "--run", "--at", "x=-1"], "v₁ = ln v₀: ln is undefined at -1"),
    (["--mode", "reverse", "--target", "c", "--run"], "--run needs a point"),
    (["--mode", "reverse", "--run", "--at", "x=1"], "--run compiles C"),
])
def test_codegen_run_errors(argv, text) -> None:
    status, out, err = run_cli("codegen", "ln(x)", *argv)
    assert status == 2 and out == "" and text in err and err.count("\n") == 1


def test_cost_measure_times_three_engines_beside_the_model() -> None:
    status, out, err = run_cli("cost", "ln(x1) + x1*x2 - sin(x2)", "--at", "x1=2,x2=5", "--measure")
    assert (status, err) == (0, "")
    for row in ("interpreter", "Python code", "C code", "model (operations)", "2 forward sweeps", "1 reverse sweep"):
        assert row in out
    status, out, _ = run_cli("cost", "ln(x1) + x1*x2 - sin(x2)", "--at", "x1=2,x2=5", "--measure", "--format", "json")
    import json

    data = json.loads(out)
    assert [e["engine"] for e in data["engines"]] == ["interpreter", "python", "c"]
    assert all(e["evaluate"] > 0 and e["forward"] > 0 and e["reverse"] > 0 for e in data["engines"])
    assert (data["model_evaluate"], data["model_forward"], data["model_reverse"]) == (15, 78, 44)


@pytest.mark.parametrize(("lang", "cached"), [("en", "cached"), ("vi", "đã có sẵn")])
def test_cost_measure_says_when_the_c_library_came_from_the_cache(lang: str, cached: str) -> None:
    """The second measurement of one formula loads the library it built: its compile time is no time."""
    argv = ["cost", f"exp(x1)*x2 + tanh(x1) + {len(lang + cached)}", "--at", "x1=0.5,x2=2", "--measure", "--lang", lang]
    first, second = run_cli(*argv)[1], run_cli(*argv)[1]
    setup_row = lambda out: next(line for line in out.splitlines() if "+" in line and "÷" not in line)  # noqa: E731
    assert cached not in setup_row(first) and setup_row(second).rstrip("│ –").endswith(cached)


@pytest.mark.parametrize(("seconds", "shown"), [(None, "–"), (2.716, "2.72 s"), (1.0, "1 s"), (0.2716, "272 ms"), (0.00124, "1.24 ms"),
                                                (4.414e-06, "4.41 µs"), (1.2e-07, "0.12 µs"), (8.5e-08, "85 ns")])
def test_measured_seconds_are_written_in_a_short_unit(seconds, shown) -> None:
    from adkit.cli.cost import _seconds

    assert _seconds(seconds) == shown


def test_cost_measure_without_a_compiler_says_why_in_the_c_row(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CC", raising=False)
    status, out, _ = run_cli("cost", "x*y", "--at", "x=1,y=2", "--measure", "--format", "json")
    import json

    engines = json.loads(out)["engines"]
    assert status == 0 and engines[2]["unavailable"].startswith("no C compiler found")
    assert engines[1]["evaluate"] > 0


def test_cost_measure_several_outputs() -> None:
    status, out, _ = run_cli("cost", "a = x*y\nb = sin(x)", "--at", "x=1,y=2", "--outputs", "a,b", "--measure")
    assert status == 0 and "C code" in out
