"""Traces → Graphviz DOT: the computational graph of seed Figures 3.13 and 3.14.

One node per Wengert variable (its name, definition and primal value; the
tangents of every forward sweep and the adjoints of every reverse sweep), one
solid edge per variable argument labelled with the local partial ∂vⱼ/∂vᵢ as
text and as a number, and in reverse mode a second, dashed set of edges drawn
backwards (``dir=back``) from each consumer to its argument, labelled with the
contribution v̄ⱼ·∂vⱼ/∂vᵢ that the sweep adds into v̄ᵢ.

Formats only: values, tangents and adjoints come from the trace's records;
the partial values from the reverse sweep's contributions, or, when no reverse
sweep ran, from :func:`adkit.modes.reverse.local_partials`.  Output is deterministic
(Wengert order) and every piece of user text is escaped.
"""

from __future__ import annotations

from typing import Sequence

from adkit.messages import message
from adkit.ir.notation import ASCII, UNICODE, Style, definition, number, partial, ref_text, term
from adkit.present.statements import sweep_label
from adkit.present.table import title
from adkit.modes.reverse import local_partials
from adkit.ir.wengert import Literal, Step
from adkit.modes.records import TraceRecord


#: Colours: the output is highlighted; the reverse sweep is drawn in red.
OUTPUT_FILL = "#fff2cc"
REVERSE_COLOUR = "#c0392b"


