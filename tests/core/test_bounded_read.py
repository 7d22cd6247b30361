"""Every input is read through one bounded reader and decoded as the text it is.

:func:`kindness_core.textfile.read_limited` (shared by ``kindness`` and the
plugin's ``manage.py kindness_import``) never reads more than the limit plus
one byte, whatever the input: a regular file, a device whose size is 0
(``/dev/zero``, ``/dev/urandom``), a pipe fed more than the limit, standard
input, a file that grows while it is read.  :func:`~kindness_core.textfile.decode_text`
reads UTF-8 (with or without a byte order mark) and UTF-16/UTF-32 with a
byte order mark, and refuses the rest in one line saying how to convert it.
"""

from __future__ import annotations

import io
import json
import os
import threading
from pathlib import Path

import pytest

from kindness_core import textfile
from kindness_core.cli import main
from kindness_core.errors import ArchiveFormatError, KindnessInputError, SchemaError
from kindness_core.formats.jsonio import MAX_DOCUMENT_BYTES, dumps, load_document
from kindness_core.importing.importer import import_archive
from kindness_core.importing.page import MAX_ARCHIVE_BYTES
from kindness_core.textfile import decode_text, read_limited

LIMIT = 1000
DEVICES = [Path("/dev/zero"), Path("/dev/urandom")]


def device(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} does not exist here")
    return path


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def feed(path: Path, data: bytes) -> threading.Thread:
    """Write ``data`` into the pipe ``path`` from another thread (the reader may stop early)."""

    def write() -> None:
        try:
            with path.open("wb") as pipe:
                for start in range(0, len(data), 65536):
                    pipe.write(data[start : start + 65536])
        except BrokenPipeError:  # the reader had enough
            pass

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


def one_line_error(capsysbinary: pytest.CaptureFixture[bytes], status: int, *fragments: str):
    out, err = capsysbinary.readouterr()
    text = err.decode()
    assert status == 2, text
    assert out == b""
    assert text.startswith("kindness: error: ")
    assert text.count("\n") == 1, text
    assert "Traceback" not in text
    for fragment in fragments:
        assert fragment in text, text


# -- the reader -------------------------------------------------------------------------


@pytest.mark.parametrize("size", [0, 1, LIMIT - 1, LIMIT])
def test_a_file_up_to_the_limit_is_read_whole(tmp_path: Path, size: int) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(b"x" * size)
    assert read_limited(str(path), limit=LIMIT, what="a file") == b"x" * size


@pytest.mark.parametrize("size", [LIMIT + 1, 10 * LIMIT])
def test_a_larger_file_is_refused_by_its_size(tmp_path: Path, size: int) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(b"x" * size)
    with pytest.raises(KindnessInputError, match=f"is {size:,} bytes, more than the limit of"):
        read_limited(str(path), limit=LIMIT, what="a file")


@pytest.mark.parametrize("path", DEVICES, ids=str)
def test_a_device_that_never_ends_is_refused_after_the_limit(path: Path) -> None:
    with pytest.raises(KindnessInputError, match="more than the limit of 1,000 bytes") as caught:
        read_limited(str(device(path)), limit=LIMIT, what="a file", error=ArchiveFormatError)
    assert isinstance(caught.value, ArchiveFormatError)
    assert "not a regular file" in str(caught.value)


def test_a_device_with_nothing_in_it_is_empty() -> None:
    assert read_limited(str(device(Path("/dev/null"))), limit=LIMIT, what="a file") == b""


@pytest.mark.parametrize("size", [LIMIT + 1, 50 * LIMIT, 5 * textfile.CHUNK_BYTES])
def test_a_pipe_fed_more_than_the_limit_is_refused(fifo: Path, size: int) -> None:
    writer = feed(fifo, b"y" * size)
    with pytest.raises(KindnessInputError, match="more than the limit of 1,000 bytes"):
        read_limited(str(fifo), limit=LIMIT, what="a file")
    writer.join(timeout=30)
    assert not writer.is_alive()


def test_a_pipe_fed_less_than_the_limit_is_read_whole(fifo: Path) -> None:
    writer = feed(fifo, b"z" * LIMIT)
    assert read_limited(str(fifo), limit=LIMIT, what="a file") == b"z" * LIMIT
    writer.join(timeout=30)


