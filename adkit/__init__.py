"""adkit: automatic differentiation made visible, step by step.

Public API::

    adkit.compile(text) -> Program         # parse and lower once
    adkit.trace(text | Program | callable, at=..., mode=...) -> Trace
    adkit.Dual(primal, tangent)            # forward-mode dual numbers
    adkit.verify(trace) -> Verification    # sympy + finite differences, every row
    adkit.sin, adkit.log, ...              # every function the parser knows, on numbers, duals and traces
"""

from __future__ import annotations

from adkit.api import VERSION as __version__
from adkit.api import compile, verify
from adkit.errors import (
    AdkitError,
    BindingError,
    DomainError,
    LimitError,
    NonDifferentiableWarning,
    ParseError,
    TracingError,
)
from adkit.ir.functions import ALIASES as _ALIASES
from adkit.ir.functions import PUBLIC as _PUBLIC
from adkit.modes.forward import Dual
from adkit.modes.program import Program
from adkit.trace import Trace, trace
from adkit.verify.check import Verification



# adkit.sin, adkit.log, adkit.max, …: one per function name the parser knows
# (derived from the registry), plus the older spellings adkit.maximum, …
globals().update(_PUBLIC)
globals().update(_ALIASES)

__all__ = sorted([
    "AdkitError", "BindingError", "DomainError", "Dual", "LimitError", "NonDifferentiableWarning",
    "ParseError", "Program", "Trace", "TracingError", "Verification", "compile", "trace", "verify",
    *_PUBLIC, *_ALIASES,
])
