"""What the engines hand to everyone else: per-step records of a trace.

:meth:`TraceRecord.run` runs the primal sweep, one tangent sweep per seed
direction and one adjoint sweep per output over a program, and keeps every
step's value, tangents, adjoints and the ``+=`` contributions that summed to
them.  Renderers, verification and grading read these records; they never
recompute.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Iterator, Mapping, Sequence

from adkit.errors import BindingError, NonDifferentiableWarning
from adkit.ir.notation import step_text
from adkit.ir.wengert import Literal, Step
from adkit.messages import message
from adkit.modes.finite import check
from adkit.modes.forward import tangent_sweep
from adkit.modes.program import Program
from adkit.modes.reverse import Contribution, adjoint_sweep

MODES = ("forward", "reverse", "both")


def checked_mode(mode: str | None, wrt: str | None, seed: Mapping[str, float] | None) -> str:
    """The mode to run: reverse by default, forward when ``wrt`` or ``seed`` picks a direction."""
    if wrt is not None and seed is not None:
        raise BindingError("bind.wrt_and_seed")
    if mode is None:
        mode = "forward" if (wrt is not None or seed is not None) else "reverse"
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    if mode == "reverse" and (wrt is not None or seed is not None):
        raise BindingError("bind.mode_needs_forward")
    return mode


@dataclass(frozen=True, slots=True)
class StepRecord:
    """What the engines computed for one step."""

    step: Step
    value: float
    tangents: tuple[float, ...]  # one per forward sweep
    adjoints: tuple[float, ...]  # one per reverse sweep (one per output); () in forward mode
    output_contributions: tuple[tuple[Contribution, ...], ...]  # the += terms, per reverse sweep

    @property
    def adjoint(self) -> float | None:
        """v̄ of the (first) output's reverse sweep; None when no reverse sweep ran."""
        return self.adjoints[0] if self.adjoints else None

    @property
    def contributions(self) -> tuple[Contribution, ...]:
        return self.output_contributions[0] if self.output_contributions else ()


class StepRecords(Sequence[StepRecord]):
    """A trace's step records, kept as the sweeps' columns and made when read.

    A record and its tuples cost about 170 bytes a step; the columns (the
    sweeps' own lists) cost a pointer each, so a 10⁶-step trace stays under
    1 GB while it is written (benchmarks/RESULTS.md, issue 28).  A trace of at
    most ``KEPT_UP_TO`` steps keeps its records once made: its tables are drawn
    again and again (text, CSV, JSON, the player), each reading every record.
    """

    KEPT_UP_TO = 100_000
    __slots__ = ("_steps", "_values", "_tangents", "_adjoints", "_contributions", "_kept")

    def __init__(self, steps: Sequence[Step], values: Sequence[float], tangents: Sequence[Sequence[float]],
                 adjoints: Sequence[Sequence[float]],
                 contributions: Sequence[Sequence[tuple[Contribution, ...]]]) -> None:
        """One list per forward sweep (``tangents``) and per reverse sweep (``adjoints``, ``contributions``)."""
        self._steps, self._values, self._tangents = steps, values, tangents
        self._adjoints, self._contributions = adjoints, contributions
        self._kept: tuple[StepRecord, ...] | None = None

    def __len__(self) -> int:
        return len(self._steps)

    def __getitem__(self, index: Any) -> Any:
        kept = self._records()
        if kept is not None:
            return kept[index]
        if isinstance(index, slice):
            return tuple(map(self._record, range(*index.indices(len(self._steps)))))
        return self._record(range(len(self._steps))[index])  # a negative index counts back; out of range raises

    def __iter__(self) -> Iterator[StepRecord]:
        kept = self._records()
        return iter(kept) if kept is not None else map(self._record, range(len(self._steps)))

    def _records(self) -> tuple[StepRecord, ...] | None:
        """All the records, made once, for a trace small enough to keep them; None for a big one."""
        if self._kept is None and len(self._steps) <= self.KEPT_UP_TO:
            self._kept = tuple(map(self._record, range(len(self._steps))))
        return self._kept

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (StepRecords, tuple)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"StepRecords({list(self)!r})"

    def _record(self, i: int) -> StepRecord:
        tangents, adjoints, contributions = self._tangents, self._adjoints, self._contributions
        return StepRecord(self._steps[i], self._values[i], tuple([t[i] for t in tangents]) if tangents else (),
                          tuple([a[i] for a in adjoints]) if adjoints else (),
                          tuple([c[i] for c in contributions]) if contributions else ())


