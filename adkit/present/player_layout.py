"""The sweep player's script: its events, table rows and graph geometry, from the records.

Every statement is the table's own cell (:func:`~adkit.present.parts.trace_parts`
with the numbers written in), and the reverse events are the JSON's
``reverse_sweep`` in run order, so the player shows nothing the tables do not.
The graph is laid out here, one column per Wengert level (inputs left), with
no Graphviz.
"""

from __future__ import annotations

from typing import Any

from adkit.ir.notation import UNICODE
from adkit.ir.wengert import Literal
from adkit.modes.cost import count
from adkit.modes.records import TraceRecord
from adkit.present.data import reverse_sweep
from adkit.present.parts import Shape, trace_parts

#: Graph geometry in SVG units: column and row pitch, node size (three lines: step, value, v̇ or v̄).
COLUMN, ROW, WIDTH, HEIGHT = 150, 76, 100, 54


def levels(trace: TraceRecord) -> list[int]:
    """Each step's Wengert level: 0 for inputs, else one more than its deepest argument."""
    level: list[int] = []
    for record in trace.steps:
        args = [a for a in record.step.args if not isinstance(a, Literal)]
        level.append(1 + max(level[a] for a in args) if args else 0)
    return level


def geometry(trace: TraceRecord) -> dict[str, Any]:
    """Node centres (one column per level, in list order down each column) and the edges."""
    steps = trace.program.steps
    rows: dict[int, int] = {}
    nodes = []
    for record, level in zip(trace.steps, levels(trace)):
        row = rows.get(level, 0)
        rows[level] = row + 1
        nodes.append({"step": record.step.name, "x": 20 + level * COLUMN + WIDTH // 2,
                      "y": 20 + row * ROW + HEIGHT // 2})
    edges = []
    seen = set()
    for record in trace.steps:
        for arg in record.step.args:
            if not isinstance(arg, Literal) and (arg, record.step.index) not in seen:
                seen.add((arg, record.step.index))
                edges.append({"source": steps[arg].name, "target": record.step.name})
    width = 40 + (max(levels(trace), default=0) + 1) * COLUMN
    height = 40 + max(rows.values(), default=1) * ROW
    return {"nodes": nodes, "edges": edges, "width": width, "height": height, "node": [WIDTH, HEIGHT], "pitch": [COLUMN, ROW]}


def script(trace: TraceRecord, digits: int = 4) -> dict[str, Any]:
    """The events of each mode with their statements and numbers, the rows and the summary.

    ``trace`` ran in mode "both" with one output.
    """
    shape = Shape(digits=digits, arithmetic=True, order="sweep")
    parts = {p.section: p for p in trace_parts(trace, shape, UNICODE)}
    primal, tangent, adjoint = parts["primal"], parts.get("tangent"), parts["adjoint"]  # no inputs: no sweeps
    names = [r.step.name for r in trace.steps]
    keys = [row[0] for row in primal.rows]
    rows = [{"step": n, "key": k, "definition": row[2], "value": r.value, "display": shape.value(r.value),
             "tangents": [shape.value(t) for t in r.tangents], "adjoint": shape.value(r.adjoint),
             "dot": UNICODE.dot(r.step.number), "bar": UNICODE.bar(r.step.number)}
            for n, k, row, r in zip(names, keys, primal.rows, trace.steps)]
    sweeps = len(trace.seeds)
    forward = []
    for s in range(sweeps):
        for n, k, row, r in zip(names, keys, tangent.rows, trace.steps):
            text = f"{row[1]} = {row[2]}" if sweeps == 1 else f"{row[1]} = {row[2 + s]}"
            forward.append({"step": n, "sweep": s, "text": _closed(text, shape.value(r.tangents[s])),
                            "value": r.tangents[s], "display": shape.value(r.tangents[s])})
    reverse = [{"step": n, "phase": "primal", "text": f"{k} = {_closed(row[2], row[3])}",
                "value": r.value, "display": row[3]} for n, k, row, r in zip(names, keys, primal.rows, trace.steps)]
    events = reverse_sweep(trace)
    first = len(adjoint.rows) - len(events) - len(trace.program.inputs)
    partials: dict[str, list[str]] = {}  # per edge, one term per += (two for x*x: both partials shown)
    for e, row in zip(events, adjoint.rows[first:]):
        terms = partials.setdefault(f"{e['target']}>{e['source']}", [])
        reverse.append({"step": e["target"], "source": e["source"], "phase": "adjoint",
                        "text": _closed(row[1], row[2]), "value": e["adjoint"], "display": row[2],
                        "partial": e["partial"], "term": len(terms)})
        terms.append(shape.value(e["partial"]))
    out = trace.program.output_refs[0]
    seed = None if isinstance(out, Literal) else {"step": names[out], "value": trace.adjoint_seed(0),
                                                   "display": shape.value(trace.adjoint_seed(0))}
    cost = count(trace.program)
    return {"rows": rows, "forward": forward, "reverse": reverse, "seed": seed, "partials": partials,
            "sweeps": sweeps, "sweep_labels": [tangent.headers[2 + s] for s in range(sweeps)],
            "gradient": {k: shape.value(v) for k, v in (trace.gradient or {}).items()},
            "cost": cost.reason, "graph": geometry(trace)}


def _closed(statement: str, display: str) -> str:
    """``statement = value``, unless the statement already ends in that value."""
    return statement if statement.endswith(f"= {display}") or statement == display else f"{statement} = {display}"
