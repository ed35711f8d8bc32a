"""House rules for geo/: no UI imports, no eval/exec/DataFrame.query, small modules."""

import ast
from pathlib import Path

import pytest

GEO = Path(__file__).resolve().parents[2] / "geo"
MODULES = sorted(GEO.glob("*.py")) + sorted(GEO.glob("tiles/*.py"))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_ui_imports(path):
    for node in ast.walk(_tree(path)):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        for name in names:
            assert name.split(".")[0] not in {"streamlit", "folium", "streamlit_folium", "branca"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_eval_exec_or_query(path):
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                assert func.id not in {"eval", "exec", "compile", "__import__"}
            if isinstance(func, ast.Attribute):
                assert func.attr not in {"query", "eval"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_module_size(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 300


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_functions_are_short(path):
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.FunctionDef):
            assert node.end_lineno - node.lineno + 1 <= 40, f"{path.name}:{node.name}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_public_functions_have_hints_and_docstrings(path):
    for node in _tree(path).body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            assert ast.get_docstring(node), f"{path.name}:{node.name} has no docstring"
            assert node.returns is not None, f"{path.name}:{node.name} has no return hint"
