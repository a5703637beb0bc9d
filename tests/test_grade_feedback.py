"""Feedback that names the mistake behind a wrong cell (issue 26).

The mistakes are planted here with this file's own code, from the engine's
trace (values, tangents, each ``+=`` with its partial) and a table of wrong
partials written below, never with :mod:`adkit.coursework.mistakes`; the grader
must name the planted mistake at the planted cell.  Random wrong numbers must
almost never get feedback, and right or carried cells never.
"""

from __future__ import annotations

import csv
import io
import json
import math
import random

import pytest

from adkit.cli import main
from adkit.coursework.forms import Exercise, answer_key
from adkit.coursework.generate import generate
from adkit.coursework.grade import grade
from adkit.messages import MESSAGES, using_language
from adkit.trace import trace

MISTAKES = ("fanout_dropped", "sub_sign", "partial_at_wrong_value", "seed_forgotten", "upstream_missing",
            "tangent_seed_wrong_input", "product_term_missing")

#: Wrong partials of one-argument operations, as students write them: (argument, output) → number.
WRONG_PARTIAL = {
    "log": lambda a, out: 1 / out,  # 1/v₁ for ln instead of 1/v₋₁
    "sin": lambda a, out: math.cos(out),
    "cos": lambda a, out: -math.sin(out),
    "sigmoid": lambda a, out: out,  # σ for σ·(1 − σ)
    "tanh": lambda a, out: 1 - a * a,  # 1 − z² instead of 1 − tanh²z
    "exp": lambda a, out: a,
    "sqrt": lambda a, out: 0.5 / a,
    "atan": lambda a, out: 1 / (1 + out * out),
}


def name(t, index: int) -> str:
    return t.program.steps[index].name


def exercise(seed: int):
    """A random exercise in both modes, its trace and its key."""
    text, point = generate(1 + seed % 5, seed)
    t = trace(text, at=point, mode="both")
    return t, answer_key([Exercise(t, "values")])


def sheet(key: dict, numbers: dict[tuple[str, str], float], digits: int = 6) -> bytes:
    """The key's graded cells filled with ``numbers`` (to ``digits`` significant digits)."""
    ex = key["exercises"][0]
    graded = [c for c in ex["columns"] if any(cid == c["id"] for _, cid in ex["graded"])]
    rows = [[ex["columns"][0]["headers"]["en"]] + [c["headers"]["en"] for c in graded]]
    for e in ex["steps"]:
        rows.append([e["step"]] + [f"{numbers[(e['step'], c['id'])]:#.{digits}g}" if (e["step"], c["id"]) in numbers
                                   else "" for c in graded])
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def right_numbers(t, key: dict) -> dict[tuple[str, str], float]:
    numbers = {}
    for step, cid in key["exercises"][0]["graded"]:
        r = next(r for r in t.steps if r.step.name == step)
        numbers[(step, cid)] = r.value if cid == "value" else r.adjoint if cid == "adjoint" \
            else r.tangents[int(cid.split("_")[1]) - 1]
    return numbers


# ---- planting, one function per mistake: [(cell, the number a student making it writes)] -----
def _partial(t, source: int, position: int) -> float:
    """∂v_source/∂(argument position), read off the engine's += records."""
    arg = t.program.steps[source].args[position]
    return next(c.partial for c in t.steps[arg].contributions if c.source == source and c.position == position)


def plant_fanout_dropped(t):
    for r in t.steps:
        sources = {c.source for c in r.contributions}
        for dropped in sources if len(sources) > 1 else ():
            seed = 1.0 if r.step.index == t.program.output_refs[0] else 0.0
            yield (r.step.name, "adjoint"), seed + sum(c.value for c in r.contributions if c.source != dropped)


