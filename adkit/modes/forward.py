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
from adkit.ir.wengert import Literal
from adkit.modes.fast import zero
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
    """v = f(u), v̇ = Σᵢ ∂ᵢf(u)·u̇ᵢ, over the arguments that carry a tangent.

    A tangent of exactly 0 carries nothing, so its partial is not asked for:
    ``x^y`` at x = −2 has ∂/∂x along ẋ although ∂/∂y = xʸ·ln x is undefined.
    """
    if all(type(p) is float for p in primals):
        out = prim.evaluate(*primals)
    else:  # nested duals: the primal part is itself a dual number
        out = apply(prim, primals)
    tangent: Any = 0.0
    for arg, partial in zip(args, prim.partials):
        if isinstance(arg, Dual) and not zero(arg.tangent):
            tangent = tangent + partial(*primals, out) * arg.tangent
    return Dual(out, tangent)


def tangent_sweep(program: SweepProgram, x: Sequence[float], seed: Sequence[Any]) -> list[Dual]:
    """Every step of ``program`` as a Dual, inputs seeded with ``seed``.

    Raises DomainError naming the step where evaluation or a partial fails.
    """
    steps = program.steps
    duals: list[Dual] = [Dual(v, s) for v, s in zip(x, seed)]
    for step in steps[len(x):]:
        prim: Primitive = step.primitive  # type: ignore[assignment]
        args = [arg.value if isinstance(arg, Literal) else duals[arg] for arg in step.args]
        primals = tuple(_primal(a) for a in args)
        try:
            duals.append(_apply(prim, args, primals))
        except FAILURES:
            vals = [d.primal for d in duals]
            program.values(x)  # raises the primal failure if evaluation itself failed
            raise program.partial_failure(step, vals + [0.0] * (len(steps) - len(vals))) from None
    return duals
