"""``adkit play`` and ``Trace.player()``: one self-contained HTML page that steps through the sweeps.

The page is assembled from three pieces of package data (the template, the
script and the stylesheet, all inlined) and the player's script as JSON, so
it opens from disk with no server and makes no network request.
"""

from __future__ import annotations

import html
import re
from importlib import resources
from typing import Any

from adkit.errors import BindingError, LimitError
from adkit.messages import message, using_language
from adkit.modes.records import TraceRecord
from adkit.present.data import script_json
from adkit.present.player_layout import script

#: The most steps a page plays; longer programs are for ``adkit trace``.
STEP_LIMIT = 1000

#: Labels the page shows, by message key (the script reads them from the embedded JSON).
LABELS = ("play.first", "play.prev", "play.play", "play.pause", "play.next", "play.last", "play.speed",
          "play.slider", "play.event", "play.sweep", "play.primal_phase", "play.adjoint_phase",
          "play.summary", "play.gradient", "play.sweeps", "mode.forward", "mode.reverse",
          "col.step", "col.definition", "col.value", "play.col_tangent", "play.col_adjoint", "play.graph",
          "play.legend", "play.legend_current", "play.legend_source", "play.legend_done", "play.legend_node",
          "play.legend_partial", "play.legend_forward", "play.legend_back", "play.next_mode", "play.next_mode_button")


_PLACEHOLDER = re.compile(r"\{(lang|title|css|data|js)\}")

#: Placeholders the page fills in itself (a label keeps them as ``{name}``).
_SLOTS = {name: "{" + name + "}" for name in ("index", "count", "sweep", "seed", "mode")}


def _asset(name: str) -> str:
    return resources.files("adkit.present").joinpath("assets", name).read_text(encoding="utf-8")


def player_data(trace: TraceRecord, digits: int = 4, modes: tuple[str, ...] = ("forward", "reverse")) -> dict[str, Any]:
    """Everything the page needs, as JSON-ready data (``trace`` ran in mode "both")."""
    if len(trace.steps) > STEP_LIMIT:
        raise LimitError("play.too_many_steps", steps=len(trace.steps), limit=STEP_LIMIT)
    if len(trace.program.outputs) != 1:
        raise BindingError("play.one_output", outputs=", ".join(trace.program.outputs))
    if not trace.program.inputs:
        raise BindingError("play.no_inputs")
    data = script(trace, digits)
    data.update(modes=list(modes), expression=trace.program.text or message("title.callable"),
                at=", ".join(f"{k} = {v:g}" for k, v in trace.point.items()),
                labels={key: message(key, **_SLOTS) for key in LABELS}, warnings=list(trace.warnings))
    return data


def player_page(trace: TraceRecord, digits: int = 4, modes: tuple[str, ...] = ("forward", "reverse"),
                lang: str | None = None) -> str:
    """The whole page: template, inline CSS and JS, and the data (``</`` escaped inside the script)."""
    with using_language(lang):
        data = player_data(trace, digits, modes)
        title = message("play.title", expression=data["expression"])
        language = message("play.html_lang")
    payload = script_json(data)
    parts = {"lang": html.escape(language), "title": html.escape(title), "css": _asset("player.css"),
             "data": payload, "js": _asset("player.js")}
    return _PLACEHOLDER.sub(lambda m: parts[m.group(1)], _asset("player.html"))  # one pass: data stays data


class PlayerView:
    """``Trace.player()``: Jupyter shows the page inline in an iframe ``srcdoc`` (no server)."""

    def __init__(self, page: str) -> None:
        self.html = page

    def save(self, path: str) -> None:
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.html)

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" style="width:100%;height:720px;border:0" '
                'sandbox="allow-scripts"></iframe>')
