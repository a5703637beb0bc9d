"""The contraction, written once for every engine that runs the Wengert list: v̇ = Σᵢ ∂ᵢ·u̇ᵢ and ūᵢ += v̄·∂ᵢ.

A Wengert list is a graph whose edges run from each variable argument to its
step, weighted by the local partial ∂step/∂argument.  Forward mode contracts
the weights with the tangents, walking the edges in step order
(:func:`contract_tangents`); reverse mode with the adjoints, walking the same
edges backwards (:func:`contract_adjoints`).  The fast sweeps, the recorded
sweeps of the tables and dual numbers (a tape of one step) all run these two
loops.

:class:`Edges` lists the edges once per program.  A literal argument has no
edge, so its partial is never asked for (``(-2)^x`` never evaluates
``ln(-2)``); this is the only place literal arguments are skipped.  A tangent
that is the number 0 carries nothing, so its weight is not read: ``x^y`` at
x = −2 has a tangent along ẋ although ∂/∂y = xʸ·ln x is undefined.
:meth:`Edges.weigh` evaluates every weight at once, kind by kind (numbers,
values on the tape, one-argument functions, calls), with no per-step dispatch;
when a weight is undefined somewhere it falls back to :class:`LazyWeights`,
which evaluates a weight only when a sweep reads it.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, Callable, NamedTuple, Sequence

from adkit.errors import DomainError
from adkit.ir.primitives import FAILURES, ArgValue, Constant, OfArg, OutValue, Primitive

Entry = tuple[int, int, int, int, int]  # (step k, argument a, weight of a, argument b, weight of b): slots


def contract_tangents(entries: Sequence[Entry], weights: Sequence[Any], dot: list[Any]) -> None:
    """v̇ₖ = Σᵢ ∂ᵢ·u̇ᵢ in step order, over the arguments whose tangent is not the number 0 (a
    weight is read only when its tangent flows).  Tangents may be numbers, numpy vectors or duals."""
    for k, a, ea, b, eb in entries:
        total: Any = 0.0
        t = dot[a]
        if t.__class__ is not float or t:
            total = total + weights[ea] * t
        t = dot[b]
        if t.__class__ is not float or t:
            total = total + weights[eb] * t
        dot[k] = total


def contract_adjoints(entries: Sequence[Entry], weights: Sequence[Any], adj: list[Any]) -> None:
    """ūᵢ += v̄ₖ·∂ᵢ over the same entries, steps last to first, a step's arguments first to last."""
    for k, a, ea, b, eb in reversed(entries):
        g = adj[k]
        adj[a] += g * weights[ea]
        adj[b] += g * weights[eb]


class StepFailure(Exception):
    """A primitive or a partial failed at step ``index`` (``partial`` tells which)."""

    def __init__(self, index: int, vals: Sequence[Any], cause: Exception, partial: bool) -> None:
        super().__init__(index)
        self.index, self.vals, self.cause, self.partial = index, vals, cause, partial


class Owner(NamedTuple):
    """A computed weight: ∂ of step ``k`` by its argument ``position``."""

    k: int
    position: int
    partial: Callable[..., Any]
    slots: tuple[int, ...]  # the step's argument slots, literals included


Step = tuple[int, Primitive, tuple[int, ...]]  # (step slot, primitive, argument slots)
_NUMBER, _SLOT, _UNARY, _CALL = range(4)


