"""Rewrite every golden file in traces/: each one from its command in traces/index.json,
and the message goldens traces/messages-*.txt from the cases of tests/message_cases.py.

Run only on purpose, after checking that a change of output is intended::

    python3 tests/regenerate_traces.py

``ADKIT_TRACES_DIR`` points it at another folder (the docs test uses a copy).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from helpers import TRACES, golden_output  # noqa: E402
from message_goldens import write_goldens  # noqa: E402


def main() -> int:
    folder = Path(os.environ.get("ADKIT_TRACES_DIR", TRACES))
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    for name, argv in index.items():
        (folder / name).write_text(golden_output(argv), encoding="utf-8")
        print(f"wrote {folder / name}")
    for path in write_goldens(folder):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
