"""The trace table in parts: primal trace, tangent sweeps, adjoint sweep(s).

The textbook prints a trace as a primal trace with its tangent or adjoint
trace beside it.  :func:`trace_parts` gives those parts as cells (every
format and every width draws from them): the primal part, the tangent part
(one statement column and one value column per forward sweep) and one
adjoint part per output.  Each part starts with its key column (the step),
so a part can stand alone when a screen is too narrow for all of them.

:class:`Shape` holds the textbook options: fixed ``decimals``, the adjoint rows'
``order`` ("sweep": one per ``+=`` as the sweep runs, Baydin et al.'s Table 3;
"complete": one per adjoint, summed, the notes' Table 3.2), ``arithmetic`` in
the cells, ``plus`` (``a − (−b)`` written ``a + b``) and the ``closing`` rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from adkit.ir.notation import UNICODE, Style, definition, join_terms, number, partial, ref_text, term
from adkit.ir.wengert import Literal
from adkit.messages import message
from adkit.modes.records import TraceRecord
from adkit.present.arithmetic import (Substituted, chained, local_derivative, numbered, numeral, plus_magnitudes,
                                      sweep_event_text, written)
from adkit.present.statements import (adjoint_statement, adjoint_terms, per_output, sweep_label, tangent_statement,
                                      tangent_terms)

ORDERS = ("steps", "sweep", "complete")


@dataclass(frozen=True)
class Shape:
    """How numbers and rows are written: the default table, or the textbook's."""

    digits: int | None = 4  # significant digits; None: full precision
    decimals: int | None = None  # fixed decimal places instead (trailing zeros dropped)
    order: str = "steps"  # "sweep": the adjoint sweep in run order, one row per +=; "complete": see above
    arithmetic: bool = False  # numbers substituted into the statements
    plus: bool = False  # a − (−b) written a + b in the arithmetic
    closing: bool = False  # the closing y = v₅ / ẏ = v̇₅ rows
    full_values: bool = False  # value cells at full precision (CSV), arithmetic as above

    def number(self, value: float) -> str:
        return number(value, self.digits, self.decimals)

    def value(self, value: float) -> str:
        return repr(float(value)) if self.full_values and value == value else self.number(value)


DEFAULT = Shape()
#: Tables 3.1/3.2 as the course notes print them; Baydin et al.'s Tables 2/3 (the sweep's += rows).
TEXTBOOK = Shape(digits=None, decimals=3, order="complete", arithmetic=True, plus=True, closing=True)
BAYDIN = Shape(digits=None, decimals=3, order="sweep", arithmetic=True, plus=True, closing=True)


@dataclass
class Part:
    """Columns of the table that belong together; column 0 is the key (the step)."""

    section: str  # "primal", "tangent" or "adjoint"
    headers: list[str]
    kinds: list[str]  # "math", "name" or "number" per column
    rows: list[list[str]]
    units: list[int] = field(default_factory=list)  # sizes of the column groups after the key
    aligned: bool = True  # rows are the steps, in step order (parts can sit side by side)
    natural: list[int] | None = field(default=None, repr=False)  # natural column widths, once measured (layout)


class _Numbers:
    """The substituted styles of one trace: values, each sweep's tangents and adjoints."""

    def __init__(self, trace: TraceRecord, shape: Shape, style: Style) -> None:
        text = shape.number
        numbers = [r.step.number for r in trace.steps]
        self.values = numbered(dict(zip(numbers, (r.value for r in trace.steps))), text, style)
        self.trace, self.shape, self.style = trace, shape, style

    def substituted(self, tangent: int | None = None, adjoint: int | None = None,
                    adjoints: dict[int, float] | None = None) -> Substituted:
        steps, text, style = self.trace.steps, self.shape.number, self.style
        tangents = {} if tangent is None else numbered({r.step.number: r.tangents[tangent] for r in steps}, text, style)
        bars = adjoints or ({} if adjoint is None else {r.step.number: r.adjoints[adjoint] for r in steps})
        return Substituted(style.kind, self.values, tangents, numbered(bars, text, style))


def primal_part(trace: TraceRecord, shape: Shape, style: Style, key: list[str], nums: _Numbers | None) -> Part:
    steps = trace.program.steps
    rows = []
    for k, record in zip(key, trace.steps):
        step = record.step
        names = "" if step.primitive is None else ", ".join(step.aliases)
        text = definition(step, steps, style)
        if nums is not None and step.primitive is not None:
            text = written(text, definition(step, steps, nums.substituted()), shape.plus)
        rows.append([k, names, text, shape.value(record.value)])
    headers = [message("col.step"), message("col.name"), message("col.definition"), message("col.value")]
    return Part("primal", headers, ["math", "name", "math", "number"], rows, [1, 2])


