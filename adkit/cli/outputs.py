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
from typing import Callable, TextIO

from adkit.errors import BindingError
from adkit.messages import message

#: argparse destinations that name a file the command writes.
OUTPUT_FIELDS = ("save", "output", "plot", "render")
#: destinations that name another file of the same command (written or read).
OTHER_FILE_FIELDS = ("key",)


def add_force_option(parser: argparse.ArgumentParser, dests: set[str]) -> None:
    """Give a subcommand that writes files (one of its argument ``dests`` names an output) ``--force``."""
    if dests & set(OUTPUT_FIELDS) and "force" not in dests:
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
        for path in written:
            if os.path.exists(path) and not (os.path.isdir(path) and getattr(args, "command", None) == "exercise"):
                raise BindingError("cli.exists", path=path)  # exercise's folders: each file is checked as it is planned


def write_output(path: str, data: str | bytes | Callable[[TextIO], None]) -> None:
    """Write one output file (text as UTF-8); any OSError becomes one line naming the path.

    ``data`` may be a writer of the text to a stream (a big trace, never held
    whole); if it fails the partial file is removed.
    """
    try:
        if callable(data):
            _stream_to(path, data)
            return
        with open(path, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
    except OSError as exc:
        folder = os.path.dirname(path)
        if folder and not os.path.isdir(folder):
            raise _folder_error(path, folder) from None
        raise BindingError("cli.cannot_write", path=path, reason=exc.strerror or str(exc)) from None


def _stream_to(path: str, write: Callable[[TextIO], None]) -> None:
    handle = open(path, "w", encoding="utf-8", newline="")  # newline="": "\n" stays "\n", as the bytes above
    try:
        with handle:
            write(handle)
    except BaseException:
        os.remove(path)
        raise


def _folder_error(path: str, folder: str) -> BindingError:
    """``path``'s folder is missing, or a file stands in its place."""
    if os.path.exists(folder):
        return BindingError("cli.not_a_folder", path=folder)
    return BindingError("cli.no_folder", path=path, folder=folder)


def make_folder(path: str) -> None:
    """The folder of per-student files (made with its parents); a file in its place is refused."""
    try:
        os.makedirs(path, exist_ok=True)
    except FileExistsError:
        raise BindingError("cli.not_a_folder", path=path) from None
    except OSError as exc:
        raise BindingError("cli.cannot_write", path=path, reason=exc.strerror or str(exc)) from None


def _as_list(value: object) -> list:
    return [] if value is None else list(value) if isinstance(value, (list, tuple)) else [value]
