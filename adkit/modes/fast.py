"""The Wengert list flattened for speed: tight primal, tangent and adjoint loops.

:class:`Plan` is built once per program: every step becomes a tuple of slot
indices and registry callables (literals get slots of their own, after the
steps), so a sweep is a loop with no lookups.  The tangent and the adjoint loop
contract the same entries, forwards and backwards.  Failures come back as
:class:`StepFailure` carrying the step index, for :class:`~adkit.modes.program.Program`
to turn into a DomainError that names the step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from adkit.ir.primitives import FAILURES
from adkit.ir.primitives import ArgValue, Constant, OfArg, OutValue, Primitive
from adkit.ir.wengert import Literal, Ref, Step

_CONST, _ARGS, _ARG, _CALL1, _OFARG, _CALL2, _OUT, _MIXED, _NONE = range(9)


class StepFailure(Exception):
    """A primitive or a partial failed at step ``index`` (``partial`` tells which)."""

    def __init__(self, index: int, vals: list[Any], cause: Exception, partial: bool) -> None:
        super().__init__(index)
        self.index, self.vals, self.cause, self.partial = index, vals, cause, partial


def zero(tangent: Any) -> bool:
    """A tangent that is the number 0 (not a vector, not a dual): nothing flows through it."""
    return type(tangent) is float and tangent == 0.0


def _flowing(kind: int, vals: list[float], dot: list[Any], k: int, a: int, b: int, pa: Any, pb: Any) -> Any:
    """A step's tangent from only the arguments whose tangent is not 0: the retry after a
    partial failed, so an undefined partial fails only when a tangent flows through it."""
    total: Any = 0.0
    x, o = vals[a], vals[k]
    for p, slot in ((pa, a), (pb, b)):
        if p is None or slot < 0 or zero(dot[slot]):
            continue
        if kind == _OFARG:
            total = total + p(x) * dot[slot]
        elif kind == _CALL1:
            total = total + p(x, o) * dot[slot]
        else:
            total = total + p(x, vals[b], o) * dot[slot]
    return total


def _linear_entry(step: Step, prim: Primitive, slots: list[int]) -> tuple:
    """How the tangent and adjoint loops handle a step, decided once: (kind, k, a, b, pa, pb).

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


@dataclass(frozen=True)
class Plan:
    template: list[float]  # one slot per step, then one per literal
    forward: list[tuple[int, Callable[..., float], int, int]]  # (k, evaluate, a, b); b < 0: unary
    tangent: list[tuple]  # (kind, k, a, b, ∂a, ∂b) in step order; see _linear_entry
    reverse: list[tuple]  # the same entries, last step first
    kinks: list[tuple[int, Primitive, tuple[int, ...]]]

    @classmethod
    def build(cls, steps: Sequence[Step]) -> "Plan":
        template = [0.0] * len(steps)
        forward, linear, kinks = [], [], []
        for step in steps:
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
        return cls(template, forward, linear, linear[::-1], kinks)

    def values(self, x: Sequence[float]) -> list[float]:
        """The primal sweep: every step's value (the tape), literals after them."""
        vals = self.template[:]
        vals[: len(x)] = x
        k = -1
        try:
            for k, fn, a, b in self.forward:
                vals[k] = fn(vals[a]) if b < 0 else fn(vals[a], vals[b])
        except FAILURES as exc:
            raise StepFailure(k, vals, exc, partial=False) from None
        return vals

    def tangents(self, vals: list[float], seed: Sequence[Any]) -> list[Any]:
        """One tangent sweep over the tape: v̇ = Σᵢ ∂ᵢ·u̇ᵢ for every slot.

        ``seed`` may hold numbers or numpy vectors (all directions at once).
        """
        dot: list[Any] = [0.0] * len(vals)
        dot[: len(seed)] = seed
        for kind, k, a, b, pa, pb in self.tangent:
            try:
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
            except FAILURES as exc:
                try:
                    dot[k] = _flowing(kind, vals, dot, k, a, b, pa, pb)
                except FAILURES:
                    raise StepFailure(k, vals, exc, partial=True) from None
        return dot

    def adjoints(self, vals: list[float], seeds: Sequence[tuple[Ref, float]]) -> list[float]:
        """One reverse sweep from the given output adjoints; returns every slot's adjoint."""
        adj = [0.0] * len(vals)
        for ref, weight in seeds:
            if not isinstance(ref, Literal):
                adj[ref] += weight
        k = -1
        try:
            for kind, k, a, b, pa, pb in self.reverse:
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
        except FAILURES as exc:
            raise StepFailure(k, vals, exc, partial=True) from None
        return adj
