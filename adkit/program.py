"""A compiled program: the Wengert list plus fast evaluation and gradients.

:class:`Program` is what :func:`adkit.compile` returns.  Its ``evaluate`` and
``gradient`` run over a *plan*: the Wengert list flattened once into tuples of
slot indices and registry callables (literals get slots of their own), so a
sweep is a tight loop with no lookups.  The per-step records that tables need
come from :mod:`adkit.forward` and :mod:`adkit.reverse`, which read the same
steps and the same registry.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable, Mapping, Sequence

from adkit.errors import BindingError, DomainError, NonDifferentiableWarning
from adkit.messages import message
from adkit.functions import FAILURES, domain_error
from adkit.notation import step_text
from adkit.primitives import ArgValue, Constant, OfArg, OutValue, Primitive
from adkit.wengert import Literal, Ref, Step

Point = Mapping[str, float] | Sequence[float]


@dataclass(frozen=True)
class _Plan:
    template: list[float]  # one slot per step, then one per literal
    forward: list[tuple[int, Callable[..., float], int, int]]  # (k, evaluate, a, b); b < 0: unary
    tangent: list[tuple]  # (kind, k, a, b, ∂a, ∂b) in step order; see _linear_entry
    reverse: list[tuple]  # the same entries, last step first
    kinks: list[tuple[int, Primitive, tuple[int, ...]]]


_CONST, _ARGS, _ARG, _CALL1, _OFARG, _CALL2, _OUT, _MIXED, _NONE = range(9)


def _linear_entry(step: Step, prim: Primitive, slots: list[int]) -> tuple:
    """How the fast tangent and reverse loops handle a step, decided once: (kind, k, a, b, pa, pb).

    Only variable arguments take part (a binary step with one literal becomes a
    one-argument entry), so the partial of a literal is never evaluated and
    ``(-2)^x`` never asks for ``ln(-2)``.  Partials declared as Constant,
    ArgValue, OutValue or OfArg are used without a Python call.
    """
    k = step.index
    live = [(slot, p) for arg, slot, p in zip(step.args, slots, prim.partials) if not isinstance(arg, Literal)]
    if not live:
        return (_NONE, k, -1, -1, None, None)
    partials = [p for _, p in live]
    a, pa = live[0]
    b, pb = live[1] if len(live) > 1 else (-1, None)
    if all(isinstance(p, Constant) for p in partials):
        return (_CONST, k, a, b, pa.value, pb.value if b >= 0 else 0.0)  # type: ignore[union-attr]
    if all(isinstance(p, ArgValue) for p in partials):
        values = [slots[p.index] for p in partials]  # type: ignore[union-attr]
        return (_ARGS, k, a, b, *values) if b >= 0 else (_ARG, k, a, b, values[0], None)
    if len(slots) == 1 and isinstance(pa, OfArg):
        return (_OFARG, k, a, b, pa.function, None)
    if len(slots) == 1 and isinstance(pa, OutValue):
        return (_OUT, k, a, b, None, None)
    if len(live) == len(slots):
        return (_CALL1, k, a, b, pa, None) if b < 0 else (_CALL2, k, a, b, pa, pb)
    # one variable argument of a binary step: call its partial with all the values
    position = [not isinstance(arg, Literal) for arg in step.args].index(True)
    return (_MIXED, k, slots[0], slots[1], pa if position == 0 else None, pa if position == 1 else None)


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
    def _plan(self) -> _Plan:
        template = [0.0] * len(self.steps)
        forward, linear, kinks = [], [], []
        for step in self.steps:
            prim = step.primitive
            if prim is None:
                continue
            slots = []
            for arg in step.args:
                if isinstance(arg, Literal):
                    slots.append(len(template))
                    template.append(arg.value)
                else:
                    slots.append(arg)
            a, b = slots[0], (slots[1] if len(slots) > 1 else -1)
            forward.append((step.index, prim.evaluate, a, b))
            linear.append(_linear_entry(step, prim, slots))
            if prim.kink is not None:
                kinks.append((step.index, prim, tuple(slots)))
        return _Plan(template, forward, linear, linear[::-1], kinks)

    def values(self, x: Sequence[float]) -> list[float]:
        """The primal sweep: every step's value (the tape), literals after them."""
        plan = self._plan
        vals = plan.template[:]
        vals[: len(x)] = x
        k = -1
        try:
            for k, fn, a, b in plan.forward:
                vals[k] = fn(vals[a]) if b < 0 else fn(vals[a], vals[b])
        except FAILURES as exc:
            raise self._failure(k, vals, exc) from None
        return vals

    def evaluate(self, at: Point) -> float | dict[str, float]:
        """The output's value at ``at`` (one primal sweep); a dict by name for several outputs."""
        return self.output_values(self.values(self.point(at)))

    def output_values(self, vals: Sequence[float]) -> float | dict[str, float]:
        values = [self._output_value(vals, ref) for ref in self.output_refs]
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
        self._warn_kinks(vals)
        adj = self._adjoints(vals, list(zip(self.output_refs, weights)))
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
        self._warn_kinks(vals)
        dot = self._tangents(vals, self.point(seed))
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

    def _tangents(self, vals: list[float], seed: Sequence[Any]) -> list[Any]:
        """One tangent sweep over the tape: v̇ = Σᵢ ∂ᵢ·u̇ᵢ for every slot.

        The same partials and plan as :meth:`_adjoints`, contracted forwards;
        ``seed`` may hold numbers or numpy vectors (all directions at once).
        """
        dot: list[Any] = [0.0] * len(vals)
        dot[: len(seed)] = seed
        k = -1
        try:
            for kind, k, a, b, pa, pb in self._plan.tangent:
                if kind == _CONST:
                    dot[k] = pa * dot[a] + pb * dot[b] if b >= 0 else pa * dot[a]
                elif kind == _ARGS:
                    dot[k] = vals[pa] * dot[a] + vals[pb] * dot[b]
                elif kind == _ARG:
                    dot[k] = vals[pa] * dot[a]
                elif kind == _CALL1:
                    dot[k] = pa(vals[a], vals[k]) * dot[a]
                elif kind == _OFARG:
                    dot[k] = pa(vals[a]) * dot[a]
                elif kind == _CALL2:
                    x, y, o = vals[a], vals[b], vals[k]
                    dot[k] = pa(x, y, o) * dot[a] + pb(x, y, o) * dot[b]
                elif kind == _OUT:
                    dot[k] = vals[k] * dot[a]
                elif kind == _MIXED:
                    x, y, o = vals[a], vals[b], vals[k]
                    total: Any = 0.0
                    if pa is not None:
                        total = total + pa(x, y, o) * dot[a]
                    if pb is not None:
                        total = total + pb(x, y, o) * dot[b]
                    dot[k] = total
        except FAILURES:
            raise self.partial_failure(self.steps[k], vals) from None
        return dot

    def _adjoints(self, vals: list[float], seeds: Sequence[tuple[Ref, float]]) -> list[float]:
        """One reverse sweep from the given output adjoints; returns every slot's adjoint."""
        adj = [0.0] * len(vals)
        for ref, weight in seeds:
            if not isinstance(ref, Literal):
                adj[ref] += weight
        k = -1
        try:
            for kind, k, a, b, pa, pb in self._plan.reverse:
                g = adj[k]
                if kind == _CONST:
                    adj[a] += g * pa
                    if b >= 0:
                        adj[b] += g * pb
                elif kind == _ARGS:
                    adj[a] += g * vals[pa]
                    adj[b] += g * vals[pb]
                elif kind == _ARG:
                    adj[a] += g * vals[pa]
                elif kind == _CALL1:
                    adj[a] += g * pa(vals[a], vals[k])
                elif kind == _OFARG:
                    adj[a] += g * pa(vals[a])
                elif kind == _CALL2:
                    x, y, o = vals[a], vals[b], vals[k]
                    adj[a] += g * pa(x, y, o)
                    adj[b] += g * pb(x, y, o)
                elif kind == _OUT:
                    adj[a] += g * vals[k]
                elif kind == _MIXED:
                    x, y, o = vals[a], vals[b], vals[k]
                    if pa is not None:
                        adj[a] += g * pa(x, y, o)
                    if pb is not None:
                        adj[b] += g * pb(x, y, o)
        except FAILURES:
            raise self.partial_failure(self.steps[k], vals) from None
        return adj

    # ---- failures and warnings --------------------------------------------
    def _output_value(self, vals: list[float], out: Ref) -> float:
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

    def _failure(self, k: int, vals: Sequence[float], exc: Exception) -> DomainError:
        step = self.steps[k]
        values = tuple(self.arg_values(step, vals))
        return domain_error(step.primitive, values, exc, step=step_text(step, self.steps))  # type: ignore[arg-type]

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

    def _warn_kinks(self, vals: Sequence[float]) -> None:
        for step, note in self.kinks(vals):
            warnings.warn(
                message("warning.kink", step=step_text(step, self.steps), note=note),
                NonDifferentiableWarning, stacklevel=3,
            )

