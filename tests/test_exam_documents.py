"""Print-ready PDFs (pdflatex), their keys, and the errors when TeX is missing."""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest
from exam_helpers import IDS, ROSTER, need
from helpers import run_cli

import adkit
from adkit.coursework.generate import generate
from adkit.coursework.pdf import exam_latex, needs_vietnamese
from adkit.coursework.precision import rule_cm, tolerance
from adkit.coursework.roster import Student
from adkit.coursework.variants import make_sheets, random_problems
from adkit.errors import BindingError
from adkit.messages import using_language
from adkit.present.pdflatex import compile_pdf


def _pdf_text(path) -> list[str]:
    """The text of each page (pdftotext, layout kept)."""
    text = subprocess.run([need("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")


def test_three_students_give_three_pdfs_and_one_key(tmp_path):
    need("pdflatex")
    (tmp_path / "roster.csv").write_bytes(ROSTER)
    status, out, err = run_cli(
        "exercise", "--random", "--difficulty", "3", "--seed", "7", "--count", "3", "--students",
        str(tmp_path / "roster.csv"), "-o", str(tmp_path / "forms"), "--format", "pdf", "--title", "Midterm",
        "--course", "MATH 3010", "--date", "2026-12-01", "--key", str(tmp_path / "key.json"),
        "--key", str(tmp_path / "key.pdf"))
    assert status == 0, err
    assert sorted(os.listdir(tmp_path / "forms")) == [f"{i}.pdf" for i in IDS]
    key = json.loads((tmp_path / "key.json").read_text(encoding="utf-8"))
    first = _pdf_text(tmp_path / "forms" / "S001.pdf")
    assert "Midterm" in first[0] and "MATH 3010" in first[0] and "2026-12-01" in first[0]
    assert "Nguyễn Thị Phương" in first[0] and "S001" in first[0] and "Student ID" in first[0]
    assert "Exercise 1" in first[0]
    # each exercise starts its page (the minipage is never split): headings 1, 2, 3 on pages in order
    pages_with = [next(i for i, page in enumerate(first) if f"Exercise {k}" in page) for k in (1, 2, 3)]
    assert pages_with == sorted(pages_with)
    mine = next(e for e in key["exercises"] if e["student"] == "S001")
    # numbers given on the form: the point (∂(x·y)/∂x = y) and the formula's constants (∂(1.2·v)/∂v = 1.2)
    given = [e for e in key["exercises"] if e["student"] == "S001"]
    shown = {f"{v:.4g}".replace("-", "−") for e in given for v in e["point"].values()} | \
        {t for e in given for t in re.findall(r"\d+(?:\.\d+)?", e["expression"])}
    adjoints = {f"{s['adjoint']:.4g}".replace("-", "−") for s in mine["steps"]} - {"0", "1", "−1"} - shown
    assert not any(a in first[0] for a in adjoints), "the form gives no answers away"
    key_pages = "\f".join(_pdf_text(tmp_path / "key.pdf"))
    assert "Answer key" in key_pages and all(i in key_pages for i in IDS)
    shown = [f"{s['value']:.4g}" for e in key["exercises"] for s in e["steps"]]
    assert all(v.replace("-", "−") in key_pages for v in shown if "e" not in v)


def test_vietnamese_worksheet_compiles_with_vntex(tmp_path):
    need("pdflatex")
    status, _, err = run_cli("exercise", "ln(x1) + x1*x2 - sin(x2)", "--at", "x1=2,x2=5", "--lang", "vi",
                             "--title", "Kiểm tra giữa kỳ", "-o", str(tmp_path / "de.pdf"))
    assert status == 0, err
    page = _pdf_text(tmp_path / "de.pdf")[0]
    assert "Kiểm tra giữa kỳ" in page and "Họ và tên" in page and "Mã số sinh viên" in page


def test_without_vntex_adkit_stops_naming_the_package(tmp_path, monkeypatch):
    pdflatex = need("pdflatex")
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "kpsewhich").write_text("#!/bin/sh\nexit 1\n")
    (fake / "kpsewhich").chmod(0o755)
    os.symlink(pdflatex, fake / "pdflatex")
    monkeypatch.setenv("PATH", str(fake))
    status, _, err = run_cli("exercise", "x*y", "--at", "x=1,y=2", "--lang", "vi", "-o", str(tmp_path / "de.pdf"))
    assert status == 2 and not (tmp_path / "de.pdf").exists()
    assert err.strip().startswith("adkit: lỗi: gói TeX vntex chưa được cài (t5enc.def không tìm thấy)")
    # an English form with a Vietnamese name needs the same fonts
    (tmp_path / "r.csv").write_text("S1,Nguyễn An\n", encoding="utf-8")
    status, _, err = run_cli("exercise", "x*y", "--at", "x=1,y=2", "--students", str(tmp_path / "r.csv"),
                             "--format", "pdf", "-o", str(tmp_path / "forms"))
    assert status == 2 and "the TeX package vntex is not installed" in err
    assert not (tmp_path / "forms" / "S1.pdf").exists()


def test_without_pdflatex_adkit_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    status, _, err = run_cli("exercise", "x*y", "--at", "x=1,y=2", "-o", str(tmp_path / "f.pdf"))
    assert status == 2 and err.startswith("adkit: error: pdflatex was not found: install TeX Live")


def test_letters_pdflatex_cannot_set_stop_the_pdf(tmp_path):
    need("pdflatex")
    status, _, err = run_cli("exercise", "x*y", "--at", "x=1,y=2", "--title", "Ωμέγα", "-o", str(tmp_path / "f.pdf"))
    assert status == 2 and "pdflatex failed" in err and not (tmp_path / "f.pdf").exists()


def test_a_glyph_missing_from_the_font_is_an_error_not_a_gap():
    need("pdflatex")
    source = ("\\documentclass{article}\\tracinglostchars=2\n\\begin{document}\n"
              "\\usefont{OT1}{cmr}{m}{n}A\\char200 B\n\\end{document}\n")  # cmr10 has no slot 200
    with pytest.raises(BindingError) as info:
        compile_pdf(source)
    assert info.value.key == "pdf.lost_characters"


def test_a_pdf_is_never_printed_on_the_terminal():
    status, _, err = run_cli("exercise", "x*y", "--at", "x=1,y=2", "--format", "pdf")
    assert status == 2 and "give -o FILE" in err


def test_key_needs_a_known_extension(tmp_path):
    status, _, err = run_cli("exercise", "x*y", "--at", "x=1,y=2", "--key", str(tmp_path / "k.txt"))
    assert status == 2 and "use .json or .pdf" in err


def test_document_layout_keeps_each_exercise_together_with_wide_enough_rules():
    sheet = make_sheets([Student("S1", "An")], random_problems(2, 2), 1, "reverse", "values")[0]
    tex, vietnamese = exam_latex(sheet, "T", "C", "D", 6)
    assert not vietnamese and tex.count("\\begin{minipage}{\\linewidth}") == 2
    assert f"\\rule{{{rule_cm(6)}cm}}{{0.4pt}}" in tex and rule_cm(6) > rule_cm(4)
    assert "\\begin{gathered}" in tex and "*" not in tex.split("\\begin{gathered}")[1].split("\\end{gathered}")[0]
    assert needs_vietnamese(["Trần"]) and not needs_vietnamese(["Zoë Müller"])
    with using_language("vi"):
        assert needs_vietnamese([])


@pytest.mark.parametrize("value, digits, tol", [(5.5, 4, 5.5 * 5e-4 + 5e-7), (0.1234567, 4, 0.1234567 * 5e-4 + 5e-7),
                                                (123.456, 3, 123.456 * 5e-3 + 5e-6), (-0.0009876, 2, 0.0009876 * 0.05 + 5e-5),
                                                (9.99999, 4, 9.99999 * 5e-4 + 5e-7), (0.0, 4, 5e-7)])
def test_tolerance_is_the_graders_rule_atol_plus_rtol_times_the_value(value, digits, tol):
    assert tolerance(value, digits) == pytest.approx(tol, rel=1e-12)


def test_a_table_too_wide_and_tall_for_the_page_is_scaled_to_fit_not_cut(tmp_path):
    need("pdflatex")
    status, _, err = run_cli("exercise", "--random", "--difficulty", "5", "--seed", "1", "--mode", "both",
                             "--blank", "all", "-o", str(tmp_path / "big.pdf"))
    assert status == 0, err
    page = next(p for p in _pdf_text(tmp_path / "big.pdf") if "Exercise 1" in p or "reverse mode" in p)
    header = next(line for line in page.splitlines() if "primal trace" in line)
    assert header.rstrip().endswith("adjoint")  # the last column is on the page
    text, point = generate(5, 1)
    last = adkit.compile(text, inputs=list(point)).steps[-1].name  # the exercise's last step
    assert len(adkit.compile(text, inputs=list(point)).steps) - len(point) >= 11
    assert last in page.replace(" ", "")  # and the last row


def test_every_page_of_a_long_worksheet_names_its_student(tmp_path):
    """Pages after the first carry the title, name and ID in their header (issue 23.6); page 2 as PNG too."""
    (tmp_path / "roster.csv").write_bytes(ROSTER)
    status, _, err = run_cli("exercise", "--random", "--difficulty", "3", "--seed", "7", "--count", "6",
                             "--students", str(tmp_path / "roster.csv"), "--format", "pdf", "-o", str(tmp_path / "f"),
                             "--title", "Midterm")
    assert status == 0, err
    pages = [p for p in _pdf_text(tmp_path / "f" / "S002.pdf") if p.strip()]
    assert len(pages) >= 2
    assert pages[0].count("Trần Văn Bình") == 1 and pages[0].count("S002") == 1  # the first page: its own lines
    for page in pages[1:]:
        head = page.strip().splitlines()[0]
        assert head.split()[0] == "Midterm" and "Name: Trần Văn Bình" in head and "Student ID: S002" in head
    subprocess.run([need("pdftoppm"), "-f", "2", "-l", "2", "-r", "40", "-png", str(tmp_path / "f" / "S002.pdf"),
                    str(tmp_path / "page")], check=True)
    assert (tmp_path / "page-2.png").stat().st_size > 1000


def test_the_key_names_each_student_on_every_page():
    from adkit.coursework.pdf import key_latex

    sheets = make_sheets([Student("S1", "An"), Student("S2", "Bình")], random_problems(2, 1), 3, "reverse", "values")
    tex, _ = key_latex(sheets, "Quiz", None, None, 4)
    assert tex.count("\\renewcommand{\\adkitwho}") == 2 and "\\pagestyle{adkit}" in tex
    assert tex.index("underline{\\makebox[6cm][l]{Bình}}") > tex.index("\\clearpage")  # S2's header after S1's pages
