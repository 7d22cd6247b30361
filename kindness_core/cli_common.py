"""Moved to :mod:`kindness_core.cli.common`; this path will be removed in the next release.

``kindness_core.cli_common`` re-exports the names it had, from their new home, for one release,
without a warning: import them from there instead (the CHANGELOG lists every moved path).
"""

from __future__ import annotations

from .cli.common import (
    add_output_option,
    check_output,
    moment_option,
    read_input_file,
    write_output,
)

__all__ = [
    "add_output_option",
    "check_output",
    "moment_option",
    "read_input_file",
    "write_output",
]
