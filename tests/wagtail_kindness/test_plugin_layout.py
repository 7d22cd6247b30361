"""The plugin's modules import each other one way: no circle, and no lazy imports but Wagtail's.

The graph is read from the source (``ast``), not by importing: an edge from
each module to every plugin module it imports at module level, and to the
packages above that module (importing ``models.state`` runs
``models/__init__.py`` first).  A circle fails.  Inside functions, the only
plugin imports allowed are Wagtail's idiom, a page's route method importing
its view (``from ..views import archive``), and the app's ``ready()`` wiring.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.import_graph import find_circle

PACKAGE = Path(__file__).resolve().parents[2] / "wagtail_kindness"
NAME = "wagtail_kindness"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(path): path for path in PACKAGE.rglob("*.py") if "migrations" not in path.parts
    }


MODULES = _modules()


def _resolve(module: str, is_package: bool, node: ast.ImportFrom | ast.Import) -> list[str]:
    """The plugin modules an import statement loads (with the packages above them)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = module if is_package else module.rpartition(".")[0]
        for _ in range(max(node.level - 1, 0)):
            base = base.rpartition(".")[0]
        target = node.module or ""
        if node.level:
            target = f"{base}.{target}" if target else base
        names = [target] + [f"{target}.{alias.name}" for alias in node.names]
    found = []
    for name in names:
        if not name.startswith(NAME):
            continue
        parts = name.split(".")
        for end in range(1, len(parts) + 1):
            candidate = ".".join(parts[:end])
            if candidate in MODULES:
                found.append(candidate)
    return found


def _top_level_imports(node: ast.AST):
    """Import statements run when the module is imported (not inside a function)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            continue  # only for the type checker
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child
        else:
            yield from _top_level_imports(child)


def _is_type_checking(test: ast.expr) -> bool:
    return isinstance(test, ast.Name) and test.id == "TYPE_CHECKING"


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_package = path.name == "__init__.py"
        targets = set()
        for node in _top_level_imports(tree):
            targets.update(_resolve(module, is_package, node))
        targets.discard(module)
        edges[module] = {t for t in targets if not module.startswith(t + ".")}
    return edges


def test_the_plugins_modules_import_each_other_without_a_circle():
    assert find_circle(graph()) is None, " -> ".join(find_circle(graph()) or [])


def test_the_circle_finder_finds_one():
    assert find_circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_circle({"a": {"b"}, "b": set()}) is None


def _lazy_imports():
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_package = path.name == "__init__.py"
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    loaded = _resolve(module, is_package, node)
                    if loaded:
                        yield module, function.name, loaded


def test_lazy_imports_are_only_routes_importing_their_view_and_ready():
    for module, function, loaded in _lazy_imports():
        if module == f"{NAME}.apps" and function == "ready":
            continue  # Django's wiring
        route_view = function.endswith("_route") and all(
            name in (NAME, f"{NAME}.views") or name.startswith(f"{NAME}.views.") for name in loaded
        )
        assert route_view, f"{module}.{function} imports {loaded} inside a function"


@pytest.mark.parametrize(
    ("module", "imports"),
    [
        ("wagtail_kindness.views.archive", "wagtail_kindness.models"),
        ("wagtail_kindness.caching", "wagtail_kindness.http_cache"),
    ],
)
def test_the_graph_sees_known_imports(module, imports):
    assert imports in graph()[module]


def test_every_plugin_module_named_in_the_architecture_page_exists():
    import re

    page = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(wagtail_kindness/[\w/]+\.py)`", page))
    assert named, "the page names no plugin module"
    missing = sorted(path for path in named if not (PACKAGE.parent / path).is_file())
    assert not missing, f"docs/architecture.md names modules that do not exist: {missing}"
