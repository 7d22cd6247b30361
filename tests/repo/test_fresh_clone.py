"""A fresh clone is enough: no tracked file reaches for a path outside the repository.

``make run`` and ``make test`` must work in a clone with nothing beside it
(README, "Two commands"); ``.ci/run`` proves it by running CI in such a clone,
and this test keeps the tracked files from reaching out again.  The seed
archive is the repository's own copy,
``example_site/demo/kindness-in-healthcare-archive.txt``
(:data:`example_site.demo.ARCHIVE`, the ``seed_path`` and ``seed_text``
fixtures of ``tests/conftest.py``).

The rule, for every file that ``git ls-files`` lists and that is UTF-8 text
(this file excepted: it spells the patterns out):

1. no ``../shared`` and no ``shared/seed``: the seed's old home beside the
   repository, which a user's clone does not have;
2. no absolute path into one machine's home or work folder: ``/home/``,
   ``/root/``, ``/Users/`` or ``/work/`` where a path starts (not after a
   letter, digit, ``_``, ``.``, ``-`` or ``~``, so that a URL such as
   ``https://example.org/home/`` passes);
3. outside Markdown, no hard-coded ``/tmp``: code asks for the temporary
   folder (``tempfile``, pytest's ``tmp_path``, ``mktemp``), and the shell
   scripts' fallback ``${TMPDIR:-/tmp}`` is allowed.  Markdown may show
   ``/tmp`` in a shell example for a reader.

A line that must say one of these anyway carries ``fresh-clone: allowed``
and the reason.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from example_site.demo import ARCHIVE

ROOT = Path(__file__).resolve().parents[2]
THIS = Path(__file__).resolve().relative_to(ROOT).as_posix()
ALLOWED = "fresh-clone: allowed"
#: The seed archive as the project received it (never edited): 10,225 bytes.
SEED_SHA256 = "a2844b5c0a5b1110b89e2a05b8f8b3fe8de2dd23e77716b9e880311f611b6017"

BESIDE = re.compile(r"\.\./shared\b|\bshared/seed\b")
MACHINE = re.compile(r"(?<![\w.~-])/(?:home|root|Users|work)/")
TMP = re.compile(r"(?<![\w.~-])/tmp\b")
TMP_FALLBACK = "${TMPDIR:-/tmp}"


def problems_in(path: str, text: str) -> list[str]:
    """``path:line: the line (what is wrong)`` for each line that breaks the rule."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        if ALLOWED in line:
            continue
        reasons = []
        if BESIDE.search(line):
            reasons.append("a folder beside the repository")
        if MACHINE.search(line):
            reasons.append("an absolute path of one machine")
        if not path.endswith(".md") and TMP.search(line.replace(TMP_FALLBACK, "")):
            reasons.append("a hard-coded /tmp")
        if reasons:
            found.append(f"{path}:{number}: {line.strip()[:120]} ({', '.join(reasons)})")
    return found


def tracked_files() -> list[str]:
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        message = "not a git checkout (or no git): the tracked files are unknown"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI runs in a clone: .ci/run)")
        pytest.skip(message)
    done = subprocess.run(
        [git, "-C", str(ROOT), "ls-files", "-z"], capture_output=True, check=True, timeout=60
    )
    return [name for name in done.stdout.decode().split("\0") if name]


def test_no_tracked_file_refers_to_a_path_outside_the_repository() -> None:
    files = tracked_files()
    problems: list[str] = []
    read = 0
    for name in files:
        path = ROOT / name
        if name == THIS or not path.is_file() or path.is_symlink():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # images, compiled catalogues
            continue
        read += 1
        problems += problems_in(name, text)
    assert read > 100, f"only {read} text files read: is this the repository?"
    assert not problems, "paths outside the repository:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ("tests/conftest.py", 'SEED = ROOT.parent / "shared" / "seed" / NAME  # ../shared'),
        ("tests/core/test_ical.py", 'SEED = Path("/work/shared/seed/archive.txt")'),
        ("benchmarks/run.py", 'seed = Path("/home/someone/archive.txt")'),
        (".ci/wheel-smoke", "SEED=${KINDNESS_SEED:-$ROOT/../shared/seed/archive.txt}"),
        ("benchmarks/settings.py", 'BENCH_DIR = Path("/tmp/kindness-bench")'),
        ("example_site/settings/base.py", 'MEDIA_ROOT = "/root/media"'),
        ("docs/howto/deploy.md", "Copy it to `/Users/me/site/`."),
        ("tests/site/test_x.py", 'url = "file:///tmp/x.ics"'),
    ],
)
def test_the_rule_catches(path: str, line: str) -> None:
    assert problems_in(path, line)


@pytest.mark.parametrize(
    ("path", "line"),
    [
        (".ci/postgres", 'tmp=$(mktemp -d "${TMPDIR:-/tmp}/kindness-pg.XXXXXX")'),
        ("docs/howto/deploy.md", "$ kindness import /tmp/archive.txt -o /tmp/archive.json"),
        ("tests/wagtail_kindness/test_x.py", 'assert page.url == "https://example.org/home/"'),
        ("README.md", "a cache shared by all the processes"),
        ("docs/howto/x.md", "the homework/ folder, ~/work/notes and ./root/x"),
        ("tests/x.py", "path = tmp_path / 'tmp'  # a /tmp mention, fresh-clone: allowed (why)"),
    ],
)
def test_the_rule_lets_pass(path: str, line: str) -> None:
    assert problems_in(path, line) == []


def test_project_modules_are_imported_plainly() -> None:
    """``pytest.importorskip`` on the project's own modules would hide a broken import."""
    own = re.compile(r"importorskip\(\s*['\"](?:kindness_core|wagtail_kindness|example_site)\b")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if own.search(line)
    ]
    assert not found, f"importorskip of the project's modules: {found}"


def test_the_seed_is_the_repository_copy(seed_path: Path) -> None:
    assert seed_path == ARCHIVE
    assert seed_path.resolve().is_relative_to(ROOT)
    assert seed_path.resolve() == ROOT / "example_site" / "demo" / ARCHIVE.name


def test_the_seed_is_unedited(seed_path: Path) -> None:
    data = seed_path.read_bytes()
    assert len(data) == 10_225
    assert hashlib.sha256(data).hexdigest() == SEED_SHA256
