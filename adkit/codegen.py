"""Source transformation: a Wengert list becomes straight-line tangent and adjoint code.

Forward mode emits the *tangent program*: every primal line ``v1 = math.log(v_m1)``
is followed by its tangent line ``v1_dot = v_m1_dot * (1.0 / v_m1)``
(v̇ = Σᵢ ∂ᵢ·u̇ᵢ).  Reverse mode emits the *adjoint program*: the primal sweep,
then one ``u_bar += v_bar * ∂`` statement per variable argument, steps in
reverse order (ūᵢ += v̄·∂ᵢ), then the gradient.  Both contractions read the
code templates of the registry (:mod:`adkit.primitives`); nothing here knows
an operation by name.  Languages: Python (``math`` only), C99 (``math.h``) and
LaTeX (an ``align`` environment, from :mod:`adkit.notation`).

Safety: generated code contains only adkit's identifiers (``v_m1``, ``v3_bar``,
``x``, ``t``…), the registry's templates and ``repr()`` of finite floats.  User
names appear only in comments, and only if they are plain identifiers.  This is
the only module of adkit that calls Python's ``compile`` and ``exec``, and it
calls them only on code it generated.

Programs longer than :data:`CHUNK_STEPS` are split into functions of that many
steps that pass values through lists, because CPython's compiler is
superlinear on very long functions.
"""

from __future__ import annotations

import math
import re
import time
from functools import cached_property
from typing import Any, Callable, Mapping, Sequence

from adkit.errors import AdkitError, BindingError
from adkit.functions import FAILURES
from adkit.notation import LATEX, definition, join_terms, partial as partial_text, term
from adkit.primitives import Primitive
from adkit.program import Point, Program
from adkit.wengert import Literal, Ref, Step

MODES = ("evaluate", "forward", "reverse")
LANGUAGES = ("python", "c", "latex")
CHUNK_STEPS = 4000
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


def _factor(text: str) -> str:
    return text if " " not in text else f"({text})"


class _Emitter:
    """Statements of one program in one language (``python`` or ``c``)."""

    def __init__(self, program: Program, lang: str) -> None:
        self.program = program
        self.steps = program.steps
        self.n = len(program.inputs)
        self.lang = lang

    def ref(self, ref: Ref) -> str:
        return literal(ref.value) if isinstance(ref, Literal) else ident(self.steps[ref])

    def _fill(self, template: str, step: Step) -> str:
        return template.replace("{out}", ident(step)).format(*(self.ref(a) for a in step.args))

    def primal(self, step: Step) -> str:
        prim: Primitive = step.primitive  # type: ignore[assignment]
        return self._fill(prim.c if self.lang == "c" else prim.python, step)

    def partials(self, step: Step) -> list[tuple[int, str]]:
        """(argument index, ∂ code) for the variable arguments only."""
        prim: Primitive = step.primitive  # type: ignore[assignment]
        templates = prim.partial_c if self.lang == "c" else prim.partial_python
        return [(arg, self._fill(t, step)) for arg, t in zip(step.args, templates) if not isinstance(arg, Literal)]

    def tangent(self, step: Step) -> str:
        """v̇ = Σᵢ ∂ᵢ·u̇ᵢ over the variable arguments."""
        out = ""
        for arg, p in self.partials(step):
            dot = ident(self.steps[arg]) + "_dot"
            if p == "1.0":
                out += f" + {dot}" if out else dot
            elif p == "-1.0":
                out += f" - {dot}" if out else f"-{dot}"
            else:
                out += f" + {dot} * {_factor(p)}" if out else f"{dot} * {_factor(p)}"
        return out or "0.0"

    def adjoint(self, step: Step) -> list[Line]:
        """ūᵢ += v̄·∂ᵢ for each variable argument, in argument order."""
        bar = ident(step) + "_bar"
        lines = []
        for arg, p in self.partials(step):
            target = ident(self.steps[arg]) + "_bar"
            if p == "1.0":
                lines.append((target, "+=", bar))
            elif p == "-1.0":
                lines.append((target, "-=", bar))
            else:
                lines.append((target, "+=", f"{bar} * {_factor(p)}"))
        return lines

    def aliases(self, step: Step) -> str:
        return ", ".join(comment_name(a) for a in step.aliases)