def plant_sub_sign(t):
    steps = t.program.steps
    for r in t.steps:
        for c in r.contributions:
            if steps[c.source].op == "sub" and c.position == 1 or steps[c.source].op == "neg":
                yield (r.step.name, "adjoint"), r.adjoint - 2 * c.value
        if r.step.op == "sub" and isinstance(r.step.args[1], int):
            for k, tangent in enumerate(r.tangents):  # v̇ = v̇ₐ + v̇_b for v̇ₐ − v̇_b
                yield (r.step.name, f"tangent_{k + 1}"), tangent + 2 * t.steps[r.step.args[1]].tangents[k]
        if r.step.op == "neg" and isinstance(r.step.args[0], int):
            for k, tangent in enumerate(r.tangents):
                yield (r.step.name, f"tangent_{k + 1}"), -tangent


def plant_partial_at_wrong_value(t):
    steps = t.program.steps
    for r in t.steps:
        for c in r.contributions:
            src = steps[c.source]
            if src.op in WRONG_PARTIAL and isinstance(src.args[0], int):
                wrong = WRONG_PARTIAL[src.op](t.steps[src.args[0]].value, t.steps[c.source].value)
                yield (r.step.name, "adjoint"), r.adjoint - c.value + t.steps[c.source].adjoint * wrong
        if r.step.op in WRONG_PARTIAL and isinstance(r.step.args[0], int):
            a = t.steps[r.step.args[0]]
            for k in range(len(r.tangents)):
                yield (r.step.name, f"tangent_{k + 1}"), a.tangents[k] * WRONG_PARTIAL[r.step.op](a.value, r.value)


def plant_seed_forgotten(t):
    out = t.steps[t.program.output_refs[0]]
    yield (out.step.name, "adjoint"), out.adjoint - 1.0


def plant_upstream_missing(t):
    for r in t.steps:
        for source in {c.source for c in r.contributions}:
            yield (r.step.name, "adjoint"), r.adjoint + sum(c.partial - c.value for c in r.contributions
                                                            if c.source == source)


def plant_tangent_seed_wrong_input(t):
    inputs = [k for k, s in enumerate(t.program.steps) if s.op == "input"]
    for r in t.steps:
        read = [(p, a) for p, a in enumerate(r.step.args) if isinstance(a, int) and a in inputs]
        if r.step.op == "input" or not read:
            continue
        for k in range(len(t.seeds)):
            for wrong in inputs:
                if wrong == inputs[k]:
                    continue
                change = sum(_partial(t, r.step.index, p) * ((a == wrong) - t.steps[a].tangents[k]) for p, a in read)
                yield (r.step.name, f"tangent_{k + 1}"), r.tangents[k] + change


def plant_product_term_missing(t):
    steps = t.program.steps
    for r in t.steps:
        s = r.step
        if s.op == "mul" and all(isinstance(a, int) for a in s.args):
            for k in range(len(r.tangents)):
                for p in (0, 1):  # the term of argument p left out
                    yield (s.name, f"tangent_{k + 1}"), r.tangents[k] - _partial(t, s.index, p) * \
                        t.steps[s.args[p]].tangents[k]
        twice = [c for c in r.contributions if steps[c.source].op == "mul" and steps[c.source].args[0] ==
                 steps[c.source].args[1]]
        if len(twice) == 2:
            yield (s.name, "adjoint"), r.adjoint - twice[0].value


PLANT = {m: globals()[f"plant_{m}"] for m in MISTAKES}


def planted(mistake: str, seeds: range):
    """(key, numbers, cell) for every cell where ``mistake`` changes the number by more than 1 %
    and no other mistake planted here gives the same number (those are ambiguous: no feedback)."""
    for seed in seeds:
        t, key = exercise(seed)
        right = right_numbers(t, key)
        others = [(cell, value) for m in MISTAKES if m != mistake for cell, value in PLANT[m](t)]
        for cell, value in PLANT[mistake](t):
            if cell in right and math.isfinite(value) and not near(value, right[cell]) and \
                    not any(c == cell and near(value, v) for c, v in others):
                yield seed, key, {**right, cell: value}, cell


