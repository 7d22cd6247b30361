"""Moved to :mod:`kindness_core.cli.ics_command`; this path will be removed in the next release.

``kindness_core.cli_ics`` re-exports the names it had, from their new home, for one release,
without a warning: import them from there instead (the CHANGELOG lists every moved path).
"""

from __future__ import annotations

from .cli.ics_command import cmd_ics, read_document_file, register_ics

__all__ = [
    "cmd_ics",
    "read_document_file",
    "register_ics",
]
