"""Traces → tables and JSON.  Formats only: every number comes from the records.

:func:`columns` and :func:`rows` give the textbook layout once (step, name,
definition, value, tangent statement and one value per forward sweep, adjoint
statement and value); the rich table and the other formats are views of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import replace

from adkit.ir.notation import ASCII, UNICODE, Style, number, ref_text
from adkit.messages import counted, message
from adkit.modes.records import TraceRecord
from adkit.present.parts import (DEFAULT, Shape, merged, trace_parts)

if TYPE_CHECKING:
    from rich.table import Table



def columns(trace: TraceRecord, style: Style = UNICODE) -> list[str]:
    """Headers of the one-table layout (steps order): primal, tangent, adjoint columns."""
    return merged(trace_parts(_headers_only(trace), DEFAULT, style))[0].headers


def column_kinds(trace: TraceRecord) -> list[str]:
    """What each column holds: "math" (step names, definitions, statements),
    "name" (user names) or "number" (values, right-aligned)."""
    return merged(trace_parts(_headers_only(trace), DEFAULT, UNICODE))[0].kinds


def _headers_only(trace: TraceRecord) -> TraceRecord:
    """``trace`` without its step records: enough for the headers, at no cost per step."""
    return replace(trace, steps=())


def rows(trace: TraceRecord, digits: int | None = 4, style: Style = UNICODE,
         decimals: int | None = None) -> list[list[str]]:
    """One row of cells per step; ``digits=None`` writes numbers at full precision, ``decimals``
    rounds them to that many decimal places instead."""
    return merged(trace_parts(trace, Shape(digits=digits, decimals=decimals), style))[0].rows


def _values(value: float | dict[str, float]) -> list[float]:
    return list(value.values()) if isinstance(value, dict) else [value]


def summary_lines(trace: TraceRecord, digits: int = 4, style: Style = UNICODE,
                  shape: Shape | None = None, warnings: bool = False) -> list[tuple[str, str]]:
    """The lines under the table as ``(kind, text)``, kind "math" or "text":
    outputs, gradient or tangent, Jacobian rows, sweep counts, and in a
    document (``warnings``) the kink warnings, which a terminal gets on stderr."""
    program, steps = trace.program, trace.program.steps
    num = shape.number if shape is not None else (lambda v: number(v, digits))
    math = [f"{style.name(name)} = {ref_text(ref, steps, style)} = {num(value)}"
            for name, ref, value in zip(program.outputs, program.output_refs, _values(trace.value))]
    if trace.tangent is not None:
        math += [f"{style.mark(name, 'dot')} = {num(value)}"
                 for name, value in zip(program.outputs, _values(trace.tangent))]
    if trace.gradient is not None:
        parts = []
        for i, (name, value) in enumerate(trace.gradient.items()):
            if trace.mode == "forward":  # the output's tangent of the sweep seeded on this input
                parts.append(f"{style.mark(program.outputs[0], 'dot')} ({style.mark(name, 'dot')} = 1) = "
                             f"{style.derivative(program.outputs[0], name)} = {num(value)}")
            else:
                parts.append(f"{style.mark(name, 'bar')} = {style.bar(steps[i].number)} = {num(value)}")
        math.append("; ".join(parts))
    for out, row in (trace.jacobian or {}).items():
        math.append("; ".join(f"{style.derivative(out, name)} = {num(v)}" for name, v in row.items()))
    text = [] if trace.mode == "reverse" else [_forward_line(trace)]
    if trace.mode != "forward":
        text.append(_reverse_line(trace, ASCII if style.kind == "ascii" else UNICODE))
    text += [message("cli.warning") + ": " + w for w in trace.warnings if warnings]
    lines = [("math", style.finish(line)) for line in math]
    return lines + [("text", ASCII.finish(line) if style.kind == "ascii" else line) for line in text]


def _forward_line(trace: TraceRecord) -> str:
    if trace.tangent is not None:
        return message("summary.forward_one")
    return counted("summary.forward_sweeps", len(trace.seeds), sweeps=len(trace.seeds))


def _reverse_line(trace: TraceRecord, style: Style) -> str:
    program = trace.program
    n, m = len(program.inputs), len(program.outputs)
    bars = [style.mark(name, "bar") for name in program.outputs]
    seeds = [trace.adjoint_seed(j) for j in range(m)]
    if all(s == 1.0 for s in seeds):
        return (counted("summary.reverse_one", n, seed=bars[0], inputs=n) if m == 1
                else message("summary.reverse_many", outputs=m))
    if m == 1:
        return message("summary.reverse_seeded", seed=bars[0], value=number(seeds[0], 6))
    given = ", ".join(f"{bar} = {number(s, 6)}" for bar, s in zip(bars, seeds))
    return message("summary.reverse_seeded_many", outputs=m, seeds=given)


def summary(trace: TraceRecord, digits: int = 4, style: Style = UNICODE, shape: Shape | None = None) -> list[str]:
    return [text for _, text in summary_lines(trace, digits, style, shape)]


def title(trace: TraceRecord) -> str:
    program = trace.program
    text = " ".join((program.text or message("title.callable")).split())
    point = ", ".join(f"{k} = {number(v, 6)}" for k, v in trace.point.items())
    return message("title.trace", expression=text, point=point or None, mode=message(f"mode.{trace.mode}"))


def trace_table(trace: TraceRecord, digits: int = 4, ascii: bool = False, shape: Shape | None = None) -> "Table":
    """The rich table (for rich consoles and notebooks); each part with its own rows follows as a nested table."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    style = ASCII if ascii else UNICODE
    shape = shape or Shape(digits=digits)
    blocks = merged(trace_parts(trace, shape, style))
    outer = Table(title=Text(style.finish(title(trace))), box=box.ASCII if ascii else box.SIMPLE_HEAVY,
                  caption=Text("\n".join(summary(trace, digits, style, shape))), caption_justify="left",
                  show_header=len(blocks) == 1)
    tables = []
    for block in blocks:
        table = outer if len(blocks) == 1 else Table(box=box.ASCII if ascii else box.SIMPLE_HEAVY)
        for name, kind in zip(block.headers, block.kinds):
            table.add_column(name, justify="right" if kind == "number" else "left", no_wrap=kind == "number",
                             min_width=max(len(w) for w in name.split(" ")))
        for row in block.rows:
            table.add_row(*(Text(cell) for cell in row))
        tables.append(table)
    if len(blocks) > 1:
        outer.add_column("")
        outer.add_row(Group(*tables))
    return outer
