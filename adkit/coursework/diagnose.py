"""Naming the mistake behind a wrong cell: feedback, not credit.

A ``wrong`` tangent or adjoint cell is recomputed under every mistake of
:mod:`adkit.coursework.mistakes` from the student's own numbers, with their
error bounds (as a carried error is, :mod:`adkit.coursework.carried`).  A mistake
reproduces the cell when one of its variants lands within the grader's
tolerance of what the student wrote (:func:`adkit.coursework.carried.within`, the
tolerance of an ``ok`` cell: a number written with fewer digits than asked is not
widened to its last digit, so ``1`` is no mistake's 0.5601);
a variant that cannot be told from the right computation at that precision
does not count.  When exactly one mistake reproduces the cell, the cell
carries :class:`Feedback`: the mistake's id and its sentence naming the cells
involved (of its variants, the nearest).  None, or several: no feedback.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from adkit.coursework.carried import Numbers, within
from adkit.coursework.mistakes import CATALOGUE, Computation, Setting, correct, variants
from adkit.messages import message


@dataclass(frozen=True)
class Feedback:
    """The mistake a wrong cell was made with, and the sentence saying so."""

    mistake: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"mistake": self.mistake, "text": self.text}


def readings(numbers: Numbers, c: Computation) -> list[tuple[float, float] | None]:
    """(the computation from the student's numbers, its error bound), the partials read from the
    arguments and from the outputs as written; None where it cannot be evaluated."""
    out: list[tuple[float, float] | None] = []
    for written in (False, True):
        try:
            center = numbers.evaluate(c, {}, written)
            bound = numbers.spread(lambda m: numbers.evaluate(c, m, written), numbers.reads(c, written))
        except Exception:  # outside a domain with the student's numbers
            out.append(None)
            continue
        out.append((center, bound) if math.isfinite(center) and math.isfinite(bound) else None)
    return out


def diagnose(numbers: Numbers, step: str, cid: str, parsed: tuple[float, float]) -> Feedback | None:
    """The feedback of a wrong cell written ``parsed`` (number, half a unit), or None."""
    right = correct(numbers.ex, step, cid) if numbers.program is not None else None
    if right is None:
        return None
    rule, cell = numbers.rule, (step, cid)
    setting = Setting(numbers.ex, numbers.program.steps)
    right_readings = readings(numbers, right)
    found: dict[str, tuple[float, dict[str, str]]] = {}
    for mistake in CATALOGUE:
        for variant in variants(mistake, right, setting, cell):
            for r, w in zip(right_readings, readings(numbers, variant.computation)):
                if w is None or r is not None and abs(w[0] - r[0]) <= r[1] + w[1] + rule.atol + rule.rtol * abs(r[0]):
                    continue  # cannot be told from the right computation at this precision
                if within((parsed[0], 0.0), *w, rule):  # as precise as an ok cell: "2" is not 1.716
                    distance = abs(parsed[0] - w[0])
                    if mistake.id not in found or distance < found[mistake.id][0]:
                        found[mistake.id] = (distance, variant.words)
    if len(found) != 1:
        return None
    (mistake_id, (_, words)), = found.items()
    return Feedback(mistake_id, message(f"mistake.{mistake_id}.feedback", **words))


__all__ = ["Feedback", "diagnose", "readings"]
