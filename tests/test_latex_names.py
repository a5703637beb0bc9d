"""Every legal name typesets: trace (all modes), exercise forms and codegen LaTeX compile with pdflatex.

Names with underscores once broke the build (``\\bar{\\mathit{ab\\}_c}``); a
product before a number once lost its sign (``\\bar{v}_{2} 2 v_{1}``).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adkit.ir.notation import ASCII, LATEX, UNICODE, latex_name_parts
from adkit.present.mathtex import UNICODE_MATHS, to_latex
from adkit.present.pdflatex import compile_pdf
from adkit.language.parser import parse_expression
from exam_helpers import need
from helpers import run_cli

NAMES = ("ab_c", "_", "a_", "x__1", "_u", "v_m1", "x1")
FORMULA = "ab_c*2 + _*a_ + x__1^2 + sin(_u) + v₋₁*x₁ + 3*ab_c"
POINT = "ab_c=1,_=2,a_=3,x__1=4,_u=5,v_m1=6,x1=7"


def _document(body: str) -> str:
    return ("\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n"
            + body + "\n\\end{document}\n")


def _output(*argv: str) -> str:
    status, out, err = run_cli(*argv)
    assert status == 0, err
    return out


BUILDS = {
    **{f"trace-{mode}": ("trace", FORMULA, "--at", POINT, "--mode", mode, "--format", "latex", "--standalone")
       for mode in ("forward", "reverse", "both")},
    "trace-arithmetic": ("trace", FORMULA, "--at", POINT, "--mode", "both", "--format", "latex", "--standalone",
                         "--arithmetic"),
    "exercise-form": ("exercise", FORMULA, "--at", POINT, "--mode", "both", "--blank", "statements",
                      "--format", "latex"),
    **{f"codegen-{mode}": ("codegen", FORMULA, "--mode", mode, "--lang", "latex") for mode in ("forward", "reverse")},
}


@pytest.mark.parametrize("build", sorted(BUILDS))
def test_every_legal_name_compiles(build):
    need("pdflatex")
    text = _output(*BUILDS[build])
    if not text.lstrip().startswith("\\documentclass"):
        text = _document(text)
    assert compile_pdf(text).startswith(b"%PDF")


def test_marks_sit_on_the_whole_name():
    assert [LATEX.mark(n, "bar") for n in NAMES] == [
        "\\overline{\\mathit{ab\\_c}}", "\\overline{\\mathit{\\_}}", "\\overline{\\mathit{a\\_}}",
        "\\overline{\\mathit{x\\_\\_1}}", "\\overline{\\mathit{\\_u}}", "\\bar{v}_{-1}", "\\bar{x}_{1}"]
    assert [LATEX.name(n) for n in NAMES] == [
        "\\mathit{ab\\_c}", "\\mathit{\\_}", "\\mathit{a\\_}", "\\mathit{x\\_\\_1}", "\\mathit{\\_u}",
        "v_{-1}", "x_{1}"]


def test_a_product_sign_never_disappears_before_a_number():
    out = _output("trace", "x^2", "--at", "x=3", "--mode", "reverse", "--format", "latex")
    assert "\\bar{v}_{1} \\cdot 2 \\, v_{0}" in out
    out = _output("trace", "x*2", "--at", "x=3", "--mode", "both", "--format", "latex")
    assert "v_{0} \\cdot 2" in out and "\\dot{v}_{0} \\cdot 2" in out and "\\bar{v}_{1} \\cdot 2" in out
    table = out.split("\\begin{tabular}", 1)[1].split("\\end{tabular}")[0]
    assert not re.search(r"(?<!\\cdot)(?<!\\,)(?<![=&+\-$(])\s[0-9]", table), table
    assert to_latex(parse_expression("x*2^y")) == "x \\cdot 2^{y}"
    out = _output("trace", "x*2 + x^2", "--at", "x=3", "--mode", "both", "--format", "latex", "--arithmetic")
    assert "\\bar{v}_{0} = \\bar{v}_{2} \\cdot 2 \\, v_{0} + \\bar{v}_{1} \\cdot 2 = 1 \\times 2 \\times 3 + 1 \\times 2" in out
    assert to_latex(parse_expression("x*y")) == "x y"


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}", fullmatch=True))
def test_latex_names_are_balanced_and_escaped(name):
    head, sub = latex_name_parts(name)
    for text in (LATEX.name(name), LATEX.mark(name, "bar"), LATEX.mark(name, "dot")):
        assert text.count("{") == text.count("}")
        assert "\\}" not in text
        assert re.search(r"(?<!\\)_(?!\{)", text) is None, text  # every bare _ is escaped or opens a subscript
    assert LATEX.mark(name, "dot").startswith("\\dot{" + head + "}")


def test_unicode_names_print_as_they_are_typed():
    assert UNICODE_MATHS.name("v_m1") == "v₋₁" and UNICODE_MATHS.name("x1") == "x₁"
    assert (UNICODE.name("v_m1"), UNICODE.mark("v_m1", "bar"), ASCII.name("v_m1")) == ("v₋₁", "v̄₋₁", "v_-1")
    assert (UNICODE.name("vm1"), UNICODE.name("x1"), ASCII.mark("v_m12", "dot")) == ("vm1", "x1", "v_-12dot")
    assert to_latex(parse_expression("v₋₁*x₁"), UNICODE_MATHS) == "v₋₁·x₁"
