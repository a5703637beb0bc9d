"""The C source of a program's native library: the sweeps over a tape, behind a fixed ABI.

Every value lives in a slot of the caller's work array ``t`` (the layout of
the interpreter's :class:`~adkit.modes.fast.Plan`: inputs, then the steps;
tangents in ``d``, adjoints in ``b``), so a program of any length splits into
functions of :data:`CHUNK_STEPS` steps each: C compilers take time that grows
faster than a function, and chunks keep ``-O1`` fast; a long program's
functions go into translation units of about :data:`PART_LINES` lines, which
compile in parallel (:func:`library_units`).  The operations
and their order are the interpreter's (``b`` starts at zero and every
contribution is added, argument order, steps last to first; an adjoint that
is a copy of another is read from it, :func:`adjoint_structure`), from the
registry's C templates.  Exported, each returning 0, or 1 when some value
was not finite (the caller then re-runs the point in the interpreter, which
names the step), one entry point per library::

    int adkit_evaluate(const double *x, double *y, double *t)
    int adkit_jvp(const double *x, const double *x_dot, double *y, double *y_dot, double *t, double *d)
    int adkit_vjp(const double *x, const double *y_bar, double *y, double *x_bar, double *t, double *b, double *p)

``y`` holds the m outputs; ``p`` the partials the adjoint library computes
in its primal sweep (:func:`stored_partials`).  The check is one sum per sweep (every primal,
the tangents of the sinks, the adjoints of the leaves: see
:mod:`adkit.codegen.pylines`), in four independent sums so it costs little.
"""

from __future__ import annotations

import re
from typing import Sequence

from adkit.codegen.pylines import adjoint_counts, leaves, sinks
from adkit.codegen.edges import AdjointSweep, adjoint_sweep, product, tangent_sum
from adkit.codegen.statements import Emitter, literal
from adkit.ir.wengert import Literal, Ref, Step
from adkit.modes.program import Program

CHUNK_STEPS = 100  # steps per static function (see benchmarks/RESULTS.md, issue 28)
PART_LINES = 3000  # lines per translation unit of a long program: the units compile in parallel

#: a long program's chunk functions are shared between its units, never exported
_INTERNAL = "ADKIT_INTERNAL"
_INTERNAL_MACRO = """#if defined(__GNUC__)
#define ADKIT_INTERNAL __attribute__((visibility("hidden")))
#else
#define ADKIT_INTERNAL
#endif"""

ABI_VERSION = 1  # part of the cache key: a change of the exported functions changes it

_FINITE = """static int adkit_finite(const double *v, long count, double extra) {
    double s0 = extra, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    long i = 0;
    for (; i + 4 <= count; i += 4) { s0 += v[i]; s1 += v[i + 1]; s2 += v[i + 2]; s3 += v[i + 3]; }
    for (; i < count; i++) s0 += v[i];
    return isfinite(s0 + s1 + s2 + s3);
}
static double adkit_sum(const double *v, long count) {
    double s = 0.0;
    for (long i = 0; i < count; i++) s += v[i];
    return s;
}"""


ENTRIES = ("evaluate", "jvp", "vjp")  # one library each: a gradient compiles no tangent sweep

_SLOT = re.compile(r"t\[[0-9]+\]|\(?-?[0-9.]+(e[+-]?[0-9]+)?\)?")


def stored_partials(em: Emitter) -> dict[tuple[int, int], int]:
    """Partials the adjoint library computes in the primal sweep, by (step, position): slot in ``p``.

    Computed beside the value, a partial shares its arguments' registers and
    its libm call (GCC turns sin and cos of one argument into one sincos);
    a partial that is a number or a slot is read where it is used.
    """
    slots: dict[tuple[int, int], int] = {}
    for step in em.steps[em.n:]:
        for position, (_, code) in enumerate(em.partials(step)):
            if not _SLOT.fullmatch(code):
                slots[(step.index, position)] = len(slots)
    return slots


def adjoint_structure(em: Emitter) -> AdjointSweep:
    """The reverse sweep's :func:`~adkit.codegen.edges.adjoint_sweep` over the zeroed ``b``.

    A copy (a value read once, by a step whose partial for it is ±1: the terms
    of a sum) is not stored: its uses read the adjoint it copies (as the Python
    backend's simplified sweep).  Inputs, leaves and outputs keep their slots:
    they are read after the sweep.
    """
    keep = set(range(em.n)) | leaves(em) | {r for r in em.program.output_refs if isinstance(r, int)}
    return adjoint_sweep(em.partials, em.steps[em.n:], adjoint_counts(em), keep)


def partial_count(program: Program) -> int:
    """The length of ``p`` that ``adkit_vjp`` needs."""
    return len(stored_partials(Emitter(program, "c", name=lambda k: f"t[{k}]")))


