"""``adkit trace --preset NAME``: formulas from the course notes, with their point, by name.

A preset is what a reader would otherwise type (the formula and ``--at``),
its statements named as the notes name them.
"""

from __future__ import annotations

from adkit.errors import BindingError

#: name → (formula, --at).
TRACE_PRESETS: dict[str, tuple[str, str]] = {
    # Nguyen Truong Long, "Giải thích chi tiết thuật toán Backpropagation": ∂L/∂w⁽¹⁾ as the product
    # of six local derivatives.  Each statement is linear in the one before, its slope the notes'
    # factor, so the reverse sweep multiplies exactly those factors (docs/errata.md).
    "dl-dw1-chain": ("a1 = 0.2*w1; h1 = 0.2244*a1; a2 = -0.5*h1; h2 = 0.1875*a2; y = 0.6*h2; L = -3.98*y",
                     "w1=1"),
}


def trace_input(expression: str | None, preset: str | None, at: list[str] | None) -> tuple[str, list[str] | None]:
    """The formula and ``--at`` texts to trace: the user's, or a preset's (argparse allows one of them)."""
    if preset is None:
        return expression, at  # type: ignore[return-value]  # EXPR is given
    if at:
        raise BindingError("trace.preset_alone", name=preset)
    if preset not in TRACE_PRESETS:
        raise BindingError("trace.unknown_preset", name=preset, known=", ".join(TRACE_PRESETS))
    formula, point = TRACE_PRESETS[preset]
    return formula, [point]
