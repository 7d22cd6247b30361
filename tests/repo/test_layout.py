"""The tests never import ``benchmarks/``.

``benchmarks/`` is ``make bench``, ``make loadtest`` and ``make lighthouse``:
not part of ``make test``, with its own extra (``.[bench]``).  What a test
and a benchmark both need lives where the tests may import it (the load
harness of ``make test-load`` is ``example_site/loadcheck.py``).  Every
``tests/**/*.py`` is parsed (not imported) and its imports read: ``import
benchmarks…``, ``from benchmarks… import …``, and ``importlib.import_module``,
``__import__`` or ``pytest.importorskip`` with a literal ``"benchmarks…"``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = "benchmarks"
IMPORTERS = {"import_module", "__import__", "importorskip"}


def _forbidden(name: str | None) -> bool:
    return name is not None and (name == FORBIDDEN or name.startswith(FORBIDDEN + "."))


def benchmark_imports(source: str, filename: str = "<test>") -> list[str]:
    """``line: module`` of each import of ``benchmarks`` in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        names: list[str | None] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Call) and node.args:
            function = node.func
            called = function.attr if isinstance(function, ast.Attribute) else None
            if isinstance(function, ast.Name):
                called = function.id
            first = node.args[0]
            if called in IMPORTERS and isinstance(first, ast.Constant):
                names = [first.value if isinstance(first.value, str) else None]
        found += [f"{node.lineno}: {name}" for name in names if _forbidden(name)]
    return found


def test_no_test_imports_benchmarks() -> None:
    files = [p for p in sorted((ROOT / "tests").rglob("*.py")) if "node_modules" not in p.parts]
    assert len(files) > 50, f"only {len(files)} test files found: is this the repository?"
    problems = [
        f"{path.relative_to(ROOT)}:{found}"
        for path in files
        for found in benchmark_imports(path.read_text(encoding="utf-8"), str(path))
    ]
    assert not problems, "tests importing benchmarks/:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "source",
    [
        "import benchmarks",
        "import benchmarks.run as bench",
        "import os, benchmarks.report",
        "from benchmarks.load_with_edits import run",
        "from benchmarks import run",
        "def f():\n    from benchmarks.report import table",
        "import importlib\nimportlib.import_module('benchmarks.run')",
        "__import__('benchmarks')",
        "pytest.importorskip('benchmarks.lighthouse.run')",
    ],
)
def test_the_check_catches(source: str) -> None:
    assert benchmark_imports(source)


@pytest.mark.parametrize(
    "source",
    [
        "from example_site.loadcheck import run",
        "import benchmarks_helper",
        "from . import benchmarks",
        "from tests.benchmarks import x",
        "path = 'benchmarks/results/latest.json'",
        "importlib.import_module(name)",
    ],
)
def test_the_check_lets_pass(source: str) -> None:
    assert benchmark_imports(source) == []
