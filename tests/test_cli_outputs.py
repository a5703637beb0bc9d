"""Every option refuses ``--`` as its value, and every command that writes a file says the same
one line for a missing folder, a file standing in for the folder, or a path it cannot write."""

from __future__ import annotations

import os

import pytest
from helpers import run_cli

from adkit.cli import build_parser
from adkit.cli.parsing import declared, subcommands


def _leaves(parser, words: tuple[str, ...] = ()):
    """(the words naming a subcommand, its parser) for every subcommand without subcommands."""
    if not subcommands(parser):
        yield words, parser
    for name, child in subcommands(parser).items():
        yield from _leaves(child, (*words, name))


OPTIONS = [(words, action.option_strings) for words, leaf in _leaves(build_parser())
           for action in declared(leaf) if action.option_strings and action.nargs != 0]


def test_every_subcommand_and_its_options_are_enumerated():
    assert len({words for words, _ in OPTIONS}) == 13 and len(OPTIONS) > 100


@pytest.mark.parametrize("words,names", OPTIONS, ids=[f"{' '.join(w)} {n[-1]}" for w, n in OPTIONS])
def test_no_option_takes_double_dash_as_its_value(capsys, words, names):
    """argparse reads ``--opt=--`` as ``[]``, past ``choices`` and ``type``; adkit turned
    ``--opt -- x`` into that too (a negative number may follow an option)."""
    expected = [f"adkit {words[0]}: error: argument {'/'.join(names)}: expected one argument",
                f"try 'adkit {words[0]} --help'"]
    for tail in ([names[-1], "--", "x"], [f"{names[-1]}=--"], [names[0], "--"]):
        status, out, err = run_cli(*words, *tail)
        assert (status, out, err, capsys.readouterr().err.splitlines()) == (2, "", "", expected), tail


def test_double_dash_still_ends_the_options():
    status, out, _ = run_cli("trace", "--mode", "forward", "--at", "x=2", "--", "-x^2")
    assert status == 0 and "-4" in out


# ---- writers ----

WRITERS = {
    "trace": ["trace", "x^2", "--at", "x=2", "-o", "{out}.md"],
    "graph": ["graph", "x^2", "--at", "x=2", "-o", "{out}.dot"],
    "codegen": ["codegen", "x^2", "--mode", "reverse", "-o", "{out}.py"],
    "graph --render": ["graph", "x^2", "--at", "x=2", "--render", "{out}.svg"],
    "play": ["play", "x^2", "--at", "x=2", "-o", "{out}.html"],
    "plot": ["plot", "x^2", "--over", "x=-1:1", "-o", "{out}.png"],
    "cost --plot": ["cost", "--sweep-family", "--sizes", "1,2", "--plot", "{out}.png"],
    "mlp train --plot": ["mlp", "train", "--dataset", "xor", "--hidden", "2", "--epochs", "1", "--no-progress",
                         "--plot", "{out}.png"],
    "mlp norms --plot": ["mlp", "norms", "--epochs", "0", "--plot", "{out}.png"],
    "exercise": ["exercise", "x^2", "--at", "x=2", "-o", "{out}.md"],
    "exercise --key": ["exercise", "x^2", "--at", "x=2", "--key", "{out}.json"],
    "exercise --key .tex": ["exercise", "x^2", "--at", "x=2", "--key", "{out}.tex", "-o", "{other}.md"],
    "exercise per student": ["exercise", "x^2", "--at", "x=2", "--students", "{roster}", "-o", "{out}"],
    "grade": ["grade", "{sheet}", "--expr", "x^2", "--at", "x=2", "--format", "json", "-o", "{out}.json"],
    "autograder": ["autograder", "--key", "{key}", "-o", "{out}.zip"],
}


@pytest.fixture
def files(tmp_path):
    (tmp_path / "roster.csv").write_text("S1,An\n")
    (tmp_path / "sheet.csv").write_text("step,value\nv1,4\n")
    (tmp_path / "file").write_text("")
    status, _, err = run_cli("exercise", "x^2", "--at", "x=2", "--key", str(tmp_path / "key.json"))
    assert status == 0, err
    return tmp_path


def _argv(name: str, files, out: str) -> list[str]:
    fields = {"out": out, "other": str(files / "other"), "roster": str(files / "roster.csv"),
              "sheet": str(files / "sheet.csv"), "key": str(files / "key.json")}
    return [word.format(**fields) for word in WRITERS[name]]


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_a_missing_folder_is_one_line_before_anything_is_written(files, name):
    argv = _argv(name, files, str(files / "nope" / "out"))
    path = next(a for a in argv if "nope" in a)
    status, out, err = run_cli(*argv)
    assert (status, err) == (2, f"adkit: error: cannot write {path}: the folder {files / 'nope'} does not exist\n")
    assert not (files / "other.md").exists()
    status, out, err = run_cli(*_argv(name, files, str(files / "file" / "out")))
    assert (status, err) == (2, f"adkit: error: cannot write into {files / 'file'}: it is a file, not a folder\n")


@pytest.mark.parametrize("name", sorted(set(WRITERS) - {"autograder", "exercise per student"}))
def test_an_unwritable_path_is_one_line_from_the_one_writer(files, name):
    """A folder where the file should go: every writer reaches write_output (the wheel build
    of ``autograder`` is tested elsewhere; per-student files go into a folder)."""
    argv = _argv(name, files, str(files / "taken"))
    path = next(a for a in argv if "taken" in a)
    os.mkdir(path)
    status, out, err = run_cli(*argv, "--force")
    assert (status, err.splitlines()[-1]) == (2, f"adkit: error: cannot write {path}: Is a directory"), err


def test_per_student_forms_need_a_folder_not_a_file(files):
    status, _, err = run_cli(*_argv("exercise per student", files, str(files / "file")), "--force")
    assert (status, err) == (2, f"adkit: error: cannot write into {files / 'file'}: it is a file, not a folder\n")


def test_a_figure_format_matplotlib_cannot_write_is_one_line(files):
    status, _, err = run_cli("mlp", "norms", "--epochs", "0", "--plot", str(files / "n.xyz"))
    assert status == 2 and err.startswith(f"adkit: error: cannot write {files / 'n.xyz'}: a figure is saved as ")
    assert ".png" in err and ".svg" in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("argv", [
    ["mlp", "norms", "--epochs", "3", "--plot"],
    ["mlp", "train", "--dataset", "xor", "--hidden", "2", "--epochs", "2", "--no-progress", "--plot"],
    ["cost", "x*y + sin(x)", "--at", "x=1,y=2", "--plot"],
    ["cost", "--sweep-family", "--sizes", "1,2", "--plot"],
], ids=["mlp norms", "mlp train", "cost", "cost --sweep-family"])
def test_a_figure_it_cannot_write_is_refused_before_anything_runs(files, argv):
    status, out, err = run_cli(*argv, str(files / "n.xyz"))
    assert (status, out) == (2, ""), out
    assert err.startswith(f"adkit: error: cannot write {files / 'n.xyz'}: a figure is saved as ") and err.count("\n") == 1
