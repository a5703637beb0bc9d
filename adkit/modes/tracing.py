"""Python callables → Wengert lists, by calling them with tracer values.

``adkit.trace(lambda x1, x2: adkit.log(x1) + x1*x2 - adkit.sin(x2), at=...)``
calls the function once with a :class:`Tracer` per input; every operator and
adkit math function applied to a tracer records a step in the same
:class:`~adkit.ir.wengert.Builder` the parser's lowering uses.  Only straight-line
code can be recorded: branching on a traced value raises a clear error.
"""

from __future__ import annotations

import inspect
from typing import Any, Callable, Sequence

from adkit.errors import TracingError
from adkit.ir.functions import Arithmetic
from adkit.ir.primitives import Primitive
from adkit.modes.program import Program
from adkit.ir.wengert import Builder, Literal, Ref, output_name


def literal(value: float) -> Literal:
    value = float(value)
    text = repr(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return Literal(value, text)


class Tracer(Arithmetic):
    """A value inside a function being traced: a reference to a step."""

    __slots__ = ("builder", "ref")

    def __init__(self, builder: Builder, ref: Ref) -> None:
        self.builder = builder
        self.ref = ref

    @classmethod
    def __adkit_apply__(cls, prim: Primitive, args: tuple[Any, ...]) -> "Tracer":
        builder = next(a.builder for a in args if isinstance(a, Tracer))
        refs: list[Ref] = []
        for arg in args:
            if isinstance(arg, Tracer):
                if arg.builder is not builder:
                    raise TracingError("tracing.mixed")
                refs.append(arg.ref)
            elif isinstance(arg, (int, float)) and not isinstance(arg, bool):
                refs.append(literal(arg))
            else:
                raise TracingError("tracing.mixed")
        return Tracer(builder, builder.apply(prim.name, refs))

    def __float__(self) -> float:
        raise TracingError("tracing.float", hint="sin")

    def __bool__(self) -> bool:
        raise TracingError("tracing.bool")

    def _compare(self, other: Any) -> bool:
        raise TracingError("tracing.bool")

    __lt__ = __le__ = __gt__ = __ge__ = _compare  # type: ignore[assignment]


def trace_callable(fn: Callable[..., Any], inputs: Sequence[str]) -> Program:
    """Record ``fn`` called with one tracer per named input."""
    try:
        params = list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        params = list(inputs)
    if sorted(params) != sorted(inputs):
        raise TracingError("tracing.signature", params=", ".join(params), names=", ".join(inputs))
    builder = Builder(inputs)
    result = fn(**{name: Tracer(builder, i) for i, name in enumerate(inputs)})
    if isinstance(result, Tracer):
        ref: Ref = result.ref
    elif isinstance(result, (int, float)) and not isinstance(result, bool):
        ref = literal(result)
    else:
        raise TracingError("tracing.result", kind=type(result).__name__)
    steps, refs = builder.finish((ref,))
    return Program(inputs, steps, (output_name(inputs),), refs)
