"""Mutation testing of adkit's load-bearing code: plant one bug, run the tests that guard it.

``python3 tools/mutate.py TARGET [--sample K] [--seed S] [--list]`` mutates one
module of the target at a time, in place (the file is restored afterwards, also
on Ctrl-C or SIGTERM), runs the target's tests with ``-x`` and reports each mutant as
*killed* (a test failed), *timeout* (counted as killed: the bug made a test
hang) or *survived* (the suite did not notice: a missing test, or an
equivalent mutant to explain).  Exit status 1 when a mutant survived.

The operators are the classic ones: ``<`` ↔ ``<=``, ``>`` ↔ ``>=``,
``==`` ↔ ``!=``, ``+`` ↔ ``-``, ``*`` ↔ ``/``, ``and`` ↔ ``or``, ``+=`` ↔ ``-=``,
a numeric constant ``c`` → ``c + 1``, ``not x`` → ``x``, ``-x`` → ``x``, and a
message template replaced by a wrong one.  Docstrings and annotations are
never mutated.  Why not mutmut or cosmic-ray: both first run the whole suite
(4–5 minutes here) and copy or instrument the tree; one module against a named
test subset runs a target in minutes, which is what makes it a habit.
docs/verification.md says when to run it.
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Target:
    """Modules to mutate and the tests that must notice."""

    modules: tuple[str, ...]
    tests: tuple[str, ...]


TARGETS = {
    "grading": Target(("adkit/coursework/tolerance.py", "adkit/coursework/carried.py"),
                      ("tests/test_grade.py", "tests/test_grade_decimals.py", "tests/test_grade_roundtrip.py",
                       "tests/test_grade_robust.py", "tests/test_grade_carried.py", "tests/test_grade_feedback.py")),
    "gradebook": Target(("adkit/coursework/gradebook.py", "adkit/coursework/keycheck.py", "adkit/coursework/cells.py",
                         "adkit/coursework/roster.py", "adkit/coursework/key.py"),
                        ("tests/test_grade_files.py", "tests/test_hostile_names.py", "tests/test_grade_gradescope.py",
                         "tests/test_exam_roster.py", "tests/test_grade_feedback.py", "tests/test_grade_key.py")),
    "variants": Target(("adkit/coursework/fair.py", "adkit/coursework/variants.py"),
                       ("tests/test_exam_fair.py", "tests/test_exam_roster.py")),
    "feedback": Target(("adkit/coursework/mistakes.py", "adkit/coursework/diagnose.py"),
                       ("tests/test_grade_feedback.py",)),
    "partials": Target(("adkit/ir/arithmetic.py", "adkit/ir/elementary.py", "adkit/ir/activations.py"),
                       ("tests/test_partials_sympy.py", "tests/test_engines.py", "tests/test_added_primitives.py")),
    "reverse": Target(("adkit/modes/contraction.py", "adkit/modes/reverse.py", "adkit/modes/fast.py"),
                      ("tests/test_contraction.py", "tests/test_engines.py", "tests/test_all_paths.py",
                       "tests/test_textbook.py")),
    "layout": Target(("adkit/present/layout.py", "adkit/present/textwidth.py"),
                     ("tests/test_table_layout.py", "tests/test_fit_width.py", "tests/test_traces.py")),
    "player": Target(("adkit/present/player_layout.py",), ("tests/test_player.py", "tests/test_player_browser.py")),
    "edges": Target(("adkit/codegen/edges.py",),
                    ("tests/test_codegen_edges.py", "tests/test_codegen.py", "tests/test_native.py")),
    "native": Target(("adkit/codegen/library.py", "adkit/codegen/cbackend.py"), ("tests/test_native.py",)),
    "messages": Target(("adkit/messages/vi.py", "adkit/messages/coursework_vi.py"),
                       ("tests/test_messages.py", "tests/test_message_goldens.py")),
}

SWAPS = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq,
         ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.And: ast.Or, ast.Or: ast.And}
WRONG_SENTENCE = "Câu này sai."  # what a mutated message template says instead


@dataclass(frozen=True)
class Mutant:
    module: str
    index: int  # the site's position in the walk of the module's tree
    line: int
    description: str


def _skipped(tree: ast.Module) -> set[int]:
    """ids of nodes never mutated: docstrings, annotations, __all__."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            skip.add(id(body[0].value))
        for annotation in (getattr(node, "annotation", None), getattr(node, "returns", None)):
            if annotation is not None:
                skip |= {id(n) for n in ast.walk(annotation)}
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            skip |= {id(n) for n in ast.walk(node.value)}
    return skip


