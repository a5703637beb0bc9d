"""The ``adkit`` command: ``main(argv, out, err) -> exit status``.

Each subcommand is a module with ``add_parser(subparsers)`` and
``run(args, out, err) -> int``; add one by listing it in :data:`COMMANDS`.
"""

from __future__ import annotations

import importlib
import sys
import warnings
from typing import TYPE_CHECKING, Callable, Sequence

from adkit.cli.common import EXIT_USAGE, print_error, warn
from adkit.cli.console import LazyConsole
from adkit.cli.examples import add_examples
from adkit.cli.outputs import add_force_option, check_outputs
from adkit.cli.parsing import (OneLineErrorParser, argparse_in_catalogue, declared, leaf_parser, protect_expressions,
                               subcommands)
from adkit.cli.source import resolve_sources
from adkit.errors import AdkitError, NonDifferentiableWarning
from adkit.messages import LANGUAGES, message, set_language
from adkit.api import VERSION as __version__

if TYPE_CHECKING:
    from rich.console import Console

#: Subcommand modules under adkit.cli, in the order ``adkit --help`` lists them.
COMMANDS = ("trace", "graph", "jacobian", "hessian", "cost", "codegen", "mlp", "plot", "exercise", "grade", "autograder", "play", "web")


def build_parser(only: str | None = None) -> OneLineErrorParser:
    """The ``adkit`` parser.  ``only`` builds just that subcommand's parser, so a
    command does not import the modules of all the others (start-up time).  Every leaf
    command gets ``--lang``, ``--force`` when it writes files, and its examples."""
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
    for name, command in subcommands(parser).items():
        arguments = declared(command)
        if not any("--lang" in a.option_strings for a in arguments):  # adkit codegen's own also takes old --target values
            command.add_argument("--lang", choices=LANGUAGES, default=None, help=message("help.common.lang"))
        add_force_option(command, {a.dest for a in arguments})
        add_examples(command, name)
    add_examples(parser)
    return parser


def _requested_language(argv: list[str]) -> str | None:
    """``--lang`` from the raw arguments, so argparse's own errors are translated too
    (``adkit codegen --lang c`` is the old spelling of ``--target c``, not this)."""
    for i, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else (
            argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None)
        if value in LANGUAGES:
            return value
    return None


def main(argv: Sequence[str] | None = None, out: "Console | None" = None, err: "Console | None" = None) -> int:
    """Run the CLI; returns the exit status (0 ok, 1 a check failed, 2 bad input)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    set_language(_requested_language(args_list))
    try:
        with argparse_in_catalogue():
            return _run(args_list, out, err)
    finally:
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
