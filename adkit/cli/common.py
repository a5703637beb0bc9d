"""Shared pieces of the CLI: ``--at`` parsing, error printing, exit codes."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from adkit.cli.outputs import write_output
from adkit.errors import AdkitError, BindingError, ParseError
from adkit.ir.primitives import CONSTANTS
from adkit.language.lexer import tokenize
from adkit.ir.wengert import output_name
from adkit.language.lower import free_names, unused_statements
from adkit.language.nodes import Assign
from adkit.language.parser import parse
from adkit.messages import message
from adkit.api import compile_program

if TYPE_CHECKING:
    from rich.console import Console

EXIT_OK = 0
EXIT_CHECK_FAILED = 1  # a verification found a wrong number
EXIT_USAGE = 2  # bad input: syntax, bindings, domains


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
    evaluated by adkit's own parser, never by Python.  Names are read as in
    formulas (``x₁=2`` sets ``x1``).
    """
    if texts is None:
        return None

    values: dict[str, float] = {}
    for text in texts:
        for item in split_top_level(text):
            name, sep, value = item.partition("=")
            name = name.strip()
            if sep and ("=" in value or ";" in value):  # x=1 y=2, x=1;y=2
                raise BindingError("bind.separate", item=item)
            tokens = tokenize(name)
            if any(t.kind == "ERROR" for t in tokens):
                parse(name)  # the character named, with its ASCII spelling and a caret
            if not sep or len(tokens) != 2 or tokens[0].kind != "NAME":
                raise BindingError("bind.format", item=item)
            name = tokens[0].text
            if not value.strip():
                raise BindingError("bind.no_value", name=name)
            if name in values:
                raise BindingError("bind.duplicate", name=name)
            program = compile_program(value.strip())
            if program.inputs:
                raise BindingError("bind.constant_expression", name=name, other=program.inputs[0])
            values[name] = program.evaluate([])
    return values


def warn(err: "Console", text: str) -> None:
    """A warning, in the one form every command uses: ``adkit: warning: …`` on stderr."""
    err.print(f"adkit: {message('cli.warning')}: {text}", markup=False, highlight=False)


def used_point(expression: str, at: dict[str, float] | None, err: "Console",
               outputs: list[str] | None = None, option: bool = True) -> dict[str, float]:
    """The ``--at`` values the formula reads; a value it does not read is a warning on stderr, not an error.

    So is a statement the output does not need when no ``outputs`` were named (naming
    them leaves the others out on purpose): the Wengert list drops it, and ``option``
    says whether ``--outputs`` can keep it.
    No ``--at`` is an empty point, so a formula without inputs (``3+4``) needs none.
    """
    module = parse(expression)
    last = module.statements[-1]
    output = last.target if isinstance(last, Assign) else output_name([n for n in free_names(module) if n not in CONSTANTS])
    order = [st.target for st in module.statements if isinstance(st, Assign)]
    for st in unused_statements(module) if outputs is None else ():
        names = ",".join(sorted({output, st.target}, key=order.index)) if option and isinstance(last, Assign) else None
        warn(err, message("program.dropped", statement=module.text[st.start:st.value.end], output=output, names=names))
    if not at:
        return {}
    free = [name for name in free_names(module) if name not in CONSTANTS or name in at]
    for name in at:
        if name not in free:
            warn(err, message("bind.unused", name=name, inputs=", ".join(free) or None))
    return {name: value for name, value in at.items() if name in free}


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(message("option.whole_number", text=text)) from None
    if not 1 <= value <= 17:
        raise argparse.ArgumentTypeError(message("option.digits"))
    return value


def names_list(text: str) -> list[str]:
    """``"y1,y2"`` → ``["y1", "y2"]``: names, each once, read as formulas read them (``y₁`` is ``y1``)."""
    tokens = [tokenize(n) for n in text.split(",") if n.strip()]
    if not tokens or not all(len(t) == 2 and t[0].kind == "NAME" for t in tokens):
        raise argparse.ArgumentTypeError(message("option.names", text=text))
    names = [t[0].text for t in tokens]
    if len(set(names)) != len(names):
        raise argparse.ArgumentTypeError(message("option.names", text=text))
    return names


def save_or_print(parts: list, out: "Console", path: str | None, err: "Console") -> None:
    """Print text, rich renderables and writers (``part(stream)`` writes its text), or write them to ``path``
    as plain text, or a binary format's bytes as they are (then "wrote PATH" goes to ``err``, never into
    what stdout shows)."""
    if path is None:
        for part in parts:
            if isinstance(part, str):
                out.file.write(part)
            elif callable(part):
                part(out.file)
            else:
                out.print(part)
        return
    write_output(path, parts[0] if isinstance(parts[0], bytes) else lambda handle: _write_parts(parts, handle))
    err.print(message("cli.saved", path=path), markup=False, highlight=False)


def _write_parts(parts: list, handle: TextIO) -> None:
    """``parts`` into an output file, rich renderables as plain text at 200 columns."""
    from rich.console import Console

    console = Console(file=handle, width=200, color_system=None, force_terminal=False, highlight=False,
                      soft_wrap=True)
    for part in parts:
        if isinstance(part, str):
            handle.write(part)
        elif callable(part):
            part(handle)
        else:
            console.print(part)
