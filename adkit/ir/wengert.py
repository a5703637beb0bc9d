"""The Wengert list: one primitive per step, single assignment, shared work once.

Steps are numbered as in Baydin et al. (2018): with n inputs the inputs are
v₁₋ₙ … v₀ in the order given, intermediates v₁ … vₗ.  Literal constants stay
inline as step arguments (``v2 = v1^2``).  A step identical to an earlier one
(same primitive, same arguments) is not repeated: :class:`Builder` keeps a
table of them (common-subexpression elimination), so seed eq. 3.43 lowers to
exactly six steps.

The parser's AST is lowered to these steps by :mod:`adkit.language.lower`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from adkit.ir.primitives import REGISTRY, Primitive


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
        self.aliases: dict[int, list[str]] = {i: [name] for i, name in enumerate(inputs)}  # only named steps
        self.spans: list[tuple[int, int] | None] = [None] * len(inputs)
        self.groups: list[int] = [0] * len(inputs)
        self.group = 0  # the statement being lowered; steps keep statement order
        self._seen: dict[str, dict[tuple, int]] = {}  # op → args → step: the args tuple is its own key
        self._literal_args: set[int] = set()  # the steps with a literal argument

    def apply(self, op: str, args: Sequence[Ref], span: tuple[int, int] | None = None) -> int:
        args = tuple(args)
        key = args  # steps only; literals are keyed by value (2 and 2.0 are one step)
        for a in args:
            if type(a) is not int:
                key = tuple([a if type(a) is int else ("literal", a.value) for a in args])
                literal = True
                break
        else:
            literal = False
        seen = self._seen.get(op)
        if seen is None:
            seen = self._seen[op] = {}
        found = seen.get(key)
        if found is not None:
            return found
        index = len(self.ops)
        self.ops.append(op)
        self.args.append(args)
        self.spans.append(span)
        self.groups.append(self.group)
        seen[key] = index
        if literal:
            self._literal_args.add(index)
        return index

    def alias(self, ref: Ref, name: str) -> None:
        if isinstance(ref, int):
            names = self.aliases.setdefault(ref, [])
            if name not in names:
                names.append(name)

    def finish(self, outputs: Sequence[Ref]) -> tuple[tuple[Step, ...], tuple[Ref, ...]]:
        """The numbered steps and the outputs' refs in that numbering.

        Within a statement, steps are ordered by level (1 + the highest level
        of their arguments; inputs are level 0), ties in creation order: the
        order of the textbook tables, where ln x₁, x₁x₂ and sin x₂ come before
        their sum.  Statements keep the order the user wrote them in.
        """
        n = self.n_inputs
        ops, args, aliases, spans, groups = self.ops, self.args, self.aliases, self.spans, self.groups
        self._seen = {}  # spent: dropped first, so the numbered steps below reuse its memory
        count = len(ops)
        level = [0] * count
        for i in range(n, count):
            highest = 0
            for a in args[i]:
                if type(a) is int and level[a] > highest:
                    highest = level[a]
            level[i] = highest + 1
        # inputs first; then by statement and level (one int: level < count); sorted() is stable, so ties
        # keep creation order
        one_statement = self.group == 0
        rank = level if one_statement else [group * count + lvl for group, lvl in zip(groups, level)]
        order = list(range(n)) + sorted(range(n, count), key=rank.__getitem__)
        # one int object per position, shared by the steps' indices, numbers and arguments (10⁶ steps: 64 MB less)
        positions = list(range(count + 1))  # + 1: without inputs the last number is count
        new = [0] * count
        for position, old in zip(positions, order):
            new[old] = position
        renumber = new.__getitem__
        literal_args = self._literal_args
        make, set_index, set_number, set_op, set_args, set_aliases, set_span = object.__new__, *_STEP_SLOTS
        steps = []
        for pos, old in zip(positions, order):
            step = make(Step)
            set_index(step, pos)
            set_number(step, positions[pos - n + 1] if pos >= n - 1 else pos - n + 1)
            set_op(step, ops[old])
            set_args(step, tuple([new[r] if type(r) is int else r for r in args[old]]) if old in literal_args
                     else tuple(map(renumber, args[old])))
            set_aliases(step, tuple(aliases.get(old, ())))
            set_span(step, spans[old])
            steps.append(step)
        return tuple(steps), tuple([new[r] if type(r) is int else r for r in outputs])


#: A Step's slot setters: :meth:`Builder.finish` fills each new Step's slots directly, since a frozen
#: dataclass's ``__init__`` sets every field through ``object.__setattr__`` (twice the time, a tenth
#: of a 10⁵-step compile).
_STEP_SLOTS = tuple(Step.__dict__[name].__set__ for name in ("index", "number", "op", "args", "aliases", "span"))


def output_name(inputs: Sequence[str]) -> str:
    """The name of an unnamed output: ``y``, or ``f`` when an input is called ``y``."""
    candidates = ("y", "f", "out", "output", *(f"f{k}" for k in range(1, len(inputs) + 2)))
    return next(n for n in candidates if n not in inputs)
