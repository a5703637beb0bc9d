"""PrairieLearn question folders and Canvas QTI packages, read back without adkit's writers."""

from __future__ import annotations

import ast
import json
import math
import subprocess
import sys
import uuid
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser

from exam_helpers import ROSTER
from helpers import run_cli

from adkit.coursework.precision import tolerance

ARGS = ("--random", "--difficulty", "3", "--seed", "5", "--count", "2", "--mode", "both", "--blank", "all")


def _numbers(exercise: dict) -> list[float]:
    """The key's value of every numeric graded cell, in table order."""
    entries = {e["step"]: e for e in exercise["steps"]}
    out = []
    for step, column in exercise["graded"]:
        if column.endswith("_statement"):
            continue
        e = entries[step]
        out.append(e["tangents"][int(column.split("_")[1]) - 1] if column.startswith("tangent_") else e[column])
    return out


def _exam(tmp_path, fmt: str, out: str, *extra: str) -> dict:
    (tmp_path / "roster.csv").write_bytes(ROSTER)
    status, _, err = run_cli("exercise", *ARGS, "--students", str(tmp_path / "roster.csv"), "--format", fmt,
                             "-o", str(tmp_path / out), "--key", str(tmp_path / f"{out}.json"), *extra)
    assert status == 0, err
    return json.loads((tmp_path / f"{out}.json").read_text(encoding="utf-8"))


def _pl_sigfig(submitted: float, true: float, digits: int) -> bool:
    """PrairieLearn's ``comparison="sigfig"`` (prairielearn/core.py ``is_correct_scalar_sf``), restated."""
    n = digits - 1 if true == 0 else -math.floor(math.log10(abs(true))) + digits - 1
    return true - 0.51 * 10.0 ** -n < submitted < true + 0.51 * 10.0 ** -n


class _Inputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inputs: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "pl-number-input":
            self.inputs.append(dict(attrs))


_GENERATE = """
import json, random, runpy, sys
server = runpy.run_path(sys.argv[1])
seen = {}
for seed in range(200):
    random.seed(seed)
    data = {"params": {}, "correct_answers": {}}
    server["generate"](data)
    seen[data["params"]["variant"]] = [data["params"], data["correct_answers"]]
print(json.dumps(seen))
"""


