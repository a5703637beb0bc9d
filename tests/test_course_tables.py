"""``--style textbook`` against Tables 3.1 and 3.2 as printed in the course notes.

The rows below were typed by hand from Minh Quang Le, *Deep Learning and
Neural Net 2*, §3.4 (Tables 3.1 and 3.2), not copied from adkit.  Each cell is
a chain ``a = b = c`` as on the page, transliterated in three ways only:
user names as adkit's input has them (``x₁`` → ``x1``), every product written
``×`` (the notes juxtapose ``v̇₀ cos v₀``), and a minus sign written ``−``.
Two printing habits are undone by :func:`_as_adkit` (the notes' ``v̄₅ × (1)``
is ``v̄₅``); the pieces with the notes' ``∂y/∂v₀`` (their name for the first
contribution, see docs/errata.md) are not compared.  A row matches when its
pieces appear, in order, among the pieces of adkit's row.
"""

from __future__ import annotations

import json
import re

import pytest
from helpers import run_cli

import adkit
from adkit.present.parts import BAYDIN, TEXTBOOK, trace_parts

SEED = "ln(x1) + x1*x2 - sin(x2)"

# Table 3.1: forward primal trace | forward tangent (derivative) trace
TABLE_3_1 = [
    ("v₋₁ = x1 = 2", "v̇₋₁ = ẋ1 = 1"),
    ("v₀ = x2 = 5", "v̇₀ = ẋ2 = 0"),
    ("v₁ = ln v₋₁ = ln 2", "v̇₁ = v̇₋₁/v₋₁ = 1/2"),
    # the notes print v₋₁×v̇₀ and then multiply 0×2 (v̇₀×v₋₁): the order of their numbers is typed
    ("v₂ = v₋₁×v₀ = 2×5", "v̇₂ = v̇₋₁×v₀ + v̇₀×v₋₁ = 1×5 + 0×2 = 5"),
    ("v₃ = sin v₀ = sin 5", "v̇₃ = v̇₀×cos v₀ = 0×cos 5 = 0"),
    ("v₄ = v₁ + v₂ = 0.693 + 10", "v̇₄ = v̇₁ + v̇₂ = 0.5 + 5 = 5.5"),
    ("v₅ = v₄ − v₃ = 10.693 + 0.959", "v̇₅ = v̇₄ − v̇₃ = 5.5 − 0 = 5.5"),
    ("y = v₅ = 11.652", "ẏ = v̇₅ = 5.5"),
]

# Table 3.2, right: reverse adjoint (derivative) trace (the left is Table 3.1's left)
TABLE_3_2 = [
    "v̄₅ = ȳ = 1",
    "v̄₄ = v̄₅×∂v₅/∂v₄ = v̄₅×(1) = 1",
    "v̄₃ = v̄₅×∂v₅/∂v₃ = v̄₅×(−1) = −1",
    "v̄₁ = v̄₄×∂v₄/∂v₁ = v̄₄×1 = 1",
    "v̄₂ = v̄₄×∂v₄/∂v₂ = v̄₄×1 = 1",
    "v̄₀ = ∂y/∂v₀ + v̄₂×∂v₂/∂v₀ = v̄₃×cos v₀ + v̄₂×v₋₁ = 1.716",
    "v̄₋₁ = ∂y/∂v₋₁ + v̄₁×∂v₁/∂v₋₁ = v̄₂×v₀ + v̄₁/v₋₁ = 5.5",
    "x̄2 = v̄₀ = 1.716",
    "x̄1 = v̄₋₁ = 5.5",
]


def _as_adkit(piece: str) -> str:
    """The notes' ``v̄₅ × (1)``, ``v̄₄ × 1`` and ``v̄₅ × (−1)`` as adkit simplifies them."""
    piece = re.sub(r"×\(?1\)?$", "", piece)
    return "−" + piece[:-5] if piece.endswith("×(−1)") else piece


def _normal(piece: str) -> str:
    """One spelling for both: ``·`` and ``×`` are products, ASCII minus is ``−``, combining marks composed."""
    return piece.replace("·", "×").replace("-", "−").replace("ȳ", "y\u0304").replace("ẏ", "y\u0307").replace("ẋ", "x\u0307")


