"""Output files are never overwritten by accident: ``--force`` or a fresh path.

Checked once, before a command runs, for every subcommand that writes files
(``-o/--save/--output``, ``--plot``, ``--render``, ``exercise --key``), so no command can
forget it and no half-written set of files is left when one path is refused.
:func:`write_output` is the only way a command writes a user's file, so a
missing folder or an unwritable path reads the same in every command.
"""

from __future__ import annotations

import argparse
import os

from adkit.errors import BindingError
from adkit.messages import message

#: argparse destinations that name a file the command writes.
OUTPUT_FIELDS = ("save", "output", "plot", "render")
#: destinations that name another file of the same command (written or read).
OTHER_FILE_FIELDS = ("key",)


def add_force_option(parser: argparse.ArgumentParser) -> None:
    """Give every (leaf) subcommand that writes files ``--force``."""
    nested = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    for action in nested:
        for child in dict.fromkeys(action.choices.values()):
            add_force_option(child)
    dests = {a.dest for a in parser._actions}
    if not nested and dests & set(OUTPUT_FIELDS) and "force" not in dests:
        parser.add_argument("--force", action="store_true", help=message("help.common.force"))


def check_outputs(args: argparse.Namespace) -> None:
    """Refuse an existing output file without ``--force``, and one path used for two files."""
    outputs = [str(v) for f in OUTPUT_FIELDS if (v := getattr(args, f, None)) not in (None, "-")]
    others = [str(v) for f in OTHER_FILE_FIELDS for v in _as_list(getattr(args, f, None)) if v != "-"]
    seen: set[str] = set()
    for path in outputs + others:
        real = os.path.realpath(path)
        if real in seen:
            raise BindingError("cli.same_output", path=path)
        seen.add(real)
    written = outputs + (others if getattr(args, "command", None) == "exercise" else [])
    for path in written:
        folder = os.path.dirname(path)
        if folder and not os.path.isdir(folder):
            raise _folder_error(path, folder)
    if not getattr(args, "force", False):
        for path in written:  # a folder is not overwritten: the files written into it are checked there
            if os.path.exists(path) and not os.path.isdir(path):
                raise BindingError("cli.exists", path=path)


def write_output(path: str, data: str | bytes) -> None:
    """Write one output file (text as UTF-8); any OSError becomes one line naming the path."""
    try:
        with open(path, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
    except OSError as exc:
        folder = os.path.dirname(path)
        if folder and not os.path.isdir(folder):
            raise _folder_error(path, folder) from None
        raise BindingError("cli.cannot_write", path=path, reason=exc.strerror or str(exc)) from None


def _folder_error(path: str, folder: str) -> BindingError:
    """``path``'s folder is missing, or a file stands in its place."""
    if os.path.exists(folder):
        return BindingError("cli.not_a_folder", path=folder)
    return BindingError("cli.no_folder", path=path, folder=folder)


def make_folder(path: str, files: list[str], force: bool) -> None:
    """The folder of per-student ``files`` (made with its parents); a file in its place is
    refused, and so is one of ``files`` that exists, without ``force``, before any is written."""
    if not force:
        for name in files:
            if os.path.exists(os.path.join(path, name)):
                raise BindingError("cli.exists", path=os.path.join(path, name))
    try:
        os.makedirs(path, exist_ok=True)
    except FileExistsError:
        raise BindingError("cli.not_a_folder", path=path) from None
    except OSError as exc:
        raise BindingError("cli.cannot_write", path=path, reason=exc.strerror or str(exc)) from None


def _as_list(value: object) -> list:
    return [] if value is None else list(value) if isinstance(value, (list, tuple)) else [value]