# ---- Python ---------------------------------------------------------------
def _py_lines(lines: Sequence[Line], indent: str = "    ") -> list[str]:
    return [f"{indent}{t} {op} {e}" for t, op, e in lines]


def _py_step(em: _Emitter, step: Step, mode: str, indent: str = "    ") -> list[str]:
    name = ident(step)
    note = em.aliases(step)
    out = [f"{indent}{name} = {em.primal(step)}" + (f"  # {note}" if note else "")]
    if mode == "forward":
        out.append(f"{indent}{name}_dot = {em.tangent(step)}")
    return out


def _py_inputs(em: _Emitter, seeds: Sequence[float] | None, mode: str) -> list[str]:
    inputs = em.steps[: em.n]
    out = [f"    # {ident(s)}: input {comment_name(s.alias or s.name)}" for s in inputs]
    if inputs:
        out.append(f"    {', '.join(ident(s) for s in inputs)}, = x")
        if mode == "forward":
            if seeds is None:
                out.append(f"    {', '.join(ident(s) + '_dot' for s in inputs)}, = x_dot")
            else:
                out += [f"    {ident(s)}_dot = {literal(v)}" for s, v in zip(inputs, seeds)]
    return out


def _zero_lines(names: Sequence[str], lang: str, per_line: int = 8) -> list[str]:
    out = []
    for i in range(0, len(names), per_line):
        group = names[i:i + per_line]
        if lang == "c":
            out.append("    double " + ", ".join(f"{n} = 0.0" for n in group) + ";")
        else:
            out.append("    " + " = ".join(group) + " = 0.0")
    return out


def python_source(program: Program, mode: str, wrt: Sequence[str] | None = None,
                  chunk_steps: int = CHUNK_STEPS) -> str:
    """The Python module text of one function: ``f``, ``f_jvp`` or ``f_grad``.

    ``f(x) -> y``; ``f_jvp(x, x_dot) -> (y, y_dot)`` (``f_jvp(x)`` when forward
    ``wrt`` names the one seeded input); ``f_grad(x) -> (y, [x̄ …])`` with the
    adjoints of ``wrt`` (default: every input), in that order.
    """
    em = _Emitter(program, "python")
    seeds, picks = _wrt(program, mode, wrt)
    head = ["\"\"\"Generated by adkit from a Wengert list; imports only math.\"\"\"", "", "import math", ""]
    if len(program.steps) - em.n > chunk_steps:
        return "\n".join(head + _py_chunked(em, mode, seeds, picks, chunk_steps)) + "\n"
    name = FUNCTION_NAMES[mode]
    params = "x, x_dot" if mode == "forward" and seeds is None else "x"
    body = _py_inputs(em, seeds, mode)
    work = em.steps[em.n:]
    if mode == "reverse" and work:
        body.append("    # primal sweep")
    for step in work:
        body += _py_step(em, step, mode)
    out = program.output_ref
    y = em.ref(out)
    if mode == "evaluate":
        body.append(f"    return {y}")
    elif mode == "forward":
        body.append(f"    return {y}, {'0.0' if isinstance(out, Literal) else y + '_dot'}")
    else:
        body += _py_adjoint_sweep(em)
        bars = [f"{ident(em.steps[i])}_bar" for i in picks]
        body.append(f"    return {y}, [{', '.join(bars)}]")
    return "\n".join(head + ["", f"def {name}({params}):"] + body) + "\n"


