"""Trace tables at every width: nothing cut, nothing dropped, the textbook's split (issue 12)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from helpers import run_cli

import adkit
from adkit.present.layout import LONG
from adkit.present.textwidth import cell_width, wrap

SEED = "ln(x1) + x1*x2 - sin(x2)"
NEURON = "1/(1 + exp(-(w0*x0 + w1*x1 + w2)))"
NEURON_AT = {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3}
LONG_NAMES = ("weighted_sum = weight_one*input_one + weight_two*input_two + bias_term; "
              "activation_output = 1/(1 + exp(-weighted_sum)); "
              "squared_error_loss = (activation_output - target_value)^2")
LONG_AT = {"weight_one": 0.5, "input_one": 1.5, "weight_two": -0.25, "input_two": 2, "bias_term": 0.1,
           "target_value": 1}
CASES = [(SEED, {"x1": 2, "x2": 5}), (NEURON, NEURON_AT), (LONG_NAMES, LONG_AT),
         ("x1*x2 + x3*x4 - sin(x5)*exp(x6)", {"x1": 1, "x2": 2, "x3": 3, "x4": 4, "x5": 0.5, "x6": -1})]
WIDTHS = [60, 80, 100, 120, 200]


def every_cell(trace: adkit.Trace) -> list[str]:
    """Every header and cell of the one-table layout (an oracle apart from the text layout)."""
    from adkit.present.table import columns, rows

    return columns(trace) + [cell for row in rows(trace) for cell in row if cell]


def words(text: str) -> list[str]:
    return [w for w in re.split(r"\s+", text) if w]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("text, at", CASES)
def test_no_line_is_wider_than_the_width_and_nothing_is_lost(text, at, width):
    t = adkit.trace(text, at=at, mode="both")
    out = t.text(width=width)
    assert max(cell_width(line) for line in out.splitlines()) <= width
    shown = words(out)
    for cell in every_cell(t):  # each word of each cell appears: nothing cut or dropped
        for word in words(cell):
            assert word in shown, (word, width)
    for record in t.steps:  # numbers whole, never "-0.19…"
        assert adkit.trace  # noqa: B015
        assert f"{record.value:.4g}" in shown
    assert "…" not in out


@pytest.mark.parametrize("width", [60, 80, 120])
def test_the_tangent_header_is_whole_in_every_layout(width):
    out = adkit.trace(NEURON, at=NEURON_AT, mode="both").text(width=width)
    for name in NEURON_AT:
        assert f"v̇ = ∂v/∂{name}" in out


def test_a_narrow_screen_splits_like_the_textbook_with_the_step_column_repeated():
    out = adkit.trace(NEURON, at=NEURON_AT, mode="both").text(width=80)
    headers = [line for line in out.splitlines() if line.strip().startswith("step")]
    assert len(headers) >= 3  # primal, tangent sweeps, adjoint: each its own table
    assert "primal trace" in headers[0] and "tangent trace" not in headers[0]
    assert "adjoint trace" in headers[-1]
    # one table per part when the width allows the whole table: the default at 200 columns
    assert sum(line.strip().startswith("step") for line in
               adkit.trace(SEED, at={"x1": 2, "x2": 5}, mode="both").text(width=200).splitlines()) == 1


def test_statements_wrap_inside_their_cells_before_the_table_is_split():
    t = adkit.trace("sin(x)*cos(y) + exp(x*y) + ln(x + y)", at={"x": 1, "y": 2})
    natural = t.text(width=200)
    table_width = max(cell_width(line) for line in natural.splitlines()[1:-4])
    out = t.text(width=table_width - 6)
    headers = [line for line in out.splitlines() if line.strip().startswith("step")]
    assert len(headers) == 1  # still one table: a statement wrapped onto a second line
    assert len(out.splitlines()) > len(natural.splitlines())


@given(st.text(alphabet="ab v̄₀₁·+−", min_size=0, max_size=60), st.integers(4, 30))
@settings(max_examples=200)
def test_wrap_keeps_every_character_and_the_width(text, width):
    lines = wrap(text, width)
    assert all(cell_width(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_wrap_at_exactly_the_width():
    """A text (or a joined line) exactly as wide as the width stays on one line; one column less breaks it."""
    assert wrap("a = bb + cc", 11) == ["a = bb + cc"]
    assert wrap("a = bb + cc", 10) == ["a = bb", "+ cc"]
    assert wrap("a = bb + cc", 6) == ["a = bb", "+ cc"]  # "a" + " " + "= bb" is 6 columns
    assert wrap("a = bb + cc", 5) == ["a", "= bb", "+ cc"]
    assert wrap("v̄₀ = v̄₃·cos v₀", cell_width("v̄₀ = v̄₃·cos v₀")) == ["v̄₀ = v̄₃·cos v₀"]


def test_cell_width_counts_combining_marks_as_zero_and_wide_characters_as_two():
    assert cell_width("v̄₀") == 2 and cell_width("x") == 1 and cell_width("đạo hàm") == 7
    assert cell_width("漢字") == 4


def long_program(n: int) -> str:
    return "; ".join(["a0 = x"] + [f"a{i} = sin(a{i - 1}) + {i}" for i in range(1, n)])


def test_past_200_rows_the_terminal_shows_first_and_last_rows_and_how_to_see_all(tmp_path):
    text = long_program(150)  # 299 steps: v₀ … v₂₉₈
    status, out, _ = run_cli("trace", text, "--at", "x=0.5", "--width", "100")
    assert status == 0
    assert "rows 101–279 of 299 are not shown: --rows all shows every row, --rows 101-141 a range" in out
    assert "⋮" in out
    assert "v₂₉₈" in out and "v₁₅₀" not in out
    status, out, _ = run_cli("trace", text, "--at", "x=0.5", "--rows", "all")
    assert "v₁₅₀" in out and "not shown" not in out
    status, out, _ = run_cli("trace", text, "--at", "x=0.5", "--rows", "40-80")
    lines = [line.split()[0] for line in out.splitlines() if line.startswith("  v")]
    assert lines[0] == "v₃₉" and lines[-1] == "v₇₉" and len(lines) == 41
    assert "rows 40–80 of 299" in out
    path = tmp_path / "all.txt"
    assert run_cli("trace", text, "--at", "x=0.5", "-o", str(path))[0] == 0
    saved = path.read_text(encoding="utf-8")
    assert "v₁₅₀" in saved and "not shown" not in saved and LONG < 299


def test_200_rows_are_all_shown_and_201_are_not():
    """The boundary of "past 200 rows": exactly 200 rows print whole, 201 show first and last."""
    whole = "x" + "+x" * 199  # v₀ and 199 additions: 200 rows
    status, out, _ = run_cli("trace", whole, "--at", "x=1", "--width", "100")
    assert status == 0 and "not shown" not in out and "v₁₉₉" in out and "v₁₅₀" in out
    status, out, _ = run_cli("trace", whole + "+x", "--at", "x=1", "--width", "100")
    assert status == 0 and "rows 101–181 of 201 are not shown" in out and "v₁₅₀" not in out


def test_vietnamese_row_note():
    status, out, _ = run_cli("trace", long_program(150), "--at", "x=0.5", "--lang", "vi")
    assert "không hiển thị các dòng 101–279 trong 299 dòng" in out


@pytest.mark.parametrize("argv, needle", [
    (["--rows", "80-40"], "--rows"), (["--rows", "some"], "--rows"), (["--width", "10"], "--width"),
    (["--decimals", "3", "--digits", "4"], "--decimals and --digits"), (["--decimals", "x"], "--decimals"),
])
def test_bad_table_options_are_one_line_errors(argv, needle, capsys):
    status, out, err = run_cli("trace", SEED, "--at", "x1=2,x2=5", *argv)
    err += capsys.readouterr().err  # argparse writes its own errors to stderr
    assert status == 2 and needle in err and "Traceback" not in err


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_columns_environment_sets_the_width_of_piped_output(columns):
    env = {**os.environ, "COLUMNS": str(columns)}
    done = subprocess.run([sys.executable, "-m", "adkit", "trace", NEURON, "--at",
                           "w0=2,x0=-1,w1=-3,x1=-2,w2=-3", "--mode", "both"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0
    assert max(cell_width(line) for line in done.stdout.splitlines()) <= columns
    assert "v̇ = ∂v/∂x1" in done.stdout and "…" not in done.stdout


def test_print_str_repr_and_show(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    t = adkit.trace(SEED, at={"x1": 2, "x2": 5}, mode="both")
    assert str(t) == t.text(width=100)
    print(t)
    assert capsys.readouterr().out == t.text(width=100) + "\n"
    assert repr(t) == "<Trace ln(x1) + x1*x2 - sin(x2) at x1=2, x2=5: forward and reverse mode, 7 steps, value 11.65>"
    assert "\n" not in repr(adkit.trace(LONG_NAMES, at=LONG_AT))
    t.show()
    shown = capsys.readouterr().out
    assert "adjoint" in shown and "x̄1 = v̄₋₁ = 5.5; x̄2 = v̄₀ = 1.716" in shown


def test_graph_is_dot_text_and_svg_for_jupyter():
    g = adkit.trace("x*x", at={"x": 3}).graph()
    assert g.dot.startswith("digraph") and str(g) == g.dot
    bundle = g._repr_mimebundle_()
    if os.environ.get("CI") or _has_dot():
        assert bundle["image/svg+xml"].lstrip().startswith("<?xml") and "<svg" in bundle["image/svg+xml"]
    else:
        pytest.skip("Graphviz's dot is not installed")


def test_graph_without_graphviz_says_how_to_install_it(monkeypatch):
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    g = adkit.trace("x*x", at={"x": 3}).graph()
    bundle = g._repr_mimebundle_()
    assert "image/svg+xml" not in bundle
    assert "apt-get install graphviz" in bundle["text/plain"] and g.dot in bundle["text/plain"]
    with pytest.raises(adkit.AdkitError, match="Graphviz"):
        g.svg()


def _has_dot() -> bool:
    import shutil

    return shutil.which("dot") is not None
