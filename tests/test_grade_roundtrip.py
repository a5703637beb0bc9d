"""Worksheets round-trip: a CSV form filled from its key scores full marks, and changing
any one cell is caught at that cell (seeds × counts 1–5 × modes × blank kinds)."""

from __future__ import annotations

import csv
import io
import random

import pytest

from adkit.coursework.forms import BLANKS, Exercise, answer_key, render_form
from adkit.coursework.generate import generate, worksheet_seeds
from adkit.coursework.grade import grade
from adkit.trace import trace

MODES = ("forward", "reverse", "both")
SEEDS = range(200)


def _expected(entry: dict, cid: str):
    if cid.startswith("tangent_") and cid != "tangent_statement":
        return entry["tangents"][int(cid.split("_")[1]) - 1]
    return entry[cid]


def _text(value) -> str:
    return value if isinstance(value, str) else f"{value:.4g}"


def worksheet(seed: int):
    """A worksheet whose count, mode and blank kind are drawn from the seed (all 45 combinations over the seeds)."""
    count, mode, blank = 1 + seed % 5, MODES[seed // 5 % 3], BLANKS[seed // 15 % 3]
    exercises = [Exercise(trace(text, at=point, mode=mode), blank)
                 for text, point in (generate(1 + s % 3, s) for s in worksheet_seeds(seed, count))]
    return exercises, answer_key(exercises)


def filled(form: str, key: dict, change: tuple[int, str, str, str] | None = None) -> bytes:
    """The CSV form with every blank filled from the key; ``change``: (exercise, step, column, new text)."""
    rows = list(csv.reader(io.StringIO(form)))
    several = len(key["exercises"]) > 1
    ids: list[str] = []
    out = io.StringIO()
    writer = csv.writer(out)
    line = 0
    for i, row in enumerate(rows):
        if row[0] == "exercise" or not several and row[0] == "step":
            k = int(rows[i + 1][0]) if several else 1
            ex = key["exercises"][k - 1]
            ids = [c["id"] for c in ex["columns"]]
            entries, line = ex["steps"], 0
            writer.writerow(row)
            continue
        cells = row[1:] if several else row
        entry = entries[line]
        line += 1
        for step, cid in ex["graded"]:
            if step == entry["step"]:
                text = _text(_expected(entry, cid))
                if change is not None and change[:3] == (k, step, cid):
                    text = change[3]
                cells[ids.index(cid)] = text
        writer.writerow(row[:1] + cells if several else cells)
    return out.getvalue().encode()


def _wrong(entry: dict, cid: str) -> str:
    """A wrong answer for any tolerance: off by more than half the value and at least 0.5."""
    value = _expected(entry, cid)
    if isinstance(value, str):
        return value + " + 1"
    return f"{value + 0.5 + abs(value):.4g}"


def _off(marking) -> list[tuple[int, str, str, str]]:
    return [(c.exercise, c.step, c.column, c.status) for c in marking.cells if c.status != "ok"]


@pytest.mark.parametrize("seed", SEEDS)
def test_filled_from_the_key_scores_full_and_every_changed_cell_is_caught_there(seed):
    """Every graded cell of the sheet, one at a time, made wrong: ``wrong`` at that cell and
    nowhere else (later cells, filled from the key, stay ``ok``: the student's earlier numbers
    are the key's but one, and a right value is never marked carried).  Emptying a cell is
    checked on 3 cells per sheet (the reader's path for an empty cell is the same for every cell)."""
    exercises, key = worksheet(seed)
    form = render_form(exercises, "csv")
    marking = grade(key, filled(form, key))
    assert marking.problems == [] and marking.score == marking.max_score > 0
    assert {c.status for c in marking.cells} == {"ok"}
    cells = [(k, step, cid) for k, ex in enumerate(key["exercises"], 1) for step, cid in ex["graded"]]
    for k, step, cid in cells:
        entry = next(e for e in key["exercises"][k - 1]["steps"] if e["step"] == step)
        marking = grade(key, filled(form, key, (k, step, cid, _wrong(entry, cid))))
        assert _off(marking) == [(k, step, cid, "wrong")], (k, step, cid)
    for k, step, cid in random.Random(seed).sample(cells, min(3, len(cells))):
        marking = grade(key, filled(form, key, (k, step, cid, "")))
        assert _off(marking) == [(k, step, cid, "missing")]
