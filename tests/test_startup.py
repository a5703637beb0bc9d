"""Start-up is light (issue 22): a command loads what it uses and nothing else.

Module names, not times, so the test is the same on a busy machine: each case
runs in a fresh interpreter and reads its ``sys.modules``.  The places that
import on first use are listed in docs/design.md (tests/test_layout.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ["trace", "ln(x1) + x1*x2 - sin(x2)", "--at", "x1=2,x2=5"]
#: What neither ``import adkit`` nor a plain ``adkit trace`` may load, with what is under them.
HEAVY = ("adkit.codegen", "adkit.verify", "adkit.present.player", "adkit.present.dotview", "adkit.present.explain",
         "adkit.nn", "adkit.coursework", "numpy", "sympy", "matplotlib")
_CLI = "import sys\nfrom adkit.cli import main\nstatus = main(sys.argv[1:])\nprint('\\nMODULES', *sorted(sys.modules))\n"
_IMPORT = "import sys\nimport adkit\nprint('\\nMODULES', *sorted(sys.modules))\n"


def loaded(code: str, *argv: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``code`` with ``argv``."""
    env = {k: v for k, v in os.environ.items() if k != "ADKIT_LANG"}
    result = subprocess.run([sys.executable, "-c", code, *argv], cwd=ROOT, env={**env, "COLUMNS": "100"},
                            capture_output=True, text=True, check=True)
    return set(result.stdout.rpartition("\nMODULES ")[2].split())


def heavy(modules: set[str]) -> list[str]:
    """The HEAVY modules loaded; adkit.verify itself is a docstring that adkit/__init__ loads on purpose
    (so that loading adkit.verify.check cannot rebind the function adkit.verify to the package)."""
    return sorted(m for m in modules - {"adkit.verify"} if any(m == h or m.startswith(h + ".") for h in HEAVY))


def catalogues(modules: set[str]) -> set[str]:
    return {m.rpartition(".")[2] for m in modules if m.startswith("adkit.messages.")}


def rich(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] == "rich")


def test_trace_loads_no_other_command_and_only_the_english_catalogue():
    modules = loaded(_CLI, *SEED)
    assert heavy(modules) == []
    assert rich(modules) == []  # the table is plain text (adkit.cli.console)
    assert catalogues(modules) == {"en", "help_en"}  # help: argparse takes every option's help when it is declared
    assert {m for m in modules if m.startswith("adkit.cli.")} == {
        "adkit.cli.common", "adkit.cli.console", "adkit.cli.examples", "adkit.cli.outputs", "adkit.cli.parsing",
        "adkit.cli.source",
        "adkit.cli.table_options", "adkit.cli.trace", "adkit.cli.trace_presets"}


def test_vietnamese_adds_only_the_vietnamese_columns():
    modules = loaded(_CLI, *SEED, "--lang", "vi")
    assert heavy(modules) == []
    assert catalogues(modules) == {"en", "vi", "help_en", "help_vi"}  # English stays: it is every key's fallback


def test_import_adkit_is_light():
    modules = loaded(_IMPORT)
    assert heavy(modules) == [] and rich(modules) == []
    assert catalogues(modules) <= {"en"}


@pytest.mark.parametrize("argv", [["--help"], ["mlp", "--help"]])
def test_help_needs_no_numpy(argv):
    modules = loaded(_CLI, *argv)
    assert not any(m.split(".")[0] in ("numpy", "sympy", "matplotlib") for m in modules)


def test_what_the_seed_does_not_load_still_loads_when_used():
    modules = loaded(_CLI, *SEED, "--verify", "--explain")
    assert {"adkit.verify.check", "adkit.verify.view", "adkit.present.explain"} <= modules


def test_the_console_knows_its_width_without_rich_and_prints_through_it(capsys, monkeypatch):
    from adkit.cli.console import LazyConsole

    monkeypatch.setenv("COLUMNS", "77")
    console = LazyConsole()
    assert console.width == 77 and "rich" not in console.__dict__
    console.print("[b]x[/b] " * 20, markup=False)  # off a terminal: no colour, no wrapping
    assert capsys.readouterr().out == "[b]x[/b] " * 20 + "\n" and console.rich.width == 77
