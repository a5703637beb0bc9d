"""Compiled programs: ``adkit.compile(text, backend="codegen")``.

:class:`CompiledProgram` is a :class:`~adkit.modes.program.Program` whose
``evaluate``, ``gradient`` and ``jvp`` run Python generated from the Wengert
list (:mod:`adkit.codegen.python`), in the variant that also returns ``_chk``,
the sum of every value it computed.  When the generated code raises, or
``_chk`` is not finite (some intermediate was NaN or ±inf, even one hidden
from the result, as ``1/inf`` is 0), the point is re-run by the interpreter,
which raises the DomainError naming the step: one definition of that error.
The other methods (``vjp``, ``hessian``, ``hvp``, ``jacobian``) are the
interpreter's.
"""

from __future__ import annotations

import math
import time
from functools import cached_property
from typing import Any, Callable, Mapping

from adkit.codegen.python import python_function
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
        """As :meth:`Program.point`, with a fast path for well-formed points."""
        return fast_point(self, at)

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

    def gradient(self, at: Point) -> dict[str, float]:
        if len(self.output_refs) != 1:  # generated code has one output
            return super().gradient(at)
        x = self.point(at)
        fn = self.function("reverse")
        try:
            y, bars, chk = fn(x)
        except FAILURES:
            chk = math.nan
        if not math.isfinite(chk):
            return super().gradient(x)
        if self._plan.kinks:
            self.warn_kinks(self.values(x))
        return dict(zip(self.inputs, bars))

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
