"""``adkit cost --measure``: the cheap-gradient principle in seconds, beside the operation count.

For one program at one point, three engines — the interpreter, the generated
Python code and the compiled C code — each time one evaluation, the n forward
sweeps that give the gradient one input at a time, and the one reverse sweep
that gives it all at once.  The ratios to one evaluation are what the model
of :mod:`adkit.modes.cost` predicts from operation counts.  An engine that
cannot run here (no C compiler) carries the reason instead of times.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import Any, Callable, Sequence

import numpy as np

from adkit.codegen.backend import CompiledProgram
from adkit.codegen.cbackend import NativeProgram
from adkit.errors import AdkitError
from adkit.modes.cost import count
from adkit.modes.program import Program

ENGINES = ("interpreter", "python", "c")


@dataclass(frozen=True)
class EngineTimes:
    """Seconds per call of one engine (None with ``unavailable``, the reason it did not run)."""

    engine: str
    evaluate: float | None = None
    forward: float | None = None  # n tangent sweeps, one per input
    reverse: float | None = None  # one adjoint sweep
    setup: float | None = None  # generating and compiling its code (0.0: the C library was cached)
    unavailable: str | None = None

    def ratio(self, seconds: float | None) -> float | None:
        return None if seconds is None or not self.evaluate else seconds / self.evaluate


@dataclass(frozen=True)
class Measured:
    inputs: int
    outputs: int
    engines: list[EngineTimes]
    model_evaluate: int  # operations of one primal sweep
    model_forward: int  # n dual-number sweeps
    model_reverse: int  # one primal sweep with its tape, one adjoint sweep

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def per_call(fn: Callable[[], Any], min_time: float = 0.05, blocks: int = 3) -> float:
    """Seconds per call: the best of ``blocks`` blocks of at least ``min_time`` s each (one warm-up call)."""
    start = time.perf_counter()
    fn()
    calls = max(1, int(min_time / max(time.perf_counter() - start, 1e-7)))
    best = float("inf")
    for _ in range(blocks):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, (time.perf_counter() - start) / calls)
    return best


def measure(program: Program, x: Sequence[float], min_time: float = 0.05) -> Measured:
    """Time the three engines on ``program`` at ``x`` (input order; checked by the caller's evaluate)."""
    cost = count(program)
    steps = cost.primal_ops
    adjoint = cost.reverse.ops - 3 * steps  # one adjoint sweep per output: take one
    model_reverse = 3 * steps + adjoint // max(cost.outputs, 1)
    engines = [_times(name, program, list(x), min_time) for name in ENGINES]
    return Measured(cost.inputs, cost.outputs, engines, 3 * steps, cost.forward_dual.ops, model_reverse)


def _engine(name: str, program: Program) -> Program:
    """The same Wengert list as the engine ``name`` runs it."""
    if name == "interpreter":
        return program
    kind: type[Program] = CompiledProgram if name == "python" else NativeProgram
    engine = kind(program.inputs, program.steps, program.outputs, program.output_refs, text=program.text)
    if name == "c":
        engine.check_compiler()  # type: ignore[attr-defined]
    return engine


def _times(name: str, program: Program, x: list[float], min_time: float) -> EngineTimes:
    """One engine's three timings; an engine that cannot be built says why."""
    try:
        engine = _engine(name, program)
    except AdkitError as exc:
        if name != "c" or exc.key not in ("native.no_compiler", "native.compiler_failed"):
            raise
        return EngineTimes(name, unavailable=str(exc))
    point: Any = np.array(x) if name == "c" else x  # the C engine's own call: numpy arrays in and out
    seeds = [_unit(point, i) for i in range(len(x))]
    if len(program.outputs) == 1:
        reverse: Callable[[], Any] = lambda: engine.gradient(point)
    else:  # one reverse sweep, seeded on the first output
        reverse = lambda: engine.vjp(point, {program.outputs[0]: 1.0})
    try:
        engine.evaluate(point), reverse(), [engine.jvp(point, seed) for seed in seeds]  # builds what it runs
    except AdkitError as exc:
        if exc.key not in ("native.no_compiler", "native.compiler_failed"):
            raise
        return EngineTimes(name, unavailable=str(exc))
    setup = {"python": "codegen_seconds", "c": "compile_seconds"}.get(name)
    return EngineTimes(
        name,
        evaluate=per_call(lambda: engine.evaluate(point), min_time),
        forward=per_call(lambda: [engine.jvp(point, seed) for seed in seeds], min_time),
        reverse=per_call(reverse, min_time),
        setup=sum(getattr(engine, setup).values()) if setup else None,
    )


def _unit(point: Any, i: int) -> Any:
    """The i-th unit vector, shaped as ``point`` (a list or an array)."""
    seed = point * 0.0 if hasattr(point, "dtype") else [0.0] * len(point)
    seed[i] = 1.0
    return seed
