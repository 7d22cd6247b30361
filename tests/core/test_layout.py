"""The core's layout: no import circle, imports go one way, the docs name real modules.

The import graph is read from the source with :mod:`ast` (nothing is
imported to build it): an edge for every ``import`` and ``from … import``
of a ``kindness_core`` module, relative ones (``from . import x``,
``from ..series import Series``) resolved.  *Module-level* imports are the
ones that run when the module is imported; imports inside a function run
when it is called.

- :func:`test_no_import_circle` — no circle among the module-level imports;
  with the imports inside functions too, only the deprecated aliases of
  ``Schedule`` (removed in the next release) may close one.
- :func:`test_imports_go_one_way` — each part of the core imports only the
  parts below it (:data:`MAY_IMPORT`, drawn in ``docs/architecture.md``).
- :func:`test_every_module_named_in_the_architecture_exists` and its
  converse — ``docs/architecture.md`` matches the tree.
- The old import paths (:data:`kindness_core._moved.MOVED`) still give the
  same objects, for one release.
"""

from __future__ import annotations

import ast
import importlib
import re
import tomllib
from collections.abc import Iterable, Mapping
from fnmatch import fnmatch
from pathlib import Path

import pytest

import kindness_core
from kindness_core._moved import MOVED
from tests.import_graph import find_circle

PACKAGE = Path(kindness_core.__file__).resolve().parent
ROOT = PACKAGE.parent
ARCHITECTURE = ROOT / "docs" / "architecture.md"
OLD_PATHS = frozenset(MOVED)

#: What each part of the core may import, besides itself (the standard library
#: and third-party packages are not checked here).  A part is a subpackage
#: (``schedule``) or a top-level module (``series``); ``importing.result`` is
#: named apart because the formats may import it and nothing else of
#: ``importing``.  ``kindness_core`` is the package's ``__init__`` (for
#: ``__version__``).
MAY_IMPORT: Mapping[str, frozenset[str]] = {
    "_moved": frozenset(),
    "errors": frozenset(),
    "textfile": frozenset({"errors"}),
    "schedule": frozenset({"errors"}),
    "series": frozenset({"errors", "schedule"}),
    "archive": frozenset({"errors", "schedule", "series"}),
    "importing": frozenset({"errors", "textfile", "schedule", "series", "archive"}),
    "formats": frozenset(
        {"errors", "textfile", "schedule", "series", "archive", "importing.result"}
    ),
    "cli": frozenset(
        {
            "kindness_core",
            "errors",
            "textfile",
            "schedule",
            "series",
            "archive",
            "importing",
            "formats",
        }
    ),
}

#: Imports inside a function that would close a circle, each with its reason.
#: The deprecated ``Schedule.parse/describe/warnings/warn`` call the phrases and
#: the description; remove these entries with the aliases in the next release.
LATE_IMPORTS_ALLOWED = {
    ("kindness_core.schedule.recurrence", "kindness_core.schedule.phrases"),
    ("kindness_core.schedule.recurrence", "kindness_core.schedule.description"),
}


# -- the graph ------------------------------------------------------------------------


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def core_sources(package: Path = PACKAGE) -> dict[str, tuple[str, bool]]:
    """``{module name: (source, is a package)}`` for every module of the core."""
    return {
        module_name(path, package): (path.read_text(encoding="utf-8"), path.name == "__init__.py")
        for path in sorted(package.rglob("*.py"))
    }


def _module_level(tree: ast.Module) -> Iterable[ast.AST]:
    """The nodes that run when the module is imported (not inside a function)."""
    todo: list[ast.AST] = [tree]
    while todo:
        node = todo.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                todo.append(child)


