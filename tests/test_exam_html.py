"""The standalone HTML form: its page, its CSV, and a real headless browser filling it in."""

from __future__ import annotations

import json
import re
import time
from html.parser import HTMLParser

import pytest
from exam_helpers import ROSTER, answers
from helpers import chromium, run_cli

import adkit
from adkit.coursework.forms import Exercise, render_form
from adkit.coursework.htmlform import page, sheet_pieces
from adkit.coursework.variants import Sheet


class _Inputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inputs: list[dict] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "input":
            self.inputs.append(dict(attrs))


def _exercises():
    return [Exercise(adkit.trace("ln(x1) + x1*x2 - sin(x2)", at={"x1": 2, "x2": 5}, mode="both"), "all"),
            Exercise(adkit.trace("max(x, y)*y", at={"x": 2, "y": 5}), "values")]


def test_page_is_standalone_with_an_input_per_blank_and_no_network():
    exercises = _exercises()
    html = page(Sheet(None, exercises), "Quiz", "MATH 3010", "2026-12-01", 4)
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"en\">") and '<meta charset="utf-8">' in html
    assert "@media print" in html and "<style>" in html
    assert not re.search(r"(https?:)?//[a-z]", html.replace("\\/\\/", "")), "no URL of any kind"
    assert not re.search(r"\b(src|href)=", html) and "@import" not in html and "fetch(" not in html
    parser = _Inputs()
    parser.feed(html)
    blanks = [i for i in parser.inputs if i.get("id", "").startswith("blank-")]
    assert len(blanks) == sum(len(e.blanks()) for e in exercises)
    numbers = [i for i in blanks if i["class"] == "number"]
    assert len(numbers) > 0 and html.count("significant digits") == 1  # stated once, in the instructions
    assert {"student-name", "student-id"} <= {i.get("id") for i in parser.inputs}
    assert "Download answers" in html


def test_pieces_are_the_form_csv_with_the_blanks_marked():
    exercises = _exercises()
    pieces = sheet_pieces(exercises)
    assert [p for p in pieces if isinstance(p, int)] == list(range(sum(len(e.blanks()) for e in exercises)))
    assert "".join(p for p in pieces if isinstance(p, str)) == render_form(exercises, "csv")


def _browser(download_dir):
    return chromium(1300, 1000, downloads=download_dir)


def _downloaded(folder, name, seconds=20.0):
    path = folder / name
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if path.exists() and not list(folder.glob("*.crdownload")):
            return path
        time.sleep(0.1)
    raise AssertionError(f"{name} was not downloaded: {sorted(p.name for p in folder.iterdir())}")


def test_browser_fills_the_form_downloads_the_csv_and_it_grades_full_marks(tmp_path):
    (tmp_path / "roster.csv").write_bytes(ROSTER)
    status, _, err = run_cli("exercise", "--random", "--difficulty", "3", "--seed", "11", "--count", "2",
                             "--mode", "both", "--blank", "all", "--students", str(tmp_path / "roster.csv"),
                             "--format", "html", "-o", str(tmp_path / "forms"), "--key", str(tmp_path / "key.json"))
    assert status == 0, err
    key = json.loads((tmp_path / "key.json").read_text(encoding="utf-8"))
    fills = [a for e in key["exercises"] if e["student"] == "S002" for a in answers(e)]
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver = _browser(downloads)
    try:
        driver.get((tmp_path / "forms" / "S002.html").as_uri())
        inputs = driver.find_elements("css selector", "input[id^=blank-]")
        assert len(inputs) == len(fills)
        for n, text in enumerate(fills[:8]):  # typed like a student (a statement among them)...
            driver.find_element("id", f"blank-{n}").send_keys(text)
        driver.execute_script(  # ...and the rest set at once, to keep the test fast
            "arguments[0].forEach((t, i) => { document.getElementById('blank-' + (i + 8)).value = t; });", fills[8:])
        driver.save_screenshot(str(tmp_path / "filled.png"))
        driver.find_element("id", "download").click()
        sheet = _downloaded(downloads, "S002.csv")
    finally:
        driver.quit()
    assert sheet.read_text(encoding="utf-8").startswith("student,S002,Trần Văn Bình\n")
    status, out, _ = run_cli("grade", str(sheet), "--key", str(tmp_path / "key.json"), "--summary")
    assert status == 0
    assert out.splitlines() == [f"S002 Trần Văn Bình: {len(fills)}/{len(fills)} (0 wrong, 0 carried) {sheet}"]


def test_anonymous_form_writes_the_id_typed_in(tmp_path):
    html = page(Sheet(None, _exercises()[1:]), "Quiz", None, None, 4)
    (tmp_path / "form.html").write_text(html, encoding="utf-8")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver = _browser(downloads)
    try:
        driver.get((tmp_path / "form.html").as_uri())
        driver.find_element("id", "student-id").send_keys("S9")
        driver.find_element("id", "student-name").send_keys('Lê "Bé", An')
        driver.find_element("id", "blank-0").send_keys("1,5")  # a decimal comma must be quoted
        driver.find_element("id", "download").click()
        text = _downloaded(downloads, "S9.csv").read_text(encoding="utf-8")
    finally:
        driver.quit()
    expected = render_form(_exercises()[1:], "csv").split("\n")
    assert text.split("\n")[0] == 'student,S9,"Lê ""Bé"", An"'
    assert text.split("\n")[1] == expected[0]
    assert '"1,5"' in text


@pytest.mark.parametrize("lang, words", [("vi", ["Tải câu trả lời", 'lang="vi"', "chữ số có nghĩa"])])
def test_vietnamese_page(lang, words):
    status, out, _ = run_cli("exercise", "x*y", "--at", "x=1,y=2", "--format", "html", "--lang", lang)
    assert status == 0 and all(w in out for w in words)


def test_answers_survive_a_reload_and_stay_with_their_student(tmp_path):
    (tmp_path / "roster.csv").write_bytes(ROSTER)
    status, _, err = run_cli("exercise", "x*y", "--students", str(tmp_path / "roster.csv"), "--format", "html",
                             "-o", str(tmp_path / "forms"))
    assert status == 0, err
    driver = _browser(tmp_path)
    try:
        driver.get((tmp_path / "forms" / "S001.html").as_uri())
        driver.find_element("id", "blank-0").send_keys("1.234")
        driver.find_element("id", "blank-1").send_keys("v̄₁·v₀")
        driver.refresh()
        assert [driver.find_element("id", f"blank-{n}").get_attribute("value") for n in range(3)] == [
            "1.234", "v̄₁·v₀", ""]
        driver.get((tmp_path / "forms" / "S002.html").as_uri())  # another student's page starts empty
        assert driver.find_element("id", "blank-0").get_attribute("value") == ""
    finally:
        driver.quit()
