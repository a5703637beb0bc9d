"""pytest configuration.

The hypothesis profiles ("ci" by default, "thorough" via HYPOTHESIS_PROFILE)
are defined in strategies.py, next to the strategies that use them.

Tests that run the command line (``adkit …`` in a shell, as the README and the
docs write it) must find the ``adkit`` installed beside the Python running the
tests, never one from an activated environment or from elsewhere on PATH:
``python -m venv v && v/bin/python -m pytest`` works without activating ``v``.
"""

import os
import sys
import tempfile
from pathlib import Path

import strategies  # noqa: F401 - registers and loads the hypothesis profile

SCRIPTS = str(Path(sys.executable).parent)
os.environ["PATH"] = os.pathsep.join([SCRIPTS, *(p for p in os.environ.get("PATH", "").split(os.pathsep) if p != SCRIPTS)])

# the C backend's libraries (adkit.compile(backend="c")) go to a fresh folder, never the user's ~/.cache
os.environ["ADKIT_CACHE_DIR"] = tempfile.mkdtemp(prefix="adkit-test-c-")
