"""Big traces stream (issue 28): JSON and CSV written piece by piece, the same text as the whole string."""

from __future__ import annotations

import io
import math

import pytest
from helpers import run_cli

import adkit
from adkit.cli.outputs import write_output
from adkit.errors import BindingError
from adkit.present import exports
from adkit.present.data import dumps, streamed_dict, trace_dict, write_json
from adkit.present.parts import TEXTBOOK, Shape

SEED, AT = "ln(x1) + x1*x2 - sin(x2)", {"x1": 2, "x2": 5}
TWO_OUTPUTS = "y1 = x1*x2 + sin(x1)\ny2 = y1*x2 - x1"
TRACES = {
    "reverse": lambda: adkit.trace(SEED, at=AT),
    "forward": lambda: adkit.trace(SEED, at=AT, mode="forward"),
    "both, seeded": lambda: adkit.trace(SEED, at=AT, mode="both", seed={"x1": 1, "x2": -2}),
    "two outputs": lambda: adkit.trace(TWO_OUTPUTS, at=AT, mode="both", outputs=["y1", "y2"]),
    "adjoint seed": lambda: adkit.trace(SEED, at=AT, adjoint_seed=3.0),
    "fan-out": lambda: adkit.trace("x*x*x + x", at={"x": 1.5}),
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
