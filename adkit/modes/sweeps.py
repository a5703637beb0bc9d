"""A Wengert list bound to its fast sweeps: the point, the tape, tangents, adjoints.

:class:`SweepProgram` checks a point, runs the primal, tangent and adjoint
sweeps over a :class:`~adkit.modes.fast.Plan` (the steps flattened once for
tight loops) and turns a failure into a DomainError that names the Wengert
step.  The engines (:mod:`adkit.modes.forward`, :mod:`adkit.modes.reverse`,
:mod:`adkit.modes.derivatives`) work on it; :class:`adkit.modes.program.Program`
adds the public derivative methods on top.
"""

from __future__ import annotations

import math
import warnings
from functools import cached_property
from typing import Any, Mapping, Sequence

from adkit.errors import BindingError, DomainError, NonDifferentiableWarning
from adkit.ir.notation import step_text
from adkit.ir.primitives import domain_error
from adkit.ir.wengert import Literal, Ref, Step
from adkit.messages import message
from adkit.modes.contraction import LazyWeights, StepFailure
from adkit.modes.fast import Plan
from adkit.modes.finite import check, number

Point = Mapping[str, float] | Sequence[float]


class SweepProgram:
    """A formula lowered once to a Wengert list, with its fast sweeps."""

    def __init__(
        self,
        inputs: Sequence[str],
        steps: Sequence[Step],
        outputs: Sequence[str],
        output_refs: Sequence[Ref],
        text: str | None = None,
    ) -> None:
        self.inputs = tuple(inputs)
        self.steps = tuple(steps)
        self.outputs = tuple(outputs)
        self.output_refs = tuple(output_refs)
        self.text = text

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {len(self.inputs)} inputs, {len(self.steps) - len(self.inputs)} steps>"

    @property
    def output_ref(self) -> Ref:
        """The single output (the last statement, unless outputs were named)."""
        return self.output_refs[0]

    # ---- binding -----------------------------------------------------------
    def point(self, at: Point) -> list[float]:
        """Input values in input order, checked: every input once, finite numbers."""
        if isinstance(at, Mapping) and len(at) == len(self.inputs):
            try:
                fast = [at[name] for name in self.inputs]
            except (KeyError, TypeError):
                pass
            else:
                if all(type(v) is float for v in fast) and math.isfinite(sum(fast)):
                    return fast
        if isinstance(at, Mapping):
            known = self._input_set
            for name in at:
                if name not in known:
                    raise BindingError("bind.extra", name=name, inputs=", ".join(self.inputs) or None)
            for name in self.inputs:
                if name not in at:
                    raise BindingError("bind.missing", name=name)
            pairs = [(name, at[name]) for name in self.inputs]
        else:
            if isinstance(at, (str, bytes)) or not hasattr(at, "__iter__"):
                raise BindingError("bind.point", kind=type(at).__name__)
            values = list(at)
            if len(values) != len(self.inputs):
                raise BindingError("bind.count", expected=len(self.inputs), count=len(values))
            pairs = list(zip(self.inputs, values))
        return [number(name, value) for name, value in pairs]

    @cached_property
    def _input_set(self) -> frozenset[str]:
        return frozenset(self.inputs)

    # ---- fast sweeps -------------------------------------------------------
    @cached_property
    def _plan(self) -> Plan:
        """The steps flattened once: the primal loop and the contraction's edges."""
        return Plan.build(self.steps)

    def values(self, x: Sequence[float]) -> list[float]:
        """The primal sweep: every step's value (the tape), literals after them."""
        try:
            vals = self._plan.values(x)
        except StepFailure as failure:
            raise self._failure(failure) from None
        check(self.steps, vals)
        return vals

    def output_values(self, vals: Sequence[float]) -> float | dict[str, float]:
        values = [self.output_value(vals, ref) for ref in self.output_refs]
        return values[0] if len(values) == 1 else dict(zip(self.outputs, values))

    def tangents(self, vals: list[float], seed: Sequence[Any]) -> list[Any]:
        """One tangent sweep over the tape ``vals``: v̇ for every slot (numbers or numpy vectors)."""
        try:
            dot = self._plan.tangents(vals, seed)
        except StepFailure as failure:
            raise self._failure(failure) from None
        check(self.steps, dot, "tangent", vals)
        return dot

    def adjoints(self, vals: list[float], seeds: Sequence[tuple[Ref, float]]) -> list[float]:
        """One reverse sweep over the tape ``vals`` from the given (output, ȳ) seeds: v̄ for every slot."""
        try:
            bars = self._plan.adjoints(vals, seeds)
        except StepFailure as failure:
            raise self._failure(failure) from None
        check(self.steps, bars, "adjoint", vals)
        return bars

    def tangent_tape(self, x: Sequence[float], seed: Sequence[Any]) -> tuple[list[float], list[Any]]:
        """The tape and one tangent sweep over it, unchecked: the recorded forward sweep (the
        caller checks, after its other sweeps)."""
        try:
            vals = self._plan.values(x)
            return vals, self._plan.tangents(vals, seed)
        except StepFailure as failure:
            raise self._failure(failure) from None

    # ---- failures and warnings --------------------------------------------
    def output_value(self, vals: list[float], out: Ref) -> float:
        if isinstance(out, Literal):
            return out.value
        value = vals[out]
        if not math.isfinite(value):
            first = next(k for k in range(len(self.steps)) if not math.isfinite(vals[k]))
            step = self.steps[first]
            raise DomainError("domain.not_finite", step=step_text(step, self.steps),
                              op=step.primitive.label, value=vals[first], args=self._arg_values(step, vals))
        return value

    def arg_values(self, step: Step, vals: Sequence[float]) -> list[float]:
        """The values of a step's arguments, literals included."""
        return [arg.value if isinstance(arg, Literal) else vals[arg] for arg in step.args]

    def _arg_values(self, step: Step, vals: Sequence[Any]) -> str:
        return ", ".join(f"{_number_of(v):.6g}" for v in self.arg_values(step, vals))

    def _failure(self, failure: StepFailure) -> DomainError:
        step = self.steps[failure.index]
        if failure.partial:
            return self.partial_failure(step, failure.vals)
        values = tuple(self.arg_values(step, failure.vals))
        return domain_error(step.primitive, values, failure.cause, step=step_text(step, self.steps))  # type: ignore[arg-type]

    def partial_failure(self, step: Step, vals: Sequence[float]) -> DomainError:
        """Name the step and argument whose local partial is undefined."""
        weights = LazyWeights(self._plan.edges.owners, self._plan.tape(vals))
        failed = (position + 1 for position, e in self._plan.edges.of_step(step.index) if not weights.defined(e))
        position = next(failed, 0)
        return DomainError("domain.partial", step=step_text(step, self.steps), op=step.primitive.label,
                           position=position, args=self._arg_values(step, vals))

    def kinks(self, vals: Sequence[float]) -> list[tuple[Step, str]]:
        """Steps evaluated at a non-differentiable point, with the convention used."""
        found = []
        for k, prim, slots in self._plan.kinks:
            if prim.kink(*(vals[s] for s in slots)):  # type: ignore[misc]
                found.append((self.steps[k], prim.kink_note or ""))
        return found

    def warn_kinks(self, vals: Sequence[float]) -> None:
        for step, note in self.kinks(vals):
            warnings.warn(
                message("warning.kink", step=step_text(step, self.steps), note=note),
                NonDifferentiableWarning, stacklevel=3,
            )



def _number_of(value: Any) -> float:
    """The plain number at the core of a value, which may be a (nested) dual number."""
    while hasattr(value, "primal"):
        value = value.primal
    return value
