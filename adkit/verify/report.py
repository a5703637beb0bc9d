"""What ``adkit.verify`` found: per input, per row, and the verdict with its JSON block.

Data only; :mod:`adkit.verify.view` renders it.  The tolerances live here
because the report states them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from adkit.messages import message
from adkit.verify.numeric import FD_SAFETY

RTOL = 1e-9  #: engines vs sympy, relative
ATOL = 1e-12  #: absolute floor, times the largest magnitude of the same quantity


@dataclass(frozen=True)
class InputCheck:
    """∂y/∂(one input): both engines against sympy and finite differences."""

    name: str
    forward: float
    reverse: float
    sympy: float | None  # None: sympy did not finish (or could not evaluate)
    sympy_digits: str | None  # sympy's value at 30 significant digits
    symbolic: str | None  # the derivative, sympy's plain string
    pretty: str | None  # sympy's pretty Unicode form (simplified when cheap)
    finite_difference: float | None  # None: the stencil left the domain
    fd_step: float
    fd_bound: float | None
    rel_error: float | None  # largest relative error of the engines vs sympy
    fd_error: float | None  # |reverse − finite difference|
    status: str  # "ok", "failed", "kink" (a convention), "unchecked"
    note: str | None = None

    @property
    def ok(self) -> bool:
        return self.status != "failed"


@dataclass(frozen=True)
class RowCheck:
    """One quantity of one step (primal, tangent of a sweep, adjoint) against sympy."""

    step: str  # "v3"
    text: str  # "v3 = sin v0"
    quantity: str  # "primal", "tangent", "adjoint"
    sweep: int | None  # which forward sweep, for tangents
    engine: float
    sympy: float | None
    rel_error: float | None
    status: str  # "ok", "failed", "kink", "unchecked"


@dataclass(frozen=True)
class Verification:
    """What ``adkit.verify`` found; render it with :func:`adkit.verify.view.verification_view`."""

    ok: bool
    symbolic: bool  # every sympy check ran
    timed_out: bool
    timeout: float
    seconds: float
    rtol: float
    inputs: tuple[InputCheck, ...]
    rows: tuple[RowCheck, ...]
    notes: tuple[str, ...] = field(default=())
    output: str = "y"  # the output's name: ``f`` when an input is called ``y``

    @property
    def failures(self) -> tuple[str, ...]:
        """One line per failed check, naming the row or input."""
        out = [message("verify.row_failed", row=r.text, quantity=r.quantity, engine=r.engine,
                       exact=r.sympy, error=_fmt_err(r.rel_error))
               for r in self.rows if r.status == "failed"]
        out += [message("verify.input_failed", output=self.output, name=c.name, engine=c.reverse, forward=c.forward,
                        exact=c.sympy, fd=c.finite_difference)
                for c in self.inputs if c.status == "failed"]
        return tuple(out)

    def to_dict(self) -> dict[str, Any]:
        """The JSON ``verification`` block."""
        return {
            "ok": self.ok,
            "symbolic": self.symbolic,
            "timed_out": self.timed_out,
            "timeout": self.timeout,
            "seconds": self.seconds,
            "tolerance": {"relative": self.rtol, "absolute_floor": ATOL, "fd_safety": FD_SAFETY},
            "inputs": {c.name: {k: v for k, v in asdict(c).items() if k not in ("name", "pretty")}
                       for c in self.inputs},
            "rows": [asdict(r) for r in self.rows],
            "failures": list(self.failures),
            "notes": list(self.notes),
        }


def _fmt_err(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2e}"
