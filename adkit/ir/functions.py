"""adkit's math functions (``adkit.sin``, ``adkit.log``, …) and operator overloading.

Each public function is generated from its registry record and dispatches on
its arguments: a :class:`~adkit.modes.forward.Dual` propagates a tangent, a
:class:`~adkit.modes.tracing.Tracer` records a Wengert step, and plain numbers are
simply evaluated.  Anything that wants to take part implements the classmethod
``__adkit_apply__(primitive, args)``; :class:`Arithmetic` gives such a class
Python's operators.
"""

from __future__ import annotations

from typing import Any, Callable

from adkit.ir.primitives import FUNCTIONS, REGISTRY, Primitive, apply

def _public(name: str, prim: Primitive) -> Callable[..., Any]:
    def function(*args: Any) -> Any:
        return apply(prim, args)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"{name}: the registry primitive {prim.name!r}; works on numbers, Dual and traced values."
    return function


#: Public math functions by name, generated from the registry.
PUBLIC: dict[str, Callable[..., Any]] = {name: _public(name, REGISTRY[key]) for name, key in FUNCTIONS.items()}

#: Older spellings kept working: ``adkit.maximum`` is ``adkit.max``, …
ALIASES: dict[str, Callable[..., Any]] = {
    "maximum": PUBLIC["max"], "minimum": PUBLIC["min"], "power": PUBLIC["pow"], "absolute": PUBLIC["abs"],
}

_ADD, _SUB, _MUL, _DIV, _POW, _NEG = (REGISTRY[k] for k in ("add", "sub", "mul", "div", "pow", "neg"))


class Arithmetic:
    """Python operators in terms of ``__adkit_apply__``."""

    __slots__ = ()

    @classmethod
    def __adkit_apply__(cls, prim: Primitive, args: tuple[Any, ...]) -> Any:  # pragma: no cover
        raise NotImplementedError

    def __add__(self, other: Any) -> Any:
        return self.__adkit_apply__(_ADD, (self, other))

    def __radd__(self, other: Any) -> Any:
        return self.__adkit_apply__(_ADD, (other, self))

    def __sub__(self, other: Any) -> Any:
        return self.__adkit_apply__(_SUB, (self, other))

    def __rsub__(self, other: Any) -> Any:
        return self.__adkit_apply__(_SUB, (other, self))

    def __mul__(self, other: Any) -> Any:
        return self.__adkit_apply__(_MUL, (self, other))

    def __rmul__(self, other: Any) -> Any:
        return self.__adkit_apply__(_MUL, (other, self))

    def __truediv__(self, other: Any) -> Any:
        return self.__adkit_apply__(_DIV, (self, other))

    def __rtruediv__(self, other: Any) -> Any:
        return self.__adkit_apply__(_DIV, (other, self))

    def __pow__(self, other: Any) -> Any:
        return self.__adkit_apply__(_POW, (self, other))

    def __rpow__(self, other: Any) -> Any:
        return self.__adkit_apply__(_POW, (other, self))

    def __neg__(self) -> Any:
        return self.__adkit_apply__(_NEG, (self,))

    def __pos__(self) -> Any:
        return self

    def __abs__(self) -> Any:
        return self.__adkit_apply__(REGISTRY["abs"], (self,))
