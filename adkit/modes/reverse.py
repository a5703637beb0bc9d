"""Reverse mode: the adjoint sweep over a recorded tape, with every contribution.

After the primal sweep has stored each step's value (the tape), the reverse
sweep starts from ȳ = 1 and walks the steps backwards: for each step
vⱼ = φ(u₁, …) and each *variable* argument uᵢ, ūᵢ += v̄ⱼ·∂φ/∂uᵢ — the adjoint
loop of :mod:`adkit.modes.contraction`, the one the fast sweep runs.  Each
``+=`` is kept as a :class:`Contribution`, so the table can show
v̄₀ = v̄₃·cos v₀ + v̄₂·v₋₁ at fan-out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Sequence

from adkit.ir.wengert import Literal, Ref, Step
from adkit.modes.contraction import LazyWeights, StepFailure, contract_adjoints
from adkit.modes.sweeps import SweepProgram


@dataclass(frozen=True, slots=True)
class Contribution:
    """One ``+=`` of the reverse sweep: ``v̄[target] += v̄[source]·partial``."""

    target: int  # the step whose adjoint receives it
    source: int  # the step it flows back from
    position: int  # which argument of the source step the target is
    partial: float  # ∂v_source/∂v_target
    value: float  # v̄_source · partial


def _weights(program: SweepProgram, vals: Sequence[Any]) -> Sequence[Any]:
    """The edges' weights at the recorded values: all at once on floats, one by one on duals."""
    tape, edges = program._plan.tape(vals), program._plan.edges
    if all(v.__class__ is float for v in vals):
        return edges.weigh(tape)
    return LazyWeights(edges.owners, tape)


def step_partials(program: SweepProgram, step: Step, vals: Sequence[Any]) -> Iterator[tuple[int, int, Any]]:
    """``(position, argument index, ∂v_step/∂argument)`` for each variable argument of ``step``.

    Raises DomainError naming the step where a partial is undefined.
    """
    weights = LazyWeights(program._plan.edges.owners, program._plan.tape(vals))
    try:
        for position, e in program._plan.edges.of_step(step.index):
            yield position, step.args[position], weights[e]  # type: ignore[misc]
    except StepFailure:
        raise program.partial_failure(step, vals) from None


def adjoint_sweep(
    program: SweepProgram, vals: Sequence[Any], output: Ref, seed: float = 1.0
) -> tuple[list[Any], list[list[Contribution]]]:
    """Adjoints v̄ᵢ = ∂y/∂vᵢ of every step, and the contributions to each.

    ``vals`` may hold dual numbers (forward-over-reverse second derivatives).
    """
    steps = program.steps
    edges = program._plan.edges
    contributions: list[list[Contribution]] = [[] for _ in steps]
    if isinstance(output, Literal):
        return [0.0] * len(steps), contributions
    adjoint: list[Any] = [0.0] * len(program._plan.template)  # the sink's too
    adjoint[output] = seed
    weights = _weights(program, vals)
    try:
        contract_adjoints(edges.entries, weights, adjoint)
    except StepFailure as failure:
        raise program.partial_failure(steps[failure.index], vals) from None
    for k, position, s, e in edges.edges:  # each += again, in sweep order: v̄ₖ was final when it ran
        d = weights[e]
        contributions[s].append(Contribution(s, k, position, d, adjoint[k] * d))
    return adjoint[:len(steps)], contributions


def local_partials(program: SweepProgram, vals: Sequence[float]) -> dict[tuple[int, int], float]:
    """Every local partial ∂vⱼ/∂uᵢ on the tape, keyed by ``(step index j, argument position i)``.

    The edge weights of the computational graph, without a sweep: both modes
    contract exactly these numbers.  Keys are in Wengert order.  An undefined
    partial has no key: a sweep that needed it has already failed, so it is one
    no tangent flows through (∂(x^y)/∂y at x < 0 along ẋ).
    """
    edges, weights = program._plan.edges, LazyWeights(program._plan.edges.owners, program._plan.tape(vals))
    found = {(k, position): weights[e] for k, position, _, e in edges.edges if weights.defined(e)}
    return dict(sorted(found.items()))
