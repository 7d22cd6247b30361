"""Every example in the docs' tutorial/how-to/reference/explanation pages runs.

- ```pycon blocks are run as doctests, one namespace per page, in order.
- ```console blocks: each ``$ kindness …`` command is run through
  :func:`kindness_core.cli.main` and its output (stderr, then stdout) must
  equal the lines under it.  A page's commands run in order, in a copy of
  ``docs/_examples``, and ``> FILE`` writes a file a later command can read.
  Other commands (``make``, ``pip``) are not run.

Plain pytest: no Django.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import re
import shlex
import shutil
import textwrap
from pathlib import Path

import pytest

from kindness_core.cli import main

DOCS = Path(__file__).resolve().parents[2] / "docs"
#: Files the console examples read (``kindness import archive.txt``).
EXAMPLES = DOCS / "_examples"
FENCE = re.compile(
    r"^(?P<indent> *)(?P<fence>```+|:::+)(?P<lang>[\w-]*)[^\n]*\n"  # opening fence
    r"(?P<body>.*?)"
    r"^(?P=indent)(?P=fence)[ \t]*$",  # closing fence, as indented as the opening one
    re.M | re.S,
)
#: The Diátaxis folders.  A page opts out with a line ``% examples: not run``
#: (a MyST comment), e.g. for a Wagtail example that needs a configured site.
SECTIONS = ("tutorial", "howto", "reference", "explanation")
OPT_OUT = "% examples: not run"
PAGES = sorted(
    p
    for section in SECTIONS
    for p in (DOCS / section).rglob("*.md")
    if OPT_OUT not in p.read_text(encoding="utf-8").splitlines()
)


def _blocks(page: Path, lang: str) -> list[tuple[int, str]]:
    text = page.read_text(encoding="utf-8")
    return [
        (text.count("\n", 0, m.start()) + 1, textwrap.dedent(m.group("body")))
        for m in FENCE.finditer(text)
        if m.group("lang") == lang
    ]


def _commands(body: str) -> list[tuple[str, str]]:
    """``[(command, expected output), …]`` for the ``$ kindness`` lines of a block."""
    out: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            out.append((line[2:], []))
        elif out:
            out[-1][1].append(line)
    return [(cmd, "\n".join(lines).strip("\n")) for cmd, lines in out]


def _page_id(page: Path) -> str:
    return str(page.relative_to(DOCS))


@pytest.mark.parametrize("page", [p for p in PAGES if _blocks(p, "pycon")], ids=_page_id)
def test_python_examples(page: Path) -> None:
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    namespace: dict[str, object] = {}
    for line, body in _blocks(page, "pycon"):
        test = parser.get_doctest(body, namespace, _page_id(page), str(page), line)
        out = io.StringIO()
        runner.run(test, out=out.write, clear_globs=False)
        assert runner.failures == 0, out.getvalue()
        namespace = test.globs  # the next block sees this one's names


CONSOLE = [
    (page, line, cmd, expected)
    for page in PAGES
    for line, body in _blocks(page, "console")
    for cmd, expected in _commands(body)
    if cmd.startswith("kindness ") and "--help" not in cmd
]
CONSOLE_PAGES = sorted({page for page, *_ in CONSOLE})


def _run(command: str) -> str:
    """Run one ``kindness …`` line; its output as a terminal shows it.

    ``> FILE`` at the end writes stdout to FILE, as a shell would.
    """
    argv = shlex.split(command)[1:]
    target = None
    if len(argv) >= 2 and argv[-2] == ">":
        argv, target = argv[:-2], argv[-1]
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding="utf-8", newline="\n", write_through=True)
    stderr = io.StringIO()
    # --version exits from argparse: SystemExit is not a failure here.
    with (
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(stderr),
        contextlib.suppress(SystemExit),
    ):
        main(argv)
    stdout.flush()
    text = raw.getvalue().decode("utf-8").replace("\r\n", "\n")
    if target is not None:
        Path(target).write_text(text, encoding="utf-8")
        text = ""
    return (stderr.getvalue() + text).strip("\n")


@pytest.mark.parametrize("page", CONSOLE_PAGES, ids=_page_id)
def test_console_examples(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page's commands run in order, in a copy of ``docs/_examples``."""
    shutil.copytree(EXAMPLES, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    for page_, line, command, expected in CONSOLE:
        if page_ == page:
            got = _run(command)
            assert got == expected, f"{page}:{line}: $ {command}"


def test_examples_were_found() -> None:
    # Guard against the extractor silently finding nothing.
    assert CONSOLE
    assert any(_blocks(p, "pycon") for p in PAGES)
