"""Issue 3 figures: verification time, property-test throughput, fuzzing coverage.

Run from the repository root::

    python benchmarks/verify_speed.py

Prints Markdown for the "## Issue 3: verification" section of RESULTS.md.
"""

from __future__ import annotations

import dis
import inspect
import os
import statistics
import sys
import time
import types

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))

import warnings  # noqa: E402

import adkit  # noqa: E402

warnings.simplefilter("ignore")  # kinks met by the fuzz examples are expected
from adkit.verify.check import verify  # noqa: E402


def seed_example() -> list[str]:
    t = adkit.trace("ln(x1) + x1*x2 - sin(x2)", at={"x1": 2.0, "x2": 5.0}, mode="both")
    verify(t)  # warm: sympy imported once
    times = []
    for _ in range(5):
        v = verify(t)
        times.append(v.seconds)
    checks = sum(r.status == "ok" for r in v.rows)
    return [f"| seed example (Table 2/3), both modes, {checks} row checks + 2 partials | "
            f"{statistics.median(times) * 1000:.0f} ms (median of 5) | symbolic: {v.symbolic} |"]


def big_program(steps: int = 10_000) -> list[str]:
    n = steps // 3
    text = "; ".join(["a0 = x"] + [f"a{i} = a{i - 1} + 0.5*sin(a{i - 1})" for i in range(1, n)] + [f"y = a{n - 1}*y0"])
    text = text.replace("a0 = x", "a0 = x; y0 = cos(x)")
    t = adkit.trace(text, at={"x": 1.0})
    out = []
    for timeout in (1.0, 5.0):
        v = verify(t, timeout=timeout)
        out.append(f"| {len(t.program.steps):,}-step program, --verify-timeout {timeout:g} | {v.seconds:.2f} s | "
                   f"symbolic: {v.symbolic}, timed out: {v.timed_out}, numeric checks ok: {v.ok} |")
    v = verify(t, timeout=5.0, rows=False)
    out.append(f"| same, gradient only (rows=False) | {v.seconds:.2f} s | symbolic: {v.symbolic}, ok: {v.ok} |")
    # a wide program of the same size: y = Σₖ sin(cₖ·x)·x, 3 steps per term
    terms = " + ".join(f"sin({k + 1}*x)*x" for k in range(steps // 3))
    t = adkit.trace(terms, at={"x": 0.3})
    for rows in (False, True):
        v = verify(t, timeout=5.0, rows=rows)
        out.append(f"| {len(t.program.steps):,}-step wide sum, rows={rows}, timeout 5 | {v.seconds:.2f} s | "
                   f"symbolic: {v.symbolic}, timed out: {v.timed_out}, ok: {v.ok} |")
    return out


def property_throughput() -> list[str]:
    import test_properties as tp
    from strategies import PROFILE, examples

    out = []
    for name, count in [("test_forward_equals_reverse_and_finite_differences_agree", examples(1000)),
                        ("test_engines_equal_sympy", examples(250)),
                        ("test_printed_program_reparses_to_the_same_wengert_list", examples(500))]:
        started = time.perf_counter()
        getattr(tp, name)()
        seconds = time.perf_counter() - started
        out.append(f"| {name} ({PROFILE}) | {count} examples in {seconds:.1f} s | {count / seconds:.0f} examples/s |")
    return out


def _lines(module: types.ModuleType) -> set[int]:
    lines: set[int] = set()
    stack = [obj.__code__ for obj in vars(module).values()
             if inspect.isfunction(obj) and obj.__module__ == module.__name__]
    for cls in [c for c in vars(module).values() if inspect.isclass(c) and c.__module__ == module.__name__]:
        stack += [f.__code__ for f in vars(cls).values() if inspect.isfunction(f)]
    while stack:
        code = stack.pop()
        if code.co_filename != module.__file__:
            continue  # dataclass-generated methods
        lines.update(line for _, line in dis.findlinestarts(code) if line is not None)
        stack.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
    return lines


def fuzz_coverage() -> list[str]:
    import test_parser_fuzz as tf

    from adkit import lexer, parser, wengert

    modules = {m.__file__: m for m in (lexer, parser, wengert)}
    hit: dict[str, set[int]] = {f: set() for f in modules}

    def tracer(frame, event, arg):
        f = frame.f_code.co_filename
        if f in hit:
            hit[f].add(frame.f_lineno)
            return tracer
        return None

    started = time.perf_counter()
    sys.settrace(tracer)
    try:
        for name in ("test_arbitrary_unicode_text", "test_grammar_soup", "test_random_bytes",
                     "test_mutations_of_valid_expressions"):
            getattr(tf, name)()
    finally:
        sys.settrace(None)
    seconds = time.perf_counter() - started
    out = [f"| hypothesis fuzz tests (text, grammar soup, bytes, mutations), traced | {seconds:.1f} s | |"]
    for f, module in modules.items():
        lines = _lines(module)
        covered = len(hit[f] & lines)
        out.append(f"| line coverage of adkit/{os.path.basename(f)} (functions) | {covered}/{len(lines)} | "
                   f"{100 * covered / len(lines):.0f} % |")
    return out


if __name__ == "__main__":
    print("| measurement | figure | notes |")
    print("|---|---|---|")
    for section in (seed_example, big_program, property_throughput, fuzz_coverage):
        for line in section():
            print(line, flush=True)
