"""A saved HTML page read into paragraphs with their links (STUB: helper H5 writes it)."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ArchiveFormatError
from .page import Paragraph
from .result import LineUse

__all__ = ["HtmlPage", "read_html"]


@dataclass(frozen=True, slots=True, kw_only=True)
class HtmlPage:
    """A saved HTML page: its title, its paragraphs, the lines left out as not the archive."""

    title: Paragraph | None
    paragraphs: tuple[Paragraph, ...]
    ignored: tuple[LineUse, ...] = ()


def read_html(text: str) -> HtmlPage:
    """The paragraphs of a saved HTML page (STUB)."""
    raise ArchiveFormatError("reading HTML is not written yet")
