"""The façade above the front end and the engines: text → :class:`Program`, and ``adkit.verify``.

:func:`compile_program` is the one place text becomes a program (parse,
lower, build), so :mod:`adkit.modes` never imports the parser; ``compile``
chooses the backend (the interpreter over the Wengert list, or generated
Python); ``verify`` checks a trace against sympy and finite differences.
``adkit.trace`` lives in :mod:`adkit.trace`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from adkit.errors import AdkitError
from adkit.language.lower import lower
from adkit.language.parser import parse
from adkit.modes.program import Program
from adkit.modes.records import TraceRecord

if TYPE_CHECKING:
    from adkit.verify.check import Verification

VERSION = "0.1.0"
BACKENDS = ("interpreter", "codegen", "c")


def compile_program(text: str, inputs: Sequence[str] | None = None, outputs: Sequence[str] | None = None,
                    kind: type[Program] = Program) -> Program:
    """Parse ``text`` with adkit's own parser and lower it to a ``kind`` of :class:`Program` (nothing is run as Python)."""
    names, steps, output_names, refs = lower(parse(text), inputs, outputs)
    return kind(names, steps, output_names, refs, text=text)


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
    Python (see :mod:`adkit.codegen`); ``backend="c"`` runs ``evaluate``,
    ``gradient``, ``jvp`` and ``vjp`` as C compiled by the machine's compiler
    (cached on disk; numpy arrays in and out, see :mod:`adkit.codegen.cbackend`).
    The interpreter is the default.
    """
    if backend not in BACKENDS:
        raise AdkitError("codegen.backend", backend=backend)
    if backend == "interpreter":
        return compile_program(text, inputs, outputs)
    if backend == "c":
        from adkit.codegen.cbackend import NativeProgram  # start-up: ctypes and the C compiler only when asked for

        program = compile_program(text, inputs, outputs, NativeProgram)
        program.check_compiler()
        return program
    from adkit.codegen.backend import CompiledProgram  # start-up: generated code is loaded when asked for

    return compile_program(text, inputs, outputs, CompiledProgram)


def verify(trace: TraceRecord, timeout: float | None = None, rows: bool = True) -> Verification:
    """Check every number of ``trace`` against sympy and finite differences.

    See :func:`adkit.verify.check.verify`; it and sympy are only imported when used.
    """
    from adkit.verify.check import DEFAULT_TIMEOUT, verify as run_verification

    return run_verification(trace, timeout=DEFAULT_TIMEOUT if timeout is None else timeout, rows=rows)
