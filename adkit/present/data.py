"""Traces → the JSON contract (``adkit trace --format json``, ``Trace.to_dict``).

Every number at full double precision, straight from the records: per step
its operation, value, tangents and adjoints with their statements, and the
adjoint sweep's ``+=`` events in the order they ran (``reverse_sweep``).
"""

from __future__ import annotations

from typing import Any

from adkit.ir.notation import definition
from adkit.ir.wengert import Literal
from adkit.modes.records import StepRecord, TraceRecord
from adkit.present.parts import Shape, adjoint_statement, merged, tangent_statement, trace_parts


def _step_args(trace: TraceRecord, record: StepRecord) -> list[Any]:
    steps = trace.program.steps
    return [arg.value if isinstance(arg, Literal) else steps[arg].name for arg in record.step.args]


def reverse_sweep(trace: TraceRecord, sweep: int = 0) -> list[dict[str, Any]]:
    """The ``+=`` events of one adjoint sweep in run order, steps by name."""
    steps = trace.program.steps
    return [{"source": steps[e.source].name, "target": steps[e.target].name, "partial": e.partial,
             "contribution": e.contribution, "adjoint": e.adjoint} for e in trace.reverse_sweep(sweep)]


def trace_dict(trace: TraceRecord, shape: Shape | None = None) -> dict[str, Any]:
    """The JSON contract: value, gradient, tangent/seed, sweeps, the steps and the reverse sweep.

    With several outputs, ``value``, ``tangent``, each step's ``adjoint``,
    ``reverse_sweep`` and ``adjoint_seed`` are objects keyed by output name,
    and ``jacobian`` replaces ``gradient``.  A ``shape`` other than the
    default adds ``tables``: the cells of each table as shown (the textbook
    layout, arithmetic included).
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
    if trace.mode != "forward":
        sweeps = [reverse_sweep(trace, j) for j in range(len(program.outputs))]
        result["reverse_sweep"] = sweeps[0] if single else dict(zip(program.outputs, sweeps))
        seeds = [trace.adjoint_seed(j) for j in range(len(program.outputs))]
        if any(s != 1.0 for s in seeds):
            result["adjoint_seed"] = seeds[0] if single else dict(zip(program.outputs, seeds))
    if shape is not None and shape != Shape(digits=shape.digits):
        result["tables"] = [{"columns": block.headers, "rows": block.rows}
                            for block in merged(trace_parts(trace, shape))]
    result["warnings"] = list(trace.warnings)
    return result


def dumps(data: Any, **options: Any) -> str:
    """``json.dumps`` for every JSON adkit writes: strict, so NaN or Infinity raise instead of printing."""
    import json  # start-up: only JSON output needs it

    return json.dumps(data, allow_nan=False, **options)


def script_json(data: Any) -> str:
    """Strict JSON safe inside an HTML ``<script>`` element: ``<``, ``>``, ``&`` as \\u escapes."""
    text = dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
