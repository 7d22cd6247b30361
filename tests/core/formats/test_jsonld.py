"""kindness_core.formats.jsonld: schema.org EventSeries / Event / Schedule dicts."""

from __future__ import annotations

import datetime as dt
import json
import re
from zoneinfo import ZoneInfo

import pytest

from kindness_core import (
    Archive,
    Conversation,
    Person,
    Resource,
    ResourceKind,
    Role,
    Schedule,
    Skip,
    Status,
)
from kindness_core.formats.jsonld import (
    conversation_jsonld,
    schedule_jsonld,
    series_jsonld,
    to_script_tag,
)
from kindness_core.importing.importer import import_archive

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def june(conv) -> Conversation:
    return conv(
        dt.date(2023, 6, 15),
        "Listening to patients",
        summary="Henrietta Hughes led the conversation on listening to patients.",
        people=(
            Person(
                name="Henrietta Hughes",
                honorific="Dr",
                job_title="Patient Safety Commissioner for England",
                organisation="Department of Health",
            ),
            Person(name="Bob Klaber", role=Role.HOST),
        ),
        resources=(
            Resource(
                kind=ResourceKind.SUMMARY,
                title="Insights and summary",
                url="https://example.org/files/june.pdf",
                media_type="application/pdf",
                size=123456,
            ),
            Resource(
                kind=ResourceKind.RECORDING,
                title="Recording",
                url="https://www.youtube.com/embed/abc123",
            ),
            Resource(kind=ResourceKind.SLIDES, title="Presentation"),  # pending
        ),
        themes=("patients", "listening"),
        url="https://example.org/conversations/2023-06",
    )


def test_event_required_properties(make_series, june) -> None:
    data = conversation_jsonld(make_series(), june, organizer="Kindness in Healthcare")
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Listening to patients"
    assert data["description"].startswith("Henrietta Hughes led")
    assert data["startDate"] == "2023-06-15T18:00:00+01:00"
    assert data["endDate"] == "2023-06-15T19:00:00+01:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"  # held
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://example.org/join"}
    assert data["organizer"] == {"@type": "Organization", "name": "Kindness in Healthcare"}
    assert data["url"] == "https://example.org/conversations/2023-06"
    assert data["performer"] == {
        "@type": "Person",
        "name": "Henrietta Hughes",
        "honorificPrefix": "Dr",
        "jobTitle": "Patient Safety Commissioner for England",
        "worksFor": {"@type": "Organization", "name": "Department of Health"},
    }
    assert data["contributor"] == {"@type": "Person", "name": "Bob Klaber"}
    assert data["superEvent"] == {
        "@type": "EventSeries",
        "name": "Conversations for Kindness",
        "@id": "https://example.org/conversations#series",
        "url": "https://example.org/conversations",
    }
    assert data["keywords"] == "patients, listening"


def test_recording_and_documents_only_with_urls(make_series, june) -> None:
    data = conversation_jsonld(make_series(), june)
    video = data["recordedIn"]
    assert video["@type"] == "VideoObject"
    assert video["embedUrl"] == "https://www.youtube.com/embed/abc123"
    assert "contentUrl" not in video
    assert "thumbnailUrl" not in video
    assert video["uploadDate"] == "2023-06-15T18:00:00+01:00"
    assert video["name"]
    assert video["description"]
    doc = data["subjectOf"]
    assert doc == {
        "@type": "DigitalDocument",
        "name": "Insights and summary",
        "url": "https://example.org/files/june.pdf",
        "encodingFormat": "application/pdf",
        "contentSize": "123456 B",
    }
    # The pending presentation appears nowhere.
    assert "Presentation" not in json.dumps(data)


@pytest.mark.parametrize(
    ("url", "media_type", "key"),
    [
        ("https://example.org/audio/june.mp3", None, "contentUrl"),
        ("https://example.org/audio/June%20talk.M4A?dl=1", None, "contentUrl"),
        ("https://example.org/listen?id=7", "audio/ogg", "contentUrl"),
        ("https://soundcloud.com/example/june-conversation", None, "embedUrl"),
        ("https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk", None, "embedUrl"),
    ],
)
def test_audio_is_an_audio_object(make_series, conv, url, media_type, key) -> None:
    audio = conv(
        dt.date(2023, 6, 15),
        "Listening to patients",
        resources=(
            Resource(kind=ResourceKind.AUDIO, title="Podcast", url=url, media_type=media_type),
        ),
    )
    data = conversation_jsonld(make_series(), audio)
    (recorded,) = [data["recordedIn"]]
    assert recorded["@type"] == "AudioObject"
    assert recorded[key] == url
    assert recorded["name"] == "Listening to patients: Podcast"
    assert "subjectOf" not in data
    if media_type:
        assert recorded["encodingFormat"] == media_type


