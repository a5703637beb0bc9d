"""Golden traces: every file in traces/ is the exact output of its command.

The commands live in traces/index.json.  Regenerate the files (only on an
explicit request, after checking the change is intended) with::

    ADKIT_REGENERATE=1 python -m pytest tests/test_traces.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from helpers import run_cli

TRACES = Path(__file__).resolve().parent.parent / "traces"
INDEX = json.loads((TRACES / "index.json").read_text(encoding="utf-8"))
NOT_GOLDEN = {"index.json", "README.md"}


def test_every_golden_file_has_a_command_and_every_command_a_file():
    files = {p.name for p in TRACES.iterdir() if p.is_file() and p.name not in NOT_GOLDEN}
    assert files == set(INDEX) or os.environ.get("ADKIT_REGENERATE")


@pytest.mark.parametrize("name", sorted(INDEX))
def test_golden_trace(name):
    status, out, err = run_cli(*INDEX[name])
    assert status == 0, err
    path = TRACES / name
    if os.environ.get("ADKIT_REGENERATE"):
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")
