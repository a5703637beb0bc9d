"""The statements of tangent and adjoint code, shared by every target language.

An :class:`Emitter` walks the Wengert list once and fills each step's registry
code templates (``python``/``c`` and ``partial_python``/``partial_c``) with
adkit's own identifiers (``v_m1``, ``v3``), so a target language only chooses
the templates and the surrounding syntax.  Identifiers and literals are
checked here: generated code contains adkit's names, registry templates and
``repr()`` of finite floats, nothing a user typed.
"""

from __future__ import annotations

import re
from typing import Callable, Sequence

from adkit.codegen.edges import Edge, product, tangent_sum, variable_arguments
from adkit.errors import AdkitError, BindingError
from adkit.ir.primitives import Primitive
from adkit.ir.wengert import Literal, Ref, Step
from adkit.modes.program import Program

MAX_FUNCTION_STEPS = 100_000  # longer programs are split into chunks

CHUNK_STEPS = 10_000  # steps per chunk

FUNCTION_NAMES = {"evaluate": "f", "forward": "f_jvp", "reverse": "f_grad"}

_SAFE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")

_FLOAT = re.compile(r"-?[0-9]+(\.[0-9]+)?(e[+-][0-9]+)?")

Line = tuple[str, str, str]  # (target, operator "=" / "+=" / "-=", expression)

def ident(step: Step) -> str:
    """adkit's own identifier for a step: ``v_m1``, ``v0``, ``v3``."""
    return f"v_m{-step.number}" if step.number < 0 else f"v{step.number}"

def literal(value: float) -> str:
    """A finite float as code: ``2.0``, ``(-0.5)``; anything else is refused."""
    text = repr(float(value))
    if not _FLOAT.fullmatch(text):
        raise AdkitError("codegen.literal", value=text)
    return f"({text})" if text.startswith("-") else text

def comment_name(name: str) -> str:
    """A user name fit for a comment: plain identifiers only, else ``?``."""
    return name if _SAFE_NAME.fullmatch(name) else "?"

class Emitter:
    """Statements of one program in one language (``python`` or ``c``).

    A step's value is named by ``name(index)``: adkit's identifier (``v3``) by
    default; the native library names slots of its tape (``t[5]``).
    """

    def __init__(self, program: Program, lang: str, name: Callable[[int], str] | None = None) -> None:
        self.program = program
        self.steps = program.steps
        self.n = len(program.inputs)
        self.lang = lang
        self.name = name or (lambda k: ident(self.steps[k]))
        self._partials: dict[int, list[tuple[int, str]]] = {}

    def ref(self, ref: Ref) -> str:
        return literal(ref.value) if isinstance(ref, Literal) else self.name(ref)

    def _fill(self, template: str, step: Step) -> str:
        return template.replace("{out}", self.name(step.index)).format(*(self.ref(a) for a in step.args))

    def primal(self, step: Step) -> str:
        prim: Primitive = step.primitive  # type: ignore[assignment]
        return self._fill(prim.c if self.lang == "c" else prim.python, step)

    def partials(self, step: Step) -> list[Edge]:
        """The step's edges: (argument index, ∂ code) for its variable arguments."""
        found = self._partials.get(step.index)
        if found is None:
            prim: Primitive = step.primitive  # type: ignore[assignment]
            templates = prim.partial_c if self.lang == "c" else prim.partial_python
            found = self._partials[step.index] = [
                Edge(arg, self._fill(templates[position], step)) for position, arg in variable_arguments(step)]
        return found

    def tangent(self, step: Step) -> str:
        """v̇ = Σᵢ ∂ᵢ·u̇ᵢ over the variable arguments (a partial of ±1 read as a sign)."""
        return tangent_sum(self.partials(step), lambda k: ident(self.steps[k]) + "_dot", fold_negative=True)

    def adjoint(self, step: Step) -> list[Line]:
        """ūᵢ += v̄·∂ᵢ for each variable argument, in argument order."""
        bar = ident(step) + "_bar"
        lines = []
        for edge in self.partials(step):
            negated, value = product(bar, edge, fold_negative=True)
            lines.append((ident(self.steps[edge.arg]) + "_bar", "-=" if negated else "+=", value))
        return lines

    def aliases(self, step: Step) -> str:
        return ", ".join(comment_name(a) for a in step.aliases)

def zero_lines(names: Sequence[str], lang: str, per_line: int = 8) -> list[str]:
    out = []
    for i in range(0, len(names), per_line):
        group = names[i:i + per_line]
        if lang == "c":
            out.append("    double " + ", ".join(f"{n} = 0.0" for n in group) + ";")
        else:
            out.append("    " + " = ".join(group) + " = 0.0")
    return out

def wrt_seeds(program: Program, mode: str, wrt: Sequence[str] | None) -> tuple[list[float] | None, list[int]]:
    """Forward: the seed vector for one named input (or None: a parameter).
    Reverse: the input indices whose adjoints are returned."""
    every = list(range(len(program.inputs)))
    if not wrt:
        return None, every
    for name in wrt:
        if name not in program.inputs:
            raise BindingError("bind.not_input", name=name, inputs=", ".join(program.inputs) or "—")
    if mode == "forward":
        if len(wrt) != 1:
            raise BindingError("codegen.wrt_forward", count=len(wrt))
        return [1.0 if n == wrt[0] else 0.0 for n in program.inputs], every
    return None, [program.inputs.index(name) for name in wrt]
