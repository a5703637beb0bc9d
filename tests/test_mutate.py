"""tools/mutate.py plants exactly one bug per mutant, never in a docstring, and every target names
modules and tests that exist (the tool itself is run by hand: docs/verification.md)."""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("mutate", ROOT / "tools" / "mutate.py")
mutate = importlib.util.module_from_spec(spec)
sys.modules["mutate"] = mutate
spec.loader.exec_module(mutate)

TOLERANCE = "adkit/coursework/tolerance.py"


def test_the_tolerance_comparison_is_a_mutant_that_changes_only_it():
    close = next(m for m in mutate.mutants(TOLERANCE) if m.description == "LtE → Lt" and m.line == 36)
    original = ast.unparse(ast.parse((ROOT / TOLERANCE).read_text(encoding="utf-8"))).splitlines()
    mutated = mutate.mutated_source(close).splitlines()
    changed = [(a, b) for a, b in zip(original, mutated) if a != b]
    assert len(original) == len(mutated)
    assert changed == [("        return abs(a - b) <= self.atol + self.rtol * abs(b)",
                        "        return abs(a - b) < self.atol + self.rtol * abs(b)")]


def test_every_operator_appears_and_docstrings_are_never_mutated():
    found = {m.description.split(" → ")[0] for m in mutate.mutants(TOLERANCE)}
    assert {"LtE", "Mult", "Or", "And", "Eq", "Add", "drop USub"} <= found
    for m in mutate.mutants(TOLERANCE):
        tree = ast.parse(mutate.mutated_source(m))
        assert ast.get_docstring(tree) == ast.get_docstring(ast.parse((ROOT / TOLERANCE).read_text(encoding="utf-8")))


def test_a_message_mutant_replaces_one_template_with_a_wrong_sentence():
    site = mutate.mutants("adkit/messages/vi.py")[0]
    assert mutate.WRONG_SENTENCE in mutate.mutated_source(site)
    assert mutate.mutated_source(site).count(mutate.WRONG_SENTENCE) == 1


def test_every_target_names_files_that_exist():
    for name, target in mutate.TARGETS.items():
        for path in target.modules + target.tests:
            assert (ROOT / path).is_file(), (name, path)
