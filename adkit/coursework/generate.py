"""Random exercises: shaped expressions (:mod:`adkit.coursework.shapes`), and points
where a given program's trace is readable.

A point is checked by evaluating the trace and retrying (domains, kinks and
readable magnitudes are never special-cased).
"""

from __future__ import annotations

import math
import random
import warnings
from typing import Any, Callable

from adkit.errors import AdkitError
from adkit.coursework.shapes import generate_shape
from adkit.trace import Trace, trace

#: Readable exercises: every value, tangent and adjoint stays below this in size.
READABLE = 1e3


def readable(t: "Trace") -> bool:
    """Every number of the trace is finite and smaller than :data:`READABLE` in size."""
    numbers = [r.value for r in t.steps] + [x for r in t.steps for x in r.tangents + r.adjoints]
    return all(math.isfinite(x) and abs(x) < READABLE for x in numbers)


def generate(difficulty: int, seed: int, shape: str | None = None) -> tuple[str, dict[str, float]]:
    """A random ``(expression, point)`` of the given difficulty (1..5), reproducible by ``seed``:
    a named shape of AD courses (:mod:`adkit.coursework.shapes`)."""
    return generate_shape(difficulty, seed, shape)


def draw_point(program: Any, rng: random.Random, tries: int = 20,
               accept: Callable[[Trace], bool] = lambda t: True) -> dict[str, float] | None:
    """A point with one decimal in [-2, 2] where the whole trace is in every domain, away
    from kinks, readable (:func:`readable`) and ``accept``-ed; None after ``tries`` rejected draws."""
    for _ in range(tries):
        point = {name: rng.randint(-20, 20) / 10 for name in program.inputs}
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t = trace(program, at=point, mode="both")
            if not t.warnings and readable(t) and accept(t):  # warnings: a kink was hit
                return point
        except (AdkitError, ArithmeticError, ValueError):
            pass
    return None


def worksheet_seeds(seed: int, count: int) -> list[int]:
    """The seeds of a worksheet's exercises: ``seed`` itself first, then drawn from it."""
    rng = random.Random(seed)
    return [seed] + [rng.randrange(2**31) for _ in range(count - 1)]


__all__ = ["draw_point", "generate", "readable", "worksheet_seeds"]
