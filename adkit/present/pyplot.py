"""matplotlib, optional, loaded in one place for every figure adkit saves (``adkit plot``, ``adkit mlp --plot``).

matplotlib is an extra (``pip install adkit[plot]``), imported only when a
figure is asked for; :func:`pyplot` returns None when it is missing so each
command says so in its own one line.
"""

from __future__ import annotations

from typing import Any


def pyplot() -> Any:
    """matplotlib.pyplot on the Agg backend (files only), or None if not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    return plt
