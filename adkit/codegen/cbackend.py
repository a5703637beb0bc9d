"""Native programs: ``adkit.compile(text, backend="c")``.

:class:`NativeProgram` is a :class:`~adkit.modes.program.Program` whose
``evaluate``, ``gradient``, ``jvp`` and ``vjp`` call the program's C library
(:mod:`adkit.codegen.library`, built and cached by :mod:`adkit.codegen.native`).
They take a point as the interpreter does (a dict, a list), answering as the
interpreter does, or a numpy array of the inputs in input order, answering
with numpy arrays where the interpreter answers with a dict by name (at a
thousand inputs, building dicts alone costs more than the C code).  A float
stays a float: ``evaluate`` of a one-output program is a number either way.

When the library reports a value that is not finite, the point is re-run by
the interpreter, which raises the DomainError naming the step (one definition
of that error) or, where a result exists after all (a finite sum that
overflowed), returns it.  Kinks warn as in the interpreter, from the tape the
library wrote.  The other methods (``hessian``, ``hvp``, ``jacobian``) are the
interpreter's.  A NativeProgram's calls may run in several threads: each thread
has its own work block.
"""

from __future__ import annotations

import ctypes
import threading
from functools import cached_property
from typing import Any, Callable, Mapping

import numpy as np

from adkit.codegen.library import ENTRIES, library_source
from adkit.codegen.native import compiler, load
from adkit.errors import BindingError
from adkit.modes.program import Point, Program

_ARGUMENTS = {"evaluate": 3, "jvp": 6, "vjp": 6}


