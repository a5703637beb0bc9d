"""Random formulas, points, API calls and command lines: no traceback, no raw
exception, no hang, no NaN or ±inf in any result or output.

Run by hand (not by pytest; tests/test_finite_fuzz.py runs the same checks
under hypothesis)::

    PYTHONPATH=. nice -n 10 python3 tests/fuzz/fuzz_finite.py 100000 [seed]

Half the inputs are API calls (:func:`one`), half are ``adkit`` command lines
run in-process (:func:`one_cli`).  Prints the inputs tried, each distinct
finding with its input and traceback, the hangs (over 5 s), the slowest input
and the wall time.
"""

from __future__ import annotations

import io
import json
import math
import random
import re
import signal
import sys
import time
import traceback
import warnings
from typing import Any

from rich.console import Console

import adkit
from adkit.cli import main as cli_main
from adkit.errors import AdkitError

UNARY = ("sin", "cos", "tan", "exp", "log", "sqrt", "atan", "asin", "tanh", "abs")
BINARY = ("+", "-", "*", "/", "^")
EXTREMES = (0.0, -0.0, 1.0, -1.0, 5e-324, -5e-324, 1e-300, 1e154, 1e200, 1e308, -1e308, 709.0, 710.0, 0.5, -3.0)
BAD_POINTS = (None, 1.0, "12", [1], [[1.0]], {"x": "1"}, {"x": None}, {"x": True}, {"x": 10 ** 400},
              {"x": [1.0]}, {"x": float("nan")}, {"x": float("inf")}, {"x": 1j}, {1: 2.0}, {"zz": 1.0}, {})


def formula(rng: random.Random, depth: int = 0) -> str:
    """A random formula over x and y with literals, unary functions and binary operators."""
    r = rng.random()
    if depth > 3 or r < 0.3:
        return rng.choice(["x", "y", "x", "2", "1", "0.5", "3", "(1+1)", "1e300", "pi"])
    if r < 0.55:
        return f"{rng.choice(UNARY)}({formula(rng, depth + 1)})"
    return f"({formula(rng, depth + 1)}){rng.choice(BINARY)}({formula(rng, depth + 1)})"


def finite(data: Any) -> bool:
    """Every number in a (nested) result is finite."""
    if isinstance(data, float):
        return math.isfinite(data)
    if isinstance(data, dict):
        return all(map(finite, data.values()))
    if isinstance(data, (list, tuple)):
        return all(map(finite, data))
    return True


def _reject(constant: str) -> None:
    raise ValueError(f"non-finite constant {constant} in JSON")