def _py_adjoint_sweep(em: _Emitter) -> list[str]:
    out = em.program.output_ref
    body = ["    # adjoint sweep: v_bar = dy/dv, accumulated with +="]
    names = [ident(s) + "_bar" for s in em.steps if s.index != out]
    if not isinstance(out, Literal):
        body.append(f"    {ident(em.steps[out])}_bar = 1.0")
    body += _zero_lines(names, "python")
    for step in reversed(em.steps[em.n:]):
        body.append(f"    # {ident(step)} = {em.primal(step)}")
        body += _py_lines(em.adjoint(step))
    return body


def _wrt(program: Program, mode: str, wrt: Sequence[str] | None) -> tuple[list[float] | None, list[int]]:
    """Forward: the seed vector for one named input (or None: a parameter).
    Reverse: the input indices whose adjoints are returned."""
    every = list(range(len(program.inputs)))
    if not wrt:
        return None, every
    for name in wrt:
        if name not in program.inputs:
            raise BindingError("codegen.wrt_unknown", name=name, inputs=", ".join(program.inputs) or "none")
    if mode == "forward":
        if len(wrt) != 1:
            raise BindingError("codegen.wrt_forward", count=len(wrt))
        return [1.0 if n == wrt[0] else 0.0 for n in program.inputs], every
    return None, [program.inputs.index(name) for name in wrt]


def _py_chunked(em: _Emitter, mode: str, seeds: Sequence[float] | None, picks: Sequence[int],
                size: int) -> list[str]:
    """Functions of ``size`` steps each; values cross chunks through lists.

    ``t`` holds primal values and ``d`` tangents, one slot per step (inputs
    first); ``b`` holds adjoints.  Within a chunk everything is a local.
    """
    steps, n = em.steps, em.n
    work = steps[n:]
    chunks = [work[i:i + size] for i in range(0, len(work), size)]
    out = em.program.output_ref
    used_later: set[int] = set() if isinstance(out, Literal) else {out}
    last_use: dict[int, int] = {}
    for c, chunk in enumerate(chunks):
        for step in chunk:
            for a in step.args:
                if isinstance(a, int):
                    last_use[a] = c
    lines: list[str] = []
    fwd = mode == "forward"
    for c, chunk in enumerate(chunks):
        first = chunk[0].index
        params = "t, d" if fwd else "t"
        lines += ["", f"def _f{c}({params}):"]
        outside = sorted({a for s in chunk for a in s.args if isinstance(a, int) and a < first})
        for a in outside:
            lines.append(f"    {ident(steps[a])} = t[{a}]")
            if fwd:
                lines.append(f"    {ident(steps[a])}_dot = d[{a}]")
        for step in chunk:
            lines += _py_step(em, step, mode)
        for step in chunk:
            if mode == "reverse" or step.index in used_later or last_use.get(step.index, -1) > c:
                lines.append(f"    t[{step.index}] = {ident(step)}")
                if fwd:
                    lines.append(f"    d[{step.index}] = {ident(step)}_dot")
    if mode == "reverse":
        for c, chunk in reversed(list(enumerate(chunks))):
            first = chunk[0].index
            lines += ["", f"def _r{c}(t, b):"]
            outside = sorted({a for s in chunk for a in s.args if isinstance(a, int) and a < first})
            for a in outside:
                lines.append(f"    {ident(steps[a])} = t[{a}]")
                lines.append(f"    {ident(steps[a])}_bar = b[{a}]")
            for step in chunk:
                lines.append(f"    {ident(step)} = t[{step.index}]")
                lines.append(f"    {ident(step)}_bar = b[{step.index}]")
            for step in reversed(chunk):
                lines.append(f"    # {ident(step)} = {em.primal(step)}")
                lines += _py_lines(em.adjoint(step))
            for a in outside:
                lines.append(f"    b[{a}] = {ident(steps[a])}_bar")
    name = FUNCTION_NAMES[mode]
    total = len(steps)
    lines += ["", f"def {name}(x{', x_dot' if fwd and seeds is None else ''}):",
              f"    t = [0.0] * {total}", f"    t[:{n}] = x"]
    if fwd:
        lines.append(f"    d = [0.0] * {total}")
        if seeds is None:
            lines.append(f"    d[:{n}] = x_dot")
        else:
            lines += [f"    d[{i}] = {literal(v)}" for i, v in enumerate(seeds) if v]
    lines += [f"    _f{c}({'t, d' if fwd else 't'})" for c in range(len(chunks))]
    y = em.ref(out) if isinstance(out, Literal) else f"t[{out}]"
    if mode == "evaluate":
        lines.append(f"    return {y}")
    elif fwd:
        lines.append(f"    return {y}, {'0.0' if isinstance(out, Literal) else f'd[{out}]'}")
    else:
        lines.append(f"    b = [0.0] * {total}")
        if not isinstance(out, Literal):
            lines.append(f"    b[{out}] = 1.0")
        lines += [f"    _r{c}(t, b)" for c in reversed(range(len(chunks)))]
        lines.append(f"    return {y}, [{', '.join(f'b[{i}]' for i in picks)}]")
    return lines


