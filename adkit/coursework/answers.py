"""Reading what students write: numbers, step names and statements.

Students write v̄₃, v-1, v_-1, vbar_3 or ``\\bar{v}_{3}`` for the same thing,
``cos v₀`` without parentheses, ``·`` or ``*``.  :func:`normalise` maps all
spellings onto plain names (``vbar_3``, ``vdot_0``, ``v_m1``, ``ybar``,
``x1dot``) and adkit syntax; the right-hand side is then parsed by adkit's own
parser and compared with sympy built from its Wengert list through the
registry (:func:`equivalent`).  Nothing a student writes is ever evaluated as
Python.
"""

from __future__ import annotations

import math
import re
import unicodedata
from fractions import Fraction
from functools import lru_cache
from typing import Any

from adkit.errors import AdkitError
from adkit.ir.notation import ASCII
from adkit.ir.primitives import CONSTANTS, FUNCTIONS
from adkit.ir.wengert import Literal
from adkit.api import compile_program

_SUBS = str.maketrans("₋₀₁₂₃₄₅₆₇₈₉−", "-0123456789-")
_MARK = {"\u0304": "bar", "\u0307": "dot"}
_NUMBER = re.compile(r"[+-]?([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]{1,4}))?")
_FUNCTION = "|".join(sorted(FUNCTIONS, key=len, reverse=True))


def parse_number(text: str) -> tuple[float, float] | None:
    """``(value, half a unit in the last written digit)``, or None when not a number.

    Accepts a Unicode minus and a decimal comma (``0,5``).
    """
    text = text.strip().replace("−", "-").replace("\u2009", "").replace(" ", "")
    if re.fullmatch(r"[+-]?\d+,\d+", text):
        text = text.replace(",", ".")
    m = _NUMBER.fullmatch(text)
    if not text or not m or not (m.group(1) or m.group(2)):
        return None
    value = float(text)
    if not math.isfinite(value):
        return None
    exponent = int(m.group(3) or 0) - len(m.group(2) or "")
    if exponent > 308:  # ``0e999``: a last digit worth more than any float (10.0 ** 309 overflows)
        return None
    return value, 10.0 ** exponent / 2


def step_number(text: str) -> int | None:
    """The subscript of a step name in any spelling: v₋₁, v-1, v_-1, v_{-1}, v_m1, $v_{-1}$ → -1."""
    text = ASCII.finish(unicodedata.normalize("NFC", text)).replace("$", "").replace(" ", "")
    m = re.fullmatch(r"v_?\{?(-|m)?([0-9]{1,6})\}?", text)
    if not m:
        return None
    return -int(m.group(2)) if m.group(1) else int(m.group(2))


def _name(kind: str, sign: str, digits: str) -> str:
    n = abs(int(digits.translate(_SUBS)))
    negative = sign not in ("", None) or digits.startswith("₋")
    return f"{kind}_{'m' if negative and n else ''}{n}"


def normalise(text: str) -> str:
    """A statement or expression in adkit syntax with plain names (see the module docstring)."""
    s = unicodedata.normalize("NFD", text).strip().replace("$", "")
    s = re.sub(r"\\(bar|dot)\{v\}_\{?(-?)(\d+)\}?", lambda m: _name("v" + m.group(1), m.group(2), m.group(3)), s)
    s = re.sub(r"\\(cdot|times)", "*", s)
    s = re.sub(r"v([\u0304\u0307])_?([-−₋]?)([0-9₀-₉]+)", lambda m: _name("v" + _MARK[m.group(1)], m.group(2), m.group(3)), s)
    s = re.sub(r"v([₋]?[₀-₉]+)", lambda m: _name("v", "", m.group(1)), s)
    s = re.sub(r"\b(vbar|vdot|v)_?\{?(-|m)?(\d+)\}?", lambda m: _name(m.group(1), m.group(2) or "", m.group(3)), s)
    s = re.sub(r"([A-Za-z])([\u0304\u0307])([A-Za-z0-9_]*)", lambda m: m.group(1) + m.group(3) + _MARK[m.group(2)], s)
    for old, new in (("·", "*"), ("×", "*"), ("−", "-"), ("–", "-"), ("√", "sqrt "), ("²", "^2"), ("³", "^3"),
                     ("σ", "sigmoid"), ("π", "pi")):
        s = s.replace(old, new)
    s = re.sub(rf"\b({_FUNCTION})\s+(?!\()([A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d*)?)", r"\1(\2)", s)
    s = re.sub(r"\|([^|]+)\|", r"abs(\1)", s)
    return s


