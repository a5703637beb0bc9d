"""Random formulas, points and API calls: no raw exception, no NaN or ±inf in any result.

Run by hand (not by pytest; tests/test_finite_fuzz.py runs the same checks
under hypothesis)::

    PYTHONPATH=. python3 tests/fuzz/fuzz_finite.py 100000 [seed]

Prints the inputs tried, the failures (each with its input) and the time.
"""

from __future__ import annotations

import json
import math
import random
import sys
import time
import traceback
import warnings
from typing import Any

import adkit
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


def one(rng: random.Random) -> None:
    """One random call; raise AssertionError (or a raw exception) on a finding."""
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
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            if call == 0:
                result: Any = program.evaluate(at)
            elif call == 1:
                result = program.gradient(at)
            elif call == 2:
                result = program.jvp(at, at)
            elif call == 3:
                result = program.vjp(at, rng.choice((1.0, -2.0, None, "a", 1e308)))
            elif call == 4:
                result = program.hessian(at, rng.choice(("forward-over-reverse", "forward-over-forward")))
            elif call == 5:
                result = program.hvp(at, at)
            elif call == 6:
                result = program.jacobian(at, "forward", vector=rng.random() < 0.5)
            elif call == 7:
                trace = adkit.trace(text, at=at, mode=rng.choice(("forward", "reverse", "both")))
                result = json.loads(trace.to_json(), parse_constant=_reject)
            else:
                fn = (lambda x, y: adkit.sin(x) * y + adkit.exp(x)) if len(program.inputs) == 2 else None
                if fn is None:
                    return
                result = adkit.trace(fn, at=at).to_dict()
        except AdkitError as error:
            str(error)
            return
    assert finite(result), f"non-finite result {result!r}"


def main(count: int, seed: int = 0) -> int:
    rng = random.Random(seed)
    failures: dict[str, str] = {}
    start = time.perf_counter()
    for i in range(count):
        state = rng.getstate()
        try:
            one(rng)
        except Exception as error:  # a finding: anything that is not an AdkitError
            where = traceback.extract_tb(error.__traceback__)[-1]
            key = f"{type(error).__name__}: {str(error)[:80]} at {where.filename.rsplit('/', 1)[-1]}:{where.lineno}"
            if key not in failures:
                replay = random.Random()
                replay.setstate(state)
                failures[key] = formula(replay)
    seconds = time.perf_counter() - start
    print(f"{count} inputs, {len(failures)} distinct failures, {seconds:.1f} s")
    for key, text in failures.items():
        print(f"  {key}  ({text})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000, int(sys.argv[2]) if len(sys.argv) > 2 else 0))