def _import_math_only(name: str, *args: Any, **kwargs: Any) -> Any:
    if name != "math":
        raise ImportError(name)
    return math


def python_function(program: Program, mode: str, wrt: Sequence[str] | None = None,
                    chunk_steps: int = CHUNK_STEPS) -> Callable[..., Any]:
    """Generate, compile and return ``f`` / ``f_jvp`` / ``f_grad`` for ``program``."""
    source = python_source(program, mode, wrt, chunk_steps)
    namespace: dict[str, Any] = {"__builtins__": {"__import__": _import_math_only}}
    # The only compile/exec in adkit: the source was generated above from
    # adkit identifiers, registry templates and repr() of floats.
    code = compile(source, f"<adkit codegen {mode}>", "exec")
    exec(code, namespace)
    return namespace[FUNCTION_NAMES[mode]]


# ---- C ----------------------------------------------------------------------
def c_source(program: Program, mode: str, wrt: Sequence[str] | None = None,
             at: Sequence[float] | None = None) -> str:
    """A C99 translation unit with ``f``, ``f_jvp`` or ``f_grad`` (and ``main`` if ``at``).

    ``double f(const double x[])``; ``double f_jvp(const double x[], const
    double x_dot[], double *y_dot)``; ``double f_grad(const double x[], double
    gradient[])``.  Domain errors follow IEEE 754 (NaN, ±inf), not exceptions.
    """
    em = _Emitter(program, "c")
    seeds, picks = _wrt(program, mode, wrt)
    helpers: dict[str, None] = {}
    for step in em.steps[em.n:]:
        helpers.update(dict.fromkeys(step.primitive.c_helpers))  # type: ignore[union-attr]
    lines = ["// Generated by adkit from a Wengert list (C99).", "#include <math.h>"]
    if at is not None:
        lines.append("#include <stdio.h>")
    lines += [""] + [h + "\n" for h in helpers]
    name = FUNCTION_NAMES[mode]
    if mode == "evaluate":
        sig = f"double {name}(const double x[])"
    elif mode == "forward":
        sig = f"double {name}(const double x[], {'const double x_dot[], ' if seeds is None else ''}double *y_dot)"
    else:
        sig = f"double {name}(const double x[], double gradient[])"
    body = []
    for i, s in enumerate(em.steps[: em.n]):
        body.append(f"    const double {ident(s)} = x[{i}];  // {comment_name(s.alias or s.name)}")
        if mode == "forward":
            seed = f"x_dot[{i}]" if seeds is None else literal(seeds[i])
            body.append(f"    const double {ident(s)}_dot = {seed};")
    for step in em.steps[em.n:]:
        note = em.aliases(step)
        body.append(f"    const double {ident(step)} = {em.primal(step)};" + (f"  // {note}" if note else ""))
        if mode == "forward":
            body.append(f"    const double {ident(step)}_dot = {em.tangent(step)};")
    out = program.output_ref
    y = em.ref(out)
    if mode == "forward":
        body.append(f"    *y_dot = {'0.0' if isinstance(out, Literal) else y + '_dot'};")
    if mode == "reverse":
        body.append("    // adjoint sweep")
        if not isinstance(out, Literal):
            body.append(f"    double {ident(em.steps[out])}_bar = 1.0;")
        body += _zero_lines([ident(s) + "_bar" for s in em.steps if s.index != out], "c")
        for step in reversed(em.steps[em.n:]):
            body.append(f"    // {ident(step)} = {em.primal(step)}")
            body += [f"    {t} {op} {e};" for t, op, e in em.adjoint(step)]
        body += [f"    gradient[{k}] = {ident(em.steps[i])}_bar;" for k, i in enumerate(picks)]
    body.append(f"    return {y};")
    lines += [sig + " {"] + body + ["}"]
    if at is not None:
        lines += _c_main(program, mode, seeds, picks, at)
    return "\n".join(lines) + "\n"


