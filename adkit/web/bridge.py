"""What the page calls inside Pyodide: the ``adkit`` command itself, on a list of words.

The page is a form over the command line, so every table, error and mark it
shows is the one ``adkit`` prints: no second renderer.  The words come from
the page's text boxes as Python strings (never pasted into code).  Standard
input is empty: in a browser Pyodide would read it with a ``prompt()`` dialog.
"""

from __future__ import annotations

import io
import sys
from typing import Sequence

from adkit.cli import main

#: Columns the text outputs (``jacobian``, ``cost``, ``grade``) are laid out in.
WIDTH = 100


def cli(argv: Sequence[str]) -> dict[str, object]:
    """Run ``adkit ARGV``; returns ``{"status", "out", "err"}`` with plain text (no colour)."""
    from rich.console import Console

    streams = io.StringIO(), io.StringIO()
    out, err = (Console(file=s, width=WIDTH, color_system=None, force_terminal=False, highlight=False,
                        soft_wrap=True) for s in streams)
    saved, sys.stdin = sys.stdin, io.TextIOWrapper(io.BytesIO())  # a formula "-" reads nothing, never a prompt()
    try:
        status = main([str(word) for word in argv], out, err)
    finally:
        sys.stdin = saved
    return {"status": status, "out": streams[0].getvalue(), "err": streams[1].getvalue()}
