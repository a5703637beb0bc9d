"""Big traces stream (issue 28): JSON and CSV written piece by piece, the same text as the whole string."""

from __future__ import annotations

import io
import math
from dataclasses import replace

import pytest
from helpers import run_cli
from hypothesis import given, settings
from strategies import programs

import adkit
from adkit.cli.outputs import write_output
from adkit.errors import BindingError
from adkit.modes.forward import tangent_sweep
from adkit.modes.records import StepRecord, StepRecords
from adkit.modes.reverse import adjoint_sweep
from adkit.present import exports
from adkit.present.data import dumps, streamed_dict, trace_dict, write_json
from adkit.present.parts import TEXTBOOK, Shape

SEED, AT = "ln(x1) + x1*x2 - sin(x2)", {"x1": 2, "x2": 5}
TWO_OUTPUTS = "y1 = x1*x2 + sin(x1)\ny2 = y1*x2 - x1"
MEDIUM_OUTPUTS = "\n".join([f"a{k} = {'x' if k == 1 else f'a{k - 1}'}*y + sin(x*{k})" for k in range(1, 41)]
                           + ["b = a40 - ln(y)"])
TRACES = {
    "reverse": lambda: adkit.trace(SEED, at=AT),
    "forward": lambda: adkit.trace(SEED, at=AT, mode="forward"),
    "both, seeded": lambda: adkit.trace(SEED, at=AT, mode="both", seed={"x1": 1, "x2": -2}),
    "two outputs": lambda: adkit.trace(TWO_OUTPUTS, at=AT, mode="both", outputs=["y1", "y2"]),
    "adjoint seed": lambda: adkit.trace(SEED, at=AT, adjoint_seed=3.0),
    "fan-out": lambda: adkit.trace("x*x*x + x", at={"x": 1.5}),
    "medium, literals and fan-out": lambda: adkit.trace(" + ".join(f"sin(x*{k}.5 + y)/(1 + x^2)" for k in range(60)),
                                                      at={"x": 0.3, "y": -1.2}),
    "medium, two outputs": lambda: adkit.trace(MEDIUM_OUTPUTS, at={"x": 0.3, "y": 0.9}, mode="both",
                                               outputs=["a40", "b"], adjoint_seed={"a40": 2.0}),
}


@pytest.mark.parametrize("shape", [None, TEXTBOOK])
@pytest.mark.parametrize("indent", [2, None])
@pytest.mark.parametrize("name", TRACES)
def test_streamed_json_is_the_whole_json(name: str, indent: int | None, shape: Shape | None) -> None:
    t = TRACES[name]()
    out = io.StringIO()
    write_json(streamed_dict(t, shape), out, indent=indent, ensure_ascii=False)
    assert out.getvalue() == dumps(trace_dict(t, shape), indent=indent, ensure_ascii=False)


def test_streamed_json_stays_strict() -> None:
    with pytest.raises(ValueError, match="Out of range float"):
        write_json({"steps": [1.0, math.nan]}, io.StringIO(), indent=2)


@pytest.mark.parametrize("shape", [None, Shape(digits=3), TEXTBOOK, Shape(order="sweep")])
@pytest.mark.parametrize("name", TRACES)
def test_csv_in_slices_is_the_csv_at_once(name: str, shape: Shape | None, monkeypatch) -> None:
    t = TRACES[name]()
    monkeypatch.setattr(exports, "CSV_SLICE", 10**9)
    whole = t.to_csv(shape)
    monkeypatch.setattr(exports, "CSV_SLICE", 2)
    assert len(t.steps) > 2  # two slices at least
    assert t.to_csv(shape) == whole


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_the_command_streams_the_same_bytes_to_a_file_and_stdout(fmt: str, tmp_path) -> None:
    path = tmp_path / f"trace.{fmt}"
    status, printed, _ = run_cli("trace", SEED, "--at", "x1=2,x2=5", "--format", fmt)
    assert status == 0
    assert run_cli("trace", SEED, "--at", "x1=2,x2=5", "-o", str(path))[0] == 0
    t = adkit.trace(SEED, at=AT)
    expected = t.to_json() + "\n" if fmt == "json" else t.to_csv()
    assert printed == expected
    assert path.read_bytes() == expected.encode("utf-8")


def test_a_failing_writer_leaves_no_file(tmp_path) -> None:
    path = tmp_path / "half.json"

    def writer(stream) -> None:
        stream.write("{")
        raise ValueError("Out of range float values are not JSON compliant")

    with pytest.raises(ValueError):
        write_output(str(path), writer)
    assert not path.exists()
    with pytest.raises(BindingError, match="no_folder|folder"):
        write_output(str(tmp_path / "missing" / "x.json"), writer)


