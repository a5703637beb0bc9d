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

Programs longer than :data:`MAX_FUNCTION_STEPS` are split into functions of
:data:`CHUNK_STEPS` steps that pass values through lists, so no single
function handed to CPython's compiler grows without bound.
"""

from __future__ import annotations

import math
import re
import time
from functools import cached_property
from typing import Any, Callable, Mapping, Sequence

from adkit.errors import AdkitError, BindingError
from adkit.functions import FAILURES
from adkit.primitives import Primitive
from adkit.program import Point, Program
from adkit.wengert import Literal, Ref, Step

LANGUAGES = ("python", "c", "latex")
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


def _factor(text: str) -> str:
    """``text`` as a factor of a product: parenthesised unless it is one already."""
    if " " not in text or _enclosed(text):
        return text
    return f"({text})"


def _enclosed(text: str) -> bool:
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and i < len(text) - 1:
            return False
    return True


class _Emitter:
    """Statements of one program in one language (``python`` or ``c``)."""

    def __init__(self, program: Program, lang: str) -> None:
        self.program = program
        self.steps = program.steps
        self.n = len(program.inputs)
        self.lang = lang
        self._partials: dict[int, list[tuple[int, str]]] = {}

    def ref(self, ref: Ref) -> str:
        return literal(ref.value) if isinstance(ref, Literal) else ident(self.steps[ref])

    def _fill(self, template: str, step: Step) -> str:
        return template.replace("{out}", ident(step)).format(*(self.ref(a) for a in step.args))

    def primal(self, step: Step) -> str:
        prim: Primitive = step.primitive  # type: ignore[assignment]
        return self._fill(prim.c if self.lang == "c" else prim.python, step)

    def partials(self, step: Step) -> list[tuple[int, str]]:
        """(argument index, ∂ code) for the variable arguments only."""
        found = self._partials.get(step.index)
        if found is None:
            prim: Primitive = step.primitive  # type: ignore[assignment]
            templates = prim.partial_c if self.lang == "c" else prim.partial_python
            found = self._partials[step.index] = [
                (arg, self._fill(t, step)) for arg, t in zip(step.args, templates) if not isinstance(arg, Literal)]
        return found

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
        out.append(f"    {', '.join(ident(s) for s in inputs)}{',' if len(inputs) == 1 else ''} = x")
        if mode == "forward":
            if seeds is None:
                out.append(f"    {', '.join(ident(s) + '_dot' for s in inputs)}{',' if len(inputs) == 1 else ''} = x_dot")
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
                  chunk_steps: int | None = None, optimize: bool = False) -> str:
    """The Python module text of one function: ``f``, ``f_jvp`` or ``f_grad``.

    ``f(x) -> y``; ``f_jvp(x, x_dot) -> (y, y_dot)`` (``f_jvp(x)`` when forward
    ``wrt`` names the one seeded input); ``f_grad(x) -> (y, [x̄ …])`` with the
    adjoints of ``wrt`` (default: every input), in that order.  ``optimize``
    simplifies the adjoint sweep (see :func:`_py_adjoint_sweep_fast`).  A
    program longer than ``chunk_steps`` is split into chunks of that many
    steps (default: chunks of :data:`CHUNK_STEPS` beyond :data:`MAX_FUNCTION_STEPS`);
    chunked code always uses the simplified adjoint sweep.
    """
    em = _Emitter(program, "python")
    seeds, picks = _wrt(program, mode, wrt)
    head = ["\"\"\"Generated by adkit from a Wengert list; imports only math.\"\"\"", "", "import math", ""]
    length = len(program.steps) - em.n
    if chunk_steps is None:
        chunk_steps = CHUNK_STEPS if length > MAX_FUNCTION_STEPS else length
    if length > chunk_steps:
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
    elif optimize:
        sweep, adjoints = _py_adjoint_sweep_fast(em)
        body += sweep
        body.append(f"    return {y}, [{', '.join(adjoints[i] for i in picks)}]")
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


def _adjoint_counts(em: _Emitter) -> list[int]:
    count = [0] * len(em.steps)
    for step in em.steps[em.n:]:
        for a in step.args:
            if isinstance(a, int):
                count[a] += 1
    return count


def _fast_sweep(em: _Emitter, work: Sequence[Step], preset: set[int], count: Sequence[int],
                body: list[str]) -> Callable[[int], tuple[str, bool]]:
    """Append the simplified adjoint statements of ``work`` (in reverse) to ``body``.

    ``preset`` adjoints already hold a value in a local; any other adjoint is
    zero until its first contribution, which is assigned (``=``) rather than
    added.  An adjoint with a single contribution of partial ±1 is not stored:
    its uses read the adjoint it copies (``v4_bar`` is ``v5_bar``).  The
    arithmetic and its order are those of the readable sweep, so are the
    values (only the sign of a zero may differ).  Returns a function giving
    each adjoint's final expression as ``(text, negated)``.
    """
    out = em.program.output_ref
    alias: dict[int, tuple[str, bool]] = {}
    defined = set(preset)

    def adjoint_of(k: int) -> tuple[str, bool]:
        if k in alias:
            return alias[k]
        return (ident(em.steps[k]) + "_bar", False) if k in defined else ("0.0", False)

    for step in reversed(work):
        g, negated = adjoint_of(step.index)
        for a, p in em.partials(step):
            neg = negated != (p == "-1.0")
            value = g if p in ("1.0", "-1.0") else f"{g} * {_factor(p)}"
            target = ident(em.steps[a]) + "_bar"
            if p in ("1.0", "-1.0") and count[a] == 1 and a != out and a not in defined:
                alias[a] = (g, neg)
            elif a not in defined:
                body.append(f"    {target} = {'-' if neg else ''}{value}")
                defined.add(a)
            else:
                body.append(f"    {target} {'-=' if neg else '+='} {value}")
    return adjoint_of


def _signed(g: tuple[str, bool]) -> str:
    return f"-{g[0]}" if g[1] else g[0]


def _py_adjoint_sweep_fast(em: _Emitter) -> tuple[list[str], list[str]]:
    """The simplified adjoint sweep of a single function (see :func:`_fast_sweep`)."""
    out = em.program.output_ref
    body = ["    # adjoint sweep (simplified: first contributions assigned, copies elided)"]
    preset = set()
    if not isinstance(out, Literal):
        body.append(f"    {ident(em.steps[out])}_bar = 1.0")
        preset.add(out)
    adjoint_of = _fast_sweep(em, em.steps[em.n:], preset, _adjoint_counts(em), body)
    return body, [_signed(adjoint_of(i)) for i in range(em.n)]


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


_NAME = re.compile(r"\bv(_m)?([0-9]+)\b")


def _names_in(em: _Emitter, code: str) -> set[int]:
    """Step indices whose primal names appear in generated code."""
    return {em.n - 1 + (-int(m.group(2)) if m.group(1) else int(m.group(2))) for m in _NAME.finditer(code)}


def _tuple(names: Sequence[str], per_line: int = 12) -> str:
    """``(a, b, c,)`` over several lines: one slice load or store per chunk."""
    rows = [", ".join(names[i:i + per_line]) for i in range(0, len(names), per_line)]
    return "(\n        " + ",\n        ".join(rows) + ",\n    )"


def _py_chunked(em: _Emitter, mode: str, seeds: Sequence[float] | None, picks: Sequence[int],
                size: int) -> list[str]:
    """Functions of ``size`` steps each; values cross chunks through lists.

    ``t`` holds primal values and ``d`` tangents, one slot per step (inputs
    first); ``b`` holds adjoints.  A chunk loads what it reads from earlier
    chunks, keeps everything else in locals, and stores what later code
    reads.  The adjoint order of accumulation is the single function's.
    """
    steps, n = em.steps, em.n
    work = steps[n:]
    chunks = [work[i:i + size] for i in range(0, len(work), size)]
    out = em.program.output_ref
    last_use = [-1] * len(steps)  # the last chunk reading each primal
    for c, chunk in enumerate(chunks):
        for step in chunk:
            for a in step.args:
                if isinstance(a, int):
                    last_use[a] = c
    last_reader = last_use[:]  # the last chunk whose steps take each step as an argument
    partial_names: list[set[int]] = []
    if mode == "reverse":
        for c, chunk in enumerate(chunks):
            names = set().union(*(_names_in(em, p) for step in chunk for _, p in em.partials(step)))
            partial_names.append(names)
            for k in names:
                last_use[k] = max(last_use[k], len(chunks))  # read again by the adjoint sweep
    if not isinstance(out, Literal):
        last_use[out] = len(chunks)
    fwd = mode == "forward"
    lines: list[str] = []
    for c, chunk in enumerate(chunks):
        first = chunk[0].index
        lines += ["", "", f"def _f{c}({'t, d' if fwd else 't'}):"]
        for a in sorted({a for s in chunk for a in s.args if isinstance(a, int) and a < first}):
            lines.append(f"    {ident(steps[a])} = t[{a}]")
            if fwd:
                lines.append(f"    {ident(steps[a])}_dot = d[{a}]")
        for step in chunk:
            lines += _py_step(em, step, mode)
        if mode == "reverse":  # the adjoint sweep reads the whole tape: one slice store
            lines.append(f"    t[{first}:{first + len(chunk)}] = {_tuple([ident(s) for s in chunk])}")
        for step in chunk:
            if mode != "reverse" and last_use[step.index] > c:
                lines.append(f"    t[{step.index}] = {ident(step)}")
                if fwd:
                    lines.append(f"    d[{step.index}] = {ident(step)}_dot")
    if mode == "reverse":
        count = _adjoint_counts(em)
        for c in reversed(range(len(chunks))):
            chunk, first = chunks[c], chunks[c][0].index
            lines += ["", "", f"def _r{c}(t, b):"]
            lines.append(f"    {_tuple([ident(s) for s in chunk])} = t[{first}:{first + len(chunk)}]")
            lines += [f"    {ident(steps[k])} = t[{k}]" for k in sorted(partial_names[c]) if k < first]
            outside = sorted({a for s in chunk for a in s.args if isinstance(a, int) and a < first})
            preset = {k for k in [*outside, *(s.index for s in chunk)] if last_reader[k] > c or k == out}
            lines += [f"    {ident(steps[k])}_bar = b[{k}]" for k in sorted(preset)]
            adjoint_of = _fast_sweep(em, chunk, preset, count, lines)
            lines += [f"    b[{a}] = {_signed(adjoint_of(a))}" for a in outside]
    name = FUNCTION_NAMES[mode]
    total = len(steps)
    lines += ["", "", f"def {name}(x{', x_dot' if fwd and seeds is None else ''}):",
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
                    chunk_steps: int | None = None, optimize: bool = True) -> Callable[..., Any]:
    """Generate, compile and return ``f`` / ``f_jvp`` / ``f_grad`` for ``program``."""
    source = python_source(program, mode, wrt, chunk_steps, optimize)
    namespace: dict[str, Any] = {"__builtins__": {"__import__": _import_math_only}}
    # The only compile/exec in adkit: the source was generated above from
    # adkit identifiers, registry templates and repr() of floats.
    code = compile(source, f"<adkit codegen {mode}>", "exec")
    exec(code, namespace)
    return namespace[FUNCTION_NAMES[mode]]


# ---- compiled programs --------------------------------------------------------
class CompiledProgram(Program):
    """A :class:`Program` whose ``evaluate``, ``gradient`` and ``jvp`` run generated Python.

    Each function is generated and compiled on first use (its cost is kept in
    :attr:`codegen_seconds`).  Failures fall back to the interpreter, which
    raises the :class:`DomainError` naming the Wengert step.  Generated code
    has one output; programs with several outputs run on the interpreter.
    """

    chunk_steps: int | None = None  # None: chunks of CHUNK_STEPS beyond MAX_FUNCTION_STEPS

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
                values = list(map(float, at))
        except (KeyError, TypeError, ValueError):
            values = None
        if values is not None and len(values) == len(self.inputs) and math.isfinite(sum(values)):
            return values
        return super().point(at)

    def evaluate(self, at: Point) -> float:
        if len(self.output_refs) != 1:  # generated code has one output
            return super().evaluate(at)
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
        if len(self.output_refs) != 1:  # generated code has one output
            return super().gradient(at)
        x = self.point(at)
        fn = self.function("reverse")
        try:
            y, bars = fn(x)
        except FAILURES:
            return super().gradient(x)
        if not (math.isfinite(y) and math.isfinite(sum(bars))):
            return super().gradient(x)
        if self._plan.kinks:
            self.warn_kinks(self.values(x))
        return dict(zip(self.inputs, bars))

    def jvp(self, at: Point, seed: Point) -> tuple[float, float]:
        if len(self.output_refs) != 1:
            return super().jvp(at, seed)
        x, s = self.point(at), self.point(seed)
        fn = self.function("forward")
        try:
            y, y_dot = fn(x, s)
        except FAILURES:
            return super().jvp(x, s)
        if self._plan.kinks:
            self.warn_kinks(self.values(x))
        return y, y_dot


def source(program: Program, mode: str, lang: str = "python", wrt: Sequence[str] | None = None,
           at: Sequence[float] | None = None, optimize: bool = False) -> str:
    """Generated code for ``program`` (the ``adkit codegen`` command).

    With ``at`` (Python and C), the code ends by printing the value and the
    derivatives at that point, so ``python -c`` or a compiled C program
    reproduces adkit's numbers.
    """
    if lang in ("c", "latex"):
        from adkit.codegen_text import c_source, latex_source

        return c_source(program, mode, wrt, at) if lang == "c" else latex_source(program, mode, wrt)
    text = python_source(program, mode, wrt, optimize=optimize)
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
