"""The typed answer key (adkit.coursework.key): the JSON adkit writes reads into records and
back unchanged, a key file is read and each exercise compiled once per ``adkit grade`` run,
and a key edited by hand is still one line."""

from __future__ import annotations

import json

import pytest
from exam_helpers import ROSTER, fill_csv
from helpers import run_cli
from hypothesis import HealthCheck, given, settings, strategies as st

import adkit.coursework.key as key_module
from adkit.coursework.forms import Exercise, answer_key
from adkit.coursework.generate import generate
from adkit.coursework.key import AnswerKey, KeyStep, read_key
from adkit.coursework.roster import Student
from adkit.coursework.variants import Sheet, sheets_key
from adkit.errors import BindingError
from adkit.present.data import dumps
from adkit.trace import trace


@st.composite
def keys(draw) -> dict:
    """The JSON of a key as ``adkit exercise`` writes it: random exercises in any mode and blank,
    digits or decimals, with or without a roster."""
    count = draw(st.integers(1, 3))
    exercises = []
    for _ in range(count):
        text, point = generate(draw(st.integers(1, 3)), draw(st.integers(0, 10_000)))
        mode = draw(st.sampled_from(["forward", "reverse", "both"]))
        exercises.append(Exercise(trace(text, at=point, mode=mode), draw(st.sampled_from(["values", "statements",
                                                                                          "all"]))))
    digits, decimals = draw(st.integers(1, 8)), draw(st.none() | st.integers(0, 6))
    if draw(st.booleans()):
        return answer_key(exercises, digits, decimals)
    students = [Student(f"S{k:03d}", name) for k, name in
                enumerate(draw(st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=3)), 1)]
    split = [exercises[k::len(students)] for k in range(len(students))]
    return sheets_key([Sheet(s, mine) for s, mine in zip(students, split) if mine], digits, decimals)


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(keys())
def test_a_key_adkit_wrote_reads_into_records_and_back_unchanged(key_json):
    key = AnswerKey.from_json(key_json)
    assert key.to_json() == key_json
    assert dumps(key.to_json(), indent=2, ensure_ascii=False) == dumps(key_json, indent=2, ensure_ascii=False)
    for ex, raw in zip(key.exercises, key_json["exercises"]):  # named fields, the oracle: the raw JSON
        assert [s.step for s in ex.steps] == [e["step"] for e in raw["steps"]]
        assert [list(g) for g in ex.graded] == raw["graded"]
        for step, cid in ex.graded:
            entry = next(e for e in raw["steps"] if e["step"] == step)
            want = entry["tangents"][int(cid[8:]) - 1] if cid[:8] == "tangent_" and cid[-9:] != "statement" \
                else entry[cid]
            assert ex.by_name[step].answer(cid) == want
        assert ex.program is not None and [s.name for s in ex.program.steps] == [s.step for s in ex.steps]


def test_a_key_file_written_by_exercise_round_trips_byte_for_byte(tmp_path):
    (tmp_path / "roster.csv").write_bytes(ROSTER)
    assert run_cli("exercise", "--random", "--count", "2", "--students", str(tmp_path / "roster.csv"), "--format",
                   "csv", "--key", str(tmp_path / "key.json"), "-o", str(tmp_path / "forms"))[0] == 0
    written = (tmp_path / "key.json").read_text(encoding="utf-8")
    assert dumps(read_key(str(tmp_path / "key.json")).to_json(), indent=2, ensure_ascii=False) + "\n" == written


def test_one_grade_run_reads_the_key_once_and_compiles_each_exercise_once(tmp_path, monkeypatch):
    """Before, carried errors compiled an exercise's formula again for every sheet."""
    (tmp_path / "roster.csv").write_bytes(ROSTER)
    assert run_cli("exercise", "--random", "--count", "2", "--students", str(tmp_path / "roster.csv"), "--format",
                   "csv", "--key", str(tmp_path / "key.json"), "-o", str(tmp_path / "forms"))[0] == 0
    key = json.loads((tmp_path / "key.json").read_text(encoding="utf-8"))
    for sid in ("S001", "S002", "S003"):  # every cell wrong: each is recomputed from the student's numbers
        mine = [e for e in key["exercises"] if e["student"] == sid]
        form = (tmp_path / "forms" / f"{sid}.csv").read_text(encoding="utf-8")
        change = {(k, s, c): "7.5" for k, e in enumerate(mine, 1) for s, c in e["graded"]}
        for copy in ("", "_again"):
            (tmp_path / "forms" / f"{sid}{copy}.csv").write_text(fill_csv(form, mine, change), encoding="utf-8")
    compiled, parsed = [], []
    real_compile, real_from_json = key_module.compile_program, AnswerKey.from_json.__func__
    monkeypatch.setattr(key_module, "compile_program", lambda *a, **k: compiled.append(a[0]) or real_compile(*a, **k))
    monkeypatch.setattr(AnswerKey, "from_json", classmethod(lambda cls, d: parsed.append(1) or real_from_json(cls, d)))
    for form in (["--summary"], ["--format", "csv"], ["--format", "json"], []):
        compiled.clear(), parsed.clear()
        status, out, err = run_cli("grade", str(tmp_path / "forms"), "--key", str(tmp_path / "key.json"), *form)
        assert status == 0, err
        assert parsed == [1]
        assert sorted(compiled) == sorted(e["expression"] for e in key["exercises"])  # 6 sheets, each formula once


@pytest.mark.parametrize("edit", [
    lambda k: k["exercises"][0].update(seeds=[["x"]]),
    lambda k: k["exercises"][0].update(seeds=3),
    lambda k: k["exercises"][0]["steps"][0].update(tangents={"a": 1}),
    lambda k: k["exercises"][0]["steps"][0].update(contributions=[["v1"]]),
    lambda k: k["exercises"][0]["steps"][0].update(contributions=[["v1", "2"]]),
])
def test_a_key_edited_by_hand_into_fields_the_records_cannot_hold_is_one_line(edit):
    key = answer_key([Exercise(trace("x*y + sin(x)", at={"x": 1.0, "y": 2.0}, mode="both"))])
    AnswerKey.from_json(key)
    edit(key)
    with pytest.raises(BindingError) as raised:
        AnswerKey.from_json(key)
    assert raised.value.key == "grade.bad_key"


def test_a_key_whose_formula_no_longer_matches_its_steps_grades_without_recomputing():
    key = answer_key([Exercise(trace("x*y", at={"x": 2.0, "y": 3.0}))])
    key["exercises"][0]["expression"] = "x + y + 1"  # other steps: nothing is recomputed from it
    typed = AnswerKey.from_json(key)
    assert typed.exercises[0].program is None
    assert KeyStep("v1", "mul", ("v-1", "v0"), 6.0).answer("value") == 6.0