def near(a: float, b: float) -> bool:
    return abs(a - b) <= 0.01 * (1 + abs(b))


def feedback_at(key: dict, numbers: dict, cell) -> tuple[str, dict | None]:
    marking = grade(key, sheet(key, numbers))
    mark = next(c for c in marking.cells if (c.step, c.column) == cell)
    others = [c for c in marking.cells if c is not mark]
    assert all(c.status in ("ok", "carried") and c.feedback is None for c in others)
    return mark.status, mark.feedback


@pytest.mark.parametrize("mistake", MISTAKES)
def test_planted_mistakes_are_named(mistake: str) -> None:
    cases = named = 0
    for seed, key, numbers, cell in planted(mistake, range(60)):
        status, feedback = feedback_at(key, numbers, cell)
        assert status == "wrong"
        cases += 1
        if feedback is not None:
            assert feedback.mistake == mistake, (seed, cell, feedback)
            named += 1
    assert cases >= 5, f"{mistake}: only {cases} plantings in 60 random exercises"
    assert named == cases, f"{mistake}: named {named} of {cases}"


# ---- the seed exercise of the docs, exact sentences ---------------------------------------
SEED_TEXT, SEED_AT = "ln(x1) + x1*x2 - sin(x2)", {"x1": 2.0, "x2": 5.0}


def seed_key() -> tuple[object, dict]:
    t = trace(SEED_TEXT, at=SEED_AT, mode="reverse")
    return t, answer_key([Exercise(t, "values")])


@pytest.mark.parametrize(("cell", "written", "mistake", "text"), [
    (("v0", "adjoint"), 2.0, "fanout_dropped", "v̄₀ has only the contribution from v₂, not the one from v₃; at a "
     "fan-out every use adds: v̄₀ = v̄₃·cos v₀ + v̄₂·v₋₁"),
    (("v-1", "adjoint"), 5 + 1 / math.log(2), "partial_at_wrong_value",
     "v̄₋₁ uses 1/v₁ where the partial of v₁ = ln v₋₁ is 1/v₋₁: v̄₋₁ = v̄₂·v₀ + v̄₁/v₋₁"),
    (("v3", "adjoint"), 1.0, "sub_sign", "v̄₃ has the sign of a subtraction's partial wrong: in v₅ = v₄ − v₃ the "
     "partial with respect to v₃ is −1: v̄₃ = −v̄₅"),
    (("v5", "adjoint"), 0.0, "seed_forgotten",
     "v̄₅ left out the seed: the reverse sweep starts from y\u0304 = 1: v̄₅ = y\u0304"),
])
def test_seed_exercise_sentences(cell, written, mistake, text) -> None:
    t, key = seed_key()
    status, feedback = feedback_at(key, {**right_numbers(t, key), cell: written}, cell)
    assert (status, feedback.mistake, feedback.text) == ("wrong", mistake, text)


def test_vietnamese_sentence() -> None:
    t, key = seed_key()
    with using_language("vi"):
        _, feedback = feedback_at(key, {**right_numbers(t, key), ("v0", "adjoint"): 2.0}, ("v0", "adjoint"))
    assert feedback.text == ("v̄₀ chỉ có đóng góp từ v₂, thiếu đóng góp từ v₃; tại chỗ rẽ nhánh mọi lần dùng đều "
                             "cộng vào: v̄₀ = v̄₃·cos v₀ + v̄₂·v₋₁")


