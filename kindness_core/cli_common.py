"""Helpers shared by the ``kindness`` sub-commands: reading files, reading times.

This is the command line's edge: the only place in :mod:`kindness_core`
that reads the clock (when an option such as ``--after`` is left out) or
standard input.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from .errors import KindnessInputError
from .recurrence import get_zone

__all__ = ["moment_option", "read_input_file"]


def read_input_file(
    name: str,
    *,
    limit: int,
    what: str,
    error: type[KindnessInputError] = KindnessInputError,
) -> bytes:
    """The bytes of file ``name`` (``-`` is standard input), at most ``limit``.

    ``what`` names the expected file in messages ("the archive text file").
    A missing, unreadable, folder or too large input raises ``error`` with a
    one-line message.
    """
    if name == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        path = Path(name)
        try:
            if path.is_dir():
                raise error(f"{name} is a folder: give {what}")
            size = path.stat().st_size
            if size > limit:
                raise error(
                    f"{name} is {size:,} bytes, more than the limit of {limit:,}: "
                    "split it into smaller files"
                )
            with path.open("rb") as handle:
                data = handle.read(limit + 1)
        except FileNotFoundError:
            raise error(f"cannot read {name}: no such file") from None
        except PermissionError:
            raise error(f"cannot read {name}: permission denied") from None
        except OSError as exc:
            raise error(f"cannot read {name}: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise error(f"{name} is more than {limit:,} bytes: split it into smaller files")
    return data


def moment_option(option: str, value: str | None, zone: str) -> dt.datetime:
    """The aware time given to ``option`` (a date is midnight in ``zone``); now if left out."""
    if value is None:
        return dt.datetime.now(dt.UTC)
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise KindnessInputError(
            f"{option} {value!r} is not a date: use YYYY-MM-DD or an ISO 8601 date-time"
        ) from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=get_zone(zone))
