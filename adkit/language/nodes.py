"""AST nodes with source spans (never mutated after parsing).

Plain slotted classes rather than frozen dataclasses: a 10⁵-step formula
makes a few hundred thousand nodes, and frozen construction is 3× slower.
Equality is identity, so comparing two deep trees never recurses.

Operators and function calls are both :class:`Apply` nodes naming a registry
primitive, so lowering treats ``x*y`` and ``max(x, y)`` alike.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True, eq=False)
class Number:
    value: float
    text: str
    start: int
    end: int


@dataclass(slots=True, eq=False)
class Name:
    id: str
    start: int
    end: int


@dataclass(slots=True, eq=False)
class Apply:
    op: str  # registry key
    args: tuple["Node", ...]
    start: int
    end: int


Node = Number | Name | Apply


@dataclass(slots=True, eq=False)
class Assign:
    target: str
    value: Node
    start: int  # span of the target name
    end: int


@dataclass(slots=True, eq=False)
class Module:
    """A whole program: assignments, the last statement being the output."""

    text: str
    statements: tuple[Assign | Node, ...]
