"""Docs that cannot rot: every example in README.md and docs/*.md is executed.

* ```python blocks with ``>>>`` run as doctests (one namespace per page);
* ```console blocks: each ``$ adkit …`` line runs in-process and its output must equal the
  lines shown under it (trailing spaces ignored; a line ending in ``...`` matches any rest of the
  line).  A page's blocks run in order in one folder holding the files of docs/examples/, as a
  reader who follows the page runs them: a later command finds what an earlier one wrote;
* ```bash blocks are set-up commands: the README's first two are run by
  tests/test_readme.py, the trace-regeneration command here on a copy.
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import run_cli_combined

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)


def blocks(page: Path, kind: str) -> list[str]:
    return [body for lang, body in FENCE.findall(page.read_text(encoding="utf-8")) if lang == kind]


def console_pages() -> list[tuple[str, list[tuple[str, str]]]]:
    """(page, [(command, expected output), ...] of all its ```console blocks in order) for every page with one."""
    found = []
    for page in PAGES:
        examples = []
        for body in blocks(page, "console"):
            command, expected = None, []
            for line in body.splitlines() + ["$ <end>"]:
                if line.startswith("$ "):
                    if command is not None:
                        examples.append((command, "\n".join(expected)))
                    command, expected = line[2:], []
                else:
                    expected.append(line)
        if examples:
            found.append((page.name, examples))
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_python_examples_run(page):
    text = page.read_text(encoding="utf-8")
    if ">>>" not in text:
        pytest.skip("no Python examples on this page")
    test = doctest.DocTestParser().get_doctest(text, {}, page.name, str(page), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.failures == 0, f"{runner.failures} doctest failure(s) in {page.name} (run with -s to see them)"


@pytest.mark.parametrize("page, examples", console_pages(), ids=lambda v: str(v)[:40])
def test_console_examples_print_what_the_page_shows(page, examples, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the commands of one page share a folder, in order
    shutil.copytree(ROOT / "docs" / "examples", tmp_path, dirs_exist_ok=True)  # with the example files (roster.csv)
    for command, expected in examples:
        argv = shlex.split(command)
        assert argv[0] == "adkit", f"{page}: console examples run adkit, not {argv[0]}"
        status, output = run_cli_combined(*argv[1:])
        got = [line.rstrip() for line in output.rstrip("\n").splitlines()]
        want = [line.rstrip() for line in expected.rstrip("\n").splitlines()]
        assert len(got) == len(want), f"{page}: `{command}` printed:\n" + "\n".join(got)
        for g, w in zip(got, want):
            if w.endswith("..."):
                assert g.startswith(w[:-3]), f"{page}: `{command}`"
            else:
                assert g == w, f"{page}: `{command}`"


def test_every_code_block_is_run():
    """Pages hold only ```console, ```python (doctest) and ```bash (set-up) blocks, all executed."""
    for page in PAGES:
        assert set(_opening_languages(page)) <= {"console", "python", "bash"}, page.name


def _opening_languages(page: Path) -> list[str]:
    languages, inside = [], False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            if not inside:
                languages.append(line[3:].strip())
            inside = not inside
    return languages


def test_regeneration_command_rewrites_identical_traces(tmp_path):
    command = next(line for body in blocks(ROOT / "README.md", "bash") for line in body.splitlines()
                   if "regenerate" in line)
    copy = tmp_path / "traces"
    shutil.copytree(ROOT / "traces", copy)
    for golden in copy.iterdir():
        if golden.name != "index.json":
            golden.write_text("stale", encoding="utf-8")
    env = {**os.environ, "ADKIT_TRACES_DIR": str(copy)}
    done = subprocess.run(command.replace("python3", sys.executable), shell=True, cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for golden in (ROOT / "traces").iterdir():
        assert (copy / golden.name).read_bytes() == golden.read_bytes(), golden.name
