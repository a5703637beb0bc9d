"""docs/errata.md: every right value recomputed here from the notes' own inputs, and
``adkit trace --preset dl-dw1-chain`` multiplying exactly the six factors of the chain."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from helpers import run_cli

import adkit
from adkit.cli.trace_presets import TRACE_PRESETS

ERRATA = (Path(__file__).resolve().parent.parent / "docs" / "errata.md").read_text(encoding="utf-8")
#: Nguyen Truong Long's factors: ∂L/∂y, ∂y/∂h⁽²⁾, ∂h⁽²⁾/∂a⁽²⁾, ∂a⁽²⁾/∂h⁽¹⁾, ∂h⁽¹⁾/∂a⁽¹⁾, ∂a⁽¹⁾/∂w⁽¹⁾
FACTORS = [2 * (-1.14 - 0.85), 0.6, 0.75 * (1 - 0.75), -0.5, 0.66 * (1 - 0.66), 0.2]


def chain_trace(**options):
    formula, point = TRACE_PRESETS["dl-dw1-chain"]
    name, value = point.split("=")
    return adkit.trace(formula, at={name: float(value)}, **options)


def test_the_chain_is_0_01005_not_0_0084():
    product = math.prod(FACTORS)
    assert [round(f, 4) for f in FACTORS] == [-3.98, 0.6, 0.1875, -0.5, 0.2244, 0.2]
    assert round(product, 5) == 0.01005 and round(product, 4) != 0.0084
    t = chain_trace()
    assert t.gradient["w1"] == pytest.approx(product, rel=1e-12)
    partials = [e.partial for e in t.reverse_sweep()]  # outside in, as the notes multiply
    assert partials == pytest.approx(FACTORS, rel=1e-12)
    assert chain_trace(adjoint_seed=0.5).gradient["w1"] == pytest.approx(product / 2, rel=1e-12)  # with the ½


def test_the_preset_prints_the_six_factors_and_the_product():
    status, out, _ = run_cli("trace", "--preset", "dl-dw1-chain", "--order", "complete", "--arithmetic")
    assert status == 0
    for factor in ("(−3.98)", "0.6", "0.1875", "(−0.5)", "0.2244", "0.2"):
        assert re.search(rf"= v̄\S+·{re.escape(factor)} = ", out), factor
    assert "w̄1 = v̄₀ = 0.01005" in out


@pytest.mark.parametrize("argv, needle", [
    (["--preset", "dl-dw1-chain", "--at", "w1=2"], "--preset dl-dw1-chain gives the formula and its point"),
    (["--preset", "chain"], "unknown preset 'chain'; known: dl-dw1-chain"),
])
def test_preset_misuse_is_one_line_exit_2(argv, needle):
    status, out, err = run_cli("trace", *argv)
    assert status == 2 and out == "" and err.strip().count("\n") == 0 and needle in err


def test_every_right_value_of_the_errata_from_the_notes_inputs():
    sigma = 1 / (1 + math.exp(-1))  # Basics §5.2: the sum w0·x0 + w1·x1 + w2 = 1
    right = {
        "0.01005": round(math.prod(FACTORS), 5),
        "−0.59": round(sigma * (1 - sigma) * -3, 2),
        "0.196639": round(0.731 * (1 - 0.731), 6),
        "0.06272": round((1.32 - 1.0) * 0.196, 5),
        "0.0629245": round((1.32 - 1.0) * 0.731 * (1 - 0.731), 7),
        "0.065": round(((1 - 0.8) ** 2 + (0 - 0.3) ** 2) / 2, 3),
        "= 5;": (0.8 - 0) / (0.8 * (1 - 0.8)),
    }
    for text, value in right.items():
        assert text in ERRATA
        assert float(text.strip("=; ").replace("−", "-")) == pytest.approx(value, rel=1e-12)
    assert round(sigma * (1 - sigma), 4) == 0.1966 and round(-1 / 1.37 ** 2, 2) == -0.53
    assert "0.0084" in ERRATA and "0.6 |" in ERRATA  # the printed values are quoted next to the right ones


def test_every_error_names_a_command_that_the_page_runs():
    rows = [line for line in ERRATA.split("## Arithmetic and sign errors")[1].split("###")[0].splitlines()
            if re.match(r"\| \d+ \|", line)]
    run = re.findall(r"^\$ (adkit .*)$", ERRATA, re.M)  # the ```console lines tests/test_docs.py runs
    assert len(rows) == 7
    for row in rows:
        command = re.search(r"`(adkit [^`]+)`", row).group(1)
        assert any(line.startswith(command) for line in run), command
