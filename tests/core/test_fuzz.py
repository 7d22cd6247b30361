"""Fuzzing the three readers of outside input: archive text, JSON documents, schedules.

Property: each reader either returns a value or raises an error of the
:mod:`kindness_core.errors` hierarchy (:class:`KindnessError`), never any
other exception, and each call stays bounded (Hypothesis ``deadline``).
What a value is used for next (describing a schedule, listing its meetings,
writing a document back) is run too, under the same property.

The runs are derandomized so that CI sees the same examples every time;
every bug these tests found has a case in ``test_hostile_inputs.py``.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kindness_core.errors import KindnessError
from kindness_core.formats.jsonio import dumps, from_json, load_document
from kindness_core.importing.importer import import_archive
from kindness_core.schedule.description import describe, schedule_warnings
from kindness_core.schedule.phrases import parse_schedule
from kindness_core.schedule.recurrence import Schedule
from kindness_core.series import Conversation, Person, Resource, Series

NOW = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
AFTER = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)

#: Same examples on every run; 2 s per example is far above the normal few
#: milliseconds even on a loaded machine, and far below a hang.
FUZZ = settings(max_examples=150, deadline=dt.timedelta(seconds=2), derandomize=True,
                database=None)  # fmt: skip
#: The seed-based strategies draw from a 10 kB text or a 20 kB document:
#: generating them is slower than Hypothesis expects of small values.
#: Schedules are cheap to read and expand: twice as many examples.
FUZZ_RULES = settings(FUZZ, max_examples=300)
FUZZ_BIG = settings(FUZZ, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def survives(call: Any, *args: Any, **kwargs: Any) -> Any:
    """The value of ``call``, or None when it raised a kindness_core error."""
    try:
        return call(*args, **kwargs)
    except KindnessError:
        return None


# -- archive text ------------------------------------------------------------------------

MONTH_WORDS = ["January", "February", "March", "Smarch", "Sept", "december", "MAY"]
LINE_PARTS = st.sampled_from(
    [*MONTH_WORDS, "2023", "2024", "1999", "20234", "–", "—", "-", ":", "with", "Dr", "Prof",
     "and", ",", "Recording", "Slides", "Summary to follow", "https://x.org/a", "\t", " ",
     "\u00a0", "\ufeff", "\u200b", "é", "“", "”", "(", ")", "Judy Rees", "NHS"]
)  # fmt: skip
archive_lines = st.lists(LINE_PARTS, max_size=12).map(" ".join)
archive_texts = st.lists(archive_lines | st.text(max_size=40), max_size=30).map("\n".join)


@FUZZ
@given(text=archive_texts)
def test_importer_on_archive_like_text(text: str) -> None:
    result = survives(import_archive, text, now=NOW)
    if result is not None:
        assert result.conversations
        json.loads(dumps(result))


@FUZZ
@given(data=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_importer_on_arbitrary_bytes(data: bytes) -> None:
    survives(import_archive, data, now=NOW)


@st.composite
def seed_mutations(draw: st.DrawFn, seed: str) -> str:
    """The seed text with a few slices deleted, repeated, replaced or moved."""
    text = seed
    for _ in range(draw(st.integers(1, 4))):
        size = len(text)
        start = draw(st.integers(0, size))
        end = draw(st.integers(start, min(size, start + 400)))
        action = draw(st.sampled_from(["delete", "repeat", "replace", "insert", "swap"]))
        if action == "delete":
            text = text[:start] + text[end:]
        elif action == "repeat":
            text = text[:end] + text[start:end] + text[end:]
        elif action == "replace":
            text = text[:start] + draw(archive_lines | st.text(max_size=20)) + text[end:]
        elif action == "insert":
            text = text[:start] + "\n" + draw(archive_lines) + "\n" + text[start:]
        else:
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


@FUZZ_BIG
@given(data=st.data())
def test_importer_on_mutated_seed(seed_text: str, data: st.DataObject) -> None:
    text = data.draw(seed_mutations(seed_text))
    result = survives(import_archive, text, now=NOW)
    if result is not None:
        survives(load_document, dumps(result))


# -- JSON documents ----------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=4),
    max_leaves=20,
)  # fmt: skip


@FUZZ
@given(value=json_values)
def test_json_loader_on_arbitrary_values(value: object) -> None:
    survives(load_document, value)
    survives(load_document, json.dumps(value))
    for model in (Schedule, Person, Resource, Conversation, Series):
        survives(from_json, model, value)


@FUZZ
@given(data=st.binary(max_size=300) | st.text(max_size=300))
def test_json_loader_on_arbitrary_text(data: bytes | str) -> None:
    survives(load_document, data)


@pytest.fixture(scope="module")
def valid_document(seed_text: str) -> dict[str, Any]:
    result = import_archive(seed_text, now=NOW)
    return json.loads(dumps(result))  # type: ignore[no-any-return]


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value[:3]):
            found += _paths(item, (*path, i))
    return found


FIELD_VALUES = st.sampled_from(
    [None, "", "2024-02-30", "2025-03-30T01:30:00", "9999-12-31T23:59:59-12:00",
     "0001-01-01T00:00:00+14:00", "FREQ=MONTHLY;BYDAY=9TH", "Mars/Olympus", "PT0S", "P1Y",
     "25:00", 10**20, -1, 1.5, True, [], {}, "held", "recording", "x" * 300]
) | json_values  # fmt: skip


@st.composite
def document_mutations(draw: st.DrawFn, document: dict[str, Any]) -> dict[str, Any]:
    """A valid document with a few fields replaced, removed or added."""
    doc = copy.deepcopy(document)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(doc)))
        if not path:
            continue
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(FIELD_VALUES)
        elif action == "remove":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=8))] = draw(FIELD_VALUES)
        else:
            parent.append(draw(FIELD_VALUES))
    return doc


@FUZZ_BIG
@given(data=st.data())
def test_json_loader_on_mutated_documents(valid_document: dict[str, Any],
                                          data: st.DataObject) -> None:  # fmt: skip
    doc = data.draw(document_mutations(valid_document))
    loaded = survives(load_document, doc)
    if loaded is not None:
        archive, _ = loaded
        assert load_document(dumps(archive))[0] == archive
    survives(load_document, json.dumps(doc).encode())


# -- schedules ---------------------------------------------------------------------------

# Mostly valid parts, so that many rules get through to be expanded, with
# the hostile values (9TH, COUNT=1000000000, year 9999, Mars/Olympus) mixed in.
# fmt: off
DAYS = st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"] * 3 + ["XX", ""])
ORDINALS = st.sampled_from(["", "", "", "1", "2", "3", "-1", "+2", "5", "9", "0", "-5", "53"])
NUMBERS = st.sampled_from(["1", "2", "3", "12", "15", "29", "30", "31", "-1", "-31", "0", "366",
                           "-366", "53", "1000", "10000", "1000000000", "x", ""])
LISTS = st.lists(NUMBERS, min_size=1, max_size=3).map(",".join)
STAMPS = st.sampled_from(["20000101T000000", "20250330T013000", "20251026T013000",
                          "20240118T180000", "20220721T180000", "20231231T090000",
                          "29991231T235959", "19000101T000000", "99991231T235959",
                          "00010101T000000", "20240229T180000", "20240230T180000", "2024"])
ZONES = st.sampled_from(["Europe/London"] * 6 + ["America/New_York", "Pacific/Kiritimati",
                         "Pacific/Apia", "Asia/Kathmandu", "UTC", "Etc/GMT+12"] * 2
                        + ["Mars/Olympus", "europe/london", ""])
FREQ = st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"] * 4
                       + ["HOURLY", "SECONDLY", "FORTNIGHTLY", ""]).map(lambda v: f"FREQ={v}")
OTHER_PARTS = st.one_of(
    st.lists(st.tuples(ORDINALS, DAYS).map("".join), min_size=1, max_size=3).map(
        lambda days: "BYDAY=" + ",".join(days)
    ),
    st.tuples(
        st.sampled_from(["INTERVAL", "COUNT", "BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO",
                         "BYSETPOS", "BYHOUR", "X-NAME", "freq", ""]),
        LISTS,
    ).map("=".join),
    st.tuples(STAMPS, st.sampled_from(["Z", "Z", ""])).map(lambda s: f"UNTIL={s[0]}{s[1]}"),
    DAYS.map(lambda d: f"WKST={d}"),
)
# fmt: on


@st.composite
def rrules(draw: st.DrawFn) -> str:
    """FREQ (first, mostly; sometimes elsewhere or missing) and up to four other parts."""
    name = lambda part: part.split("=")[0]  # noqa: E731
    parts = draw(st.lists(OTHER_PARTS, max_size=4, unique_by=name))
    freq = draw(st.one_of(FREQ, FREQ, FREQ, st.just("")))
    if freq:
        parts.insert(draw(st.integers(0, len(parts))) if draw(st.booleans()) else 0, freq)
    return ";".join(parts)


@st.composite
def rfc5545_texts(draw: st.DrawFn) -> str:
    """A rule, with DTSTART, EXDATE and RDATE lines mostly in one zone, in any order."""
    zone = draw(ZONES)
    lines = []
    if draw(st.integers(0, 3)):
        lines.append(f"DTSTART;TZID={zone}:{draw(STAMPS)}")
    rule = draw(rrules())
    lines.append(f"RRULE:{rule}" if draw(st.booleans()) else rule)
    for line in ("EXDATE", "RDATE"):
        if not draw(st.integers(0, 2)):
            other = zone if draw(st.integers(0, 4)) else draw(ZONES)
            lines.append(f"{line};TZID={other}:{draw(STAMPS)}")
    return "\n".join(draw(st.permutations(lines)))


def exercise(schedule: Schedule) -> None:
    """What the command line does with a schedule it read."""
    describe(schedule)
    schedule_warnings(schedule)
    schedule.to_rfc5545()
    found = schedule.upcoming(after=AFTER, count=5)
    schedule.upcoming(after=dt.datetime(1900, 1, 1, tzinfo=dt.UTC), count=3)
    assert found == tuple(sorted(found, key=lambda o: o.utc))
    again = parse_schedule(schedule.to_rfc5545(), duration=schedule.duration)
    assert again.rule == schedule.rule


@FUZZ_RULES
@given(text=rfc5545_texts())
def test_rule_parser_on_rrule_like_text(text: str) -> None:
    schedule = survives(parse_schedule, text)
    if schedule is not None:
        exercise(schedule)


PHRASE_WORDS = st.sampled_from(
    ["every", "each", "other", "second", "third", "last", "first", "fifth", "2nd", "Monday",
     "Thursdays", "weekday", "working day", "day", "of", "the", "month", "and", ",", "&", "or",
     "at", "6pm", "18:00", "25:00", "13pm", "noon", "1:30am", "UK time", "Europe/Paris",
     "Mars/Olympus", "EST", "UTC", "starting", "from", "until", "2024-01-10", "2025-03-30",
     "9999-12-31", "0001-01-01", "31 February 2024", "for", "90 minutes", "an hour",
     "99999999999999999999 hours", "0 hours", "5 times", "99999 times", "except", "August",
     "but not", "fortnightly", "on", "weekly", "daily", "15th", "day of the month", "FREQ="]
)  # fmt: skip
PHRASE_PARTS = (
    st.sampled_from(
        [
            "every",
            "each",
            "every other",
            "first",
            "third",
            "last",
            "2nd and 4th",
            "second-to-last",
            "every second",
            "",
        ]
    ),
    st.sampled_from(["Monday", "Thursday", "Fridays", "weekday", "working day", "day", ""]),
    st.sampled_from(["of the month", "of every month", "of each month", ""]),
    st.sampled_from(["at 6pm", "at 18:00", "at 1:30am", "at 9.30am", "at noon", "at 25:00", ""]),
    st.sampled_from(["UK time", "Europe/Paris", "America/New_York", "Mars/Olympus", "EST", ""]),
    st.sampled_from(
        [
            "starting 2024-01-10",
            "from 10 January 2024",
            "until 2030-12-31",
            "until 9999-12-31",
            "5 times",
            "99999 times",
            "for 90 minutes",
            "for 99999999999999999999 hours",
            "except August",
            "",
        ]
    ),
)
phrases = st.one_of(
    st.tuples(*PHRASE_PARTS).map(" ".join),
    st.lists(PHRASE_WORDS | st.text(max_size=6), max_size=12).map(" ".join),
)


@FUZZ_RULES
@given(text=phrases)
def test_rule_parser_on_phrases(text: str) -> None:
    schedule = survives(parse_schedule, text)
    if schedule is not None:
        exercise(schedule)


@FUZZ_RULES
@given(text=st.text(max_size=200), zone=ZONES)
def test_rule_parser_on_arbitrary_text(text: str, zone: str) -> None:
    survives(parse_schedule, text, timezone=zone)
