"""What the sympy job sends back, one finding at a time, so that a deadline keeps what finished.

The job (:func:`adkit.verify.symbolic.symbolic_job`) sends these records
through :mod:`adkit.verify.worker`; :class:`Findings` gathers them for
:func:`adkit.verify.check.verify`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable


@dataclass(frozen=True)
class Derivative:
    """∂y/∂(input ``input``): sympy's value (and its 30 digits) at the point, and the expression."""

    input: int
    value: float | None  # None: not a real number there
    digits: str | None
    symbolic: str  # sympy's plain string
    pretty: str  # sympy's pretty Unicode form


@dataclass(frozen=True)
class Simplified:
    """A nicer form of an input's derivative, sent last, when simplifying was cheap."""

    input: int
    symbolic: str
    pretty: str


@dataclass(frozen=True)
class Row:
    """One step's primal, tangent (of forward sweep ``sweep``) or adjoint, by sympy."""

    quantity: str  # "primal", "tangent", "adjoint"
    step: int
    value: float | None
    sweep: int | None = None  # tangents only


@dataclass(frozen=True)
class Failure:
    """sympy raised: the numeric checks stand alone."""

    error: str


@dataclass(frozen=True)
class Done:
    """The job finished."""


Finding = Derivative | Simplified | Row | Failure | Done


@dataclass
class Findings:
    """Everything that arrived before the deadline."""

    finished: bool
    derivatives: dict[int, Derivative] = field(default_factory=dict)
    rows: dict[tuple[str, int, int | None], float | None] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @classmethod
    def gather(cls, findings: Iterable[Finding], finished: bool) -> "Findings":
        found = cls(finished)
        for finding in findings:
            if isinstance(finding, Derivative):
                found.derivatives[finding.input] = finding
            elif isinstance(finding, Simplified) and finding.input in found.derivatives:
                found.derivatives[finding.input] = replace(found.derivatives[finding.input],
                                                           symbolic=finding.symbolic, pretty=finding.pretty)
            elif isinstance(finding, Row):
                found.rows[finding.quantity, finding.step, finding.sweep] = finding.value
            elif isinstance(finding, Failure):
                found.errors.append(finding.error)
        return found

    def row(self, quantity: str, step: int, sweep: int | None = None) -> float | None:
        """sympy's value of one row, or None when it has none."""
        return self.rows.get((quantity, step, sweep))