def tangent_part(trace: TraceRecord, shape: Shape, style: Style, key: list[str], nums: _Numbers | None) -> Part:
    count = len(trace.seeds)
    subs = [nums.substituted(tangent=i) for i in range(count)] if nums is not None else []
    rows = []
    for k, record in zip(key, trace.steps):
        statement = tangent_statement(trace, record, style)
        values = [shape.value(t) for t in record.tangents]
        if subs and record.step.primitive is not None:
            sums = [tangent_terms(trace, record, sub) for sub in subs]
            sums = [plus_magnitudes(s) for s in sums] if shape.plus else sums
            if count == 1:
                statement = written(statement, sums[0])
            else:  # one sum per sweep: written beside each sweep's value
                values = [v if written(v, s) == v else f"{s} = {v}" for s, v in zip(sums, values)]
        rows.append([k, statement, *values])
    headers = [message("col.step"), message("col.tangent_statement")]
    headers += [sweep_label(trace, i, style) for i in range(count)]
    value_kind = "number" if not subs or count == 1 else "math"
    return Part("tangent", headers, ["math", "math"] + [value_kind] * count, rows, [1] * (count + 1))


def adjoint_part(trace: TraceRecord, shape: Shape, style: Style, key: list[str], nums: _Numbers | None,
                 sweep: int) -> Part:
    sub = nums.substituted(adjoint=sweep) if nums is not None else None
    rows = []
    for k, record in zip(key, trace.steps):
        statement = adjoint_statement(trace, record, style, sweep)
        if sub is not None:
            seed_text = numeral(trace.adjoint_seed(sweep), shape.number, style)
            statement = written(statement, adjoint_terms(trace, record, sub, sweep, seed_text), shape.plus)
        rows.append([k, statement, shape.value(record.adjoints[sweep])])
    return _adjoint(trace, sweep, rows, aligned=True)


def _adjoint(trace: TraceRecord, sweep: int, rows: list[list[str]], aligned: bool) -> Part:
    headers = [message("col.step"), per_output(trace, message("col.adjoint_statement"), sweep),
               per_output(trace, message("col.adjoint"), sweep)]
    return Part("adjoint", headers, ["math", "math", "number"], rows, [2], aligned=aligned)


def sweep_part(trace: TraceRecord, shape: Shape, style: Style, nums: _Numbers | None, sweep: int) -> Part:
    """The adjoint sweep as it runs: the seed, one row per ``+=``, then the x̄ rows."""
    program, steps = trace.program, trace.program.steps
    out_ref = program.output_refs[sweep]
    seed = trace.adjoint_seed(sweep)
    rows = []
    if not isinstance(out_ref, Literal):
        number_ = steps[out_ref].number
        rows.append([style.var(number_), f"{style.bar(number_)} = {style.mark(program.outputs[sweep], 'bar')}",
                     shape.value(seed)])
    running: dict[int, float] = {}
    seen: set[int] = set()
    for event in trace.reverse_sweep(sweep):
        source, target = steps[event.source], steps[event.target]
        bar_t, bar_s = style.bar(target.number), style.bar(source.number)
        partial_text = partial(source, event.position, steps, style)
        name = local_derivative(style.var(source.number), style.var(target.number), style)
        first = target.index not in seen and target.index != out_ref
        text = sweep_event_text(bar_t, bar_s, name, partial_text, first, style)
        if nums is not None:
            sub = nums.substituted(adjoints={source.number: trace.steps[source.index].adjoints[sweep]})
            amount = term(sub.bar(source.number), partial(source, event.position, steps, sub), sub)
            before = running.get(target.index, seed if target.index == out_ref else 0.0)
            lead = numeral(before, shape.number, style)  # leading, a negative needs no parentheses
            pieces = [amount] if first else [lead[1:-1] if lead.startswith("(") else lead, amount]
            text = written(text, join_terms(pieces, style), shape.plus)
        seen.add(target.index)
        running[target.index] = event.adjoint
        rows.append([style.var(target.number), text, shape.value(event.adjoint)])
    return _unaligned(trace, shape, style, sweep, rows)


