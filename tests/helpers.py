"""Shared test helpers: run the CLI in-process with deterministic consoles."""

from __future__ import annotations

import io

from rich.console import Console

from adkit.cli import main


def console(width: int = 200) -> Console:
    return Console(file=io.StringIO(), width=width, color_system=None, force_terminal=False,
                   highlight=False, soft_wrap=True, legacy_windows=False)


def run_cli(*argv: str, width: int = 200) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of ``adkit ARGV``."""
    out, err = console(width), console(width)
    status = main(list(argv), out=out, err=err)
    return status, out.file.getvalue(), err.file.getvalue()
