"""A computational graph to look at: DOT text, drawn by Graphviz when it is installed.

:class:`GraphView` is what ``Trace.graph()`` returns: ``.dot`` is the DOT
text (:func:`adkit.present.graph.to_dot`), ``.svg()`` runs Graphviz's ``dot``,
and Jupyter shows it inline as SVG (or, without Graphviz, the reason and the
DOT text).  :func:`run_dot` is the one place adkit runs ``dot``.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from adkit.errors import BindingError


def run_dot(dot_text: str, fmt: str, path: Path | None = None) -> tuple[bytes, str | None]:
    """``dot -T<fmt>`` on ``dot_text`` (into ``path``, or returned): ``(output, None)`` or ``(b"", reason)``.

    Raises FileNotFoundError when Graphviz's ``dot`` is not on the PATH.
    """
    program = shutil.which("dot")
    if program is None:
        raise FileNotFoundError("dot")
    command = [program, f"-T{fmt}"] + (["-o", str(path)] if path is not None else [])
    try:
        done = subprocess.run(command, input=dot_text.encode("utf-8"), capture_output=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return b"", str(exc)
    if done.returncode != 0:
        return b"", done.stderr.decode("utf-8", "replace").strip() or f"exit status {done.returncode}"
    return done.stdout, None


@dataclass(frozen=True)
class GraphView:
    """The computational graph of a trace: ``.dot`` text; SVG in Jupyter."""

    dot: str

    def svg(self) -> str:
        """The graph drawn as SVG by Graphviz (BindingError with the install hint when it is missing)."""
        try:
            output, reason = run_dot(self.dot, "svg")
        except FileNotFoundError:
            raise BindingError("graph.no_graphviz") from None
        if reason is not None:
            raise BindingError("graph.render_failed", path="SVG", reason=reason)
        return output.decode("utf-8")

    def __str__(self) -> str:
        return self.dot

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        try:
            return {"image/svg+xml": self.svg(), "text/plain": self.dot}
        except BindingError as error:
            return {"text/plain": f"{error}\n\n{self.dot}"}