def library_units(program: Program, entry: str, chunk_steps: int | None = None,
                  part_lines: int | None = None) -> tuple[str, ...]:
    """The translation units of one entry point's library: the first holds the exported function.

    A program whose sweeps take at most ``part_lines`` lines (default :data:`PART_LINES`) is one
    unit, its chunks of ``chunk_steps`` steps (default :data:`CHUNK_STEPS`) ``static``; a longer
    one puts its chunks in units of about ``part_lines`` lines (hidden, not exported) that compile
    in parallel (:func:`adkit.codegen.native.load`), the first unit declaring them.
    """
    chunk_steps, part_lines = chunk_steps or CHUNK_STEPS, part_lines or PART_LINES
    em = Emitter(program, "c", name=lambda k: f"t[{k}]")
    n, work, total = em.n, em.steps[em.n:], len(em.steps)
    chunks = [work[i:i + chunk_steps] for i in range(0, len(work), chunk_steps)]
    stored = stored_partials(em) if entry == "vjp" else {}
    sweep = adjoint_structure(em) if entry == "vjp" else None
    bodies = [_chunk(em, entry, c, chunk, stored, sweep) for c, chunk in enumerate(chunks)]
    lines = sum(len(body) for body in bodies)
    count = max(1, -(-lines // part_lines))  # units of about part_lines lines, equal by lines, not steps
    parts: list[list[int]] = [[] for _ in range(count)]
    done = 0
    for c, body in enumerate(bodies):  # a chunk goes to the unit its middle line falls in
        parts[(2 * done + len(body)) * count // (2 * lines)].append(c)  # the middle < lines
        done += len(body)
    parts = [part for part in parts if part] or [[]]
    head = [f"// Generated by adkit from a Wengert list (C99, native library ABI {ABI_VERSION}).",
            "#include <math.h>", ""]

    def functions(numbers: list[int], storage: str) -> list[str]:
        helpers: dict[str, None] = {}
        for c in numbers:
            for step in chunks[c]:
                helpers.update(dict.fromkeys(step.primitive.c_helpers))  # type: ignore[union-attr]
        out = list(helpers)
        for c in numbers:
            out += [storage + line[len("static"):] if line.startswith("static ") else line for line in bodies[c]]
        return out

    if len(parts) == 1:
        main = [*head, *functions(parts[0], "static"), _FINITE, ""]
        units: list[str] = []
    else:
        declared = [line.replace(" {", ";") for c in range(len(chunks))
                    for line in _signatures(entry, c, _INTERNAL)]
        main = [*head, _INTERNAL_MACRO, *declared, _FINITE, ""]
        units = ["\n".join([*head, _INTERNAL_MACRO, *functions(numbers, _INTERNAL)]) + "\n" for numbers in parts]
    return ("\n".join(main + _exported(em, entry, len(chunks), n, total, sweep)) + "\n", *units)


def _signatures(entry: str, c: int, storage: str) -> list[str]:
    """The opening lines of chunk ``c``'s functions (the primal sweep; for vjp also the reverse)."""
    second = {"evaluate": "", "jvp": ", double *restrict d", "vjp": ", double *restrict p"}[entry]
    lines = [f"{storage} void adkit_p{c}(double *restrict t{second}) {{"]
    if entry == "vjp":
        lines.append(f"{storage} void adkit_r{c}(const double *restrict t, const double *restrict p, "
                     "double *restrict b) {")
    return lines


def _chunk(em: Emitter, entry: str, c: int, chunk: Sequence[Step],
           stored: dict[tuple[int, int], int], sweep: AdjointSweep | None) -> list[str]:
    """Chunk ``c``'s ``static`` functions: its primal sweep (with tangents or partials), its reverse sweep."""
    opening = _signatures(entry, c, "static")
    lines = [opening[0]]
    if entry == "evaluate":
        lines += [f"    t[{s.index}] = {em.primal(s)};" for s in chunk]
    elif entry == "jvp":  # value and tangent side by side
        for s in chunk:
            lines += [f"    t[{s.index}] = {em.primal(s)};", f"    d[{s.index}] = {_tangent(em, s)};"]
    else:
        for s in chunk:
            lines.append(f"    t[{s.index}] = {em.primal(s)};")
            lines += [f"    p[{stored[(s.index, i)]}] = {code};" for i, (_, code) in enumerate(em.partials(s))
                      if (s.index, i) in stored]
        lines += ["}", opening[1], *_reverse(chunk, stored, sweep)]  # type: ignore[arg-type]
    lines.append("}")
    return lines


def _reverse(chunk: Sequence[Step], stored: dict[tuple[int, int], int], sweep: AdjointSweep) -> list[str]:
    """A chunk's reverse sweep, one statement per adjoint it adds to, where its last term is formed.

    ``b[a] = b[a] + g₁·∂₁ + g₂·∂₂`` adds in the interpreter's order (C adds left to right), and each
    gᵢ is final where read: the adjoint of a step is complete before the sweep reaches the step.
    Fewer statements and stores than one ``+=`` a term: less for the compiler to do.  A copy has
    no term: it is read where used.
    """
    terms: dict[int, list[str]] = {}
    for s in reversed(chunk):
        source, negated = sweep.read(s.index)
        g = f"{'-' if negated else ''}b[{source}]"
        for position, edge, _ in sweep.contributions[s.index]:
            if (s.index, position) in stored:
                edge = edge._replace(code=f"p[{stored[(s.index, position)]}]")
            terms.setdefault(edge.arg, []).append(product(g, edge, fold_negative=False)[1])
    lines, seen = [], dict.fromkeys(terms, 0)
    for s in reversed(chunk):
        for contribution in sweep.contributions[s.index]:
            a = contribution.edge.arg
            seen[a] += 1
            if seen[a] == len(terms[a]):
                added = terms[a]
                lines.append(f"    b[{a}] += {added[0]};" if len(added) == 1 else
                             f"    b[{a}] = {' + '.join([f'b[{a}]', *added])};")
    return lines


def _exported(em: Emitter, entry: str, count: int, n: int, total: int,
              structure: AdjointSweep | None) -> list[str]:
    """The exported entry point: copy the inputs in, call each chunk, copy the outputs, check."""
    program = em.program
    outs = program.output_refs
    sweep = {"evaluate": "t", "jvp": "t, d", "vjp": "t, p"}[entry]
    primal = [f"    for (long i = 0; i < {n}; i++) t[i] = x[i];"]
    if entry == "jvp":
        primal.append(f"    for (long i = 0; i < {n}; i++) d[i] = x_dot[i];")
    primal += [f"    adkit_p{c}({sweep});" for c in range(count)]
    primal += [f"    y[{j}] = {_ref(ref)};" for j, ref in enumerate(outs)]
    if entry == "evaluate":
        return ["int adkit_evaluate(const double *restrict x, double *restrict y, double *restrict t) {", *primal,
                f"    return !adkit_finite(t, {total}, 0.0);", "}"]
    if entry == "jvp":
        lines = ["int adkit_jvp(const double *restrict x, const double *restrict x_dot, double *restrict y,",
                 "              double *restrict y_dot, double *restrict t, double *restrict d) {", *primal]
        lines += [f"    y_dot[{j}] = {'0.0' if isinstance(ref, Literal) else f'd[{ref}]'};"
                  for j, ref in enumerate(outs)]
        return lines + [f"    return !adkit_finite(t, {total}, {_sum('d', sorted(sinks(em)))});", "}"]
    lines = ["int adkit_vjp(const double *restrict x, const double *restrict y_bar, double *restrict y,",
             "              double *restrict x_bar, double *restrict t, double *restrict b, double *restrict p) {",
             *primal, *_zero("b", [k for k in range(total) if k not in structure.copies])]  # type: ignore[union-attr]
    lines += [f"    b[{ref}] += y_bar[{j}];" for j, ref in enumerate(outs) if not isinstance(ref, Literal)]
    lines += [f"    adkit_r{c}(t, p, b);" for c in reversed(range(count))]
    lines += [f"    for (long i = 0; i < {n}; i++) x_bar[i] = b[i];"]
    others = sorted(k for k in leaves(em) if k >= n)
    return lines + [f"    return !adkit_finite(t, {total}, {_sum('b', others, first=f'adkit_sum(b, {n})')});", "}"]


def _zero(array: str, slots: Sequence[int]) -> list[str]:
    """Set ``slots`` of ``array`` to zero, a loop a run of consecutive slots: the adjoints that are
    copies of another are never read or written, and W2's are six in seven (less memory to clear)."""
    runs: list[list[int]] = []
    for k in slots:
        if runs and runs[-1][1] == k:
            runs[-1][1] = k + 1
        else:
            runs.append([k, k + 1])
    return [f"    {array}[{a}] = 0.0;" if b == a + 1 else f"    for (long i = {a}; i < {b}; i++) {array}[i] = 0.0;"
            for a, b in runs]


def _ref(ref: Ref) -> str:
    return literal(ref.value) if isinstance(ref, Literal) else f"t[{ref}]"


def _tangent(em: Emitter, step: Step) -> str:
    """v̇ = Σᵢ ∂ᵢ·u̇ᵢ over the variable arguments, each term as the interpreter forms it."""
    return tangent_sum(em.partials(step), lambda k: f"d[{k}]", fold_negative=False)


def _sum(array: str, slots: Sequence[int], first: str = "0.0") -> str:
    return " + ".join([first, *(f"{array}[{k}]" for k in slots)])
