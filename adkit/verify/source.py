"""A program printed back to adkit source: the round-trip oracle of the parser and the lowering."""

from __future__ import annotations

from typing import Callable

from adkit.ir.primitives import CONSTANTS
from adkit.ir.wengert import Literal, Ref, Step
from adkit.language.parser import BINDING_POWER, PREFIX_POWER
from adkit.modes.program import Program


def to_source(program: "Program", inline: bool = False) -> str:
    """adkit source text that re-parses (with ``inputs=program.inputs``) to the same Wengert list.

    The default writes one assignment per step (``_v1 = ln(x1); …``), which
    keeps the step order exactly.  ``inline=True`` writes one nested formula
    (readable; exact for programs lowered from a single expression; its size
    grows with repeated shared subexpressions).
    """

    steps = program.steps
    inputs = set(program.inputs)
    prefix = "_v"
    while any(name.startswith(prefix) for name in inputs):
        prefix = "_" + prefix

    def literal(lit: Literal) -> str:
        if lit.text in CONSTANTS and CONSTANTS[lit.text] == lit.value and lit.text not in inputs:
            return lit.text
        text = repr(float(lit.value))
        return f"({text})" if text.startswith("-") else text

    precedence = {op: lbp for op, lbp, _ in BINDING_POWER.values()}
    negation, unary = PREFIX_POWER["-"]
    precedence[negation] = unary  # type: ignore[index]
    right_assoc = {op for op, lbp, rbp in BINDING_POWER.values() if rbp < lbp}

    def render(step: Step, arg_text: Callable[[Ref, int], str]) -> str:
        prim = step.primitive
        return prim.syntax.format(*(arg_text(a, pos) for pos, a in enumerate(step.args)))  # type: ignore[union-attr]

    if not inline:
        names = [name if step.primitive is None else f"{prefix}{step.index}" for step, name in
                 zip(steps, list(program.inputs) + [""] * len(steps))]
        lines = []
        for step in steps[len(program.inputs):]:
            text = render(step, lambda a, pos: literal(a) if isinstance(a, Literal) else names[a])
            lines.append(f"{names[step.index]} = {text}")
        out = program.output_ref
        lines.append(literal(out) if isinstance(out, Literal) else names[out])
        return "\n".join(lines)

    texts: list[str] = []
    for step in steps:
        if step.primitive is None:
            texts.append(program.inputs[step.index])
            continue
        mine = precedence.get(step.op)

        def arg_text(a: Ref, pos: int, step: Step = step, mine: int | None = mine) -> str:
            if isinstance(a, Literal):
                return literal(a)
            child = steps[a]
            theirs = precedence.get(child.op)
            text = texts[a]
            if mine is None or theirs is None:
                return text
            if step.op == negation:
                return f"({text})" if theirs < unary else text
            left_tight = pos == 0 and (theirs < mine or (theirs == mine and step.op in right_assoc))
            right_tight = pos == 1 and (theirs < mine or (theirs == mine and step.op not in right_assoc))
            return f"({text})" if left_tight or right_tight else text

        texts.append(render(step, arg_text))
    out = program.output_ref
    return literal(out) if isinstance(out, Literal) else texts[out]


def signature(program: "Program") -> tuple:
    """The Wengert list without names or spans: what a round trip must keep."""
    return (program.inputs, tuple((s.op, tuple(("lit", a.value) if isinstance(a, Literal) else a for a in s.args))
                                  for s in program.steps),
            ("lit", program.output_ref.value) if isinstance(program.output_ref, Literal) else program.output_ref)
