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

from adkit.codegen.backend import check_array, fast_point
from adkit.codegen.library import ENTRIES, library_units, partial_count
from adkit.codegen.native import compiler, load
from adkit.modes.program import Point, Program

#: each entry point's arguments: parts of the work block (see _layout)
_ARGUMENTS = {"evaluate": ("x", "y", "t"), "jvp": ("x", "seed", "y", "y_dot", "t", "s"),
              "vjp": ("x", "seed", "y", "x_bar", "t", "s", "p")}


_GRADIENT = object()  # the cotangent gradient() passes to vjp(): ȳ = 1, no checks to make


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
            build = load(library_units(self, name))
            self.compile_seconds[name] = build.compile_seconds
            fn = getattr(build.library, f"adkit_{name}")
            fn.argtypes = [ctypes.c_void_p] * len(_ARGUMENTS[name])
            fn.restype = ctypes.c_int
            self._entries[name] = fn
        return fn

    def point(self, at: Point) -> list[float]:
        """As :meth:`Program.point`, with the generated Python's fast path for well-formed points."""
        return fast_point(self, at)

    # ---- the work block ----------------------------------------------------------
    @cached_property
    def _layout(self) -> dict[str, int]:
        """Offsets in the work block: the tape, tangents or adjoints, y, ẏ, x, ẋ or ȳ, x̄, the partials."""
        sizes = {"t": len(self._plan.template), "s": len(self._plan.template), "y": len(self.outputs),
                 "y_dot": len(self.outputs), "x": len(self.inputs), "seed": max(len(self.inputs), len(self.outputs)),
                 "x_bar": len(self.inputs), "p": partial_count(self)}
        offsets, end = {}, 0
        for name, size in sizes.items():
            offsets[name], end = end, end + size
        offsets["end"] = end
        return offsets

    @cached_property
    def _threads(self) -> threading.local:
        return threading.local()

    def _work(self) -> tuple[np.ndarray, dict[str, tuple[ctypes.c_void_p, ...]]]:
        """This thread's work block and each entry point's arguments into it (each thread has its own;
        pointers made once, so a call converts nothing)."""
        local = self._threads
        work = getattr(local, "work", None)
        if work is None:
            work = local.work = np.empty(self._layout["end"])
            base = work.ctypes.data
            local.arguments = {entry: tuple(ctypes.c_void_p(base + 8 * self._layout[part]) for part in parts)
                               for entry, parts in _ARGUMENTS.items()}
        return work, local.arguments

    # ---- points in and out ------------------------------------------------------
    def _put(self, work: np.ndarray, part: str, values: Any, count: int, names: bool) -> bool:
        """Copy a point (a dict, a list, or an array of ``count`` numbers) into the work block;
        True when it came as an array.  ``names``: a point by input name (else a cotangent)."""
        start = self._layout[part]
        if isinstance(values, np.ndarray):
            check_array(values, count)
            work[start:start + count] = values
            return True
        work[start:start + count] = self.point(values) if names else self._cotangent(values)
        return False

    def _out(self, work: np.ndarray, part: str, array: bool) -> Any:
        """y or ẏ as the interpreter answers (a float, or a dict by output name), or an array."""
        start = self._layout[part]
        if len(self.outputs) == 1:
            return float(work[start])
        y = work[start:start + len(self.outputs)].copy()
        return y if array else dict(zip(self.outputs, y.tolist()))

    def _x(self, work: np.ndarray) -> list[float]:
        start = self._layout["x"]
        return work[start:start + len(self.inputs)].tolist()

    def _kinks(self, work: np.ndarray) -> None:
        if self._plan.kinks:
            steps = len(self.steps)
            self.warn_kinks(work[:steps].tolist() + self._plan.template[steps:])

    @staticmethod
    def _arrays(value: Any) -> Any:
        """An interpreter's dict answer as an array (for array calls); a float as is."""
        return np.array(list(value.values())) if isinstance(value, Mapping) else value

    # ---- the calls --------------------------------------------------------------
    def evaluate(self, at: Point) -> Any:
        work, a = self._work()
        array = self._put(work, "x", at, len(self.inputs), True)
        if self.entry("evaluate")(*a["evaluate"]):
            value = super().evaluate(self._x(work))  # raises the DomainError that names the step
            return self._arrays(value) if array else value
        return self._out(work, "y", array)

    def gradient(self, at: Point) -> Any:
        if len(self.outputs) != 1:
            return super().gradient(at)  # the interpreter's error
        return self.vjp(at, _GRADIENT)[1]

    def vjp(self, at: Point, cotangent: Any) -> tuple[Any, Any]:
        work, a = self._work()
        array = self._put(work, "x", at, len(self.inputs), True)
        if cotangent is _GRADIENT:
            work[self._layout["seed"]] = 1.0
        else:
            self._put(work, "seed", cotangent, len(self.outputs), False)
        if self.entry("vjp")(*a["vjp"]):
            seed = self._layout["seed"]
            weights = dict(zip(self.outputs, work[seed:seed + len(self.outputs)].tolist()))
            value, x_bar = super().vjp(self._x(work), weights)
            return (self._arrays(value), self._arrays(x_bar)) if array else (value, x_bar)
        self._kinks(work)
        start = self._layout["x_bar"]
        x_bar = work[start:start + len(self.inputs)].copy()
        return self._out(work, "y", array), (x_bar if array else dict(zip(self.inputs, x_bar.tolist())))

    def jvp(self, at: Point, seed: Point) -> tuple[Any, Any]:
        work, a = self._work()
        array = self._put(work, "x", at, len(self.inputs), True)
        self._put(work, "seed", seed, len(self.inputs), True)
        if self.entry("jvp")(*a["jvp"]):
            start = self._layout["seed"]
            value, tangent = super().jvp(self._x(work), work[start:start + len(self.inputs)].tolist())
            return (self._arrays(value), self._arrays(tangent)) if array else (value, tangent)
        self._kinks(work)
        return self._out(work, "y", array), self._out(work, "y_dot", array)
