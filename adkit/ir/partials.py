"""A local partial written once, as an expression over a primitive's arguments and value.

``X`` and ``Y`` are the arguments, ``OUT`` the primitive's value, ``F("cos", X)``
another registry primitive, Python's operators build ``add``/``sub``/``mul``/
``div``/``neg`` steps, and ``Select(X >= 0, 1.0, -1.0)`` a branch (its
comparison is where the kink convention lives).  From the one expression
:func:`code` makes the Python and C code, :func:`sympy_form` the sympy
form and :func:`array_form` the numpy form of an activation's derivative;
:mod:`adkit.ir.closures` derives the float/dual callable.
"""

from __future__ import annotations

import operator
from typing import Any, Callable, Mapping

#: Binding power of an operator step in printed code (higher binds tighter).
LEVEL = {"add": 1, "sub": 1, "mul": 2, "div": 2, "neg": 3}
_ATOM = 4


class Expr:
    """A node of a partial's expression; operators build registry steps."""

    __slots__ = ()

    def __add__(self, other: Any) -> "Expr":
        return F("add", self, other)

    def __radd__(self, other: Any) -> "Expr":
        return F("add", other, self)

    def __sub__(self, other: Any) -> "Expr":
        return F("sub", self, other)

    def __rsub__(self, other: Any) -> "Expr":
        return F("sub", other, self)

    def __mul__(self, other: Any) -> "Expr":
        return F("mul", self, other)

    def __rmul__(self, other: Any) -> "Expr":
        return F("mul", other, self)

    def __truediv__(self, other: Any) -> "Expr":
        return F("div", self, other)

    def __rtruediv__(self, other: Any) -> "Expr":
        return F("div", other, self)

    def __neg__(self) -> "Expr":
        return F("neg", self)

    def __ge__(self, other: Any) -> "Compare":
        return Compare(">=", self, _expr(other))

    def __gt__(self, other: Any) -> "Compare":
        return Compare(">", self, _expr(other))

    def __le__(self, other: Any) -> "Compare":
        return Compare("<=", self, _expr(other))

    def __lt__(self, other: Any) -> "Compare":
        return Compare("<", self, _expr(other))

    __hash__ = object.__hash__


class Arg(Expr):
    __slots__ = ("index",)

    def __init__(self, index: int) -> None:
        self.index = index


class Out(Expr):
    __slots__ = ()


class Const(Expr):
    """A number, printed as written (``0`` in a comparison, ``1.0`` in a value)."""

    __slots__ = ("value",)

    def __init__(self, value: float) -> None:
        self.value = value


class Call(Expr):
    """A registry primitive applied to sub-expressions."""

    __slots__ = ("name", "args")

    def __init__(self, name: str, args: tuple[Expr, ...]) -> None:
        self.name, self.args = name, args


class Compare:
    """``left op right``; ``a & b`` is both (``and`` in Python, ``&&`` in C)."""

    __slots__ = ("op", "left", "right")

    def __init__(self, op: str, left: Any, right: Any) -> None:
        self.op, self.left, self.right = op, left, right

    def __and__(self, other: "Compare") -> "Compare":
        return Compare("and", self, other)


def eq(left: Expr, right: Any) -> Compare:
    """``left == right`` (Expr keeps Python's ``==`` for identity)."""
    return Compare("==", left, _expr(right))


class Select(Expr):
    """``then`` where ``test`` holds, else ``other``: a branch of a piecewise partial."""

    __slots__ = ("test", "then", "other")

    def __init__(self, test: Compare, then: Any, other: Any) -> None:
        self.test, self.then, self.other = test, _expr(then), _expr(other)


def _expr(value: Any) -> Expr:
    return value if isinstance(value, Expr) else Const(value)


def F(name: str, *args: Any) -> Call:
    """Registry primitive ``name`` of the given expressions (numbers become constants)."""
    return Call(name, tuple(_expr(a) for a in args))


X, Y, OUT = Arg(0), Arg(1), Out()


# ---- derivations -----------------------------------------------------------------
def code(expr: Expr, lang: str, registry: Mapping[str, Any]) -> str:
    """``expr`` as a Python or C code template over ``{0}``, ``{1}`` and ``{out}``."""
    return _code(expr, lang, registry)[0]


