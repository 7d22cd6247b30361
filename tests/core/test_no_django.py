"""kindness_core stays framework-free: it never imports Django or Wagtail.

Checked twice: every module is imported in a fresh interpreter (so nothing
that pytest-django or another test loaded can hide a stray import), and the
source is read for import statements, including ones that would only run
later (inside a function).
"""

from __future__ import annotations

import ast
import json
import os
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import kindness_core

PACKAGE = Path(kindness_core.__file__).resolve().parent
ROOT = PACKAGE.parent
FRAMEWORKS = ("django", "wagtail")


def module_names() -> list[str]:
    names = ["kindness_core"]
    for info in pkgutil.walk_packages([str(PACKAGE)], prefix="kindness_core."):
        if info.name != "kindness_core.__main__":  # running it would start the CLI
            names.append(info.name)
    return sorted(names)


IMPORT_ALL = """
import importlib, json, sys
for name in json.loads(sys.argv[1]):
    importlib.import_module(name)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("django", "wagtail"))
print(json.dumps(loaded))
"""


def test_every_module_is_found() -> None:
    names = module_names()
    for name in ("cli", "cli.app", "errors", "series", "schedule.recurrence", "schedule.rules",
                 "schedule.phrases", "schedule.description", "importing.importer",
                 "formats.ical", "archive"):  # fmt: skip
        assert f"kindness_core.{name}" in names
    # The old paths, kept for one release, are imported too.
    for name in ("models", "recurrence", "rules", "schedule_text", "zones", "cli_ics"):
        assert f"kindness_core.{name}" in names


def test_importing_every_module_loads_no_framework() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL, json.dumps(module_names())],
        capture_output=True, text=True, timeout=120, env=env, cwd=ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_the_fresh_interpreter_would_notice_a_framework() -> None:
    # The same probe, importing Django on purpose, must report it.
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL, json.dumps(["django"])],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "django" in json.loads(done.stdout)


def framework_imports(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "import_module", "__import__",
            )
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):  # fmt: skip
            names = [node.args[0].value]
        else:
            continue
        found += [n for n in names if n.split(".")[0] in FRAMEWORKS]
    return found


def test_no_source_file_imports_a_framework() -> None:
    offenders = {
        path.name: imports
        for path in sorted(PACKAGE.rglob("*.py"))
        if (imports := framework_imports(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
    # And plainly, line by line, in case an import hides where ast cannot see it.
    line = re.compile(r"^\s*(?:import|from)\s+(?:django|wagtail)\b", re.M)
    assert [p.name for p in PACKAGE.rglob("*.py") if line.search(p.read_text("utf-8"))] == []


def test_the_source_scan_would_notice_a_framework() -> None:
    sample = (
        "import django\n"
        "from wagtail.models import Page\n"
        "def later():\n"
        "    from django.conf import settings\n"
        "    import importlib\n"
        "    importlib.import_module('wagtail.admin')\n"
        "x = 'import django'  # text, not an import\n"
    )
    assert framework_imports(sample) == [
        "django", "wagtail.models", "django.conf", "wagtail.admin",
    ]  # fmt: skip
