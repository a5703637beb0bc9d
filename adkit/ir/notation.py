"""How variables, steps and statements are written: Unicode, ASCII or LaTeX.

Pure string formatting from the registry's templates: the textbook names
(v₋₁, v̇₀, v̄₂), a step's definition (``ln v₋₁``), and the terms of tangent and
adjoint statements (``v̄₃·cos v₀``).  No arithmetic happens here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from adkit.ir.primitives import Primitive, Template, juxtaposable
from adkit.ir.wengert import Literal, Ref, Step

_SUB = str.maketrans("-0123456789", "₋₀₁₂₃₄₅₆₇₈₉")
_ASCII = [("−", "-"), ("·", "*"), ("√", "sqrt "), ("σ", "sigmoid"), ("²", "^2"), ("≥", ">="),
          ("≤", "<="), ("π", "pi"), ("ȳ", "ybar"), ("ẏ", "ydot"), ("∂", "d"), ("→", "->"), ("v̄", "vbar_"), ("v̇", "vdot_"),
          ("₋", "-"), ("₀", "0"), ("₁", "1"), ("₂", "2"), ("₃", "3"), ("₄", "4"), ("₅", "5"), ("₆", "6"),
          ("₇", "7"), ("₈", "8"), ("₉", "9"), ("|", "|"), ("ẋ", "xdot")]
_CONSTANT_TEXT = {"unicode": {"pi": "π"}, "latex": {"pi": "\\pi", "e": "e"}, "ascii": {}}


@dataclass(frozen=True)
class Style:
    """One notation: ``unicode`` (default), ``ascii`` or ``latex``."""

    kind: str

    def var(self, number: int) -> str:
        if self.kind == "latex":
            return f"v_{{{number}}}"
        if self.kind == "ascii":
            return f"v_{number}"
        return "v" + str(number).translate(_SUB)

    def dot(self, number: int) -> str:
        if self.kind == "latex":
            return f"\\dot{{v}}_{{{number}}}"
        if self.kind == "ascii":
            return f"vdot_{number}"
        return "v\u0307" + str(number).translate(_SUB)

    def bar(self, number: int) -> str:
        if self.kind == "latex":
            return f"\\bar{{v}}_{{{number}}}"
        if self.kind == "ascii":
            return f"vbar_{number}"
        return "v\u0304" + str(number).translate(_SUB)

    def literal(self, lit: Literal) -> str:
        text = _CONSTANT_TEXT[self.kind].get(lit.text, lit.text)
        if text.startswith("-"):
            text = ("-" if self.kind != "unicode" else "−") + text[1:]
            return f"({text})"
        return text

    def name(self, name: str) -> str:
        """A user's name: ``x1`` → ``x_{1}``, ``v_m1`` → ``v_{-1}``, ``ab_c`` → ``\\mathit{ab\\_c}`` in LaTeX."""
        if self.kind != "latex":
            return _minus_index(name, self.kind)
        head, sub = latex_name_parts(name)
        return head if sub is None else f"{head}_{{{sub}}}"

    def mark(self, name: str, mark: str) -> str:
        """A name with a dot (tangent) or bar (adjoint) over its letters: ``ẋ1``, ``x̄1``, ``n̅u̅``, ``ġȧṁṁȧ``,
        ``\\bar{x}_{1}``, ``\\overline{\\mathit{nu}}``, ``x1bar``.

        LaTeX: ``\\bar`` is one letter wide, so a longer name gets ``\\overline`` (standard
        LaTeX, unlike ``\\widebar``, which needs a package); ``\\dot`` centres its dot over the
        whole ``\\mathit`` name.  ASCII: the suffix follows the whole name.
        """
        if self.kind == "ascii":
            return f"{_minus_index(name, 'ascii')}{mark}"
        if self.kind == "latex":
            head, sub = latex_name_parts(name)
            accent = "overline" if mark == "bar" and len(head) > 1 else mark  # \\bar is one letter wide
            return f"\\{accent}{{{head}}}" + ("" if sub is None else f"_{{{sub}}}")
        parts = split_index(name)
        name = _minus_index(name, "unicode")
        letters = name if parts is None else parts[0]  # all of squared_error_loss, the x of x1
        if len(letters) == 1:
            return name[0] + ("\u0307" if mark == "dot" else "\u0304") + name[1:]
        # a long name: the mark on every letter, so it covers the name (an overline
        # joins into one line) and never reads as ṅ·u
        sign = "\u0307" if mark == "dot" else "\u0305"
        return "".join(ch + sign for ch in letters) + name[len(letters):]

    def derivative(self, of: str, by: str) -> str:
        """∂of/∂by."""
        if self.kind == "latex":
            return f"\\partial {self.name(of)}/\\partial {self.name(by)}"
        if self.kind == "ascii":
            return f"d{of}/d{by}"
        return f"∂{of}/∂{by}"

    def times(self, right: str = "") -> str:
        """The product sign before ``right``: juxtaposed in LaTeX, but ``\\bar{v}_{2} \\cdot 2`` before a number."""
        if self.kind == "latex":
            return " " if juxtaposable(right) else " \\cdot "
        return "*" if self.kind == "ascii" else "·"

    def finish(self, text: str) -> str:
        """Map Unicode symbols of the registry templates to this style."""
        if self.kind == "ascii":
            for old, new in _ASCII:
                text = text.replace(old, new)
        return text


UNICODE, ASCII, LATEX = Style("unicode"), Style("ascii"), Style("latex")