def test_pending_resources_are_omitted(make_series, conv) -> None:
    pending = conv(
        dt.date(2023, 1, 19),
        "Pending",
        resources=(
            Resource(kind=ResourceKind.SUMMARY, title="Insights"),
            Resource(kind=ResourceKind.RECORDING, title="Recording"),
        ),
    )
    data = conversation_jsonld(make_series(), pending)
    assert "recordedIn" not in data
    assert "subjectOf" not in data
    urls = re.findall(r'"(https?://[^"]+)"', json.dumps(data))
    assert all(u.startswith(("https://schema.org", "https://example.org/")) for u in urls)


def test_direct_video_file_is_content_url(make_series, conv) -> None:
    video = conv(
        dt.date(2023, 1, 19),
        "Video",
        resources=(
            Resource(
                kind=ResourceKind.RECORDING,
                title="Recording",
                url="https://example.org/media/jan.mp4",
                media_type="video/mp4",
            ),
        ),
    )
    data = conversation_jsonld(make_series(), video)
    assert data["recordedIn"]["contentUrl"] == "https://example.org/media/jan.mp4"
    assert "embedUrl" not in data["recordedIn"]


@pytest.mark.parametrize(
    ("day", "offset"),
    [
        (dt.date(2022, 12, 15), "+00:00"),
        (dt.date(2023, 3, 16), "+00:00"),  # ten days before the clocks go forward
        (dt.date(2023, 4, 20), "+01:00"),
        (dt.date(2023, 10, 19), "+01:00"),
        (dt.date(2023, 11, 16), "+00:00"),
    ],
)
def test_offsets_across_dst(make_series, conv, day: dt.date, offset: str) -> None:
    data = conversation_jsonld(make_series(), conv(day, "x"))
    assert data["startDate"] == f"{day.isoformat()}T18:00:00{offset}"


def test_start_given_in_utc_is_written_in_the_series_zone(make_series) -> None:
    utc = Conversation(key="k/2023-06", start=dt.datetime(2023, 6, 15, 17, tzinfo=dt.UTC))
    assert conversation_jsonld(make_series(), utc)["startDate"] == "2023-06-15T18:00:00+01:00"


def test_statuses(make_series, conv) -> None:
    series = make_series()
    cancelled = conversation_jsonld(series, conv(dt.date(2023, 2, 16), status=Status.CANCELLED))
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"
    moved = Conversation(
        key="k/2023-09",
        start=dt.datetime(2023, 9, 28, 18, tzinfo=LONDON),
        previous_start=dt.datetime(2023, 9, 21, 17, tzinfo=dt.UTC),
        status=Status.POSTPONED,
    )
    data = conversation_jsonld(series, moved)
    assert data["eventStatus"] == "https://schema.org/EventRescheduled"
    assert data["previousStartDate"] == "2023-09-21T18:00:00+01:00"
    postponed = conversation_jsonld(series, conv(dt.date(2023, 9, 21), status=Status.POSTPONED))
    assert postponed["eventStatus"] == "https://schema.org/EventPostponed"
    scheduled = conversation_jsonld(series, conv(dt.date(2030, 1, 17), status=Status.SCHEDULED))
    assert scheduled["eventStatus"] == "https://schema.org/EventScheduled"


def test_untitled_and_no_urls(make_series, conv) -> None:
    series = make_series(join_url=None, url=None, description="")
    data = conversation_jsonld(series, conv(dt.date(2022, 9, 15)))
    assert data["name"] == "September 2022"
    assert "location" not in data
    assert "url" not in data
    assert "description" not in data
    assert data["superEvent"] == {"@type": "EventSeries", "name": "Conversations for Kindness"}
    assert "organizer" not in data


def test_location_falls_back_to_series_url(make_series, conv) -> None:
    data = conversation_jsonld(make_series(join_url=None), conv(dt.date(2022, 9, 15)))
    assert data["location"]["url"] == "https://example.org/conversations"


