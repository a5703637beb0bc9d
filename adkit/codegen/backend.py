"""Compiled programs: ``adkit.compile(text, backend="codegen")``.

:class:`CompiledProgram` is a :class:`~adkit.modes.program.Program` whose
``evaluate``, ``gradient`` and ``jvp`` run Python generated from the Wengert
list (:mod:`adkit.codegen.python`), in the variant that also returns ``_chk``,
the sum of every value it computed.  When the generated code raises, or
``_chk`` is not finite (some intermediate was NaN or ±inf, even one hidden
from the result, as ``1/inf`` is 0), the point is re-run by the interpreter,
which raises the DomainError naming the step: one definition of that error.
The other methods (``vjp``, ``hessian``, ``hvp``, ``jacobian``) are the
interpreter's.  As the C backend's, the calls take a numpy array of the inputs
in input order and then answer the gradient as an array: at a thousand inputs
the point's checks and the gradient's dict cost a third of the generated code.
"""

from __future__ import annotations

import math
import time
from functools import cached_property
from typing import Any, Callable, Mapping

import numpy as np

from adkit.codegen.python import python_function
from adkit.errors import BindingError
from adkit.ir.primitives import FAILURES
from adkit.modes.program import Point, Program


_FLOAT = {float}


def fast_point(program: Program, at: Point) -> list[float]:
    """:meth:`Program.point` with a fast path for a dict or list of floats (the compiled backends' calls)."""
    try:
        if isinstance(at, Mapping):
            values = [at[name] for name in program.inputs] if len(at) == len(program.inputs) else None
        else:
            values = list(at) if isinstance(at, (list, tuple)) else None
    except (KeyError, TypeError):
        values = None
    if (values is not None and len(values) == len(program.inputs) and set(map(type, values)) <= _FLOAT
            and math.isfinite(sum(values))):  # the set of types is built in C: a tenth of a generator's cost
        return values
    return Program.point(program, at)


def check_array(values: np.ndarray, count: int) -> None:
    """An array point is ``count`` real numbers in input order, one dimension (both compiled backends)."""
    if values.dtype.kind not in "fiu" or values.ndim != 1:
        raise BindingError("native.array", count=count, kind=f"{values.ndim}-d {values.dtype}")
    if values.shape[0] != count:
        raise BindingError("bind.count", expected=count, count=values.shape[0])


def array_point(program: Program, at: Any) -> list[float] | None:
    """A numpy array point as the list the generated code reads; None for a dict or a list."""
    if not isinstance(at, np.ndarray):
        return None
    check_array(at, len(program.inputs))
    return at.astype(float, copy=False).tolist()


# ---- compiled programs --------------------------------------------------------
class CompiledProgram(Program):
    """A :class:`Program` whose ``evaluate``, ``gradient`` and ``jvp`` run generated Python.

    Each function is generated and compiled on first use (its cost is kept in
    :attr:`codegen_seconds`).  Failures and non-finite intermediates fall
    back to the interpreter, which raises the :class:`DomainError` naming the
    Wengert step.  Generated code has one output; programs with several
    outputs run on the interpreter.
    """

    chunk_steps: int | None = None  # None: chunks of CHUNK_STEPS beyond MAX_FUNCTION_STEPS

    @cached_property
    def codegen_seconds(self) -> dict[str, float]:
        return {}

    @cached_property
    def _functions(self) -> dict[str, Callable[..., Any]]:
        return {}

    def function(self, mode: str) -> Callable[..., Any]:
        """The generated ``f`` / ``f_jvp`` / ``f_grad`` (checked: ``_chk`` last), compiled once."""
        fn = self._functions.get(mode)
        if fn is None:
            start = time.perf_counter()
            fn = self._functions[mode] = python_function(self, mode, chunk_steps=self.chunk_steps, checked=True)
            self.codegen_seconds[mode] = time.perf_counter() - start
        return fn

    def point(self, at: Point) -> list[float]:
        """As :meth:`Program.point`, with a fast path for well-formed points and numpy arrays."""
        array = array_point(self, at)
        return array if array is not None else fast_point(self, at)

    def evaluate(self, at: Point) -> float:
        if len(self.output_refs) != 1:  # generated code has one output
            return super().evaluate(at)
        x = self.point(at)
        fn = self.function("evaluate")
        try:
            y, chk = fn(x)
        except FAILURES:
            chk = math.nan
        if not math.isfinite(chk):
            return super().evaluate(x)  # raises the DomainError that names the step
        return y

    def gradient(self, at: Point) -> Any:
        """∂y/∂x by input name, or as an array for an array point."""
        if len(self.output_refs) != 1:  # generated code has one output
            return super().gradient(at)
        array = isinstance(at, np.ndarray)
        x = self.point(at)
        fn = self.function("reverse")
        try:
            y, bars, chk = fn(x)
        except FAILURES:
            chk = math.nan
        if not math.isfinite(chk):
            bars = list(super().gradient(x).values())  # raises the DomainError, or a result after all
            return np.array(bars) if array else dict(zip(self.inputs, bars))
        if self._plan.kinks:
            self.warn_kinks(self.values(x))
        return np.array(bars) if array else dict(zip(self.inputs, bars))

    def jvp(self, at: Point, seed: Point) -> tuple[float, float]:
        if len(self.output_refs) != 1:
            return super().jvp(at, seed)
        x, s = self.point(at), self.point(seed)
        fn = self.function("forward")
        try:
            y, y_dot, chk = fn(x, s)
        except FAILURES:
            chk = math.nan
        if not math.isfinite(chk):
            return super().jvp(x, s)
        if self._plan.kinks:
            self.warn_kinks(self.values(x))
        return y, y_dot
