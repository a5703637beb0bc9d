"""The package map stays true: no import circles, design.md names every module, the public surface follows the registry."""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from pathlib import Path

import adkit
from adkit.ir.primitives import FUNCTIONS

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("import_graph", ROOT / "tools" / "import_graph.py")
import_graph = importlib.util.module_from_spec(spec)
sys.modules["import_graph"] = import_graph
spec.loader.exec_module(import_graph)


def test_no_import_circles():
    assert import_graph.cycles() == []


def test_no_import_runs_back_up_the_pipeline():
    """The engines (modes) never import the text front end (language); the Wengert list neither."""
    assert import_graph.upward() == []


def lazy_imports_in_design_md() -> set[tuple[str, str, str]]:
    """(module, function, imported module) for each row of design.md's table of imports inside functions."""
    text = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    section = text.split("## Imports inside functions", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([\w.]+)` \| `([\w.]+)` \| (.+?) \|", section, re.MULTILINE)
    return {(module, function, imported) for module, function, cell in rows for imported in re.findall(r"`([\w.*]+)`", cell)}


def test_adkit_imports_inside_functions_are_the_ones_design_md_lists():
    """Only laziness (start-up) justifies an import inside a function, and design.md says where and why."""
    assert set(import_graph.lazy_imports()) == lazy_imports_in_design_md()


def test_the_graph_sees_an_edge_we_know():
    edges = import_graph.graph()
    assert "adkit.ir.primitives" in edges["adkit.language.parser"]
    assert "adkit.modes.derivatives" in edges["adkit.modes.program"]


def test_a_circle_would_be_found(tmp_path, monkeypatch):
    package = tmp_path / "adkit"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from adkit.b import x\n")
    (package / "b.py").write_text("def f():\n    from adkit import a\n")
    (package / "c.py").write_text("import importlib\nclass C:\n    def g(self, n):\n"
                                  "        return importlib.import_module(f'adkit.{n}')\n")
    monkeypatch.setattr(import_graph, "ROOT", tmp_path)
    monkeypatch.setattr(import_graph, "PACKAGE", package)
    assert import_graph.cycles() == [["adkit.a", "adkit.b"]]
    assert import_graph.graph()["adkit.c"] == {"adkit.a", "adkit.b"}  # an f-string import reaches any module it can name
    assert import_graph.lazy_imports() == {("adkit.b", "f", "adkit.a"): 2, ("adkit.c", "C.g", "adkit.*"): 4}


def test_design_md_names_every_module_and_no_other():
    text = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(adkit/[\w/]+\.py)`", text))
    actual = {p.relative_to(ROOT).as_posix() for p in (ROOT / "adkit").rglob("*.py")}
    assert actual - named == set(), "modules missing from docs/design.md"
    assert named - actual == set(), "docs/design.md names modules that do not exist"


def test_package_init_only_re_exports():
    """Nothing is defined in adkit/__init__.py but the module's own __getattr__ and __dir__ (names loaded on first use)."""
    tree = ast.parse((ROOT / "adkit" / "__init__.py").read_text(encoding="utf-8"))
    defined = [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))]
    assert defined == ["__getattr__", "__dir__"]


def test_every_public_name_is_listed_and_reachable():
    assert set(adkit.__all__) <= set(dir(adkit))
    for name in adkit.__all__:
        assert getattr(adkit, name) is not None
    assert adkit.Verification.__name__ == "Verification" and callable(adkit.verify) and callable(adkit.trace)


def test_every_parser_function_is_public():
    assert set(FUNCTIONS) <= set(adkit.__all__)
    for name in FUNCTIONS:
        assert callable(getattr(adkit, name))
    assert adkit.abs(-2.0) == 2.0 and adkit.max(1.0, 3.0) == 3.0 and adkit.pow(2.0, 3.0) == 8.0


def test_old_spellings_still_work():
    assert adkit.absolute is adkit.abs and adkit.maximum is adkit.max
    assert adkit.minimum is adkit.min and adkit.power is adkit.pow


def test_the_registry_and_catalogue_are_read_only():
    from adkit.messages import MESSAGES

    try:
        MESSAGES["x"] = {"en": "x"}  # type: ignore[index]
    except TypeError:
        pass
    else:
        raise AssertionError("the message catalogue can be changed")