@pytest.mark.parametrize(("expression", "at", "cell", "written", "mistake"), [
    ("sin(x)*x", {"x": 0.5}, ("v2", "tangent_1"), math.cos(0.5) * 0.5, "product_term_missing"),  # v̇₁·v₀ only
    ("sin(x*y)", {"x": 2.0, "y": 3.0}, ("v1", "tangent_1"), 2.0, "tangent_seed_wrong_input"),  # seeded on y
    ("tanh(x)*x", {"x": 0.5}, ("v0", "adjoint"), 0.5 * (1 - 0.25) + math.tanh(0.5), "partial_at_wrong_value"),
    ("exp(x)*x", {"x": 0.5}, ("v0", "adjoint"), 2 * math.exp(0.5), "upstream_missing"),  # v̄₁ left out
])
def test_small_cases(expression, at, cell, written, mistake) -> None:
    t = trace(expression, at=at, mode="both")
    key = answer_key([Exercise(t, "values")])
    status, feedback = feedback_at(key, {**right_numbers(t, key), cell: written}, cell)
    assert status == "wrong" and feedback is not None and feedback.mistake == mistake, feedback


# ---- false feedback, right and carried cells -----------------------------------------------
def test_random_wrong_numbers_rarely_get_feedback() -> None:
    """Random wrong numbers in random cells: feedback in under 1 % of them (the figures, with
    4000 cells per kind of number, are in benchmarks/RESULTS.md, "Issue 26: feedback")."""
    rng = random.Random(26)
    wrong = with_feedback = 0
    for seed in range(150):
        t, key = exercise(seed)
        right = right_numbers(t, key)
        cells = [c for c in right if c[1] != "value"]
        for cell in rng.sample(cells, min(4, len(cells))):
            value = rng.choice([-1, 1]) * 10 ** rng.uniform(-2, 1.5) if rng.random() < 0.5 else \
                right[cell] * rng.uniform(-3, 3)  # any size, or near the right one
            marking = grade(key, sheet(key, {**right, cell: value}, digits=4))
            mark = next(c for c in marking.cells if (c.step, c.column) == cell)
            if mark.status == "wrong":
                wrong += 1
                with_feedback += mark.feedback is not None
    assert wrong > 400
    assert with_feedback / wrong < 0.01, f"{with_feedback} of {wrong} random wrong cells got feedback"


def test_right_imprecise_and_carried_cells_never_get_feedback() -> None:
    for seed in range(40):
        t, key = exercise(seed)
        right = right_numbers(t, key)
        marking = grade(key, sheet(key, right, digits=2))  # fewer digits than asked: imprecise
        assert {c.status for c in marking.cells} <= {"ok", "imprecise"}
        assert all(c.feedback is None for c in marking.cells)
    # a wrong v̄₃ carried into v̄₀: v̄₀ = v̄₃·cos v₀ + v̄₂·v₋₁ from the student's v̄₃ = 1
    t, key = seed_key()
    numbers = {**right_numbers(t, key), ("v3", "adjoint"): 1.0, ("v0", "adjoint"): math.cos(5) + 2}
    marks = {(c.step, c.column): c for c in grade(key, sheet(key, numbers)).cells}
    assert marks[("v0", "adjoint")].status == "carried" and marks[("v0", "adjoint")].feedback is None
    assert marks[("v3", "adjoint")].feedback.mistake == "sub_sign"


def test_every_mistake_has_its_sentences_in_both_languages() -> None:
    for mistake in MISTAKES:
        for part in ("title", "explain", "feedback"):
            entry = MESSAGES[f"mistake.{mistake}.{part}"]
            assert set(entry) == {"en", "vi"} and entry["en"] != entry["vi"]