@dataclass(frozen=True, slots=True)
class SweepEvent:
    """One ``+=`` of a reverse sweep as it runs: v̄[target] += v̄[source]·partial."""

    source: int  # step index the adjoint flows back from
    target: int  # step index whose adjoint receives it
    position: int  # which argument of the source step the target is
    partial: float  # ∂v_source/∂v_target
    contribution: float  # v̄_source · partial
    adjoint: float  # the target's running sum after this event


@dataclass(frozen=True)
class TraceRecord:
    """The evaluation trace of a program at a point, in one or both modes: the engines' output."""

    program: Program
    mode: str
    point: dict[str, float]
    value: float | dict[str, float]  # a dict by output name when there are several
    steps: Sequence[StepRecord]  # a StepRecords, or a tuple of records
    seeds: tuple[dict[str, float], ...]  # the forward sweeps' seed directions
    gradient: dict[str, float] | None  # single output: ∂y/∂input
    jacobian: dict[str, dict[str, float]] | None  # several outputs: ∂output/∂input
    tangent: float | dict[str, float] | None  # ẏ of a single --wrt/--seed sweep
    warnings: tuple[str, ...]
    adjoint_seeds: tuple[float, ...] = ()  # v̄ each reverse sweep starts from at its output (default 1)

    def adjoint_seed(self, sweep: int = 0) -> float:
        """The v̄ reverse sweep ``sweep`` started from at its output (1 unless chosen)."""
        return self.adjoint_seeds[sweep] if sweep < len(self.adjoint_seeds) else 1.0

    def reverse_sweep(self, sweep: int = 0) -> list["SweepEvent"]:
        """The ``+=`` events of reverse sweep ``sweep`` in the order they run (see :meth:`sweep_events`)."""
        return list(self.sweep_events(sweep))

    def sweep_events(self, sweep: int = 0) -> Iterator["SweepEvent"]:
        """The ``+=`` events of reverse sweep ``sweep`` in the order they run, made one at a time.

        The sweep walks the steps last to first and, within a step, its
        variable arguments in order; ``adjoint`` is the target's running sum
        after the event (the output's sum starts from the sweep's seed), so
        fan-out shows as one target receiving twice.
        """
        if self.mode == "forward":
            return
        contributions = [c for record in self.steps for c in record.output_contributions[sweep]]
        # by (-source, position) in two stable sorts, keyed by the records' own ints: no key object per event
        contributions.sort(key=attrgetter("position"))
        contributions.sort(key=attrgetter("source"), reverse=True)
        running = [0.0] * len(self.steps)
        out = self.program.output_refs[sweep]
        if not isinstance(out, Literal):
            running[out] = self.adjoint_seed(sweep)
        for c in contributions:
            running[c.target] += c.value
            yield SweepEvent(c.source, c.target, c.position, c.partial, c.value, running[c.target])

    @property
    def sweeps(self) -> int:
        """Sweeps used: one forward sweep per seed, plus one reverse sweep per output."""
        return len(self.seeds) + (len(self.program.outputs) if self.mode != "forward" else 0)

    @classmethod
    def run(
        cls, program: Program, at: Mapping[str, float] | Sequence[float], mode: str | None = None,
        wrt: str | None = None, seed: Mapping[str, float] | None = None,
        adjoint_seed: float | Mapping[str, float] | None = None,
    ) -> "TraceRecord":
        """Run the sweeps ``mode`` asks for over ``program`` at ``at`` and keep every step's record.

        Forward mode runs one sweep per input unless ``wrt`` (one input) or
        ``seed`` (a direction) is given; reverse mode one sweep per output,
        each starting from v̄ = ``adjoint_seed`` at its output (a number for
        every output, or one per output name; default 1), as at a node inside
        a larger graph whose incoming gradient is that number.
        """
        mode = checked_mode(mode, wrt, seed)

        x = program.point(at)
        vals = program.values(x)
        value = program.output_values(vals)
        refs = program.output_refs

        seeds = _seeds(program, wrt, seed) if mode != "reverse" else []
        sweeps = [tangent_sweep(program, x, [s[name] for name in program.inputs]) for s in seeds]
        bars = _adjoint_seeds(program, adjoint_seed)
        reverse = ([adjoint_sweep(program, vals, ref, bar) for ref, bar in zip(refs, bars)]
                   if mode != "forward" else [])
        for duals in sweeps:
            check(program.steps, [d.tangent for d in duals], "tangent", vals)
        for adj, _ in reverse:
            check(program.steps, adj, "adjoint", vals)

        kinks = tuple(message("warning.kink", step=step_text(s, program.steps), note=note)
                      for s, note in program.kinks(vals))
        for text in kinks:
            warnings.warn(text, NonDifferentiableWarning, stacklevel=2)

        for _, contrib in reverse:
            for i, terms in enumerate(contrib):
                contrib[i] = tuple(terms)  # each list freed as its tuple is made
        records = StepRecords(program.steps, vals, [[d.tangent for d in duals] for duals in sweeps],
                              [adj for adj, _ in reverse], [contrib for _, contrib in reverse])
        directional = wrt is not None or seed is not None
        matrix = None  # output → input → ∂output/∂input
        if mode != "forward":
            matrix = {name: {i: float(adj[k]) for k, i in enumerate(program.inputs)}
                      for name, (adj, _) in zip(program.outputs, reverse)}
        elif not directional:
            matrix = {name: {i: _output_tangent(sw, ref) for i, sw in zip(program.inputs, sweeps)}
                      for name, ref in zip(program.outputs, refs)}
        single = len(refs) == 1
        tangent = None
        if directional:
            ydot = [_output_tangent(sweeps[0], ref) for ref in refs]
            tangent = ydot[0] if single else dict(zip(program.outputs, ydot))
        gradient = next(iter(matrix.values())) if matrix is not None and single else None
        jacobian = matrix if not single else None
        return cls(program, mode, dict(zip(program.inputs, x)), value, records, tuple(seeds),
                   gradient, jacobian, tangent, kinks, bars if mode != "forward" else ())


