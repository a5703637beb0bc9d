"""Help that teaches: every option explained in both languages, examples that run,
pages that fit 80 columns, and docs/cli.md naming every option."""

from __future__ import annotations

import argparse
import re
import shlex
from pathlib import Path

import pytest
from helpers import run_cli

from adkit.cli import COMMANDS, build_parser
from adkit.cli.parsing import argparse_in_catalogue, subcommands
from adkit.cli.examples import EXAMPLES, SEED
from adkit.messages import MESSAGES, using_language

DOCS = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
EXAMPLE_LIST = [(command, example) for command, examples in EXAMPLES.items() for example in examples]


@pytest.fixture(autouse=True)
def argparse_in_adkits_words():
    """As inside adkit.cli.main: argparse's own words (usage, options, -h) from the catalogue."""
    with argparse_in_catalogue():
        yield


def parsers(lang: str = "en") -> list[tuple[str, argparse.ArgumentParser]]:
    """("adkit trace", parser) for the top parser and every subcommand's, built in ``lang``."""
    with using_language(lang):
        top = build_parser()
    return [("adkit", top), *((f"adkit {name}", child) for name, child in subcommands(top).items())]


def pages(lang: str) -> dict[str, str]:
    """Each command's ``--help`` page as adkit prints it in ``lang`` (at the COLUMNS set)."""
    with using_language(lang):
        return {name: parser.format_help() for name, parser in parsers(lang)}


def option_helps(lang: str) -> dict[tuple[str, str], str]:
    """(command, option or positional) → its help text."""
    return {(name, (a.option_strings or [a.dest])[-1]): a.help
            for name, parser in parsers(lang) for a in parser._actions}


def test_every_command_is_in_the_tree():
    assert [name for name, _ in parsers()] == ["adkit"] + [f"adkit {c}" for c in COMMANDS]
    assert set(EXAMPLES) == {"adkit", *COMMANDS}


def test_every_option_of_every_command_has_a_one_line_help():
    helps = option_helps("en")
    assert len(helps) > 150
    missing = [key for key, text in helps.items() if not text or text == argparse.SUPPRESS]
    assert missing == []
    assert [key for key, text in helps.items() if "\n" in text] == []


def test_option_help_comes_from_the_catalogue_and_is_translated():
    english, vietnamese = option_helps("en"), option_helps("vi")
    assert english.keys() == vietnamese.keys()
    same = [key for key in english if english[key] == vietnamese[key]]
    assert same == []
    texts = {entry["en"] for entry in MESSAGES.values()}
    templated = [re.compile(re.sub(r"\\\{\w+\\\}", ".+", re.escape(t))) for t in texts if "{" in t]
    stray = [key for key, text in english.items()
             if text not in texts and not any(p.fullmatch(text) for p in templated)]
    assert stray == []


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_every_page_has_a_description_and_ends_with_examples(lang, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    heading = "ví dụ:" if lang == "vi" else "examples:"
    texts = pages(lang)
    for name, parser in parsers(lang):
        page = texts[name]
        assert parser.description, name
        command = name.split()[-1]
        tail = page.rstrip("\n").split("\n")
        count = len(EXAMPLES[command])
        assert 2 <= count <= 4, name
        assert tail[-count - 1] == heading, name
        assert tail[-count:] == [f"  adkit {example}" for example in EXAMPLES[command]], name


def test_vietnamese_pages_translate_headings_descriptions_and_help(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    page = pages("vi")["adkit trace"]
    for phrase in ("cách dùng:", "đối số vị trí:", "tùy chọn:", "in trợ giúp này rồi thoát",
                   "danh sách Wengert", "chế độ tiến: một lượt gieo mầm tại đầu vào này", "ví dụ:"):
        assert phrase in page


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_help_lines_fit_80_columns(lang, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    too_long = [(name, line) for name, page in pages(lang).items() for line in page.splitlines() if len(line) > 80]
    assert too_long == []


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("columns", [60])
def test_narrow_terminals_rewrap_prose_and_continue_examples(lang, columns, monkeypatch):
    """argparse rewraps prose; examples continue after a shell backslash, so they still paste.
    Only a usage line holding one long {choice,...} list may run over."""
    monkeypatch.setenv("COLUMNS", str(columns))
    for name, page in pages(lang).items():
        body = page.split("\n\n", 1)[1]
        assert [line for line in body.splitlines() if len(line) > columns] == [], name
        pasted = body.replace(" \\\n      ", " ").splitlines()
        assert pasted[-len(EXAMPLES[name.split()[-1]]):] == [
            f"  adkit {e}" for e in EXAMPLES[name.split()[-1]]], name


def test_help_through_the_cli_in_both_languages(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    assert run_cli("trace", "--help")[0] == 0
    english = capsys.readouterr().out
    assert run_cli("trace", "--help", "--lang", "vi")[0] == 0
    vietnamese = capsys.readouterr().out
    monkeypatch.setenv("ADKIT_LANG", "vi")
    assert run_cli("trace", "--help")[0] == 0
    assert capsys.readouterr().out == vietnamese != english
    assert english.rstrip().endswith(f"adkit trace {SEED} -o seed.md")


def test_every_example_runs(tmp_path, monkeypatch, capsys):
    """In the order listed, in one folder: grade reads the key and form exercise wrote."""
    monkeypatch.chdir(tmp_path)
    failed = []
    for command, example in EXAMPLE_LIST:
        argv = shlex.split(example)
        assert argv[0] == command or command == "adkit"
        status, _, err = run_cli(*argv)
        if status != 0:
            failed.append((example, status, err))
    capsys.readouterr()
    assert failed == []
    assert {"key.json", "answers.csv", "grades.csv", "seed.html", "autograder.zip"} <= {
        p.name for p in tmp_path.iterdir()}


def test_the_seed_example_is_the_course_seed():
    status, out, _ = run_cli(*shlex.split(f"trace {SEED}"))
    assert status == 0 and "11.65" in out  # f(2, 5) = ln 2 + 10 - sin 5 = 11.652...


def test_docs_cli_names_every_option_of_every_command():
    """Each command's section of docs/cli.md ("### `adkit X`" under "Every option") names all its options."""
    text = DOCS.read_text(encoding="utf-8")
    reference = text.split("## Every option, command by command", 1)[1]
    sections = dict(re.findall(r"^### `(adkit(?: \w+)?)`\n(.*?)(?=^### |\Z)", reference, re.S | re.M))
    missing = []
    for name, parser in parsers():
        body = sections.get(name, "")
        for action in parser._actions:
            for option in action.option_strings:
                if not re.search(rf"`{re.escape(option)}[` =]", body):
                    missing.append((name, option))
            if not action.option_strings and not isinstance(action, argparse._SubParsersAction):
                if f"`{action.metavar or action.dest.upper()}" not in body:
                    missing.append((name, action.dest))
        examples = re.findall(r"^    (adkit .*)$", body, re.M)
        assert examples == [f"adkit {e}" for e in EXAMPLES[name.split()[-1]]], name
    assert missing == []
