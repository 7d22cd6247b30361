"""Small Sphinx helpers for the wagtail-kindness docs.

- ``kindness-help``: a directive that prints ``kindness [SUBCOMMAND] --help``
  as the installed parser formats it, so the CLI reference cannot drift from
  the code (and lists every sub-command registered at import time).
- ``kindness-other-modules``: autodoc for any :mod:`kindness_core` module
  (subpackages included) that has no API page yet, so the reference is never
  missing a module.
- ``kindness-exports``: the table of names re-exported by ``kindness_core``,
  read from its ``__all__``.
- ``kindness-phrases``: a table of schedule phrases with the rule and the
  sentence that the code gives for each.
- Optional toctree entries: a line ``?/recurrence`` in a toctree lists
  ``docs/recurrence.md`` if it exists and is dropped if it does not.
- A check that the build never imported Django: the API reference documents
  :mod:`kindness_core`, which must stay framework-free.
"""

from __future__ import annotations

import os
import pkgutil
import re
import sys
from contextlib import contextmanager
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

logger = logging.getLogger(__name__)

#: Width the help text is wrapped to, whatever the terminal running the build.
HELP_WIDTH = 80


@contextmanager
def _columns(width: int):  # type: ignore[no-untyped-def]
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(width)
    try:
        yield
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old


def command_help(command: str | None = None) -> str:
    """The ``--help`` text of ``kindness`` or of one of its sub-commands."""
    import argparse

    from kindness_core.cli import build_parser

    with _columns(HELP_WIDTH):
        parser = build_parser()
        if command is None:
            return parser.format_help()
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                if command in action.choices:
                    return action.choices[command].format_help()
                known = ", ".join(action.choices)
                raise ValueError(f"kindness has no sub-command {command!r}; it has: {known}")
    raise ValueError("kindness has no sub-commands")  # pragma: no cover


def command_names() -> list[str]:
    """The sub-commands of ``kindness``, in the order ``--help`` lists them."""
    import argparse

    from kindness_core.cli import build_parser

    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []


class _CodeDirective(SphinxDirective):
    """A directive that runs project code: if that code fails (say, a module
    someone is still writing does not import), the page gets a build warning
    naming the problem instead of the whole build stopping with a traceback."""

    def run(self) -> list[nodes.Node]:
        try:
            return self.run_code()
        except Exception as exc:  # reported as a build warning, see above
            logger.warning(
                "%s: the code failed: %s: %s",
                self.name,
                type(exc).__name__,
                exc,
                location=self.get_location(),
            )
            return []

    def run_code(self) -> list[nodes.Node]:
        raise NotImplementedError


class KindnessHelp(_CodeDirective):
    """``{kindness-help} next``: the help of ``kindness next`` as a console block.

    Without an argument: the help of ``kindness`` itself.  With the ``:others:``
    flag: the help of every sub-command not shown earlier on the same page, so
    a sub-command added to the CLI is documented before anyone writes prose.
    """

    optional_arguments = 1
    option_spec = {"others": directives.flag}

    def _block(self, command: str | None) -> nodes.literal_block:
        text = command_help(command).rstrip()
        shown = "kindness" + (f" {command}" if command else "") + " --help"
        block = nodes.literal_block(f"$ {shown}\n{text}", f"$ {shown}\n{text}")
        block["language"] = "console"
        return block

    def run_code(self) -> list[nodes.Node]:
        seen: set[str] = self.env.temp_data.setdefault("kindness_help_seen", set())
        if "others" in self.options:
            out: list[nodes.Node] = []
            for name in command_names():
                if name not in seen:
                    seen.add(name)
                    out.append(self._block(name))
            if not out:
                para = nodes.paragraph(text="Every sub-command is described above.")
                out.append(para)
            return out
        command = self.arguments[0] if self.arguments else None
        try:
            block = self._block(command)
        except ValueError as exc:
            return [self.state.document.reporter.warning(str(exc), line=self.lineno)]
        if command:
            seen.add(command)
        return [block]


#: Modules documented elsewhere than under reference/api/.
DOCUMENTED_ELSEWHERE = {"cli": "reference/cli"}


def undocumented_modules(api_dir: Path) -> list[str]:
    """Public ``kindness_core`` modules with no page ``api_dir/<name>.md``.

    ``<name>`` is the module's path below ``kindness_core``, dotted
    (``schedule.rules.md`` for :mod:`kindness_core.schedule.rules`).  Private
    modules (``_moved``, ``__main__``) and the old import paths kept for one
    release (:data:`kindness_core._moved.MOVED`) have no page.
    """
    import kindness_core
    from kindness_core._moved import MOVED

    names = []
    for info in pkgutil.walk_packages(kindness_core.__path__, prefix="kindness_core."):
        name = info.name.removeprefix("kindness_core.")
        if (
            any(part.startswith("_") for part in name.split("."))
            or info.name in MOVED
            or name in DOCUMENTED_ELSEWHERE
        ):
            continue
        if not (api_dir / f"{name}.md").exists():
            names.append(info.name)
    return names


