"""Fair variants: every student's exercise has one structure and only other numbers.

A roster's sheets are marked against one another, so each student must fill
in the same steps, the same blanks and earn the same marks.  The structure
(the Wengert list's operations and wiring, where its literals stand) is drawn
once from the worksheet's seed; a student's seed draws only numbers: the
point and, for random exercises, the constants that are not exponents.  A
draw is kept only when it leaves the structure as it is and its trace is
zero exactly where the worksheet's is (so no student gets a dead ReLU, an
input 0 or a vanishing tangent another does not); kinks, domain errors and
unreadable numbers are redrawn as for any exercise.
"""

from __future__ import annotations

import random
import warnings
from typing import Any

from adkit.api import compile_program
from adkit.coursework.generate import draw_point
from adkit.coursework.shapes import shape_point
from adkit.errors import AdkitError, BindingError
from adkit.ir.wengert import Literal
from adkit.language.lexer import tokenize
from adkit.trace import Trace, trace

#: Constants a student's variant may get instead of a whole number, or a decimal one, of the worksheet's.
WHOLE = ("2", "3", "4", "5")
DECIMAL = ("0.1", "0.2", "0.3", "0.5", "1.2", "1.5", "2.5")
#: Draws of constants per student and exercise before giving up (each tries a few points).
TRIES = 200


def structure(program: Any) -> tuple[Any, ...]:
    """What every variant shares: each step's operation and arguments, a literal as a mere place."""
    return tuple((s.op, tuple("literal" if isinstance(a, Literal) else a for a in s.args)) for s in program.steps)


def zeros(t: Trace) -> tuple[bool, ...]:
    """Which values, tangents and adjoints of a trace are exactly 0."""
    return tuple(x == 0 for r in t.steps for x in (r.value, *r.tangents, *r.adjoints))


def renumber(text: str, rng: random.Random) -> str:
    """``text`` with each number that is not an exponent drawn afresh (whole for whole, decimal for decimal)."""
    tokens = tokenize(text)
    pieces, last = [], 0
    for before, token in zip([None, *tokens], tokens):
        if token.kind == "NUM" and not (before and before.text == "^"):
            pieces += [text[last:token.start], rng.choice(WHOLE if token.text.isdigit() else DECIMAL)]
            last = token.end
    return "".join(pieces) + text[last:]


def fair_random(base: tuple[str, dict[str, float]], seed: int) -> tuple[str, dict[str, float]]:
    """A student's variant of a random exercise ``base`` = ``(text, point)``: other constants, another point."""
    text, point = base
    inputs = list(point)
    program = compile_program(text, inputs=inputs)
    shape, pattern = structure(program), zeros(_trace(program, point))
    rng = random.Random(seed)
    for _ in range(TRIES):
        candidate = renumber(text, rng)
        try:
            other = compile_program(candidate, inputs=inputs)
        except AdkitError:
            continue
        if structure(other) != shape:
            continue
        found = shape_point(other, inputs, rng, lambda t: not t.warnings and zeros(t) == pattern)
        if found is not None:
            return candidate, found
    raise BindingError("exam.no_variant", expression=text)


def fair_point(expression: str, seed: int, worksheet_seed: int) -> dict[str, float]:
    """A student's point for a fixed expression: zero where the worksheet's own point is."""
    program = compile_program(expression)
    pattern = zeros(_trace(program, _worksheet_point(program, worksheet_seed, expression)))
    point = draw_point(program, random.Random(seed), tries=TRIES, accept=lambda t: zeros(t) == pattern)
    if point is None:
        raise BindingError("exam.no_variant", expression=expression)
    return point


def _worksheet_point(program: Any, seed: int, expression: str) -> dict[str, float]:
    """The worksheet's point: the first the seed draws with no input exactly 0."""
    point = draw_point(program, random.Random(seed), tries=TRIES,
                       accept=lambda t: all(x != 0 for x in t.point.values()))
    if point is None:
        raise BindingError("exam.no_point", expression=expression)
    return point


def _trace(program: Any, point: dict[str, float]) -> Trace:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return trace(program, at=point, mode="both")


__all__ = ["DECIMAL", "WHOLE", "fair_point", "fair_random", "renumber", "structure", "zeros"]
