"""adkit's module import graph, read from the source with :mod:`ast` (nothing is imported).

``python3 tools/import_graph.py`` prints every import circle (none expected)
and every import made inside a function; tests/test_layout.py runs the same
functions.  Every import statement counts, wherever it stands — inside
functions and under ``if TYPE_CHECKING:`` too.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "adkit"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    """The adkit module an import names (``adkit.x.y`` may be a module or a name in ``adkit.x``)."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def imports(path: Path, known: dict[str, Path]) -> list[tuple[str, int, bool]]:
    """(imported adkit module, line, inside a function) for every import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    found = []
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    inner = {id(n) for f in functions for n in ast.walk(f) if isinstance(n, (ast.Import, ast.ImportFrom))}
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                pkg = package
                for _ in range(node.level - 1):
                    pkg = pkg.rpartition(".")[0]
                base = f"{pkg}.{base}" if base else pkg
            targets = [f"{base}.{a.name}" for a in node.names] + [base]
        for target in targets:
            if target == "adkit" or target.startswith("adkit."):
                resolved = _resolve(target, known)
                if resolved and resolved != me:
                    found.append((resolved, node.lineno, id(node) in inner))
                    break
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    edges: dict[str, set[str]] = {m: set() for m in known}
    for name, path in known.items():
        for target, _, _ in imports(path, known):
            # importing adkit.x.y runs adkit/__init__ and adkit/x/__init__ too
            edges[name].add(target)
    return edges


def cycles() -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    edges = graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    result: list[list[str]] = []
    counter = 0
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                    break
                if child in on:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        top = stack.pop()
                        on.discard(top)
                        component.append(top)
                        if top == node:
                            break
                    if len(component) > 1:
                        result.append(sorted(component))
    return result


def function_imports() -> list[str]:
    """``module:line -> target`` for every adkit import made inside a function."""
    known = modules()
    return [f"{name}:{line} -> {target}" for name, path in known.items()
            for target, line, inner in imports(path, known) if inner]


if __name__ == "__main__":
    found = cycles()
    for component in found:
        print("circle:", " ⇄ ".join(component))
    for line in function_imports():
        print("inside a function:", line)
    print(f"{len(modules())} modules, {len(found)} import circles, {len(function_imports())} adkit imports inside functions")
    sys.exit(1 if found else 0)
