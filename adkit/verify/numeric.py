"""Central finite differences judged against their own error estimate.

D(h) = (f(x+h) − f(x−h))/2h with h = ε^(1/3)·max(1, |x|) per input; the
bound is max(|D(h) − D(2h)|/3, |D(2h) − D(4h)|/12) (Richardson's truncation
estimates) plus the rounding term ε·(max|f| + Σᵢ|v̄ᵢvᵢ|)/h (the first-order
rounding error of evaluating the Wengert list), times FD_SAFETY.
"""

from __future__ import annotations

import math
import sys
from typing import Sequence

from adkit.errors import AdkitError
from adkit.ir.wengert import Literal
from adkit.modes.program import Program
from adkit.modes.reverse import adjoint_sweep

FD_SAFETY = 10.0  #: finite differences pass within this multiple of their error estimate
_EPS = sys.float_info.epsilon


def fd_step(value: float) -> float:
    """The central-difference step for an input at ``value``: ε^(1/3)·max(1, |value|)."""
    return _EPS ** (1 / 3) * max(1.0, abs(value))


def _branches(program: "Program", vals: Sequence[float]) -> tuple:
    """Which side of every kink each kink step is on (the partials it uses)."""
    out = []
    for step in program.steps:
        prim = step.primitive
        if prim is not None and prim.kink is not None:
            args = program.arg_values(step, vals)
            out.append(tuple(p(*args, vals[step.index]) for p in prim.partials))
    return tuple(out)


def finite_difference(program: "Program", x: Sequence[float], j: int) -> tuple[float | None, float, float | None]:
    """(D(h), h, error bound) for ∂y/∂xⱼ.

    D is None when the stencil x ± 4h leaves the domain or crosses a kink; the
    bound is None (not judged) when the three differences D(h), D(2h), D(4h)
    do not shrink like h² (their ratio is not near 4), i.e. the function
    curves too fast on the scale of h for a finite difference to mean anything.
    """
    h = fd_step(x[j])
    h = (x[j] + h) - x[j]  # a step the float grid represents exactly, so x ± h are the points used
    out = program.output_ref
    vals = program.values(list(x))
    base = _branches(program, vals)
    # first-order rounding error of one evaluation of y: ε·Σᵢ |v̄ᵢ·vᵢ| over the steps
    try:
        adj = adjoint_sweep(program, vals, program.output_ref)[0]
        spread = math.fsum(abs(adj[i] * vals[i]) for i in range(len(program.inputs), len(program.steps)))
    except AdkitError:
        spread = 0.0
    f, at = {}, {}
    for k in (-4, -2, -1, 1, 2, 4):
        z = list(x)
        z[j] = at[k] = x[j] + k * h
        try:
            vals = program.values(z)
        except AdkitError:
            return None, h, None
        value = out.value if isinstance(out, Literal) else vals[out]
        if not math.isfinite(value):
            return None, h, None
        if _branches(program, vals) != base:
            return None, h, None
        f[k] = value
    d1 = (f[1] - f[-1]) / (at[1] - at[-1])
    d2 = (f[2] - f[-2]) / (at[2] - at[-2])
    d4 = (f[4] - f[-4]) / (at[4] - at[-4])
    # Richardson: D(h) − D(2h) ≈ −3ch², D(2h) − D(4h) ≈ −12ch²; two estimates of the
    # error ch² of D(h), so a coincidental cancellation in one does not hide it
    truncation = max(abs(d1 - d2) / 3, abs(d2 - d4) / 12)
    rounding = _EPS * (max(abs(v) for v in f.values()) + spread) / h
    bound = FD_SAFETY * (truncation + rounding) + _EPS * abs(d1)
    if truncation > rounding and abs(d1 - d2) > 0:
        ratio = abs(d2 - d4) / abs(d1 - d2)
        if not 2.0 <= ratio <= 8.0:  # not the h² regime (ratio 4): the estimate means nothing here
            return d1, h, None
    return d1, h, bound