class NativeProgram(Program):
    """A :class:`Program` whose value and first derivatives run as compiled C (see the module docstring)."""

    def check_compiler(self) -> None:
        """Fail now, with what to install, rather than at the first call."""
        compiler()

    @cached_property
    def compile_seconds(self) -> dict[str, float]:
        """Seconds each entry point's library took to build (0.0: found in the cache)."""
        return {}

    @cached_property
    def _entries(self) -> dict[str, Callable[..., int]]:
        return {}

    def entry(self, name: str) -> Callable[..., int]:
        """The exported ``adkit_evaluate`` / ``adkit_jvp`` / ``adkit_vjp``, built or loaded once."""
        fn = self._entries.get(name)
        if fn is None:
            if name not in ENTRIES:
                raise ValueError(name)
            build = load(library_source(self, name))
            self.compile_seconds[name] = build.compile_seconds
            fn = getattr(build.library, f"adkit_{name}")
            fn.argtypes = [ctypes.c_void_p] * _ARGUMENTS[name]
            fn.restype = ctypes.c_int
            self._entries[name] = fn
        return fn

    # ---- points in and out ------------------------------------------------------
    def _vector(self, values: Any, count: int) -> np.ndarray:
        """A C-contiguous float64 vector of ``count`` numbers (converted only when it is not one)."""
        if not isinstance(values, np.ndarray) or values.dtype.kind not in "fiu":
            raise BindingError("native.array", count=count, kind=getattr(values, "dtype", type(values).__name__))
        if values.dtype != np.float64 or not values.flags.c_contiguous:
            values = np.ascontiguousarray(values, dtype=np.float64)
        if values.shape != (count,):
            raise BindingError("bind.count", expected=count, count=values.size)
        return values

    def _inputs(self, at: Point) -> tuple[np.ndarray, bool]:
        """(x, the point came as an array)."""
        if isinstance(at, np.ndarray):
            return self._vector(at, len(self.inputs)), True
        return np.array(self.point(at), dtype=np.float64), False

    def _outputs(self, y: np.ndarray, array: bool) -> float | np.ndarray | dict[str, float]:
        if len(self.outputs) == 1:
            return float(y[0])
        return y if array else dict(zip(self.outputs, y.tolist()))

    @cached_property
    def _threads(self) -> threading.local:
        return threading.local()

    def _work(self) -> tuple[np.ndarray, int]:
        """This thread's work block and its address: the tape, the tangents or adjoints, then y and ẏ."""
        local = self._threads
        work = getattr(local, "work", None)
        if work is None:
            work = local.work = np.empty(2 * self._slots + 2 * len(self.outputs))
            local.address = work.ctypes.data
        return work, local.address

    @cached_property
    def _slots(self) -> int:
        return len(self._plan.template)

    @cached_property
    def _one(self) -> tuple[np.ndarray, int]:
        one = np.ones(1)
        return one, one.ctypes.data

    def _results(self, work: np.ndarray, array: bool) -> tuple[Any, Any]:
        """(y, ẏ) from the work block, as the interpreter answers (or arrays)."""
        m, end = len(self.outputs), 2 * self._slots
        return self._outputs(work[end:end + m].copy(), array), self._outputs(work[end + m:].copy(), array)

    def _kinks(self, work: np.ndarray) -> None:
        if self._plan.kinks:
            steps = len(self.steps)
            self.warn_kinks(work[:steps].tolist() + self._plan.template[steps:])

    # ---- the calls --------------------------------------------------------------
    def evaluate(self, at: Point) -> Any:
        x, array = self._inputs(at)
        work, address = self._work()
        y = address + 16 * self._slots
        if self.entry("evaluate")(x.ctypes.data, y, address):
            value = super().evaluate(x.tolist())  # raises the DomainError that names the step
            return np.array(list(value.values())) if array and isinstance(value, dict) else value
        return self._results(work, array)[0]

    def gradient(self, at: Point) -> Any:
        if len(self.outputs) != 1:
            return super().gradient(at)  # the interpreter's error
        return self.vjp(at, self._one[0] if isinstance(at, np.ndarray) else 1.0)[1]

    def vjp(self, at: Point, cotangent: Any) -> tuple[Any, Any]:
        x, array = self._inputs(at)
        if cotangent is self._one[0]:
            weights, w = cotangent, self._one[1]
        else:
            weights = (self._vector(cotangent, len(self.outputs)) if isinstance(cotangent, np.ndarray)
                       else np.array(self._cotangent(cotangent), dtype=np.float64))
            w = weights.ctypes.data
        work, address = self._work()
        x_bar = np.empty(len(self.inputs))
        if self.entry("vjp")(x.ctypes.data, w, address + 16 * self._slots, x_bar.ctypes.data,
                             address, address + 8 * self._slots):
            return self._fallback_vjp(x, weights, cotangent, array)
        self._kinks(work)
        return self._results(work, array)[0], (x_bar if array else dict(zip(self.inputs, x_bar.tolist())))

    def _fallback_vjp(self, x: np.ndarray, weights: np.ndarray, cotangent: Any, array: bool) -> tuple[Any, Any]:
        if isinstance(cotangent, np.ndarray):
            cotangent = dict(zip(self.outputs, weights.tolist()))
        value, x_bar = super().vjp(x.tolist(), cotangent)
        if not array:
            return value, x_bar
        return (np.array(list(value.values())) if isinstance(value, dict) else value), np.array(list(x_bar.values()))

    def jvp(self, at: Point, seed: Point) -> tuple[Any, Any]:
        x, array = self._inputs(at)
        x_dot = self._vector(seed, len(self.inputs)) if isinstance(seed, np.ndarray) else \
            np.array(self.point(seed), dtype=np.float64)
        work, address = self._work()
        y = address + 16 * self._slots
        if self.entry("jvp")(x.ctypes.data, x_dot.ctypes.data, y, y + 8 * len(self.outputs),
                             address, address + 8 * self._slots):
            value, tangent = super().jvp(x.tolist(), x_dot.tolist())
            if array and isinstance(value, Mapping):
                return np.array(list(value.values())), np.array(list(tangent.values()))  # type: ignore[union-attr]
            return value, tangent
        self._kinks(work)
        return self._results(work, array)
