"""Traces → tables and JSON.  Formats only: every number comes from the records.

:func:`columns` and :func:`rows` give the textbook layout once (step, name,
definition, value, tangent statement and one value per forward sweep, adjoint
statement and value); the rich table and the other formats are views of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from adkit.messages import message
from adkit.ir.notation import ASCII, UNICODE, Style, definition, join_terms, number, partial, ref_text, term
from adkit.ir.wengert import Literal
from adkit.modes.records import StepRecord, TraceRecord

if TYPE_CHECKING:
    from rich.table import Table



def sweep_label(trace: TraceRecord, index: int, style: Style) -> str:
    """Header of a forward sweep's column: ``v̇ = ∂v/∂x1`` or its seed direction."""
    seed = trace.seeds[index]
    dot = {"ascii": "vdot", "latex": "\\dot{v}"}.get(style.kind, "v\u0307")
    units = [name for name, v in seed.items() if v == 1.0]
    if len(units) == 1 and all(v == 0.0 for name, v in seed.items() if name != units[0]):
        return style.finish(f"{dot} = {style.derivative('v', units[0])}")
    direction = ", ".join(f"{style.mark(n, 'dot')}={number(v)}" for n, v in seed.items())
    return style.finish(f"{dot} ({direction})")


def _per_output(trace: TraceRecord, label: str, j: int) -> str:
    outputs = trace.program.outputs
    return label if len(outputs) == 1 else f"{label} ({outputs[j]})"


def columns(trace: TraceRecord, style: Style = UNICODE) -> list[str]:
    cols = [message("col.step"), message("col.name"), message("col.definition"), message("col.value")]
    if trace.seeds:
        cols.append(message("col.tangent_statement"))
        cols.extend(sweep_label(trace, i, style) for i in range(len(trace.seeds)))
    if trace.mode != "forward":
        for j in range(len(trace.program.outputs)):
            cols += [_per_output(trace, message("col.adjoint_statement"), j),
                     _per_output(trace, message("col.adjoint"), j)]
    return cols


def column_kinds(trace: TraceRecord) -> list[str]:
    """What each column holds: "math" (step names, definitions, statements),
    "name" (user names) or "number" (values, right-aligned)."""
    kinds = ["math", "name", "math", "number"]
    if trace.seeds:
        kinds += ["math"] + ["number"] * len(trace.seeds)
    if trace.mode != "forward":
        kinds += ["math", "number"] * len(trace.program.outputs)
    return kinds


def tangent_statement(trace: TraceRecord, record: StepRecord, style: Style = UNICODE) -> str:
    step, steps = record.step, trace.program.steps
    lhs = style.dot(step.number)
    if step.primitive is None:
        return f"{lhs} = {style.mark(step.alias or step.name, 'dot')}"
    terms = [term(style.dot(steps[arg].number), partial(step, pos, steps, style), style)
             for pos, arg in enumerate(step.args) if not isinstance(arg, Literal)]
    return f"{lhs} = {join_terms(terms, style)}"


def adjoint_statement(trace: TraceRecord, record: StepRecord, style: Style = UNICODE, sweep: int = 0) -> str:
    """``v̄₀ = v̄₃·cos v₀ + v̄₂·v₋₁``: every ``+=`` of reverse sweep ``sweep``."""
    step, program = record.step, trace.program
    steps = program.steps
    terms = []
    if step.index == program.output_refs[sweep]:
        terms.append(style.mark(program.outputs[sweep], "bar"))  # the seed ȳ = 1
    terms += [term(style.bar(steps[c.source].number), partial(steps[c.source], c.position, steps, style), style)
              for c in record.output_contributions[sweep]]
    return f"{style.bar(step.number)} = {join_terms(terms, style)}"


def rows(trace: TraceRecord, digits: int | None = 4, style: Style = UNICODE) -> list[list[str]]:
    """One row of cells per step; ``digits=None`` writes numbers at full precision."""
    out = []
    steps = trace.program.steps
    for record in trace.steps:
        step = record.step
        names = "" if step.primitive is None else ", ".join(step.aliases)
        row = [style.var(step.number), names, definition(step, steps, style), number(record.value, digits)]
        if trace.seeds:
            row.append(tangent_statement(trace, record, style))
            row.extend(number(t, digits) for t in record.tangents)
        for j, adjoint in enumerate(record.adjoints):
            row += [adjoint_statement(trace, record, style, j), number(adjoint, digits)]
        out.append(row)
    return out


def _values(value: float | dict[str, float]) -> list[float]:
    return list(value.values()) if isinstance(value, dict) else [value]