def test_series_with_schedule_and_sub_events(make_series, conv, june) -> None:
    archive = Archive(
        series=make_series(),
        conversations=(
            conv(dt.date(2023, 5, 18), "May"),
            june,
        ),
    )
    data = series_jsonld(
        archive,
        url="https://example.org/series",
        organizer={"@type": "Organization", "name": "KiH"},
    )
    assert data["@type"] == "EventSeries"
    assert data["@id"] == "https://example.org/series#series"
    assert data["url"] == "https://example.org/series"
    assert data["organizer"] == {"@type": "Organization", "name": "KiH"}
    assert data["eventSchedule"] == {
        "@type": "Schedule",
        "repeatFrequency": "P1M",
        "byDay": "https://schema.org/Thursday",
        "byMonthWeek": 3,
        "startTime": "18:00:00",
        "endTime": "19:00:00",
        "duration": "PT1H",
        "scheduleTimezone": "Europe/London",
        "startDate": "2023-05-18",
    }
    assert [e["name"] for e in data["subEvent"]] == ["May", "Listening to patients"]
    assert all("@context" not in e and "superEvent" not in e for e in data["subEvent"])
    assert "subEvent" not in series_jsonld(archive, events=False)


def test_schedule_only_emits_what_the_rule_has() -> None:
    weekly = Schedule(
        rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
        time=dt.time(9),
        timezone="America/New_York",
        start=dt.date(2024, 1, 10),
        duration=dt.timedelta(minutes=90),
    )
    data = schedule_jsonld(weekly)
    assert data == {
        "@type": "Schedule",
        "repeatFrequency": "P2W",
        "byDay": "https://schema.org/Wednesday",
        "startTime": "09:00:00",
        "endTime": "10:30:00",
        "duration": "PT1H30M",
        "scheduleTimezone": "America/New_York",
        "startDate": "2024-01-10",
    }
    last = schedule_jsonld(
        Schedule(
            rule="FREQ=MONTHLY;BYDAY=-1TU;COUNT=6",
            start=dt.date(2024, 1, 1),
            skips=(Skip(date=dt.date(2024, 3, 26)),),
        )
    )
    assert last["byMonthWeek"] == -1
    assert last["repeatCount"] == 6
    assert last["exceptDate"] == "2024-03-26"
    setpos = schedule_jsonld(Schedule(rule="FREQ=MONTHLY;BYDAY=TH;BYSETPOS=3"))
    assert setpos["byMonthWeek"] == 3
    days = schedule_jsonld(Schedule(rule="FREQ=MONTHLY;BYMONTHDAY=1,15;BYMONTH=1,7"))
    assert days["byMonthDay"] == [1, 15]
    assert days["byMonth"] == [1, 7]
    assert "byDay" not in days
    assert "byMonthWeek" not in days
    until = schedule_jsonld(Schedule(rule="FREQ=MONTHLY;BYDAY=3TH;UNTIL=20241231T235959Z"))
    assert until["endDate"] == "2024-12-31"


def test_script_tag_cannot_be_broken_out_of(make_series, conv) -> None:
    evil = "</script><script>alert(1)</script> & <!-- \u2028"
    series = make_series(name=evil)
    data = conversation_jsonld(series, conv(dt.date(2023, 1, 19), evil, summary=evil))
    tag = to_script_tag(data)
    assert tag.startswith('<script type="application/ld+json">')
    assert tag.endswith("</script>")
    inner = tag[len('<script type="application/ld+json">') : -len("</script>")]
    assert "<" not in inner
    assert ">" not in inner
    assert "&" not in inner
    assert "\u2028" not in inner
    assert "\\u003c/script\\u003e" in inner
    assert json.loads(inner) == data  # still the same JSON


def test_seed_archive(seed_text: str) -> None:
    archive = import_archive(seed_text).archive
    data = series_jsonld(archive)
    assert data["eventSchedule"]["byMonthWeek"] == 3
    assert data["eventSchedule"]["scheduleTimezone"] == "Europe/London"
    assert len(data["subEvent"]) == 19
    # The seed has no links: nothing may point anywhere but schema.org.
    urls = set(re.findall(r'"(https?://[^"]+)"', json.dumps(data)))
    assert all(u.startswith("https://schema.org/") or u == "https://schema.org" for u in urls)
    assert all("recordedIn" not in e and "subjectOf" not in e for e in data["subEvent"])
    starts = {e["startDate"] for e in data["subEvent"]}
    assert "2022-12-15T18:00:00+00:00" in starts
    assert "2023-06-15T18:00:00+01:00" in starts
