"""The precision a form asks for, and the tolerance a number written to it gets.

The one adapter between exam exports (Moodle's NUMERICAL tolerance, the width
of a ruled blank) and the grader's tolerance rule.  Today ``adkit grade``
accepts half a unit in the last digit written; a number written to
``digits`` significant digits therefore has the tolerance
``0.5·10^(e − digits + 1)`` with ``e`` the decimal exponent of the value.
When the grader exposes ``adkit.coursework.tolerance.tolerance(value,
precision)``, :func:`tolerance` becomes a call to it and nothing else changes.
"""

from __future__ import annotations

import math

#: Width of one handwritten character on a ruled blank, in centimetres.
CHARACTER_CM = 0.32


def tolerance(value: float, digits: int) -> float:
    """Absolute tolerance of ``value`` written to ``digits`` significant digits (half a unit in the last)."""
    if value == 0:
        return 0.5 * 10.0 ** -(digits - 1)
    exponent = math.floor(math.log10(abs(float(f"{value:.{digits}g}"))))
    return 0.5 * 10.0 ** (exponent - digits + 1)


def characters(digits: int) -> int:
    """Characters of the longest number at ``digits`` significant digits: sign, ``0.00``, the digits."""
    return digits + 4


def rule_cm(digits: int) -> float:
    """Length of a ruled blank that holds a number written to ``digits`` significant digits."""
    return round(characters(digits) * CHARACTER_CM, 2)


__all__ = ["characters", "rule_cm", "tolerance"]
