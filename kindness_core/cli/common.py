"""Helpers shared by the ``kindness`` sub-commands: reading and writing files, reading times.

This is the command line's edge: the only place in :mod:`kindness_core`
that reads the clock (when an option such as ``--after`` is left out), or
writes a file (``--output``, atomically).  Files and standard input are read
by :func:`kindness_core.textfile.read_limited`, with a limit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

from ..errors import KindnessInputError
from ..schedule.dates import DEFAULT_LOCALE, check_locale
from ..schedule.zones import get_zone
from ..textfile import read_limited

__all__ = [
    "add_locale_option",
    "add_output_option",
    "check_output",
    "locale_option",
    "moment_option",
    "read_input_file",
    "write_output",
]


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
    one-line message.  The reading is :func:`kindness_core.textfile.read_limited`'s,
    which the plugin's ``kindness_import`` shares.
    """
    return read_limited(name, limit=limit, what=what, error=error)


def add_output_option(parser: argparse.ArgumentParser) -> None:
    """Add ``-o/--output FILE`` (see :func:`write_output`) to a sub-command."""
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE instead of standard output (all at once: never half-written)",
    )


def add_locale_option(parser: argparse.ArgumentParser, what: str) -> None:
    """Add ``--locale CODE`` (see :func:`locale_option`) to a sub-command."""
    parser.add_argument(
        "--locale",
        metavar="CODE",
        help=f"write {what} in this language (en, fr, es, pt-BR…; default: British English)",
    )


def locale_option(value: str | None) -> str:
    """The Babel locale of ``--locale`` (:data:`DEFAULT_LOCALE` when left out).

    An unknown code is refused in one line ("unknown locale 'xx': …").
    """
    if value is None:
        return DEFAULT_LOCALE
    try:
        return check_locale(value)
    except KindnessInputError as exc:
        raise KindnessInputError(f"--locale: {exc}") from None


def check_output(name: str | None) -> Path:
    """The path of output file ``name``, once it can be written (checked before any work)."""
    path = Path(name or "-")
    if name is None or name == "-":
        return path
    if path.is_dir():
        raise KindnessInputError(f"cannot write {name}: it is a folder; give a file name")
    if not path.parent.is_dir():
        raise KindnessInputError(
            f"cannot write {name}: the folder {path.parent} does not exist; create it first"
        )
    return path


def write_output(name: str | None, data: bytes) -> None:
    """Write ``data`` to file ``name`` all at once, or to standard output if None.

    The file is written beside its final place and renamed over it only when
    complete, so a failure never leaves a half-written file: the old file
    (if any) stays as it was.  A missing folder, a folder given as the file
    or a file that cannot be written raises a one-line
    :class:`~kindness_core.errors.KindnessInputError`.
    """
    if name is None or name == "-":
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # a text-only stream, e.g. io.StringIO
            sys.stdout.write(data.decode("utf-8"))
            return
        buffer.write(data)
        buffer.flush()
        return
    path = check_output(name)
    folder = path.parent
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
        temporary = None
    except OSError as exc:
        raise KindnessInputError(f"cannot write {name}: {exc.strerror or exc}") from None
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def _mode_for(path: Path) -> int:
    """The permissions of the file ``path`` replaces, or the usual ones of a new file."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


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
