"""Run the cases of tests/message_cases.py in every language, record which catalogue
keys each one rendered, and write or compare the golden files traces/messages-*.txt.

A golden holds what a user sees (exit status, standard output, standard error),
so changing one word of a rendered message changes a golden and fails
tests/test_message_goldens.py.  Regenerate with ``python3 tests/regenerate_traces.py``.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import math
import os
import re
import shlex
import shutil
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy

import adkit
import adkit.coursework.forms  # the API cases reach these modules as adkit.X.Y
import adkit.coursework.shapes
import adkit.nn.checks
import adkit.nn.datasets
import adkit.nn.mlp
import adkit.nn.optimizers
import adkit.nn.schedules
import adkit.messages as catalogue
from adkit.messages import LANGUAGES
from helpers import TRACES, console
from message_cases import CASES, EXAMPLES_DIR, FILES

from adkit.cli import main

#: A placeholder: a format field or one of argparse's %-style ones.
FIELD = re.compile(r"\{[^{}]*\}|%\(\w+\)[sr]|%[sr]")


def golden_name(family: str, lang: str) -> str:
    return f"messages-{family}-{lang}.txt"


def golden_names() -> set[str]:
    return {golden_name(family, lang) for family in CASES for lang in LANGUAGES}


def fixed_words(template: str) -> list[str]:
    """The text of a template between its placeholders, whitespace collapsed."""
    return [w for w in (" ".join(part.split()) for part in FIELD.split(template)) if w]


def flat(text: str) -> str:
    """Text with its line breaks undone (help pages wrap after a hyphen) and whitespace collapsed."""
    return " ".join(re.sub(r"(?<=\w-)\n\s*", "", text).split())


class Recorder(Mapping):
    """Stands in for the catalogue inside adkit.messages while cases run: every
    lookup is noted with the template as shown (its ``[[...]]`` sections kept or
    dropped), so coverage is measured, not guessed.  Behaviour is unchanged."""

    def __init__(self, messages: Mapping, sections: re.Pattern) -> None:
        self.messages, self.sections = messages, sections
        self.pending: list[str] = []
        self.shown: list[tuple[str, str]] = []  # (key, template with its sections resolved)

    def __getitem__(self, key: str):
        entry = self.messages[key]
        self.pending.append(key)
        return entry

    def __iter__(self):
        return iter(self.messages)

    def __len__(self) -> int:
        return len(self.messages)

    def __contains__(self, key: object) -> bool:
        return key in self.messages

    def sub(self, repl, template: str) -> str:
        shown = self.sections.sub(repl, template)
        self.shown.append((self.pending.pop(), shown))
        return shown


@contextlib.contextmanager
def recording() -> Iterator[Recorder]:
    recorder = Recorder(catalogue.MESSAGES, catalogue._SECTION)
    saved = catalogue.MESSAGES, catalogue._SECTION
    catalogue.MESSAGES = catalogue._SECTION = recorder
    try:
        yield recorder
    finally:
        catalogue.MESSAGES, catalogue._SECTION = saved


@contextlib.contextmanager
def variables(env: dict[str, str]) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@contextlib.contextmanager
def environment(lang: str, folder: Path) -> Iterator[None]:
    """The language, a fixed help width, no colour, a clock that ticks 1/1024 s per reading (so measured
    times are the same every run), and the case folder as working directory."""
    ticks = itertools.count()
    saved_cwd, saved_clock = os.getcwd(), time.perf_counter
    time.perf_counter = lambda: next(ticks) / 1024  # exact binary steps: a difference never rounds
    os.chdir(folder)
    try:
        with variables({"ADKIT_LANG": lang, "COLUMNS": "80", "NO_COLOR": "1"}):
            yield
    finally:
        os.chdir(saved_cwd)
        time.perf_counter = saved_clock


@dataclass
class Run:
    """One case in one language: what the user saw and which keys were shown."""

    header: str
    text: str
    shown: list[tuple[str, str]]


def split(case: str) -> tuple[str, str]:
    """(``VAR=VALUE `` words in front, the rest: adkit's arguments or ``>>> EXPR``)."""
    return re.match(r"((?:\w+=\S* )*)(.*)", case, re.S).groups()  # type: ignore[union-attr]


def header(case: str) -> str:
    """The case as a user types it: ``$ adkit ARGS`` (after any VAR=VALUE), or ``>>> EXPR``."""
    env, rest = split(case)
    return rest if rest.startswith(">>> ") else f"$ {env}adkit {rest}"


def run_case(case: str, folder: Path) -> tuple[str, list[tuple[str, str]]]:
    """``adkit CASE`` in-process: exit status, stdout, stderr (argparse's included), tmp paths hidden.
    ``NAME=VALUE adkit ...`` sets an environment variable for the case; ``>>> EXPR`` evaluates a
    Python expression with adkit imported, for keys only the Python API shows."""
    words, rest = split(case)
    env = dict(word.split("=", 1) for word in words.split())
    if rest.startswith(">>> "):
        with variables(env):
            return run_api(rest[4:])
    out, err = console(100), console(100)
    stdout, stderr = io.StringIO(), io.StringIO()
    with recording() as recorder, contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr), \
            variables(env):
        status = main(shlex.split(rest), out=out, err=err)
    parts = [f"exit {status}"]
    for label, text in (("stdout", out.file.getvalue() + stdout.getvalue()),
                        ("stderr", err.file.getvalue() + stderr.getvalue())):
        if text:
            parts.append(f"--- {label}\n{text.rstrip()}")
    text = "\n".join(line.rstrip() for line in "\n".join(parts).splitlines())
    text = text.replace(os.path.realpath(folder), "<tmp>").replace(str(folder), "<tmp>")
    return text, recorder.shown


def run_api(expression: str) -> tuple[str, list[tuple[str, str]]]:
    """The repr of the expression's value, or the error it raises, as a notebook shows it."""
    with recording() as recorder:
        try:
            text = repr(eval(expression, {"adkit": adkit, "math": math, "numpy": numpy}))
        except Exception as error:  # the error a user reads is the output
            text = f"{type(error).__name__}: {error}"
    return text, recorder.shown


def run_all() -> dict[tuple[str, str], list[Run]]:
    """(family, language) → its runs, every case in a fresh folder holding docs/examples."""
    runs: dict[tuple[str, str], list[Run]] = {}
    for lang in LANGUAGES:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            for sample in EXAMPLES_DIR.iterdir():
                shutil.copy(sample, folder)
            for name, data in FILES.items():
                if name.endswith("/"):
                    (folder / name).mkdir()
                else:
                    (folder / name).parent.mkdir(exist_ok=True)
                    (folder / name).write_bytes(data)
            with environment(lang, folder):
                for family, cases in CASES.items():
                    runs[family, lang] = [Run(header(case), *run_case(case, folder)) for case in cases]
    return runs


def golden_text(runs: list[Run]) -> str:
    return "".join(f"{run.header}\n{run.text}\n\n" for run in runs)


def write_goldens(folder: Path = TRACES) -> list[Path]:
    written = []
    for (family, lang), runs in run_all().items():
        path = folder / golden_name(family, lang)
        path.write_text(golden_text(runs), encoding="utf-8")
        written.append(path)
    return written