def quote(text: str) -> str:
    """``text`` as a DOT double-quoted string: backslashes, quotes and line breaks escaped.

    Lines become Graphviz's ``\\n`` (centred line break); other control
    characters become spaces, so no user text can end the string or the
    statement, or start a Graphviz escape such as ``\\N``.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    escaped = []
    for line in lines:
        line = "".join(" " if ord(ch) < 32 or ord(ch) == 127 else ch for ch in line)
        escaped.append(line.replace("\\", "\\\\").replace('"', '\\"'))
    return '"' + "\\n".join(escaped) + '"'


def _node_id(step: Step) -> str:
    return quote(step.name)


def _partial_values(trace: TraceRecord) -> dict[tuple[int, int], float]:
    """∂vⱼ/∂(argument i) by ``(j, i)``: from the reverse sweep when one ran, else the engine."""
    found = {(c.source, c.position): c.partial for record in trace.steps for c in record.contributions}
    needed = sum(1 for s in trace.program.steps for a in s.args if not isinstance(a, Literal))
    if len(found) == needed:
        return found
    return local_partials(trace.program, [record.value for record in trace.steps])


def _tangent_line(trace: TraceRecord, step: Step, sweep: int, value: float, digits: int, style: Style) -> str:
    """``v̇₁ = ∂v₁/∂x1 = 0.5`` for a unit seed, ``v̇₁ = 0.5`` for a direction."""
    seed = trace.seeds[sweep]
    units = [name for name, v in seed.items() if v == 1.0]
    var = style.var(step.number)
    if len(units) == 1 and all(v == 0.0 for name, v in seed.items() if name != units[0]):
        return style.finish(f"{style.dot(step.number)} = {style.derivative(var, units[0])} = {number(value, digits)}")
    return style.finish(f"{style.dot(step.number)} = {number(value, digits)}")


def _node_label(trace: TraceRecord, index: int, digits: int, style: Style) -> str:
    record = trace.steps[index]
    step, program = record.step, trace.program
    var = style.var(step.number)
    names = list(step.aliases[1:] if step.primitive is None else step.aliases)
    names += [n for n, ref in zip(program.outputs, program.output_refs) if ref == step.index and n not in names]
    lines = [" = ".join(names + [var, definition(step, program.steps, style)]), "= " + number(record.value, digits)]
    lines += [_tangent_line(trace, step, k, t, digits, style) for k, t in enumerate(record.tangents)]
    for output, adjoint in zip(program.outputs, record.adjoints):
        lines.append(style.finish(f"{style.bar(step.number)} = {style.derivative(output, var)} = {number(adjoint, digits)}"))
    return "\n".join(lines)


def _partial_label(step: Step, position: int, arg: int, value: float | None, steps: Sequence[Step],
                   digits: int, style: Style) -> str:
    """``∂v₁/∂v₋₁ = 1/v₋₁ = 0.5``; at fan-out into one step, which argument it is."""
    text = f"{style.derivative(style.var(step.number), style.var(steps[arg].number))} = {partial(step, position, steps, style)}"
    shown = message("partial.undefined") if value is None else number(value, digits)
    text = style.finish(text)
    if text.rsplit(" = ", 1)[-1].replace("−", "-") != shown:  # not "∂v₄/∂v₁ = 1 = 1"
        text += " = " + shown
    if sum(1 for a in step.args if a == arg) > 1:
        text += " " + message("graph.argument", position=position + 1)
    return text


def to_dot(trace: TraceRecord, style: Style = UNICODE, digits: int = 4) -> str:
    """The computational graph of ``trace`` as Graphviz DOT text (one ``digraph``).

    Args:
        trace: from :func:`adkit.trace`; its mode decides what is drawn:
            tangents (forward), adjoints and the backward sweep (reverse), or both.
        style: ``UNICODE`` (default) or ``ASCII`` notation in the labels.
        digits: significant digits of the numbers shown.
    """
    if style.kind not in (UNICODE.kind, ASCII.kind):
        raise ValueError("DOT labels use the unicode or ascii notation, not latex")
    program = trace.program
    steps = program.steps
    partials = _partial_values(trace)
    caption = [title(trace)]
    if len(trace.seeds) == 1 and trace.tangent is not None:
        caption.append(sweep_label(trace, 0, style))
    caption += [message("cli.warning") + ": " + w for w in trace.warnings]
    caption_text = style.finish("\n".join(caption)) if style.kind == "ascii" else "\n".join(caption)

    lines = [
        "digraph adkit {",
        f"  graph [rankdir=LR, labelloc=t, fontname=\"Helvetica\", label={quote(caption_text)}];",
        "  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=11];",
        "  edge [fontname=\"Helvetica\", fontsize=10];",
        "",
        "  // one node per Wengert variable: definition, primal value, tangents, adjoints",
    ]
    outputs = {ref for ref in program.output_refs if not isinstance(ref, Literal)}
    for record in trace.steps:
        step = record.step
        attrs = f"label={quote(_node_label(trace, step.index, digits, style))}"
        if step.index in outputs:
            attrs += f", style=\"rounded,filled,bold\", fillcolor=\"{OUTPUT_FILL}\", penwidth=2"
        lines.append(f"  {_node_id(step)} [{attrs}];")
    inputs = [_node_id(s) for s in steps if s.primitive is None]
    if inputs:
        lines.append("  { rank=source; " + " ".join(inputs) + "; }")
    values = list(trace.value.values()) if isinstance(trace.value, dict) else [trace.value]
    for k, (name, ref, value) in enumerate(zip(program.outputs, program.output_refs, values)):
        label = f"{name} = {ref_text(ref, steps, style)} = {number(value, digits)}"
        lines.append(f"  \"output{k}\" [shape=plaintext, label={quote(style.finish(label))}];")

    lines += ["", "  // one edge per variable argument: the local partial"]
    for step in steps:
        for position, arg in enumerate(step.args):
            if isinstance(arg, Literal):
                continue
            label = _partial_label(step, position, arg, partials.get((step.index, position)), steps, digits, style)
            lines.append(f"  {_node_id(steps[arg])} -> {_node_id(step)} [label={quote(label)}];")
    for k, ref in enumerate(program.output_refs):
        if not isinstance(ref, Literal):
            lines.append(f"  {_node_id(steps[ref])} -> \"output{k}\";")

    for sweep, output in enumerate(program.outputs if trace.mode != "forward" else ()):
        lines += ["", f"  // reverse sweep {sweep + 1}: each += of an adjoint, drawn backwards"]
        ref = program.output_refs[sweep]
        edge = f"dir=back, style=dashed, color=\"{REVERSE_COLOUR}\", fontcolor=\"{REVERSE_COLOUR}\""
        suffix = "" if len(program.outputs) == 1 else f" ({output})"
        if not isinstance(ref, Literal):
            seed = style.finish(f"{style.mark(output, 'bar')} = 1") + suffix
            lines.append(f"  {_node_id(steps[ref])} -> \"output{sweep}\" [{edge}, label={quote(seed)}];")
        contributions = {(c.source, c.position): c for record in trace.steps
                         for c in record.output_contributions[sweep]}
        for step in reversed(steps):
            for position, arg in enumerate(step.args):
                c = contributions.get((step.index, position))
                if c is None:
                    continue
                text = f"{style.bar(steps[arg].number)} += " + term(style.bar(step.number),
                                                                      partial(step, position, steps, style), style)
                label = style.finish(text) + " = " + number(c.value, digits) + suffix
                lines.append(f"  {_node_id(steps[arg])} -> {_node_id(step)} [{edge}, label={quote(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
