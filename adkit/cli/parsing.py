"""adkit's argparse: one-line errors, argparse's own words in adkit's catalogue, and
formulas that start with '-'.

argparse is used through its public API except in the three places marked
"past the public API" below (docs/design.md says why each has no public way).
"""

from __future__ import annotations

import argparse
import re
from contextlib import contextmanager
from typing import Any, Iterator, NoReturn, Sequence

from adkit.cli.common import EXIT_USAGE
from adkit.messages import MESSAGES, keys_under, message


class OneLineErrorParser(argparse.ArgumentParser):
    """argparse's errors as one line plus where to look, not the whole usage block."""

    #: the subcommand's prog, set by main: "unrecognized arguments" comes from the top parser
    help_prog: str | None = None
    #: the subparsers action :meth:`add_subparsers` made (None for a leaf command)
    commands: Any = None

    def error(self, message_text: str) -> NoReturn:
        prog = self.help_prog or self.prog
        self.exit(EXIT_USAGE, f"{prog}: {message('cli.error')}: {message_text}\n"
                              f"{message('cli.try_help', prog=prog)}\n")

    def add_subparsers(self, **kwargs: Any) -> Any:
        """argparse's, kept so the subcommands are walked through the object made here."""
        self.commands = super().add_subparsers(**kwargs)
        return self.commands

    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                         namespace: argparse.Namespace | None = None) -> tuple[argparse.Namespace, list[str]]:
        """A NUL cannot come from a shell, but ``main([...])`` passed one on to ``open()``, which raised."""
        if args is not None and any("\0" in arg for arg in args):
            self.error(message("cli.nul_argument"))
        return super().parse_known_args(args, namespace)

    def _get_values(self, action: argparse.Action, arg_strings: list[str]) -> object:
        """Past the public API: ``--opt=--`` (also what ``--opt -- x`` becomes once formulas are
        protected): argparse drops the ``--`` and stores ``[]`` past ``choices`` and ``type``;
        refused as a missing value instead.  No public hook sees an option's raw strings."""
        if action.option_strings and "--" in arg_strings:
            raise argparse.ArgumentError(action, message("argparse.expected_one"))
        return super()._get_values(action, arg_strings)


def subcommands(parser: OneLineErrorParser) -> dict[str, OneLineErrorParser]:
    """The parsers of ``parser``'s subcommands by name (none for a leaf command)."""
    return dict(parser.commands.choices) if parser.commands is not None else {}


def declared(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """Past the public API: every argument of ``parser``, its groups' too.  argparse has no
    public way to list them; ``_actions`` is the list its own help and parsing read."""
    return list(parser._actions)


@contextmanager
def argparse_in_catalogue() -> Iterator[None]:
    """Past the public API: argparse's own words (``usage:``, ``options``, "expected one
    argument", …) through adkit's catalogue while a command line is built and parsed.

    argparse looks each one up through its module-level gettext alias ``argparse._`` when it
    builds a parser or reports an error, and offers no other hook; the alias is swapped for
    the catalogue's lookup here, and put back."""
    saved, argparse._ = argparse._, _translated  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = saved  # type: ignore[attr-defined]


def _translated(text: str) -> str:
    key = _ARGPARSE_KEYS.get(text)
    return message(key) if key else text


_ARGPARSE_KEYS = {MESSAGES[key]["en"]: key for key in keys_under("argparse")}


def protect_expressions(parser: OneLineErrorParser, argv: list[str]) -> list[str]:
    """Let a formula that starts with '-' be a positional argument.

    argparse would take ``-x^2`` for an unknown option.  Any argument after the
    subcommand that starts with '-' but is not one of that subcommand's options
    gets a leading space, which argparse reads as positional and adkit's parser
    ignores, so ``adkit trace "-x^2" --at x=3`` works without ``--``.
    """
    command, depth = leaf_parser(parser, argv)
    if depth == 0:
        return argv
    options = {option: action for action in declared(command) for option in action.option_strings}
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


def leaf_parser(parser: OneLineErrorParser, argv: list[str]) -> tuple[OneLineErrorParser, int]:
    """The (sub)subcommand's parser that ``argv`` names, and how many words name it
    (a ``--lang X`` before the command counts among them)."""
    command, depth = parser, 0
    if argv[:1] == ["--lang"] or argv[:1] and argv[0].startswith("--lang="):
        depth = 2 if argv[0] == "--lang" else 1
    while depth < len(argv) and argv[depth] in subcommands(command):
        command, depth = subcommands(command)[argv[depth]], depth + 1
    return command, depth


def _is_formula(arg: str) -> bool:
    """"-x^2", "-(y)", "-2", "--x", "--x1*y" are formulas; "--typo" stays an unknown option
    so argparse names it (a word of two or more letters after "--" reads as an option)."""
    return arg not in ("-", "--") and not _OPTION_LIKE.fullmatch(arg)


_OPTION_LIKE = re.compile(r"--[A-Za-z][A-Za-z-]+(=.*)?")
