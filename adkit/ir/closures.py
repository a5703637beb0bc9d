"""A partial's callable, derived from its expression (:mod:`adkit.ir.partials`) once.

The shapes the fast sweeps special-case become :class:`Constant`,
:class:`ArgValue`, :class:`OutValue` or :class:`OfArg`; any other expression
becomes closures built once over its tree (no code is compiled: only
adkit.codegen compiles), working on floats, dual numbers and tracers alike.
"""

from __future__ import annotations

import operator
from typing import Any, Callable, Mapping

from adkit.ir.partials import LEVEL, Arg, Call, Compare, Const, Expr, Out, Select


class Constant:
    """A partial that does not depend on the arguments (``+``, ``−``, negation)."""

    __slots__ = ("value",)

    def __init__(self, value: float) -> None:
        self.value = value

    def __call__(self, *args: float) -> float:
        return self.value


class ArgValue:
    """A partial equal to one argument's value: ∂(x·y)/∂x = y."""

    __slots__ = ("index",)

    def __init__(self, index: int) -> None:
        self.index = index

    def __call__(self, *args: float) -> float:
        return args[self.index]


class OutValue:
    """A partial equal to the primitive's own value: ∂eˣ/∂x = eˣ."""

    __slots__ = ()

    def __call__(self, *args: float) -> float:
        return args[-1]


class OfArg:
    """A partial that is another primitive of the (single) argument: ∂sin x/∂x = cos x."""

    __slots__ = ("name", "function", "_call")

    def __init__(self, name: str, function: Callable[[float], float], call: Callable[..., Any]) -> None:
        self.name, self.function, self._call = name, function, call  # function: the float evaluation

    def __call__(self, *args: Any) -> Any:
        return self._call(self.name, args[0])



_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "add": operator.add, "sub": operator.sub, "mul": operator.mul, "div": operator.truediv,
}
_TESTS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq,
}


def _leaf(expr: Expr) -> Callable[[Any, Any, Any], Any] | None:
    if isinstance(expr, Arg):
        return (lambda x, y, o: x) if expr.index == 0 else (lambda x, y, o: y)
    if isinstance(expr, Out):
        return lambda x, y, o: o
    if isinstance(expr, Const):
        value = expr.value
        return lambda x, y, o: value
    return None


def _closure(expr: Expr, call: Callable[..., Any]) -> Callable[[Any, Any, Any], Any]:
    """``expr`` as a function of (arg 0, arg 1, value), closures built once (no code is compiled)."""
    leaf = _leaf(expr)
    if leaf is not None:
        return leaf
    if isinstance(expr, Select):
        test, then, other = _test_closure(expr.test, call), _closure(expr.then, call), _closure(expr.other, call)
        return lambda x, y, o: then(x, y, o) if test(x, y, o) else other(x, y, o)
    assert isinstance(expr, Call)
    parts = [_closure(a, call) for a in expr.args]
    if expr.name == "neg":
        f = parts[0]
        return lambda x, y, o: -f(x, y, o)
    if expr.name in _OPS:
        return _binary(expr.name, expr.args, parts)
    name = expr.name
    if len(parts) == 1:
        f = parts[0]
        return lambda x, y, o: call(name, f(x, y, o))
    f, g = parts
    return lambda x, y, o: call(name, f(x, y, o), g(x, y, o))


def _binary(name: str, args: tuple[Expr, ...], parts: list[Callable[[Any, Any, Any], Any]]) -> Callable[[Any, Any, Any], Any]:
    """An arithmetic node, with a constant operand folded in (the common ``1.0 / x`` shape)."""
    op, (f, g) = _OPS[name], parts
    left, right = args
    if isinstance(left, Const):
        c = left.value
        if isinstance(right, Arg) and right.index == 0:
            return lambda x, y, o: op(c, x)
        if isinstance(right, Out):
            return lambda x, y, o: op(c, o)
        return lambda x, y, o: op(c, g(x, y, o))
    if isinstance(left, Out) and isinstance(right, Out):
        return lambda x, y, o: op(o, o)
    if isinstance(left, Arg) and isinstance(right, Arg):
        i, j = left.index, right.index
        if (i, j) == (0, 0):
            return lambda x, y, o: op(x, x)
        if (i, j) == (1, 1):
            return lambda x, y, o: op(y, y)
    if isinstance(right, Const):
        c = right.value
        return lambda x, y, o: op(f(x, y, o), c)
    return lambda x, y, o: op(f(x, y, o), g(x, y, o))


def _test_closure(test: Compare, call: Callable[..., Any]) -> Callable[[Any, Any, Any], bool]:
    if test.op == "and":
        first, second = _test_closure(test.left, call), _test_closure(test.right, call)
        return lambda x, y, o: first(x, y, o) and second(x, y, o)
    compare, f, g = _TESTS[test.op], _closure(test.left, call), _closure(test.right, call)
    return lambda x, y, o: compare(f(x, y, o), g(x, y, o))


def derive(expr: Expr, arity: int, registry: Mapping[str, Any], call: Callable[..., Any]) -> Callable[..., Any]:
    """The partial as a callable ``(*args, out)`` on floats, duals and tracers: a fast form when
    the shape allows, else closures over the expression built once."""
    if isinstance(expr, Const):
        return Constant(float(expr.value))
    if isinstance(expr, Arg):
        return ArgValue(expr.index)
    if isinstance(expr, Out):
        return OutValue()
    if isinstance(expr, Call) and arity == 1 and len(expr.args) == 1 and isinstance(expr.args[0], Arg) \
            and expr.name not in LEVEL:
        return OfArg(expr.name, registry[expr.name].evaluate, call)
    f = _closure(expr, call)
    if arity == 1:
        return lambda x, o: f(x, None, o)
    return lambda x, y, o: f(x, y, o)
