"""Issue 24, point 6: --explain and --verify fit the width like the tables; no inf or nan is printed."""

from __future__ import annotations

import json
import re

import pytest

from adkit.present.textwidth import cell_width
from helpers import run_cli

SEED = ("trace", "ln(x1) + x1*x2 - sin(x2)", "--at", "x1=2,x2=5")


@pytest.mark.parametrize("width", [80, 60, 44])
def test_every_line_of_explain_and_verify_fits_and_no_number_is_cut(width):
    status, out, _ = run_cli(*SEED, "--explain", "--verify", width=width)
    assert status == 0
    assert [line for line in out.splitlines() if cell_width(line.rstrip()) > width] == []
    assert "…" not in out and "-0.2837 + 2 = 1.716" in out.replace("\n    ", " ").replace("  ", " ")
    assert not re.search(r"\d\n *\d", out)  # no number goes on on the next line


def test_explain_wraps_at_words_under_its_number():
    status, out, _ = run_cli(*SEED, "--explain", width=80)
    assert status == 0
    assert ("  8. v₀ is used 2 times, by 2 steps (v₃, v₂), so a change in v₀ reaches the\n"
            "     output along 2 paths: the multivariable chain rule adds the contributions,\n"
            "     v̄₀ = -0.2837 + 2 = 1.716.\n") in out


def test_verify_table_at_80_columns_rounds_instead_of_cutting():
    status, out, _ = run_cli(*SEED, "--verify", width=80)
    table = out.split("central finite differences\n", 1)[1]
    assert status == 0 and table.startswith(
        " " * 78 + "\n"
        "  input    forward    reverse      sympy   finite diff.   rel. error   check  \n"
        " " + "━" * 76 + " \n"
        "  x1           5.5        5.5        5.5            5.5      0.0e+00   ✓      \n"
        "  x2      1.716338   1.716338   1.716338       1.716338      0.0e+00   ✓      \n")


def test_verify_at_60_columns_splits_with_the_input_column_repeated():
    status, out, _ = run_cli(*SEED, "--verify", width=60)
    headers = [line.split() for line in out.splitlines() if line.startswith("  input")]
    assert status == 0 and headers == [["input", "forward", "reverse", "sympy", "finite", "diff."],
                                       ["input", "rel.", "error", "check"]]


def test_no_inf_or_nan_at_a_kink_in_text_or_json():
    status, out, err = run_cli("trace", "abs(x)", "--at", "x=0", "--verify", width=80)
    assert status == 0 and not re.search(r"\b(inf|nan)\b", out + err)
    assert "  x             1         1       0              —            —   convention  \n" in out
    status, out, _ = run_cli("trace", "abs(x)", "--at", "x=0", "--verify", "--format", "json")
    data = json.loads(out)  # strict JSON: it used to end in a traceback for the infinite relative error
    assert status == 0 and data["verification"]["inputs"]["x"]["rel_error"] is None
