"""A compiled program: the Wengert list, its bindings, and fast derivatives.

:class:`Program` is what :func:`adkit.compile` returns.  ``evaluate``,
``gradient``, ``jvp`` and ``vjp`` run over a :class:`~adkit.plan.Plan` (the
steps flattened once for tight loops); failures become DomainErrors that name
the Wengert step.  The per-step records that tables need come from
:mod:`adkit.forward` and :mod:`adkit.reverse`, which read the same steps and
the same registry.
"""

from __future__ import annotations

import math
import warnings
from functools import cached_property
from typing import Any, Mapping, Sequence

from adkit.errors import BindingError, DomainError, NonDifferentiableWarning
from adkit.messages import message
from adkit.functions import FAILURES, domain_error
from adkit.notation import step_text
from adkit.plan import Plan, StepFailure
from adkit.primitives import Primitive
from adkit.wengert import Literal, Ref, Step

Point = Mapping[str, float] | Sequence[float]


class Program:
    """A formula lowered once to a Wengert list; call it many times."""

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
        return f"<Program {len(self.inputs)} inputs, {len(self.steps) - len(self.inputs)} steps>"

    @property
    def output_ref(self) -> Ref:
        """The single output (the last statement, unless outputs were named)."""
        return self.output_refs[0]

    # ---- binding -----------------------------------------------------------
    def point(self, at: Point) -> list[float]:
        """Input values in input order, checked: every input once, finite numbers."""
        if isinstance(at, Mapping) and len(at) == len(self.inputs):
            try:
                fast = [float(at[name]) for name in self.inputs]
            except (KeyError, TypeError, ValueError):
                pass
            else:
                if all(map(math.isfinite, fast)):
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
            values = list(at)
            if len(values) != len(self.inputs):
                raise BindingError("bind.count", expected=len(self.inputs), count=len(values))
            pairs = list(zip(self.inputs, values))
        point = []
        for name, value in pairs:
            try:
                value = float(value)
            except (TypeError, ValueError):
                raise BindingError("bind.not_a_number", name=name, value=value) from None
            if not math.isfinite(value):
                raise BindingError("bind.not_finite", name=name, value=value)
            point.append(value)
        return point

    @cached_property
    def _input_set(self) -> frozenset[str]:
        return frozenset(self.inputs)

    # ---- fast sweeps -------------------------------------------------------
    @cached_property
    def _plan(self) -> Plan:
        return Plan.build(self.steps)

    def values(self, x: Sequence[float]) -> list[float]:
        """The primal sweep: every step's value (the tape), literals after them."""
        try:
            return self._plan.values(x)
        except StepFailure as failure:
            raise self._failure(failure) from None

    def evaluate(self, at: Point) -> float | dict[str, float]:
        """The output's value at ``at`` (one primal sweep); a dict by name for several outputs."""
        return self.output_values(self.values(self.point(at)))

    def output_values(self, vals: Sequence[float]) -> float | dict[str, float]:
        values = [self.output_value(vals, ref) for ref in self.output_refs]
        return values[0] if len(values) == 1 else dict(zip(self.outputs, values))

    def gradient(self, at: Point) -> dict[str, float]:
        """∂y/∂input for every input, by one reverse sweep over the tape."""
        if len(self.outputs) != 1:
            raise BindingError("program.one_output", outputs=", ".join(self.outputs))
        return self.vjp(at, 1.0)[1]

    def vjp(self, at: Point, cotangent: float | Mapping[str, float]) -> tuple[float | dict[str, float], dict[str, float]]:
        """(outputs, ȳᵀJ): one reverse sweep seeded with ``cotangent``.

        ``cotangent`` is a number for a single-output program, or a mapping
        from output names to weights (missing outputs weigh 0).
        """
        weights = self._cotangent(cotangent)
        vals = self.values(self.point(at))
        values = self.output_values(vals)
        self.warn_kinks(vals)
        adj = self.adjoints(vals, list(zip(self.output_refs, weights)))
        result = dict(zip(self.inputs, adj))
        for name, value in result.items():
            if not math.isfinite(value):
                raise DomainError("domain.not_finite", op="∂y/∂" + name, value=value, args="the given point")
        return values, result

    def _cotangent(self, cotangent: float | Mapping[str, float]) -> list[float]:
        if isinstance(cotangent, Mapping):
            for name in cotangent:
                if name not in self.outputs:
                    raise BindingError("program.unknown_output", name=name, names=", ".join(self.outputs))
            return [float(cotangent.get(name, 0.0)) for name in self.outputs]
        if len(self.outputs) != 1:
            raise BindingError("program.one_output", outputs=", ".join(self.outputs))
        return [float(cotangent)]

    def jvp(self, at: Point, seed: Point) -> tuple[float | dict[str, float], float | dict[str, float]]:
        """(y, ẏ) for the tangent direction ``seed``: one primal and one tangent sweep.

        With several outputs both are dicts by output name.
        """
        vals = self.values(self.point(at))
        values = self.output_values(vals)
        self.warn_kinks(vals)
        dot = self.tangents(vals, self.point(seed))
        tangents = [0.0 if isinstance(ref, Literal) else dot[ref] for ref in self.output_refs]
        return values, (tangents[0] if len(tangents) == 1 else dict(zip(self.outputs, tangents)))

    def jacobian(self, at: Point, mode: str = "reverse", vector: bool = False) -> dict[str, dict[str, float]]:
        """∂output/∂input as ``{output: {input: value}}``.

        ``mode="reverse"`` runs one adjoint sweep per output over one tape;
        ``mode="forward"`` one tangent sweep per input, or a single sweep of
        vector tangents with ``vector=True``.
        """
        from adkit.derivatives import jacobian

        return jacobian(self, at, mode, vector).matrix

    def hvp(self, at: Point, vector: Point) -> dict[str, float]:
        """Hessian-vector product H·v by one forward-over-reverse sweep (H is never formed)."""
        from adkit.derivatives import hvp

        return hvp(self, at, vector)

    def hessian(self, at: Point, method: str = "forward-over-reverse") -> dict[str, dict[str, float]]:
        """∂²y/∂xᵢ∂xⱼ as ``{input: {input: value}}`` (forward-over-reverse or forward-over-forward)."""
        from adkit.derivatives import hessian

        return hessian(self, at, method).matrix

    def tangents(self, vals: list[float], seed: Sequence[Any]) -> list[Any]:
        """One tangent sweep over the tape ``vals``: v̇ for every slot (numbers or numpy vectors)."""
        try:
            return self._plan.tangents(vals, seed)
        except StepFailure as failure:
            raise self._failure(failure) from None

    def adjoints(self, vals: list[float], seeds: Sequence[tuple[Ref, float]]) -> list[float]:
        """One reverse sweep over the tape ``vals`` from the given (output, ȳ) seeds: v̄ for every slot."""
        try:
            return self._plan.adjoints(vals, seeds)
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

    def _arg_values(self, step: Step, vals: Sequence[float]) -> str:
        return ", ".join(f"{v:.6g}" for v in self.arg_values(step, vals))

    def _failure(self, failure: StepFailure) -> DomainError:
        step = self.steps[failure.index]
        if failure.partial:
            return self.partial_failure(step, failure.vals)
        values = tuple(self.arg_values(step, failure.vals))
        return domain_error(step.primitive, values, failure.cause, step=step_text(step, self.steps))  # type: ignore[arg-type]

    def partial_failure(self, step: Step, vals: Sequence[float]) -> DomainError:
        """Name the step and argument whose local partial is undefined."""
        prim: Primitive = step.primitive  # type: ignore[assignment]
        args = self.arg_values(step, vals)
        position = 0
        for i, (arg, p) in enumerate(zip(step.args, prim.partials)):
            if isinstance(arg, Literal):
                continue
            try:
                p(*args, vals[step.index])
            except FAILURES:
                position = i + 1
                break
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

