"""``adkit autograder``: the zip Gradescope's programming-assignment autograder expects.

The zip holds, at its root, ``setup.sh`` (installs adkit's wheel),
``run_autograder`` (grades ``/autograder/submission/*.csv`` against the key
into ``/autograder/results/results.json``; see
:mod:`adkit.coursework.gradescope`), the key, and adkit's wheel, built at
zip time from adkit's own source tree with ``pip wheel --no-deps``.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from adkit.cli.common import EXIT_OK
from adkit.cli.outputs import write_output
from adkit.coursework.key import read_key
from adkit.coursework.gradescope import RUN_AUTOGRADER, SETUP_SH
from adkit.errors import BindingError
from adkit.messages import message
from adkit.present.data import dumps

if TYPE_CHECKING:
    from rich.console import Console

#: adkit's source tree: the folder above the package.
SOURCE = Path(__file__).resolve().parent.parent.parent
#: What a wheel is built from.
_SOURCE_FILES = ("pyproject.toml", "README.md", "adkit")
#: Seconds before building the wheel is given up.
TIMEOUT = 300


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "autograder",
        help=message("help.autograder.summary"),
        description=message("help.autograder.description"),
        allow_abbrev=False,
    )
    p.add_argument("--key", metavar="KEY.json", required=True, help=message("help.autograder.key"))
    p.add_argument("-o", "--output", "--save", dest="save", metavar="FILE.zip", default="autograder.zip",
                   help=message("help.autograder.output"))
    p.set_defaults(run=run)


def build_wheel(folder: str) -> Path:
    """adkit's wheel, built from a copy of its source tree into ``folder``."""
    if not (SOURCE / "pyproject.toml").is_file():
        raise BindingError("autograder.no_source")
    with tempfile.TemporaryDirectory(prefix="adkit-wheel-") as tree:
        for name in _SOURCE_FILES:
            source = SOURCE / name
            if source.is_dir():
                shutil.copytree(source, Path(tree) / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                shutil.copy2(source, tree)
        try:
            done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", folder, tree],
                                  capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise BindingError("autograder.wheel_failed", reason=f"timeout after {TIMEOUT} s") from None
    wheels = sorted(Path(folder).glob("adkit-*.whl"))
    if done.returncode != 0 or not wheels:
        lines = (done.stderr or done.stdout).strip().splitlines()
        raise BindingError("autograder.wheel_failed", reason=lines[-1] if lines else f"exit {done.returncode}")
    return wheels[0]


def _add(archive: zipfile.ZipFile, name: str, data: bytes, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.external_attr = (0o755 if executable else 0o644) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def run(args: argparse.Namespace, out: "Console", err: "Console") -> int:
    key = read_key(args.key)
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="adkit-autograder-") as folder:
        wheel = build_wheel(folder)
        with zipfile.ZipFile(buffer, "w") as archive:
            _add(archive, "setup.sh", SETUP_SH.encode(), executable=True)
            _add(archive, "run_autograder", RUN_AUTOGRADER.encode(), executable=True)
            _add(archive, "key.json", (dumps(key.to_json(), indent=2, ensure_ascii=False) + "\n").encode())
            _add(archive, wheel.name, wheel.read_bytes())
    write_output(args.save, buffer.getvalue())
    err.print(message("cli.saved", path=args.save), markup=False, highlight=False)
    return EXIT_OK
