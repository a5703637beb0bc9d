"""The contraction of generated code, written once: each step's edges and the sweeps over them.

A Wengert list is a graph whose edges run from each variable argument to its
step, weighted by the local partial (docs/design.md, "Where the contraction
lives").  Generated code writes the two contractions as statements:
v̇ = Σᵢ ∂ᵢ·u̇ᵢ (:func:`tangent_sum`) and ūᵢ += v̄·∂ᵢ (:func:`product` for each
:class:`Contribution` of an :func:`adjoint_sweep`).  Every target (the
readable Python and C of ``adkit codegen``, the compiled Python backend, the C
library) renders these descriptions; none of them walks a step's arguments.
:func:`variable_arguments` is the one place literal arguments are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import AbstractSet, Callable, NamedTuple, Sequence

from adkit.ir.wengert import Literal, Step


def variable_arguments(step: Step) -> list[tuple[int, int]]:
    """(position, step index) of each argument that is a value: a literal has no edge."""
    return [(position, arg) for position, arg in enumerate(step.args) if not isinstance(arg, Literal)]


def factor(text: str) -> str:
    """``text`` as a factor of a product: parenthesised unless it is one already."""
    if " " not in text or _enclosed(text):
        return text
    return f"({text})"


def _enclosed(text: str) -> bool:
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and i < len(text) - 1:
            return False
    return True


class Edge(NamedTuple):
    """One edge into a step: the argument's step index and the partial's code."""

    arg: int
    code: str

    @property
    def sign(self) -> int:
        """+1 or -1 for a partial that is the number ±1 (a term of a sum), else 0."""
        return {"1.0": 1, "-1.0": -1}.get(self.code, 0)


def product(value: str, edge: Edge, fold_negative: bool) -> tuple[bool, str]:
    """value·∂ as (negated, text): a partial of 1 (and -1 when ``fold_negative``) is the
    value itself, with its sign apart; a value of ``1.0`` (a unit seed) is the partial."""
    if edge.sign == 1 or (edge.sign == -1 and fold_negative):
        return edge.sign == -1, value
    if value == "1.0":
        return False, factor(edge.code)
    return False, f"{value} * {factor(edge.code)}"


def tangent_sum(edges: Sequence[Edge], dot: Callable[[int], str], fold_negative: bool) -> str:
    """v̇ = Σᵢ ∂ᵢ·u̇ᵢ in argument order, ``dot(k)`` naming step k's tangent; ``0.0`` without edges."""
    out = ""
    for edge in edges:
        negated, text = product(dot(edge.arg), edge, fold_negative)
        out += (f" - {text}" if negated else f" + {text}") if out else (f"-{text}" if negated else text)
    return out or "0.0"


class Contribution(NamedTuple):
    """One ūᵢ += v̄·∂ᵢ of an adjoint sweep: the edge (``position`` in the step's edge list);
    ``first`` when the argument's adjoint held nothing before it (it is assigned, not added)."""

    position: int
    edge: Edge
    first: bool


@dataclass(frozen=True)
class AdjointSweep:
    """The structure of a simplified adjoint sweep; :func:`adjoint_sweep` builds it.

    ``contributions`` by step index, in argument order; ``copies`` the adjoints
    that are ± another one (slot: (source, negated)), never stored, read where
    used; ``holding`` the adjoints that hold a value after the sweep (``None``:
    every adjoint does, an array zeroed before the sweep).
    """

    contributions: dict[int, tuple[Contribution, ...]]
    copies: dict[int, tuple[int, bool]]
    holding: frozenset[int] | None

    def read(self, k: int) -> tuple[int, bool]:
        """Whose adjoint step k's is, and whether negated: its own unless it is a copy."""
        return self.copies.get(k, (k, False))


def adjoint_sweep(edges: Callable[[Step], Sequence[Edge]], work: Sequence[Step], count: Sequence[int],
                  keep: AbstractSet[int], held: AbstractSet[int] | None = None) -> AdjointSweep:
    """The adjoint sweep of ``work`` (steps last to first, edges in argument order).

    A value read once (``count`` over the whole program) by a step whose partial
    for it is ±1 has that step's adjoint, or its negative, as its own: a copy,
    unless it is in ``keep`` (it must have a slot of its own: read after the
    sweep, or already holding a value).  ``held`` adjoints hold a value before
    the sweep, any other is zero until its first contribution; ``None``: every
    adjoint holds one (nothing is assigned).  The arithmetic and its order are
    the interpreter's: a copy only renames, a first contribution adds to zero.
    """
    holding = None if held is None else set(held)
    copies: dict[int, tuple[int, bool]] = {}
    contributions: dict[int, tuple[Contribution, ...]] = {}
    for step in reversed(work):
        source, negated = copies.get(step.index, (step.index, False))
        row = []
        for position, edge in enumerate(edges(step)):
            if edge.sign and count[edge.arg] == 1 and edge.arg not in keep:
                copies[edge.arg] = (source, negated != (edge.sign == -1))
                continue
            first = holding is not None and edge.arg not in holding
            if holding is not None:
                holding.add(edge.arg)
            row.append(Contribution(position, edge, first))
        contributions[step.index] = tuple(row)
    return AdjointSweep(contributions, copies, None if holding is None else frozenset(holding))

