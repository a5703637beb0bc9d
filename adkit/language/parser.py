"""Tokens → AST by operator precedence, without recursion.

Syntax lives in one table, :data:`BINDING_POWER` (Pratt's left/right binding
powers).  The parser is the shunting-yard form of a Pratt parser: explicit
operand and operator stacks instead of recursive calls, so nesting thousands
of levels deep never meets Python's recursion limit.  An operator on the
stack is reduced while its right binding power exceeds the incoming
operator's left binding power, which is exactly Pratt's loop condition.

Precedence, loosest first: ``+ -`` < ``* /`` < unary ``- +`` < a function
applied without parentheses (``ln x``, ``√x``) < ``^ **`` (right-associative,
so ``-x^2 = -(x^2)``, ``2^-x = 2^(-x)``, ``x^2^3 = x^(2^3)``, ``sin x^2 =
sin(x^2)``) < function call and ``|…|``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from adkit.bulk import paused_gc
from adkit.errors import LimitError, ParseError
from adkit.language.hints import log_base, refuse_definition, unknown_function
from adkit.language.lexer import Token, tokenize
from adkit.language.nodes import Apply, Assign, Module, Name, Node, Number
from adkit.ir.primitives import FUNCTIONS, REGISTRY
from adkit.messages import counted

#: Binary operators: symbol → (registry op, left bp, right bp).
BINDING_POWER: dict[str, tuple[str, int, int]] = {
    "+": ("add", 10, 11),
    "-": ("sub", 10, 11),
    "*": ("mul", 20, 21),
    "/": ("div", 20, 21),
    "^": ("pow", 41, 40),
    "**": ("pow", 41, 40),
}
#: Prefix operators: symbol → (registry op or None for identity, right bp).
PREFIX_POWER: dict[str, tuple[str | None, int]] = {"-": ("neg", 30), "+": (None, 30)}
#: Right bp of a one-argument function applied to a name or number without
#: parentheses (``ln v₀``, ``√x``): tighter than ``*``/``/`` and unary minus,
#: looser than ``^``, so ``sin x^2`` is sin(x²) and ``ln x*y`` is (ln x)*y.
APPLICATION_POWER = 35

#: Documented limits, far above any course exercise (see docs/limits).
MAX_LENGTH = 2_000_000
MAX_DEPTH = 100_000

#: Names that look like numbers but are not finite values.
RESERVED = frozenset({"nan", "inf", "infinity", "NaN", "Inf", "Infinity"})


@dataclass(slots=True)
class _Frame:
    """An entry of the operator stack."""

    kind: str  # "binary", "prefix", "paren", "call"
    op: str | None
    token: Token
    rbp: int = -1
    operands_below: int = 0  # operand-stack height when a call or paren opened
    args: int = 0  # completed arguments of a call


def parse(text: str) -> Module:
    """Parse a program (statements separated by ``;`` or newlines)."""
    if len(text) > MAX_LENGTH:
        raise LimitError("limit.length", length=len(text), limit=MAX_LENGTH)
    with paused_gc():  # a token and a node or two per character, none in a cycle
        statements = [_statement(text, tokens) for tokens in _split_statements(text, tokenize(text))]
    if not statements:
        raise ParseError("parse.empty", text, 0, max(len(text), 1))
    for st in statements[:-1]:
        if not isinstance(st, Assign):
            raise ParseError("parse.bare_not_last", text, st.start, st.end)
    return Module(text, tuple(statements))


def parse_expression(text: str) -> Node:
    """Parse a single expression (no statements)."""
    module = parse(text)
    if len(module.statements) != 1 or isinstance(module.statements[0], Assign):
        st = module.statements[0]
        raise ParseError("parse.expression_expected", text, st.start, st.end)
    return module.statements[0]


def _split_statements(text: str, tokens: list[Token]) -> list[list[Token]]:
    """Split at top-level ``;`` and newlines; a newline inside parentheses is space."""
    out: list[list[Token]] = []
    current: list[Token] = []
    depth = 0
    for tok in tokens:
        kind = tok.kind
        if kind == "OP":
            if tok.text == "(":
                depth += 1
            elif tok.text == ")" and depth:
                depth -= 1
        elif kind == "SEP" or kind == "END":
            if depth > 0 and tok.text == "\n":
                continue
            if depth > 0 and kind == "SEP":
                raise ParseError("parse.separator_in_parens", text, tok.start, tok.end)
            if current:
                current.append(Token("END", "", tok.start, tok.start))
                out.append(current)
            current = []
            continue
        current.append(tok)
    return out


def _statement(text: str, tokens: list[Token]) -> Assign | Node:
    first = tokens[0]
    refuse_definition(text, tokens)
    if first.kind == "NAME" and tokens[1].kind == "OP" and tokens[1].text == "=":
        _check_name(text, first, assigned=True)
        if tokens[2].kind == "END":
            raise ParseError("parse.missing_after_assign", text, tokens[1].start, tokens[1].end)
        value = _expression(text, tokens[2:])
        return Assign(first.text, value, first.start, first.end)
    return _expression(text, tokens)


def _check_name(text: str, tok: Token, assigned: bool = False) -> None:
    if tok.text in RESERVED:
        raise ParseError("parse.reserved_name", text, tok.start, tok.end, name=tok.text)
    if tok.text in FUNCTIONS:
        key = "parse.assign_function" if assigned else "parse.function_as_name"
        written = _source(text, tok)
        single = written if REGISTRY[FUNCTIONS[tok.text]].arity == 1 else None
        raise ParseError(key, text, tok.start, tok.end, name=written, single=single)


def _number(text: str, tok: Token) -> Number:
    value = float(tok.text)
    if math.isinf(value):
        raise ParseError("parse.number_overflow", text, tok.start, tok.end, number=tok.text)
    if value == 0.0 and any(c in "123456789" for c in tok.text.lower().partition("e")[0]):
        raise ParseError("parse.number_underflow", text, tok.start, tok.end, number=tok.text)
    return Number(value, tok.text, tok.start, tok.end)


def _source(text: str, tok: Token) -> str:
    """A token as the user wrote it (``−`` rather than the ``-`` it stands for), for messages."""
    return text[tok.start:tok.end] or tok.text


def _unexpected(text: str, tok: Token) -> ParseError:
    """A character adkit does not read; a non-ASCII one is named, with its ASCII spelling."""
    if tok.text.isascii():
        return ParseError("parse.unexpected_char", text, tok.start, tok.end, char=tok.text, hint=tok.hint)
    return ParseError("parse.non_ascii", text, tok.start, tok.end, char=tok.text, code=f"U+{ord(tok.text):04X}",
                      ascii=tok.ascii, hint=tok.hint)


def _expression(text: str, tokens: list[Token]) -> Node:
    """Operator-precedence parse of one expression; ``tokens`` ends with END."""
    operands: list[Node] = []
    stack: list[_Frame] = []
    depth = 0
    expect_operand = True
    i = 0

    def reduce_while(lbp: int) -> None:
        """Pratt's loop: reduce while the top operator binds tighter than ``lbp`` (the rbp of a call,
        parenthesis or bar, -1, never does)."""
        while stack and stack[-1].rbp > lbp:
            frame = stack.pop()
            if frame.kind == "prefix":
                operand = operands.pop()
                if frame.op is None:
                    operands.append(operand)
                elif frame.op == "neg" and type(operand) is Number:  # "-2" is a number, not a step
                    operands.append(Number(-operand.value, "-" + operand.text, frame.token.start, operand.end))
                else:
                    operands.append(Apply(frame.op, (operand,), frame.token.start, operand.end))
            else:
                right = operands.pop()
                left = operands[-1]
                operands[-1] = Apply(frame.op, (left, right), left.start, right.end)  # type: ignore[arg-type]

    while True:
        tok = tokens[i]
        kind, symbol = tok.kind, tok.text
        if kind == "ERROR":
            raise _unexpected(text, tok)
        if expect_operand:
            if kind == "NAME":
                nxt = tokens[i + 1]
                function = FUNCTIONS.get(symbol)
                if nxt.kind == "OP" and nxt.text == "(":
                    if function is None:
                        raise unknown_function(text, tok)
                    stack.append(_Frame("call", function, tok, -1, len(operands)))
                    depth += 1
                    i += 1  # the "(" belongs to the call
                elif function is not None and nxt.kind in ("NAME", "NUM") \
                        and REGISTRY[function].arity == 1:  # ln x, √x: applied without parentheses
                    stack.append(_Frame("prefix", function, tok, APPLICATION_POWER))
                else:
                    if function is not None and nxt.kind == "OP" and nxt.text in ("^", "**"):  # sin²x, sin^2(x)
                        raise ParseError("parse.function_power", text, tok.start, nxt.end, name=_source(text, tok))
                    if function is not None or symbol in RESERVED:
                        _check_name(text, tok)
                    operands.append(Name(symbol, tok.start, tok.end))
                    expect_operand = False
            elif kind == "NUM":
                operands.append(_number(text, tok))
                expect_operand = False
            elif kind == "OP" and symbol in PREFIX_POWER:
                op, rbp = PREFIX_POWER[symbol]
                stack.append(_Frame("prefix", op, tok, rbp))
            elif kind == "OP" and symbol in ("(", "|"):  # |x| opens like a parenthesis
                stack.append(_Frame("paren" if symbol == "(" else "abs", None, tok, -1, len(operands)))
                depth += 1
            elif kind == "OP" and symbol == ")" and stack and stack[-1].kind == "call" \
                    and stack[-1].args == 0 and len(operands) == stack[-1].operands_below:
                frame = stack[-1]
                raise _arity_error(text, frame, 0, tok)
            elif kind == "END":
                if stack:
                    last = stack[-1].token
                    raise ParseError("parse.dangling", text, last.start, last.end, op=_source(text, last))
                raise ParseError("parse.empty", text, tok.start, tok.end)
            else:
                raise ParseError("parse.expected_operand", text, tok.start, tok.end, found=_source(text, tok))
            if depth > MAX_DEPTH:
                raise LimitError("limit.depth", limit=MAX_DEPTH)
        elif kind == "OP":
            binary = BINDING_POWER.get(symbol)
            if binary is not None:
                op, lbp, rbp = binary
                reduce_while(lbp)
                stack.append(_Frame("binary", op, tok, rbp))
                expect_operand = True
            elif symbol == ",":
                reduce_while(-1)
                if not stack or stack[-1].kind != "call":
                    raise ParseError("parse.stray_comma", text, tok.start, tok.end)
                stack[-1].args += 1
                expect_operand = True
            elif symbol == "|":
                reduce_while(-1)
                if not stack or stack[-1].kind != "abs":
                    opener = stack[-1].token if stack else tok
                    raise ParseError("parse.unclosed" if stack else "parse.unmatched_bar", text,
                                     opener.start, opener.end)
                frame = stack.pop()
                depth -= 1
                operands.append(Apply("abs", (operands.pop(),), frame.token.start, tok.end))
            elif symbol == ")":
                reduce_while(-1)
                if not stack:
                    raise ParseError("parse.unmatched_close", text, tok.start, tok.end)
                if stack[-1].kind == "abs":
                    opener = stack[-1].token
                    raise ParseError("parse.unclosed_bar", text, opener.start, opener.end)
                frame = stack.pop()
                depth -= 1
                if frame.kind == "call":
                    count = frame.args + 1
                    prim = REGISTRY[frame.op]  # type: ignore[index]
                    if count != prim.arity:
                        raise _arity_error(text, frame, count, tok, operands[len(operands) - count:])
                    args = tuple(operands[len(operands) - count:])
                    del operands[len(operands) - count:]
                    operands.append(Apply(prim.name, args, frame.token.start, tok.end))
            elif symbol == "=":
                raise ParseError("parse.misplaced_assign", text, tok.start, tok.end)
            elif symbol == "(":
                raise _implicit(text, tokens[i - 1], tok)
            else:
                raise ParseError("parse.expected_operator", text, tok.start, tok.end, found=_source(text, tok))
        elif kind == "END":
            reduce_while(-1)
            if stack:
                opener = stack[-1].token
                key = "parse.unclosed_bar" if stack[-1].kind == "abs" else "parse.unclosed"
                raise ParseError(key, text, opener.start, opener.end)
            return operands[0]
        elif kind in ("NUM", "NAME"):
            raise _implicit(text, tokens[i - 1], tok)
        else:
            raise ParseError("parse.expected_operator", text, tok.start, tok.end, found=_source(text, tok))
        i += 1


def _implicit(text: str, left: Token, right: Token) -> ParseError:
    """Two operands side by side (``2x``, ``x y``, ``2(x)``): a ``*`` is missing."""
    return ParseError("parse.implicit_multiplication", text, right.start, right.end,
                      left=_source(text, left), right=_source(text, right))


def _arity_error(text: str, frame: _Frame, count: int, close: Token, args: Sequence[Node] = ()) -> ParseError:
    prim = REGISTRY[frame.op]  # type: ignore[index]
    return ParseError("parse.arity", text, frame.token.start, close.end,
                      name=frame.token.text, arguments=counted("count.arguments", prim.arity), count=count,
                      **log_base(text, frame.op, args))
