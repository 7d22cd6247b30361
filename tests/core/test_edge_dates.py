"""Dates at the edges of what can be represented: refused in one line, never a traceback.

A conversation's start, end and previous start must fall in the years
1900-2999 (:data:`kindness_core.series.CONVERSATION_YEARS`, the plugin's
range too); the JSON reader says which field is out of range.  ``kindness
ics --until`` takes the years of a rule's ``UNTIL`` (1900-9000), and
``--now`` any moment that is a date in UTC.  Before this, a conversation on
``9999-12-31T23:00:00+00:00`` or ``0001-01-02T00:00:00+00:00`` crashed
``kindness ics`` with an ``OverflowError``.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from kindness_core.cli import main
from kindness_core.errors import KindnessInputError, SchemaError
from kindness_core.formats.ical import to_ics
from kindness_core.formats.jsonio import dumps, load_document
from kindness_core.importing.importer import import_archive
from kindness_core.series import CONVERSATION_YEARS, Conversation

NOW = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
KEY = "conversations-for-kindness/2024-02"


@pytest.fixture(scope="module")
def document(seed_path: Path) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(dumps(import_archive(seed_path.read_bytes(), now=NOW)))
    found["warnings"] = []
    return found


def changed(document: dict[str, Any], **fields: object) -> dict[str, Any]:
    """The document with fields of its first conversation set (None: removed)."""
    out = copy.deepcopy(document)
    first = out["conversations"][0]
    for name, value in fields.items():
        if value is None:
            first.pop(name, None)
        else:
            first[name] = value
    return out


def ics(tmp_path: Path, capsysbinary, doc: dict[str, Any], *options: str) -> tuple[int, bytes, str]:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    status = main(["ics", str(path), *options])
    out, err = capsysbinary.readouterr()
    return status, out, err.decode()


def assert_one_line(status: int, out: bytes, err: str, fragment: str) -> None:
    assert status == 2, err
    assert out == b""
    assert err.startswith("kindness: error: ")
    assert err.count("\n") == 1, err
    assert fragment in err, err


# -- conversation dates ------------------------------------------------------------------

OUT_OF_RANGE = [
    ("start", "9999-12-31T23:00:00+00:00"),
    ("start", "9999-12-31T23:59:59-12:00"),  # after 9999 in UTC
    ("start", "0001-01-02T00:00:00+00:00"),
    ("start", "0001-01-01T00:00:00+14:00"),  # before year 1 in UTC
    ("start", "1899-12-31T23:00:00+00:00"),
    ("start", "3000-01-01T00:00:00+00:00"),
    ("start", "2999-12-31T23:30:00-12:00"),  # 3000 in the series' zone
    ("end", "9999-12-31T23:59:59+00:00"),
    ("end", "3000-01-01T00:30:00+00:00"),
    ("previous_start", "0001-01-01T18:00:00+00:00"),
    ("previous_start", "1066-10-14T09:00:00+00:00"),
]
IN_RANGE = [
    {"start": "1900-01-01T00:00:00+00:00", "end": None},
    {"start": "1899-12-31T23:30:00-01:00", "end": None},  # 1900 in London
    {"start": "2999-12-31T23:30:00+00:00", "end": None},  # ends in 3000: computed, not stored
    {"start": "2999-12-31T18:00:00+00:00", "end": "2999-12-31T23:59:59+00:00"},
    {"start": "2024-02-15T18:00:00+00:00", "previous_start": "1900-01-01T18:00:00+00:00"},
]


@pytest.mark.parametrize(("field", "value"), OUT_OF_RANGE)
def test_the_reader_refuses_dates_out_of_range_naming_the_field(
    document: dict[str, Any], field: str, value: str
) -> None:
    doc = changed(document, **{field: value})
    if field != "start":
        doc["conversations"][0]["start"] = "2999-12-31T18:00:00+00:00"
    with pytest.raises(SchemaError) as caught:
        load_document(json.dumps(doc))
    assert str(caught.value) == (
        f"conversations[0].{field}: out of range: give a date between 1900 and 2999"
    )


@pytest.mark.parametrize(("field", "value"), OUT_OF_RANGE)
@pytest.mark.parametrize("options", [(), ("--conversation", KEY), ("--until", "2030-01-01")])
def test_kindness_ics_refuses_them_in_one_line(
    document: dict[str, Any], tmp_path: Path, capsysbinary, field: str, value: str,
    options: tuple[str, ...],
) -> None:  # fmt: skip
    doc = changed(document, **{field: value})
    if field != "start":
        doc["conversations"][0]["start"] = "2999-12-31T18:00:00+00:00"
    status, out, err = ics(tmp_path, capsysbinary, doc, "--now", "2024-03-01", *options)
    assert_one_line(status, out, err, f"conversations[0].{field}: out of range")


@pytest.mark.parametrize("fields", IN_RANGE)
@pytest.mark.parametrize("options", [(), ("--conversation", KEY), ("--until", "2999-12-31")])
def test_the_first_and_last_years_are_written(
    document: dict[str, Any], tmp_path: Path, capsysbinary, fields: dict[str, str | None],
    options: tuple[str, ...],
) -> None:  # fmt: skip
    doc = changed(document, **fields)
    status, out, err = ics(tmp_path, capsysbinary, doc, "--now", "2024-03-01", *options)
    assert status == 0, err
    assert out.startswith(b"BEGIN:VCALENDAR\r\n")
    assert out.endswith(b"END:VCALENDAR\r\n")


@pytest.mark.parametrize(
    "start",
    [dt.datetime(1899, 12, 31, 23, tzinfo=dt.UTC), dt.datetime(3000, 1, 1, tzinfo=dt.UTC),
     dt.datetime(9999, 12, 31, 23, tzinfo=dt.UTC), dt.datetime(1, 1, 2, tzinfo=dt.UTC)],
)  # fmt: skip
def test_the_conversation_itself_refuses_them(start: dt.datetime) -> None:
    with pytest.raises(KindnessInputError, match="out of range: give a date between 1900 and"):
        Conversation(key="k/1", start=start)
    good = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    with pytest.raises(KindnessInputError, match=r"conversation end .* out of range"):
        Conversation(key="k/1", start=good, end=start)
    with pytest.raises(KindnessInputError, match=r"previous_start .* out of range"):
        Conversation(key="k/1", start=good, previous_start=start)


def test_the_range_is_the_plugins() -> None:
    assert CONVERSATION_YEARS == (1900, 2999)


# -- the schedule's own edges ------------------------------------------------------------


def with_schedule(document: dict[str, Any], **fields: object) -> dict[str, Any]:
    out = copy.deepcopy(document)
    out["series"]["schedule"].update(fields)
    return out


@pytest.mark.parametrize(
    ("fields", "ok"),
    [
        ({"rrule": "DTSTART;TZID=Europe/London:20000120T180000\n"
                   "RRULE:FREQ=MONTHLY;BYDAY=3TH;UNTIL=90001231T235959Z"}, True),
        ({"rrule": "DTSTART;TZID=Europe/London:20000120T180000\n"
                   "RRULE:FREQ=MONTHLY;BYDAY=3TH;UNTIL=90011231T235959Z"}, False),
        ({"extras": ["9990-12-31T23:59:00"]}, True),
        ({"extras": ["9991-01-01T18:00:00"]}, False),
        ({"extras": ["1900-01-01T00:00:00"]}, True),
        ({"extras": ["1899-12-31T18:00:00"]}, False),
        ({"start": "2999-12-30", "rrule": "FREQ=WEEKLY;BYDAY=MO"}, True),
        ({"start": "3000-01-06", "rrule": "FREQ=WEEKLY;BYDAY=MO"}, False),
        ({"start": "1900-01-01", "rrule": "FREQ=DAILY", "time": "00:00"}, True),
        ({"timezone": "Pacific/Kiritimati", "start": "1900-01-01", "time": "00:00",
          "rrule": "DTSTART;TZID=Pacific/Kiritimati:19000101T000000\nRRULE:FREQ=DAILY"}, True),
        ({"duration": "P1D"}, True),
    ],
)  # fmt: skip
@pytest.mark.parametrize(
    "options",
    [("--now", "2024-03-01"), ("--now", "2024-03-01", "--until", "2999-12-31"),
     ("--now", "2024-03-01", "--conversation", KEY)],
)  # fmt: skip
def test_rules_and_extras_near_the_edges(
    document: dict[str, Any], tmp_path: Path, capsysbinary, fields: dict[str, object], ok: bool,
    options: tuple[str, ...],
) -> None:  # fmt: skip
    status, out, err = ics(tmp_path, capsysbinary, with_schedule(document, **fields), *options)
    if ok:
        assert status == 0, err
        assert out.endswith(b"END:VCALENDAR\r\n")
    else:
        assert_one_line(status, out, err, "series.schedule")


# -- options of kindness ics -------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        (("--until", "9999-12-31"), "until 9999-12-31 is out of range"),
        (("--until", "9001-01-01"), "between 1900 and 9000"),
        (("--until", "0001-01-01"), "until 0001-01-01 is out of range"),
        (("--until", "1899-12-31"), "between 1900 and 9000"),
        (("--now", "9999-12-31T23:00:00-05:00"), "is out of range"),
        (("--now", "0001-01-01T00:00:00+01:00"), "is out of range"),
    ],
)
def test_options_past_the_edges_are_refused_in_one_line(
    document: dict[str, Any], tmp_path: Path, capsysbinary, options: tuple[str, ...],
    fragment: str,
) -> None:  # fmt: skip
    if "--now" not in options:
        options = (*options, "--now", "2024-03-01")
    status, out, err = ics(tmp_path, capsysbinary, document, *options)
    assert_one_line(status, out, err, fragment)


@pytest.mark.parametrize(
    "options",
    [("--until", "1900-01-01", "--now", "2024-03-01"),
     ("--until", "2999-12-31", "--now", "2024-03-01"),
     ("--now", "9999-12-31T23:59:59+00:00"), ("--now", "0001-01-01T00:00:00+00:00")],
)  # fmt: skip
def test_options_at_the_edges_are_written(
    document: dict[str, Any], tmp_path: Path, capsysbinary, options: tuple[str, ...]
) -> None:
    status, out, err = ics(tmp_path, capsysbinary, document, *options)
    assert status == 0, err
    assert out.endswith(b"END:VCALENDAR\r\n")


def test_the_library_refuses_the_same_options(document: dict[str, Any]) -> None:
    archive, _ = load_document(json.dumps(document))
    with pytest.raises(KindnessInputError, match="until 9999-12-31 is out of range"):
        to_ics(archive, now=NOW, until=dt.date(9999, 12, 31))
    late = dt.datetime(9999, 12, 31, 23, tzinfo=ZoneInfo("America/New_York"))
    with pytest.raises(KindnessInputError, match="now 9999-12-31T23:00:00-05:00 is out of"):
        to_ics(archive, now=late)
