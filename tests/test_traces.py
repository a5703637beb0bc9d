"""Golden traces: every file in traces/ is the exact output of its command.

The commands live in traces/index.json.  Regenerate the files only on an
explicit request, after checking the change is intended::

    python3 tests/regenerate_traces.py
"""

from __future__ import annotations

import json

import pytest
from helpers import TRACES, golden_output
from message_goldens import golden_names

INDEX = json.loads((TRACES / "index.json").read_text(encoding="utf-8"))


def test_every_golden_file_has_a_command_and_every_command_a_file():
    files = {p.name for p in TRACES.iterdir() if p.is_file() and p.name != "index.json"}
    assert files == set(INDEX) | golden_names()  # message goldens: tests/test_message_goldens.py


@pytest.mark.parametrize("name", sorted(INDEX))
def test_golden_trace(name):
    assert golden_output(INDEX[name]) == (TRACES / name).read_text(encoding="utf-8")
