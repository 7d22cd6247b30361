"""``kindness ics FILE.json`` (kindness_core.cli.ics_command), run through cli.main."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from kindness_core.cli import main
from kindness_core.formats.jsonio import dumps
from kindness_core.importing.importer import import_archive

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def seed_json(seed_text: str, tmp_path: Path) -> Path:
    """The seed archive (the ``seed_text`` fixture) as a JSON document file."""
    result = import_archive(seed_text, now=dt.datetime(2024, 3, 1, tzinfo=dt.UTC))
    path = tmp_path / "seed.json"
    path.write_text(dumps(result), encoding="utf-8")
    return path


def run(capsysbinary: pytest.CaptureFixture[bytes], *argv: str) -> tuple[int, bytes, str]:
    code = main(list(argv))
    out, err = capsysbinary.readouterr()
    return code, out, err.decode()


def test_ics_of_the_seed(seed_json: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    code, out, err = run(capsysbinary, "ics", str(seed_json), "--now", "2024-03-01T12:00:00Z")
    assert code == 0
    assert out.startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"DTSTAMP:20240301T120000Z" in out
    # The document's warnings (April 2023, a likely duplicate name) go to stderr.
    assert "April 2023" in err
    assert all(line.startswith("warning: ") for line in err.splitlines())
    cal = icalendar.Calendar.from_ical(out)
    events = list(recurring_ical_events.of(cal).between((2022, 7, 1), (2027, 12, 31)))
    days = [e["DTSTART"].dt.date() for e in events]
    assert len(days) == len(set(days))
    assert dt.date(2023, 4, 20) not in days
    assert len([d for d in days if d <= dt.date(2024, 2, 29)]) == 19
    assert all(e["DTSTART"].dt.astimezone(LONDON).time() == dt.time(18) for e in events)


def test_until_and_one_conversation(
    seed_json: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    code, out, _ = run(
        capsysbinary, "ics", str(seed_json), "--until", "2024-12-31", "--now", "2024-03-01"
    )
    assert code == 0
    assert b"UNTIL=20241231T235959Z" in out
    code, out, _ = run(
        capsysbinary,
        "ics",
        str(seed_json),
        "--now",
        "2024-03-01",
        "--conversation",
        "conversations-for-kindness/2023-10",
    )
    assert code == 0
    (event,) = icalendar.Calendar.from_ical(out).walk("VEVENT")
    assert event["SUMMARY"] == "Conversations for Kindness: 36 months of conversations so far"
    assert event["UID"] == "conversations-for-kindness-2023-10@wagtail-kindness"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ics", "{missing}"], "no such file"),
        (["ics", "{bad}"], "not valid JSON"),
        (["ics", "{dir}"], "is a folder"),
        (["ics", "{seed}", "--until", "2024-13-01"], "--until"),
        (["ics", "{seed}", "--now", "yesterday"], "--now"),
        (["ics", "{seed}", "--conversation", "nope"], "no conversation 'nope'"),
        (["ics"], "the following arguments are required"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    seed_json: Path,
    tmp_path: Path,
    capsysbinary: pytest.CaptureFixture[bytes],
    argv: list[str],
    message: str,
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    names = {
        "missing": str(tmp_path / "missing.json"),
        "bad": str(bad),
        "dir": str(tmp_path),
        "seed": str(seed_json),
    }
    code, out, err = run(capsysbinary, *[a.format(**names) for a in argv])
    assert code == 2
    assert out == b""
    assert len(err.splitlines()) == 1, err
    assert err.startswith("kindness: error: ")
    assert message in err
    assert "Traceback" not in err
