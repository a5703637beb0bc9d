"""Array-valued Wengert lists and the two sweeps over them.

A :class:`Tape` is a list of :class:`ArrayStep` records in single-assignment
form (``z1 = matmul_t(a0, W1)``), each naming an :data:`ARRAY_REGISTRY`
primitive and its argument names.  Inputs are named arrays; some of them are
*variables* (the parameters we differentiate with respect to), the rest are
constants (the data ``a0``, the targets ``y``).

The sweeps are small loops that never look at which operation a step is:

* :meth:`Tape.evaluate` – primal sweep, one ``evaluate`` per step;
* :meth:`Tape.jvp` – forward sweep: ẏ = Σ over tangent-carrying arguments of
  the record's ``jvp``;
* :meth:`Tape.vjp` – reverse sweep in reverse Wengert order; adjoints live in
  a fresh dict per sweep and are accumulated with ``+`` (fan-out), and only
  arguments that depend on a variable get an adjoint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from adkit.errors import BindingError
from adkit.nn.ops import ARRAY_REGISTRY, ArrayPrimitive


@dataclass(frozen=True)
class ArrayStep:
    """``out = op(args…)`` with an equation label for display (``"BP4"``…)."""

    out: str
    op: str
    args: tuple[str, ...]

    @property
    def primitive(self) -> ArrayPrimitive:
        return ARRAY_REGISTRY[self.op]

    def text(self) -> str:
        return f"{self.out} = {self.primitive.display.format(*self.args)}"


class Tape:
    """A Wengert list over named arrays; build with :meth:`add`."""

    def __init__(self, inputs: Sequence[str], variables: Sequence[str]) -> None:
        self.inputs = tuple(inputs)
        self.variables = tuple(variables)
        self.steps: list[ArrayStep] = []
        self._defined = set(self.inputs)
        self._active = set(self.variables)  # names that depend on a variable
        self._plan: list[tuple[ArrayStep, ArrayPrimitive, tuple[int, ...]]] = []

    def add(self, out: str, op: str, *args: str) -> str:
        """Append ``out = op(args)``; names must be new (single assignment)."""
        prim = ARRAY_REGISTRY[op]
        if out in self._defined:
            raise ValueError(f"{out!r} assigned twice")
        missing = [a for a in args if a not in self._defined]
        if missing or len(args) != prim.arity:
            raise ValueError(f"{op}{args}: undefined {missing} or wrong arity")
        step = ArrayStep(out, op, tuple(args))
        self.steps.append(step)
        self._defined.add(out)
        active = tuple(i for i, a in enumerate(args) if a in self._active)
        if active:
            self._active.add(out)
        self._plan.append((step, prim, active))
        return out

    @property
    def output(self) -> str:
        return self.steps[-1].out

    # ---- sweeps ------------------------------------------------------------
    def evaluate(self, inputs: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Primal sweep: every named value, inputs included."""
        missing = [n for n in self.inputs if n not in inputs]
        if missing:
            raise BindingError("nn.tape_missing_input", names=", ".join(missing))
        values = dict(inputs)
        for step, prim, _ in self._plan:
            values[step.out] = prim.evaluate(*(values[a] for a in step.args))
        return values

    def jvp(self, values: Mapping[str, np.ndarray], x_dots: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Forward sweep from tangents on (some) variables; returns every tangent."""
        dots: dict[str, np.ndarray] = dict(x_dots)
        for step, prim, _ in self._plan:
            arg_dots = [dots.get(a) for a in step.args]
            if any(d is not None for d in arg_dots):
                args = [values[a] for a in step.args]
                dots[step.out] = prim.jvp(args, values[step.out], arg_dots)
        return dots

    def vjp(self, values: Mapping[str, np.ndarray], y_bar: np.ndarray | float = 1.0) -> dict[str, np.ndarray]:
        """Reverse sweep seeded with ȳ on the output; returns every adjoint."""
        bars: dict[str, np.ndarray] = {self.output: np.asarray(y_bar, dtype=values[self.output].dtype)}
        for step, prim, active in reversed(self._plan):
            out_bar = bars.get(step.out)
            if out_bar is None or not active:
                continue
            args = [values[a] for a in step.args]
            out = values[step.out]
            for i in active:
                contribution = prim.vjps[i](out_bar, args, out)
                name = step.args[i]
                previous = bars.get(name)
                bars[name] = contribution if previous is None else previous + contribution
        return bars

    def gradient(self, inputs: Mapping[str, np.ndarray]) -> tuple[float, dict[str, np.ndarray]]:
        """Output value and the adjoints of the variables (zeros if unused)."""
        values = self.evaluate(inputs)
        bars = self.vjp(values)
        grads = {v: np.asarray(bars[v]) if v in bars else np.zeros_like(values[v]) for v in self.variables}
        return float(values[self.output]), grads

    def lines(self) -> list[str]:
        return [step.text() for step in self.steps]