def test_prairielearn_folders_parse_and_generate_gives_the_keys_answers(tmp_path):
    key = _exam(tmp_path, "prairielearn", "pl")
    by_student = {}
    for e in key["exercises"]:
        by_student.setdefault(e["student"], []).append(e)
    covered = set()
    for folder in sorted((tmp_path / "pl").iterdir()):
        k = int(folder.name.removeprefix("exercise").split("-")[0])
        info = json.loads((folder / "info.json").read_text(encoding="utf-8"))
        assert info["type"] == "v3" and info["topic"] and "adkit" in info["tags"]
        assert str(uuid.UUID(info["uuid"])) == info["uuid"]
        assert info["title"] == f"Worksheet — Exercise {k}"
        parser = _Inputs()
        page = (folder / "question.html").read_text(encoding="utf-8")
        parser.feed(page)
        assert all(i["comparison"] == "sigfig" and i["digits"] == "4" for i in parser.inputs)
        source = (folder / "server.py").read_text(encoding="utf-8")
        tree = ast.parse(source)
        assert [type(n).__name__ for n in tree.body] == ["Expr", "Import", "Import", "Assign", "FunctionDef"]
        done = subprocess.run([sys.executable, "-c", _GENERATE, str(folder / "server.py")], capture_output=True,
                              text=True, timeout=60, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        for student, (params, answers) in json.loads(done.stdout).items():
            expected = _numbers(by_student[student][k - 1])
            assert [answers[f"b{n}"] for n in range(len(answers))] == expected  # exact key values
            assert all(_pl_sigfig(float(f"{v:.4g}"), v, 4) for v in expected)  # a right 4-digit answer passes
            assert len(parser.inputs) == len(expected)
            names = {m for m in __import__("re").findall(r"\{\{params\.cells\.(\w+)\}\}", page)}
            assert names == set(params["cells"])  # every given cell has its text, none is missing
            covered.add((student, k))
    assert covered == {(s, k) for s in by_student for k in (1, 2)}


def test_prairielearn_uuids_are_stable_and_decimals_ask_decdig(tmp_path):
    _exam(tmp_path, "prairielearn", "a")
    _exam(tmp_path, "prairielearn", "b")
    _exam(tmp_path, "prairielearn", "c", "--decimals", "2")
    for info in (tmp_path / "a").glob("*/info.json"):
        assert info.read_bytes() == (tmp_path / "b" / info.parent.name / "info.json").read_bytes()
        assert json.loads(info.read_text())["uuid"] != json.loads(
            (tmp_path / "c" / info.parent.name / "info.json").read_text())["uuid"]
    page = next((tmp_path / "c").glob("*/question.html")).read_text(encoding="utf-8")
    parser = _Inputs()
    parser.feed(page)
    assert parser.inputs and all(i["comparison"] == "decdig" and i["digits"] == "2" for i in parser.inputs)


Q = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"


def test_qti_package_read_back_every_answer_is_the_key_within_its_tolerance(tmp_path):
    key = _exam(tmp_path, "qti", "quiz.zip")
    with zipfile.ZipFile(tmp_path / "quiz.zip") as archive:
        manifest = ET.fromstring(archive.read("imsmanifest.xml"))
        hrefs = [f.get("href") for f in manifest.iter() if f.tag.endswith("file")]
        assert len(hrefs) == 1 and hrefs[0] in archive.namelist()
        root = ET.fromstring(archive.read(hrefs[0]))
    assessments = root.findall(f"{Q}assessment")
    assert len(assessments) == 1
    sections = assessments[0].findall(f"{Q}section/{Q}section")
    assert [s.get("title").split()[0] for s in sections] == ["S001", "S002", "S003"]
    for section, student in zip(sections, ["S001", "S002", "S003"]):
        expected = [v for e in key["exercises"] if e["student"] == student for v in _numbers(e)]
        items = section.findall(f"{Q}item")
        assert len(items) == len(expected) > 0
        assert section.find(f"{Q}selection_ordering/{Q}selection/{Q}selection_number").text == str(len(items))
        for item, want in zip(items, expected):
            fields = {f.find(f"{Q}fieldlabel").text: f.find(f"{Q}fieldentry").text
                      for f in item.iter(f"{Q}qtimetadatafield")}
            assert fields["question_type"] == "numerical_question"
            text = item.find(f"{Q}presentation/{Q}material/{Q}mattext").text
            assert text.count("<b>?</b>") == 1 and "<table" in text and "Give the cell marked ?: " in text
            condition = item.find(f"{Q}resprocessing/{Q}respcondition/{Q}conditionvar/{Q}or")
            exact = float(condition.find(f"{Q}varequal").text)
            low, high = (float(condition.find(f"{Q}and/{Q}{t}").text) for t in ("vargte", "varlte"))
            assert exact == want
            assert low <= float(f"{want:.4g}") <= high  # a right answer to 4 digits is accepted
            assert abs((high - low) / 2 - tolerance(want, 4)) <= 1e-12 * max(1.0, abs(want))
            assert not low <= want + 2.01 * tolerance(want, 4) <= high  # twice the margin off is not


HOSTILE = ['=HYPERLINK("http://evil","x")', "<script>alert(1)</script>", "[x](javascript:alert(1))",
           "\\input{/etc/passwd}", "Bell\x07Esc\x1bEnd", "a]]>b"]


def test_hostile_names_stay_text_in_every_lms_and_page_export(tmp_path):
    roster = "id,name\n" + "".join(f'S{n},"{name.replace(chr(34), chr(34) * 2)}"\n' for n, name in enumerate(HOSTILE))
    (tmp_path / "r.csv").write_text(roster, encoding="utf-8")
    title = "<script>x</script> \\input{t} ]]>\x01"
    common = ("exercise", "x*y", "--students", str(tmp_path / "r.csv"), "--title", title, "--course", HOSTILE[3])
    for fmt, out in (("qti", "q.zip"), ("prairielearn", "pl"), ("html", "h"), ("latex", "t")):
        status, _, err = run_cli(*common, "--format", fmt, "-o", str(tmp_path / out))
        assert status == 0, err
    with zipfile.ZipFile(tmp_path / "q.zip") as archive:
        root = ET.fromstring(archive.read(next(n for n in archive.namelist() if n != "imsmanifest.xml")))
    titles = [s.get("title") for s in root.iter(f"{Q}section")][1:]
    assert titles == [f"S{n} {name.replace(chr(7), '').replace(chr(27), '')}" for n, name in enumerate(HOSTILE)]
    assert root.find(f"{Q}assessment").get("title") == "<script>x</script> \\input{t} ]]>"
    for path in (tmp_path / "pl").rglob("*"):
        if path.is_file() and path.name != "info.json":  # the title is there, as a JSON string
            text = path.read_text(encoding="utf-8")
            assert "<script" not in text and "javascript:" not in text and "HYPERLINK" not in text
    info = json.loads(next((tmp_path / "pl").glob("*/info.json")).read_text(encoding="utf-8"))
    assert info["title"] == title + " — Exercise 1"
    for n, name in enumerate(HOSTILE):
        page = (tmp_path / "h" / f"S{n}.html").read_text(encoding="utf-8")
        assert "<script>alert" not in page and "<script>x" not in page
        assert "&lt;script&gt;x&lt;/script&gt;" in page
        tex = (tmp_path / "t" / f"S{n}.tex").read_text(encoding="utf-8")
        assert "\\input{" not in tex and "\\textbackslash{}input\\{/etc/passwd\\}" in tex
        assert "\x07" not in tex and "\x01" not in tex


def test_qti_question_asks_for_the_marked_cell_in_vietnamese(tmp_path):
    status, _, err = run_cli("--lang", "vi", "exercise", "x*y", "--at", "x=2,y=3", "-o", str(tmp_path / "q.zip"))
    assert status == 0, err
    with zipfile.ZipFile(tmp_path / "q.zip") as archive:
        root = ET.fromstring(archive.read(next(n for n in archive.namelist() if n != "imsmanifest.xml")))
    assert [len(s.findall(f"{Q}item")) for s in root.iter(f"{Q}section")] == [4]  # one sheet: no group
    texts = [m.text for m in root.iter(f"{Q}mattext")]
    assert len(texts) == 4  # v₁'s value and the adjoints of v₋₁, v₀, v₁
    assert "Hãy cho ô được đánh dấu ?: phụ trợ của v₋₁." in texts[0]
