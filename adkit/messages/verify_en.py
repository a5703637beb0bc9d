"""English messages of verification (`adkit trace --verify`, `adkit.verify`): the report's titles, rows and findings.

A family of its own, read only when a trace is verified (start-up).
"""

from __future__ import annotations

VERIFY: dict[str, dict[str, str]] = {
    "verify.title_symbolic": {"en": "Symbolic partial derivatives (sympy, built from the Wengert list)"},
    "verify.title_checks": {"en": "Checks: engines against sympy (relative {rtol}) and central finite differences"},
    "verify.col.input": {"en": "input"},
    "verify.col.forward": {"en": "forward"},
    "verify.col.reverse": {"en": "reverse"},
    "verify.col.sympy": {"en": "sympy"},
    "verify.col.fd": {"en": "finite diff."},
    "verify.col.rel_error": {"en": "rel. error"},
    "verify.col.check": {"en": "check"},
    "verify.ok": {"en": "verified: every checked number agrees ({rows} row checks, {derivatives}, {seconds:.2f}\u00a0s)"},
    "verify.failed": {"en": "verification FAILED:"},
    "verify.row_failed": {"en": "{row}: the {quantity} is {engine!r} but sympy gives {exact!r} (relative error {error})"},
    "verify.input_failed": {"en": "∂{output}/∂{name}: reverse {engine!r}, forward {forward!r}, sympy {exact!r}, finite difference {fd!r} do not agree"},
    "verify.timeout": {"en": "sympy did not finish within {seconds:g} s (--verify-timeout); the checks without a sympy value rest on finite differences and forward = reverse only"},
    "verify.sympy_error": {"en": "sympy could not finish ({error}); numeric checks only"},
    "verify.kink": {"en": "{step} is at a non-differentiable point: {note}. sympy's derivative there may differ (e.g. Heaviside(0) = 1/2, sign(0) = 0); such rows are marked as a convention, not a failure"},
    "verify.fd_skipped": {"en": "finite differences for {name} were not judged: the stencil x ± 4h leaves the domain, crosses a kink, or the function curves too fast for the step (D(h), D(2h), D(4h) do not converge like h²)"},
    "verify.rows_unchecked": {"en": "sympy could not evaluate some rows (a complex or undefined value); they are marked unchecked"},
    "verify.status.ok": {"en": "✓"},
    "verify.status.failed": {"en": "✗"},
    "verify.status.kink": {"en": "convention"},
    "verify.status.unchecked": {"en": "unchecked"},
}
