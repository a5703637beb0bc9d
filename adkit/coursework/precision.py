"""The precision a form asks for, and the tolerance a number written to it gets.

The one adapter between exam exports (Moodle's NUMERICAL tolerance, the width
of a ruled blank) and the grader's tolerance rule
(:mod:`adkit.coursework.tolerance`): a value asked to ``digits`` significant
digits (or ``decimals`` decimal places) is matched within ``atol + rtol·|value|``.
Also the sentence a form uses to state the precision it asks.
"""

from __future__ import annotations

from adkit.coursework.tolerance import rule
from adkit.messages import message

#: Width of one handwritten character on a ruled blank, in centimetres.
CHARACTER_CM = 0.32


def tolerance(value: float, digits: int, decimals: int | None = None) -> float:
    """Absolute tolerance of ``value`` asked to ``digits`` significant digits (or ``decimals``
    decimal places): the grader's rule."""
    r = rule(digits, decimals=decimals)
    return r.atol + r.rtol * abs(value)


def characters(digits: int, decimals: int | None = None) -> int:
    """Characters of the longest number at ``digits`` significant digits: sign, ``0.00``, the digits;
    at ``decimals`` places: sign, three whole digits (values stay under 10³), the point, the places."""
    return digits + 4 if decimals is None else decimals + 5


def rule_cm(digits: int, decimals: int | None = None) -> float:
    """Length of a ruled blank that holds a number written to the precision asked."""
    return round(characters(digits, decimals) * CHARACTER_CM, 2)


def asked(key: str, digits: int, decimals: int | None = None) -> str:
    """The message ``key`` stating the precision asked (``key_decimals`` when decimal places are)."""
    return message(key, digits=digits) if decimals is None else message(key + "_decimals", decimals=decimals)


__all__ = ["asked", "characters", "rule_cm", "tolerance"]
