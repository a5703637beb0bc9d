"""adkit: automatic differentiation made visible, step by step.

Public API::

    adkit.compile(text) -> Program         # parse and lower once
    adkit.trace(text | Program | callable, at=..., mode=...) -> Trace
    adkit.Dual(primal, tangent)            # forward-mode dual numbers
    adkit.verify(trace) -> Verification    # sympy + finite differences, every row
    adkit.sin, adkit.log, ...              # every function the parser knows, on numbers, duals and traces
"""

from __future__ import annotations

from typing import Any

# The package adkit.verify (a docstring) before the function adkit.verify: the function's first call imports
# adkit.verify.check, which would otherwise rebind adkit.verify to the package on loading it.
from adkit import verify as _verify_package  # noqa: F401
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
from adkit.trace import TEXTBOOK, Shape, Trace, trace

# adkit.sin, adkit.log, adkit.max, …: one per function name the parser knows
# (derived from the registry), plus the older spellings adkit.maximum, …
globals().update(_PUBLIC)
globals().update(_ALIASES)

__all__ = sorted([
    "AdkitError", "BindingError", "DomainError", "Dual", "LimitError", "NonDifferentiableWarning",
    "ParseError", "Program", "Shape", "TEXTBOOK", "Trace", "TracingError", "Verification", "compile", "trace", "verify",
    *_PUBLIC, *_ALIASES,
])


def __getattr__(name: str) -> Any:
    """``adkit.Verification`` is imported on first use: ``import adkit`` loads no verification code (start-up)."""
    if name == "Verification":
        from adkit.verify.check import Verification

        return Verification
    raise AttributeError(f"module 'adkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
