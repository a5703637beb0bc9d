"""The tolerance rule of the grader, and what "imprecise" means.

One rule, used by ``adkit grade``, the Moodle export and the docs: a number
``a`` matches the true value ``b`` when ``|a − b| ≤ atol + rtol·|b|``.  For a
form asking ``d`` significant digits, ``rtol = 0.5·10^(1−d)`` (every correctly
rounded answer passes) and ``atol = rtol·10⁻³`` (the smallest magnitude an
exercise shows, so that a true 0 is matched by a written 0).  For a form
asking ``d`` decimal places, ``atol = 0.5·10^(−d)`` and ``rtol = 0`` (again every
correctly rounded answer passes).  ``--tol T`` replaces the rule by ``|a − b| ≤ T``.

An answer that misses the rule but is right to the digits the student wrote
(within half a unit of its own last digit, with at least one significant
digit) and has fewer significant digits (or decimal places) than asked is ``imprecise``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: Significant digits asked when a key does not say (keys written before the precision was stored).
DEFAULT_DIGITS = 4


@dataclass(frozen=True)
class Rule:
    """``|a − b| ≤ atol + rtol·|b|``; ``digits``: the significant digits asked, or
    ``decimals``: the decimal places asked (None: the form asks significant digits)."""

    atol: float
    rtol: float
    digits: int
    decimals: int | None = None

    def close(self, a: float, b: float) -> bool:
        return abs(a - b) <= self.atol + self.rtol * abs(b)


def rule(digits: int = DEFAULT_DIGITS, tol: float | None = None, decimals: int | None = None) -> Rule:
    """The rule for a form asking ``digits`` significant digits or ``decimals`` decimal places;
    ``tol``: an absolute override."""
    if tol is not None:
        return Rule(tol, 0.0, digits, decimals)
    if decimals is not None:
        return Rule(0.5 * 10.0 ** -decimals, 0.0, digits, decimals)
    rtol = 0.5 * 10.0 ** (1 - digits)
    return Rule(rtol * 1e-3, rtol, digits)


def significant(value: float, half_unit: float) -> int:
    """Significant digits of a number written with ``half_unit`` (half a unit in its last digit)."""
    if value == 0 or half_unit <= 0:
        return 0
    return math.floor(math.log10(abs(value))) - round(math.log10(2 * half_unit)) + 1


def places(half_unit: float) -> int:
    """Decimal places of a number written with ``half_unit`` (half a unit in its last digit)."""
    return -round(math.log10(2 * half_unit)) if half_unit > 0 else 0


def status(value: float, half_unit: float, expected: float, r: Rule) -> str | None:
    """``ok``, ``imprecise`` or None (neither) for a number written with ``half_unit``."""
    if r.close(value, expected):
        return "ok"
    fewer = places(half_unit) < r.decimals if r.decimals is not None else significant(value, half_unit) < r.digits
    if significant(value, half_unit) > 0 and fewer and abs(value - expected) <= half_unit * (1 + 1e-9):
        return "imprecise"
    return None


__all__ = ["DEFAULT_DIGITS", "Rule", "places", "rule", "significant", "status"]
