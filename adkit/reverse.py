"""Reverse mode: the adjoint sweep over a recorded tape, with every contribution.

After the primal sweep has stored each step's value (the tape), the reverse
sweep starts from ȳ = 1 and walks the steps backwards.  For each step
vⱼ = φ(u₁, …) and each *variable* argument uᵢ it accumulates
ūᵢ += v̄ⱼ·∂φ/∂uᵢ into a fresh adjoint store, and records the contribution,
so the table can show v̄₀ = v̄₃·cos v₀ + v̄₂·v₋₁ at fan-out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from adkit.functions import FAILURES
from adkit.wengert import Literal, Ref

if TYPE_CHECKING:
    from adkit.program import Program


@dataclass(frozen=True, slots=True)
class Contribution:
    """One ``+=`` of the reverse sweep: ``v̄[target] += v̄[source]·partial``."""

    target: int  # the step whose adjoint receives it
    source: int  # the step it flows back from
    position: int  # which argument of the source step the target is
    partial: float  # ∂v_source/∂v_target
    value: float  # v̄_source · partial


def adjoint_sweep(
    program: "Program", vals: Sequence[float], output: Ref, seed: float = 1.0
) -> tuple[list[float], list[list[Contribution]]]:
    """Adjoints v̄ᵢ = ∂y/∂vᵢ of every step, and the contributions to each."""
    steps = program.steps
    adjoint = [0.0] * len(steps)
    contributions: list[list[Contribution]] = [[] for _ in steps]
    if isinstance(output, Literal):
        return adjoint, contributions
    adjoint[output] = seed
    for step in reversed(steps):
        prim = step.primitive
        if prim is None:
            continue
        j = step.index
        args = program.arg_values(step, vals)
        for position, (arg, partial) in enumerate(zip(step.args, prim.partials)):
            if isinstance(arg, Literal):
                continue
            try:
                d = partial(*args, vals[j])
            except FAILURES:
                raise program.partial_failure(step, vals) from None
            amount = adjoint[j] * d
            adjoint[arg] += amount
            contributions[arg].append(Contribution(arg, j, position, d, amount))
    return adjoint, contributions


def local_partials(program: "Program", vals: Sequence[float]) -> dict[tuple[int, int], float]:
    """Every local partial ∂vⱼ/∂uᵢ on the tape, keyed by ``(step index j, argument position i)``.

    The edge weights of the computational graph, without a sweep: both modes
    contract exactly these numbers.  Literal arguments have no partial (so
    ``(-2)^x`` never evaluates ``ln(-2)``).  Keys are in Wengert order.
    """
    partials: dict[tuple[int, int], float] = {}
    for step in program.steps:
        prim = step.primitive
        if prim is None:
            continue
        j = step.index
        args = program.arg_values(step, vals)
        for position, (arg, partial) in enumerate(zip(step.args, prim.partials)):
            if isinstance(arg, Literal):
                continue
            try:
                partials[(j, position)] = partial(*args, vals[j])
            except FAILURES:
                raise program.partial_failure(step, vals) from None
    return partials
