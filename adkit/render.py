"""Traces → tables and JSON.  Formats only: every number comes from the records.

:func:`columns` and :func:`rows` give the textbook layout once (step, name,
definition, value, tangent statement and one value per forward sweep, adjoint
statement and value); the rich table and the other formats are views of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from adkit.messages import message
from adkit.notation import ASCII, UNICODE, Style, definition, join_terms, number, partial, ref_text, term
from adkit.wengert import Literal

if TYPE_CHECKING:
    from rich.table import Table

    from adkit.trace import StepRecord, Trace


def dotted(name: str, style: Style, mark: str) -> str:
    """An input name with a dot or bar: ``ẋ1``, ``x̄1`` (``xdot1`` in ASCII)."""
    if style.kind == "ascii":
        return f"{name}{'dot' if mark == 'dot' else 'bar'}"
    if style.kind == "latex":
        return f"\\{mark}{{{name}}}"
    return name[0] + ("\u0307" if mark == "dot" else "\u0304") + name[1:]


def sweep_label(trace: "Trace", index: int, style: Style) -> str:
    """Header of a forward sweep's column: ``v̇ = ∂v/∂x1`` or its seed."""
    seed = trace.seeds[index]
    dot = "vdot" if style.kind == "ascii" else "v\u0307"
    units = [name for name, v in seed.items() if v == 1.0]
    if len(units) == 1 and all(v == 0.0 for name, v in seed.items() if name != units[0]):
        return style.finish(f"{dot} = ∂v/∂{units[0]}")
    direction = ", ".join(f"{dotted(n, style, 'dot')}={number(v)}" for n, v in seed.items())
    return style.finish(f"{dot} ({direction})")


def _per_output(trace: "Trace", label: str, j: int) -> str:
    outputs = trace.program.outputs
    return label if len(outputs) == 1 else f"{label} ({outputs[j]})"


def columns(trace: "Trace", style: Style = UNICODE) -> list[str]:
    cols = [message("col.step"), message("col.name"), message("col.definition"), message("col.value")]
    if trace.seeds:
        cols.append(message("col.tangent_statement"))
        cols.extend(sweep_label(trace, i, style) for i in range(len(trace.seeds)))
    if trace.mode != "forward":
        for j in range(len(trace.program.outputs)):
            cols += [_per_output(trace, message("col.adjoint_statement"), j),
                     _per_output(trace, message("col.adjoint"), j)]
    return cols


def numeric_columns(trace: "Trace") -> list[bool]:
    """Which columns hold numbers (right-aligned): value, tangent values, adjoints."""
    flags = [False, False, False, True]
    if trace.seeds:
        flags += [False] + [True] * len(trace.seeds)
    if trace.mode != "forward":
        flags += [False, True] * len(trace.program.outputs)
    return flags


def tangent_statement(trace: "Trace", record: "StepRecord", style: Style = UNICODE) -> str:
    step, steps = record.step, trace.program.steps
    lhs = style.dot(step.number)
    if step.primitive is None:
        return f"{lhs} = {dotted(step.alias or step.name, style, 'dot')}"
    terms = [term(style.dot(steps[arg].number), partial(step, pos, steps, style), style)
             for pos, arg in enumerate(step.args) if not isinstance(arg, Literal)]
    return f"{lhs} = {join_terms(terms, style)}"


def adjoint_statement(trace: "Trace", record: "StepRecord", style: Style = UNICODE, sweep: int = 0) -> str:
    """``v̄₀ = v̄₃·cos v₀ + v̄₂·v₋₁``: every ``+=`` of reverse sweep ``sweep``."""
    step, program = record.step, trace.program
    steps = program.steps
    terms = []
    if step.index == program.output_refs[sweep]:
        terms.append(dotted(program.outputs[sweep], style, "bar"))  # the seed ȳ = 1
    terms += [term(style.bar(steps[c.source].number), partial(steps[c.source], c.position, steps, style), style)
              for c in record.output_contributions[sweep]]
    return f"{style.bar(step.number)} = {join_terms(terms, style)}"


def rows(trace: "Trace", digits: int = 4, style: Style = UNICODE) -> list[list[str]]:
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


def _values(value: float | dict[str, float], names: tuple[str, ...]) -> list[float]:
    return list(value.values()) if isinstance(value, dict) else [value]


def summary(trace: "Trace", digits: int = 4, style: Style = UNICODE) -> list[str]:
    """The lines under the table: outputs, gradient or tangent, and the sweep count."""
    program, steps = trace.program, trace.program.steps
    lines = [f"{name} = {ref_text(ref, steps, style)} = {number(value, digits)}"
             for name, ref, value in zip(program.outputs, program.output_refs, _values(trace.value, program.outputs))]
    if trace.tangent is not None:
        for name, value in zip(program.outputs, _values(trace.tangent, program.outputs)):
            lines.append(f"{dotted(name, style, 'dot')} = {number(value, digits)}")
    if trace.gradient is not None:
        parts = []
        for i, (name, value) in enumerate(trace.gradient.items()):
            symbol = style.bar(steps[i].number) if trace.mode != "forward" else f"∂{program.outputs[0]}/∂{name}"
            parts.append(f"{dotted(name, style, 'bar')} = {symbol} = {number(value, digits)}")
        lines.append("; ".join(parts))
    for out, row in (trace.jacobian or {}).items():
        lines.append("; ".join(f"∂{out}/∂{name} = {number(v, digits)}" for name, v in row.items()))
    n, m = len(program.inputs), len(program.outputs)
    if trace.mode in ("forward", "both"):
        key = "summary.forward_all" if trace.tangent is None else "summary.forward_one"
        lines.append(message(key, sweeps=len(trace.seeds), inputs=n))
    if trace.mode in ("reverse", "both"):
        seed = dotted(program.outputs[0], style, "bar")
        lines.append(message("summary.reverse", inputs=n, seed=seed) if m == 1
                     else message("summary.reverse_many", outputs=m))
    lines.extend(message("cli.warning") + ": " + w for w in trace.warnings)
    return [style.finish(line) for line in lines]


def title(trace: "Trace") -> str:
    program = trace.program
    text = " ".join((program.text or message("title.callable")).split())
    point = ", ".join(f"{k} = {number(v, 6)}" for k, v in trace.point.items())
    return message("title.trace", expression=text, point=point, mode=message(f"mode.{trace.mode}"))


def trace_table(trace: "Trace", digits: int = 4, ascii: bool = False) -> "Table":
    from rich import box
    from rich.table import Table
    from rich.text import Text

    style = ASCII if ascii else UNICODE
    table = Table(title=Text(style.finish(title(trace))), box=box.ASCII if ascii else box.SIMPLE_HEAVY,
                  caption=Text("\n".join(summary(trace, digits, style))), caption_justify="left")
    for name, is_number in zip(columns(trace, style), numeric_columns(trace)):
        table.add_column(name, justify="right" if is_number else "left", no_wrap=is_number)
    for row in rows(trace, digits, style):
        table.add_row(*(Text(cell) for cell in row))
    return table


def _step_args(trace: "Trace", record: "StepRecord") -> list[Any]:
    steps = trace.program.steps
    return [arg.value if isinstance(arg, Literal) else steps[arg].name for arg in record.step.args]


def trace_dict(trace: "Trace") -> dict[str, Any]:
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
