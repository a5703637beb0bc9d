"""Forward mode: dual numbers and the tangent sweep over a Wengert list.

A :class:`Dual` carries a primal value and a tangent v̇ = ∂v/∂(seed direction).
Applying a primitive contracts its registry partials with the argument
tangents: v̇ = Σᵢ ∂ᵢ·u̇ᵢ.  :func:`tangent_sweep` runs that rule over every
step of a program, one sweep per seed direction; tangents may be numbers or
numpy arrays (all directions at once).
"""

from __future__ import annotations

from typing import Any, Sequence

from adkit.errors import TracingError
from adkit.ir.functions import Arithmetic
from adkit.ir.primitives import FAILURES, Primitive, apply, domain_error
from adkit.modes.contraction import contract_tangents
from adkit.modes.sweeps import SweepProgram



class Dual(Arithmetic):
    """A primal value with its tangent: ``Dual(2.0, 1.0)`` is x = 2 with ẋ = 1."""

    __slots__ = ("primal", "tangent")

    def __init__(self, primal: Any, tangent: Any = 0.0) -> None:
        # a Dual whose parts are Duals carries second derivatives (forward-over-forward)
        self.primal = primal if isinstance(primal, Dual) else float(primal)
        self.tangent = tangent

    def __repr__(self) -> str:
        return f"Dual(primal={self.primal!r}, tangent={self.tangent!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Dual) and self.primal == other.primal and self.tangent == other.tangent

    __hash__ = None  # type: ignore[assignment]

    def __lt__(self, other: Any) -> bool:
        return self.primal < _primal(other)

    def __le__(self, other: Any) -> bool:
        return self.primal <= _primal(other)

    def __gt__(self, other: Any) -> bool:
        return self.primal > _primal(other)

    def __ge__(self, other: Any) -> bool:
        return self.primal >= _primal(other)

    @classmethod
    def __adkit_apply__(cls, prim: Primitive, args: tuple[Any, ...]) -> "Dual":
        for arg in args:
            if not isinstance(arg, (Dual, int, float)):
                raise TracingError("tracing.mixed")
        primals = tuple(_primal(a) for a in args)
        try:
            return _apply(prim, args, primals)
        except FAILURES as exc:
            raise domain_error(prim, primals, exc) from None


def _primal(value: Any) -> Any:
    return value.primal if isinstance(value, Dual) else float(value)


def _apply(prim: Primitive, args: Sequence[Any], primals: tuple[Any, ...]) -> Dual:
    """v = f(u), v̇ = Σᵢ ∂ᵢf(u)·u̇ᵢ: the tangent contraction over a tape of one step.

    An argument that is not a Dual carries no tangent, and a tangent of exactly
    0 carries nothing, so its partial is not asked for.
    """
    if all(type(p) is float for p in primals):
        out = prim.evaluate(*primals)
    else:  # nested duals: the primal part is itself a dual number
        out = apply(prim, primals)
    dot = [arg.tangent if isinstance(arg, Dual) else 0.0 for arg in args]
    dot += [0.0] * (3 - len(dot))  # a second argument's slot (0 when there is none), the step's
    contract_tangents(_ONE_STEP, _StepPartials(prim.partials, primals, out), dot)
    return Dual(out, dot[2])


#: a tape of one step: its arguments in slots 0 and 1 (weights 0 and 1), the step in slot 2
_ONE_STEP = [(2, 0, 0, 1, 1)]


class _StepPartials:
    """∂ᵢf(u) of one application, evaluated when the contraction reads it."""

    __slots__ = ("partials", "primals", "out")

    def __init__(self, partials: Sequence[Any], primals: tuple[Any, ...], out: Any) -> None:
        self.partials, self.primals, self.out = partials, primals, out

    def __getitem__(self, i: int) -> Any:
        return self.partials[i](*self.primals, self.out)


def tangent_sweep(program: SweepProgram, x: Sequence[float], seed: Sequence[Any]) -> list[Dual]:
    """Every step of ``program`` as a Dual, inputs seeded with ``seed``: the fast tangent sweep, kept.

    Raises DomainError naming the step where evaluation or a partial fails.
    """
    vals, dot = program.tangent_tape(x, seed)
    return [Dual(v, t) for v, t in zip(vals[:len(program.steps)], dot)]
