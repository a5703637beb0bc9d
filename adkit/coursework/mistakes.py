"""The catalogue of mistakes a student makes in a trace table, each defined once.

A tangent or adjoint cell is computed as a seed plus terms, each term a factor
(the upstream adjoint, or the argument's tangent) times a step's local partial
from the registry: :func:`correct` writes that :class:`Computation` from the
answer key's steps and contributions (the one definition: carried errors,
:mod:`adkit.coursework.carried`, recompute it too).  A :class:`Mistake` is a transformation
of it: its ``variants`` are the computations a student making that mistake at
this cell would have done (drop a contribution, flip the sign of a partial,
evaluate a partial at the output, forget the seed, ...), each with the words
(cells, statements) its feedback sentence names.  :mod:`adkit.coursework.diagnose`
evaluates them from the student's own numbers.  The sentences are in the message
catalogue under ``mistake.ID.*``: ``title`` (what the class view counts),
``explain`` (the mistake and the right rule) and ``feedback`` (this cell's).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterator, Sequence

from adkit.coursework.key import KeyExercise
from adkit.ir.notation import UNICODE, fill, partial as partial_text, ref_text, step_text, term
from adkit.ir.partials import Const
from adkit.ir.wengert import Literal, Step

Cell = tuple[str, str]  # (step name, column id)
#: How a term's local partial is read: right; the formula in its argument evaluated at the output;
#: the formula in the output evaluated at the argument; the step's own value taken for its partial.
PARTIALS = ("right", "at_output", "at_argument", "value")


@dataclass(frozen=True)
class Term:
    """``sign · factor · ∂step/∂argument[position]``, the partial read as ``partial`` (see PARTIALS)."""

    factor: Cell | float  # the student's number in that cell, or a given number
    step: str
    position: int
    sign: float = 1.0
    partial: str = "right"


@dataclass(frozen=True)
class Computation:
    """A tangent or adjoint cell: ``seed + Σ terms``."""

    seed: float
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Setting:
    """The exercise a cell belongs to: the key's exercise and its compiled steps."""

    ex: KeyExercise
    steps: Sequence[Step]

    def step(self, name: str) -> Step:
        return next(s for s in self.steps if s.name == name)

    def var(self, name: str) -> str:
        return UNICODE.var(int(name[1:]))

    def statement(self, cell: Cell) -> str:
        step, cid = cell
        entry = self.ex.by_name[step]
        return entry.adjoint_statement if cid == "adjoint" else entry.tangent_statement

    def cell_name(self, cell: Cell) -> str:
        number = int(cell[0][1:])
        return UNICODE.bar(number) if cell[1] == "adjoint" else UNICODE.dot(number)


@dataclass(frozen=True)
class Variant:
    """One way of making a mistake at a cell: what the student computed, and the words naming it."""

    computation: Computation
    words: dict[str, str]


@dataclass(frozen=True)
class Mistake:
    """One mistake of the catalogue; its sentences are the messages ``mistake.ID.title/explain/feedback``."""

    id: str
    variants: Callable[[Computation, Setting, Cell], Iterator[Variant]]

    @property
    def feedback_key(self) -> str:
        return f"mistake.{self.id}.feedback"

    @property
    def title_key(self) -> str:
        return f"mistake.{self.id}.title"

    @property
    def explain_key(self) -> str:
        return f"mistake.{self.id}.explain"


def correct(ex: KeyExercise, step: str, cid: str) -> Computation | None:
    """The right computation of a tangent or adjoint cell from the key (None: a value, or given)."""
    entry = ex.by_name[step]
    if cid == "adjoint":
        seed = 1.0 if step == ex.output_step else 0.0
        return Computation(seed, tuple(Term((src, "adjoint"), src, pos) for src, pos in entry.contributions or ()))
    if cid.startswith("tangent_") and not entry.is_input:
        return Computation(0.0, tuple(Term((a, cid), step, pos) for pos, a in enumerate(entry.args)
                                      if isinstance(a, str)))
    return None


# ---- the mistakes -------------------------------------------------------------------
def _sources(c: Computation) -> list[str]:
    return list(dict.fromkeys(t.step for t in c.terms))


def fanout_dropped(c: Computation, s: Setting, cell: Cell) -> Iterator[Variant]:
    """An adjoint used by several steps gets only some of its ``+=``: one source's are left out."""
    sources = _sources(c)
    if cell[1] != "adjoint" or len(sources) < 2:
        return
    for dropped in sources:
        kept = [src for src in sources if src != dropped]
        yield Variant(replace(c, terms=tuple(t for t in c.terms if t.step != dropped)),
                      {"kept": ", ".join(s.var(src) for src in kept), "dropped": s.var(dropped)})


def sub_sign(c: Computation, s: Setting, cell: Cell) -> Iterator[Variant]:
    """A partial that is a negative constant (what a subtraction subtracts, a negation) taken positive."""
    for i, t in enumerate(c.terms):
        step = s.step(t.step)
        expression = step.primitive.partial_expressions[t.position] if step.primitive else None
        if isinstance(expression, Const) and expression.value < 0:
            terms = c.terms[:i] + (replace(t, sign=-t.sign),) + c.terms[i + 1:]
            yield Variant(replace(c, terms=terms), {"definition": step_text(step, s.steps),
                                                    "argument": ref_text(step.args[t.position], s.steps)})


