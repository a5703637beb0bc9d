"""Precision in decimal places (``adkit exercise --decimals N``): the key stores it, every form
states it, the grader's tolerance is 0.5·10^(−N) and fewer places than asked is ``imprecise``."""

from __future__ import annotations

import csv
import io
import json
import math

from helpers import run_cli

import adkit
from adkit.coursework.tolerance import Rule, rule, status
from adkit.present.table import rows

EXPR, AT = "ln(x1) + x1*x2 - sin(x2)", "x1=2,x2=5"
LN2, Y = math.log(2), math.log(2) + 10 - math.sin(5)  # v₁ and v₅ = 11.65207…


def test_the_rule_for_decimal_places():
    assert rule(decimals=3) == Rule(0.0005, 0.0, 4, 3)
    assert rule(decimals=0) == Rule(0.5, 0.0, 4, 0)
    assert rule(decimals=3, tol=0.1) == Rule(0.1, 0.0, 4, 3)
    assert rule(4) == Rule(0.5e-3 * 1e-3, 0.5e-3, 4, None)


def test_statuses_at_three_decimal_places():
    r = rule(decimals=3)
    assert status(0.693, 0.0005, LN2, r) == "ok"
    assert status(0.6931, 0.00005, LN2, r) == "ok"  # more places than asked is fine
    assert status(0.69, 0.005, LN2, r) == "imprecise"
    assert status(0.7, 0.05, LN2, r) == "imprecise"
    assert status(1.0, 0.5, LN2, r) == "imprecise"
    assert status(0.694, 0.0005, LN2, r) is None  # off by 0.00085 > 0.0005
    assert status(11.652, 0.0005, Y, r) == "ok"
    assert status(11.653, 0.0005, Y, r) is None
    assert status(11.65, 0.005, Y, r) == "imprecise"
    assert status(11.65, 0.005, Y, rule(4)) == "ok"  # 4 significant digits: enough
    assert status(0.0, 0.0005, 0.00042, r) == "ok"  # 0.000 is 0.00042 to 3 places


def _sheet(tmp_path, change=None, decimals=3):
    t = adkit.trace(EXPR, at={"x1": 2, "x2": 5}, mode="reverse")
    body = rows(t, None, decimals=decimals)
    for (r, c), text in (change or {}).items():
        body[r][c] = text
    buffer = io.StringIO()
    csv.writer(buffer).writerows([t.to_csv().splitlines()[0].split(","), *body])
    (path := tmp_path / "s.csv").write_bytes(buffer.getvalue().encode())
    return path


def _cells(argv):
    status_, out, _ = run_cli(*argv)
    assert status_ == 0
    marked = json.loads(out)
    return marked, {(c["step"], c["column"]): c["status"] for c in marked["cells"]}


def test_key_stores_decimals_and_the_grader_uses_them(tmp_path):
    key = tmp_path / "k.json"
    assert run_cli("exercise", EXPR, "--at", AT, "--decimals", "3", "--key", str(key), "-o",
                   str(tmp_path / "f.md"))[0] == 0
    data = json.loads(key.read_text(encoding="utf-8"))
    assert data["decimals"] == 3 and data["digits"] == 4 and len(data["exercises"]) == 1
    base = ["grade", "--key", str(key), "--format", "json"]
    marked, cells = _cells([*base, str(_sheet(tmp_path))])  # rows written to 3 places: 0.693, 11.652
    assert marked["problems"] == [] and marked["score"] == marked["max_score"] > 0
    marked, cells = _cells([*base, str(_sheet(tmp_path, {(2, 3): "0.69", (6, 3): "11.65", (4, 3): "-0.958"}))])
    assert cells[("v1", "value")] == cells[("v5", "value")] == "imprecise"
    assert cells[("v3", "value")] == "wrong"  # −0.95892…: −0.958 is off by 0.00092
    assert marked["score"] == marked["max_score"] - 2  # two half credits, one wrong
    # an old key (no "decimals") asks 4 significant digits: 11.65 is enough there, 0.69 is not
    data.pop("decimals")
    key.write_text(json.dumps(data), encoding="utf-8")
    _, cells = _cells([*base, str(_sheet(tmp_path, {(2, 3): "0.69", (6, 3): "11.65"}))])
    assert cells[("v1", "value")] == "imprecise" and cells[("v5", "value")] == "ok"


def test_every_form_states_the_decimal_places(tmp_path):
    argv = ["exercise", EXPR, "--at", AT, "--decimals", "2"]
    status_, out, _ = run_cli(*argv)
    assert status_ == 0 and "Fill in the empty cells: values to 2 decimal places," in out
    status_, out, _ = run_cli(*argv, "--lang", "vi")
    assert status_ == 0 and "giá trị với 2 chữ số thập phân" in out
    for fmt, ext in (("html", "html"), ("latex", "tex"), ("moodle", "xml")):
        assert run_cli(*argv, "--format", fmt, "-o", str(tmp_path / f"f.{ext}"))[0] == 0
    page = (tmp_path / "f.html").read_text(encoding="utf-8")
    assert "numbers to 2 decimal places" in page and page.count("2 decimal places") == 1  # stated once
    assert "numbers to 2 decimal places" in (tmp_path / "f.tex").read_text(encoding="utf-8")
    quiz = (tmp_path / "f.xml").read_text(encoding="utf-8")
    assert "numbers to 2 decimal places" in quiz and ":0.005}" in quiz  # Moodle's tolerance: 0.5·10⁻²
    md = run_cli("exercise", "x/3", "--at", "x=2", "--decimals", "2", "--blank", "statements")[1]
    assert "| 0.67 |" in md  # the given numbers are written to the places asked too


def test_decimals_and_digits_together_are_refused(capsys):
    status_, _, err = run_cli("exercise", EXPR, "--at", AT, "--decimals", "2", "--digits", "3")
    assert status_ == 2 and "--decimals and --digits cannot be used together" in err
    status_, _, _ = run_cli("exercise", EXPR, "--at", AT, "--decimals", "x")
    assert status_ == 2 and "argument --decimals: expected a whole number, got 'x'" in capsys.readouterr().err
    status_, out, _ = run_cli("exercise", EXPR, "--at", AT, "--digits", "3", "--key", "-")
    key = json.loads(out)
    assert status_ == 0 and key["digits"] == 3 and "decimals" not in key
