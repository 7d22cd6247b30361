"""Moved to :mod:`kindness_core.cli.import_command`; this path will be removed in the next release.

``kindness_core.cli_import`` re-exports the names it had, from their new home, for one release,
without a warning: import them from there instead (the CHANGELOG lists every moved path).
"""

from __future__ import annotations

from .cli.import_command import cmd_import, read_archive_file, register_import

__all__ = [
    "cmd_import",
    "read_archive_file",
    "register_import",
]
