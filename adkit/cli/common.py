"""Shared pieces of the CLI: consoles, ``--at`` parsing, error printing, exit codes."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from adkit.errors import AdkitError, BindingError, ParseError
from adkit.messages import message
from adkit.modes.program import compile_program

if TYPE_CHECKING:
    from rich.console import Console

EXIT_OK = 0
EXIT_CHECK_FAILED = 1  # a verification found a wrong number
EXIT_USAGE = 2  # bad input: syntax, bindings, domains


def make_console(stderr: bool = False) -> "Console":
    """A console that drops colour when not a terminal or when NO_COLOR is set.

    Off a terminal the width is generous, so tables piped to a file do not wrap.
    """
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    terminal = stream.isatty()
    return Console(
        file=stream,
        width=None if terminal else int(os.environ.get("COLUMNS", 200)),
        no_color=bool(os.environ.get("NO_COLOR")) or not terminal,
        highlight=False,
        soft_wrap=not terminal,
    )


def print_error(err: "Console", error: AdkitError) -> None:
    """One line of reason; for syntax errors the line of text with a caret run."""
    err.print(f"adkit: {message('cli.error')}: {error}", markup=False, highlight=False)
    if isinstance(error, ParseError):
        line_start = error.text.rfind("\n", 0, error.start) + 1
        line_end = error.text.find("\n", error.start)
        line = error.text[line_start: line_end if line_end >= 0 else len(error.text)]
        column = error.start - line_start
        width = max(1, min(error.end, line_start + len(line) + 1) - error.start)
        err.print("  " + line, markup=False, highlight=False)
        err.print("  " + " " * column + "^" * width, markup=False, highlight=False)


def split_top_level(text: str) -> list[str]:
    """Split at commas outside parentheses (``x=max(1,2),y=3``)."""
    parts, depth, current = [], 0, []
    for ch in text:
        if ch == "," and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        depth += (ch == "(") - (ch == ")")
        current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def parse_assignments(texts: list[str] | None) -> dict[str, float] | None:
    """``["x1=2,x2=5"]`` → ``{"x1": 2.0, "x2": 5.0}``, order kept.

    A value may be a constant expression (``pi/4``, ``-1e-3``, ``sqrt(2)``),
    evaluated by adkit's own parser, never by Python.
    """
    if texts is None:
        return None

    values: dict[str, float] = {}
    for text in texts:
        for item in split_top_level(text):
            name, sep, value = item.partition("=")
            name = name.strip()
            if not sep or not name.isidentifier():
                raise BindingError("bind.format", item=item)
            if name in values:
                raise BindingError("bind.duplicate", name=name)
            program = compile_program(value.strip() or " ")
            if program.inputs:
                raise BindingError("bind.constant_expression", name=name, other=program.inputs[0])
            values[name] = program.evaluate([])
    return values


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(message("option.whole_number", text=text)) from None
    if not 1 <= value <= 17:
        raise argparse.ArgumentTypeError(message("option.digits"))
    return value


def names_list(text: str) -> list[str]:
    """``"y1,y2"`` → ``["y1", "y2"]``: names, each once."""
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names or not all(n.isidentifier() for n in names) or len(set(names)) != len(names):
        raise argparse.ArgumentTypeError(message("option.names", text=text))
    return names


def save_or_print(parts: list, out: "Console", path: str | None, err: "Console") -> None:
    """Print text and rich renderables, or write them to ``path`` as plain text
    (then "wrote PATH" goes to ``err``, never into what stdout shows)."""
    if path is None:
        for part in parts:
            if isinstance(part, str):
                out.file.write(part)
            else:
                out.print(part)
        return
    import io

    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=200, color_system=None, force_terminal=False, highlight=False,
                      soft_wrap=True)
    for part in parts:
        if isinstance(part, str):
            buffer.write(part)
        else:
            console.print(part)
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(buffer.getvalue())
    except OSError as exc:
        raise BindingError("cli.cannot_write", path=path, reason=exc.strerror or str(exc)) from None
    err.print(message("cli.saved", path=path), markup=False, highlight=False)
