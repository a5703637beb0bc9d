"""Python statements shared by single-function and chunked generated code.

A step's primal (and tangent) lines, the simplified adjoint sweep, and the
``_chk`` sum of the backend's checked variant: a sum is NaN or ±inf as soon
as one term is, so a finite ``_chk`` proves every value it adds finite.

Which values it adds: every primal, since an operation can hide a non-finite
argument (1/inf is 0, atan inf is π/2).  Tangents and adjoints cannot hide
one: they are sums of products with partials, and inf·0 is NaN, inf + x is
inf or NaN.  A non-finite tangent reaches every step that reads it, so the
tangents of the :func:`sinks` (steps nothing reads: the output, dead steps)
suffice; a non-finite adjoint reaches every argument, so the adjoints of the
:func:`leaves` (inputs, steps of literals only) suffice.
"""

from __future__ import annotations

from typing import Callable, Sequence

from adkit.codegen.statements import Emitter, Line, factor, ident
from adkit.ir.wengert import Step


def py_lines(lines: Sequence[Line], indent: str = "    ") -> list[str]:
    return [f"{indent}{t} {op} {e}" for t, op, e in lines]


def py_step(em: Emitter, step: Step, mode: str, indent: str = "    ") -> list[str]:
    name = ident(step)
    note = em.aliases(step)
    out = [f"{indent}{name} = {em.primal(step)}" + (f"  # {note}" if note else "")]
    if mode == "forward":
        out.append(f"{indent}{name}_dot = {em.tangent(step)}")
    return out


def adjoint_counts(em: Emitter) -> list[int]:
    count = [0] * len(em.steps)
    for step in em.steps[em.n:]:
        for a in step.args:
            if isinstance(a, int):
                count[a] += 1
    return count


def fast_sweep(em: Emitter, work: Sequence[Step], preset: set[int], count: Sequence[int],
               body: list[str], unit: set[int] | frozenset[int] = frozenset()) -> Callable[[int], tuple[str, bool]]:
    """Append the simplified adjoint statements of ``work`` (in reverse) to ``body``.

    ``preset`` adjoints already hold a value in a local; any other adjoint is
    zero until its first contribution, which is assigned (``=``) rather than
    added.  An adjoint with a single contribution of partial ±1 is not stored:
    its uses read the adjoint it copies (``v4_bar`` is ``v5_bar``).  The
    arithmetic and its order are those of the readable sweep, so are the
    values (only the sign of a zero may differ).  Returns a function giving
    each adjoint's final expression as ``(text, negated)``.  ``unit`` adjoints
    are exactly 1.0 (the seed of a gradient) and are read as ``1.0``, whose
    products ``1.0 * p`` are written ``p``: the same value, one multiply fewer.
    """
    out = em.program.output_ref
    alias: dict[int, tuple[str, bool]] = {k: ("1.0", False) for k in unit}
    defined = set(preset) | set(unit)

    def adjoint_of(k: int) -> tuple[str, bool]:
        if k in alias:
            return alias[k]
        return (ident(em.steps[k]) + "_bar", False) if k in defined else ("0.0", False)

    for step in reversed(work):
        g, negated = adjoint_of(step.index)
        for a, p in em.partials(step):
            neg = negated != (p == "-1.0")
            value = g if p in ("1.0", "-1.0") else factor(p) if g == "1.0" else f"{g} * {factor(p)}"
            target = ident(em.steps[a]) + "_bar"
            if p in ("1.0", "-1.0") and count[a] == 1 and a != out and a not in defined:
                alias[a] = (g, neg)
            elif a not in defined:
                body.append(f"    {target} = {'-' if neg else ''}{value}")
                defined.add(a)
            else:
                body.append(f"    {target} {'-=' if neg else '+='} {value}")
    return adjoint_of


def signed(g: tuple[str, bool]) -> str:
    return f"-{g[0]}" if g[1] else g[0]


def sinks(em: Emitter) -> set[int]:
    """Steps no step reads: a non-finite tangent anywhere reaches one of theirs."""
    return {k for k, c in enumerate(adjoint_counts(em)) if c == 0 and k >= em.n}


def leaves(em: Emitter) -> set[int]:
    """Inputs and steps of literals only: a non-finite adjoint anywhere reaches one of theirs."""
    return {s.index for s in em.steps if not any(isinstance(a, int) for a in s.args)}


def sum_lines(target: str, terms: Sequence[str], per_line: int = 256) -> list[str]:
    """``target = sum((a, b, …), target)`` over lines of ``per_line`` names (the builtin adds
    floats in C, a fraction of the cost of ``a + b + …``); names only, each once; from 0.0,
    or from ``target``'s value when it is one of the terms."""
    names = [t for t in dict.fromkeys(terms) if not t[0].isdigit() and not t.startswith("(") and t != target]
    rows = [", ".join(names[i:i + per_line]) for i in range(0, len(names), per_line)]
    start = [] if target in terms else [f"    {target} = 0.0"]  # a running sum goes on
    return start + [f"    {target} = sum(({row},), {target})" for row in rows]
