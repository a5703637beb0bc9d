"""adkit: automatic differentiation made visible, step by step.

Public API::

    adkit.compile(text) -> Program         # parse and lower once
    adkit.trace(text | Program | callable, at=..., mode=...) -> Trace
    adkit.Dual(primal, tangent)            # forward-mode dual numbers
    adkit.verify(trace) -> Verification    # sympy + finite differences, every row
    adkit.sin, adkit.log, ...              # math on numbers, duals and traces
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from adkit.errors import (
    AdkitError,
    BindingError,
    DomainError,
    LimitError,
    NonDifferentiableWarning,
    ParseError,
    TracingError,
)
from adkit.forward import Dual
from adkit.functions import PUBLIC as _PUBLIC
from adkit.parser import parse
from adkit.program import Program
from adkit.trace import Trace, trace
from adkit.wengert import lower

if TYPE_CHECKING:
    from adkit.verification import Verification

__version__ = "0.1.0"


def verify(trace: Trace, timeout: float | None = None, rows: bool = True) -> "Verification":
    """Check every number of ``trace`` against sympy and finite differences.

    See :func:`adkit.verification.verify`; sympy is only imported here, when used.
    """
    from adkit.verification import DEFAULT_TIMEOUT
    from adkit.verification import verify as run

    return run(trace, timeout=DEFAULT_TIMEOUT if timeout is None else timeout, rows=rows)


def __getattr__(name: str) -> object:
    if name == "Verification":
        from adkit.verification import Verification

        return Verification
    raise AttributeError(f"module 'adkit' has no attribute {name!r}")


def compile(
    text: str, inputs: Sequence[str] | None = None, outputs: Sequence[str] | None = None,
    backend: str = "interpreter",
) -> Program:
    """Parse ``text`` with adkit's own parser and lower it to a Wengert list.

    ``inputs`` fixes the input order (v₁₋ₙ … v₀); by default inputs are the
    free names in order of first appearance.  ``outputs`` names the outputs
    among the program's statement names (default: the last statement).
    Nothing in ``text`` is ever executed as Python.  ``backend="codegen"``
    runs ``evaluate``, ``gradient`` and ``jvp`` as generated straight-line
    Python (see :mod:`adkit.codegen`); the interpreter is the default.
    """
    if backend not in ("interpreter", "codegen"):
        raise AdkitError("codegen.backend", backend=backend)
    module = parse(text)
    names, steps, output_names, refs = lower(module, inputs, outputs)
    if backend == "codegen":
        from adkit.codegen import CompiledProgram

        return CompiledProgram(names, steps, output_names, refs, text=text)
    return Program(names, steps, output_names, refs, text=text)


sin = _PUBLIC["sin"]
cos = _PUBLIC["cos"]
tan = _PUBLIC["tan"]
asin = _PUBLIC["asin"]
acos = _PUBLIC["acos"]
atan = _PUBLIC["atan"]
sinh = _PUBLIC["sinh"]
cosh = _PUBLIC["cosh"]
tanh = _PUBLIC["tanh"]
exp = _PUBLIC["exp"]
log = _PUBLIC["log"]
ln = _PUBLIC["ln"]
sqrt = _PUBLIC["sqrt"]
sigmoid = _PUBLIC["sigmoid"]
relu = _PUBLIC["relu"]
softplus = _PUBLIC["softplus"]
maximum = _PUBLIC["max"]
minimum = _PUBLIC["min"]
power = _PUBLIC["pow"]
absolute = _PUBLIC["abs"]

__all__ = [
    "AdkitError", "BindingError", "DomainError", "Dual", "LimitError", "NonDifferentiableWarning",
    "ParseError", "Program", "Trace", "TracingError", "Verification", "compile", "trace", "verify",
    "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "exp", "log", "ln",
    "sqrt", "sigmoid", "relu", "softplus", "maximum", "minimum", "power", "absolute",
]
