"""A compiled program: the Wengert list and its derivatives, the object users call.

:class:`Program` is what :func:`adkit.compile` returns.  ``evaluate``,
``gradient``, ``jvp`` and ``vjp`` run the fast sweeps of
:class:`~adkit.modes.sweeps.SweepProgram`; Jacobians and Hessians come from
:mod:`adkit.modes.derivatives`.  The per-step records that tables need come
from :mod:`adkit.modes.forward` and :mod:`adkit.modes.reverse`, which read the
same steps and the same registry.
"""

from __future__ import annotations

from typing import Mapping

from adkit.errors import BindingError
from adkit.ir.wengert import Literal
from adkit.modes.derivatives import hessian, hvp, jacobian
from adkit.modes.finite import number
from adkit.modes.sweeps import Point, SweepProgram

__all__ = ["Point", "Program"]


class Program(SweepProgram):
    """A Wengert list with the calls users make on it; :func:`adkit.api.compile_program` builds
    one from text, :func:`adkit.modes.tracing.trace_callable` from a Python function."""

    def evaluate(self, at: Point) -> float | dict[str, float]:
        """The output's value at ``at`` (one primal sweep); a dict by name for several outputs."""
        return self.output_values(self.values(self.point(at)))

    def gradient(self, at: Point) -> dict[str, float]:
        """∂y/∂input for every input, by one reverse sweep over the tape."""
        if len(self.outputs) != 1:
            raise BindingError("program.one_output", outputs=", ".join(self.outputs))
        return self.vjp(at, 1.0)[1]

    def vjp(self, at: Point, cotangent: float | Mapping[str, float]) -> tuple[float | dict[str, float], dict[str, float]]:
        """(outputs, ȳᵀJ): one reverse sweep seeded with ``cotangent``.

        ``cotangent`` is a number for a single-output program, or a mapping
        from output names to weights (missing outputs weigh 0).
        """
        weights = self._cotangent(cotangent)
        vals = self.values(self.point(at))
        values = self.output_values(vals)
        self.warn_kinks(vals)
        adj = self.adjoints(vals, list(zip(self.output_refs, weights)))
        return values, dict(zip(self.inputs, adj))

    def _cotangent(self, cotangent: float | Mapping[str, float]) -> list[float]:
        if isinstance(cotangent, Mapping):
            for name in cotangent:
                if name not in self.outputs:
                    raise BindingError("program.unknown_output", name=name, names=", ".join(self.outputs))
            return [number(name, cotangent.get(name, 0.0)) for name in self.outputs]
        if len(self.outputs) != 1:
            raise BindingError("program.one_output", outputs=", ".join(self.outputs))
        return [number(self.outputs[0], cotangent)]

    def jvp(self, at: Point, seed: Point) -> tuple[float | dict[str, float], float | dict[str, float]]:
        """(y, ẏ) for the tangent direction ``seed``: one primal and one tangent sweep.

        With several outputs both are dicts by output name.
        """
        vals = self.values(self.point(at))
        values = self.output_values(vals)
        self.warn_kinks(vals)
        dot = self.tangents(vals, self.point(seed))
        tangents = [0.0 if isinstance(ref, Literal) else dot[ref] for ref in self.output_refs]
        return values, (tangents[0] if len(tangents) == 1 else dict(zip(self.outputs, tangents)))

    def jacobian(self, at: Point, mode: str = "reverse", vector: bool = False) -> dict[str, dict[str, float]]:
        """∂output/∂input as ``{output: {input: value}}``.

        ``mode="reverse"`` runs one adjoint sweep per output over one tape;
        ``mode="forward"`` one tangent sweep per input, or a single sweep of
        vector tangents with ``vector=True``.
        """
        return jacobian(self, at, mode, vector).matrix

    def hvp(self, at: Point, vector: Point) -> dict[str, float]:
        """Hessian-vector product H·v by one forward-over-reverse sweep (H is never formed)."""
        return hvp(self, at, vector)

    def hessian(self, at: Point, method: str = "forward-over-reverse") -> dict[str, dict[str, float]]:
        """∂²y/∂xᵢ∂xⱼ as ``{input: {input: value}}`` (forward-over-reverse or forward-over-forward)."""
        return hessian(self, at, method).matrix