def split_statement(text: str) -> tuple[str | None, str]:
    """``"v̄₁ = v̄₄"`` → (``"vbar_1"``, ``"vbar_4"``); without '=' the left side is None."""
    s = normalise(text)
    if "=" in s:
        lhs, _, rhs = s.partition("=")
        return lhs.strip().replace(" ", ""), rhs.strip()
    return None, s


def _literal(sp: Any, lit: Literal) -> Any:
    if lit.text in CONSTANTS and CONSTANTS[lit.text] == lit.value:
        return sp.pi if lit.text == "pi" else sp.E
    try:
        return sp.Rational(Fraction(lit.text))  # numeric text only
    except (ValueError, ZeroDivisionError):
        return sp.Rational(Fraction(lit.value))


@lru_cache(maxsize=4096)
def to_sympy(rhs: str) -> Any:
    """sympy expression of ``rhs`` (adkit syntax), built from its Wengert list through the registry.

    Raises AdkitError when adkit's parser rejects the text.
    """
    import sympy as sp


    program = compile_program(rhs or " ")
    exprs: list[Any] = []
    for step in program.steps:
        if step.primitive is None:
            exprs.append(sp.Symbol(step.alias or step.name))
        else:
            args = [_literal(sp, a) if isinstance(a, Literal) else exprs[a] for a in step.args]
            exprs.append(step.primitive.sympy(sp, *args))
    out = program.output_refs[0]
    return _literal(sp, out) if isinstance(out, Literal) else exprs[out]


@lru_cache(maxsize=4096)
def equivalent(expected: str, given: str, ones: tuple[str, ...] = ()) -> bool | None:
    """Whether two right-hand sides (already normalised) are the same expression.

    ``ones`` names symbols worth 1 on both sides (the seed ȳ = 1).  None when
    ``expected`` itself cannot be parsed (notation such as ``[v₀ > 0]``); the
    caller then compares the texts.  False when ``given`` cannot be parsed.
    """
    if expected.replace(" ", "") == given.replace(" ", ""):
        return True
    import sympy as sp

    try:
        want = to_sympy(expected)
    except AdkitError:
        return None
    try:
        got = to_sympy(given)
    except AdkitError:
        return False
    subs = {sp.Symbol(name): 1 for name in ones}
    try:
        want, got = want.subs(subs), got.subs(subs)
        if _differ_somewhere(sp, want, got):
            return False
        return bool(sp.simplify(want - got) == 0)
    except Exception:  # sympy cannot decide: not shown to be equal
        return False


def _differ_somewhere(sp: Any, a: Any, b: Any) -> bool:
    """Whether ``a`` and ``b`` take clearly different real values at a fixed point.

    Equal expressions agree wherever both are defined, so this proves a wrong
    statement wrong in milliseconds; ``simplify`` (seconds on a polynomial
    against a number, as when a value is written in a statement cell) only
    judges what passes.
    """
    point = {x: 0.3 + 0.1379 * i for i, x in enumerate(sorted(a.free_symbols | b.free_symbols, key=str))}
    try:
        x, y = complex(a.evalf(20, subs=point)), complex(b.evalf(20, subs=point))
    except (TypeError, ValueError, OverflowError):  # symbols left, or no number: cannot tell
        return False
    if not all(math.isfinite(v) for v in (x.real, x.imag, y.real, y.imag)) or x.imag or y.imag:
        return False  # not defined there: leave it to simplify
    return abs(x.real - y.real) > 1e-9 * max(1.0, abs(x.real), abs(y.real))
