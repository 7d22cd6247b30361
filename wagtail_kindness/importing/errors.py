"""The one error of the plugin's import: its message is one line that says why."""

from __future__ import annotations

__all__ = ["ArchiveImportError"]


class ArchiveImportError(ValueError):
    """The archive cannot be imported; the message is one line that says why."""
