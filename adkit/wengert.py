"""AST → Wengert list: one primitive per step, single assignment, shared work once.

Steps are numbered as in Baydin et al. (2018): with n inputs the inputs are
v₁₋ₙ … v₀ in the order given, intermediates v₁ … vₗ.  Literal constants stay
inline as step arguments (``v2 = v1^2``).  A step identical to an earlier one
(same primitive, same arguments) is not repeated: :class:`Builder` keeps a
table of them (common-subexpression elimination), so seed eq. 3.43 lowers to
exactly six steps.

Lowering walks the AST with an explicit stack (post-order), never recursion.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from adkit.errors import BindingError, ParseError
from adkit.nodes import Apply, Assign, Module, Name, Node, Number
from adkit.primitives import CONSTANTS, REGISTRY, Primitive


@dataclass(frozen=True, slots=True)
class Literal:
    """A constant argument written inline (``2``, ``pi``)."""

    value: float
    text: str


Ref = int | Literal  # a step's index in the program, or a literal


@dataclass(frozen=True, slots=True)
class Step:
    """One line of the Wengert list: ``v[number] = op(args)``."""

    index: int  # position in Program.steps (inputs first)
    number: int  # the subscript: index - n_inputs + 1
    op: str  # "input" or a registry key
    args: tuple[Ref, ...] = ()
    aliases: tuple[str, ...] = ()  # user names bound to this value
    span: tuple[int, int] | None = None  # source text that produced it

    @property
    def name(self) -> str:
        """Plain-text name, as used in JSON: ``v-1``, ``v0``, ``v1``."""
        return f"v{self.number}"

    @property
    def primitive(self) -> Primitive | None:
        return REGISTRY.get(self.op)

    @property
    def alias(self) -> str | None:
        return self.aliases[0] if self.aliases else None


class Builder:
    """Accumulates steps with common-subexpression elimination.

    Used by the lowering of parsed text and by the tracing of Python callables,
    so both produce the same Wengert list for the same formula.
    """

    def __init__(self, inputs: Sequence[str]) -> None:
        self.n_inputs = len(inputs)
        self.ops: list[str] = ["input"] * len(inputs)
        self.args: list[tuple[Ref, ...]] = [()] * len(inputs)
        self.aliases: list[list[str]] = [[name] for name in inputs]
        self.spans: list[tuple[int, int] | None] = [None] * len(inputs)
        self.groups: list[int] = [0] * len(inputs)
        self.group = 0  # the statement being lowered; steps keep statement order
        self._seen: dict[tuple, int] = {}

    def apply(self, op: str, args: Sequence[Ref], span: tuple[int, int] | None = None) -> int:
        key = (op,) + tuple([a if isinstance(a, int) else ("literal", a.value) for a in args])
        found = self._seen.get(key)
        if found is not None:
            return found
        index = len(self.ops)
        self.ops.append(op)
        self.args.append(tuple(args))
        self.aliases.append([])
        self.spans.append(span)
        self.groups.append(self.group)
        self._seen[key] = index
        return index

    def alias(self, ref: Ref, name: str) -> None:
        if isinstance(ref, int) and name not in self.aliases[ref]:
            self.aliases[ref].append(name)

    def finish(self, outputs: Sequence[Ref]) -> tuple[tuple[Step, ...], tuple[Ref, ...]]:
        """The numbered steps and the outputs' refs in that numbering.

        Within a statement, steps are ordered by level (1 + the highest level
        of their arguments; inputs are level 0), ties in creation order: the
        order of the textbook tables, where ln x₁, x₁x₂ and sin x₂ come before
        their sum.  Statements keep the order the user wrote them in.
        """
        n = self.n_inputs
        ops, args, aliases, spans, groups = self.ops, self.args, self.aliases, self.spans, self.groups
        level = [0] * len(ops)
        for i in range(n, len(ops)):
            highest = 0
            for a in args[i]:
                if type(a) is int and level[a] > highest:
                    highest = level[a]
            level[i] = highest + 1
        # inputs first; then by statement and level; sorted() is stable, so ties keep creation order
        order = list(range(n)) + sorted(range(n, len(ops)), key=lambda i: (groups[i], level[i]))
        new = [0] * len(order)
        for position, old in enumerate(order):
            new[old] = position

        def remap(refs: Sequence[Ref]) -> tuple[Ref, ...]:
            return tuple([new[r] if type(r) is int else r for r in refs])

        steps = tuple([
            Step(pos, pos - n + 1, ops[old], remap(args[old]), tuple(aliases[old]), spans[old])
            for pos, old in enumerate(order)
        ])
        return steps, remap(outputs)


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
                raise ParseError("program.used_before_assignment", module.text, node.start, node.end, name=node.id)
            free.setdefault(node.id, None)
        if isinstance(st, Assign):
            assigned.add(st.target)
    return list(free)


def _names(root: Node) -> Iterable[Name]:
    """Name nodes in source order, iteratively."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, Name):
            yield node
        elif isinstance(node, Apply):
            stack.extend(reversed(node.args))


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

    builder = Builder(inputs)
    env: dict[str, Ref] = {name: i for i, name in enumerate(inputs)}
    last: Ref = 0
    for group, st in enumerate(module.statements):
        builder.group = group
        value = st.value if isinstance(st, Assign) else st
        last = _lower_expression(value, env, builder)
        if isinstance(st, Assign):
            env[st.target] = last
            builder.alias(last, st.target)

    final = module.statements[-1]
    if outputs is None:
        default = next(n for n in ("y", "f", "out", "output") if n not in inputs)
        names: tuple[str, ...] = (final.target if isinstance(final, Assign) else default,)
        refs: tuple[Ref, ...] = (last,)
    else:
        names = tuple(outputs)
        for name in names:
            if name not in env:
                raise BindingError("program.unknown_output", name=name, names=", ".join(env))
        refs = tuple(env[name] for name in names)
    steps, refs = builder.finish(refs)
    return tuple(inputs), steps, names, refs


def _lower_expression(root: Node, env: dict[str, Ref], builder: Builder) -> Ref:
    results: list[Ref] = []
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, ready = stack.pop()
        if isinstance(node, Number):
            results.append(Literal(node.value, node.text))
        elif isinstance(node, Name):
            ref = env.get(node.id)
            results.append(ref if ref is not None else Literal(CONSTANTS[node.id], node.id))
        elif not ready:
            stack.append((node, True))
            for arg in reversed(node.args):
                stack.append((arg, False))
        else:
            k = len(node.args)
            args = tuple(results[-k:])
            del results[-k:]
            results.append(builder.apply(node.op, args, (node.start, node.end)))
    return results[0]
