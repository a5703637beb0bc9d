"""Random exercises: a program of the requested size and a point where its trace is readable.

The point is checked by evaluating the trace and retrying (domains, kinks and
readable magnitudes are never special-cased).
"""

from __future__ import annotations

import math
import random
import warnings
from typing import Any

from adkit.errors import AdkitError, BindingError
from adkit.ir.primitives import REGISTRY
from adkit.ir.wengert import Literal
from adkit.modes.program import compile_program
from adkit.trace import Trace, trace

#: Readable exercises: every value, tangent and adjoint stays below this in size.
READABLE = 1e3

#: Per difficulty 1..5: (fewest, most) inputs and (fewest, most) steps.
LEVELS = {1: ((1, 2), (3, 4)), 2: ((1, 2), (4, 6)), 3: ((2, 3), (6, 9)), 4: ((2, 4), (8, 12)), 5: ((3, 4), (11, 15))}
_INFIX = {"{0} + {1}": 1, "{0} - {1}": 1, "{0}*{1}": 2, "{0}/{1}": 2, "{0}^{1}": 3, "-{0}": 1}
_NAMES = ("x", "y", "z", "w")
_ATOM = 4


def _wrap(text: str, level: float, need: float) -> str:
    return text if level >= need else f"({text})"


def _apply(prim_name: str, args: list[tuple[str, float]]) -> tuple[str, float]:
    """Text of a primitive applied to argument texts, parenthesised by precedence."""
    prim = REGISTRY[prim_name]
    level = _INFIX.get(prim.syntax)
    if level is None:  # a function call: arguments need no parentheses
        return prim.syntax.format(*(t for t, _ in args)), _ATOM
    if prim.arity == 1:
        return prim.syntax.format(_wrap(args[0][0], args[0][1], 3)), 1
    if level == 3:  # right-associative ^: the base needs more than a power
        left, right = _wrap(args[0][0], args[0][1], _ATOM), _wrap(args[1][0], args[1][1], 3)
    else:
        left, right = _wrap(*args[0], level), _wrap(*args[1], level + 0.5)
    return prim.syntax.format(left, right), level


def _candidate(rng: random.Random, difficulty: int) -> tuple[str, list[str]]:
    (lo_in, hi_in), (lo, hi) = LEVELS[difficulty]
    inputs = list(_NAMES[: rng.randint(lo_in, hi_in)])
    if len(inputs) > 1:
        inputs = [f"x{i + 1}" for i in range(len(inputs))]
    target = rng.randint(lo, hi)
    pool: list[tuple[str, float]] = [(name, _ATOM) for name in inputs]
    unused = list(range(len(pool)))
    ops = sorted(REGISTRY)
    made = 0
    while made < target - max(len(unused) - 1, 0) or len(unused) > 1:
        if made >= target - max(len(unused) - 1, 0):  # tie up what is left into one output
            name = rng.choice(("add", "mul", "sub"))
        else:
            name = rng.choice(ops + ["add", "mul", "sub"] * 2)  # arithmetic a little more often
        prim = REGISTRY[name]
        first = unused.pop(rng.randrange(len(unused))) if unused else rng.randrange(len(pool))
        args = [pool[first]]
        if prim.arity == 2:
            if rng.random() < 0.25:
                args.append((rng.choice(("2", "3")), _ATOM))
            elif unused and rng.random() < 0.5:
                args.append(pool[unused.pop(rng.randrange(len(unused)))])
            else:  # an already used value: fan-out
                args.append(pool[rng.randrange(len(pool))])
        pool.append(_apply(name, args))
        unused.append(len(pool) - 1)
        made += 1
    return pool[-1][0], inputs


def _fan_out(program: Any) -> bool:
    uses: dict[int, int] = {}
    for step in program.steps:
        for a in step.args:
            if not isinstance(a, Literal):
                uses[a] = uses.get(a, 0) + 1
    return any(n > 1 for n in uses.values())


def readable(t: "Trace") -> bool:
    """Every number of the trace is finite and smaller than :data:`READABLE` in size."""
    numbers = [r.value for r in t.steps] + [x for r in t.steps for x in r.tangents + r.adjoints]
    return all(math.isfinite(x) and abs(x) < READABLE for x in numbers)


def generate(difficulty: int, seed: int) -> tuple[str, dict[str, float]]:
    """A random ``(expression, point)`` of the given difficulty (1..5), reproducible by ``seed``.

    Inputs 1–4 and steps 3–15 grow with the difficulty; from difficulty 3 on
    some value is used twice (fan-out).  The point has one decimal in
    [-2, 2] and is accepted only when the whole trace (values, tangents,
    adjoints) evaluates inside every primitive's domain, away from kinks,
    with readable magnitudes; otherwise another point or program is drawn.
    """

    if difficulty not in LEVELS:
        raise BindingError("exercise.difficulty", difficulty=difficulty)
    rng = random.Random(seed)
    (_, _), (lo, hi) = LEVELS[difficulty]
    while True:
        text, inputs = _candidate(rng, difficulty)
        try:
            program = compile_program(text, inputs=inputs)
        except AdkitError:
            continue
        n_steps = len(program.steps) - len(inputs)
        if not lo <= n_steps <= hi or (difficulty >= 3 and not _fan_out(program)):
            continue
        point = draw_point(program, rng)
        if point is not None:
            return text, point


def draw_point(program: Any, rng: random.Random, tries: int = 20) -> dict[str, float] | None:
    """A point with one decimal in [-2, 2] where the whole trace is in every domain, away
    from kinks and readable (:func:`readable`); None after ``tries`` rejected draws."""
    for _ in range(tries):
        point = {name: rng.randint(-20, 20) / 10 for name in program.inputs}
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t = trace(program, at=point, mode="both")
            if not t.warnings and readable(t):  # warnings: a kink was hit
                return point
        except (AdkitError, ArithmeticError, ValueError):
            pass
    return None


def worksheet_seeds(seed: int, count: int) -> list[int]:
    """The seeds of a worksheet's exercises: ``seed`` itself first, then drawn from it."""
    rng = random.Random(seed)
    return [seed] + [rng.randrange(2**31) for _ in range(count - 1)]


__all__ = ["LEVELS", "draw_point", "generate", "readable", "worksheet_seeds"]
