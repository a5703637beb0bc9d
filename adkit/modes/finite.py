"""No silent NaN or ±inf: a cheap check after a sweep, a scan only when it fails.

The cheap test is ``math.isfinite(sum(values))``: the sum is NaN or ±inf as
soon as any term is (inf − inf is NaN), and a sum of finite doubles that
overflows only costs a needless scan.  Only then :func:`first_bad` scans for
the first offending slot, so the error names the Wengert step where the
non-finite number was born.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Sequence

from adkit.errors import BindingError, DomainError
from adkit.ir.notation import step_text
from adkit.ir.wengert import Step

#: what a non-finite number is: a step's primal value, its tangent or its adjoint
KEYS = {"value": "domain.not_finite", "tangent": "domain.not_finite_tangent", "adjoint": "domain.not_finite_adjoint"}


def _finite(value: Any) -> bool:
    """A number, a Dual (primal and tangent, recursively) or a numpy vector is finite."""
    if isinstance(value, float):
        return math.isfinite(value)
    primal = getattr(value, "primal", None)
    if primal is not None:
        return _finite(primal) and _finite(value.tangent)
    try:
        return math.isfinite(value)
    except TypeError:  # a numpy vector of tangents
        return all(math.isfinite(v) for v in value)


def first_bad(values: Sequence[Any]) -> int | None:
    """The index of the first non-finite entry, or None (one sum when all are plain floats)."""
    try:
        if math.isfinite(sum(values)):
            return None
    except TypeError:
        pass
    return next((k for k, v in enumerate(values) if not _finite(v)), None)


def check(steps: Sequence[Step], values: Sequence[Any], kind: str = "value",
          primals: Sequence[float] | None = None) -> None:
    """Raise a DomainError naming the first step whose ``kind`` (value, tangent, adjoint) is not finite.

    ``values`` holds one entry per step (extra trailing entries are ignored);
    ``primals`` (the tape) supplies the step's argument values for the message.
    """
    k = first_bad(values[:len(steps)] if len(values) > len(steps) else values)
    if k is None:
        return
    bad = values[k]
    if kind == "adjoint":  # the reverse sweep runs last to first: name the step that sent it back
        k = max(i for i in range(len(steps)) if not _finite(values[i]))
        bad = values[k]
        k = max((s.index for s in steps[k + 1:] if k in s.args and _finite(values[s.index])), default=k)
    step = steps[k]
    tape = values if primals is None else primals
    args = _args(step, tape) if step.primitive else [_number(tape[k])]  # an input: its own value
    raise DomainError(KEYS[kind], step=step_text(step, steps), op=step.primitive.label if step.primitive else step.alias,
                      value=_number(bad), args=", ".join(f"{v:.6g}" for v in args))


def _args(step: Step, tape: Sequence[Any]) -> list[float]:
    return [arg.value if not isinstance(arg, int) else _number(tape[arg]) for arg in step.args]


def _number(value: Any) -> float:
    """The first non-finite part of a (nested) Dual, else its primal; a float as is."""
    while hasattr(value, "primal"):
        value = value.primal if not _finite(value.primal) or _finite(value.tangent) else value.tangent
    try:
        return float(value)
    except TypeError:
        return next((float(v) for v in value if not math.isfinite(v)), float("nan"))


def number(name: str, value: Any) -> float:
    """A point's (or seed's) value as a finite float; anything else is a BindingError naming it.

    Numbers only (int, float, numpy scalars): a string, a bool, None or a list
    is refused rather than guessed, and an int too large for a double is not finite.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise BindingError("bind.not_a_number", name=name, value=_short(value))
    try:
        result = float(value)
    except OverflowError:
        result = math.inf
    if not math.isfinite(result):
        raise BindingError("bind.not_finite", name=name, value=_short(value))
    return result


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 24 else text[:20] + "…"
