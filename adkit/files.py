"""A user's file read whole but bounded: a missing, unreadable or oversized file is one error
line naming it, never a traceback or unbounded memory (keys, rosters, ``mlp --data``)."""

from __future__ import annotations

from adkit.errors import AdkitError


def read_bounded(path: str, limit: int, too_large: str, error: type[AdkitError],
                 unreadable: str = "grade.cannot_read") -> bytes:
    """At most ``limit`` bytes of ``path``; ``error(unreadable)`` or ``error(too_large)`` otherwise."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise error(unreadable, path=path, reason=exc.strerror or str(exc)) from None
    if len(data) > limit:
        raise error(too_large, path=path, limit=limit)
    return data