def _code(expr: Expr, lang: str, registry: Mapping[str, Any]) -> tuple[str, int]:
    if isinstance(expr, Arg):
        return "{" + str(expr.index) + "}", _ATOM
    if isinstance(expr, Out):
        return "{out}", _ATOM
    if isinstance(expr, Const):
        return repr(expr.value), (_ATOM if expr.value >= 0 else 3)
    if isinstance(expr, Select):
        test, then, other = _test(expr.test, lang, registry), _code(expr.then, lang, registry)[0], _code(expr.other, lang, registry)[0]
        if lang == "c":
            return f"({test} ? {then} : {other})", _ATOM
        return f"({then} if {test} else {other})", _ATOM
    assert isinstance(expr, Call)
    prim = registry[expr.name]
    template = prim.c if lang == "c" else prim.python
    level = LEVEL.get(expr.name)
    if level is None:  # a function: its arguments sit inside its parentheses
        args = [_code(a, lang, registry)[0] for a in expr.args]
        return template.format(*args), _ATOM
    parts = []
    for position, arg in enumerate(expr.args):
        text, inner = _code(arg, lang, registry)
        need = level + (1 if position == 1 and expr.name in ("sub", "div") else 0)
        if expr.name == "neg":
            need = 3
        parts.append(text if inner >= need else f"({text})")
    return template.format(*parts), level


def _test(test: Compare, lang: str, registry: Mapping[str, Any]) -> str:
    if test.op == "and":
        joined = " && " if lang == "c" else " and "
        return _test(test.left, lang, registry) + joined + _test(test.right, lang, registry)
    left, right = _code(test.left, lang, registry)[0], _code(test.right, lang, registry)[0]
    return f"{left} {test.op} {right}"


def sympy_form(expr: Expr, sp: Any, args: tuple[Any, ...], out: Any, registry: Mapping[str, Any]) -> Any:
    """The partial as a sympy expression over ``args`` and ``out`` (a branch becomes a Piecewise)."""
    if isinstance(expr, Arg):
        return args[expr.index]
    if isinstance(expr, Out):
        return out
    if isinstance(expr, Const):
        return sp.Float(expr.value) if isinstance(expr.value, float) else sp.Integer(expr.value)
    if isinstance(expr, Select):
        then, other = (sympy_form(e, sp, args, out, registry) for e in (expr.then, expr.other))
        return sp.Piecewise((then, _sympy_test(expr.test, sp, args, out, registry)), (other, True))
    assert isinstance(expr, Call)
    return registry[expr.name].sympy(sp, *(sympy_form(a, sp, args, out, registry) for a in expr.args))


def _sympy_test(test: Compare, sp: Any, args: tuple[Any, ...], out: Any, registry: Mapping[str, Any]) -> Any:
    if test.op == "and":
        return sp.And(_sympy_test(test.left, sp, args, out, registry), _sympy_test(test.right, sp, args, out, registry))
    relation = {">=": sp.Ge, ">": sp.Gt, "<=": sp.Le, "<": sp.Lt, "==": sp.Eq}[test.op]
    return relation(sympy_form(test.left, sp, args, out, registry), sympy_form(test.right, sp, args, out, registry))


def array_form(expr: Expr, np: Any) -> Callable[[Any, Any], Any]:
    """The partial of a one-argument primitive as ``f′(x, out)`` on numpy arrays, elementwise (a
    branch becomes ``np.where``): adkit.nn's activations multiply by it.  Arithmetic of ``X`` and
    ``OUT`` only; another primitive inside has no array form here (a ValueError, at once)."""
    form = lambda x, out: _array(expr, np, x, out)  # noqa: E731
    form(np.ones(1), np.ones(1))
    return form


_ARRAY_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "add": operator.add, "sub": operator.sub, "mul": operator.mul, "div": operator.truediv, "neg": operator.neg,
    ">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq,
}


def _array(expr: Any, np: Any, x: Any, out: Any) -> Any:
    if isinstance(expr, Arg):
        if expr.index != 0:
            raise ValueError("array forms are of one-argument primitives")
        return x
    if isinstance(expr, Out):
        return out
    if isinstance(expr, Const):
        return expr.value
    if isinstance(expr, Select):
        chosen = np.where(*(_array(e, np, x, out) for e in (expr.test, expr.then, expr.other)))
        return chosen.astype(x.dtype, copy=False)  # numbers in the branches do not widen float32
    if isinstance(expr, Compare):
        left, right = _array(expr.left, np, x, out), _array(expr.right, np, x, out)
        return np.logical_and(left, right) if expr.op == "and" else _ARRAY_OPS[expr.op](left, right)
    if expr.name not in _ARRAY_OPS:
        raise ValueError(f"{expr.name} has no array form")
    return _ARRAY_OPS[expr.name](*(_array(a, np, x, out) for a in expr.args))
