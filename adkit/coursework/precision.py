"""The precision a form asks for, and the tolerance a number written to it gets.

The one adapter between exam exports (Moodle's NUMERICAL tolerance, the width
of a ruled blank) and the grader's tolerance rule
(:mod:`adkit.coursework.tolerance`): a value asked to ``digits`` significant
digits is matched within ``atol + rtol·|value|``.
"""

from __future__ import annotations

from adkit.coursework.tolerance import rule

#: Width of one handwritten character on a ruled blank, in centimetres.
CHARACTER_CM = 0.32


def tolerance(value: float, digits: int) -> float:
    """Absolute tolerance of ``value`` asked to ``digits`` significant digits: the grader's rule."""
    r = rule(digits)
    return r.atol + r.rtol * abs(value)


def characters(digits: int) -> int:
    """Characters of the longest number at ``digits`` significant digits: sign, ``0.00``, the digits."""
    return digits + 4


def rule_cm(digits: int) -> float:
    """Length of a ruled blank that holds a number written to ``digits`` significant digits."""
    return round(characters(digits) * CHARACTER_CM, 2)


__all__ = ["characters", "rule_cm", "tolerance"]
