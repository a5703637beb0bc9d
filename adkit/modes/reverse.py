"""Reverse mode: the adjoint sweep over a recorded tape, with every contribution.

After the primal sweep has stored each step's value (the tape), the reverse
sweep starts from ȳ = 1 and walks the steps backwards.  For each step
vⱼ = φ(u₁, …) and each *variable* argument uᵢ it accumulates
ūᵢ += v̄ⱼ·∂φ/∂uᵢ into a fresh adjoint store, and records the contribution,
so the table can show v̄₀ = v̄₃·cos v₀ + v̄₂·v₋₁ at fan-out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Sequence

from adkit.errors import DomainError
from adkit.ir.primitives import FAILURES
from adkit.ir.wengert import Literal, Ref, Step
from adkit.modes.sweeps import SweepProgram



@dataclass(frozen=True, slots=True)
class Contribution:
    """One ``+=`` of the reverse sweep: ``v̄[target] += v̄[source]·partial``."""

    target: int  # the step whose adjoint receives it
    source: int  # the step it flows back from
    position: int  # which argument of the source step the target is
    partial: float  # ∂v_source/∂v_target
    value: float  # v̄_source · partial


def step_partials(program: SweepProgram, step: Step, vals: Sequence[Any],
                  defined_only: bool = False) -> Iterator[tuple[int, int, Any]]:
    """``(position, argument index, ∂v_step/∂argument)`` for each variable argument.

    Literal arguments have no partial, so ``(-2)^x`` never evaluates ``ln(-2)``.
    Raises DomainError naming the step where a partial is undefined, unless
    ``defined_only`` leaves that partial out.
    """
    prim = step.primitive
    if prim is None:
        return
    args = program.arg_values(step, vals)
    for position, (arg, partial) in enumerate(zip(step.args, prim.partials)):
        if isinstance(arg, Literal):
            continue
        try:
            d = partial(*args, vals[step.index])
        except (*FAILURES, DomainError) as failure:  # DomainError: a partial of dual numbers
            if isinstance(failure, DomainError) and failure.step:
                raise
            if defined_only:
                continue
            raise program.partial_failure(step, vals) from None
        yield position, arg, d


def adjoint_sweep(
    program: SweepProgram, vals: Sequence[Any], output: Ref, seed: float = 1.0
) -> tuple[list[Any], list[list[Contribution]]]:
    """Adjoints v̄ᵢ = ∂y/∂vᵢ of every step, and the contributions to each.

    ``vals`` may hold dual numbers (forward-over-reverse second derivatives).
    """
    steps = program.steps
    adjoint: list[Any] = [0.0] * len(steps)
    contributions: list[list[Contribution]] = [[] for _ in steps]
    if isinstance(output, Literal):
        return adjoint, contributions
    adjoint[output] = seed
    for step in reversed(steps):
        j = step.index
        for position, arg, d in step_partials(program, step, vals):
            amount = adjoint[j] * d
            adjoint[arg] += amount
            contributions[arg].append(Contribution(arg, j, position, d, amount))
    return adjoint, contributions


def local_partials(program: SweepProgram, vals: Sequence[float]) -> dict[tuple[int, int], float]:
    """Every local partial ∂vⱼ/∂uᵢ on the tape, keyed by ``(step index j, argument position i)``.

    The edge weights of the computational graph, without a sweep: both modes
    contract exactly these numbers.  Keys are in Wengert order.  An undefined
    partial has no key: a sweep that needed it has already failed, so it is one
    no tangent flows through (∂(x^y)/∂y at x < 0 along ẋ).
    """
    return {(step.index, position): d for step in program.steps
            for position, _, d in step_partials(program, step, vals, defined_only=True)}
