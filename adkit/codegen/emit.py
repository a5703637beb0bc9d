"""``adkit codegen``: tangent and adjoint source code in Python, C or LaTeX.

One entry point over the three target languages; Python can end with a call
at a point, so ``python -c`` reproduces adkit's numbers.  That point is run
through the interpreter first: printed code has no finiteness check, so a
point where some step overflows is refused with the DomainError naming it,
rather than printed as a call that would answer 0.0 for 1/inf.
"""

from __future__ import annotations

from typing import Sequence

from adkit.codegen.python import python_source
from adkit.codegen.statements import FUNCTION_NAMES, literal, wrt_seeds
from adkit.codegen.text import c_source, latex_source
from adkit.modes.program import Program

LANGUAGES = ("python", "c", "latex")


def source(program: Program, mode: str, lang: str = "python", wrt: Sequence[str] | None = None,
           at: Sequence[float] | None = None, optimize: bool = False) -> str:
    """Generated code for ``program`` (the ``adkit codegen`` command).

    With ``at`` (Python and C), the code ends by printing the value and the
    derivatives at that point, so ``python -c`` or a compiled C program
    reproduces adkit's numbers; a point where a step is not finite raises the
    interpreter's DomainError.
    """
    seeds, _ = wrt_seeds(program, mode, wrt)
    if at is not None:
        _check_point(program, mode, at, seeds)
    if lang in ("c", "latex"):
        return c_source(program, mode, wrt, at) if lang == "c" else latex_source(program, mode, wrt)
    text = python_source(program, mode, wrt, optimize=optimize)
    if at is not None:
        x = "[" + ", ".join(literal(v).strip("()") for v in at) + "]"
        name = FUNCTION_NAMES[mode]
        if mode == "forward" and seeds is None:
            direction = "[" + ", ".join("1.0" if i == 0 else "0.0" for i in range(len(at))) + "]"
            call = f"{name}({x}, {direction})"  # without --wrt: the direction of the first input
        else:
            call = f"{name}({x})"
        text += f"\n\nif __name__ == \"__main__\":\n    print(repr({call}))\n"
    return text


def _check_point(program: Program, mode: str, at: Sequence[float], seeds: Sequence[float] | None) -> None:
    """The sweeps the printed call runs, by the interpreter, which checks every value it computes."""
    vals = program.values(list(at))
    if mode == "forward":  # without --wrt: the direction of the first input, as the printed call
        program.tangents(vals, seeds if seeds is not None else [float(i == 0) for i in range(len(at))])
    else:
        program.adjoints(vals, [(program.output_ref, 1.0)])