def records_one_by_one(t: adkit.Trace) -> tuple[StepRecord, ...]:
    """The oracle: every step's record made from the sweeps directly, as records were held before issue 28."""
    program = t.program
    x = [t.point[name] for name in program.inputs]
    vals = program.values(x)
    seeds = [[seed[name] for name in program.inputs] for seed in t.seeds]
    tangents = [tangent_sweep(program, x, seed) for seed in seeds]
    reverse = [adjoint_sweep(program, vals, ref, t.adjoint_seed(j)) for j, ref in enumerate(program.output_refs)] \
        if t.mode != "forward" else []
    return tuple(StepRecord(step, vals[step.index], tuple(d[step.index].tangent for d in tangents),
                            tuple(adj[step.index] for adj, _ in reverse),
                            tuple(tuple(contrib[step.index]) for _, contrib in reverse)) for step in program.steps)


@pytest.mark.parametrize("name", TRACES)
def test_the_records_kept_as_columns_are_the_records(name: str) -> None:
    t = TRACES[name]()
    expected = records_one_by_one(t)
    assert isinstance(t.steps, StepRecords)
    assert len(t.steps) == len(expected) and list(t.steps) == list(expected)
    assert t.steps == expected and t.steps[-1] == expected[-1] and t.steps[2:5] == expected[2:5]
    assert list(reversed(t.steps)) == list(reversed(expected))
    with pytest.raises(IndexError):
        t.steps[len(expected)]
    # renderers see no difference: the same bytes from a plain tuple of the records
    held = replace(t, steps=expected)
    assert t.to_json() == held.to_json() and t.to_csv() == held.to_csv()


def sweep_events_sorted(t: adkit.Trace, sweep: int) -> list[tuple]:
    """The oracle: the contributions sorted by (source last to first, position), summed as they run."""
    contributions = sorted((c for r in records_one_by_one(t) for c in r.output_contributions[sweep]),
                           key=lambda c: (-c.source, c.position))
    running = {}
    out = t.program.output_refs[sweep]
    if isinstance(out, int):
        running[out] = t.adjoint_seed(sweep)
    events = []
    for c in contributions:
        running[c.target] = running.get(c.target, 0.0) + c.value
        events.append((c.source, c.target, c.position, c.partial, c.value, running[c.target]))
    return events


def as_tuples(events) -> list[tuple]:
    return [(e.source, e.target, e.position, e.partial, e.contribution, e.adjoint) for e in events]


@pytest.mark.parametrize("name", TRACES)
def test_sweep_events_are_the_sorted_contributions(name: str) -> None:
    t = TRACES[name]()
    for sweep in range(len(t.program.outputs) if t.mode != "forward" else 0):
        assert as_tuples(t.sweep_events(sweep)) == sweep_events_sorted(t, sweep)
        assert as_tuples(t.reverse_sweep(sweep)) == sweep_events_sorted(t, sweep)
    if t.mode == "forward":
        assert t.reverse_sweep() == [] and list(t.sweep_events()) == []


def test_fan_out_events_by_hand() -> None:
    # y = x*x*x + x at 1.5: v1 = x*x, v2 = v1*x, v3 = v2 + x
    t = adkit.trace("x*x*x + x", at={"x": 1.5})
    assert as_tuples(t.sweep_events()) == [
        (3, 2, 0, 1.0, 1.0, 1.0), (3, 0, 1, 1.0, 1.0, 1.0),
        (2, 1, 0, 1.5, 1.5, 1.5), (2, 0, 1, 2.25, 2.25, 3.25),
        (1, 0, 0, 1.5, 2.25, 5.5), (1, 0, 1, 1.5, 2.25, 7.75),
    ]


@settings(max_examples=60, deadline=None)
@given(programs())
def test_sweep_events_and_records_on_random_programs(example) -> None:
    text, point = example
    program = adkit.compile(text)
    t = adkit.trace(program, at={name: point[name] for name in program.inputs}, mode="both")
    assert t.steps == records_one_by_one(t)
    assert as_tuples(t.sweep_events()) == sweep_events_sorted(t, 0)


@pytest.mark.parametrize("kept_up_to", [0, 10**9], ids=["made when read", "kept once made"])
def test_records_read_the_same_whether_kept_or_made_when_read(monkeypatch, kept_up_to: int) -> None:
    """A big trace makes each record when read (memory); a small one keeps them (its tables are
    drawn again and again): either way the same records and the same bytes."""
    monkeypatch.setattr(StepRecords, "KEPT_UP_TO", kept_up_to)
    for name in TRACES:
        t = TRACES[name]()
        expected = records_one_by_one(t)
        assert list(t.steps) == list(expected) and list(t.steps) == list(expected)  # read twice
        assert t.steps[3] == expected[3] and t.steps[-2:] == expected[-2:]
        assert (t.steps._kept is not None) == (kept_up_to > 0)
        held = replace(t, steps=expected)
        assert t.to_json() == held.to_json() and t.to_csv() == held.to_csv()
