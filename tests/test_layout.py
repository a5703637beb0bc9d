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


def test_no_adkit_import_inside_a_function():
    assert import_graph.function_imports() == []


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
    monkeypatch.setattr(import_graph, "ROOT", tmp_path)
    monkeypatch.setattr(import_graph, "PACKAGE", package)
    assert import_graph.cycles() == [["adkit.a", "adkit.b"]]
    assert import_graph.function_imports() == ["adkit.b:2 -> adkit.a"]


def test_design_md_names_every_module_and_no_other():
    text = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(adkit/[\w/]+\.py)`", text))
    actual = {p.relative_to(ROOT).as_posix() for p in (ROOT / "adkit").rglob("*.py")}
    assert actual - named == set(), "modules missing from docs/design.md"
    assert named - actual == set(), "docs/design.md names modules that do not exist"


def test_package_init_only_re_exports():
    tree = ast.parse((ROOT / "adkit" / "__init__.py").read_text(encoding="utf-8"))
    defined = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))]
    assert defined == []


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
