"""The CLI's standard output and error: rich is imported only when something is printed through rich.

The tables are laid out by :mod:`adkit.present.layout` and written as plain
text to ``console.file``; only messages, rich tables and progress bars need a
``rich.console.Console``, and importing rich is about a third of ``adkit
trace``'s start-up (benchmarks/RESULTS.md, issue 22).
"""

from __future__ import annotations

import os
import shutil
import sys
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


class LazyConsole:
    """``file`` and ``width`` at once; any other attribute is the rich console's, built on first use.

    Colour is dropped off a terminal or when NO_COLOR is set; off a terminal the
    width is generous ($COLUMNS, else 200), so tables piped to a file do not wrap.
    """

    def __init__(self, stderr: bool = False) -> None:
        self.file = sys.stderr if stderr else sys.stdout
        self.terminal = self.file.isatty()
        self.width = shutil.get_terminal_size().columns if self.terminal else int(os.environ.get("COLUMNS", 200))

    @cached_property
    def rich(self) -> "Console":
        from rich.console import Console

        return Console(file=self.file, width=self.width, no_color=bool(os.environ.get("NO_COLOR")) or not self.terminal,
                       highlight=False, soft_wrap=not self.terminal)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.rich, name)
