"""The Wengert list flattened for speed: a tight primal loop and the contraction's edges.

:class:`Plan` is built once per program: every step becomes a tuple of slot
indices and its registry evaluation (literals get slots of their own, after
the steps), so the primal sweep is a loop with no lookups, and the tangent and
adjoint sweeps are the two loops of :mod:`adkit.modes.contraction` over the
same edges, forwards and backwards.  Failures come back as
:class:`StepFailure` carrying the step index, for
:class:`~adkit.modes.sweeps.SweepProgram` to turn into a DomainError that names
the step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from adkit.ir.primitives import FAILURES, Primitive
from adkit.ir.wengert import Literal, Ref, Step
from adkit.modes.contraction import Edges, StepFailure, contract_adjoints, contract_tangents

__all__ = ["Plan", "StepFailure"]


@dataclass(frozen=True)
class Plan:
    template: list[float]  # one slot per step, then one per literal, then the weights' (Edges)
    forward: list[tuple[int, Callable[..., float], int, int]]  # (k, evaluate, a, b); b < 0: unary
    edges: Edges  # what both derivative sweeps contract
    kinks: list[tuple[int, Primitive, tuple[int, ...]]]

    @classmethod
    def build(cls, steps: Sequence[Step]) -> "Plan":
        template = [0.0] * len(steps)
        forward, kinks, entries = [], [], []
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
            entry = (step.index, prim, tuple(slots))
            entries.append(entry)
            if prim.kink is not None:
                kinks.append(entry)
        edges = Edges(entries, len(steps), template)  # adds the weights' slots to the template
        return cls(template, forward, edges, kinks)

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

    def tape(self, vals: Sequence[Any]) -> list[Any]:
        """Recorded values (one per step, maybe dual numbers) with the literals' slots after them."""
        return [*vals, *self.template[len(vals):]]

    def tangents(self, vals: list[float], seed: Sequence[Any]) -> list[Any]:
        """One tangent sweep over the tape: v̇ = Σᵢ ∂ᵢ·u̇ᵢ for every slot.

        ``seed`` may hold numbers or numpy vectors (all directions at once).
        """
        dot: list[Any] = [0.0] * len(vals)
        dot[: len(seed)] = seed
        contract_tangents(self.edges.entries, self.edges.weigh(vals), dot)
        return dot

    def adjoints(self, vals: list[float], seeds: Sequence[tuple[Ref, float]]) -> list[float]:
        """One reverse sweep from the given output adjoints; returns every slot's adjoint."""
        adj = [0.0] * len(vals)
        for ref, weight in seeds:
            if not isinstance(ref, Literal):
                adj[ref] += weight
        contract_adjoints(self.edges.entries, self.edges.weigh(vals), adj)
        return adj
