"""Reading an input file: never more than a limit, and decoded as the text it is.

Both entry points that read files, the ``kindness`` command line
(:mod:`kindness_core.cli.common`) and the plugin's ``manage.py
kindness_import``, read through :func:`read_limited`: it reads at most one
byte more than the limit, whatever the file is (a regular file, one that
grows while it is read, ``/dev/zero``, a pipe or standard input), so the
size a file claims (``st_size`` is 0 for devices and pipes) is never trusted.

:func:`decode_text` turns the bytes into text for the archive reader
(:func:`kindness_core.importing.page.check_archive_text`) and the JSON reader
(:func:`kindness_core.formats.jsonread.parse_json`): UTF-8, with or without a byte
order mark, and UTF-16 or UTF-32 *with* a byte order mark (as Windows
Notepad and Excel save "Unicode" text) are read; anything else is refused
with a one-line message that says how to convert it (UTF-16 without a byte
order mark, binary data, another encoding).
"""

from __future__ import annotations

import codecs
import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from .errors import KindnessInputError

__all__ = ["CHUNK_BYTES", "decode_text", "read_limited"]

#: How much is read at a time.
CHUNK_BYTES = 1 << 20
#: Byte order marks, longest first (a UTF-32 LE mark starts like a UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


def read_limited(
    name: str,
    *,
    limit: int,
    what: str,
    error: type[KindnessInputError] = KindnessInputError,
    stdin: BinaryIO | None = None,
) -> bytes:
    """The bytes of file ``name`` (``-``: standard input, or ``stdin``), at most ``limit``.

    ``what`` names the expected file in messages ("the archive text file").
    A missing, unreadable or folder input, and one of more than ``limit``
    bytes, raises ``error`` with a one-line message; no more than
    ``limit + 1`` bytes are ever read.
    """
    if name == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        return _read(stream, "standard input", limit=limit, error=error, regular=False)
    path = Path(name)
    try:
        if path.is_dir():
            raise error(f"{name} is a folder: give {what}")
        with path.open("rb") as handle:
            info = os.fstat(handle.fileno())
            regular = stat.S_ISREG(info.st_mode)
            if regular and info.st_size > limit:
                raise error(
                    f"{name} is {info.st_size:,} bytes, more than the limit of {limit:,}: "
                    "split it into smaller files"
                )
            return _read(handle, name, limit=limit, error=error, regular=regular)
    except FileNotFoundError:
        raise error(f"cannot read {name}: no such file") from None
    except PermissionError:
        raise error(f"cannot read {name}: permission denied") from None
    except IsADirectoryError:
        raise error(f"{name} is a folder: give {what}") from None
    except OSError as exc:
        raise error(f"cannot read {name}: {exc.strerror or exc}") from None


def _read(
    stream: BinaryIO, name: str, *, limit: int, error: type[KindnessInputError], regular: bool
) -> bytes:
    """At most ``limit`` bytes of ``stream``, in chunks; ``error`` if there are more."""
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = stream.read(min(CHUNK_BYTES, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
    if regular:  # it grew while it was read
        raise error(
            f"{name} is more than the limit of {limit:,} bytes: split it into smaller files"
        )
    raise error(
        f"{name} gives more than the limit of {limit:,} bytes and is not a regular file "
        "(a device or a pipe): give a file of at most that size"
    )


def decode_text(data: bytes, subject: str | None = None) -> str:
    """``data`` as text: UTF-8 (a byte order mark is dropped), or UTF-16/UTF-32 with one.

    Raises :class:`~kindness_core.errors.KindnessInputError` whose message
    starts with ``subject`` ("the archive is not UTF-8 text …"), or with the
    problem alone when ``subject`` is ``None`` ("not UTF-8 text …").
    """

    def fail(verb: str, problem: str) -> KindnessInputError:
        if subject:
            return KindnessInputError(f"{subject} {verb} {problem}")
        return KindnessInputError(problem if verb == "is" else f"{verb} {problem}")

    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                at = exc.start + len(bom)
                if label == "UTF-8":
                    raise fail("is", f"not UTF-8 text (byte {at}): save it as UTF-8") from None
                raise fail(
                    "is",
                    f"not valid {label} text (byte {at}) although it starts with a {label} "
                    "byte order mark: save it as UTF-8",
                ) from None
    if b"\x00" in data:
        if order := _utf16_order(data):
            raise fail(
                "is",
                f"UTF-16 text without a byte order mark, not UTF-8: convert it, e.g. "
                f"iconv -f UTF-16{order} -t UTF-8 FILE > NEW-FILE",
            )
        raise fail("contains", "NUL bytes: it looks like a binary file, not text; give UTF-8 text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise fail(
            "is",
            f"not UTF-8 text (byte {exc.start}): save it as UTF-8",
        ) from None


def _utf16_order(data: bytes) -> str | None:
    """ "LE" or "BE" if ``data`` looks like mostly-ASCII UTF-16 without a mark."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    for order, zeros, text in (("LE", odd, even), ("BE", even, odd)):
        if zeros.count(0) >= len(zeros) * 0.9 and text.count(0) == 0:
            return order
    return None