def import_graph(
    sources: Mapping[str, tuple[str, bool]], *, module_level_only: bool
) -> dict[str, set[str]]:
    """``{module: the core modules it imports}``, from the source."""
    known = set(sources)
    graph: dict[str, set[str]] = {name: set() for name in sources}
    for name, (source, is_package) in sources.items():
        tree = ast.parse(source)
        nodes = _module_level(tree) if module_level_only else ast.walk(tree)
        here = name if is_package else name.rpartition(".")[0]
        for node in nodes:
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here.split(".")[: len(here.split(".")) - (node.level - 1)]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                # `from . import x` imports the module x when there is one.
                subs = [f"{module}.{alias.name}" for alias in node.names]
                targets = [sub for sub in subs if sub in known] or [module]
            graph[name].update(t for t in targets if t in known and t != name)
    return graph


def part_of(module: str) -> str:
    """``kindness_core.schedule.rules`` -> ``schedule``; ``importing.result`` kept whole."""
    parts = module.split(".")[1:]
    if not parts:
        return "kindness_core"
    if parts[:2] == ["importing", "result"]:
        return "importing.result"
    return parts[0]


GRAPH = import_graph(core_sources(), module_level_only=True)
FULL_GRAPH = import_graph(core_sources(), module_level_only=False)


# -- no circle ------------------------------------------------------------------------


def test_the_graph_sees_the_core() -> None:
    assert "kindness_core.schedule.phrases" in GRAPH
    assert "kindness_core.schedule.recurrence" in GRAPH["kindness_core.schedule.phrases"]
    assert "kindness_core.series" in GRAPH["kindness_core.formats.ical"]
    assert "kindness_core" in GRAPH["kindness_core.cli.app"]  # from .. import __version__
    assert len(GRAPH) >= 30


def test_no_import_circle() -> None:
    assert find_circle(GRAPH) is None, " -> ".join(find_circle(GRAPH) or [])
    late = {(a, b) for a, targets in FULL_GRAPH.items() for b in targets} - {
        (a, b) for a, targets in GRAPH.items() for b in targets
    }
    assert late <= LATE_IMPORTS_ALLOWED, f"new imports inside functions: {late}"
    assert late == LATE_IMPORTS_ALLOWED, "remove the entries of aliases that are gone"
    rest = {a: {b for b in targets if (a, b) not in late} for a, targets in FULL_GRAPH.items()}
    assert find_circle(rest) is None, " -> ".join(find_circle(rest) or [])


def test_the_circle_check_would_notice_a_circle(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "a.py").write_text("from .sub import b\n")
    (package / "sub" / "b.py").write_text("def later():\n    from .. import c\n")
    (package / "c.py").write_text("from . import a\nimport pkg.sub\n")
    sources = core_sources(package)
    assert find_circle(import_graph(sources, module_level_only=True)) is None
    full = import_graph(sources, module_level_only=False)
    assert full["pkg.sub.b"] == {"pkg.c"}
    assert full["pkg.c"] == {"pkg.a", "pkg.sub"}
    assert find_circle(full) == ["pkg.a", "pkg.sub.b", "pkg.c", "pkg.a"]


# -- one way --------------------------------------------------------------------------


def test_imports_go_one_way() -> None:
    wrong = []
    for module, targets in FULL_GRAPH.items():
        if module in OLD_PATHS or module in ("kindness_core", "kindness_core.__main__"):
            continue  # the facade, `python -m` and the old paths: checked below
        part = part_of(module)
        allowed = MAY_IMPORT[part.split(".")[0]]
        for target in targets:
            other = part_of(target)
            if other.split(".")[0] == part.split(".")[0]:
                continue
            if other not in allowed and other.split(".")[0] not in allowed:
                wrong.append(f"{module} imports {target}")
    assert wrong == []


def test_every_part_has_its_rule() -> None:
    parts = {part_of(m).split(".")[0] for m in GRAPH} - {"kindness_core", "__main__"}
    assert parts - {part_of(m) for m in OLD_PATHS} == set(MAY_IMPORT)


