"""Formulas from ``@FILE`` and ``-``, argparse edge cases and one-line usage errors."""

from __future__ import annotations

import io
import sys

import pytest
from helpers import run_cli

from adkit.language.parser import MAX_LENGTH

PROGRAM = "y = x1*x2 + sin(x1)"
AT = ["--at", "x1=1,x2=2"]
# every subcommand that takes EXPR/PROGRAM, with the rest of a runnable command line
COMMANDS = [
    ("trace", AT), ("graph", AT), ("jacobian", AT), ("hessian", AT), ("cost", AT),
    ("codegen", ["--mode", "forward"]), ("exercise", AT),
]


@pytest.mark.parametrize(("command", "rest"), COMMANDS)
def test_at_file_gives_the_same_output_as_the_inline_formula(tmp_path, command, rest):
    source = tmp_path / "prog.txt"
    source.write_text(PROGRAM + "\n", encoding="utf-8")
    inline = run_cli(command, PROGRAM, *rest)
    from_file = run_cli(command, f"@{source}", *rest)
    assert inline[0] == 0
    assert from_file == inline


def test_stdin_dash_reads_the_program(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PROGRAM.encode())))
    assert run_cli("trace", "-", *AT) == run_cli("trace", PROGRAM, *AT)


def test_grade_expr_takes_a_file_too(tmp_path):
    source = tmp_path / "e.txt"
    source.write_text("x*x", encoding="utf-8")
    from adkit.cli.source import resolve_sources
    args = type("Args", (), {"expr": f"@{source}"})()
    resolve_sources(args)
    assert args.expr == "x*x"


@pytest.mark.parametrize(("content", "key"), [
    (b"\x00\x01binary", "binary file"),
    (b"y = x\xff", "not UTF-8"),
])
def test_bad_file_is_one_line_exit_2(tmp_path, content, key):
    source = tmp_path / "bad.txt"
    source.write_bytes(content)
    status, out, err = run_cli("trace", f"@{source}", *AT)
    assert status == 2 and out == ""
    assert key in err and str(source) in err and len(err.strip().splitlines()) == 1


def test_missing_file_is_one_line_exit_2(tmp_path):
    status, _, err = run_cli("trace", f"@{tmp_path / 'none.txt'}", *AT)
    assert status == 2 and "cannot read" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("extra", [1, 10_000])
def test_length_limit_is_reachable_from_a_file(tmp_path, extra):
    source = tmp_path / "long.txt"
    source.write_text("x" + " " * (MAX_LENGTH + extra - 1), encoding="utf-8")
    status, _, err = run_cli("trace", f"@{source}", *AT)
    assert status == 2 and f"the limit is {MAX_LENGTH:,}".replace(",", "") in err.replace(",", "")


def test_a_file_at_the_limit_is_read(tmp_path):
    source = tmp_path / "ok.txt"
    source.write_text("x1" + " " * (MAX_LENGTH - 2), encoding="utf-8")
    status, out, err = run_cli("trace", f"@{source}", "--at", "x1=1", "--format", "json")
    assert status == 0 and '"value": 1.0' in out, err


def test_mlp_negative_input_after_option():
    negative = run_cli("mlp", "trace", "--sizes", "2,2,1", "--input", "-1,2")
    spelled = run_cli("mlp", "trace", "--sizes", "2,2,1", "--input=-1,2")
    assert negative[0] == 0 and negative == spelled


def test_formula_starting_with_double_dash_is_a_formula():
    status, out, _ = run_cli("trace", "--x", "--at", "x=3", "--format", "json")
    assert status == 0 and '"value": 3.0' in out


def test_unknown_option_word_is_still_an_option_error(capsys):
    status, _, _ = run_cli("trace", "x", "--at", "x=1", "--bogus")
    err = capsys.readouterr().err
    assert status == 2 and "--bogus" in err


@pytest.mark.parametrize("argv", [
    ["trace", "x", "--at", "x=1", "--bogus"],
    ["trace"],
    ["trace", "x", "--at", "x=1", "--mode", "sideways"],
    ["mlp", "trace", "--nope"],
])
def test_argparse_errors_are_one_line_plus_help_hint(capsys, argv):
    status, _, _ = run_cli(*argv)
    lines = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and len(lines) == 2
    assert "usage:" not in lines[0] and ": error: " in lines[0]
    assert lines[1] == f"try 'adkit {argv[0]} --help'"


