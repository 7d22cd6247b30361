"""kindness_core.archive: newest first, by year, filtered, and what is missing.

The conversations are taken from the seed archive (titles and speakers as it
gives them); none of its resources has a URL in the seed, so all stay
pending.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kindness_core.archive import Archive
from kindness_core.errors import KindnessInputError
from kindness_core.schedule.recurrence import MAX_WINDOW, Schedule, Skip
from kindness_core.series import Conversation, Person, Resource, ResourceKind, Role, Series

LONDON = ZoneInfo("Europe/London")
SERIES = Series(key="conversations-for-kindness", name="Conversations for Kindness")
SUMMARY = Resource(kind=ResourceKind.SUMMARY, title="Insights and summary")  # pending


def held(year: int, month: int, day: int, title: str | None, *people: Person,
         themes: tuple[str, ...] = ()) -> Conversation:  # fmt: skip
    return Conversation(
        key=SERIES.conversation_key(year, month),
        start=dt.datetime(year, month, day, 18, tzinfo=LONDON),
        title=title,
        people=people,
        resources=(SUMMARY,),
        themes=themes,
    )


def speaker(text: str, role: Role = Role.SPEAKER) -> Person:
    honorific, name = Person.split_honorific(text)
    return Person(name=name, honorific=honorific, role=role)


DEC_2022 = held(2022, 12, 15, "A Christmas Advent calendar: kindness efforts from our community")
JAN = held(
    2023, 1, 19,
    "Kindness in Healthcare: Exploring the gap between what we want and what we have in "
    "healthcare",
    speaker("John Ballatt"), speaker("Dr Kate Pryde"), speaker("Paul Batalden"),
    themes=("culture",),
)  # fmt: skip
FEB = held(
    2023, 2, 16,
    "Regulation in healthcare: exploring if and how this can be done with kindness",
    speaker("Victoria O’Brien"), speaker("Astrid Etherington"), speaker("Nigel Acheson"),
    themes=("regulation",),
)  # fmt: skip
MAR = held(
    2023, 3, 16, "Kindness in the face of conflict",
    speaker("Miriam Fine Goulden"), speaker("Marilyn McDougall"), speaker("Shelley Riphagen"),
    themes=("conflict", "paediatrics"),
)  # fmt: skip
MAY = held(
    2023, 5, 18,
    "Whose story is it anyhow?  Creating safe spaces for patient storytellers",
    speaker("Sue Robins"), themes=("patient stories",),
)  # fmt: skip
JUN = held(2023, 6, 15, "Listening to patients", speaker("Henrietta Hughes"),
           themes=("patient stories", "listening"))  # fmt: skip
ARCHIVE = Archive(series=SERIES, conversations=(MAR, JAN, JUN, DEC_2022, FEB, MAY))


def test_newest_first() -> None:
    assert [c.month for c in ARCHIVE] == [
        (2023, 6), (2023, 5), (2023, 3), (2023, 2), (2023, 1), (2022, 12),
    ]  # fmt: skip
    assert len(ARCHIVE) == 6
    assert ARCHIVE.conversations[0] is JUN


def test_grouped_by_year() -> None:
    assert ARCHIVE.years() == (2023, 2022)
    groups = ARCHIVE.by_year()
    assert [year for year, _ in groups] == [2023, 2022]
    assert groups[0][1] == (JUN, MAY, MAR, FEB, JAN)
    assert groups[1][1] == (DEC_2022,)


def test_previous_and_next() -> None:
    assert ARCHIVE.previous(MAY) is MAR  # older
    assert ARCHIVE.next(MAY) is JUN  # newer
    assert ARCHIVE.next(JUN) is None
    assert ARCHIVE.previous(DEC_2022) is None
    assert ARCHIVE.get("conversations-for-kindness/2023-03") is MAR
    with pytest.raises(KeyError):
        ARCHIVE.get("conversations-for-kindness/2023-04")
    with pytest.raises(KeyError):
        ARCHIVE.previous(held(2023, 4, 20, None))


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"person": "Dr Kate Pryde"}, [JAN]),
        ({"person": "Kate Pryde"}, [JAN]),
        ({"person": "kate-pryde"}, [JAN]),
        ({"person": "Victoria O’Brien"}, [FEB]),
        ({"person": "Maureen Bisognano"}, []),
        ({"theme": "Patient Stories"}, [JUN, MAY]),
        ({"theme": "patient-stories"}, [JUN, MAY]),
        ({"text": "kindness"}, [MAR, FEB, JAN, DEC_2022]),
        ({"text": "KINDNESS conflict"}, [MAR]),
        ({"text": "conflict kindness"}, [MAR]),  # every word, any order
        ({"text": "Henrietta"}, [JUN]),
        ({"text": "safe   spaces"}, [MAY]),
        ({"text": "advent regulation"}, []),
        ({"year": 2022}, [DEC_2022]),
        ({"year": 2023, "theme": "patient stories", "text": "listening"}, [JUN]),
        ({"year": 2021}, []),
    ],
)
def test_filter(filters: dict[str, object], expected: list[Conversation]) -> None:
    found = ARCHIVE.filter(**filters)  # type: ignore[arg-type]
    assert isinstance(found, Archive)
    assert list(found) == expected
    assert found.series is SERIES
    assert len(ARCHIVE) == 6  # nothing is changed


def test_missing_months_are_found_and_nothing_else() -> None:
    missing = ARCHIVE.missing()
    assert [o.start for o in missing] == [dt.datetime(2023, 4, 20, 18, tzinfo=LONDON)]


def test_missing_respects_skips_postponements_and_windows() -> None:
    skipped = dataclasses.replace(
        SERIES, schedule=Schedule(skips=(Skip(date=dt.date(2023, 4, 20), reason="Easter"),))
    )
    assert Archive(series=skipped, conversations=ARCHIVE.conversations).missing() == ()
    # A conversation postponed from April into May counts for April.
    may = dataclasses.replace(MAY, previous_start=dt.datetime(2023, 4, 20, 18, tzinfo=LONDON))
    postponed = Archive(series=SERIES, conversations=(MAR, may, JUN))
    assert postponed.missing() == ()
    # A wider window reports the months before and after the records too.
    wide = ARCHIVE.missing(
        start=dt.datetime(2022, 11, 1, tzinfo=LONDON), end=dt.datetime(2023, 7, 31, tzinfo=LONDON)
    )
    assert [(o.start.year, o.start.month) for o in wide] == [(2022, 11), (2023, 4), (2023, 7)]
    assert Archive(series=SERIES).missing() == ()
    with pytest.raises(KindnessInputError, match="start must be an aware datetime"):
        ARCHIVE.missing(start=dt.datetime(2022, 11, 1))


def test_months_are_those_of_the_series_zone() -> None:
    auckland = Series(
        key="kia-ora", name="Kia ora",
        schedule=Schedule(rule="FREQ=MONTHLY;BYDAY=1MO", time=dt.time(9),
                          timezone="Pacific/Auckland"),
    )  # fmt: skip
    # 09:00 on Monday 1 May in Auckland is still 30 April in UTC.
    may = dt.datetime(2023, 5, 1, 9, tzinfo=ZoneInfo("Pacific/Auckland")).astimezone(dt.UTC)
    assert may.month == 4
    items = (
        Conversation(key="kia-ora/2023-04", start=dt.datetime(2023, 4, 3, 9,
                     tzinfo=ZoneInfo("Pacific/Auckland"))),
        Conversation(key="kia-ora/2023-05", start=may),
        Conversation(key="kia-ora/2023-06", start=dt.datetime(2023, 6, 4, 21, tzinfo=dt.UTC)),
    )  # fmt: skip
    archive = Archive(series=auckland, conversations=items)
    assert archive.missing() == ()
    assert archive.filter(year=2023).conversations == archive.conversations


def test_duplicate_keys_are_refused() -> None:
    again = dataclasses.replace(MAR, title="Another title")
    with pytest.raises(KindnessInputError, match=r"keys must be unique; repeated: .*2023-03"):
        Archive(series=SERIES, conversations=(MAR, again))


def test_archive_checks_its_parts() -> None:
    with pytest.raises(KindnessInputError, match="must be Conversation values"):
        Archive(series=SERIES, conversations=("March 2023",))  # type: ignore[arg-type]
    with pytest.raises(KindnessInputError, match=r"must be a kindness_core\.Series"):
        Archive(series="Conversations for Kindness")  # type: ignore[arg-type]


def test_resources_from_the_seed_stay_pending() -> None:
    assert all(r.pending for c in ARCHIVE for r in c.resources)


def test_missing_checks_at_most_the_newest_200_years_of_a_long_archive() -> None:
    # 900 years between the first and the newest: wider than one expansion may cover.
    series = Series(key="long", name="Long", schedule=Schedule(rule="FREQ=MONTHLY;BYDAY=3TH"))
    london = ZoneInfo("Europe/London")
    conversations = [
        Conversation(key=f"long/{year}", start=dt.datetime(year, 1, 15, 18, tzinfo=london))
        for year in (1990, 2000, 2890)
    ]
    archive = Archive(series=series, conversations=tuple(conversations))
    found = archive.missing()
    assert found, "the months between recorded conversations are reported"
    assert min(o.start for o in found) >= conversations[-1].start - MAX_WINDOW
