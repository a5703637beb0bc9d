"""A row's statements and a forward sweep's column header, in the table's notation.

``v̇₂ = v̇₋₁·v₀ + v̇₀·v₋₁`` and ``v̄₀ = v̄₃·cos v₀ + v̄₂·v₋₁`` are written from the
registry's partials (:mod:`adkit.ir.notation`) and the records' contributions:
the table, its JSON and the graph read them from here.
"""

from __future__ import annotations

from adkit.ir.notation import UNICODE, Style, join_terms, number, partial, term
from adkit.ir.wengert import Literal
from adkit.modes.records import StepRecord, TraceRecord


def sweep_label(trace: TraceRecord, index: int, style: Style) -> str:
    """Header of a forward sweep's column: ``v̇ = ∂v/∂x1`` or its seed direction."""
    seed = trace.seeds[index]
    dot = {"ascii": "vdot", "latex": "\\dot{v}"}.get(style.kind, "v\u0307")
    units = [name for name, v in seed.items() if v == 1.0]
    if len(units) == 1 and all(v == 0.0 for name, v in seed.items() if name != units[0]):
        return style.finish(f"{dot} = {style.derivative('v', units[0])}")
    direction = ", ".join(f"{style.mark(n, 'dot')}={number(v)}" for n, v in seed.items())
    return style.finish(f"{dot} ({direction})")


def per_output(trace: TraceRecord, label: str, j: int) -> str:
    outputs = trace.program.outputs
    return label if len(outputs) == 1 else f"{label} ({outputs[j]})"


def tangent_statement(trace: TraceRecord, record: StepRecord, style: Style = UNICODE) -> str:
    step = record.step
    lhs = style.dot(step.number)
    if step.primitive is None:
        return f"{lhs} = {style.mark(step.alias or step.name, 'dot')}"
    return f"{lhs} = {tangent_terms(trace, record, style)}"


def tangent_terms(trace: TraceRecord, record: StepRecord, style: Style) -> str:
    step, steps = record.step, trace.program.steps
    terms = [term(style.dot(steps[arg].number), partial(step, pos, steps, style), style)
             for pos, arg in enumerate(step.args) if not isinstance(arg, Literal)]
    return join_terms(terms, style)


def adjoint_terms(trace: TraceRecord, record: StepRecord, style: Style, sweep: int, seed: str) -> str:
    step, program = record.step, trace.program
    steps = program.steps
    terms = [seed] if step.index == program.output_refs[sweep] else []
    terms += [term(style.bar(steps[c.source].number), partial(steps[c.source], c.position, steps, style), style)
              for c in record.output_contributions[sweep]]
    return join_terms(terms, style)


def adjoint_statement(trace: TraceRecord, record: StepRecord, style: Style = UNICODE, sweep: int = 0) -> str:
    """``v̄₀ = v̄₃·cos v₀ + v̄₂·v₋₁``: every ``+=`` of reverse sweep ``sweep``."""
    seed = style.mark(trace.program.outputs[sweep], "bar")  # the seed ȳ
    return f"{style.bar(record.step.number)} = {adjoint_terms(trace, record, style, sweep, seed)}"
