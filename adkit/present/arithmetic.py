"""Statements with the numbers written in, as the textbook prints them.

Tables 3.1/3.2 of the course notes (Minh Quang Le, *Deep Learning and Neural
Net 2*, §3.4) write ``v̇₂ = v̇₋₁×v₀ + v̇₀×v₋₁ = 1×5 + 0×2 = 5``: the same
statement with every v, v̇ and v̄ replaced by its number.  A
:class:`Substituted` style does exactly that with the registry's own
templates (no second definition of any operation): it is the unicode, ASCII
or LaTeX style whose variable names are numbers.  This module also writes the
parts of the adjoint sweep in run order (``v̄₀ = v̄₀ + v̄₂·∂v₂/∂v₀ = …``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Mapping

from adkit.ir.notation import Style, term

#: A value → text function (significant digits or decimals).
Numbers = Callable[[float], str]


@dataclass(frozen=True)
class Substituted(Style):
    """A style whose ``vᵢ``, ``v̇ᵢ`` and ``v̄ᵢ`` are the numbers they hold (keyed by step number)."""

    values: Mapping[int, str] = field(default_factory=dict)
    tangents: Mapping[int, str] = field(default_factory=dict)
    adjoints: Mapping[int, str] = field(default_factory=dict)

    def var(self, number: int) -> str:
        return self.values[number]

    def dot(self, number: int) -> str:
        return self.tangents[number]

    def bar(self, number: int) -> str:
        return self.adjoints[number]

    def times(self, right: str = "") -> str:
        return {"latex": " \\times ", "ascii": "*"}.get(self.kind, "×")

    def finish(self, text: str) -> str:
        text = super().finish(text)
        if self.kind == "latex":  # juxtaposed numbers (the product template "{0} {1}") get a ×
            return _JUXTAPOSED.sub(lambda _: " \\times ", text.replace(" \\cdot ", " ").replace(" \\, ", " "))
        return text.replace("·", "×") if self.kind == "unicode" else text


_JUXTAPOSED = re.compile(r"(?<=[\d)}])\s+(?=\(|\d|-\d)")


def numeral(value: float, numbers: Numbers, style: Style) -> str:
    """A number to substitute for a name: negatives in parentheses, ``(−0.959)``."""
    text = numbers(value)
    if text.startswith("-"):
        minus = "−" if style.kind == "unicode" else "-"
        return f"({minus}{text[1:]})"
    return text


def numbered(values: Mapping[int, float], numbers: Numbers, style: Style) -> dict[int, str]:
    return {k: numeral(v, numbers, style) for k, v in values.items()}


def written(symbolic: str, arithmetic: str, plus: bool = False) -> str:
    """``symbolic = arithmetic``, or just ``symbolic`` when the numbers add nothing (a lone number).

    ``plus``: subtracting a negative number is written as adding its magnitude
    (:func:`plus_magnitudes`), as the textbook writes ``10.693 + 0.959``.
    """
    if plus:
        arithmetic = plus_magnitudes(arithmetic)
    if _LONE_NUMBER.fullmatch(arithmetic) or arithmetic == symbolic:
        return symbolic
    return f"{symbolic} = {arithmetic}"


def plus_magnitudes(text: str) -> str:
    """Every ``a − (−b)`` in ``text`` as ``a + b`` (Unicode, ASCII or LaTeX minus signs).

    Only a whole operand: ``(−b)`` followed by a power (``(−b)^2``, ``(−b)²``)
    binds tighter than the minus and is left as it is; a product or quotient
    keeps its value (``a − (−b)×c = a + b×c``).
    """
    return _MINUS_NEGATIVE.sub(r" + \2", text)


_MINUS_NEGATIVE = re.compile(r" ([−-]) \(\1(\d[\d.]*(?:e[+-]?\d+)?)\)(?![\^²³¹⁰⁴-⁹])")


_LONE_NUMBER = re.compile(r"\(?[−-]?[\d.]+(e[+-]?\d+)?\)?|inf|nan")


def local_derivative(of: str, by: str, style: Style) -> str:
    """``∂v₂/∂v₀`` between two step names."""
    if style.kind == "latex":
        return f"\\frac{{\\partial {of}}}{{\\partial {by}}}"
    if style.kind == "ascii":
        return f"d{of}/d{by}"
    return f"∂{of}/∂{by}"


def chained(source_bar: str, partial_name: str, style: Style) -> str:
    """``v̄₂·∂v₂/∂v₀``: an adjoint times a local derivative, both by name."""
    return source_bar + {"latex": " ", "ascii": "*"}.get(style.kind, "·") + partial_name


def sweep_event_text(target: str, source_bar: str, partial_name: str, partial_text: str,
                     first: bool, style: Style) -> str:
    """``v̄₀ = v̄₀ + v̄₂·∂v₂/∂v₀ = v̄₀ + v̄₂·v₋₁`` (``first``: without the ``v̄₀ +``)."""
    start = "" if first else f"{target} + "
    general = start + chained(source_bar, partial_name, style)
    particular = f"{start}{term(source_bar, partial_text, style)}"
    return f"{target} = {general}" if general == particular else f"{target} = {general} = {particular}"
