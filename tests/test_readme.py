"""The README's two commands work, and CI runs the README's test command."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from adkit.ir.primitives import FUNCTIONS, REGISTRY

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = re.findall(r"```bash\n(.+?)\n```", README)


def test_readme_opens_with_the_run_and_test_commands():
    run, test = COMMANDS[0], COMMANDS[1]
    assert README.index(run) < 600
    assert "adkit trace" in run and "--mode reverse" in run and "pip install" in run
    assert "pytest" in test and "pip install" in test


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert COMMANDS[1] in ci.splitlines()


def test_the_readme_run_command_prints_the_seed_table():
    command = COMMANDS[0].split("&&", 1)[1].strip()  # the install already happened
    done = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "v̄₀ = v̄₃·cos v₀ + v̄₂·v₋₁" in done.stdout
    assert "x̄1 = v̄₋₁ = 5.5; x̄2 = v̄₀ = 1.716" in done.stdout


def test_the_readme_lists_every_function_the_parser_knows():
    """The function list in the language section and the error example are the registry's."""
    section = README[README.index("- functions `"):]
    section = section[:section.index("\n- constants")]
    listed = set(re.findall(r"[a-z0-9]+", " ".join(re.findall(r"`([^`]*)`", section))))
    assert set(FUNCTIONS) <= listed
    two = {name for name, key in FUNCTIONS.items() if REGISTRY[key].arity == 2}
    assert two <= set(section[section.index("and `"):].split("`")[1].split())
    assert "known functions: " + ", ".join(sorted(FUNCTIONS)) + "\n" in README
