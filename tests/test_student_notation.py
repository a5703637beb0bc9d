"""Issue 24, point 5: the notation and the messages a student trips on, through ``adkit.cli.main``."""

from __future__ import annotations

import pytest

from adkit.ir.notation import ASCII, LATEX, UNICODE
from helpers import run_cli


@pytest.mark.parametrize("name, dot, bar, latex_dot, latex_bar, ascii_bar", [
    ("x1", "ẋ1", "x̄1", "\\dot{x}_{1}", "\\bar{x}_{1}", "x1bar"),
    ("nu", "ṅu̇", "n̅u̅", "\\dot{\\mathit{nu}}", "\\overline{\\mathit{nu}}", "nubar"),
    ("gamma2", "ġȧṁṁȧ2", "g̅a̅m̅m̅a̅2", "\\dot{\\mathit{gamma}}_{2}", "\\overline{\\mathit{gamma}}_{2}", "gamma2bar"),
])
def test_a_mark_covers_the_whole_name_in_every_notation(name, dot, bar, latex_dot, latex_bar, ascii_bar):
    assert (UNICODE.mark(name, "dot"), UNICODE.mark(name, "bar")) == (dot, bar)
    assert (LATEX.mark(name, "dot"), LATEX.mark(name, "bar"), ASCII.mark(name, "bar")) == (latex_dot, latex_bar, ascii_bar)


def test_long_names_in_a_table_are_never_marked_on_their_first_letter_only():
    status, out, _ = run_cli("trace", "nu*omega", "--at", "nu=1,omega=3", "--mode", "both")
    assert status == 0
    assert "v̇₋₁ = ṅu̇ " in out and "n̅u̅ = v̄₋₁ = 3; o̅m̅e̅g̅a̅ = v̄₀ = 1" in out
    assert "ṅu " not in out and "n̄u" not in out


def test_forward_mode_results_use_tangent_notation():
    status, out, _ = run_cli("trace", "ln(x1) + x1*x2 - sin(x2)", "--at", "x1=2,x2=5", "--mode", "forward")
    assert status == 0 and "ẏ (ẋ1 = 1) = ∂y/∂x1 = 5.5; ẏ (ẋ2 = 1) = ∂y/∂x2 = 1.716\n" in out and "x̄1" not in out
    status, out, _ = run_cli("trace", "x1*x2", "--at", "x1=1,x2=3", "--mode", "forward", "--ascii")
    assert "ydot (x1dot = 1) = dy/dx1 = 3; ydot (x2dot = 1) = dy/dx2 = 1\n" in out


def test_a_negative_base_fails_only_where_the_exponent_derivative_is_asked_for():
    status, out, err = run_cli("trace", "x^y", "--at", "x=-2,y=3", "--mode", "forward", "--wrt", "x", "--explain")
    assert status == 0 and err == ""
    assert "f = v₁ = -8\nḟ = 12\n" in out  # ∂(x^y)/∂x = y·x^(y−1) = 12 although ∂/∂y = x^y·ln x is not defined
    status, _, err = run_cli("graph", "x^y", "--at", "x=-2,y=3", "--mode", "forward", "--wrt", "x")
    assert status == 0
    for argv in (("--mode", "forward", "--wrt", "y"), ("--mode", "reverse")):
        status, _, err = run_cli("trace", "x^y", "--at", "x=-2,y=3", *argv)
        assert status == 2 and err == ("adkit: error: v₁ = v₋₁^v₀: the derivative of ^ with respect to argument 2 "
                                       "is undefined at -2, 3\n")


@pytest.mark.parametrize("formula, error", [
    ("a = x*y; b = sin(a); y = a + b",
     "'y' is read here before a later 'y = ...' assigns it, so it would be both an input and a computed value; "
     "give that statement another name (e.g. f = ...)\n  a = x*y; b = sin(a); y = a + b\n        ^"),
    ("f(x) = x^2", "function definitions such as f(...) = ... are not supported: write the formula itself, f = x^2 "
                   "(its inputs are the names it reads)\n  f(x) = x^2\n  ^^^^"),
    ("log(x, 2)", "log takes 1 argument, got 2; for the logarithm to base 2 write log2(x) or ln(x)/ln(2)\n"
                  "  log(x, 2)\n  ^^^^^^^^^"),
    ("log(x + 1, b)", "log takes 1 argument, got 2; for the logarithm to base b write ln(x + 1)/ln(b)\n"
                      "  log(x + 1, b)\n  ^^^^^^^^^^^^^"),
])
def test_messages_say_what_is_wrong(formula, error):
    status, out, err = run_cli("trace", formula, "--at", "x=1,y=2,b=3")
    assert status == 2 and out == "" and err == f"adkit: error: {error}\n"


def test_the_dot_operator_reads_as_a_product():
    status, out, _ = run_cli("trace", "x⋅y", "--at", "x=2,y=5")
    assert status == 0 and "f = v₁ = 10" in out


@pytest.mark.parametrize("argv", [("--lang", "vi", "--help"), ("--help", "--lang", "vi"), ("--lang=vi", "--help")])
def test_lang_works_before_or_after_help(argv, capsys):
    status = run_cli(*argv)[0]
    out = capsys.readouterr().out  # argparse prints help on sys.stdout
    assert status == 0 and out.startswith("cách dùng: adkit [-h] [--version] [--lang {en,vi}] COMMAND")


def test_cost_says_which_forward_mode_it_counts():
    status, out, _ = run_cli("cost", "ln(x1) + x1*x2 - sin(x2)", "--at", "x1=2,x2=5")
    rows = [line.split("│")[1:-1] for line in out.splitlines() if line.startswith("│")]
    assert status == 0 and [[c.strip() for c in r] for r in rows] == [
        ["forward, dual", "2", "78", "5.20", "8"],  # 2 sweeps, each the primal (15) and its tangent (24)
        ["forward, vector", "1", "63", "4.20", "12"],  # the primal once, two tangents
        ["reverse", "1", "44", "2.93", "14"]]
    assert "forward, dual: one sweep of dual numbers per input, each recomputing the primal" in out


@pytest.mark.parametrize("command", ["trace", "graph", "jacobian", "cost", "hessian", "codegen", "play"])
def test_a_statement_no_output_uses_is_named_in_every_command(command):
    program = "y1 = x*y; y2 = sin(x) + y"
    extra = {"codegen": ["--mode", "reverse"], "play": ["-o", "-"]}.get(command, [])
    status, _, err = run_cli(command, program, "--at", "x=1,y=2", *extra)
    hint = "; to keep it, name the outputs: --outputs y1,y2" if command not in ("hessian", "codegen") else ""
    assert status == 0 and err.startswith(f"adkit: warning: the output y2 does not use 'y1 = x*y', so it is left out{hint}\n")
    status, _, err = run_cli(command, program, "--at", "x=1,y=2", *extra, *(
        ["--outputs", "y2"] if command not in ("hessian", "codegen") else []))
    assert ("does not use" in err) == (command in ("hessian", "codegen"))  # naming the outputs leaves y1 out on purpose


def test_lang_before_the_command_keeps_a_formula_that_starts_with_a_minus():
    status, out, _ = run_cli("--lang", "vi", "trace", "-x^2", "--at", "x=3")
    assert status == 0 and out.startswith("-x^2  tại x = 3  (chế độ ngược)") and "y = v₂ = -9" in out
