"""A formula typeset as mathematics, printed from its AST: ``ln(x1) + x1*x2`` → ``\\ln x_{1} + x_{1} x_{2}``.

Nothing is taken from the source text: the parser's AST
(:mod:`adkit.language.nodes`) is walked, each operation printed with its
registry LaTeX template, names with :data:`adkit.ir.notation.LATEX`, and
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

from adkit.ir.notation import LATEX, fill
from adkit.ir.primitives import CONSTANTS, REGISTRY, Template
from adkit.language.nodes import Apply, Assign, Name, Node, Number
from adkit.language.parser import BINDING_POWER, PREFIX_POWER, parse

#: registry op → (left bp, right bp) of its infix symbol, from the parser's table.
_INFIX = {op: (lbp, rbp) for op, lbp, rbp in BINDING_POWER.values()}
_PREFIX = {op: rbp for op, rbp in PREFIX_POWER.values() if op is not None}
_ATOM = 1000  # names, numbers and calls bind tighter than any operator


def _bare(template: Template, position: int) -> bool:
    """Whether argument ``position`` stands undelimited at the end of a function's template (``\\sin {0}``)."""
    if not isinstance(template, str) or not template.startswith("\\"):
        return False
    return bool(re.search(r"(?<![{(|])\{%d\}$" % position, template.strip()))


def _powers(node: Node) -> tuple[int, int]:
    """(left, right) binding power of the node's own operator; atoms bind tightest."""
    if isinstance(node, Number):
        return (_ATOM, _PREFIX["neg"]) if node.text.startswith("-") else (_ATOM, _ATOM)
    if isinstance(node, Apply):
        template = REGISTRY[node.op].latex
        if node.op in _INFIX and len(node.args) == 2 and isinstance(template, str) and not template.startswith("\\"):
            return _INFIX[node.op]
        if node.op in _PREFIX and len(node.args) == 1:
            return _ATOM, _PREFIX[node.op]
    return _ATOM, _ATOM


def _negative(node: Node) -> bool:
    return isinstance(node, Number) and node.text.startswith("-") or \
        isinstance(node, Apply) and node.op in _PREFIX and len(node.args) == 1


def _paren(text: str) -> str:
    return f"\\left({text}\\right)"


def _number(node: Number) -> str:
    text = node.text
    sign = "-" if text.startswith("-") else ""
    digits = text.lstrip("-")
    if "e" in digits.lower():
        mantissa, _, exponent = digits.lower().partition("e")
        return f"{sign}{mantissa} \\cdot 10^{{{int(exponent)}}}"
    return sign + digits


def _name(node: Name) -> str:
    if node.id in CONSTANTS:
        return {"pi": "\\pi", "e": "e"}[node.id]
    return LATEX.name(node.id)


def _bare_call(node: Node) -> bool:
    """A call printed without delimiters around its last argument (``\\sin x``)."""
    return isinstance(node, Apply) and _powers(node) == (_ATOM, _ATOM) and \
        _bare(REGISTRY[node.op].latex, len(node.args) - 1)


def to_latex(node: Node) -> str:
    """LaTeX maths (without ``$``) of one expression node."""
    if isinstance(node, Number):
        return _number(node)
    if isinstance(node, Name):
        return _name(node)
    template = REGISTRY[node.op].latex
    lbp, rbp = _powers(node)
    texts = []
    for position, child in enumerate(node.args):
        text = to_latex(child)
        child_lbp, child_rbp = _powers(child)
        if (lbp, rbp) != (_ATOM, _ATOM) and len(node.args) == 2:  # an infix operator
            if position == 0:
                wrap = child_rbp <= lbp or node.op == "pow" and (
                    _bare_call(child) or _negative(child) or isinstance(child, Apply) and child.op == "div")
            else:
                wrap = rbp > child_lbp or _negative(child)
            if node.op == "pow" and position == 1:
                wrap = False  # the exponent is a group of its own
        elif rbp != _ATOM:  # a prefix operator
            wrap = rbp > child_lbp or _negative(child)
        else:  # a function: bracket what is not plainly one argument
            wrap = _bare(template, position) and (not isinstance(child, (Name, Number)) or _negative(child))
        texts.append(_paren(text) if wrap else text)
    if node.op == "mul" and not _juxtaposed(node.args[0], node.args[1]):
        return f"{texts[0]} \\cdot {texts[1]}"
    literals = [child.value if isinstance(child, Number) else None for child in node.args]
    return fill(template, texts, literals, "")


def _juxtaposed(left: Node, right: Node) -> bool:
    """``x_1 x_2`` and ``2 x`` read as products; ``x \\cdot 2`` and ``\\sin x \\cdot y`` need the dot."""
    if _bare_call(left) or _negative(right):
        return False
    return not isinstance(right, Number) and not (isinstance(right, Apply) and right.op == "mul")


def program_latex(text: str) -> list[str]:
    """One LaTeX line per statement of a program: ``y = \\ln x_{1}``, or the bare expression."""
    lines = []
    for statement in parse(text).statements:
        if isinstance(statement, Assign):
            lines.append(f"{LATEX.name(statement.target)} = {to_latex(statement.value)}")
        else:
            lines.append(to_latex(statement))
    return lines


__all__ = ["program_latex", "to_latex"]