def summary_lines(trace: TraceRecord, digits: int = 4, style: Style = UNICODE) -> list[tuple[str, str]]:
    """The lines under the table as ``(kind, text)``, kind "math" or "text":
    outputs, gradient or tangent, Jacobian rows, sweep counts, warnings."""
    program, steps = trace.program, trace.program.steps
    math = [f"{style.name(name)} = {ref_text(ref, steps, style)} = {number(value, digits)}"
            for name, ref, value in zip(program.outputs, program.output_refs, _values(trace.value))]
    if trace.tangent is not None:
        math += [f"{style.mark(name, 'dot')} = {number(value, digits)}"
                 for name, value in zip(program.outputs, _values(trace.tangent))]
    if trace.gradient is not None:
        parts = []
        for i, (name, value) in enumerate(trace.gradient.items()):
            symbol = (style.bar(steps[i].number) if trace.mode != "forward"
                      else style.derivative(program.outputs[0], name))
            parts.append(f"{style.mark(name, 'bar')} = {symbol} = {number(value, digits)}")
        math.append("; ".join(parts))
    for out, row in (trace.jacobian or {}).items():
        math.append("; ".join(f"{style.derivative(out, name)} = {number(v, digits)}" for name, v in row.items()))
    text = []
    n, m = len(program.inputs), len(program.outputs)
    if trace.mode in ("forward", "both"):
        key = "summary.forward_all" if trace.tangent is None else "summary.forward_one"
        text.append(message(key, sweeps=len(trace.seeds), inputs=n))
    if trace.mode in ("reverse", "both"):
        seed = (ASCII if style.kind == "ascii" else UNICODE).mark(program.outputs[0], "bar")
        text.append(message("summary.reverse", inputs=n, seed=seed) if m == 1
                    else message("summary.reverse_many", outputs=m))
    text += [message("cli.warning") + ": " + w for w in trace.warnings]
    lines = [("math", style.finish(line)) for line in math]
    return lines + [("text", ASCII.finish(line) if style.kind == "ascii" else line) for line in text]


def summary(trace: TraceRecord, digits: int = 4, style: Style = UNICODE) -> list[str]:
    return [text for _, text in summary_lines(trace, digits, style)]


def title(trace: TraceRecord) -> str:
    program = trace.program
    text = " ".join((program.text or message("title.callable")).split())
    point = ", ".join(f"{k} = {number(v, 6)}" for k, v in trace.point.items())
    return message("title.trace", expression=text, point=point, mode=message(f"mode.{trace.mode}"))


def trace_table(trace: TraceRecord, digits: int = 4, ascii: bool = False) -> "Table":
    from rich import box
    from rich.table import Table
    from rich.text import Text

    style = ASCII if ascii else UNICODE
    table = Table(title=Text(style.finish(title(trace))), box=box.ASCII if ascii else box.SIMPLE_HEAVY,
                  caption=Text("\n".join(summary(trace, digits, style))), caption_justify="left")
    for name, kind in zip(columns(trace, style), column_kinds(trace)):
        table.add_column(name, justify="right" if kind == "number" else "left", no_wrap=kind == "number")
    for row in rows(trace, digits, style):
        table.add_row(*(Text(cell) for cell in row))
    return table


def _step_args(trace: TraceRecord, record: StepRecord) -> list[Any]:
    steps = trace.program.steps
    return [arg.value if isinstance(arg, Literal) else steps[arg].name for arg in record.step.args]


def trace_dict(trace: TraceRecord) -> dict[str, Any]:
    """The JSON contract: value, gradient, tangent/seed, sweeps and the steps.

    With several outputs, ``value``, ``tangent`` and each step's ``adjoint``
    are objects keyed by output name, and ``jacobian`` replaces ``gradient``.
    """
    program = trace.program
    directional = trace.tangent is not None
    single = len(program.outputs) == 1
    steps = []
    for record in trace.steps:
        step = record.step
        entry: dict[str, Any] = {
            "name": step.name,
            "alias": step.alias,
            "op": step.op,
            "args": _step_args(trace, record),
            "value": record.value,
            "definition": definition(step, program.steps),
        }
        if trace.seeds:
            entry["tangent"] = (record.tangents[0] if directional
                                else dict(zip(program.inputs, record.tangents)))
            entry["tangent_statement"] = tangent_statement(trace, record)
        if trace.mode != "forward":
            statements = [adjoint_statement(trace, record, sweep=j) for j in range(len(program.outputs))]
            entry["adjoint"] = record.adjoints[0] if single else dict(zip(program.outputs, record.adjoints))
            entry["adjoint_statement"] = statements[0] if single else dict(zip(program.outputs, statements))
        steps.append(entry)
    result: dict[str, Any] = {
        "expression": program.text,
        "mode": trace.mode,
        "inputs": list(program.inputs),
        "outputs": list(program.outputs),
        "at": trace.point,
        "output": program.outputs[0],
        "value": trace.value,
    }
    if trace.gradient is not None:
        result["gradient"] = trace.gradient
    if trace.jacobian is not None:
        result["jacobian"] = trace.jacobian
    if directional:
        result["tangent"] = trace.tangent
        result["seed"] = trace.seeds[0]
    result["sweeps"] = trace.sweeps
    result["steps"] = steps
    result["warnings"] = list(trace.warnings)
    return result
