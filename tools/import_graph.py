"""adkit's module import graph, read from the source with :mod:`ast` (nothing is imported).

``python3 tools/import_graph.py`` prints every import circle (none expected),
every import running back up the pipeline (:data:`BELOW`; none expected)
and every import made inside a function (only the places docs/design.md
lists); tests/test_layout.py runs the same functions.  Every import counts,
wherever it stands — inside functions and under ``if TYPE_CHECKING:`` too —
and so does ``importlib.import_module`` of a literal name, or of an f-string
``f"adkit.cli.{name}"``, which imports any module under ``adkit.cli``.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "adkit"
#: Package → the packages it must never import: the Wengert list knows neither the text front end nor
#: the engines, and the engines do not know the front end (text becomes a Program in adkit.api, above both).
BELOW = {"adkit.ir": ("adkit.language", "adkit.modes"), "adkit.modes": ("adkit.language",)}


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


def _scoped(node: ast.AST, names: tuple[str, ...] = (), function: bool = False) -> Iterator[tuple[ast.AST, str | None]]:
    """Every node under ``node`` with the dotted name of the function it is in (None outside functions)."""
    for child in ast.iter_child_nodes(node):
        yield child, ".".join(names) if function else None
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield from _scoped(child, (*names, child.name), function or not isinstance(child, ast.ClassDef))
        else:
            yield from _scoped(child, names, function)


def _written(node: ast.AST, package: str) -> list[str]:
    """The modules an import statement or ``importlib.import_module`` call names, as written (``adkit.x.*``: any)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            pkg = package
            for _ in range(node.level - 1):
                pkg = pkg.rpartition(".")[0]
            base = f"{pkg}.{base}" if base else pkg
        return [f"{base}.{a.name}" for a in node.names] + [base]
    if isinstance(node, ast.Call) and node.args and ast.unparse(node.func) in ("importlib.import_module", "import_module"):
        arg = node.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            return [arg.value]
        if isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
            return [f"{arg.values[0].value}*"]
    return []


def imports(path: Path, known: dict[str, Path]) -> list[tuple[str, int, str | None, str]]:
    """(imported adkit module, line, enclosing function or None, the import as written) for every import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    found = []
    for node, function in _scoped(tree):
        for target in _written(node, package):
            if not (target == "adkit" or target.startswith("adkit.")):
                continue
            if target.endswith("*"):
                found += [(m, node.lineno, function, target) for m in known if m.startswith(target[:-1]) and m != me]
                break
            resolved = _resolve(target, known)
            if resolved and resolved != me:
                found.append((resolved, node.lineno, function, resolved))
                break
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    edges: dict[str, set[str]] = {m: set() for m in known}
    for name, path in known.items():
        for target, _, _, _ in imports(path, known):
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


def upward() -> list[tuple[str, str]]:
    """(module, imported module) for every import :data:`BELOW` forbids."""
    def inside(module: str, package: str) -> bool:
        return module == package or module.startswith(package + ".")

    return sorted((name, target) for name, targets in graph().items() for target in targets
                  for package, banned in BELOW.items() if inside(name, package)
                  and any(inside(target, b) for b in banned))


def lazy_imports() -> dict[tuple[str, str, str], int]:
    """(module, function, imported module as written) → line, for every adkit import made inside a function."""
    known = modules()
    return {(name, function, written): line for name, path in known.items()
            for _, line, function, written in imports(path, known) if function}


if __name__ == "__main__":
    found = cycles()
    for component in found:
        print("circle:", " ⇄ ".join(component))
    back = upward()
    for name, target in back:
        print(f"upward: {name} -> {target}")
    lazy = lazy_imports()
    for (name, function, written), line in sorted(lazy.items()):
        print(f"inside a function: {name}:{line} {function} -> {written}")
    print(f"{len(modules())} modules, {len(found)} import circles, {len(back)} upward imports, "
          f"{len(lazy)} adkit imports inside functions")
    sys.exit(1 if found or back else 0)
