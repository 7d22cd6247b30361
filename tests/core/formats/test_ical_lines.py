"""kindness_core.formats.ical_lines: ``to_ics`` writes the conversations' events
itself, and its bytes are exactly those of ``series_calendar(...).to_ical()``
(the ``icalendar`` objects), for the seed archive and for a long, varied one;
both read back with ``icalendar`` and expand with ``recurring_ical_events``."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
from icalendar.parser import Contentline

from kindness_core import (
    Archive,
    Conversation,
    Move,
    Person,
    Resource,
    ResourceKind,
    Role,
    Schedule,
    Series,
    Skip,
    Status,
)
from kindness_core.formats.ical import CalendarWords, series_calendar, to_ics
from kindness_core.formats.ical_lines import fold, text_value
from kindness_core.importing.importer import import_archive
from tests.core.conftest import build_conversation, build_series

NOW = dt.datetime(2024, 3, 1, 9, 30, tzinfo=dt.UTC)
SEED = Path(__file__).resolve().parents[3] / "example_site/demo/kindness-in-healthcare-archive.txt"


def _reference(archive: Archive, **options: object) -> bytes:
    data: bytes = series_calendar(archive, **options).to_ical()  # type: ignore[arg-type]
    return data


def _same(archive: Archive, **options: object) -> bytes:
    fast = to_ics(archive, **options)  # type: ignore[arg-type]
    slow = _reference(archive, **options)
    assert fast.decode().splitlines() == slow.decode().splitlines()
    assert fast == slow
    return fast


def _many(series: Series, count: int, *, seed: int = 18) -> Archive:
    """``count`` monthly conversations up to June 2023, every kind of detail among them."""
    rng = random.Random(seed)
    words = ["kindness", "café", "naïve; odd, text", "back\\slash", "caret^s", "–", "“quoted”"]
    conversations: list[Conversation] = []
    for n in range(count):
        months = 2023 * 12 + 5 - n
        first = dt.date(months // 12, months % 12 + 1, 1)
        day = first + dt.timedelta(days=(3 - first.weekday()) % 7 + 14)
        summary = " ".join(rng.choice(words) for _ in range(rng.randrange(0, 40)))
        fields: dict[str, object] = {
            "summary": summary,
            "people": (
                Person(name=f"Speaker {n}", job_title="Nurse, ward 3", organisation="NHS"),
                Person(name="Ada Ł.", role=Role.HOST),
                Person(name="Alan T.", role=Role.HOST),
            )[: n % 4],
            "themes": tuple(rng.sample(["care", "a, b", "c;d", "équipe"], k=n % 3)),
            "resources": (
                Resource(
                    kind=ResourceKind.SUMMARY,
                    title="Insights",
                    url=f"https://example.org/documents/{n}/insights.pdf",
                    media_type="application/pdf",
                ),
                Resource(kind=ResourceKind.RECORDING, title="Video", url=f"https://vimeo.com/{n}"),
                Resource(kind=ResourceKind.SLIDES, title="Slides"),  # pending: no ATTACH
            )[: n % 4],
            "url": f"https://example.org/conversations/{day:%Y-%m}/" if n % 5 else None,
            "sequence": n % 3,
            "last_modified": NOW - dt.timedelta(days=n) if n % 2 else None,
        }
        if n % 17 == 3:
            fields["status"] = Status.CANCELLED
        elif n % 17 == 5:
            fields["status"] = Status.POSTPONED  # no new date yet
        elif n % 17 == 7 and day.day < 21:  # moved two days later
            start = dt.datetime.combine(day, series.schedule.time, tzinfo=series.schedule.zone)
            fields["previous_start"] = start
            day += dt.timedelta(days=2)
            fields["status"] = Status.POSTPONED
        title = None if n % 6 == 1 else f"Conversation {n}: {rng.choice(words)} " * (n % 4)
        conversations.append(
            build_conversation(day, title.strip() if title else None, series=series, **fields)
        )
    return Archive(series=series, conversations=tuple(conversations))


@pytest.fixture
def seed() -> Archive:
    return import_archive(SEED.read_text(encoding="utf-8")).archive


def test_seed_archive_same_bytes(seed: Archive) -> None:
    data = _same(seed, now=NOW)
    first = min(c.start for c in seed.conversations).date()
    last = max(c.start for c in seed.conversations).date() + dt.timedelta(days=1)
    events = recurring_ical_events.of(icalendar.Calendar.from_ical(data)).between(first, last)
    assert len(events) == len(seed.conversations)


def test_seed_archive_in_other_words_and_domain(seed: Archive) -> None:
    words = CalendarWords(
        cancelled="Annulé : {title}",
        join_label='Rejoindre "en ligne"; ici: ^maintenant^',
        people_line="{role} : {names}",
    )
    _same(seed, now=NOW, words=words, uid_domain="fr.example.org", sequence=2)


@pytest.mark.parametrize(
    "series",
    [
        build_series(),
        build_series(join_url=None, url=None, description=""),
        build_series(
            key="utc-series",
            schedule=Schedule(rule="FREQ=MONTHLY;BYDAY=3TH", time=dt.time(18), timezone="UTC"),
        ),
        build_series(
            key="auckland",
            schedule=Schedule(
                rule="FREQ=MONTHLY;BYDAY=3TH", time=dt.time(7, 30), timezone="Pacific/Auckland"
            ),
        ),
    ],
    ids=["london", "no-links", "utc", "auckland"],
)
def test_many_conversations_same_bytes(series: Series) -> None:
    archive = _many(series, 300)
    data = _same(archive, now=NOW)
    parsed = icalendar.Calendar.from_ical(data)
    # One event per recorded meeting: every conversation has its own override.
    assert len(parsed.walk("VEVENT")) == len(archive.conversations) + 1
    events = recurring_ical_events.of(parsed).between(dt.date(1973, 1, 1), dt.date(2023, 7, 1))
    assert len(events) == len(archive.conversations)


def test_bounded_calendar_with_moves_extras_and_clashes_same_bytes() -> None:
    schedule = Schedule(
        rule="FREQ=MONTHLY;BYDAY=3TH",
        time=dt.time(18),
        timezone="Europe/London",
        skips=(Skip(date=dt.date(2023, 9, 21), reason="holiday"),),
        moves=(Move(date=dt.date(2023, 10, 19), to=dt.datetime(2023, 10, 26, 18)),),
        extras=(dt.datetime(2023, 11, 30, 18),),
    )
    series = build_series(schedule=schedule)
    archive = _many(series, 30)
    # An extra conversation at the time of a rule date's meeting: a VEVENT of its own.
    clash = build_conversation(dt.date(2023, 6, 15), "Clash", series=series)
    clash = Conversation(
        key="conversations-for-kindness/2023-06-b", start=clash.start, title="Clash"
    )
    archive = Archive(series=series, conversations=(*archive.conversations, clash))
    _same(archive, now=NOW, until=dt.date(2024, 6, 30))
    _same(archive, now=NOW, exclude_gaps=False)


def test_no_conversations_same_bytes() -> None:
    _same(Archive(series=build_series(), conversations=()), now=NOW)


def _lines(rng: random.Random) -> list[str]:
    alphabet = 'ab \\^,;:é–😀"x'
    found = []
    for _ in range(400):
        length = rng.randrange(0, 260)
        found.append("DESCRIPTION:" + "".join(rng.choice(alphabet) for _ in range(length)))
        found.append("X:" + "".join(rng.choice("ab\\^ ") for _ in range(length)))
    return found


def test_fold_as_icalendar_folds() -> None:
    for line in _lines(random.Random(5)):
        assert fold(line).encode() == Contentline(line).to_ical()


def test_text_value_as_icalendar_escapes() -> None:
    text = "a;b,c\\d\\Ne\r\nf\rg\nh\x07i"
    cleaned = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x07", "")
    assert text_value(text) == icalendar.vText(cleaned).to_ical().decode()
