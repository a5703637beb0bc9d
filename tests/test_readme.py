"""The README's two commands work, and CI runs the README's test command."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
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


def test_ci_runs_both_readme_commands_word_for_word_in_a_fresh_venv():
    """CI is a fresh machine: a venv of its own, first on PATH, then the README's commands."""
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    venv = next(i for i, line in enumerate(lines) if line.startswith("python3 -m venv "))
    on_path = next(i for i, line in enumerate(lines) if line.startswith('export PATH="$venv/bin:'))
    assert "--system-site-packages" not in lines[venv]
    assert venv < on_path < lines.index(COMMANDS[0]) < lines.index(COMMANDS[1])


#: import name → distribution, for the packages the tests may import
DISTRIBUTIONS = {"pytest": "pytest", "hypothesis": "hypothesis", "selenium": "selenium",
                 "matplotlib": "matplotlib", "numpy": "numpy", "sympy": "sympy", "rich": "rich",
                 "openpyxl": "openpyxl", "threadpoolctl": "threadpoolctl"}


def test_the_test_extra_holds_every_package_the_tests_import():
    """The README's test command installs ``.[test]``: whatever a collected test
    imports must come from it or from the runtime dependencies (matplotlib once did not)."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    lists = re.findall(r"^(?:dependencies|test) = \[(.*)\]$", pyproject, flags=re.M)
    declared = {re.split(r"[<>=!~\[ ]", d, maxsplit=1)[0].lower() for d in re.findall(r'"([^"]+)"', " ".join(lists))}
    assert {"numpy", "pytest"} <= declared  # both lists were read
    ours = {p.stem for p in (ROOT / "tests").iterdir()} | {"adkit"}
    imported = set()
    for path in (ROOT / "tests").glob("*.py"):  # what pytest collects and its helpers; not tests/fuzz
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add(node.module.split(".")[0])
    third_party = imported - ours - set(sys.stdlib_module_names)
    assert third_party <= set(DISTRIBUTIONS), f"map these imports to a distribution: {third_party - set(DISTRIBUTIONS)}"
    assert {DISTRIBUTIONS[name] for name in third_party} <= declared


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
