"""Coursework exports: every format carries the same rows; files, Jupyter, LaTeX compiles."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import missing, need, run_cli

import adkit
from adkit.present.formats import FORMATS, Format, chosen, suffixes
from adkit.errors import BindingError

SEED = ["trace", "ln(x1) + x1*x2 - sin(x2)", "--at", "x1=2,x2=5"]


def seed_trace(mode="both"):
    return adkit.trace("ln(x1) + x1*x2 - sin(x2)", at={"x1": 2, "x2": 5}, mode=mode)


@pytest.mark.parametrize("mode", ["forward", "reverse", "both"])
def test_csv_has_the_table_rows_at_full_precision(mode):
    t = seed_trace(mode)
    table = list(csv.reader(io.StringIO(t.to_csv())))
    header, body = table[0], table[1:]
    assert len(body) == len(t.steps)
    assert header[:4] == ["step", "name", "primal trace", "value"]
    assert [float(r[3]) for r in body] == [r.value for r in t.steps]
    if mode != "forward":
        assert [float(r[-1]) for r in body] == [r.adjoint for r in t.steps]
        assert body[1][-2] == "v̄₀ = v̄₃·cos v₀ + v̄₂·v₋₁"
    if mode != "reverse":
        col = header.index("v̇ = ∂v/∂x2")
        assert [float(r[col]) for r in body] == [r.tangents[1] for r in t.steps]


def test_markdown_is_a_pipe_table_with_escaped_bars():
    md = adkit.trace("abs(x)*y", at={"x": -2, "y": 3}).to_markdown()
    lines = md.splitlines()
    table = [line for line in lines if line.startswith("|")]
    assert table[1] == "|---|---|---|---:|---|---:|"
    assert "\\|v₋₁\\|" in md  # |v₋₁| must not split the cell
    assert all(line.count("|") - line.count("\\|") == 7 for line in table)


def test_latex_uses_booktabs_and_amsmath_notation():
    tex = seed_trace().to_latex()
    assert tex.startswith("\\begin{tabular}{lllrlrrlr}\n\\toprule")
    assert "$\\bar{v}_{0} = \\bar{v}_{3} \\cos v_{0} + \\bar{v}_{2} v_{-1}$" in tex
    assert "$\\dot{v}_{2} = \\dot{v}_{-1} v_{0} + \\dot{v}_{0} v_{-1}$" in tex
    assert "\\bottomrule" in tex and "\\documentclass" not in tex
    doc = seed_trace().to_latex(standalone=True)
    assert doc.startswith("\\documentclass") and "\\usepackage{booktabs}" in doc and doc.endswith("\\end{document}\n")


class _Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.tags = [], []

    def handle_starttag(self, tag, attrs):
        if tag == "br":  # a void element: no end tag
            return
        self.tags.append(tag)
        if tag == "tr":
            self.rows.append([])

    def handle_data(self, data):
        if self.tags and self.tags[-1] in ("td", "th") and self.rows:
            self.rows[-1].append(data)

    def handle_endtag(self, tag):
        self.tags.pop()


def test_html_is_a_self_contained_table_with_the_same_rows():
    t = seed_trace()
    parser = _Cells()
    parser.feed(t.to_html())
    assert parser.tags == []  # balanced
    header, *body = parser.rows
    assert len(body) == len(t.steps) + 1  # + the summary footer
    assert body[1][-2] == "v̄₀ = v̄₃·cos v₀ + v̄₂·v₋₁"
    html = adkit.trace("x*y", at={"x": 1, "y": 2}).to_html()
    assert "<script" not in html and html.startswith("<table")


def test_jupyter_representations():
    t = seed_trace()
    assert t._repr_html_() == t.to_html()
    assert t._repr_markdown_() == t.to_markdown()
    latex = t._repr_latex_()
    assert latex.startswith("$$\n\\begin{array}") and "\\toprule" not in latex


@pytest.mark.parametrize("fmt, ext", [("markdown", "md"), ("latex", "tex"), ("csv", "csv"), ("html", "html"),
                                      ("json", "json"), ("table", "txt")])
def test_save_infers_the_format_from_the_extension(tmp_path, fmt, ext):
    path = tmp_path / f"out.{ext}"
    status, out, err = run_cli(*SEED, "-o", str(path))
    assert status == 0 and out == "" and err == f"wrote {path}\n"
    _, direct, _ = run_cli(*SEED, "--format", fmt)
    assert path.read_text(encoding="utf-8") == direct
    if fmt == "json":
        assert json.loads(direct)["gradient"]["x1"] == 5.5


def test_unknown_extension_and_unwritable_path_are_clear_errors(tmp_path):
    status, _, err = run_cli(*SEED, "-o", str(tmp_path / "out.xyz"))
    assert status == 2 and "cannot tell the format from" in err
    status, _, err = run_cli(*SEED, "-o", str(tmp_path / "missing" / "out.md"))
    assert status == 2 and "cannot write" in err
    assert chosen("csv", "x.md").name == "csv" and chosen(None, "x.HTM").name == "html"
    with pytest.raises(BindingError):
        chosen(None, "x")


def test_explanations_narrate_every_step():
    status, out, _ = run_cli(*SEED, "--mode", "both", "--explain")
    assert status == 0
    assert "v₂ = v₋₁·v₀ = 10. Local partials: ∂v₂/∂v₋₁ = v₀ = 5; ∂v₂/∂v₀ = v₋₁ = 2; so v̇₂ = 5·1 + 2·0 = 5." in out
    assert "v₀ is used 2 times, by 2 steps (v₃, v₂)" in out and "v̄₀ = -0.2837 + 2 = 1.716" in out
    assert "the whole gradient took 2 sweeps, one per input" in out
    assert "One reverse sweep gave all 2 partial derivatives: x̄1 = 5.5; x̄2 = 1.716" in out
    _, md, _ = run_cli(*SEED, "--explain", "--format", "markdown")
    assert "\n1. Reverse mode first runs the primal sweep" in md
    _, js, _ = run_cli(*SEED, "--explain", "--format", "json")
    assert len(json.loads(js)["explanation"]) == 9


def test_standalone_latex_compiles_with_pdflatex(tmp_path):
    need("pdflatex")
    for i, extra in enumerate(([], ["--explain"], ["--ascii"])):
        tex = tmp_path / f"seed{i}.tex"
        status, _, _ = run_cli(*SEED, "--mode", "both", "--format", "latex", "--standalone", "-o", str(tex), *extra)
        assert status == 0
        done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
                              cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout[-2000:]
        assert (tmp_path / f"seed{i}.pdf").stat().st_size > 1000


def test_vietnamese_standalone_latex_compiles(tmp_path):
    need("pdflatex")
    if subprocess.run([need("kpsewhich"), "t5enc.def"], capture_output=True).returncode != 0:
        missing("vntex's t5enc.def (Debian's texlive-lang-other)")
    tex = tmp_path / "vi.tex"
    status, _, _ = run_cli(*SEED, "--mode", "both", "--format", "latex", "--standalone", "--explain",
                           "--lang", "vi", "-o", str(tex))
    assert status == 0 and "\\usepackage[vietnamese]{babel}" in tex.read_text(encoding="utf-8")
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:]


def test_a_format_is_one_entry(tmp_path, monkeypatch, capsys):
    """Registered once, a format is a --format choice, an -o suffix and a Trace.export name."""
    fake = Format("fake", (".fake",), lambda trace, options: f"fake {trace.value:.{options.digits}g}\n")
    monkeypatch.setitem(FORMATS, "fake", fake)  # undone after the test
    assert seed_trace().export("fake", digits=3) == "fake 11.7\n" and suffixes()[".fake"] == "fake"
    assert run_cli(*SEED, "--format", "fake") == (0, "fake 11.65\n", "")
    path = tmp_path / "x.fake"
    assert run_cli(*SEED, "-o", str(path))[0] == 0 and path.read_text(encoding="utf-8") == "fake 11.65\n"
    run_cli("trace", "--help")
    assert "json,fake}" in capsys.readouterr().out
    monkeypatch.setitem(FORMATS, "fake", Format("fake", (".fake",), lambda trace, options: b"\0fake", binary=True))
    status, _, err = run_cli(*SEED, "--format", "fake")
    assert status == 2 and "cannot be printed on the terminal" in err
    assert run_cli(*SEED, "-o", str(tmp_path / "y.fake"))[0] == 0 and (tmp_path / "y.fake").read_bytes() == b"\0fake"


def test_trace_export_matches_the_to_methods():
    t = seed_trace()
    assert t.export("markdown") == t.to_markdown() and t.export("csv") == t.to_csv() and t.export("html") == t.to_html()
    assert t.export("latex", standalone=True) == t.to_latex(standalone=True)
    assert t.export("table", width=120) == t.text(120) and json.loads(t.export("json")) == t.to_dict()


def test_docs_table_of_formats_is_the_registry():
    text = (Path(__file__).resolve().parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
    table = text.split("### Formats", 1)[1].split("\n\n")[2]
    rows = re.findall(r"^\| `(\w+)` \| (.*?) \|", table, re.M)
    assert [(name, tuple(re.findall(r"`([^`]+)`", cell))) for name, cell in rows] == [
        (f.name, f.suffixes) for f in FORMATS.values()]
