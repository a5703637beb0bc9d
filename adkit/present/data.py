"""Traces → the JSON contract (``adkit trace --format json``, ``Trace.to_dict``).

Every number at full double precision, straight from the records: per step
its operation, value, tangents and adjoints with their statements, and the
adjoint sweep's ``+=`` events in the order they ran (``reverse_sweep``).
"""

from __future__ import annotations

from functools import partial
from typing import Any, Callable, Iterator, TextIO

from adkit.ir.notation import definition
from adkit.ir.wengert import Literal
from adkit.modes.records import StepRecord, TraceRecord
from adkit.present.parts import Shape, merged, trace_parts
from adkit.present.statements import adjoint_statement, tangent_statement


def _step_args(trace: TraceRecord, record: StepRecord) -> list[Any]:
    steps = trace.program.steps
    return [arg.value if isinstance(arg, Literal) else steps[arg].name for arg in record.step.args]


def reverse_sweep(trace: TraceRecord, sweep: int = 0) -> list[dict[str, Any]]:
    """The ``+=`` events of one adjoint sweep in run order, steps by name."""
    return list(_sweep_entries(trace, sweep))


def _sweep_entries(trace: TraceRecord, sweep: int) -> Iterator[dict[str, Any]]:
    steps = trace.program.steps
    for e in trace.sweep_events(sweep):
        yield {"source": steps[e.source].name, "target": steps[e.target].name, "partial": e.partial,
               "contribution": e.contribution, "adjoint": e.adjoint}


def _step_entries(trace: TraceRecord) -> Iterator[dict[str, Any]]:
    program = trace.program
    directional = trace.tangent is not None
    single = len(program.outputs) == 1
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
        yield entry


class _Streamed(list):
    """A list the JSON encoder writes without holding it: the items are made as the encoder iterates.

    json's encoder (the pure-Python one, as with ``indent``) only asks a list
    for its truth value and its iteration.
    """

    def __init__(self, count: int, items: Callable[[], Iterator[Any]]) -> None:
        super().__init__()
        self._count, self._items = count, items

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Any]:
        return self._items()


def _listed(count: int, items: Callable[[], Iterator[Any]]) -> list[Any]:
    return list(items())


def trace_dict(trace: TraceRecord, shape: Shape | None = None) -> dict[str, Any]:
    """The JSON contract: value, gradient, tangent/seed, sweeps, the steps and the reverse sweep.

    With several outputs, ``value``, ``tangent``, each step's ``adjoint``,
    ``reverse_sweep`` and ``adjoint_seed`` are objects keyed by output name,
    and ``jacobian`` replaces ``gradient``.  A ``shape`` other than the
    default adds ``tables``: the cells of each table as shown (the textbook
    layout, arithmetic included).
    """
    return _contract(trace, shape, _listed)


def streamed_dict(trace: TraceRecord, shape: Shape | None = None) -> dict[str, Any]:
    """:func:`trace_dict` for :func:`write_json`: the steps and the reverse sweep are made as they are written."""
    return _contract(trace, shape, _Streamed)


def _contract(trace: TraceRecord, shape: Shape | None,
              rows: Callable[[int, Callable[[], Iterator[Any]]], list[Any]]) -> dict[str, Any]:
    program = trace.program
    single = len(program.outputs) == 1
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
    if trace.tangent is not None:
        result["tangent"] = trace.tangent
        result["seed"] = trace.seeds[0]
    result["sweeps"] = trace.sweeps
    result["steps"] = rows(len(trace.steps), partial(_step_entries, trace))
    if trace.mode != "forward":
        sweeps = [rows(sum(len(record.output_contributions[j]) for record in trace.steps),  # one event each
                       partial(_sweep_entries, trace, j)) for j in range(len(program.outputs))]
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


def write_json(data: Any, stream: TextIO, **options: Any) -> None:
    """:func:`dumps` written to ``stream`` piece by piece (the same text), so no whole string is held."""
    import json  # start-up: only JSON output needs it

    stream.writelines(json.JSONEncoder(allow_nan=False, **options).iterencode(data))


def script_json(data: Any) -> str:
    """Strict JSON safe inside an HTML ``<script>`` element: ``<``, ``>``, ``&`` as \\u escapes."""
    text = dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