def one(rng: random.Random, seen: list[str] | None = None) -> None:
    """One random API call; raise AssertionError (or a raw exception) on a finding.

    The call tried is appended to ``seen`` before it runs.
    """
    text = formula(rng)
    backend = rng.choice(("interpreter", "codegen"))
    try:
        program = adkit.compile(text, backend=backend)
    except AdkitError:
        return
    if rng.random() < 0.15:
        at: Any = rng.choice(BAD_POINTS)
    else:
        at = {name: rng.choice(EXTREMES) * rng.choice((1.0, 1.0, 3.7)) for name in program.inputs}
    call = rng.randrange(9)
    if seen is not None:
        seen.append(f"api {backend} call {call} {text!r} at={at!r}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = _call(program, call, at, text, rng)
        if backend == "codegen" and call < 3:  # the generated code answers like the interpreter
            twin = _call(adkit.compile(text), call, at, text, rng)
            assert _same(result, twin), f"codegen differs from the interpreter: {result!r} vs {twin!r}"
    if isinstance(result, AdkitError):
        str(result)
        return
    assert finite(result), f"non-finite result {result!r}"


def _call(program: adkit.Program, call: int, at: Any, text: str, rng: random.Random) -> Any:
    """Call number ``call`` of the API; an AdkitError is returned, not raised."""
    try:
        if call == 0:
            return program.evaluate(at)
        if call == 1:
            return program.gradient(at)
        if call == 2:
            return program.jvp(at, at)
        if call == 3:
            return program.vjp(at, rng.choice((1.0, -2.0, None, "a", 1e308)))
        if call == 4:
            return program.hessian(at, rng.choice(("forward-over-reverse", "forward-over-forward")))
        if call == 5:
            return program.hvp(at, at)
        if call == 6:
            return program.jacobian(at, "forward", vector=rng.random() < 0.5)
        if call == 7:
            trace = adkit.trace(text, at=at, mode=rng.choice(("forward", "reverse", "both")))
            return json.loads(trace.to_json(), parse_constant=_reject)
        if len(program.inputs) != 2:
            return None
        return adkit.trace(lambda x, y: adkit.sin(x) * y + adkit.exp(x), at=at).to_dict()
    except AdkitError as error:
        return error


def _same(a: Any, b: Any) -> bool:
    """Equal results, or errors of the same class and text."""
    if isinstance(a, AdkitError) or isinstance(b, AdkitError):
        return type(a) is type(b) and str(a) == str(b)
    return a == b


COMMANDS = (
    ("trace", "--mode", "reverse"), ("trace", "--mode", "forward"), ("trace", "--mode", "both"),
    ("trace", "--mode", "forward", "--wrt", "x"), ("trace", "--style", "textbook"), ("trace", "--explain"),
    ("hessian",), ("hessian", "--method", "forward-over-forward"), ("hessian", "--hvp", "x=1"),
    ("jacobian",), ("jacobian", "--mode", "forward"), ("jacobian", "--mode", "forward", "--vector"),
    ("cost",), ("graph", "--mode", "both"), ("codegen", "--mode", "reverse"), ("codegen", "--mode", "forward"),
    ("trace", "--mode", "forward", "--seed", "x={v}"), ("trace", "--adjoint-seed", "{v}"),
    ("hessian", "--hvp", "x={v}"), ("codegen", "--mode", "forward", "--target", "c"),
)
FORMATS = ("table", "json", "markdown", "latex", "csv", "html")
BAD_AT = ("x=", "x=1e999", "x=nan", "x=inf", "x=-inf", "x=abc", "x=1 y=2", "x=1;y=2", "x=1,x=2", "=1", "x",
          "x=10**400", "x=0x10", "x=1e-99999", "x=٣", "z=1")
NON_FINITE = re.compile(r"(?<![\w\\])(nan|inf|infinity)(?!\w)|∞", re.IGNORECASE)


def _console(buffer: io.StringIO) -> Console:
    return Console(file=buffer, width=120, color_system=None, force_terminal=False, highlight=False,
                   soft_wrap=True, legacy_windows=False)


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of ``adkit ARGV``, in-process."""
    out, err = io.StringIO(), io.StringIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        status = cli_main(argv, out=_console(out), err=_console(err))
    return status, out.getvalue(), err.getvalue()


def one_cli(rng: random.Random, seen: list[str] | None = None) -> None:
    """One random ``adkit`` command line, run in-process; raise AssertionError on a finding.

    Success prints no NaN/inf (strict JSON for ``--format json``); failure is
    exit 2 with one line on stderr (plus the text and a caret for a syntax
    error) and nothing on stdout; never a traceback.
    """
    text = formula(rng)
    if rng.random() < 0.2:  # as adkit prints it
        text = text.replace("*", "·").replace("-", "−").replace("sqrt", "√")
    command = [part.replace("{v}", repr(rng.choice(EXTREMES))) for part in rng.choice(COMMANDS)]
    names = [name for name in ("x", "y") if re.search(rf"\b{name}\b", text)]
    if rng.random() < 0.15:
        at = rng.choice(BAD_AT)
    else:
        at = ",".join(f"{name}={rng.choice(EXTREMES) * rng.choice((1.0, 3.7))!r}" for name in names)
    argv = [command[0], text] + (["--at", at] if at else []) + command[1:]
    fmt = "table"
    if command[0] in ("trace", "hessian", "jacobian", "cost"):
        fmt = rng.choice(FORMATS if command[0] == "trace" else ("table", "json"))
        argv += ["--format", fmt]
    if seen is not None:
        seen.append("cli adkit " + " ".join(repr(a) if not re.fullmatch(r"[\w=.,+-]+", a) else a for a in argv))
    code, out, err = run_cli(argv)
    assert "Traceback" not in out + err, f"traceback: {err[-300:]}"
    if code == 0:
        if fmt == "json":
            json.loads(out, parse_constant=_reject)
        found = NON_FINITE.search(out if command[0] != "codegen" else out.split("\n\n\n")[0] + out.replace("math.inf", ""))
        assert found is None, f"non-finite {found.group(0)!r} in output"
    else:
        assert code == 2, f"exit status {code}"
        lines = [line for line in err.rstrip().splitlines() if not line.startswith("adkit: warning:")]
        caret = len(lines) == 3 and re.fullmatch(r" *\^+", lines[2])  # a syntax error: the text and a caret
        assert out == "" and (len(lines) == 1 or caret), f"not one error line: {err[:300]!r}"


class Hang(BaseException):
    """Raised by the alarm: one input ran longer than HANG_SECONDS."""


HANG_SECONDS = 5


def _alarm(signum: int, frame: Any) -> None:
    raise Hang(f"over {HANG_SECONDS} s")


def main(count: int, seed: int = 0) -> int:
    rng = random.Random(seed)
    findings: dict[str, tuple[str, str]] = {}  # key -> (input, traceback)
    kinds = {"raw exception": 0, "traceback": 0, "non-finite": 0, "hang": 0, "codegen mismatch": 0, "other": 0}
    tried = {"api": 0, "cli": 0}
    slowest = (0.0, "")
    signal.signal(signal.SIGALRM, _alarm)
    start = time.perf_counter()
    for i in range(count):
        seen: list[str] = []
        kind = "cli" if rng.random() < 0.5 else "api"
        tried[kind] += 1
        began = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)
        try:
            (one_cli if kind == "cli" else one)(rng, seen)
            signal.setitimer(signal.ITIMER_REAL, 0)
        except (Exception, Hang) as error:  # a finding: anything that is not an AdkitError
            signal.setitimer(signal.ITIMER_REAL, 0)
            text = str(error)
            label = ("hang" if isinstance(error, Hang) else "traceback" if text.startswith("traceback")
                     else "non-finite" if "non-finite" in text else "codegen mismatch" if text.startswith("codegen")
                     else "other" if isinstance(error, AssertionError) else "raw exception")
            kinds[label] += 1
            where = traceback.extract_tb(error.__traceback__)[-1]
            key = f"{label}: {type(error).__name__}: {text[:80]} at {where.filename.rsplit('/', 1)[-1]}:{where.lineno}"
            if key not in findings:
                findings[key] = (seen[-1] if seen else "?", traceback.format_exc())
        seconds = time.perf_counter() - began
        if seconds > slowest[0]:
            slowest = (seconds, seen[-1] if seen else "?")
    wall = time.perf_counter() - start
    print(f"{count} inputs (seed {seed}): {tried['api']} API calls, {tried['cli']} command lines; {wall:.1f} s wall")
    print("findings: " + ", ".join(f"{n} {k}" for k, n in kinds.items()) + f"; {len(findings)} distinct")
    print(f"slowest input: {slowest[0]:.3f} s  {slowest[1]}")
    for key, (case, trace) in findings.items():
        print(f"\n{key}\n  input: {case}\n" + "\n".join("    " + line for line in trace.splitlines()))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000, int(sys.argv[2]) if len(sys.argv) > 2 else 0))