def _sites(tree: ast.Module, messages: bool) -> list[tuple[int, ast.AST, str]]:
    """(walk index, node, description) of every place one operator can mutate."""
    skip = _skipped(tree)
    found = []
    for index, node in enumerate(ast.walk(tree)):
        if id(node) in skip:
            continue
        if messages:
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) > 12 and " " in node.value:
                found.append((index, node, f"message {node.value[:30]!r}… → {WRONG_SENTENCE!r}"))
            continue
        if isinstance(node, ast.Compare):
            found += [(index, node, f"{type(op).__name__} → {SWAPS[type(op)].__name__}")
                      for op in node.ops[:1] if type(op) in SWAPS]
        elif isinstance(node, (ast.BinOp, ast.AugAssign, ast.BoolOp)) and type(node.op) in SWAPS:
            found.append((index, node, f"{type(node.op).__name__} → {SWAPS[type(node.op)].__name__}"))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.USub)):
            found.append((index, node, f"drop {type(node.op).__name__}"))
        elif isinstance(node, ast.Constant) and type(node.value) in (int, float):
            found.append((index, node, f"{node.value!r} → {node.value + 1!r}"))
    return found


def mutants(module: str) -> list[Mutant]:
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    return [Mutant(module, i, getattr(n, "lineno", 0), d) for i, n, d in _sites(tree, "messages" in module)]


def mutated_source(mutant: Mutant) -> str:
    """The module's source with only this mutant applied (re-printed by ast.unparse)."""
    tree = copy.deepcopy(ast.parse((ROOT / mutant.module).read_text(encoding="utf-8")))
    parent_of = {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    node = next(n for i, n in enumerate(ast.walk(tree)) if i == mutant.index)
    if isinstance(node, ast.Compare):
        node.ops[0] = SWAPS[type(node.ops[0])]()
    elif isinstance(node, (ast.BinOp, ast.AugAssign, ast.BoolOp)):
        node.op = SWAPS[type(node.op)]()
    elif isinstance(node, ast.UnaryOp):
        parent = parent_of[id(node)]
        for field, value in ast.iter_fields(parent):
            if value is node:
                setattr(parent, field, node.operand)
            elif isinstance(value, list):
                setattr(parent, field, [node.operand if v is node else v for v in value])
    elif isinstance(node.value, str):
        node.value = WRONG_SENTENCE
    else:
        node.value = node.value + 1
    return ast.unparse(tree) + "\n"


def run_tests(tests: tuple[str, ...], timeout: float) -> str:
    """killed, survived or timeout."""
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, timeout=timeout,
                              env={**os.environ, "HYPOTHESIS_PROFILE": os.environ.get("HYPOTHESIS_PROFILE", "ci")})
    except subprocess.TimeoutExpired:
        return "timeout"
    return "survived" if done.returncode == 0 else "killed"


def run(target: Target, sample: int | None, seed: int, timeout: float, out=sys.stdout) -> list[tuple[Mutant, str]]:
    chosen = [m for module in target.modules for m in mutants(module)]
    if sample is not None and sample < len(chosen):
        chosen = sorted(random.Random(seed).sample(chosen, sample), key=lambda m: (m.module, m.index))
    results = []
    for n, mutant in enumerate(chosen, 1):
        path = ROOT / mutant.module
        original = path.read_bytes()
        started = time.monotonic()
        try:
            path.write_text(mutated_source(mutant), encoding="utf-8")
            outcome = run_tests(target.tests, timeout)
        finally:
            path.write_bytes(original)
        results.append((mutant, outcome))
        print(f"[{n}/{len(chosen)}] {outcome:8} {mutant.module}:{mutant.line} {mutant.description}"
              f"  ({time.monotonic() - started:.0f} s)", file=out, flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", choices=sorted(TARGETS))
    parser.add_argument("--sample", type=int, help="run K mutants drawn at random (default: all)")
    parser.add_argument("--seed", type=int, default=0, help="the draw of --sample")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per mutant's test run")
    parser.add_argument("--list", action="store_true", help="list the mutants without running them")
    args = parser.parse_args(argv)
    target = TARGETS[args.target]
    dirty = subprocess.run(["git", "status", "--porcelain", "--", *target.modules], cwd=ROOT,
                           capture_output=True, text=True).stdout
    if dirty and not args.list:
        parser.error(f"commit or stash your changes to {' '.join(target.modules)} first: mutants are written in place")
    if args.list:
        for module in target.modules:
            for m in mutants(module):
                print(f"{m.module}:{m.line} {m.description}")
        return 0
    if run_tests(target.tests, args.timeout) != "survived":
        parser.error(f"the tests fail without a mutant: fix them first ({' '.join(target.tests)})")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a killed run still restores the module
    results = run(target, args.sample, args.seed, args.timeout)
    survived = [m for m, outcome in results if outcome == "survived"]
    print(f"{len(results)} mutants: {len(results) - len(survived)} killed, {len(survived)} survived")
    for m in survived:
        print(f"  survived: {m.module}:{m.line} {m.description}")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