@pytest.mark.parametrize(("size", "ok"), [(LIMIT, True), (LIMIT + 1, False), (10**6, False)])
def test_standard_input_is_bounded_too(size: int, ok: bool) -> None:
    stream = io.BytesIO(b"s" * size)
    if ok:
        assert read_limited("-", limit=LIMIT, what="a file", stdin=stream) == b"s" * size
        return
    with pytest.raises(KindnessInputError, match="standard input gives more than the limit"):
        read_limited("-", limit=LIMIT, what="a file", stdin=stream)
    assert stream.tell() <= LIMIT + 1  # no more was read


def test_a_file_that_grows_after_its_size_was_checked_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "growing.txt"
    path.write_bytes(b"g" * 10)
    real_fstat = os.fstat

    def fstat_then_grow(fd: int) -> os.stat_result:
        found = real_fstat(fd)  # 10 bytes: under the limit
        with path.open("ab") as more:
            more.write(b"g" * (5 * LIMIT))
        return found

    monkeypatch.setattr(textfile.os, "fstat", fstat_then_grow)
    with pytest.raises(KindnessInputError, match="is more than the limit of 1,000 bytes") as caught:
        read_limited(str(path), limit=LIMIT, what="a file")
    assert "not a regular file" not in str(caught.value)


def test_a_file_whose_size_is_zero_but_which_holds_text(tmp_path: Path) -> None:
    proc = Path("/proc/self/status")
    if not proc.exists():
        pytest.skip("no /proc here")
    assert proc.stat().st_size == 0
    with pytest.raises(KindnessInputError, match="more than the limit of 10 bytes"):
        read_limited(str(proc), limit=10, what="a file")


@pytest.mark.parametrize(
    ("name", "fragment"),
    [("missing.txt", "no such file"), ("folder", "is a folder: give a file")],
)
def test_missing_files_and_folders(tmp_path: Path, name: str, fragment: str) -> None:
    (tmp_path / "folder").mkdir()
    with pytest.raises(KindnessInputError, match=fragment):
        read_limited(str(tmp_path / name), limit=LIMIT, what="a file")


# -- the command line reads through it --------------------------------------------------


@pytest.mark.parametrize("path", DEVICES, ids=str)
@pytest.mark.parametrize(
    ("command", "limit"), [("import", MAX_ARCHIVE_BYTES), ("ics", MAX_DOCUMENT_BYTES)]
)
def test_the_command_line_refuses_endless_devices(
    capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path, path: Path, command: str,
    limit: int,
) -> None:  # fmt: skip
    output = tmp_path / "out"
    output.write_bytes(b"old")
    status = main([command, str(device(path)), "-o", str(output)])
    one_line_error(capsysbinary, status, f"more than the limit of {limit:,} bytes")
    assert output.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_the_command_line_refuses_a_pipe_fed_more_than_the_limit(
    capsysbinary: pytest.CaptureFixture[bytes], fifo: Path
) -> None:
    writer = feed(fifo, b"March 2024 - Title\n" * (MAX_ARCHIVE_BYTES // 19 + 10))
    status = main(["import", str(fifo)])
    one_line_error(capsysbinary, status, "more than the limit of 5,000,000 bytes")
    writer.join(timeout=30)


def test_the_command_line_reads_a_pipe(
    capsysbinary: pytest.CaptureFixture[bytes], fifo: Path, seed_text: str
) -> None:
    writer = feed(fifo, seed_text.encode())
    status = main(["import", str(fifo), "--now", "2024-03-01"])
    out, _ = capsysbinary.readouterr()
    writer.join(timeout=30)
    assert status == 0
    assert len(out.decode().splitlines()) == 19


@pytest.mark.parametrize(("command", "limit"), [("import", MAX_ARCHIVE_BYTES), ("ics", 10**6)])
def test_the_command_line_refuses_too_much_standard_input(
    capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch, command: str,
    limit: int,
) -> None:  # fmt: skip
    from kindness_core.cli import ics_command

    monkeypatch.setattr(ics_command, "MAX_DOCUMENT_BYTES", 10**6)  # keep the test small
    stream = io.BytesIO(b"\x00" * (limit + 10))
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(stream))
    status = main([command, "-"])
    one_line_error(capsysbinary, status, "standard input gives more than the limit")
    assert stream.tell() <= limit + 1


# -- decoding ---------------------------------------------------------------------------

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom",
             "utf-32", "utf-32-le-bom", "utf-32-be-bom"]  # fmt: skip
