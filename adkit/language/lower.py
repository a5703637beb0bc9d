"""AST → Wengert list: statements lowered to steps through one :class:`~adkit.ir.wengert.Builder`.

Lowering walks the AST with an explicit stack (post-order), never recursion,
so nesting depth never meets Python's recursion limit.
"""

from __future__ import annotations

import math
from typing import Iterable, Sequence

from adkit.bulk import paused_gc
from adkit.errors import BindingError, ParseError
from adkit.ir.primitives import CONSTANTS, FAILURES, REGISTRY
from adkit.ir.wengert import Builder, Literal, Ref, Step, output_name
from adkit.language.nodes import Apply, Assign, Module, Name, Node, Number


def free_names(module: Module) -> list[str]:
    """Names read before any assignment, in order of first appearance.

    Raises ParseError for a name used before a later assignment to it.
    """
    assigned_anywhere = {st.target for st in module.statements if isinstance(st, Assign)}
    assigned: set[str] = set()
    free: dict[str, None] = {}
    for st in module.statements:
        value = st.value if isinstance(st, Assign) else st
        for node in _names(value):
            if node.id in assigned:
                continue
            if node.id in assigned_anywhere:
                raise ParseError("program.used_before_assignment", module.text, node.start, node.end, name=node.id,
                                 other="f" if node.id != "f" else "out")
            free.setdefault(node.id, None)
        if isinstance(st, Assign):
            assigned.add(st.target)
    return list(free)


def _names(root: Node) -> Iterable[Name]:
    """Name nodes in source order, iteratively."""
    stack = [root]
    while stack:
        node = stack.pop()
        if type(node) is Apply:
            stack += node.args[::-1]
        elif type(node) is Name:
            yield node


def lower(
    module: Module, inputs: Sequence[str] | None = None, outputs: Sequence[str] | None = None
) -> tuple[tuple[str, ...], tuple[Step, ...], tuple[str, ...], tuple[Ref, ...]]:
    """Lower a parsed program to ``(inputs, steps, output names, output refs)``.

    ``inputs`` fixes the input order (``--at`` order); without it inputs are
    the free names in order of first appearance.  Names ``pi`` and ``e`` are
    constants unless they are inputs or assigned.
    """
    text = module.text
    assigned = [st for st in module.statements if isinstance(st, Assign)]
    free = [name for name in free_names(module) if not (name in CONSTANTS and (inputs is None or name not in inputs))]
    if inputs is None:
        inputs = free
    else:
        inputs = list(inputs)
        for st in assigned:
            if st.target in inputs:
                raise ParseError("program.assign_input", text, st.start, st.end, name=st.target)
        for name in free:
            if name not in inputs:
                raise BindingError("bind.missing", name=name)
        for name in inputs:
            if name not in free:
                raise BindingError("bind.extra", name=name, inputs=", ".join(free) or None)

    with paused_gc():  # a step or two per node, none in a cycle
        builder = Builder(inputs)
        env: dict[str, Ref] = {name: i for i, name in enumerate(inputs)}
        last: Ref = 0
        known: dict[int, float] = {}
        for group, st in enumerate(module.statements):
            builder.group = group
            value = st.value if isinstance(st, Assign) else st
            last = _lower_expression(value, env, builder, known)
            if isinstance(st, Assign):
                env[st.target] = last
                builder.alias(last, st.target)

        final = module.statements[-1]
        if outputs is None:
            names: tuple[str, ...] = (final.target if isinstance(final, Assign) else output_name(inputs),)
            refs: tuple[Ref, ...] = (last,)
        else:
            names = tuple(outputs)
            for name in names:
                if name not in env:
                    raise BindingError("program.unknown_output", name=name, names=", ".join(env))
            refs = tuple(env[name] for name in names)
        steps, refs = builder.finish(refs)
    return tuple(inputs), steps, names, refs


def unused_statements(module: Module) -> list[Assign]:
    """Statements the output (the last statement) does not need, found backwards: the
    Wengert list drops them, so a command names them instead of staying silent."""
    found = []
    live: set[str] = set()
    for k, st in enumerate(reversed(module.statements)):
        if k == 0 or not isinstance(st, Assign) or st.target in live:
            if isinstance(st, Assign):
                live.discard(st.target)
            live.update(node.id for node in _names(st.value if isinstance(st, Assign) else st))
        else:
            found.append(st)
    return found[::-1]


def _lower_expression(root: Node, env: dict[str, Ref], builder: Builder, known: dict[int, float]) -> Ref:
    """``known`` keeps the values of steps computed from literals alone (for literal exponents)."""
    results: list[Ref] = []
    stack: list[Node | None] = [root]  # None: the Apply below it has its arguments' refs on ``results``
    apply = builder.apply
    while stack:
        node = stack.pop()
        if node is None:
            node = stack.pop()
            k = len(node.args)  # type: ignore[union-attr]
            args = tuple(results[-k:])
            del results[-k:]
            if node.op == "pow" and not isinstance(args[1], Literal) and args[1] in known:  # type: ignore[union-attr]
                args = (args[0], _literal(known[args[1]]))  # x^(1+1) differentiates like x^2
            ref = apply(node.op, args, (node.start, node.end))  # type: ignore[union-attr]
            for a in args:
                if type(a) is int and a not in known:  # a step not computed from literals alone
                    break
            else:  # computed from literals alone
                try:
                    value = REGISTRY[node.op].evaluate(  # type: ignore[union-attr]
                        *(a.value if isinstance(a, Literal) else known[a] for a in args))
                except FAILURES:
                    value = math.nan
                if math.isfinite(value):  # else the primal sweep reports it, naming the step: never a literal inf
                    known[ref] = value
            results.append(ref)
        elif type(node) is Apply:
            stack.append(node)
            stack.append(None)
            stack.extend(reversed(node.args))
        elif type(node) is Name:
            ref = env.get(node.id)
            results.append(ref if ref is not None else Literal(CONSTANTS[node.id], node.id))
        else:
            results.append(Literal(node.value, node.text))  # type: ignore[union-attr]
    return results[0]


def _literal(value: float) -> Literal:
    """The value of a step computed from literals only, written as a literal."""
    return Literal(value, repr(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value))
