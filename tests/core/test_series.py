"""kindness_core.series: series, conversations, people and resources."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kindness_core.errors import KindnessInputError
from kindness_core.schedule.recurrence import Schedule
from kindness_core.series import (
    Conversation,
    Person,
    Resource,
    ResourceKind,
    Role,
    Series,
    Status,
    month_label,
    slugify,
)

LONDON = ZoneInfo("Europe/London")
SEPTEMBER = dt.datetime(2022, 9, 15, 18, 0, tzinfo=LONDON)


def conversation(**kwargs: object) -> Conversation:
    values: dict[str, object] = {"key": "conversations-for-kindness/2022-09", "start": SEPTEMBER}
    values.update(kwargs)
    return Conversation(**values)  # type: ignore[arg-type]


# -- people ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr Hesham Abdalla", ("Dr", "Hesham Abdalla")),
        ("Professor Michael West", ("Professor", "Michael West")),
        ("Prof. Paul Batalden", ("Prof", "Paul Batalden")),
        ("dr  Kate   Pryde", ("Dr", "Kate Pryde")),
        ("Sir Robert Francis", ("Sir", "Robert Francis")),
        ("Amy Edmondson", (None, "Amy Edmondson")),
        ("Drew Smith", (None, "Drew Smith")),  # "Drew" is a name, not "Dr"
        ("Dr", (None, "Dr")),  # nothing would be left of the name
        ("  Judy   Rees ", (None, "Judy Rees")),
    ],
)
def test_split_honorific(text: str, expected: tuple[str | None, str]) -> None:
    assert Person.split_honorific(text) == expected


def test_person() -> None:
    honorific, name = Person.split_honorific("Dr Hesham Abdalla")
    person = Person(name=name, honorific=honorific, role="co-speaker")  # type: ignore[arg-type]
    assert person.display_name == "Dr Hesham Abdalla"
    assert person.key == "hesham-abdalla"
    assert person.role is Role.CO_SPEAKER
    assert person.role.label == "Co-speaker"
    assert Person(name="Amy Edmondson").display_name == "Amy Edmondson"
    assert Person(name="Amy Edmondson").role is Role.SPEAKER
    assert Person(name="Amy Edmondson") == Person(name="Amy Edmondson")
    assert hash(Person(name="Amy Edmondson")) == hash(Person(name="Amy Edmondson"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        person.name = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": ""}, "person name is empty"),
        ({"name": "   "}, "person name is empty"),
        ({"name": None}, "person name is required"),
        ({"name": 3}, "person name must be a string"),
        ({"name": "Amy", "role": "boss"}, "person role 'boss' is not known: use one of"),
        ({"name": "Amy", "job_title": 7}, "person job_title must be a string"),
    ],
)
def test_bad_people(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(KindnessInputError, match=message):
        Person(**kwargs)  # type: ignore[arg-type]


# -- resources -----------------------------------------------------------------------------


def test_pending_resource_has_no_url() -> None:
    pending = Resource(kind=ResourceKind.SUMMARY, title="Insights and summary")
    assert pending.pending
    assert pending.url is None
    ready = Resource(kind="recording", title="Recording", url="https://example.org/v")  # type: ignore[arg-type]
    assert not ready.pending
    assert ready.kind is ResourceKind.RECORDING
    assert ResourceKind.SUMMARY.label == "Insights and summary"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "ftp://example.org/file.pdf",
        "//example.org/file.pdf",
        "/media/file.pdf",
        "http://",
        "https:///path",
        "https://exa mple.org/",
        "https://example.org/\n",
        "https://example.org/\x00",
        "https://example.org:notaport/",
        "https://[::1/",
        "",
    ],
)
def test_bad_urls_are_refused(url: str) -> None:
    with pytest.raises(KindnessInputError, match=r"use an http:// or https:// URL|is empty|not a"):
        Resource(kind=ResourceKind.LINK, title="Link", url=url)
    with pytest.raises(KindnessInputError):
        conversation(url=url)
    with pytest.raises(KindnessInputError):
        Series(key="s", name="S", join_url=url)


@pytest.mark.parametrize(
    "url",
    ["https://example.org", "http://example.org/a/b?c=d#e", "HTTPS://EXAMPLE.ORG/x",
     "https://example.org:8443/file.pdf", "https://[2001:db8::1]/x"],
)  # fmt: skip
def test_good_urls(url: str) -> None:
    assert Resource(kind=ResourceKind.LINK, title="Link", url=url).url == url


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "podcast"}, "resource kind 'podcast' is not known"),
        ({"title": ""}, "resource title is empty"),
        ({"size": -1}, "whole number of bytes"),
        ({"size": True}, "whole number of bytes"),
        ({"size": 1.5}, "whole number of bytes"),
    ],
)
def test_bad_resources(kwargs: dict[str, object], message: str) -> None:
    values: dict[str, object] = {"kind": ResourceKind.LINK, "title": "Link"}
    values.update(kwargs)
    with pytest.raises(KindnessInputError, match=message):
        Resource(**values)  # type: ignore[arg-type]


# -- conversations -----------------------------------------------------------------------------


def test_untitled_conversation_is_named_by_its_month() -> None:
    untitled = conversation()
    assert untitled.title is None
    assert untitled.display_title == "September 2022"
    assert conversation(title="   ").title is None
    titled = conversation(title="Kindness in education")
    assert titled.display_title == "Kindness in education"
    assert untitled.month == (2022, 9)
    assert month_label(dt.date(2023, 4, 1)) == "April 2023"


def test_conversation_holds_tuples() -> None:
    people = [Person(name="Robin Banerjee", honorific="Dr"), Person(name="Suzie Bailey",
              role=Role.HOST)]  # fmt: skip
    resources = [Resource(kind=ResourceKind.SUMMARY, title="Insights and summary")]
    item = conversation(people=people, resources=resources, themes=["kindness at work"])
    assert isinstance(item.people, tuple)
    assert isinstance(item.resources, tuple)
    assert item.themes == ("kindness at work",)
    assert item.speakers == (people[0],)
    assert item.resources_of(ResourceKind.SUMMARY) == tuple(resources)
    assert item.resources_of(ResourceKind.RECORDING) == ()
    assert item.status is Status.HELD
    assert hash(item) == hash(conversation(people=people, resources=resources,
                                           themes=["kindness at work"]))  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": dt.datetime(2022, 9, 15, 18)}, "has no time zone: give an aware datetime"),
        ({"start": "2022-09-15T18:00"}, "conversation start must be a datetime"),
        ({"end": SEPTEMBER - dt.timedelta(hours=1)}, "ends .* before it starts"),
        ({"end": SEPTEMBER}, "give an end after the start"),
        ({"end": dt.datetime(2022, 9, 15, 19)}, "conversation end .* has no time zone"),
        ({"previous_start": dt.datetime(2022, 9, 1)}, "previous_start .* has no time zone"),
        ({"key": ""}, "conversation key is empty"),
        ({"status": "maybe"}, "conversation status 'maybe' is not known"),
        ({"themes": "compassion"}, "must be a tuple of str values"),
        ({"themes": (1,)}, "must hold str values"),
        ({"people": Person(name="Amy Edmondson")}, "write \\(Person"),
        ({"people": ("Amy Edmondson",)}, "must hold Person values"),
        ({"resources": ("https://example.org",)}, "must hold Resource values"),
        ({"url": "javascript:alert(1)"}, "is not a web address"),
        ({"summary": None}, "conversation summary must be a string, not None"),
    ],
)
def test_bad_conversations(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(KindnessInputError, match=message):
        conversation(**kwargs)


def test_input_errors_are_value_errors() -> None:
    with pytest.raises(ValueError, match="has no time zone"):
        conversation(start=dt.datetime(2022, 9, 15, 18))


def test_status_and_role_labels() -> None:
    assert Status.POSTPONED.label == "Postponed"
    assert Role.SPEAKER.label == "Guest speaker"
    postponed = conversation(status="postponed", previous_start=SEPTEMBER - dt.timedelta(7))
    assert postponed.status is Status.POSTPONED


# -- series ----------------------------------------------------------------------------------


def test_series() -> None:
    series = Series(key="conversations-for-kindness", name="Conversations for Kindness")
    assert series.schedule == Schedule()
    assert series.duration == dt.timedelta(hours=1)
    assert series.conversation_key(2023, 4) == "conversations-for-kindness/2023-04"
    with pytest.raises(
        KindnessInputError, match="must be a slug: use 'conversations-for-kindness'"
    ):
        Series(key="Conversations for Kindness", name="x")
    with pytest.raises(KindnessInputError, match="series name is empty"):
        Series(key="x", name="")
    with pytest.raises(KindnessInputError, match=r"must be a kindness_core\.Schedule"):
        Series(key="x", name="X", schedule="third Thursday")  # type: ignore[arg-type]


def test_slugify() -> None:
    assert slugify("Kindness: big and little acts to try") == "kindness-big-and-little-acts-to-try"
    assert slugify("Victoria O’Brien") == "victoria-obrien"
    assert slugify("Diátaxis — Café") == "diataxis-cafe"


# -- the end of a conversation: one rule (Series.end_of) ---------------------------------


def test_the_end_is_the_conversations_own_else_start_plus_duration_in_the_series_zone() -> None:
    london = ZoneInfo("Europe/London")
    series = Series(key="s", name="S", schedule=Schedule(duration=dt.timedelta(minutes=90)))
    start = dt.datetime(2024, 1, 18, 18, tzinfo=london)
    plain = Conversation(key="s/2024-01", start=start)
    assert series.end_of(plain) == dt.datetime(2024, 1, 18, 19, 30, tzinfo=london)
    assert series.end_of(plain).tzinfo is series.schedule.zone
    # Its own end wins, given in the series' zone whatever zone it was written in.
    own = dataclasses.replace(plain, end=dt.datetime(2024, 1, 18, 20, 0, tzinfo=dt.UTC))
    assert series.end_of(own) == dt.datetime(2024, 1, 18, 20, 0, tzinfo=london)
    assert series.end_of(own).tzinfo is series.schedule.zone
    # A start written in another zone ends in the series' zone.
    paris = dt.datetime(2024, 1, 18, 19, tzinfo=ZoneInfo("Europe/Paris"))
    assert series.end_of(paris) == dt.datetime(2024, 1, 18, 19, 30, tzinfo=london)
    assert series.end_of(paris).tzinfo is series.schedule.zone


def test_the_end_counts_elapsed_time_across_a_clock_change() -> None:
    london = ZoneInfo("Europe/London")
    series = Series(key="s", name="S", schedule=Schedule(duration=dt.timedelta(hours=1)))
    # 00:30 GMT on the day the clocks go forward: an hour later is 02:30 BST.
    start = dt.datetime(2024, 3, 31, 0, 30, tzinfo=london)
    assert series.end_of(start) == dt.datetime(2024, 3, 31, 2, 30, tzinfo=london)
    assert series.end_of(start) - start == dt.timedelta(hours=2)  # wall clock
    assert series.end_of(start).astimezone(dt.UTC) - start.astimezone(dt.UTC) == dt.timedelta(
        hours=1
    )


@pytest.mark.parametrize("start", [dt.datetime(2024, 1, 18, 18), dt.date(2024, 1, 18), None])
def test_the_end_needs_an_aware_start(start: object) -> None:
    series = Series(key="s", name="S")
    with pytest.raises(KindnessInputError, match="must be an aware datetime"):
        series.end_of(start)  # type: ignore[arg-type]
