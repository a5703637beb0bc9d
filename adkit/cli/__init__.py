"""The ``adkit`` command: ``main(argv, out, err) -> exit status``.

Each subcommand is a module with ``add_parser(subparsers)`` and
``run(args, out, err) -> int``; add one by listing it in :data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from typing import TYPE_CHECKING, Sequence

import importlib

from adkit.cli.common import EXIT_USAGE, make_console, print_error
from adkit.errors import AdkitError, NonDifferentiableWarning
from adkit.messages import LANGUAGES, MESSAGES, message, set_language
from adkit.api import VERSION as __version__

if TYPE_CHECKING:
    from rich.console import Console

#: Subcommand modules under adkit.cli, in the order ``adkit --help`` lists them.
COMMANDS = ("trace", "graph", "jacobian", "hessian", "cost", "codegen", "mlp", "plot", "exercise", "grade", "autograder", "play")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The ``adkit`` parser.  ``only`` builds just that subcommand's parser, so a
    command does not import the modules of all the others (start-up time)."""
    parser = argparse.ArgumentParser(
        prog="adkit",
        description="Automatic differentiation made visible: Wengert lists, forward and reverse mode.",
        allow_abbrev=False,
    )

    parser.add_argument("--version", action="version", version=f"adkit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS if only not in COMMANDS else (only,):
        importlib.import_module(f"adkit.cli.{name}").add_parser(sub)
    _add_language_option(parser)
    return parser


def _add_language_option(parser: argparse.ArgumentParser) -> None:
    """Give every (leaf) subcommand ``--lang``: the language of labels and messages.

    ``adkit codegen`` has its own ``--lang`` (the programming language); there,
    ``ADKIT_LANG`` chooses the language of messages.
    """
    nested = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not nested:
        if "--lang" in parser._option_string_actions:
            return
        parser.add_argument("--lang", choices=LANGUAGES, default=None,
                            help="language of labels and messages (default: $ADKIT_LANG, else en)")
        return
    for action in nested:
        for child in dict.fromkeys(action.choices.values()):
            _add_language_option(child)


def protect_expressions(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """Let a formula that starts with '-' be a positional argument.

    argparse would take ``-x^2`` for an unknown option.  Any argument after the
    subcommand that starts with '-' but is not one of that subcommand's options
    gets a leading space, which argparse reads as positional and adkit's parser
    ignores, so ``adkit trace "-x^2" --at x=3`` works without ``--``.
    """
    if not argv:
        return argv
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    command = subparsers.choices.get(argv[0])
    if command is None:
        return argv
    options = set(command._option_string_actions)
    out = [argv[0]]
    takes_value = False
    for arg in argv[1:]:
        is_option = arg.split("=", 1)[0] in options
        # "--name" stays an (unknown) option so argparse names it; "-x^2", "-(y)", "-2" are formulas
        if arg.startswith("-") and not arg.startswith("--") and not is_option and not takes_value:
            arg = " " + arg
        action = command._option_string_actions.get(arg.split("=", 1)[0]) if is_option else None
        takes_value = bool(action and action.nargs != 0 and "=" not in arg)
        out.append(arg)
    return out


def _requested_language(argv: list[str]) -> str | None:
    """``--lang`` from the raw arguments, so argparse's own errors are translated too
    (``adkit codegen --lang`` is the programming language, not this)."""
    if argv and argv[0] == "codegen":
        return None
    for i, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else (
            argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None)
        if value in LANGUAGES:
            return value
    return None


def _translate_argparse(text: str) -> str:
    """argparse looks its messages up through a module-level ``_`` when it prints
    them; this sends them through adkit's catalogue (installed only inside main)."""
    key = _ARGPARSE_KEYS.get(text)
    return message(key) if key else text


_ARGPARSE_KEYS = {entry["en"]: key for key, entry in MESSAGES.items() if key.startswith("argparse.")}


def main(argv: Sequence[str] | None = None, out: "Console | None" = None, err: "Console | None" = None) -> int:
    """Run the CLI; returns the exit status (0 ok, 1 a check failed, 2 bad input)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    set_language(_requested_language(args_list))
    saved, argparse._ = argparse._, _translate_argparse  # type: ignore[attr-defined]
    try:
        return _run(args_list, out, err)
    finally:
        argparse._ = saved  # type: ignore[attr-defined]
        set_language(None)


def _run(args_list: list[str], out: "Console | None", err: "Console | None") -> int:
    parser = build_parser(only=args_list[0] if args_list else None)
    try:
        args = parser.parse_args(protect_expressions(parser, args_list))
    except SystemExit as exit:
        return int(exit.code or 0)
    out = out or make_console()
    err = err or make_console(stderr=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NonDifferentiableWarning)  # the tables print them
            return args.run(args, out, err)
    except AdkitError as error:
        print_error(err, error)
        return EXIT_USAGE