def test_argparse_error_hint_is_translated(capsys):
    run_cli("trace", "--lang", "vi")
    assert "thử 'adkit trace --help'" in capsys.readouterr().err


def test_output_file_is_not_overwritten_without_force(tmp_path):
    target = tmp_path / "t.txt"
    target.write_text("keep me", encoding="utf-8")
    status, out, err = run_cli("trace", "x*x", "--at", "x=3", "-o", str(target))
    assert status == 2 and out == "" and "already exists; add --force" in err
    assert target.read_text(encoding="utf-8") == "keep me"
    status, _, _ = run_cli("trace", "x*x", "--at", "x=3", "-o", str(target), "--force")
    assert status == 0 and "x*x" in target.read_text(encoding="utf-8")


def test_graph_output_is_refused_too(tmp_path):
    target = tmp_path / "g.dot"
    target.write_text("old", encoding="utf-8")
    status, _, err = run_cli("graph", "x*x", "--at", "x=3", "-o", str(target))
    assert status == 2 and "already exists" in err and target.read_text(encoding="utf-8") == "old"


def test_one_path_for_two_outputs_is_refused(tmp_path):
    path = str(tmp_path / "k.json")
    status, out, err = run_cli("exercise", "x*x", "--at", "x=3", "--key", path, "-o", path)
    assert status == 2 and out == "" and "two outputs" in err
    assert not (tmp_path / "k.json").exists()


def test_every_command_that_writes_files_has_force():
    from adkit.cli import COMMANDS, build_parser
    from adkit.cli.outputs import OUTPUT_FIELDS

    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    for name in COMMANDS:
        dests = {a.dest for a in commands[name]._actions}
        assert ("force" in dests) == bool(dests & set(OUTPUT_FIELDS)), name


def test_wrote_lines_go_to_stderr_not_into_the_printed_form(tmp_path):
    key = tmp_path / "k.json"
    status, out, err = run_cli("exercise", "x*x", "--at", "x=3", "--key", str(key))
    assert status == 0 and key.exists()
    assert "wrote" not in out and err == f"wrote {key}\n"


def test_codegen_target_and_the_old_lang_spelling():
    new = run_cli("codegen", "x*y", "--mode", "forward", "--target", "c")
    old = run_cli("codegen", "x*y", "--mode", "forward", "--lang", "c")
    assert new[0] == 0 and "#include <math.h>" in new[1] and new[2] == ""
    assert old[:2] == new[:2] and "--target c" in old[2] and len(old[2].strip().splitlines()) == 1
    vi = run_cli("codegen", "x*y", "--mode", "forward", "--lang", "vi", "--target", "c")
    assert vi[:2] == new[:2]


def test_codegen_writes_its_code_to_a_file_only_with_force_over_an_old_one(tmp_path):
    argv = ["codegen", "x*y", "--mode", "reverse", "--target", "c"]
    printed = run_cli(*argv)
    path = tmp_path / "adjoint.c"
    assert run_cli(*argv, "-o", str(path)) == (0, "", f"wrote {path}\n")
    assert path.read_text(encoding="utf-8") == printed[1]
    path.write_text("old")
    assert run_cli(*argv, "--output", str(path)) == (
        2, "", f"adkit: error: {path} already exists; add --force to overwrite it\n")
    assert path.read_text() == "old"
    assert run_cli(*argv, "--save", str(path), "--force")[0] == 0
    assert path.read_text(encoding="utf-8") == printed[1]


@pytest.mark.parametrize("command", ["trace", "graph", "plot", "exercise", "grade", "autograder", "codegen"])
def test_output_is_spelled_o_output_and_save_everywhere(command):
    from adkit.cli import build_parser

    parser = build_parser(only=command)
    sub = next(a for a in parser._actions if a.dest == "command").choices[command]
    strings = sub._option_string_actions
    assert strings["-o"] is strings["--output"] is strings["--save"]