def test_the_formats_never_import_the_import_pipeline() -> None:
    for module, targets in FULL_GRAPH.items():
        if part_of(module) == "formats":
            assert {t for t in targets if part_of(t) == "importing"} == set(), module
    # The result they may import loads nothing else of `importing`.
    assert {part_of(t) for t in FULL_GRAPH["kindness_core.importing.result"]} <= MAY_IMPORT[
        "importing"
    ]


def test_the_subpackages_load_nothing_on_import() -> None:
    for name in ("schedule", "importing", "formats"):
        assert GRAPH[f"kindness_core.{name}"] == set(), name
    assert GRAPH["kindness_core.cli"] == {"kindness_core.cli.app"}


def test_nothing_imports_the_command_line_or_an_old_path() -> None:
    for module, targets in FULL_GRAPH.items():
        if part_of(module) != "cli" and module not in {"kindness_core.__main__", *OLD_PATHS}:
            assert not {t for t in targets if part_of(t) == "cli"}, module
        if module not in OLD_PATHS:
            assert not targets & OLD_PATHS, f"{module} imports an old path"


def test_the_schedule_value_knows_no_words() -> None:
    # The phrases and the description use the Schedule value, one way.
    value = GRAPH["kindness_core.schedule.recurrence"]
    assert "kindness_core.schedule.phrases" not in value
    assert "kindness_core.schedule.description" not in value
    assert "kindness_core.schedule.recurrence" in GRAPH["kindness_core.schedule.phrases"]
    assert "kindness_core.schedule.recurrence" in GRAPH["kindness_core.schedule.description"]


# -- the architecture page matches the tree --------------------------------------------


_CODE = re.compile(r"`([^`\n]+)`")
_PATH = re.compile(r"^kindness_core(?:/[\w.]+)*/?$")
_DOTTED = re.compile(r"^kindness_core(?:\.\w+)+$")


def architecture_names(text: str) -> tuple[set[str], set[str]]:
    """The ``kindness_core/…`` paths and ``kindness_core.…`` names the page gives.

    In a table cell, a bare ``name.py`` after a path names a file beside it
    (``kindness_core/formats/ical.py``, ``ical_plan.py``).
    """
    paths: set[str] = set()
    dotted: set[str] = set()
    for line in text.splitlines():
        for cell in line.split("|") if line.startswith("|") else [line]:
            folder = None
            for code in _CODE.findall(cell):
                if _PATH.match(code):
                    paths.add(code.rstrip("/"))
                    folder = code.rsplit("/", 1)[0] if code.endswith(".py") else None
                elif _DOTTED.match(code):
                    dotted.add(code)
                elif folder and re.fullmatch(r"[\w]+\.py", code):
                    paths.add(f"{folder}/{code}")
    fence = re.search(r"^```text\n(kindness_core/.*?)^```", text, re.M | re.S)
    if fence:  # the layout tree: `name.py` and `name/` under the folder above them
        stack: list[tuple[int, str]] = []
        for line in fence.group(1).splitlines():
            if not line.strip():
                continue
            indent = len(line) - len(line.lstrip())
            entry = line.split()[0]
            while stack and stack[-1][0] >= indent:
                stack.pop()
            path = "/".join([p for _, p in stack] + [entry.rstrip("/")])
            paths.add(path)
            if entry.endswith("/"):
                stack.append((indent, entry.rstrip("/")))
    return paths, dotted


def test_the_architecture_reader_reads_cells_and_trees() -> None:
    text = (
        "| X | `kindness_core/formats/ical.py`, `ical_plan.py` |\n"
        "Use `kindness_core.series.Series.end_of`.\n"
        "```text\nkindness_core/\n  series.py    a note\n  schedule/\n    rules.py\n"
        "  errors.py\n```\n"
    )
    paths, dotted = architecture_names(text)
    assert paths == {
        "kindness_core", "kindness_core/formats/ical.py", "kindness_core/formats/ical_plan.py",
        "kindness_core/series.py", "kindness_core/schedule", "kindness_core/schedule/rules.py",
        "kindness_core/errors.py",
    }  # fmt: skip
    assert dotted == {"kindness_core.series.Series.end_of"}