def _c_main(program: Program, mode: str, seeds: Sequence[float] | None, picks: Sequence[int],
            at: Sequence[float]) -> list[str]:
    n = max(1, len(at))
    lines = ["", "int main(void) {", f"    const double x[{n}] = {{{', '.join(literal(v) for v in at) or '0.0'}}};"]
    if mode == "evaluate":
        lines.append('    printf("%.17g\\n", f(x));')
    elif mode == "forward":
        lines.append("    double y_dot;")
        if seeds is None:  # without --wrt: the direction of the first input
            lines.append(f"    const double x_dot[{n}] = {{{', '.join('1.0' if i == 0 else '0.0' for i in range(n))}}};")
            lines.append("    const double y = f_jvp(x, x_dot, &y_dot);")
        else:
            lines.append("    const double y = f_jvp(x, &y_dot);")
        lines.append('    printf("%.17g %.17g\\n", y, y_dot);')
    else:
        lines += [f"    double gradient[{max(1, len(picks))}];", "    const double y = f_grad(x, gradient);",
                  '    printf("%.17g\\n", y);']
        lines.append(f"    for (int i = 0; i < {len(picks)}; i++) printf(\"%.17g\\n\", gradient[i]);")
    lines += ["    return 0;", "}"]
    return lines


# ---- LaTeX ------------------------------------------------------------------
def _tex_name(name: str) -> str:
    return "\\text{" + comment_name(name).replace("_", "\\_") + "}"


def latex_source(program: Program, mode: str, wrt: Sequence[str] | None = None) -> str:
    """The same statements as an ``align*`` environment, in textbook notation."""
    steps = program.steps
    seeds, picks = _wrt(program, mode, wrt)
    rows = []
    for i, s in enumerate(steps[: len(program.inputs)]):
        rows.append(f"{LATEX.var(s.number)} &= {_tex_name(s.alias or s.name)}")
        if mode == "forward":
            seed = f"\\dot{{{_tex_name(s.alias or s.name)}}}" if seeds is None else literal(seeds[i])
            rows.append(f"{LATEX.dot(s.number)} &= {seed}")
    for step in steps[len(program.inputs):]:
        rows.append(f"{LATEX.var(step.number)} &= {definition(step, steps, LATEX)}")
        if mode == "forward":
            terms = [term(LATEX.dot(steps[a].number), partial_text(step, pos, steps, LATEX), LATEX)
                     for pos, a in enumerate(step.args) if not isinstance(a, Literal)]
            rows.append(f"{LATEX.dot(step.number)} &= {join_terms(terms, LATEX)}")
    out = program.output_ref
    if mode == "reverse" and not isinstance(out, Literal):
        rows.append(f"{LATEX.bar(steps[out].number)} &= 1 \\quad \\text{{(all other adjoints start at 0)}}")
        for step in reversed(steps[len(program.inputs):]):
            for pos, a in enumerate(step.args):
                if isinstance(a, Literal):
                    continue
                contribution = term(LATEX.bar(step.number), partial_text(step, pos, steps, LATEX), LATEX)
                rows.append(f"{LATEX.bar(steps[a].number)} &\\mathrel{{+}}= {contribution}")
    return "\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}\n"


