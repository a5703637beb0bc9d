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

import re
from typing import Callable, Sequence

from adkit.codegen.edges import adjoint_sweep, product
from adkit.codegen.statements import Emitter, Line, ident
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

    Renders an :func:`~adkit.codegen.edges.adjoint_sweep`: ``preset`` adjoints
    already hold a value in a local; any other adjoint is zero until its first
    contribution, which is assigned (``=``) rather than added.  A copy (an
    adjoint with a single contribution of partial ±1) is not stored: its uses
    read the adjoint it copies (``v4_bar`` is ``v5_bar``).  The arithmetic and
    its order are those of the readable sweep, so are the values (only the sign
    of a zero may differ).  Returns a function giving each adjoint's final
    expression as ``(text, negated)``.  ``unit`` adjoints are exactly 1.0 (the
    seed of a gradient) and are read as ``1.0``, whose products ``1.0 * p`` are
    written ``p``: the same value, one multiply fewer.
    """
    out = em.program.output_ref
    held = set(preset) | set(unit)
    sweep = adjoint_sweep(em.partials, work, count, keep=(held | {out}) if isinstance(out, int) else held,
                          held=held)
    holding = sweep.holding or frozenset()

    def adjoint_of(k: int) -> tuple[str, bool]:
        source, negated = sweep.read(k)
        text = "1.0" if source in unit else ident(em.steps[source]) + "_bar" if source in holding else "0.0"
        return text, negated

    for step in reversed(work):
        g, negated = adjoint_of(step.index)
        for contribution in sweep.contributions[step.index]:
            sign, value = product(g, contribution.edge, fold_negative=True)
            neg = negated != sign
            target = ident(em.steps[contribution.edge.arg]) + "_bar"
            if contribution.first:
                body.append(f"    {target} = {'-' if neg else ''}{value}")
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


_NAME = re.compile(r"\bv(?:_m)?[0-9]+(?:_bar|_dot)?\b")
_DEFINE = re.compile(r"    (v(?:_m)?[0-9]+) = ")


def reuse_names(body: Sequence[str], final: str, primals: set[str],
                per_line: int = 256) -> tuple[list[str], str, list[str]]:
    """The checked variant's body with each primal value renamed to a name a dead one had (``_r3``).

    Straight-line code that keeps every value in a local of its own keeps every
    float object alive to the end; reusing the names of dead values frees them
    as it goes, as a loop would.  A value joins the ``_chk`` sum (see the module
    docstring) in a block of ``per_line`` before its name is reused; the body
    starts the sum at 0.0.  Returns the body (comments dropped), the ``final``
    line (the return) renamed, and the names still holding a value at the end,
    for the caller to add to the sum.  Only the ``primals`` are renamed.
    """
    lines = [line for line in body if not line.lstrip().startswith("#")]
    last: dict[str, int] = {}
    for i, line in enumerate([*lines, final]):
        define = _DEFINE.match(line)
        for name in _NAME.findall(line.split("  #")[0][define.end() if define else 0:]):
            last[name] = i
    deaths: dict[int, list[str]] = {}
    for name, i in last.items():
        deaths.setdefault(i, []).append(name)
    out = ["    _chk = 0.0"]
    mapping: dict[str, str] = {}
    free: list[str] = []
    pending: list[str] = []

    def renamed(code: str) -> str:
        return _NAME.sub(lambda m: mapping.get(m.group(0), m.group(0)), code)

    for i, line in enumerate(lines):
        code = line.split("  #")[0]
        define = _DEFINE.match(code)
        if define and define.group(1) in primals:
            right = renamed(code[define.end():])
            register = free.pop() if free else f"_r{len(mapping) + len(pending) + len(free)}"
            mapping[define.group(1)] = register
            out.append(f"    {register} = {right}")
        else:
            out.append(renamed(code))
        for name in deaths.get(i, ()):
            if name in mapping:
                pending.append(mapping.pop(name))
        if define and last.get(define.group(1), -1) < i and define.group(1) in mapping:  # never read
            pending.append(mapping.pop(define.group(1)))
        if len(pending) >= per_line:
            out.append(f"    _chk = sum(({', '.join(pending)},), _chk)")
            free += pending
            pending = []
    return out, renamed(final), pending + list(mapping.values())
