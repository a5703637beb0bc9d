"""Jacobians, vector-mode tangents and second derivatives, with the sweeps they cost.

Forward mode builds a Jacobian column by column: one tangent sweep per input,
or a single sweep whose tangents are numpy vectors (all n directions at once).
Reverse mode builds it row by row: one adjoint sweep per output over one
recorded tape.  Second derivatives push dual numbers through the reverse sweep
(forward-over-reverse: one sweep per Hessian column, or one per
Hessian-vector product) or through a forward sweep of duals whose parts are
duals (forward-over-forward: one sweep per Hessian entry).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from adkit.errors import BindingError, DomainError
from adkit.ir.primitives import FAILURES
from adkit.modes.finite import check
from adkit.modes.forward import Dual, _apply, tangent_sweep
from adkit.modes.reverse import adjoint_sweep
from adkit.ir.wengert import Literal
from adkit.modes.sweeps import Point, SweepProgram


JACOBIAN_MODES = ("forward", "reverse")
HESSIAN_METHODS = ("forward-over-reverse", "forward-over-forward")


@dataclass(frozen=True)
class Jacobian:
    """∂output/∂input as ``matrix[output][input]``, and how many sweeps it took."""

    matrix: dict[str, dict[str, float]]
    values: dict[str, float]
    mode: str
    sweeps: int
    vector: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"jacobian": self.matrix, "values": self.values, "sweeps": self.sweeps,
                "mode": self.mode, "vector": self.vector}


def jacobian(program: SweepProgram, at: Point, mode: str = "reverse", vector: bool = False) -> Jacobian:
    """The Jacobian at ``at``: forward (n sweeps, or 1 vector sweep) or reverse (m sweeps)."""
    if mode not in JACOBIAN_MODES:
        raise ValueError(f"mode must be one of {JACOBIAN_MODES}, not {mode!r}")
    if vector and mode != "forward":
        raise BindingError("jacobian.vector_needs_forward")
    x = program.point(at)
    vals = program.values(x)
    outputs, refs = program.outputs, program.output_refs
    values = {name: program.output_value(vals, ref) for name, ref in zip(outputs, refs)}
    program.warn_kinks(vals)
    names, n = program.inputs, len(program.inputs)
    matrix: dict[str, dict[str, float]] = {name: {} for name in outputs}
    live = [(name, ref) for name, ref in zip(outputs, refs) if not isinstance(ref, Literal)]
    if mode == "reverse":  # one adjoint sweep per output, rows of the Jacobian
        for name, ref in zip(outputs, refs):
            adj = program.adjoints(vals, [(ref, 1.0)])
            matrix[name] = dict(zip(names, adj))
        sweeps = len(refs)
    elif vector:  # one sweep whose tangents are the n unit vectors at once
        import numpy as np

        dot = program.tangents(vals, list(np.eye(n)))
        for name, ref in live:
            tangent = dot[ref]
            row = tangent if hasattr(tangent, "__len__") else [float(tangent)] * n
            matrix[name] = {input_name: float(v) for input_name, v in zip(names, row)}
        sweeps = 1
    else:  # one tangent sweep per input, columns of the Jacobian
        for i, input_name in enumerate(names):
            seed = [0.0] * n
            seed[i] = 1.0
            dot = program.tangents(vals, seed)
            for name, ref in live:
                matrix[name][input_name] = dot[ref]
        sweeps = n
    for name, ref in zip(outputs, refs):
        if isinstance(ref, Literal):
            matrix[name] = dict.fromkeys(names, 0.0)
    return Jacobian(matrix, values, mode, sweeps, vector)


@dataclass(frozen=True)
class Hessian:
    """∂²y/∂xᵢ∂xⱼ as ``matrix[input][input]``, the gradient, and the sweeps it took."""

    matrix: dict[str, dict[str, float]]
    gradient: dict[str, float]
    value: float
    method: str
    sweeps: int

    def to_dict(self) -> dict[str, Any]:
        return {"hessian": self.matrix, "gradient": self.gradient, "value": self.value,
                "method": self.method, "sweeps": self.sweeps}


def _scalar_output(program: SweepProgram) -> int | Literal:
    if len(program.outputs) != 1:
        raise BindingError("program.one_output", outputs=", ".join(program.outputs))
    return program.output_ref


def _reverse_of_duals(program: SweepProgram, x: Sequence[float], direction: Sequence[float]) -> list[Any]:
    """Forward-over-reverse: dual numbers through the tape and the adjoint sweep.

    Returns the inputs' adjoints as Duals: primal = ∂y/∂xᵢ, tangent = (H·direction)ᵢ.
    """
    out = _scalar_output(program)
    duals = tangent_sweep(program, x, direction)
    check(program.steps, [d.tangent for d in duals], "tangent", duals)
    adjoints, _ = adjoint_sweep(program, duals, out)
    check(program.steps, adjoints, "adjoint", duals)
    n = len(program.inputs)
    return [a if isinstance(a, Dual) else Dual(a, 0.0) for a in adjoints[:n]]


def hvp(program: SweepProgram, at: Point, vector: Point) -> dict[str, float]:
    """H·v by one forward-over-reverse sweep, without forming H."""
    x, v = program.point(at), program.point(vector)
    program.warn_kinks(program.values(x))
    return {name: float(d.tangent) for name, d in zip(program.inputs, _reverse_of_duals(program, x, v))}


def hessian(program: SweepProgram, at: Point, method: str = "forward-over-reverse") -> Hessian:
    """The Hessian of a scalar program.

    forward-over-reverse: one sweep per input direction eⱼ gives column j
    (n sweeps).  forward-over-forward: x seeded with duals of duals,
    Dual(Dual(x, eᵢ), Dual(eⱼ, 0)); the inner-inner tangent is ∂²y/∂xᵢ∂xⱼ
    (n(n+1)/2 sweeps, using symmetry).
    """
    if method not in HESSIAN_METHODS:
        raise ValueError(f"method must be one of {HESSIAN_METHODS}, not {method!r}")
    out = _scalar_output(program)
    x = program.point(at)
    vals = program.values(x)
    value = program.output_value(vals, out)
    program.warn_kinks(vals)
    names, n = program.inputs, len(program.inputs)
    h = [[0.0] * n for _ in range(n)]
    gradient = [0.0] * n
    if method == "forward-over-reverse":
        for j in range(n):
            column = _reverse_of_duals(program, x, [float(i == j) for i in range(n)])
            for i, d in enumerate(column):
                h[i][j] = float(d.tangent)
                gradient[i] = float(d.primal)
        sweeps = n
    else:
        sweeps = 0
        for i in range(n):
            for j in range(i, n):
                seeds = [Dual(Dual(x[k], float(k == i)), Dual(float(k == j), 0.0)) for k in range(n)]
                y = _output_dual(program, seeds, out)
                h[i][j] = h[j][i] = float(y.tangent.tangent) if isinstance(y.tangent, Dual) else 0.0
                if j == i:
                    gradient[i] = float(y.primal.tangent) if isinstance(y.primal, Dual) else 0.0
                sweeps += 1
    matrix = {a: {b: h[i][j] for j, b in enumerate(names)} for i, a in enumerate(names)}
    return Hessian(matrix, dict(zip(names, gradient)), value, method, sweeps)


def _output_dual(program: SweepProgram, seeds: list[Dual], out: int | Literal) -> Dual:
    """One forward sweep of the given (nested) duals; the output as a Dual."""
    if isinstance(out, Literal):
        return Dual(out.value, 0.0)
    duals = list(seeds)
    for step in program.steps[len(seeds):]:
        args = [arg.value if isinstance(arg, Literal) else duals[arg] for arg in step.args]
        primals = tuple(a.primal if isinstance(a, Dual) else a for a in args)
        try:
            duals.append(_apply(step.primitive, args, primals))  # type: ignore[arg-type]
        except (*FAILURES, DomainError) as failure:  # name the step, as tangent_sweep does
            if isinstance(failure, DomainError) and failure.step:
                raise
            vals = [_innermost(d) for d in duals]
            program.values(vals[:len(seeds)])  # raises the primal failure if evaluation itself failed
            raise program.partial_failure(step, vals + [0.0] * (len(program.steps) - len(vals))) from None
    check(program.steps, duals, "tangent")
    return duals[out]


def _innermost(value: Any) -> float:
    """The plain number at the core of a (nested) Dual."""
    while isinstance(value, Dual):
        value = value.primal
    return value