# ---- compiled programs --------------------------------------------------------
class CompiledProgram(Program):
    """A :class:`Program` whose ``evaluate``, ``gradient`` and ``jvp`` run generated Python.

    Each function is generated and compiled on first use (its cost is kept in
    :attr:`codegen_seconds`).  Failures fall back to the interpreter, which
    raises the :class:`DomainError` naming the Wengert step.
    """

    chunk_steps = CHUNK_STEPS

    @cached_property
    def codegen_seconds(self) -> dict[str, float]:
        return {}

    @cached_property
    def _functions(self) -> dict[str, Callable[..., Any]]:
        return {}

    def function(self, mode: str) -> Callable[..., Any]:
        """The generated ``f`` / ``f_jvp`` / ``f_grad``, compiled once."""
        fn = self._functions.get(mode)
        if fn is None:
            start = time.perf_counter()
            fn = self._functions[mode] = python_function(self, mode, chunk_steps=self.chunk_steps)
            self.codegen_seconds[mode] = time.perf_counter() - start
        return fn

    def point(self, at: Point) -> list[float]:
        """As :meth:`Program.point`, with a fast path for well-formed points."""
        try:
            if isinstance(at, Mapping):
                values = [float(at[name]) for name in self.inputs] if len(at) == len(self.inputs) else None
            else:
                values = [float(v) for v in at]
        except (KeyError, TypeError, ValueError):
            values = None
        if values is not None and len(values) == len(self.inputs) and math.isfinite(sum(values)):
            return values
        return super().point(at)

    def evaluate(self, at: Point) -> float:
        x = self.point(at)
        fn = self.function("evaluate")
        try:
            y = fn(x)
        except FAILURES:
            return super().evaluate(x)  # raises the DomainError that names the step
        if not math.isfinite(y):
            return super().evaluate(x)
        return y

    def gradient(self, at: Point) -> dict[str, float]:
        x = self.point(at)
        fn = self.function("reverse")
        try:
            y, bars = fn(x)
        except FAILURES:
            return super().gradient(x)
        if not (math.isfinite(y) and math.isfinite(sum(bars))):
            return super().gradient(x)
        if self._plan.kinks:
            self._warn_kinks(self.values(x))
        return dict(zip(self.inputs, bars))

    def jvp(self, at: Point, seed: Point) -> tuple[float, float]:
        x, s = self.point(at), self.point(seed)
        fn = self.function("forward")
        try:
            y, y_dot = fn(x, s)
        except FAILURES:
            return super().jvp(x, s)
        if self._plan.kinks:
            self._warn_kinks(self.values(x))
        return y, y_dot


def source(program: Program, mode: str, lang: str = "python", wrt: Sequence[str] | None = None,
           at: Sequence[float] | None = None) -> str:
    """Generated code for ``program`` (the ``adkit codegen`` command).

    With ``at`` (Python and C), the code ends by printing the value and the
    derivatives at that point, so ``python -c`` or a compiled C program
    reproduces adkit's numbers.
    """
    if lang == "c":
        return c_source(program, mode, wrt, at)
    if lang == "latex":
        return latex_source(program, mode, wrt)
    text = python_source(program, mode, wrt)
    if at is not None:
        x = "[" + ", ".join(literal(v).strip("()") for v in at) + "]"
        name = FUNCTION_NAMES[mode]
        seeds, _ = _wrt(program, mode, wrt)
        if mode == "forward" and seeds is None:
            direction = "[" + ", ".join("1.0" if i == 0 else "0.0" for i in range(len(at))) + "]"
            call = f"{name}({x}, {direction})"  # without --wrt: the direction of the first input
        else:
            call = f"{name}({x})"
        text += f"\n\nif __name__ == \"__main__\":\n    print(repr({call}))\n"
    return text
