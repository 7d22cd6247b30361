"""``manage.py kindness_import`` reads through the core's bounded reader.

Whatever FILE is (``/dev/zero``, ``/dev/urandom``, a pipe fed more than the
limit, standard input, a file that grows while it is read) the command
reads at most the limit plus one byte and answers one line (a
``CommandError``), writing nothing.  UTF-16 and UTF-32 files with a byte
order mark are read like UTF-8; UTF-16 without one gets a line saying how to
convert it.  Before this, ``kindness_import
/dev/zero`` grew until it was killed (its size check used ``st_size``,
which is 0 for devices and pipes).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page, PageLogEntry, Revision

from kindness_core import textfile
from wagtail_kindness.management.commands.kindness_import import MAX_BYTES
from wagtail_kindness.models import ConversationPage, Speaker

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def state() -> tuple:
    return (
        Page.objects.count(),
        Revision.objects.count(),
        ConversationPage.objects.count(),
        Speaker.objects.count(),
        PageLogEntry.objects.count(),
    )


def refused(*args: str, stdin: io.BytesIO | None = None) -> str:
    before = state()
    extra = {"stdin": stdin} if stdin is not None else {}
    with pytest.raises(CommandError) as caught:
        call_command("kindness_import", *args, stdout=io.StringIO(), stderr=io.StringIO(), **extra)
    message = str(caught.value)
    assert "\n" not in message
    assert state() == before
    return message


def imported(*args: str, stdin: io.BytesIO | None = None) -> str:
    out, err = io.StringIO(), io.StringIO()
    extra = {"stdin": stdin} if stdin is not None else {}
    call_command("kindness_import", *args, stdout=out, stderr=err, **extra)
    return out.getvalue()


def feed(path: Path, data: bytes) -> threading.Thread:
    def write() -> None:
        try:
            with path.open("wb") as pipe:
                for start in range(0, len(data), 1 << 20):
                    pipe.write(data[start : start + (1 << 20)])
        except BrokenPipeError:
            pass

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_an_endless_device_is_refused_in_one_line(device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device} here")
    message = refused(device)
    assert f"more than the limit of {MAX_BYTES:,} bytes" in message
    assert "not a regular file" in message


def test_a_pipe_fed_more_than_the_limit_is_refused(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    writer = feed(pipe, b"March 2024 - Title\n" * (MAX_BYTES // 19 + 10))
    assert "more than the limit" in refused(str(pipe))
    writer.join(timeout=60)


def test_a_pipe_is_read(tmp_path: Path, seed_text: str) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    writer = feed(pipe, seed_text.encode())
    assert "Conversations: 19 created" in imported(str(pipe))
    writer.join(timeout=60)


def test_a_file_that_grows_while_it_is_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "growing.txt"
    path.write_bytes(b"March 2024 - Title\n")
    real_fstat = os.fstat

    def fstat_then_grow(fd: int) -> os.stat_result:
        found = real_fstat(fd)
        with path.open("ab") as more:
            more.truncate(MAX_BYTES + 100)  # grows after its size was looked at
        return found

    monkeypatch.setattr(textfile.os, "fstat", fstat_then_grow)
    assert f"is more than the limit of {MAX_BYTES:,} bytes" in refused(str(path))


def test_standard_input(seed_text: str) -> None:
    assert "Conversations: 19 created" in imported("-", stdin=io.BytesIO(seed_text.encode()))


def test_too_much_standard_input_is_refused() -> None:
    stream = io.BytesIO(b"\x00" * (MAX_BYTES + 10))
    assert "standard input gives more than the limit" in refused("-", stdin=stream)
    assert stream.tell() <= MAX_BYTES + 1


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_text_and_json_with_a_byte_order_mark_are_imported(
    tmp_path: Path, seed_text: str, encoding: str
) -> None:
    def encoded(text: str) -> bytes:
        data = text.encode(encoding)
        if encoding.endswith("-be"):  # no mark is added for an explicit byte order
            data = "\ufeff".encode(encoding) + data
        return data

    path = tmp_path / "archive.txt"
    path.write_bytes(encoded(seed_text))
    assert "Conversations: 19 created" in imported(str(path))
    exported = io.StringIO()
    call_command("kindness_export", stdout=exported)
    document = tmp_path / "archive.json"
    document.write_bytes(encoded(exported.getvalue()))
    assert "Conversations: 0 created, 0 updated, 19 unchanged" in imported(str(document))


@pytest.mark.parametrize("order", ["LE", "BE"])
def test_utf16_without_a_byte_order_mark_says_how_to_convert_it(
    tmp_path: Path, seed_text: str, order: str
) -> None:
    path = tmp_path / "archive.txt"
    path.write_bytes(seed_text.encode(f"utf-16-{order.lower()}"))
    assert f"iconv -f UTF-16{order} -t UTF-8" in refused(str(path))


def test_the_real_command_refuses_dev_zero_without_a_traceback() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    script = (
        "import django, sys; django.setup(); "
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'kindness_import', '/dev/zero'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("CommandError: /dev/zero gives more than the limit")
