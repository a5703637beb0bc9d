"""The ``adkit`` command: ``main(argv, out, err) -> exit status``.

Each subcommand is a module with ``add_parser(subparsers)`` and
``run(args, out, err) -> int``; add one by listing it in :data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from typing import TYPE_CHECKING, Callable, NoReturn, Sequence

import importlib
import re

from adkit.cli.common import EXIT_USAGE, print_error, warn
from adkit.cli.console import LazyConsole
from adkit.cli.examples import add_examples
from adkit.cli.outputs import add_force_option, check_outputs
from adkit.cli.source import resolve_sources
from adkit.errors import AdkitError, NonDifferentiableWarning
from adkit.messages import LANGUAGES, MESSAGES, keys_under, message, set_language
from adkit.api import VERSION as __version__

if TYPE_CHECKING:
    from rich.console import Console

#: Subcommand modules under adkit.cli, in the order ``adkit --help`` lists them.
COMMANDS = ("trace", "graph", "jacobian", "hessian", "cost", "codegen", "mlp", "plot", "exercise", "grade", "autograder", "play", "web")


class OneLineErrorParser(argparse.ArgumentParser):
    """argparse's errors as one line plus where to look, not the whole usage block."""

    #: the subcommand's prog, set by main: "unrecognized arguments" comes from the top parser
    help_prog: str | None = None

    def error(self, message_text: str) -> NoReturn:
        prog = self.help_prog or self.prog
        self.exit(EXIT_USAGE, f"{prog}: {message('cli.error')}: {message_text}\n"
                              f"{message('cli.try_help', prog=prog)}\n")

    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                         namespace: argparse.Namespace | None = None) -> tuple[argparse.Namespace, list[str]]:
        """A NUL cannot come from a shell, but ``main([...])`` passed one on to ``open()``, which raised."""
        if args is not None and any("\0" in arg for arg in args):
            self.error(message("cli.nul_argument"))
        return super().parse_known_args(args, namespace)

    def _get_values(self, action: argparse.Action, arg_strings: list[str]) -> object:
        """``--opt=--`` (also what ``--opt -- x`` becomes once formulas are protected): argparse drops
        the ``--`` and stores ``[]`` past ``choices`` and ``type``; refused as a missing value instead."""
        if action.option_strings and "--" in arg_strings:
            raise argparse.ArgumentError(action, message("argparse.expected_one"))
        return super()._get_values(action, arg_strings)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The ``adkit`` parser.  ``only`` builds just that subcommand's parser, so a
    command does not import the modules of all the others (start-up time)."""
    parser = OneLineErrorParser(
        prog="adkit",
        description=message("help.adkit.description"),
        allow_abbrev=False,
    )

    parser.add_argument("--version", action="version", version=f"adkit {__version__}",
                        help=message("help.common.version"))
    parser.add_argument("--lang", choices=LANGUAGES, dest="lang_before_command",  # adkit --lang vi --help
                        help=message("help.common.lang"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", help=message("help.adkit.command"))
    for name in COMMANDS if only not in COMMANDS else (only,):
        importlib.import_module(f"adkit.cli.{name}").add_parser(sub)
    _add_language_option(parser)
    add_force_option(parser)
    add_examples(parser)
    return parser


def _add_language_option(parser: argparse.ArgumentParser) -> None:
    """Give every (leaf) subcommand ``--lang``: the language of labels and messages.

    ``adkit codegen`` defines its own, which also accepts the old spelling of
    ``--target`` (python, c, latex).
    """
    nested = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not nested:
        if "--lang" in parser._option_string_actions:
            return
        parser.add_argument("--lang", choices=LANGUAGES, default=None,
                            help=message("help.common.lang"))
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
    command, depth = leaf_parser(parser, argv)
    if depth == 0:
        return argv
    options = command._option_string_actions
    out = list(argv[:depth])
    pending = None  # an option still waiting for its value
    for arg in argv[depth:]:
        name = arg.split("=", 1)[0]
        if pending is not None and arg.startswith("-") and name not in options:
            out[-1] = f"{pending}={arg}"  # "--input -1,2": a negative value, not an option
            pending = None
            continue
        if arg.startswith("-") and name not in options and _is_formula(arg):
            arg = " " + arg
        action = options.get(name)
        pending = name if action and action.nargs is None and "=" not in arg else None
        out.append(arg)
    return out


def leaf_parser(parser: argparse.ArgumentParser, argv: list[str]) -> tuple[argparse.ArgumentParser, int]:
    """The (sub)subcommand's parser that ``argv`` names, and how many words name it
    (a ``--lang X`` before the command counts among them)."""
    command, depth = parser, 0
    if argv[:1] == ["--lang"] or argv[:1] and argv[0].startswith("--lang="):
        depth = 2 if argv[0] == "--lang" else 1
    while depth < len(argv):
        nested = [a for a in command._actions if isinstance(a, argparse._SubParsersAction)]
        if not nested or argv[depth] not in nested[0].choices:
            break
        command, depth = nested[0].choices[argv[depth]], depth + 1
    return command, depth


def _is_formula(arg: str) -> bool:
    """"-x^2", "-(y)", "-2", "--x", "--x1*y" are formulas; "--typo" stays an unknown option
    so argparse names it (a word of two or more letters after "--" reads as an option)."""
    return arg not in ("-", "--") and not _OPTION_LIKE.fullmatch(arg)


_OPTION_LIKE = re.compile(r"--[A-Za-z][A-Za-z-]+(=.*)?")


def _requested_language(argv: list[str]) -> str | None:
    """``--lang`` from the raw arguments, so argparse's own errors are translated too
    (``adkit codegen --lang c`` is the old spelling of ``--target c``, not this)."""
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


_ARGPARSE_KEYS = {MESSAGES[key]["en"]: key for key in keys_under("argparse")}


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
    leaf, depth = leaf_parser(parser, args_list)
    for words in range(depth):  # errors from "adkit" or "adkit mlp" still point at the leaf's help
        leaf_parser(parser, args_list[:words])[0].help_prog = leaf.prog  # type: ignore[attr-defined]
    try:
        args = parser.parse_args(protect_expressions(parser, args_list))
    except SystemExit as exit:
        return int(exit.code or 0)
    out = out or LazyConsole()  # type: ignore[assignment]
    err = err or LazyConsole(stderr=True)  # type: ignore[assignment]
    try:
        resolve_sources(args)
        check_outputs(args)
        with warnings.catch_warnings():
            warnings.simplefilter("always", NonDifferentiableWarning)
            warnings.showwarning = _kinks_to(err, warnings.showwarning)
            return args.run(args, out, err)
    except AdkitError as error:
        print_error(err, error)
        return EXIT_USAGE


def _kinks_to(err: "Console", show: Callable[..., None]) -> Callable[..., None]:
    """A kink met by any command is said when it is met, once, in the one form of every warning."""
    said: set[str] = set()

    def showwarning(text: Warning | str, category: type[Warning], *rest: object) -> None:
        if not issubclass(category, NonDifferentiableWarning):
            return show(text, category, *rest)
        if str(text) not in said:
            said.add(str(text))
            warn(err, str(text))

    return showwarning