def _resolves(name: str) -> bool:
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attr in parts[cut:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


def test_every_module_named_in_the_architecture_exists() -> None:
    paths, dotted = architecture_names(ARCHITECTURE.read_text(encoding="utf-8"))
    assert len(paths) > 30
    assert [p for p in sorted(paths) if not (ROOT / p).exists()] == []
    assert [d for d in sorted(dotted) if not _resolves(d)] == []
    # ... and no old path is shown as a home (the prose may name one as old).
    files = sorted(p for p in paths if p.endswith(".py"))
    assert [p for p in files if module_name(ROOT / p) in OLD_PATHS] == []


def test_every_module_of_the_core_is_in_the_architecture() -> None:
    paths, _ = architecture_names(ARCHITECTURE.read_text(encoding="utf-8"))
    modules = {
        (path.parent if path.name == "__init__.py" else path).relative_to(ROOT).as_posix()
        for path in PACKAGE.rglob("*.py")
        if module_name(path) not in OLD_PATHS
    }
    assert sorted(modules - paths) == []


# -- the old import paths, kept for one release -----------------------------------------


def test_every_old_path_is_listed() -> None:
    shims = {
        module_name(path)
        for path in PACKAGE.glob("*.py")
        if "removed in the next release" in " ".join(path.read_text(encoding="utf-8").split())
    }
    assert shims == OLD_PATHS
    assert len(OLD_PATHS) == 22


@pytest.mark.parametrize("old", sorted(MOVED))
def test_an_old_path_gives_the_same_objects(old: str) -> None:
    module = importlib.import_module(old)
    homes = [importlib.import_module(new) for new in MOVED[old]]
    assert module.__all__, old
    for name in module.__all__:
        found = [home for home in homes if name in home.__all__]
        assert found, f"{old}.{name} is in none of {MOVED[old]}"
        assert getattr(module, name) is getattr(found[0], name)
    text = " ".join((module.__doc__ or "").split())
    assert "this path will be removed in the next release" in text
    assert all(f":mod:`{new}`" in text for new in MOVED[old])
    # An old path imports its new homes and nothing else of the core.
    assert FULL_GRAPH[old] == set(MOVED[old])


def test_the_old_paths_the_plugin_uses() -> None:
    # Spelled out: the plugin, the example site and the docs import these today.
    from kindness_core.duplicates import normalise_aliases, resolve_alias
    from kindness_core.importer import MAX_ARCHIVE_BYTES, import_archive
    from kindness_core.models import is_web_url, month_label, slugify
    from kindness_core.recurrence import MAX_WINDOW, Move, Occurrence, Schedule, get_zone, localize
    from kindness_core.schedule_text import format_time, parse_schedule, zone_label

    assert MAX_ARCHIVE_BYTES == 5_000_000
    assert callable(import_archive)
    assert all(map(callable, (normalise_aliases, resolve_alias, is_web_url, month_label)))
    assert all(map(callable, (slugify, get_zone, localize, format_time, zone_label)))
    assert parse_schedule("third Thursday at 6pm") == Schedule()
    assert MAX_WINDOW.days == 366 * 200
    assert Move.__module__ == Occurrence.__module__ == "kindness_core.schedule.recurrence"


# -- packaging ------------------------------------------------------------------------


def test_the_wheel_takes_every_subpackage_and_the_script_resolves() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    include = config["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = {module_name(p.parent) for p in PACKAGE.rglob("__init__.py")}
    assert {"kindness_core.schedule", "kindness_core.cli"} <= packages
    assert [p for p in sorted(packages) if not any(fnmatch(p, pat) for pat in include)] == []
    module, _, attr = config["project"]["scripts"]["kindness"].partition(":")
    assert callable(getattr(importlib.import_module(module), attr))
    assert config["tool"]["mypy"]["files"] == ["kindness_core"]  # every subpackage, strictly
