"""``--explain``: a numbered narration of a trace for a learner, in the user's language.

For each step it states the chain-rule term it applies (the local partial, as
a formula and as a number) and where each contribution comes from; at fan-out
it says why adjoints add up; at the end, why forward mode needed n sweeps
where reverse mode needed one per output.  Every number comes from the trace
records and the engine's local partials; this module only words them.
"""

from __future__ import annotations


from adkit.messages import counted, message
from adkit.ir.notation import ASCII, UNICODE, Style, definition, number, partial, ref_text
from adkit.modes.reverse import local_partials
from adkit.ir.wengert import Literal
from adkit.modes.records import TraceRecord
from adkit.present.exports import latex_text
from adkit.present.textwidth import wrap_words



def explain(trace: TraceRecord, style: Style = UNICODE, digits: int = 4) -> list[str]:
    """The narration as a list of sentences (numbered by the caller)."""
    program = trace.program
    steps = program.steps
    partials = local_partials(program, [record.value for record in trace.steps])
    lines: list[str] = []

    def fmt(value: float) -> str:
        return number(value, digits)

    def factor(value: float) -> str:
        text = number(value, digits)
        return f"({text})" if text.startswith("-") else text

    if trace.seeds:
        seed = trace.seeds[0]
        seeds = ", ".join(f"{style.mark(n, 'dot')} = {fmt(v)}" for n, v in seed.items())
        lines.append(message("explain.forward_intro", seeds=seeds))
        for record in trace.steps:
            step = record.step
            v, dot = style.var(step.number), style.dot(step.number)
            if step.primitive is None:
                lines.append(message("explain.forward_input", var=v, name=step.alias, value=fmt(record.value),
                                     dot=dot, tangent=fmt(record.tangents[0])))
                continue
            head = f"{v} = {definition(step, steps, style)} = {fmt(record.value)}"
            terms, values = [], []
            for pos, arg in enumerate(step.args):
                if isinstance(arg, Literal) or (step.index, pos) not in partials:  # undefined, and u̇ = 0
                    continue
                d = partials[(step.index, pos)]
                u = style.var(steps[arg].number)
                formula = partial(step, pos, steps, style)
                shown = fmt(d)
                terms.append(message("explain.partial", of=v, by=u, formula=formula,
                                     value=None if style.finish(formula).replace("−", "-") == shown else shown))
                values.append(f"{factor(d)}·{factor(trace.steps[arg].tangents[0])}")
            if not terms:
                lines.append(message("explain.forward_constant", head=head, dot=dot))
                continue
            lines.append(message("explain.forward_step", head=head, dot=dot, partials="; ".join(terms),
                                 product=" + ".join(values), tangent=fmt(record.tangents[0])))
        outs = ", ".join(f"{style.mark(name, 'dot')} = {fmt(trace.steps[ref].tangents[0] if isinstance(ref, int) else 0.0)}"
                         for name, ref in zip(program.outputs, program.output_refs))
        key = "explain.forward_end_one" if trace.tangent is not None else "explain.forward_end_all"
        lines.append(message(key, outputs=outs, sweeps=len(trace.seeds), inputs=len(program.inputs)))

    if trace.mode != "forward":
        y = style.mark(program.outputs[0], "bar")
        lines.append(message("explain.reverse_intro", seed=y, tape=len(steps)))
        for record in reversed(trace.steps):
            step = record.step
            if step.primitive is None:
                continue
            sends = []
            for pos, arg in enumerate(step.args):
                if isinstance(arg, Literal):
                    continue
                d = partials[(step.index, pos)]
                u = style.bar(steps[arg].number)
                sends.append(message("explain.sends", target=u, bar=style.bar(step.number),
                                     formula=partial(step, pos, steps, style), value=fmt(trace.steps[step.index].adjoint * d)))
            if sends:
                lines.append(message("explain.reverse_step", step=f"{style.var(step.number)} = {definition(step, steps, style)}",
                                     bar=style.bar(step.number), adjoint=fmt(record.adjoint), sends="; ".join(sends)))
        for record in trace.steps:
            if len(record.contributions) > 1:
                sources = list(dict.fromkeys(c.source for c in record.contributions))  # distinct, in sweep order
                users = ", ".join(style.var(steps[s].number) for s in sources)
                parts = " + ".join(fmt(c.value) for c in record.contributions)
                lines.append(message("explain.fan_out_uses", var=style.var(record.step.number),
                                     uses=len(record.contributions), count=counted("explain.steps", len(sources)),
                                     users=users, bar=style.bar(record.step.number), parts=parts,
                                     total=fmt(record.adjoint)))
        grad = "; ".join(f"{style.mark(name, 'bar')} = {fmt(v)}" for name, v in (trace.gradient or {}).items())
        lines.append(message("explain.reverse_end", inputs=len(program.inputs), outputs=len(program.outputs),
                             derivatives=counted("count.partial_derivatives", len(program.inputs)),
                             gradient=grad or ref_text(program.output_ref, steps, style), tape=len(steps)))
    return [style.finish(line) for line in lines]


def explain_text(trace: TraceRecord, fmt: str, ascii: bool = False, width: int = 200) -> str:
    """The narration as a numbered list in the output format; as text, wrapped at words within ``width``
    columns under its number (a number is never split)."""
    lines = explain(trace, ASCII if ascii else UNICODE)
    heading = message("explain.heading")
    if fmt == "markdown":
        return f"\n**{heading}**\n\n" + "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1)) + "\n"
    if fmt == "html":
        import html

        items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        return f"<p><strong>{html.escape(heading)}</strong></p>\n<ol>{items}</ol>\n"
    if fmt == "latex":

        items = "\n".join(f"\\item {latex_text(line)}" for line in lines)
        return f"\n\\paragraph{{{latex_text(heading)}}}\n\\begin{{enumerate}}\n{items}\n\\end{{enumerate}}\n"
    if fmt == "csv":
        return ""
    items = []
    for i, line in enumerate(lines, 1):
        wrapped = wrap_words(line, max(width - 5, 20))
        items += [f"{i:>3}. {wrapped[0]}", *(f"     {rest}" for rest in wrapped[1:])]
    return "\n" + "\n".join(wrap_words(heading, width) + items) + "\n"