def _pieces(chain: str) -> list[str]:
    return [_normal(_as_adkit(p)) for p in chain.split(" = ") if "∂y/" not in p]


def _matches(notes: str, adkit_pieces: list[str]) -> bool:
    want, got = _pieces(notes), iter(_normal(p) for p in adkit_pieces)
    return want[0] == _normal(adkit_pieces[0]) and all(any(w == g for g in got) for w in want[1:])


def _rows(parts, section):
    return next(p.rows for p in parts if p.section == section)


def test_table_3_1_as_the_notes_print_it():
    parts = trace_parts(adkit.trace(SEED, at={"x1": 2, "x2": 5}, mode="forward", wrt="x1"), TEXTBOOK)
    primal, tangent = _rows(parts, "primal"), _rows(parts, "tangent")
    assert len(primal) == len(tangent) == len(TABLE_3_1)
    for (left, right), p, t in zip(TABLE_3_1, primal, tangent):
        assert _matches(left, [p[0], *p[2].split(" = "), p[3]]), (left, p)
        assert _matches(right, [*t[1].split(" = "), t[2]]), (right, t)


def test_table_3_2_as_the_notes_print_it():
    parts = trace_parts(adkit.trace(SEED, at={"x1": 2, "x2": 5}, mode="reverse"), TEXTBOOK)
    adjoint = _rows(parts, "adjoint")
    assert len(adjoint) == len(TABLE_3_2)
    for notes, row in zip(TABLE_3_2, adjoint):
        assert _matches(notes, [*row[1].split(" = "), row[2]]), (notes, row)
    primal = _rows(parts, "primal")
    for (left, _), p in zip(TABLE_3_1, primal):
        assert _matches(left, [p[0], *p[2].split(" = "), p[3]]), (left, p)


def test_the_comparison_can_fail():
    """Baydin et al.'s order (one row per +=) is not the notes' Table 3.2, nor is −(−0.959)."""
    baydin = _rows(trace_parts(adkit.trace(SEED, at={"x1": 2, "x2": 5}), BAYDIN), "adjoint")
    assert not _matches(TABLE_3_2[5], [*baydin[5][1].split(" = "), baydin[5][2]])
    assert not _matches(TABLE_3_1[6][0], ["v₅", "v₄ − v₃", "10.693 − (−0.959)", "11.652"])


def _markdown_rows(text: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip("|").split("|")] for line in text.splitlines()
            if line.startswith("| v") or line.startswith("| y")]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_markdown_tables_in_both_languages_have_the_notes_rows(lang):
    status, out, _ = run_cli("trace", SEED, "--at", "x1=2,x2=5", "--style", "textbook", "--format", "markdown",
                             "--lang", lang)
    assert status == 0
    rows = _markdown_rows(out)
    primal, adjoint = rows[:8], rows[8:]
    for (left, _), p in zip(TABLE_3_1, primal):
        assert _matches(left, [p[0], *p[2].split(" = "), p[3]]), (left, p)
    assert len(adjoint) == len(TABLE_3_2)
    for notes, row in zip(TABLE_3_2, adjoint):
        assert _matches(notes, [*row[1].split(" = "), row[2]]), (notes, row)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_json_tables_have_the_notes_rows(lang):
    status, out, _ = run_cli("trace", SEED, "--at", "x1=2,x2=5", "--mode", "both", "--wrt", "x1", "--style",
                             "textbook", "--format", "json", "--lang", lang)
    primal_tangent, adjoint = (t["rows"] for t in json.loads(out)["tables"])
    assert status == 0 and len(primal_tangent) == len(TABLE_3_1) and len(adjoint) == len(TABLE_3_2)
    for (left, right), row in zip(TABLE_3_1, primal_tangent):
        assert _matches(left, [row[0], *row[2].split(" = "), row[3]]), (left, row)
        assert _matches(right, [*row[4].split(" = "), row[5]]), (right, row)
    for notes, row in zip(TABLE_3_2, adjoint):
        assert _matches(notes, [*row[1].split(" = "), row[2]]), (notes, row)