def _output_tangent(duals: Sequence[Any], out: int | Literal) -> float:
    return 0.0 if isinstance(out, Literal) else float(duals[out].tangent)


def _adjoint_seeds(program: Program, seed: float | Mapping[str, float] | None) -> tuple[float, ...]:
    """v̄ at each output: 1, one number for all, or by output name (others 1)."""
    if seed is None or isinstance(seed, (int, float)):
        return (1.0 if seed is None else float(seed),) * len(program.outputs)
    for name in seed:
        if name not in program.outputs:
            raise BindingError("program.unknown_output", name=name, names=", ".join(program.outputs))
    return tuple(float(seed.get(name, 1.0)) for name in program.outputs)


def _seeds(program: Program, wrt: str | None, seed: Mapping[str, float] | None) -> list[dict[str, float]]:
    names = program.inputs
    if wrt is not None:
        if wrt not in names:
            raise BindingError("bind.not_input", name=wrt, inputs=", ".join(names) or "—")
        return [{n: float(n == wrt) for n in names}]
    if seed is not None:
        for name in seed:
            if name not in names:
                raise BindingError("bind.not_input", name=name, inputs=", ".join(names) or "—")
        direction = dict(zip(names, program.point({n: seed.get(n, 0.0) for n in names})))
        return [direction]
    return [{n: float(n == m) for n in names} for m in names]
