"""The resources a saved HTML page's links give (STUB: helper H5 writes it)."""

from __future__ import annotations

from ..series import Resource
from .page import Paragraph

__all__ = ["is_link_line", "link_resources"]


def link_resources(paragraph: Paragraph) -> tuple[Resource, ...]:
    """The resources of a paragraph's links, in order (STUB: none)."""
    return ()


def is_link_line(paragraph: Paragraph) -> bool:
    """True when the paragraph is only its links' words ("Notes (PDF) · Video") (STUB)."""
    return False