class KindnessOtherModules(_CodeDirective):
    """Autodoc for every public ``kindness_core`` module that has no page of its own.

    A new module is in the reference as soon as it exists; give it a page
    (``reference/api/<name>.md``, e.g. ``schedule.rules.md``) to move it out
    of "Other modules".  The
    generated content is reStructuredText: in a MyST page, use the directive
    inside an ``{eval-rst}`` block.
    """

    def run_code(self) -> list[nodes.Node]:
        api_dir = Path(self.env.srcdir) / Path(self.env.docname).parent
        names = undocumented_modules(api_dir)
        if not names:
            return [nodes.paragraph(text="Every module has a page of its own.")]
        lines = StringList()
        for name in names:
            for line in (f".. rubric:: {name}", "", f".. automodule:: {name}", ""):
                lines.append(line, "<kindness-other-modules>")
        container = nodes.container()
        nested_parse_with_titles(self.state, lines, container)
        return container.children


def exports_by_module() -> list[tuple[str, list[str]]]:
    """``kindness_core.__all__`` grouped by the module that defines each name."""
    import kindness_core

    groups: dict[str, list[str]] = {}
    for name in kindness_core.__all__:
        obj = getattr(kindness_core, name)
        module = getattr(obj, "__module__", None)
        if not isinstance(module, str) or not module.startswith("kindness_core."):
            continue  # __version__ and other plain values
        groups.setdefault(module, []).append(name)
    return sorted(groups.items())


class KindnessExports(_CodeDirective):
    """A table of the names ``kindness_core`` re-exports, with their modules."""

    def run_code(self) -> list[nodes.Node]:
        rows = ["Import from ``kindness_core``", "Defined in"]
        lines = [".. list-table::", "   :header-rows: 1", "   :widths: 70 30", ""]
        lines += [f"   * - {rows[0]}", f"     - {rows[1]}"]
        for module, names in exports_by_module():
            refs = ", ".join(f":py:obj:`~{module}.{name}`" for name in names)
            lines += [f"   * - {refs}", f"     - :py:mod:`{module}`"]
        content = StringList()
        for line in lines:
            content.append(line, "<kindness-exports>")
        container = nodes.container()
        nested_parse_with_titles(self.state, content, container)
        return container.children


class KindnessPhrases(_CodeDirective):
    """A table of schedule phrases, each with the rule and sentence the code gives.

    One phrase per line of content.  A phrase that no longer parses is a
    build warning (so an error with ``-W``), never a stale row.
    """

    has_content = True

    def run_code(self) -> list[nodes.Node]:
        from kindness_core.errors import KindnessInputError
        from kindness_core.schedule.description import describe
        from kindness_core.schedule.phrases import parse_schedule

        lines = [".. list-table::", "   :header-rows: 1", "   :widths: 32 32 26 10", ""]
        lines += ["   * - You write", "     - Rule", "     - Read back as", "     - Length"]
        for phrase in (line.strip() for line in self.content):
            if not phrase:
                continue
            try:
                schedule = parse_schedule(phrase)
            except KindnessInputError as exc:
                logger.warning(
                    "kindness-phrases: %r is no longer understood (%s): change or remove "
                    "it in the page",
                    phrase,
                    exc,
                    location=(self.env.docname, self.lineno),
                )
                continue
            minutes = int(schedule.duration.total_seconds() // 60)
            lines += [
                f"   * - ``{phrase}``",
                f"     - ``{schedule.rule}``",
                f"     - {describe(schedule)}",
                f"     - {minutes} min",
            ]
        content = StringList()
        for line in lines:
            content.append(line, "<kindness-phrases>")
        container = nodes.container()
        nested_parse_with_titles(self.state, content, container)
        return container.children


#: A toctree line ``?/recurrence``: the page if it exists, else nothing.
OPTIONAL_ENTRY = re.compile(r"^(?P<indent>[ \t]*)\?(?P<target>[\w/.-]+)[ \t]*$", re.M)


def optional_entries(srcdir: Path, docname: str, text: str) -> str:
    """Keep each ``?target`` toctree line whose page exists, without the ``?``.

    Pages that other people are still writing (``docs/recurrence.md``) are
    listed this way, so the build neither fails while they are missing nor
    leaves them out of every toctree once they exist.
    """

    def keep(match: re.Match[str]) -> str:
        target = match.group("target")
        base = srcdir if target.startswith("/") else srcdir / Path(docname).parent
        path = base / target.lstrip("/")
        exists = any(path.with_name(path.name + suffix).is_file() for suffix in (".md", ".rst"))
        return match.group("indent") + target if exists else ""

    return OPTIONAL_ENTRY.sub(keep, text)


def _source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    source[0] = optional_entries(Path(app.srcdir), docname, source[0])


def _check_no_django(app: Sphinx, exc: Exception | None) -> None:
    if exc is None and "django" in sys.modules:
        logger.warning(
            "the docs build imported Django: autodoc may only document kindness_core, "
            "which must never import Django; document the plugin without autodoc"
        )


def setup(app: Sphinx) -> dict[str, object]:
    app.add_directive("kindness-help", KindnessHelp)
    app.add_directive("kindness-other-modules", KindnessOtherModules)
    app.add_directive("kindness-exports", KindnessExports)
    app.add_directive("kindness-phrases", KindnessPhrases)
    app.connect("source-read", _source_read)
    app.connect("build-finished", _check_no_django)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
