"""The strict readers behind kindness_core.formats.jsonio, called directly."""

from __future__ import annotations

import datetime as dt

import pytest

from kindness_core import Person, Role, Schedule, SchemaError, Skip
from kindness_core.formats.jsonread import parse_json, read_person, read_schedule


def test_paths_are_prefixed() -> None:
    with pytest.raises(SchemaError) as info:
        read_person({"name": "Ann Lee", "role": 3}, "conversations[1].people[2]")
    assert info.value.path == "conversations[1].people[2].role"
    assert read_person({"name": "Ann Lee", "role": "host"}, "x") == Person(
        name="Ann Lee", role=Role.HOST
    )


def test_rule_text_alone_carries_its_exceptions() -> None:
    schedule = read_schedule(
        {
            "rrule": "RRULE:FREQ=MONTHLY;BYDAY=3TH\n"
            "EXDATE;TZID=Europe/London:20240118T180000\n"
            "RDATE;TZID=Europe/London:20240301T120000"
        },
        "schedule",
    )
    assert schedule == Schedule(
        skips=(Skip(date=dt.date(2024, 1, 18)),), extras=(dt.datetime(2024, 3, 1, 12, 0),)
    )


def test_parse_json() -> None:
    assert parse_json('{"a": [1, "‘x’"]}') == {"a": [1, "‘x’"]}
    assert parse_json(b'\xef\xbb\xbf{"a": 1}') == {"a": 1}  # a byte order mark is allowed
    with pytest.raises(SchemaError, match="document: not valid JSON"):
        parse_json("{'a': 1}")