def partial_at_wrong_value(c: Computation, s: Setting, cell: Cell) -> Iterator[Variant]:
    """An elementary function's partial read at the wrong number: its formula in the argument at the
    output (1/v₁ for ln), its formula in the output at the argument (1 − v₋₁² for tanh), or the
    step's value itself (σ for σ·(1 − σ))."""
    for i, t in enumerate(c.terms):
        step = s.step(t.step)
        if step.primitive is None or step.primitive.arity != 1 or not step.primitive.function:
            continue
        args = [ref_text(a, s.steps) for a in step.args]
        literals = [a.value if isinstance(a, Literal) else None for a in step.args]
        out = UNICODE.var(step.number)
        template = step.primitive.partial_unicode[t.position]
        right = partial_text(step, t.position, s.steps)
        wrong = {"at_output": fill(template, [out if k == t.position else a for k, a in enumerate(args)], literals, out),
                 "at_argument": fill(template, args, literals, args[t.position]), "value": out}
        for how, text in wrong.items():
            if text != right:
                terms = c.terms[:i] + (replace(t, partial=how),) + c.terms[i + 1:]
                yield Variant(replace(c, terms=terms), {"wrong": text, "right": right,
                                                        "definition": step_text(step, s.steps)})


def seed_forgotten(c: Computation, s: Setting, cell: Cell) -> Iterator[Variant]:
    """The output's adjoint started at 0 instead of the seed ȳ = 1."""
    if cell[1] == "adjoint" and c.seed:
        yield Variant(replace(c, seed=0.0), {"seed": UNICODE.mark(s.ex.output, "bar")})


def upstream_missing(c: Computation, s: Setting, cell: Cell) -> Iterator[Variant]:
    """A chain-rule step written as the local partial alone, without the adjoint from above."""
    if cell[1] != "adjoint":
        return
    sources = _sources(c)
    for left_out in sources + ([None] if len(sources) > 1 else []):
        terms = tuple(replace(t, factor=1.0) if left_out in (None, t.step) else t for t in c.terms)
        names = sources if left_out is None else [left_out]
        yield Variant(replace(c, terms=terms), {"upstream": ", ".join(UNICODE.bar(int(n[1:])) for n in names)})


def tangent_seed_wrong_input(c: Computation, s: Setting, cell: Cell) -> Iterator[Variant]:
    """A forward sweep seeded on another input: the inputs' tangents of another direction."""
    if not cell[1].startswith("tangent_"):
        return
    inputs = list(s.ex.inputs)
    seed = list(s.ex.seeds[int(cell[1].split("_")[1]) - 1])
    position = {e.step: k for k, e in enumerate(e for e in s.ex.steps if e.is_input)}

    def of_input(t: Term) -> bool:
        return isinstance(t.factor, tuple) and t.factor[0] in position

    if not any(of_input(t) for t in c.terms):
        return
    for j, name in enumerate(inputs):
        unit = [float(k == j) for k in range(len(inputs))]
        if unit == seed:
            continue
        terms = tuple(replace(t, factor=unit[position[t.factor[0]]]) if of_input(t) else t for t in c.terms)
        yield Variant(replace(c, terms=terms), {
            "wrong": f"{UNICODE.mark(name, 'dot')} = 1",
            "seed": ", ".join(f"{UNICODE.mark(n, 'dot')} = {v:g}" for n, v in zip(inputs, seed))})


def product_term_missing(c: Computation, s: Setting, cell: Cell) -> Iterator[Variant]:
    """A product whose factors both vary differentiated as if one were constant: one term left out."""
    by_step: dict[str, list[int]] = {}
    for i, t in enumerate(c.terms):
        if s.step(t.step).op == "mul":
            by_step.setdefault(t.step, []).append(i)
    for name, pair in by_step.items():
        if len(pair) != 2:  # a tangent's two terms, or the two += of u·u into ū
            continue
        step = s.step(name)
        for dropped, kept in ([pair[::-1]] if cell[1] == "adjoint" else [pair, pair[::-1]]):  # u·u: alike
            factor = c.terms[kept].factor
            factor_text = s.cell_name(factor) if isinstance(factor, tuple) else f"{factor:g}"
            yield Variant(replace(c, terms=c.terms[:dropped] + c.terms[dropped + 1:]), {
                "kept": term(factor_text, partial_text(step, c.terms[kept].position, s.steps)),
                "definition": step_text(step, s.steps)})


#: The catalogue, in the order its mistakes are listed (a gradebook's columns, the docs).
CATALOGUE: tuple[Mistake, ...] = tuple(Mistake(f.__name__, f) for f in (
    fanout_dropped, sub_sign, partial_at_wrong_value, seed_forgotten, upstream_missing, tangent_seed_wrong_input,
    product_term_missing))
BY_ID = {m.id: m for m in CATALOGUE}


def variants(mistake: Mistake, c: Computation, s: Setting, cell: Cell) -> Sequence[Variant]:
    """The mistake's variants at ``cell`` with the words every sentence names (the cell, its rule)."""
    common = {"cell": s.cell_name(cell), "rule": s.statement(cell)}
    return [Variant(v.computation, {**common, **v.words}) for v in mistake.variants(c, s, cell)]


__all__ = ["BY_ID", "CATALOGUE", "Cell", "Computation", "Mistake", "PARTIALS", "Setting", "Term", "Variant",
           "correct", "variants"]
