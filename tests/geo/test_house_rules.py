"""House rules (shared/notes/style.md), checked on the source.

geo/: no UI imports, no eval/exec/DataFrame.query, small modules and functions, public functions
with hints and docstrings.  layers/, ui/ and app.py: every module says what it is for, no
Streamlit below ui/, folium only in the renderer (layers/render.py and its parts in
layers/map/), no module over 300 lines (app.py: 200) except pure declaration data.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GEO = ROOT / "geo"
MODULES = sorted(GEO.glob("*.py")) + sorted(GEO.glob("tiles/*.py"))
LAYERS = sorted((ROOT / "layers").rglob("*.py"))
UI = sorted((ROOT / "ui").rglob("*.py"))
APP = ROOT / "app.py"
PAGE = [*LAYERS, *UI, APP]  # everything above geo/

STREAMLIT = {"streamlit", "streamlit_folium"}
FOLIUM = {"folium", "branca"}
#: the renderer: the only code that builds folium elements
RENDERER = {ROOT / "layers" / "render.py", *sorted((ROOT / "layers" / "map").rglob("*.py"))}
#: modules that are pure declaration data (tables of declarations, no logic to split)
DECLARATIONS = {ROOT / "layers" / "registry.py",
                ROOT / "layers" / "text" / "zh.py", ROOT / "layers" / "text" / "en.py"}
MAX_LINES = 300
MAX_APP_LINES = 200


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _imported_roots(path: Path) -> set[str]:
    """Top-level package names a module imports (anywhere in it, also inside functions)."""
    roots = set()
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            roots.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            roots.add((node.module or "").split(".")[0])
    return roots


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


# ----------------------------------------------------------------- layers/, ui/, app.py


@pytest.mark.parametrize("path", PAGE, ids=_rel)
def test_every_module_says_what_it_is_for(path):
    assert ast.get_docstring(_tree(path)), f"{_rel(path)} has no module docstring"


@pytest.mark.parametrize("path", LAYERS, ids=_rel)
def test_public_functions_and_classes_of_layers_say_what_they_do(path):
    for node in _tree(path).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
            assert ast.get_docstring(node), f"{_rel(path)}:{node.name} has no docstring"


@pytest.mark.parametrize("path", LAYERS, ids=_rel)
def test_no_streamlit_below_the_ui(path):
    found = _imported_roots(path) & STREAMLIT
    assert not found, f"{_rel(path)} imports {sorted(found)}: Streamlit belongs in app.py and ui/"


@pytest.mark.parametrize("path", [p for p in PAGE if p not in RENDERER], ids=_rel)
def test_folium_only_in_the_renderer(path):
    found = _imported_roots(path) & FOLIUM
    assert not found, (f"{_rel(path)} imports {sorted(found)}: folium elements are built in "
                       "layers/render.py or layers/map/ only")


@pytest.mark.parametrize("path", [p for p in PAGE if p not in DECLARATIONS], ids=_rel)
def test_rooms_are_small(path):
    limit = MAX_APP_LINES if path == APP else MAX_LINES
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= limit, f"{_rel(path)} has {n} lines (limit {limit}): give its parts their own rooms"


@pytest.mark.parametrize("path", sorted(DECLARATIONS), ids=_rel)
def test_declaration_modules_are_declarations(path):
    """An exempt module stays declaration data: its functions are few and small."""
    funcs = [n for n in _tree(path).body if isinstance(n, ast.FunctionDef)]
    assert len(funcs) <= 3, f"{_rel(path)}: {len(funcs)} functions, move logic out"
    for f in funcs:
        assert f.end_lineno - f.lineno + 1 <= 15, f"{_rel(path)}:{f.name}"


def test_imports_go_one_way():
    """app.py -> ui/ -> layers/ -> geo/: nothing below imports from above."""
    above = {"layers": {"ui", "app"}, "ui": {"app"}}
    for path in [*LAYERS, *UI]:
        pkg = path.relative_to(ROOT).parts[0]
        found = _imported_roots(path) & above[pkg]
        assert not found, f"{_rel(path)} imports {sorted(found)}"


# ----------------------------------------------------------------- one owner of state
STATE = ROOT / "ui" / "state.py"


@pytest.mark.parametrize("path", [p for p in [*UI, APP] if p != STATE], ids=_rel)
def test_session_state_only_through_ui_state(path):
    """Every session-state key lives in ui/state.py, and only it touches st.session_state."""
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Attribute) and node.attr == "session_state":
            raise AssertionError(f"{_rel(path)}:{node.lineno} uses st.session_state: use ui.state")


def _declared_keys() -> set[str]:
    keys = set()
    for node in ast.walk(_tree(STATE)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and " " not in node.value:
            keys.add(node.value)
    return keys


def _widget_keys(path: Path) -> list[tuple[int, str, bool]]:
    """(line, key or its constant head, is a prefix) of every ``key=`` literal in a module."""
    out = []
    for node in ast.walk(_tree(path)):
        if not isinstance(node, ast.Call):
            continue
        for kw in node.keywords:
            if kw.arg != "key":
                continue
            if isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                out.append((node.lineno, kw.value.value, False))
            elif isinstance(kw.value, ast.JoinedStr) and isinstance(kw.value.values[0], ast.Constant):
                out.append((node.lineno, kw.value.values[0].value, True))
    return out


@pytest.mark.parametrize("path", [p for p in [*UI, APP] if p != STATE], ids=_rel)
def test_widget_keys_are_declared_in_ui_state(path):
    declared = _declared_keys()
    prefixes = tuple(k for k in declared if k.endswith((".", "_")))
    for line, key, is_prefix in _widget_keys(path):
        ok = key in declared or (key.startswith(prefixes) if not is_prefix else key in prefixes
                                 or key.startswith(prefixes))
        assert ok, f"{_rel(path)}:{line} widget key {key!r} is not declared in ui/state.py"