class Edges:
    """The edges of a Wengert list, two per step, and where each weight is on the tape.

    Every step has an entry ``(k, a, ea, b, eb)``: its arguments' slots in
    positions 0 and 1 and their weights' slots.  An argument that has no edge —
    a literal, or the missing second argument of a one-argument step — is the
    ``sink``: a slot whose value, weight and tangent are 0, so it adds nothing
    and its adjoint is never read.  A weight is a slot of the tape: a number
    (+, −, negation) has one slot per primitive and argument, filled once in
    ``template``; a value already on the tape (∂(x·y)/∂x = y, ∂eˣ/∂x = eˣ) is
    that value's slot; any other weight gets a slot of its own, in one run of
    slots per kind (every cos of a sin step together), which :meth:`weigh`
    fills with one ``map`` per run.  ``steps`` are the steps with a primitive; a slot at or
    past ``literal_slots`` holds a literal.
    """

    def __init__(self, steps: Sequence[Step], literal_slots: int, template: list[float]) -> None:
        self.sink = sink = len(template)
        template.append(0.0)
        entries: list[Entry] = []
        blocks: dict[tuple[int, Any], list[tuple[int, ...]]] = {}  # computed weights by kind and callable
        pending: list[tuple[int, int]] = []  # (entry, which weight) still to be given its slot
        known: dict[int, list[tuple[int, Any]]] = {}  # each primitive's forms, numbers given slots
        for k, prim, args in steps:
            forms = known.get(id(prim))
            if forms is None:
                forms = known[id(prim)] = [(kind, _slot(template, detail)) if kind == _NUMBER else (kind, detail)
                                            for kind, detail in _forms(prim)]
            pair = [sink, sink, sink, sink]
            for position, s in enumerate(args):
                if s >= literal_slots:  # a literal: no edge, so its partial is never asked for
                    continue
                kind, detail = forms[position]
                if kind == _NUMBER:
                    e = detail
                elif kind == _SLOT:
                    e = k if detail is None else args[detail]
                else:
                    block = blocks.setdefault((kind, detail), [])
                    block.append((s,) if kind == _UNARY else (*args, k))
                    e = (kind, detail, len(block) - 1)  # type: ignore[assignment]  # a slot once all are counted
                    pending.append((len(entries), 2 * position + 2))
                pair[2 * position], pair[2 * position + 1] = s, e
            entries.append((k, *pair))  # type: ignore[arg-type]
        # each kind of computed weight in one run of slots, filled by one map in weigh()
        self.blocks: list[tuple[int, int, Callable[..., Any], list[list[int]]]] = []
        base: dict[tuple[int, Any], int] = {}
        for key, arguments in blocks.items():
            base[key] = len(template)
            template.extend([0.0] * len(arguments))
            self.blocks.append((base[key], len(template), key[1], [list(c) for c in zip(*arguments)]))
        for i, field in pending:
            entry = list(entries[i])
            kind, detail, index = entry[field]
            entry[field] = base[kind, detail] + index
            entries[i] = tuple(entry)  # type: ignore[assignment]
        self.entries, self.steps = entries, steps

    def weigh(self, vals: list[Any]) -> Sequence[Any]:
        """The weights at the tape ``vals`` (plain floats): the computed ones written into their
        slots, a kind at a time; where one is undefined, weights evaluated when a sweep reads them."""
        try:
            for lo, hi, f, columns in self.blocks:
                vals[lo:hi] = map(f, *[map(vals.__getitem__, column) for column in columns])
        except FAILURES:
            return LazyWeights(self.owners, vals)
        return vals

    @cached_property
    def edges(self) -> list[tuple[int, int, int, int]]:
        """Every edge ``(k, position, s, e)``, steps last to first, a step's arguments first to last."""
        sink = self.sink
        return [(k, position, s, e) for k, a, ea, b, eb in reversed(self.entries)
                for position, s, e in ((0, a, ea), (1, b, eb)) if s != sink]

    @cached_property
    def owners(self) -> dict[int, Owner]:
        """Each computed weight's step, argument position, partial and argument slots, by its slot."""
        computed = {e for lo, hi, _, _ in self.blocks for e in range(lo, hi)}
        by_step = {k: (prim, args) for k, prim, args in self.steps}
        return {e: Owner(k, position, by_step[k][0].partials[position], by_step[k][1])
                for k, position, _, e in self.edges if e in computed}

    @cached_property
    def _of_step(self) -> dict[int, list[tuple[int, int]]]:
        by_step: dict[int, list[tuple[int, int]]] = {}
        for k, position, _, e in self.edges:
            by_step.setdefault(k, []).append((position, e))
        return by_step

    def of_step(self, k: int) -> list[tuple[int, int]]:
        """(argument position, weight slot) of step ``k``'s edges, its arguments first to last."""
        return self._of_step.get(k, [])


def _forms(prim: Primitive) -> tuple[tuple[int, Any], ...]:
    """How each partial of ``prim`` is found: a number, a tape slot (an argument's index, None
    for the value), a one-argument function, or a call; decided once per primitive."""
    known = _FORMS.get(prim.name)
    if known is not None and known[0] is prim:  # the record itself: a test may swap one in
        return known[1]
    forms: list[tuple[int, Any]] = []
    for partial in prim.partials:
        if isinstance(partial, Constant):
            forms.append((_NUMBER, partial.value))
        elif isinstance(partial, ArgValue):
            forms.append((_SLOT, partial.index))
        elif isinstance(partial, OutValue):
            forms.append((_SLOT, None))  # the step's own value
        elif isinstance(partial, OfArg) and prim.arity == 1:
            forms.append((_UNARY, partial.function))
        else:
            forms.append((_CALL, partial))
    _FORMS[prim.name] = (prim, tuple(forms))
    return _FORMS[prim.name][1]


_FORMS: dict[str, tuple[Primitive, tuple[tuple[int, Any], ...]]] = {}


def _slot(template: list[float], number: float) -> int:
    """A new slot of ``template`` holding ``number``."""
    template.append(number)
    return len(template) - 1


class LazyWeights:
    """Weights read from the tape, the computed ones evaluated when first read: for dual numbers
    on the tape, or where a weight is undefined somewhere.

    An undefined weight raises :class:`StepFailure` naming its step when a sweep
    reads it; a DomainError that already names a step passes through.
    """

    __slots__ = ("owners", "vals", "cache")

    def __init__(self, owners: dict[int, Owner], vals: Sequence[Any]) -> None:
        self.owners, self.vals, self.cache = owners, vals, {}

    def __getitem__(self, e: int) -> Any:
        o = self.owners.get(e)
        if o is None:
            return self.vals[e]
        d = self.cache.get(e)
        if d is None:
            vals = self.vals
            try:
                d = o.partial(*[vals[s] for s in o.slots], vals[o.k])
            except (*FAILURES, DomainError) as failure:  # DomainError: a partial of dual numbers
                if isinstance(failure, DomainError) and failure.step:
                    raise
                raise StepFailure(o.k, vals, failure, partial=True) from None
            self.cache[e] = d
        return d

    def defined(self, e: int) -> bool:
        """Whether weight ``e`` has a value here (it is evaluated if it was not)."""
        try:
            self[e]
        except (StepFailure, DomainError):
            return False
        return True