def complete_part(trace: TraceRecord, shape: Shape, style: Style, nums: _Numbers | None, sweep: int) -> Part:
    """One row per adjoint, its ``+=`` terms summed, in the order the sweep completes them; then the x̄ rows.

    Every row uses only adjoints of the rows above it, as Table 3.2 of the notes does.
    """
    program, steps = trace.program, trace.program.steps
    out_ref = program.output_refs[sweep]
    done = {} if isinstance(out_ref, Literal) else {out_ref: -1}  # step → its last += (the seed: before all)
    done.update((e.target, i) for i, e in enumerate(trace.reverse_sweep(sweep)))
    seed = style.mark(program.outputs[sweep], "bar")
    sub = nums.substituted(adjoint=sweep) if nums is not None else None
    rows = []
    for index in sorted(done, key=done.__getitem__):
        record = trace.steps[index]
        number_ = record.step.number
        general = [seed] if index == out_ref else []
        general += [chained(style.bar(steps[c.source].number), local_derivative(
            style.var(steps[c.source].number), style.var(number_), style), style)
            for c in record.output_contributions[sweep]]
        general_text, particular = join_terms(general, style), adjoint_terms(trace, record, style, sweep, seed)
        text = f"{style.bar(number_)} = {general_text}" + ("" if particular == general_text else f" = {particular}")
        if sub is not None:
            seed_text = numeral(trace.adjoint_seed(sweep), shape.number, style)
            text = written(text, adjoint_terms(trace, record, sub, sweep, seed_text), shape.plus)
        rows.append([style.var(number_), text, shape.value(record.adjoints[sweep])])
    return _unaligned(trace, shape, style, sweep, rows)


def _unaligned(trace: TraceRecord, shape: Shape, style: Style, sweep: int, rows: list[list[str]]) -> Part:
    """An adjoint part in its own row order, closed by the x̄ rows (the last input first, as the sweep ends)."""
    for k, name in reversed(list(enumerate(trace.program.inputs))):
        record = trace.steps[k]
        rows.append([style.var(record.step.number), f"{style.mark(name, 'bar')} = {style.bar(record.step.number)}",
                     shape.value(record.adjoints[sweep])])
    return _adjoint(trace, sweep, rows, aligned=False)


def closing_rows(trace: TraceRecord, parts: Sequence[Part], shape: Shape, style: Style) -> None:
    """Append the textbook's ``y = v₅ = 11.652`` / ``ẏ = v̇₅ = 5.5`` rows to the aligned parts."""
    program, steps = trace.program, trace.program.steps
    for name, ref in zip(program.outputs, program.output_refs):
        record = None if isinstance(ref, Literal) else trace.steps[ref]
        for part in parts:
            if not part.aligned:
                continue
            if part.section == "primal":
                value = record.value if record is not None else ref.value  # type: ignore[union-attr]
                part.rows.append([style.name(name), "", ref_text(ref, steps, style), shape.value(value)])
            elif part.section == "tangent":
                dot = style.mark(name, "dot")
                rhs = style.dot(steps[ref].number) if record is not None else "0"  # type: ignore[index]
                tangents = record.tangents if record is not None else (0.0,) * len(trace.seeds)
                part.rows.append([style.name(name), f"{dot} = {rhs}", *(shape.value(t) for t in tangents)])
            else:
                part.rows.append([style.name(name)] + [""] * (len(part.headers) - 1))


def trace_parts(trace: TraceRecord, shape: Shape = DEFAULT, style: Style = UNICODE) -> list[Part]:
    """The parts of ``trace``'s table in ``shape``: primal, tangent (if any), adjoint per output."""
    key = [style.var(record.step.number) for record in trace.steps]
    nums = _Numbers(trace, shape, style) if shape.arithmetic else None
    parts = [primal_part(trace, shape, style, key, nums)]
    if trace.seeds:
        parts.append(tangent_part(trace, shape, style, key, nums))
    if trace.mode != "forward":
        for j in range(len(trace.program.outputs)):
            if shape.order == "steps":
                parts.append(adjoint_part(trace, shape, style, key, nums, j))
            else:
                parts.append((sweep_part if shape.order == "sweep" else complete_part)(trace, shape, style, nums, j))
    if shape.closing:
        closing_rows(trace, parts, shape, style)
    return parts


def merged(parts: Sequence[Part]) -> list[Part]:
    """Aligned parts side by side as one part (the key once), then each part with its own rows."""
    aligned = [p for p in parts if p.aligned]
    first = aligned[0]
    whole = Part(first.section, list(first.headers), list(first.kinds), [list(r) for r in first.rows],
                 list(first.units))
    for part in aligned[1:]:
        whole.headers += part.headers[1:]
        whole.kinds += part.kinds[1:]
        whole.units += part.units
        for row, more in zip(whole.rows, part.rows):
            row.extend(more[1:])
    return [whole] + [p for p in parts if not p.aligned]
