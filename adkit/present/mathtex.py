"""A formula typeset as mathematics, printed from its AST: ``ln(x1) + x1*x2`` → ``\\ln x_{1} + x_{1} x_{2}``
(LaTeX, for PDFs and Moodle) or ``ln x₁ + x₁·x₂`` (Unicode, for HTML pages).

Nothing is taken from the source text: the parser's AST
(:mod:`adkit.language.nodes`) is walked, each operation printed with its
registry template (``latex`` or ``unicode``, chosen by a :class:`Notation`),
names as ``x_{1}`` or ``x₁``, and
parentheses derived from the parser's binding powers
(:data:`adkit.language.parser.BINDING_POWER`, :data:`~adkit.language.parser.PREFIX_POWER`)
with Pratt's rule: a left operand whose right binding power is not above its
parent's left binding power, or a right operand whose left binding power is
below its parent's right binding power, is bracketed.  Two readability rules
come on top: a negation or negative number right of a binary operator is
bracketed (``x - (-y)``), and a function printed without delimiters
(``\\sin x``) takes a bracketed argument unless that is a name or a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from adkit.ir.notation import LATEX, fill, split_index
from adkit.ir.primitives import CONSTANTS, REGISTRY, Template
from adkit.language.nodes import Apply, Assign, Name, Node, Number
from adkit.language.parser import BINDING_POWER, PREFIX_POWER, parse

#: registry op → (left bp, right bp) of its infix symbol, from the parser's table.
_INFIX = {op: (lbp, rbp) for op, lbp, rbp in BINDING_POWER.values()}
_PREFIX = {op: rbp for op, rbp in PREFIX_POWER.values() if op is not None}
_ATOM = 1000  # names, numbers and calls bind tighter than any operator
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUBSCRIPT = str.maketrans("-0123456789", "₋₀₁₂₃₄₅₆₇₈₉")


@dataclass(frozen=True)
class Notation:
    """How the printer writes: the registry templates it uses and how names, numbers and brackets look."""

    kind: str  # "latex" or "unicode": the Primitive attribute holding the templates

    def template(self, op: str) -> Template:
        return getattr(REGISTRY[op], self.kind)

    def paren(self, text: str) -> str:
        return f"\\left({text}\\right)" if self.kind == "latex" else f"({text})"

    def name(self, name: str) -> str:
        if name in CONSTANTS:
            return {"pi": "\\pi" if self.kind == "latex" else "π", "e": "e"}[name]
        if self.kind == "latex":
            return LATEX.name(name)
        parts = split_index(name)  # x1 → x₁, v_m1 → v₋₁
        return name if parts is None else parts[0] + parts[1].translate(_SUBSCRIPT)

    def number(self, text: str) -> str:
        sign = "-" if text.startswith("-") else ""
        digits = text.lstrip("-").lower()
        if "e" in digits:
            mantissa, _, exponent = digits.partition("e")
            digits = f"{mantissa} \\cdot 10^{{{int(exponent)}}}" if self.kind == "latex" else \
                f"{mantissa}·10{str(int(exponent)).translate(_SUPERSCRIPT)}"
        return (sign if self.kind == "latex" else sign.replace("-", "−")) + digits


LATEX_MATHS, UNICODE_MATHS = Notation("latex"), Notation("unicode")


def _bare(template: Template, position: int) -> bool:
    """Whether argument ``position`` ends a function's template undelimited (``\\sin {0}``, ``√{0}``)."""
    return isinstance(template, str) and bool(re.search(r"(?<![{(|])\{%d\}$" % position, template.strip()))


def _powers(node: Node, notation: Notation) -> tuple[int, int]:
    """(left, right) binding power of the node's own operator; atoms bind tightest."""
    if isinstance(node, Number):
        return (_ATOM, _PREFIX["neg"]) if node.text.startswith("-") else (_ATOM, _ATOM)
    if isinstance(node, Apply):
        template = notation.template(node.op)
        if node.op in _INFIX and len(node.args) == 2 and _infix(template):
            return _INFIX[node.op]
        if node.op in _PREFIX and len(node.args) == 1:
            return _ATOM, _PREFIX[node.op]
    return _ATOM, _ATOM


