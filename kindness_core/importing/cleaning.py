"""Whitespace clean-up for text copied from web pages.

Archive pages pasted from a browser carry non-breaking spaces, doubled
spaces and trailing spaces.  :func:`clean_line` normalises *only* white
space: every other character (curly quotes, dashes, apostrophes) is kept
exactly as written, so that imported text stays faithful to the page.
"""

from __future__ import annotations

import re

__all__ = ["clean_line", "find_control_character", "split_lines"]

# Every white-space character but the line break: space, tab, NBSP (U+00A0),
# narrow NBSP (U+202F), thin space and the other Unicode space separators.
# A single plain space is left alone (fast on long text); a run of two or
# more, or any other space character, becomes one plain space.
_SPACES = re.compile(r"[^\S\n]{2,}|[^\S\n ]")
# Control characters that never appear in text a person wrote (NUL, bell,
# escape…).  Tab, line feed, form feed and carriage return are allowed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def clean_line(text: str) -> str:
    """``text`` with white space normalised and nothing else changed.

    Non-breaking and other Unicode spaces become a plain space, runs of
    spaces and tabs become one space, and the ends are stripped.  Curly
    quotes, dashes and every other character are kept as they are.
    """
    return _SPACES.sub(" ", text).strip()


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` (``\\r\\n``, ``\\r`` and ``\\n`` all end a line)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def find_control_character(text: str) -> tuple[int, str] | None:
    """``(line, character)`` of the first control character, or ``None``.

    A NUL byte or another control character means the text is binary (or
    corrupt), not something a person wrote.  ``line`` counts from 1.
    """
    match = _CONTROL.search(text)
    if match is None:
        return None
    line = len(split_lines(text[: match.start()]))
    return line, match.group(0)
