"""Carried errors: is a wrong cell right from the student's own earlier numbers?

A number the student wrote stands for anything within half a unit of its last
digit (what they would have had at full precision), at most the tolerance of
the precision asked (a number written with fewer digits is imprecise anyway).  A cell is recomputed
from the student's numbers, and the error bounds of those numbers are
propagated to it: for a value through the step's local partials
(:func:`adkit.modes.reverse.step_partials`, the engines' own), for a tangent
or an adjoint (linear in the student's tangents or adjoints, with partials
that depend on the student's values) by moving one number at a time to the
ends of its bound.  The cell is carried when what the student wrote lies
within the propagated bound plus the tolerance of the rule (or half a unit of its
own last digit, when that is wider).  A partial that can be written from the
step's output (``v̄₁ = v̄₃·v₃`` for ``v₃ = exp v₁``) is read both ways: with the
output the student wrote and with it recomputed from the student's arguments.
"""

from __future__ import annotations

import math
from typing import Callable

from adkit.coursework.answers import parse_number
from adkit.coursework.key import KeyExercise
from adkit.coursework.mistakes import Computation, correct
from adkit.coursework.tolerance import Rule, significant
from adkit.modes.reverse import step_partials

Cell = tuple[str, str]  # (step name, column id)


class Numbers:
    """Expected numbers from the key, the student's numbers, and recomputation of a
    cell from the student's numbers with its error bound."""

    def __init__(self, ex: KeyExercise, given: dict[str, dict[str, str]], the_rule: Rule) -> None:
        self.ex = ex
        self.rule = the_rule
        self.entry = ex.by_name
        self.given = given
        self._read: dict[Cell, tuple[float, float]] = {}
        self.program = ex.program  # compiled once per key, not per sheet

    def expected(self, step: str, cid: str) -> float:
        return self.entry[step].answer(cid)

    def student(self, step: str, cid: str) -> tuple[float, float]:
        """The student's number and its error bound where readable, else the key's (exact).

        The bound is half a unit in the last digit written, but no more than the
        tolerance of the precision asked; the point and the seed are given (exact).
        Read once per cell: recomputing a cell reads each number many times.
        """
        if (step, cid) not in self._read:
            parsed = parse_number(self.given.get(step, {}).get(cid, ""))
            if not parsed or self.entry[step].is_input and cid != "adjoint":
                self._read[step, cid] = float(self.expected(step, cid)), 0.0
            else:
                value, half = parsed
                self._read[step, cid] = value, min(half, self.rule.atol + self.rule.rtol * abs(value))
        return self._read[step, cid]

    # ---- the student's numbers as one vector, and the step's partials at it ----------
    def _values(self, moved: dict[Cell, float]) -> list[float]:
        return [moved.get((e.step, "value"), self.student(e.step, "value")[0]) for e in self.ex.steps]

    def partial(self, step: str, position: int, moved: dict[Cell, float], written: bool, how: str = "right") -> float:
        """The step's local partial at the student's numbers; a partial written from the step's
        output (exp, sqrt, σ, tanh, division) reads the output as the student ``written`` it, or
        recomputed from the arguments (consistent with the moved ones).  ``how``: read right, or
        wrongly as a mistake of :mod:`adkit.coursework.mistakes` does (its PARTIALS)."""
        program = self.program
        index = self.ex.index[step]
        s = program.steps[index]
        vals = self._values(moved)
        if not written:
            vals[index] = s.primitive.evaluate(*program.arg_values(s, vals))
        if how == "right":
            return next(float(d) for pos, _, d in step_partials(program, s, vals) if pos == position)
        args, out = program.arg_values(s, vals), float(vals[index])
        if how == "value":
            return out
        if how == "at_output":
            args[position] = out
        else:  # "at_argument"
            out = args[position]
        return float(s.primitive.partials[position](*args, out))

    def _value(self, step: str, moved: dict[Cell, float]) -> float:
        program = self.program
        index = self.ex.index[step]
        s = program.steps[index]
        return float(s.primitive.evaluate(*program.arg_values(s, self._values(moved))))

    def _formula(self, step: str, cid: str, written: bool) -> tuple[Callable[[dict[Cell, float]], float], list[Cell]]:
        """The cell as a function of the student's numbers, and the numbers it reads; a tangent or
        an adjoint is its computation of :func:`adkit.coursework.mistakes.correct`."""
        e = self.entry[step]
        if cid == "value":
            return (lambda m: self._value(step, m)), [(a, "value") for a in e.step_args]
        c = correct(self.ex, step, cid)
        return (lambda m: self.evaluate(c, m, written)), self.reads(c, written)

    def evaluate(self, c: Computation, moved: dict[Cell, float], written: bool) -> float:
        """``seed + Σ sign·factor·partial`` from the student's numbers (``moved`` ones replaced)."""
        return c.seed + sum(t.sign * (t.factor if isinstance(t.factor, float) else
                                      moved.get(t.factor, self.student(*t.factor)[0])) *
                            self.partial(t.step, t.position, moved, written, t.partial) for t in c.terms)

    def reads(self, c: Computation, written: bool) -> list[Cell]:
        """The student's numbers a computation reads: its factors, the arguments of the steps whose
        partials it takes, and (partials ``written`` from the output) those steps' own values."""
        return [t.factor for t in c.terms if isinstance(t.factor, tuple)] + \
            [(a, "value") for t in c.terms for a in self.entry[t.step].step_args] + \
            ([(t.step, "value") for t in c.terms] if written else [])

    def recompute(self, step: str, cid: str) -> list[tuple[float, float]]:
        """(the cell from the student's numbers, its error bound) for each way of reading the
        partials (a value: one); none when it cannot be recomputed."""
        e = self.entry[step]
        if self.program is None or e.is_input and cid != "adjoint":  # the point and the seed are given
            return []
        readings = [False] if cid == "value" else [False, True]
        return [r for written in readings if (r := self._reading(step, cid, written)) is not None]

    def _reading(self, step: str, cid: str, written: bool) -> tuple[float, float] | None:
        e = self.entry[step]
        try:
            f, reads = self._formula(step, cid, written)
            center = f({})
            bound = 0.0
            if cid == "value":  # first order, through the step's local partials
                reads = []
                for pos, a in enumerate(e.args):
                    if isinstance(a, str):
                        bound += abs(self.partial(step, pos, {}, False)) * self.student(a, "value")[1]
            bound += self.spread(f, reads)
        except Exception:  # outside a domain with the student's numbers: nothing to carry
            return None
        return (center, bound) if math.isfinite(center) and math.isfinite(bound) else None

    def spread(self, f: Callable[[dict[Cell, float]], float], reads: list[Cell]) -> float:
        """How far ``f`` moves when each number it reads moves to the ends of its error bound."""
        bound = 0.0
        for cell in dict.fromkeys(reads):
            value, half = self.student(*cell)
            if half:
                bound += abs(f({cell: value + half}) - f({cell: value - half})) / 2
        return bound


def within(parsed: tuple[float, float], center: float, bound: float, the_rule: Rule) -> bool:
    """Whether a number written with half a unit ``parsed[1]`` is ``center`` recomputed from the
    student's numbers (error ``bound``): within the bound plus the rule's tolerance, or half a unit
    of the last digit written when wider (fewer digits than asked); not both: at N decimal places
    they are equal, and the sum would pass twice the error.  A number without a significant digit
    (0 for 0.2955) is not right to its last digit: no widening."""
    value, half = parsed
    written = half if significant(value, half) > 0 else 0.0
    return abs(value - center) <= bound + max(written, the_rule.atol + the_rule.rtol * abs(center))


__all__ = ["Numbers", "within"]
