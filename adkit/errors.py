"""Typed errors and warnings.

Every user-facing problem is an :class:`AdkitError` that carries a message key
and its parameters, never a pre-formatted string, so the CLI can print it in
the user's language from the one catalogue in :mod:`adkit.messages`.
"""

from __future__ import annotations

from typing import Any

from adkit.messages import message


class AdkitError(Exception):
    """Base of every error adkit reports to a user (the CLI exits 2 on it)."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params
        # rendered now, in the language current where the error is raised
        self.rendered = message(key, **params)

    def __str__(self) -> str:
        return self.rendered


class ParseError(AdkitError):
    """Syntax error with a ``[start, end)`` span into the original text."""

    def __init__(self, key: str, text: str, start: int, end: int, **params: Any) -> None:
        super().__init__(key, **params)
        self.text = text
        self.start = start
        self.end = max(end, start + 1)


class BindingError(AdkitError):
    """The point (``--at``), seed or input names do not fit the program."""


class LimitError(AdkitError):
    """Input beyond a documented size limit (length, nesting depth)."""


class DomainError(AdkitError):
    """A primitive was evaluated (or differentiated) outside its domain.

    ``step`` is the Wengert step's display text (``v1 = ln v₋₁``) when the
    error happened inside a program, so the message names where it failed.
    """

    def __init__(self, key: str, step: str | None = None, **params: Any) -> None:
        super().__init__(key, **params)
        self.step = step

    def __str__(self) -> str:
        text = super().__str__()
        return f"{self.step}: {text}" if self.step else text


class TracingError(AdkitError):
    """A Python callable did something that cannot be recorded as a trace."""


class NetworkError(AdkitError):
    """A network, its weights, its data or its training settings do not fit together."""


class NonDifferentiableWarning(UserWarning):
    """A kink (abs, relu at 0, max/min at a tie) was hit; a convention was used."""
