"""The versioned JSON document: round trips, stable output, and clear errors."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kindness_core import (
    Archive,
    Conversation,
    Move,
    Person,
    Resource,
    ResourceKind,
    Role,
    Schedule,
    SchemaError,
    Series,
    Skip,
    Status,
)
from kindness_core.formats.jsonio import (
    FORMAT_VERSION,
    document,
    dumps,
    from_json,
    load_document,
    loads,
    to_json,
)
from kindness_core.importing.importer import import_archive
from kindness_core.importing.result import ArchiveWarning, ImportResult

LONDON = ZoneInfo("Europe/London")
ZONES = ["Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "UTC"]

# -- strategies -------------------------------------------------------------------------

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
words = text.filter(lambda s: s.strip() != "")
maybe_words = st.none() | words
urls = st.none() | st.from_regex(r"https://example\.org/[a-z0-9/]{0,12}", fullmatch=True)
slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
whole_seconds = st.times().map(lambda t: t.replace(microsecond=0))
noon_days = st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31))

people = st.builds(Person, name=words, role=st.sampled_from(Role), honorific=maybe_words,
                   job_title=maybe_words, organisation=maybe_words)  # fmt: skip
resources = st.builds(
    Resource,
    kind=st.sampled_from(ResourceKind),
    title=words,
    url=urls,
    media_type=st.none() | st.sampled_from(["application/pdf", "video/mp4"]),
    size=st.none() | st.integers(0, 10**12),
)


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    rule = draw(st.sampled_from([
        "FREQ=MONTHLY;BYDAY=3TH", "FREQ=MONTHLY;BYDAY=-1TU", "FREQ=WEEKLY;BYDAY=MO,WE",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", "FREQ=MONTHLY;BYMONTHDAY=15", "FREQ=DAILY",
        "FREQ=MONTHLY;BYDAY=1FR;COUNT=12",
    ]))  # fmt: skip
    needs_start = "INTERVAL" in rule or "COUNT" in rule
    base = Schedule(
        rule=rule,
        time=draw(st.sampled_from([dt.time(18, 0), dt.time(9, 30), dt.time(12, 0, 15)])),
        timezone=draw(st.sampled_from(ZONES)),
        start=draw(noon_days if needs_start else st.none() | noon_days),
        duration=dt.timedelta(minutes=draw(st.integers(1, 24 * 60))),
    )
    # Exceptions must fall on dates of the rule, each date once.
    since = base.dtstart if base.start else dt.datetime(2024, 1, 1, tzinfo=base.zone)
    days = [o.scheduled_date for o in base.between(since, since + dt.timedelta(days=400))]
    chosen = draw(st.lists(st.sampled_from(days), max_size=4, unique=True))
    split = draw(st.integers(0, len(chosen)))
    noon = dt.time(12, 0)  # never a meeting time of these rules
    return Schedule(
        rule=base.rule, time=base.time, timezone=base.timezone, start=base.start,
        duration=base.duration,
        skips=tuple(Skip(date=d, reason=draw(text)) for d in chosen[:split]),
        moves=tuple(
            Move(date=d, to=dt.datetime.combine(d + dt.timedelta(days=1), noon),
                 reason=draw(text))
            for d in chosen[split:]
        ),
        extras=tuple(draw(st.lists(noon_days.map(lambda d: dt.datetime.combine(d, noon)),
                                   max_size=2, unique=True))),
    )  # fmt: skip


def moments(zone: dt.tzinfo | None = None) -> st.SearchStrategy[dt.datetime]:
    fixed = [
        dt.UTC,
        dt.timezone(dt.timedelta(hours=5, minutes=30)),
        dt.timezone(-dt.timedelta(hours=4)),
    ]
    zones = st.just(zone) if zone else st.sampled_from(fixed)
    return st.datetimes(
        dt.datetime(2000, 1, 1), dt.datetime(2100, 1, 1), timezones=zones, allow_imaginary=False
    )


@st.composite
def conversations(draw: st.DrawFn, zone: dt.tzinfo | None = None) -> Conversation:
    start = draw(moments(zone))
    length = draw(st.none() | st.integers(1, 600))
    return Conversation(
        key=draw(words),
        start=start,
        end=start + dt.timedelta(minutes=length) if length else None,
        title=draw(maybe_words),
        status=draw(st.sampled_from(Status)),
        summary=draw(text),
        people=tuple(draw(st.lists(people, max_size=3))),
        resources=tuple(draw(st.lists(resources, max_size=3))),
        themes=tuple(draw(st.lists(words, max_size=3))),
        url=draw(urls),
        previous_start=draw(st.none() | moments(zone)),
    )


series_strategy = st.builds(
    Series, key=slugs, name=words, schedule=schedules(), description=text, joining=text,
    join_url=urls, contact=maybe_words, url=urls,
)  # fmt: skip


@st.composite
def archives(draw: st.DrawFn) -> Archive:
    series = draw(series_strategy)
    items = draw(st.lists(conversations(series.schedule.zone), max_size=4,
                          unique_by=lambda c: c.key))  # fmt: skip
    return Archive(series=series, conversations=tuple(items))


# -- round trips ------------------------------------------------------------------------

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(people)
def test_person_round_trip(person: Person) -> None:
    assert from_json(Person, to_json(person)) == person


@FAST
@given(resources)
def test_resource_round_trip(resource: Resource) -> None:
    data = to_json(resource)
    assert data["pending"] is (resource.url is None)
    assert from_json(Resource, data) == resource


@FAST
@given(schedules())
def test_schedule_round_trip(schedule: Schedule) -> None:
    data = json.loads(json.dumps(to_json(schedule)))
    assert data["rrule"].startswith(f"DTSTART;TZID={schedule.timezone}:")
    assert from_json(Schedule, data) == schedule


@FAST
@given(conversations())
def test_conversation_round_trip(conversation: Conversation) -> None:
    assert from_json(Conversation, json.loads(json.dumps(to_json(conversation)))) == conversation


@FAST
@given(series_strategy)
def test_series_round_trip(series: Series) -> None:
    assert from_json(Series, to_json(series)) == series


@FAST
@given(archives())
def test_archive_round_trip(archive: Archive) -> None:
    loaded = loads(dumps(archive))
    assert loaded == archive
    assert from_json(Archive, to_json(archive)) == archive
    for old, new in zip(archive.conversations, loaded.conversations, strict=True):
        assert new.start.tzinfo == archive.series.schedule.zone
        assert new.start.replace(tzinfo=None) == old.start.replace(tzinfo=None)


def test_warning_round_trip() -> None:
    warning = ArchiveWarning(line=3, message="something")
    assert from_json(ArchiveWarning, to_json(warning)) == warning


# -- the seed -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_result(seed_text: str) -> ImportResult:
    return import_archive(seed_text)


def test_seed_document(seed_result: ImportResult) -> None:
    data = json.loads(dumps(seed_result))
    assert list(data) == ["version", "series", "conversations", "warnings"]
    assert data["version"] == FORMAT_VERSION == 1
    assert list(data["series"]) == ["key", "name", "description", "joining", "join_url",
                                    "contact", "url", "schedule"]  # fmt: skip
    assert data["series"]["schedule"] == {
        "rrule": "DTSTART;TZID=Europe/London:20000120T180000\nRRULE:FREQ=MONTHLY;BYDAY=3TH",
        "time": "18:00",
        "timezone": "Europe/London",
        "start": None,
        "duration": "PT1H",
        "skips": [],
        "moves": [],
        "extras": [],
    }
    september = data["conversations"][16]
    assert september == {
        "key": "conversations-for-kindness/2022-09",
        "start": "2022-09-15T18:00:00+01:00",
        "end": "2022-09-15T19:00:00+01:00",
        "title": None,
        "status": "held",
        "summary": seed_result.conversations[16].summary,
        "url": None,
        "previous_start": None,
        "people": [
            {"name": "Robin Banerjee", "honorific": "Dr", "role": "speaker", "job_title": None,
             "organisation": None},
            {"name": "Gillian Sandstrom", "honorific": "Dr", "role": "speaker",
             "job_title": None, "organisation": None},
            {"name": "Bob Klaber", "honorific": None, "role": "host", "job_title": None,
             "organisation": None},
            {"name": "Suzie Bailey", "honorific": None, "role": "host", "job_title": None,
             "organisation": None},
        ],
        "resources": [
            {"kind": "recording", "title": "Recording of the conversation", "url": None,
             "pending": True, "media_type": None, "size": None},
            {"kind": "summary", "title": "Insights and summary", "url": None, "pending": True,
             "media_type": None, "size": None},
        ],
        "themes": [],
    }  # fmt: skip
    assert data["warnings"][0]["line"] == 109


def test_seed_text_is_written_as_is(seed_result: ImportResult) -> None:
    text = dumps(seed_result)
    assert "‘Clean Language’" in text  # ensure_ascii=False
    assert "\\u2018" not in text
    assert "\u00a0" not in text
    assert text.startswith('{\n  "version": 1,\n  "series": {\n    "key"')


def test_dumps_is_stable(seed_text: str, seed_result: ImportResult) -> None:
    assert dumps(seed_result) == dumps(import_archive(seed_text))
    assert dumps(seed_result.archive) == dumps(loads(dumps(seed_result)))


def test_load_document_returns_the_warnings(seed_result: ImportResult) -> None:
    archive, warnings = load_document(dumps(seed_result))
    assert archive == seed_result.archive
    assert warnings == seed_result.warnings
    assert load_document(dumps(seed_result).encode()) == (archive, warnings)
    assert load_document(json.loads(dumps(seed_result))) == (archive, warnings)
    assert archive.conversations[0].start.tzinfo == LONDON


def test_document_of_an_archive_has_no_warnings(seed_result: ImportResult) -> None:
    assert document(seed_result.archive)["warnings"] == []
    assert to_json(seed_result.archive) == document(seed_result.archive)


def test_unknown_types_are_refused() -> None:
    with pytest.raises(TypeError):
        to_json(object())
    with pytest.raises(TypeError):
        from_json(dict, {})
    with pytest.raises(TypeError):
        dumps(Person(name="A B"))  # type: ignore[arg-type]


def test_optional_fields_may_be_left_out() -> None:
    archive = loads(json.dumps({
        "version": 1,
        "series": {"key": "s", "name": "S", "schedule": {"rrule": "FREQ=MONTHLY;BYDAY=3TH"}},
        "conversations": [{"key": "s/2024-01", "start": "2024-01-18T18:00:00+00:00"}],
    }))  # fmt: skip
    assert archive.series.schedule == Schedule()
    (conversation,) = archive.conversations
    assert conversation.status == Status.HELD
    assert conversation.people == ()
    person = from_json(Person, {"name": "Ann Lee"})
    assert person == Person(name="Ann Lee", role=Role.SPEAKER)


def test_schedule_start_defaults_to_dtstart_for_rules_that_need_it() -> None:
    schedule = from_json(Schedule, {
        "rrule": "DTSTART;TZID=Europe/London:20240110T090000\n"
                 "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
    })  # fmt: skip
    assert schedule.start == dt.date(2024, 1, 10)
    assert schedule.time == dt.time(9, 0)


# -- errors name the bad field --------------------------------------------------------------


@pytest.fixture
def good(seed_result: ImportResult) -> dict:
    return json.loads(dumps(seed_result))


def _set(data: dict, path: list, value: object) -> dict:
    data = copy.deepcopy(data)
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "where", "problem"),
    [
        (["conversations", 3, "start"], "2023-11-16 18:00", "conversations[3].start",
         "not an ISO 8601 date-time with offset"),
        (["conversations", 3, "start"], "yesterday", "conversations[3].start", "ISO 8601"),
        (["conversations", 3, "start"], 1700000000, "conversations[3].start", "ISO 8601"),
        (["conversations", 0, "end"], "2024-02-15T17:00:00+00:00", "conversations[0]",
         "ends .* before it starts"),
        (["conversations", 2, "key"], _DELETE, "conversations[2].key", "missing"),
        (["conversations", 2, "key"], 7, "conversations[2].key", "expected a string, got a number"),
        (["conversations", 2, "key"], "conversations-for-kindness/2023-11",
         "conversations[3].key", "repeats the key of conversations\\[2\\]"),
        (["conversations", 2, "colour"], "red", "conversations[2].colour", "unknown field"),
        (["conversations", 2, "status"], "done", "conversations[2].status",
         "'done' is not one of: scheduled, held, cancelled, postponed"),
        (["conversations", 2, "people"], {}, "conversations[2].people", "expected a list"),
        (["conversations", 2, "people", 0, "role"], "star", "conversations[2].people[0].role",
         "not one of"),
        (["conversations", 2, "people", 0, "name"], " ", "conversations[2].people[0]", "empty"),
        (["conversations", 2, "resources", 0, "pending"], False,
         "conversations[2].resources[0].pending", "exactly when url is null"),
        (["conversations", 2, "resources", 0], {"kind": "link", "title": "x", "url": "ftp://x"},
         "conversations[2].resources[0]", "not a web address"),
        (["conversations", 2, "resources", 0, "size"], -1, "conversations[2].resources[0].size",
         "whole number"),
        (["conversations", 2, "resources", 0, "kind"], "poster",
         "conversations[2].resources[0].kind", "not one of"),
        (["conversations", 2, "themes"], ["a", 3], "conversations[2].themes[1]",
         "expected a string"),
        (["conversations"], {}, "conversations", "expected a list"),
        (["series"], [], "series", "expected an object, got a list"),
        (["series", "key"], "Not A Slug", "series", "must be a slug"),
        (["series", "name"], None, "series.name", "expected a string, got null"),
        (["series", "schedule", "timezone"], "Mars/Olympus", "series.schedule.timezone",
         "unknown time zone 'Mars/Olympus'"),
        (["series", "schedule", "rrule"], "DTSTART;TZID=Europe/London:20000120T180000\n"
         "RRULE:FREQ=SECONDLY", "series.schedule.rrule", "FREQ=SECONDLY is not allowed"),
        (["series", "schedule", "rrule"], "RRULE:FREQ=MONTHLY;BYDAY=9TH",
         "series.schedule.rrule", "BYDAY=9TH"),
        (["series", "schedule", "rrule"], "DTSTART;TZID=America/New_York:20000120T180000\n"
         "RRULE:FREQ=MONTHLY;BYDAY=3TH", "series.schedule.rrule", "make them agree"),
        (["series", "schedule", "rrule"], "DTSTART;TZID=Europe/London:20000120T190000\n"
         "RRULE:FREQ=MONTHLY;BYDAY=3TH", "series.schedule.rrule", "make them agree"),
        (["series", "schedule", "rrule"], _DELETE, "series.schedule.rrule", "missing"),
        (["series", "schedule", "time"], "6pm", "series.schedule.time", "HH:MM"),
        (["series", "schedule", "duration"], "an hour", "series.schedule.duration", "PT1H"),
        (["series", "schedule", "duration"], "P2D", "series.schedule.duration", "1 day"),
        (["series", "schedule", "start"], "2024-13-01", "series.schedule.start", "YYYY-MM-DD"),
        (["series", "schedule", "skips"], [{"date": "x"}], "series.schedule.skips[0].date",
         "YYYY-MM-DD"),
        (["series", "schedule", "moves"], [{"date": "2024-01-18", "to": "2024-01-19T18:00:00Z"}],
         "series.schedule.moves[0].to", "remove the offset"),
        (["series", "schedule"], {"rrule": "FREQ=MONTHLY;BYDAY=3TH",
         "extras": ["2024-03-31T01:30:00"]}, "series.schedule", "does not exist in Europe/London"),
        (["series", "schedule"], {"rrule": "RRULE:FREQ=MONTHLY;BYDAY=3TH\n"
         "RDATE;TZID=Europe/London:20240301T120000", "extras": ["2024-03-29T12:00:00"]},
         "series.schedule.rrule", "disagree with skips, moves and extras"),
        (["version"], 2, "version", "unknown version 2: this kindness_core reads version 1"),
        (["version"], "1", "version", "expected a whole number such as 1"),
        (["version"], _DELETE, "version", "missing"),
        (["warnings"], [{"line": -1, "message": "x"}], "warnings[0].line", "line number"),
    ],
)  # fmt: skip
def test_bad_field_is_named(good: dict, path: list, value: object, where: str,
                            problem: str) -> None:  # fmt: skip
    bad = _set(good, path, value)
    with pytest.raises(SchemaError, match=problem) as info:
        load_document(bad)
    assert info.value.path == where
    assert str(info.value).startswith(f"{where}: ")
    assert isinstance(info.value, ValueError)
    assert "\n" not in str(info.value)
    with pytest.raises(SchemaError):  # the same through the text form
        loads(json.dumps(bad))


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("", "not valid JSON"),
        ("{", "not valid JSON: .* at line 1 column 2"),
        ("[]", "expected an object, got a list"),
        ("null", "expected an object, got null"),
        (b"\xff\xfe{}", "not valid JSON"),  # read as UTF-16: it starts with its mark
        (b"\xff{}", "not UTF-8"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply|expected an object"),
        ('{"version": 1}', "series: missing"),
    ],
)
def test_bad_documents(raw: str | bytes, problem: str) -> None:
    with pytest.raises(SchemaError, match=problem):
        loads(raw)


def test_not_text_is_refused() -> None:
    with pytest.raises(SchemaError, match="expected JSON text"):
        loads(42)  # type: ignore[arg-type]


# -- the documentation ----------------------------------------------------------------------

DOCS = Path(__file__).parents[3] / "docs"


def _json_blocks() -> list[str]:
    text = (DOCS / "json-schema.md").read_text(encoding="utf-8")
    return re.findall(r"^```json\n(.*?)^```$", text, re.M | re.S)


def test_documented_examples_are_what_the_code_writes() -> None:
    schedule_block, document_block = _json_blocks()
    schedule = from_json(Schedule, json.loads(schedule_block))
    assert json.dumps(to_json(schedule), indent=2, ensure_ascii=False) == schedule_block.strip()
    page = (DOCS / "_examples" / "archive.txt").read_text(encoding="utf-8")
    imported = import_archive(page, now=dt.datetime(2026, 11, 26, tzinfo=LONDON))
    assert dumps(imported) == document_block.strip()


def test_documented_errors_are_what_the_code_says(good: dict) -> None:
    text = (DOCS / "json-schema.md").read_text(encoding="utf-8")
    documented = re.search(r"^```text\n(.*?)^```$", text, re.M | re.S).group(1).splitlines()
    cases = [
        _set(good, ["conversations", 3, "start"], "2023-11-16 18:00"),
        _set(good, ["series", "schedule", "timezone"], "Mars/Olympus"),
        _set(good, ["version"], 2),
    ]
    said = []
    for bad in cases:
        with pytest.raises(SchemaError) as info:
            load_document(bad)
        said.append(str(info.value))
    with pytest.raises(SchemaError) as info:
        loads('{\n  "version": 1\n  "series": {}\n}')
    said.append(str(info.value))
    assert said == documented
