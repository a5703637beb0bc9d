"""THE registry of primitives: every elementary operation, defined once, gathered here.

The records (:class:`~adkit.ir.record.Primitive`, fields by name) are written
by family — :mod:`adkit.ir.arithmetic`, :mod:`adkit.ir.elementary`,
:mod:`adkit.ir.activations` — and registered when imported below; then each
record's partials are derived from their expressions.  Everything else that
names operations is derived from the records here: ``FUNCTIONS`` (what users
may call), the operations exercises draw from, the named constants.

The tangent rule v̇ = Σᵢ ∂ᵢ·u̇ᵢ (forward mode) and the adjoint rule
ūᵢ += v̄·∂ᵢ (reverse mode) are two contractions of the same partials
(:mod:`adkit.modes.contraction`), so the two modes cannot drift apart.
Engines, verifier and renderers are loops over the Wengert list that look
operations up here and never special-case one.
"""

from __future__ import annotations

import math

from adkit.ir import arithmetic, elementary, activations  # noqa: F401, I001 - each registers its family, in this order
from adkit.ir.arithmetic import juxtaposable
from adkit.ir.closures import ArgValue, Constant, OfArg, OutValue
from adkit.ir.record import FAILURES, REGISTRY, Primitive, Template, apply, call, derive_partials, domain_error, register

__all__ = ["ArgValue", "Constant", "OfArg", "OutValue", "REGISTRY", "FUNCTIONS", "CONSTANTS", "EXERCISE_OPERATIONS",
           "FAILURES", "Primitive", "Template", "apply", "call", "domain_error", "juxtaposable", "register"]

derive_partials()

#: Names users call as functions, mapped to registry keys, derived from the
#: records: each function's key and the name its syntax spells (``ln`` and
#: ``log`` are both the natural logarithm).
FUNCTIONS: dict[str, str] = {
    spelling: p.name
    for p in REGISTRY.values() if p.function
    for spelling in dict.fromkeys((p.name, p.syntax.split("(")[0] if "(" in p.syntax else p.name))
}

#: The operations random exercises draw from, fixed and versioned so that a
#: seeded worksheet does not change when a primitive is added to the registry.
EXERCISE_OPERATIONS: tuple[str, ...] = (  # version 1: the operations before log10, log2, erf, atan2, hypot
    "abs", "acos", "add", "asin", "atan", "cos", "cosh", "div", "exp", "log", "max", "min", "mul",
    "neg", "pow", "relu", "sigmoid", "sin", "sinh", "softplus", "sqrt", "sub", "tan", "tanh",
)

#: Named constants, shadowed by an input or an assigned name of the same name.
CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e}