def _infix(template: Template) -> bool:
    """Whether an operation prints between its arguments (``x + y``, not ``\\frac{x}{y}``)."""
    text = template if isinstance(template, str) else template(["{0}", "{1}"], [None, None])
    return text.startswith("{0}")


def _negative(node: Node) -> bool:
    return isinstance(node, Number) and node.text.startswith("-") or \
        isinstance(node, Apply) and node.op in _PREFIX and len(node.args) == 1


def _bare_call(node: Node, notation: Notation) -> bool:
    """A call printed without delimiters around its last argument (``\\sin x``)."""
    return isinstance(node, Apply) and _powers(node, notation) == (_ATOM, _ATOM) and \
        _bare(notation.template(node.op), len(node.args) - 1)


def _wrap(node: Apply, position: int, child: Node, notation: Notation) -> bool:
    """Whether argument ``position`` of ``node`` needs brackets (see the module docstring)."""
    lbp, rbp = _powers(node, notation)
    child_lbp, child_rbp = _powers(child, notation)
    if (lbp, rbp) != (_ATOM, _ATOM) and len(node.args) == 2:  # an infix operator
        if position == 1:
            grouped = node.op == "pow" and notation.kind == "latex"  # the exponent is a group of its own
            return not grouped and (rbp > child_lbp or _negative(child) or
                                    node.op == "pow" and _bare_call(child, notation))
        return child_rbp <= lbp or node.op == "pow" and (
            _bare_call(child, notation) or _negative(child) or isinstance(child, Apply) and child.op == "div")
    if rbp != _ATOM:  # a prefix operator
        return rbp > child_lbp or _negative(child)
    # a function: bracket what is not plainly one argument
    return _bare(notation.template(node.op), position) and (not isinstance(child, (Name, Number)) or _negative(child))


def to_latex(node: Node, notation: Notation = LATEX_MATHS) -> str:
    """Maths of one expression node: LaTeX without ``$`` (or Unicode text with ``UNICODE_MATHS``)."""
    if isinstance(node, Number):
        return notation.number(node.text)
    if isinstance(node, Name):
        return notation.name(node.id)
    texts = [to_latex(child, notation) for child in node.args]
    texts = [notation.paren(t) if _wrap(node, k, child, notation) else t
             for k, (t, child) in enumerate(zip(texts, node.args))]
    if node.op == "mul" and notation.kind == "latex" and not _juxtaposed(node.args[0], node.args[1]):
        return f"{texts[0]} \\cdot {texts[1]}"
    literals = [child.value if isinstance(child, Number) else None for child in node.args]
    return fill(notation.template(node.op), texts, literals, "")


def _juxtaposed(left: Node, right: Node) -> bool:
    """``x_1 x_2`` and ``2 x`` read as products; ``x \\cdot 2`` and ``\\sin x \\cdot y`` need the dot."""
    if _bare_call(left, LATEX_MATHS) or _negative(right):
        return False
    return not isinstance(right, Number) and not (isinstance(right, Apply) and right.op == "mul")


def program_latex(text: str, notation: Notation = LATEX_MATHS) -> list[str]:
    """One line per statement of a program: ``y = \\ln x_{1}``, or the bare expression."""
    lines = []
    for statement in parse(text).statements:
        if isinstance(statement, Assign):
            lines.append(f"{notation.name(statement.target)} = {to_latex(statement.value, notation)}")
        else:
            lines.append(to_latex(statement, notation))
    return lines


__all__ = ["LATEX_MATHS", "Notation", "UNICODE_MATHS", "program_latex", "to_latex"]
