"""Formula text from ``@FILE`` or ``-`` (stdin), so long programs need no shell quoting.

Reading is bounded: at most the parser's length limit (in UTF-8 bytes, four per
character) plus one byte, so a huge file is refused with the same limit message
as a long command-line formula instead of filling memory.
"""

from __future__ import annotations

import sys
from typing import BinaryIO

from adkit.errors import AdkitError, LimitError
from adkit.language.parser import MAX_LENGTH

#: argparse destinations that hold a formula or program.
SOURCE_FIELDS = ("expression", "program", "expr")
_MAX_BYTES = 4 * MAX_LENGTH


def resolve_sources(args: object, stdin: BinaryIO | None = None) -> None:
    """Replace an ``@FILE`` or ``-`` formula argument by the text it names."""
    for field in SOURCE_FIELDS:
        value = getattr(args, field, None)
        if not isinstance(value, str):
            continue
        spec = value.strip()
        if spec == "-":
            setattr(args, field, _decode(_read(stdin or sys.stdin.buffer), "-"))
        elif spec.startswith("@") and len(spec) > 1:
            setattr(args, field, _read_file(spec[1:]))


def _read_file(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            return _decode(_read(handle), path)
    except OSError as error:
        raise AdkitError("cli.cannot_read", path=path, reason=error.strerror or str(error)) from None


def _read(handle: BinaryIO) -> bytes:
    data = handle.read(_MAX_BYTES + 1)
    if len(data) > _MAX_BYTES:
        raise LimitError("limit.length", length=f"> {MAX_LENGTH:,}", limit=f"{MAX_LENGTH:,}")
    return data


def _decode(data: bytes, path: str) -> str:
    if b"\0" in data:
        raise AdkitError("cli.binary_file", path=path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise AdkitError("cli.not_utf8", path=path, offset=error.start) from None
    if len(text) > MAX_LENGTH:
        raise LimitError("limit.length", length=f"{len(text):,}", limit=f"{MAX_LENGTH:,}")
    return text.replace("\r\n", "\n").replace("\r", "\n")  # a bare CR ends a line too (classic Mac OS)