TEXT = "March 2024 – Café, naïve “quotes” and 😊\n"


def encode(text: str, encoding: str) -> bytes:
    """``text`` in ``encoding``; ``…-bom`` names add the byte order mark explicitly."""
    if encoding.endswith("-bom"):
        codec = encoding.removesuffix("-bom")
        return "\ufeff".encode(codec) + text.encode(codec)
    return text.encode(encoding)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_utf8_and_unicode_with_a_byte_order_mark_are_read(encoding: str) -> None:
    assert decode_text(encode(TEXT, encoding)) == TEXT


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_the_archive_and_the_document_are_read_in_each_encoding(
    seed_text: str, encoding: str
) -> None:
    expected = import_archive(seed_text)
    assert import_archive(encode(seed_text, encoding)) == expected
    document = dumps(expected)
    assert load_document(encode(document, encoding)) == load_document(document)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_the_command_line_reads_each_encoding(
    capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path, seed_text: str, encoding: str
) -> None:
    plain, encoded = tmp_path / "plain.txt", tmp_path / "encoded.txt"
    plain.write_bytes(seed_text.encode())
    encoded.write_bytes(encode(seed_text, encoding))
    outputs = []
    for path in (plain, encoded):
        assert main(["import", str(path), "--json", "--now", "2024-03-01"]) == 0
        outputs.append(capsysbinary.readouterr().out)
    assert outputs[0] == outputs[1]
    document = tmp_path / "doc.json"
    document.write_bytes(encode(outputs[0].decode(), encoding))
    assert main(["ics", str(document), "--now", "2024-03-01T00:00:00Z"]) == 0
    assert capsysbinary.readouterr().out.startswith(b"BEGIN:VCALENDAR\r\n")


@pytest.mark.parametrize("order", ["LE", "BE"])
def test_utf16_without_a_byte_order_mark_says_how_to_convert_it(
    capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path, seed_text: str, order: str
) -> None:
    data = seed_text.encode(f"utf-16-{order.lower()}")
    hint = f"iconv -f UTF-16{order} -t UTF-8"
    with pytest.raises(ArchiveFormatError, match=f"UTF-16 text without a byte order mark.*{hint}"):
        import_archive(data)
    with pytest.raises(SchemaError, match=f"^document: UTF-16 text without.*{hint}"):
        load_document(json.dumps({"version": 1}).encode(f"utf-16-{order.lower()}"))
    path = tmp_path / "utf16.txt"
    path.write_bytes(data)
    one_line_error(capsysbinary, main(["import", str(path)]), hint)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"\xff\xfe" + "March".encode("utf-16-le") + b"\x00", "not valid UTF-16 text (byte 12)"),
        (b"\xfe\xff\xd8\x00\x00A", "not valid UTF-16 text"),  # a lone surrogate
        (b"\xff\xfe\x00\x00" + b"\x00\x00\x11\x00", "not valid UTF-32 text"),  # past U+10FFFF
        (b"\xef\xbb\xbfMarch \xff", "not UTF-8 text (byte 9)"),
        (bytes(range(256)), "contains NUL bytes: it looks like a binary file"),
        ("March 2024 café".encode("latin-1"), "not UTF-8 text (byte 14)"),
    ],
)
def test_text_that_is_none_of_these_is_refused_in_one_line(data: bytes, fragment: str) -> None:
    with pytest.raises(ArchiveFormatError) as caught:
        import_archive(data)
    assert fragment in str(caught.value)
    assert str(caught.value).startswith("the archive ")
    with pytest.raises(SchemaError) as json_error:
        load_document(data)
    assert fragment.split(":")[0] in str(json_error.value)
    assert "\n" not in str(caught.value) + str(json_error.value)
