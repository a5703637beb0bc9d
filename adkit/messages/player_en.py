"""English messages of the sweep player (``adkit play``, ``Trace.player()``): its page's labels and its errors.

A family of its own, so ``adkit trace`` never reads the player's words (start-up).
"""

from __future__ import annotations

PLAYER: dict[str, dict[str, str]] = {
    'play.title': {"en": 'adkit player: {expression}'},
    'play.html_lang': {"en": 'en'},
    'play.first': {"en": 'first event (Home)'},
    'play.prev': {"en": 'previous event (←)'},
    'play.play': {"en": 'play (space)'},
    'play.pause': {"en": 'pause (space)'},
    'play.next': {"en": 'next event (→)'},
    'play.last': {"en": 'last event (End)'},
    'play.speed': {"en": 'speed'},
    'play.slider': {"en": 'event'},
    'play.event': {"en": 'event {index} of {count}'},
    'play.sweep': {"en": 'tangent sweep {sweep} of {count}: {seed}'},
    'play.primal_phase': {"en": 'primal sweep: the values fill in'},
    'play.adjoint_phase': {"en": 'adjoint sweep: one event per += contribution'},
    'play.summary': {"en": 'summary'},
    'play.gradient': {"en": 'gradient'},
    'play.sweeps': {"en": 'sweeps used: {count}'},
    'play.col_tangent': {"en": 'tangent'},
    'play.col_adjoint': {"en": 'adjoint'},
    'play.graph': {"en": 'computational graph'},
    'play.legend': {"en": 'legend'},
    'play.legend_current': {"en": 'this event\'s step'},
    'play.legend_source': {"en": 'the step sending its adjoint (+=)'},
    'play.legend_done': {"en": 'has its number in this sweep'},
    'play.legend_node': {"en": 'a node: its step, value, and v̇ (forward) or v̄ (reverse)'},
    'play.legend_partial': {"en": 'number on an edge: the local partial ∂vⱼ/∂vᵢ'},
    'play.legend_forward': {"en": 'a tangent flowing forward'},
    'play.legend_back': {"en": 'an adjoint flowing back'},
    'play.next_mode': {"en": 'next: {mode} — press → or ▶ to go on, or pick it in the mode menu'},
    'play.next_mode_button': {"en": 'go on with {mode} (→)'},
    'play.too_many_steps': {"en": 'the program has {steps} steps; the player plays at most {limit}: use adkit trace to see its tables'},
    'play.no_inputs': {"en": "this formula has no inputs, so there is no sweep to play; adkit trace prints its value"},
    'play.one_output': {"en": 'the player plays one output at a time; this program has several ({outputs}): pick one with --outputs NAME (outputs=["NAME"] in Python)'},
    'play.saved': {"en": 'wrote {path} ({size} KB, {events})'},
}
