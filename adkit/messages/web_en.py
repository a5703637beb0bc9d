"""English messages of ``adkit web`` and of the page it writes (``web.ui.*`` are the page's labels).

Kept apart from :mod:`adkit.messages.en` so each catalogue file stays one
family of strings; :mod:`adkit.messages` merges them into one catalogue.
"""

from __future__ import annotations

WEB: dict[str, dict[str, str]] = {
    "web.needs_npm": {"en": "adkit web fetches the Pyodide runtime with npm, which is not installed (Debian: apt-get install npm)"},
    "web.fetch_failed": {"en": "could not fetch {what}: {reason}"},
    "web.bytecode_failed": {"en": "could not compile the page's byte-code with {what}: {reason}"},
    "web.not_pure": {"en": "{wheel} is not a pure-Python wheel, so it cannot run in the browser"},
    "web.built": {"en": "wrote {path}: {size} MB (Pyodide {pyodide}, adkit {version}); serve it with: python3 -m http.server -d {path}"},
    "web.ui.title": {"en": "adkit: automatic differentiation in the browser"},
    "web.ui.loading": {"en": "Loading Python and adkit in this page (a few seconds, once)…"},
    "web.ui.ready": {"en": "Ready: adkit {version} runs in this page; it works offline from now on."},
    "web.ui.failed": {"en": "adkit could not start in this page: {reason}"},
    "web.ui.formula": {"en": "Formula"},
    "web.ui.point": {"en": "at"},
    "web.ui.outputs": {"en": "outputs"},
    "web.ui.mode": {"en": "mode"},
    "web.ui.mode_auto": {"en": "automatic"},
    "web.ui.mode_forward": {"en": "forward"},
    "web.ui.mode_reverse": {"en": "reverse"},
    "web.ui.mode_both": {"en": "both"},
    "web.ui.style": {"en": "style"},
    "web.ui.style_default": {"en": "default"},
    "web.ui.style_textbook": {"en": "textbook"},
    "web.ui.language": {"en": "language"},
    "web.ui.run": {"en": "Trace"},
    "web.ui.share": {"en": "Link to this formula"},
    "web.ui.tab_table": {"en": "Trace table"},
    "web.ui.tab_player": {"en": "Sweep player"},
    "web.ui.tab_jacobian": {"en": "Jacobian and cost"},
    "web.ui.tab_practise": {"en": "Practise"},
    "web.ui.check": {"en": "Check with sympy"},
    "web.ui.checking": {"en": "Loading sympy and checking every number…"},
    "web.ui.no_sympy": {"en": "This site was built without sympy (adkit web --with-sympy adds it)."},
    "web.ui.difficulty": {"en": "difficulty"},
    "web.ui.new_exercise": {"en": "New exercise"},
    "web.ui.mark": {"en": "Mark my answers"},
    "web.ui.practise_note": {"en": "Fill the empty cells, then mark them: ok, imprecise, carried (right from your own wrong number) or wrong."},
}
