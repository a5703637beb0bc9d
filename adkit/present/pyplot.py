"""matplotlib, optional, loaded in one place for every figure adkit saves (``adkit plot``, ``adkit mlp --plot``).

matplotlib is an extra (``pip install adkit[plot]``), imported only when a
figure is asked for; :func:`pyplot` returns None when it is missing so each
command says so in its own one line.
"""

from __future__ import annotations

import io
import os
from typing import Any

from adkit.errors import BindingError


def pyplot() -> Any:
    """matplotlib.pyplot on the Agg backend (files only), or None if not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    return plt


def figure_kind(path: str) -> str:
    """The format ``path``'s extension names (PNG without one); an extension matplotlib cannot
    write is refused, so a command checks its ``--plot`` before computing anything (without
    matplotlib nothing is checked: the command says it is missing when it would draw)."""
    kind = os.path.splitext(path)[1].lower().lstrip(".") or "png"
    try:
        from matplotlib.backend_bases import FigureCanvasBase
    except ImportError:
        return kind
    kinds = FigureCanvasBase.get_supported_filetypes()
    if kind not in kinds:
        raise BindingError("cli.figure_format", path=path, formats=", ".join(f".{k}" for k in sorted(kinds)))
    return kind


def figure_bytes(fig: Any, path: str) -> bytes:
    """The figure in the format ``path``'s extension names, as bytes, so the CLI writes it the
    way it writes every file."""
    kind = figure_kind(path)
    buffer = io.BytesIO()
    fig.savefig(buffer, format=kind)
    return buffer.getvalue()
