"""Programs too long for one function: chunks of steps whose values cross through lists.

Above :data:`~adkit.codegen.statements.MAX_FUNCTION_STEPS` steps,
:mod:`adkit.codegen.python` emits functions of ``size`` steps each, so no
single function handed to CPython's compiler grows without bound.
"""

from __future__ import annotations

import re
from typing import Sequence

from adkit.codegen.pylines import adjoint_counts, fast_sweep, leaves, py_step, signed, sinks, sum_lines
from adkit.codegen.statements import FUNCTION_NAMES, Emitter, ident, literal
from adkit.ir.wengert import Literal

_NAME = re.compile(r"\bv(_m)?([0-9]+)\b")


def _names_in(em: Emitter, code: str) -> set[int]:
    """Step indices whose primal names appear in generated code."""
    return {em.n - 1 + (-int(m.group(2)) if m.group(1) else int(m.group(2))) for m in _NAME.finditer(code)}


def _tuple(names: Sequence[str], per_line: int = 12) -> str:
    """``(a, b, c,)`` over several lines: one slice load or store per chunk."""
    rows = [", ".join(names[i:i + per_line]) for i in range(0, len(names), per_line)]
    return "(\n        " + ",\n        ".join(rows) + ",\n    )"


def py_chunked(em: Emitter, mode: str, seeds: Sequence[float] | None, picks: Sequence[int],
               size: int, checked: bool = False) -> list[str]:
    """Functions of ``size`` steps each; values cross chunks through lists.

    ``t`` holds primal values and ``d`` tangents, one slot per step (inputs
    first); ``b`` holds adjoints.  A chunk loads what it reads from earlier
    chunks, keeps everything else in locals, and stores what later code
    reads.  The adjoint order of accumulation is the single function's.
    With ``checked`` every chunk returns its part of the ``_chk`` sum.
    """
    steps, n = em.steps, em.n
    work = steps[n:]
    chunks = [work[i:i + size] for i in range(0, len(work), size)]
    out = em.program.output_ref
    last_use = [-1] * len(steps)  # the last chunk reading each primal
    for c, chunk in enumerate(chunks):
        for step in chunk:
            for a in step.args:
                if isinstance(a, int):
                    last_use[a] = c
    last_reader = last_use[:]  # the last chunk whose steps take each step as an argument
    partial_names: list[set[int]] = []
    if mode == "reverse":
        for c, chunk in enumerate(chunks):
            names = set().union(*(_names_in(em, p) for step in chunk for _, p in em.partials(step)))
            partial_names.append(names)
            for k in names:
                last_use[k] = max(last_use[k], len(chunks))  # read again by the adjoint sweep
    if not isinstance(out, Literal):
        last_use[out] = len(chunks)
    fwd = mode == "forward"
    sink, leaf = sinks(em), leaves(em)  # whose tangents, adjoints the check adds (see pylines)
    lines: list[str] = []
    for c, chunk in enumerate(chunks):
        first = chunk[0].index
        lines += ["", "", f"def _f{c}({'t, d' if fwd else 't'}):"]
        for a in sorted({a for s in chunk for a in s.args if isinstance(a, int) and a < first}):
            lines.append(f"    {ident(steps[a])} = t[{a}]")
            if fwd:
                lines.append(f"    {ident(steps[a])}_dot = d[{a}]")
        for step in chunk:
            lines += py_step(em, step, mode)
        if mode == "reverse":  # the adjoint sweep reads the whole tape: one slice store
            lines.append(f"    t[{first}:{first + len(chunk)}] = {_tuple([ident(s) for s in chunk])}")
        for step in chunk:
            if mode != "reverse" and last_use[step.index] > c:
                lines.append(f"    t[{step.index}] = {ident(step)}")
                if fwd:
                    lines.append(f"    d[{step.index}] = {ident(step)}_dot")
        if checked:
            names = [ident(s) for s in chunk] + [ident(s) + "_dot" for s in chunk if fwd and s.index in sink]
            lines += sum_lines("_chk", names) + ["    return _chk"]
    if mode == "reverse":
        count = adjoint_counts(em)
        for c in reversed(range(len(chunks))):
            chunk, first = chunks[c], chunks[c][0].index
            lines += ["", "", f"def _r{c}(t, b):"]
            lines.append(f"    {_tuple([ident(s) for s in chunk])} = t[{first}:{first + len(chunk)}]")
            lines += [f"    {ident(steps[k])} = t[{k}]" for k in sorted(partial_names[c]) if k < first]
            outside = sorted({a for s in chunk for a in s.args if isinstance(a, int) and a < first})
            preset = {k for k in [*outside, *(s.index for s in chunk)] if last_reader[k] > c or k == out}
            lines += [f"    {ident(steps[k])}_bar = b[{k}]" for k in sorted(preset)]
            adjoint_of = fast_sweep(em, chunk, preset, count, lines)
            lines += [f"    b[{a}] = {signed(adjoint_of(a))}" for a in outside]
            if checked:
                names = [adjoint_of(s.index)[0] for s in chunk if s.index in leaf]
                lines += sum_lines("_chk", names) + ["    return _chk"]
    name = FUNCTION_NAMES[mode]
    total = len(steps)
    lines += ["", "", f"def {name}(x{', x_dot' if fwd and seeds is None else ''}):",
              f"    t = [0.0] * {total}", f"    t[:{n}] = x"]
    if fwd:
        lines.append(f"    d = [0.0] * {total}")
        if seeds is None:
            lines.append(f"    d[:{n}] = x_dot")
        else:
            lines += [f"    d[{i}] = {literal(v)}" for i, v in enumerate(seeds) if v]
    call = "_chk = _chk + " if checked else ""
    lines += ["    _chk = 0.0"] if checked else []
    lines += [f"    {call}_f{c}({'t, d' if fwd else 't'})" for c in range(len(chunks))]
    y = em.ref(out) if isinstance(out, Literal) else f"t[{out}]"
    if mode == "evaluate":
        result = y
    elif fwd:
        result = f"{y}, {'0.0' if isinstance(out, Literal) else f'd[{out}]'}"
    else:
        lines.append(f"    b = [0.0] * {total}")
        if not isinstance(out, Literal):
            lines.append(f"    b[{out}] = 1.0")
        lines += [f"    {call}_r{c}(t, b)" for c in reversed(range(len(chunks)))]
        if checked:
            lines += sum_lines("_chk", ["_chk"] + [f"b[{i}]" for i in range(n)])
        result = f"{y}, [{', '.join(f'b[{i}]' for i in picks)}]"
    lines.append(f"    return {result}{', _chk' if checked else ''}")
    return lines
