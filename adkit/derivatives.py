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
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from adkit.errors import BindingError
from adkit.forward import Dual, tangent_sweep
from adkit.reverse import adjoint_sweep
from adkit.wengert import Literal

if TYPE_CHECKING:
    from adkit.program import Point, Program

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


def jacobian(program: "Program", at: "Point", mode: str = "reverse", vector: bool = False) -> Jacobian:
    """The Jacobian at ``at``: forward (n sweeps, or 1 vector sweep) or reverse (m sweeps)."""
    if mode not in JACOBIAN_MODES:
        raise ValueError(f"mode must be one of {JACOBIAN_MODES}, not {mode!r}")
    if vector and mode != "forward":
        raise BindingError("jacobian.vector_needs_forward")
    x = program.point(at)
    vals = program.values(x)
    values = dict(zip(program.outputs, (program._output_value(vals, r) for r in program.output_refs)))
    program._warn_kinks(vals)
    n, refs = len(program.inputs), program.output_refs
    columns: list[list[float]] = []  # columns[input][output]
    # forward: the primal sweep once, then one tangent sweep per input
    if mode == "reverse":
        rows = [program._adjoints(vals, [(ref, 1.0)])[:n] for ref in refs]
        sweeps = len(refs)
    elif vector:
        import numpy as np

        dot = program._tangents(vals, list(np.eye(n)))
        rows = [_tangent(dot, ref, n) for ref in refs]
        sweeps = 1
    else:
        for i in range(n):
            seed = [0.0] * n
            seed[i] = 1.0
            dot = program._tangents(vals, seed)
            columns.append([float(_tangent(dot, ref, 1)) for ref in refs])
        rows = [[columns[i][j] for i in range(n)] for j in range(len(refs))]
        sweeps = n
    matrix = {out: {name: float(row[i]) for i, name in enumerate(program.inputs)}
              for out, row in zip(program.outputs, rows)}
    return Jacobian(matrix, values, mode, sweeps, vector)


def _tangent(dot: Sequence[Any], ref: int | Literal, n: int) -> Any:
    """An output's tangent; a literal output has none (zeros)."""
    if isinstance(ref, Literal):
        return [0.0] * n if n > 1 else 0.0
    tangent = dot[ref]
    if n > 1 and not hasattr(tangent, "__len__"):  # a step no input reached
        return [float(tangent)] * n
    return tangent