# ---- the class view: a roster's folder with planted mistakes --------------------------------
def test_class_view_and_gradebook_columns(tmp_path, capsys) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\n" + "".join(f"S{k:03d},Student {k}\n" for k in range(1, 7)))
    forms, key_file = tmp_path / "forms", tmp_path / "key.json"
    assert main(["exercise", "exp(x*y)*sin(x)", "--students", str(roster),  # x fans out
                 "--format", "csv", "-o", str(forms), "--key", str(key_file)]) == 0
    key = json.loads(key_file.read_text())
    answers = tmp_path / "answers"
    answers.mkdir()
    planted_at = {}
    for k in range(1, 7):
        student = f"S{k:03d}"
        part = {**key, "exercises": [e for e in key["exercises"] if e["student"] == student]}
        ex = part["exercises"][0]
        t = trace(ex["expression"], at=ex["point"], mode=ex["mode"])
        numbers = right_numbers(t, part)
        mistake = "seed_forgotten" if k <= 3 else "fanout_dropped" if k <= 5 else None
        if mistake:  # the first cell where it changes the number
            cell, value = next((c, v) for c, v in PLANT[mistake](t) if c in numbers and not near(v, numbers[c]))
            numbers[cell] = value
            planted_at[student] = (mistake, cell)
        (answers / f"{student}.csv").write_bytes(f"student,{student},Student {k}\n".encode() + sheet(part, numbers))
    assert main(["grade", str(answers), "--key", str(key_file), "--summary"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-3:] == ["mistakes named in the class:", "  3 of 6 forgot the adjoint seed",
                          "  2 of 6 dropped a fan-out contribution"]
    gradebook = tmp_path / "gb.csv"
    assert main(["grade", str(answers), "--key", str(key_file), "--format", "csv", "-o", str(gradebook)]) == 0
    rows = list(csv.reader(gradebook.open(encoding="utf-8")))
    assert rows[0] == ["id", "name", "score", "max", "problem", "fanout_dropped", "seed_forgotten"]
    assert [row[5:] for row in rows[1:]] == [["0", "1"]] * 3 + [["1", "0"]] * 2 + [["0", "0"]]
    with using_language("vi"):
        assert main(["grade", str(answers), "--key", str(key_file), "--summary", "--lang", "vi"]) == 0
    assert capsys.readouterr().out.splitlines()[-2] == "  3 trên 6 sinh viên quên mầm của lượt ngược"


def test_feedback_needs_the_precision_of_an_ok_cell() -> None:
    """v̄₂ = −v̄₃ = −0.5601: +0.5601 is the subtraction's sign; "1" is within half a unit of its
    own last digit of 0.5601, but that is no reason to name a mistake."""
    t = trace("sin(x*y - ln(x))", at={"x": 2.0, "y": 3.0}, mode="reverse")
    key = answer_key([Exercise(t, "values")])
    right = right_numbers(t, key)
    _, named = feedback_at(key, {**right, ("v2", "adjoint"): 0.5600646530742619}, ("v2", "adjoint"))
    assert named.mistake == "sub_sign"
    marking = grade(key, sheet(key, right).replace(b"-0.560065", b"1"))
    mark = next(c for c in marking.cells if (c.step, c.column) == ("v2", "adjoint"))
    assert (mark.status, mark.given, mark.feedback) == ("wrong", 1.0, None)


@pytest.mark.parametrize(("written", "named"), [(2.9985, None), (3.0, None), (2.99, None), (3.0021, None)])
def test_a_mistake_too_close_to_the_right_number_is_not_named(written, named) -> None:
    """v̄₋₁ = v̄₁·v₀ + v̄₂·0.0001 = 3.0001: leaving out the tiny contribution gives 3, which cannot
    be told from 3.0001 at 4 digits, so a wrong 2.9985 (within 3's tolerance, not 3.0001's) names nothing."""
    t = trace("x*y + 0.0001*x", at={"x": 2.0, "y": 3.0}, mode="reverse")
    key = answer_key([Exercise(t, "values")])
    marking = grade(key, sheet(key, {**right_numbers(t, key), ("v-1", "adjoint"): written}))
    mark = next(c for c in marking.cells if (c.step, c.column) == ("v-1", "adjoint"))
    assert mark.feedback is named and (mark.status == "wrong" or written == 3.0)


def test_a_doubled_seed_is_wrong_and_names_nothing() -> None:
    """v̄₅ = 2: not carried (the seed is 1, whatever the student's numbers) and no mistake gives it."""
    t, key = seed_key()
    status, feedback = feedback_at(key, {**right_numbers(t, key), ("v5", "adjoint"): 2.0}, ("v5", "adjoint"))
    assert (status, feedback) == ("wrong", None)