_INDEXED = re.compile(r"([A-Za-z]+)_?(m?)(\d+)")


def split_index(name: str) -> tuple[str, str] | None:
    """Letters and index of an indexed name: ``x1``, ``x_1`` → (x, 1); ``v_m1`` (read from ``v₋₁``) → (v, -1)."""
    m = _INDEXED.fullmatch(name)
    if not m:
        return None
    return m.group(1), ("-" if m.group(2) else "") + m.group(3)


def _minus_index(name: str, kind: str) -> str:
    """``v_m1`` (what ``v₋₁`` and ``v_-1`` are read as) printed back as ``v₋₁`` or ``v_-1``."""
    parts = split_index(name)
    if parts is None or not parts[1].startswith("-") or "_" not in name:
        return name
    letters, index = parts
    return letters + (index.translate(_SUB) if kind == "unicode" else "_" + index)


def latex_name_parts(name: str) -> tuple[str, str | None]:
    """(head, subscript) of a legal name in LaTeX: ``x1`` → (x, 1), ``v_m1`` → (v, -1), ``a_`` → (\\mathit{a\\_}, None).

    The head is what a dot or bar goes over; underscores are escaped, so every
    name compiles.
    """
    parts = split_index(name)
    if parts is not None:
        letters, index = parts
        return (letters if len(letters) == 1 else "\\mathit{" + letters + "}"), index
    if len(name) == 1 and name.isalpha():
        return name, None
    return "\\mathit{" + name.replace("_", "\\_") + "}", None


def fill(template: Template, args: Sequence[str], literals: Sequence[float | None], out: str) -> str:
    if callable(template):
        return template(args, literals)
    return template.format(*args, out=out)


def _arg_texts(step: Step, steps: Sequence[Step], style: Style) -> tuple[list[str], list[float | None]]:
    texts, literals = [], []
    for arg in step.args:
        if isinstance(arg, Literal):
            texts.append(style.literal(arg))
            literals.append(arg.value)
        else:
            texts.append(style.var(steps[arg].number))
            literals.append(None)
    return texts, literals


def ref_text(ref: Ref, steps: Sequence[Step], style: Style = UNICODE) -> str:
    return style.literal(ref) if isinstance(ref, Literal) else style.var(steps[ref].number)


def definition(step: Step, steps: Sequence[Step], style: Style = UNICODE) -> str:
    """Right-hand side of a step: ``ln v₋₁``; an input's own name: ``x1``."""
    if step.primitive is None:
        return style.name(step.alias or step.name)
    prim = step.primitive
    args, literals = _arg_texts(step, steps, style)
    template = prim.latex if style.kind == "latex" else prim.unicode
    return style.finish(fill(template, args, literals, style.var(step.number)))


def step_text(step: Step, steps: Sequence[Step], style: Style = UNICODE) -> str:
    """A whole step line: ``v1 = ln v₋₁``."""
    return f"{style.var(step.number)} = {definition(step, steps, style)}"


def partial(step: Step, position: int, steps: Sequence[Step], style: Style = UNICODE) -> str:
    """The local partial ∂v_step/∂arg_position as text: ``cos v₀``."""
    prim: Primitive = step.primitive  # type: ignore[assignment]
    args, literals = _arg_texts(step, steps, style)
    template = (prim.partial_latex if style.kind == "latex" else prim.partial_unicode)[position]
    return style.finish(fill(template, args, literals, style.var(step.number)))


def term(factor: str, partial_text: str, style: Style = UNICODE) -> str:
    """``factor`` scaled by a partial: ``v̄₃·cos v₀``, ``v̇₋₁/v₋₁``, ``−v̄₅``."""
    minus = "-" if style.kind != "unicode" else "−"
    if partial_text[:1] in ("−", "-") and partial_text[1:] != "1":
        return minus + term(factor, partial_text[1:], style)
    if partial_text == "1":
        return factor
    if partial_text in ("−1", "-1"):
        return minus + factor
    if partial_text.startswith("1/"):
        return factor + partial_text[1:]
    if style.kind == "latex" and partial_text.startswith("\\frac{1}{"):
        return "\\frac{" + factor + "}{" + partial_text[len("\\frac{1}{"):]
    if _needs_parens(partial_text):
        partial_text = f"({partial_text})"
    return factor + style.times(partial_text) + partial_text


def _needs_parens(text: str) -> bool:
    depth = 0
    for i, ch in enumerate(text):
        depth += ch in "([{"
        depth -= ch in ")]}"
        if depth == 0 and ch in "+−-" and i > 0 and text[i - 1] == " ":
            return True
    return False


def join_terms(terms: Sequence[str], style: Style = UNICODE) -> str:
    """Sum of terms, written ``a − b`` rather than ``a + −b``."""
    if not terms:
        return "0"
    out = terms[0]
    for t in terms[1:]:
        if t.startswith(("−", "-")):
            out += (" − " if style.kind == "unicode" else " - ") + t[1:]
        else:
            out += " + " + t
    return out


def number(value: float, digits: int | None = 4, decimals: int | None = None) -> str:
    """A value at ``digits`` significant digits, without ``-0``; full precision for None.

    ``decimals`` instead rounds to that many decimal places and drops trailing
    zeros, as the textbook writes its tables (0.693, 10, 5.5, 11.652).
    """
    if decimals is not None:
        text = f"{value:.{decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return "0" if text in ("-0", "0") else text
    text = repr(float(value)) if digits is None else f"{value:.{digits}g}"
    return "0" if text in ("-0", "0") else text
