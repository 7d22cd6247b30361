"""A series and what it holds: conversations, people, resources, statuses and roles.

Every class here is a frozen, slotted, keyword-only dataclass: instances are
immutable, hashable and compare by value, so two imports of the same text
give equal objects.  Validation happens in ``__post_init__`` and raises
:class:`~kindness_core.errors.KindnessInputError` with a message that says how
to fix the problem.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar, cast
from urllib.parse import urlsplit

from .errors import KindnessInputError
from .schedule.dates import DEFAULT_LOCALE, format_month
from .schedule.recurrence import Schedule
from .schedule.zones import require_aware

__all__ = [
    "CONVERSATION_YEARS",
    "Conversation",
    "Person",
    "Resource",
    "ResourceKind",
    "Role",
    "Series",
    "Status",
    "is_web_url",
    "month_label",
    "slugify",
]

#: First and last year of a conversation's start, end and previous start (the
#: years the Wagtail plugin accepts; the calendar and feeds reach no further).
CONVERSATION_YEARS = (1900, 2999)
_HONORIFICS = ("Dr", "Professor", "Prof", "Sir", "Dame", "Mr", "Mrs", "Ms", "Mx", "Miss")


class Status(StrEnum):
    """Where a conversation stands."""

    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Role(StrEnum):
    """The part a person plays in one conversation."""

    SPEAKER = "speaker"
    CO_SPEAKER = "co-speaker"
    HOST = "host"
    FACILITATOR = "facilitator"
    COORDINATOR = "coordinator"

    @property
    def label(self) -> str:
        return {
            Role.SPEAKER: "Guest speaker",
            Role.CO_SPEAKER: "Co-speaker",
            Role.HOST: "Host",
            Role.FACILITATOR: "Facilitator",
            Role.COORDINATOR: "Coordinator",
        }[self]


class ResourceKind(StrEnum):
    """What a resource is."""

    SUMMARY = "summary"  #: the downloadable "insights and summary" document
    RECORDING = "recording"  #: a video of the conversation
    SLIDES = "slides"  #: a presentation
    AUDIO = "audio"  #: an audio recording or podcast episode
    LINK = "link"  #: anything else

    @property
    def label(self) -> str:
        return {
            ResourceKind.SUMMARY: "Insights and summary",
            ResourceKind.RECORDING: "Recording",
            ResourceKind.SLIDES: "Presentation",
            ResourceKind.AUDIO: "Audio",
            ResourceKind.LINK: "Link",
        }[self]


def slugify(text: str) -> str:
    """ASCII, lower-case, hyphen-separated form of ``text`` (for keys and URLs)."""
    normal = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", normal.lower()).strip("-")


def month_label(when: dt.date | dt.datetime, locale: str = DEFAULT_LOCALE) -> str:
    """``"September 2022"``, ``"Septembre 2022"``: how an untitled conversation is named.

    English unless ``locale`` says otherwise (CLDR's month and year, first
    letter capitalised: it is a title).
    """
    day = when.date() if isinstance(when, dt.datetime) else when
    return format_month(day, locale, title=True)


_E = TypeVar("_E", bound=StrEnum)


def _choice(kind: type[_E], value: object, name: str) -> _E:
    try:
        return kind(cast(str, value))
    except ValueError:
        allowed = ", ".join(repr(member.value) for member in kind)
        raise KindnessInputError(f"{name} {value!r} is not known: use one of {allowed}") from None


def _check_text(
    value: str | None, name: str, *, required: bool = False, nullable: bool = True
) -> None:
    if value is None:
        if required:
            raise KindnessInputError(f"{name} is required: give a non-empty string")
        if not nullable:
            raise KindnessInputError(f"{name} must be a string, not None: give '' for none")
        return
    if not isinstance(value, str):
        raise KindnessInputError(f"{name} must be a string, not {type(value).__name__}")
    if required and not value.strip():
        raise KindnessInputError(f"{name} is empty: give a non-empty string")


#: Characters never allowed in an address (RFC 3986 excludes them; calendar apps,
#: feed readers and HTML attributes each mishandle some): spaces and controls,
#: ``<`` ``>`` ``"`` ``\\`` ``^`` backtick ``{`` ``|`` ``}``.
_BAD_URL_CHARS = re.compile(r"[\s\x00-\x1f\x7f<>\"\\^`{|}]")
#: Unicode categories refused anywhere in an address: controls, invisible format
#: characters (a bidi override can disguise a link), surrogates, private-use and
#: unassigned code points, separators.
_BAD_URL_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})


def is_web_url(url: object) -> bool:
    """True if ``url`` is an absolute http(s) address that every output can carry.

    The one rule for addresses: the series' joining link, resource links and
    page addresses.  A host is required; spaces, control characters and
    ``< > " \\ ^ ` { | }`` are refused (percent-encode them: ``%7C`` for
    ``|``), and so are invisible Unicode characters (format characters such as
    a bidi override, private-use and unassigned code points); a port must be
    a number from 1 to 65535.  Letters of any script are allowed (an IRI).
    The Wagtail plugin's form validators call this, so that the admin never
    accepts what an output would refuse.
    """
    if not isinstance(url, str) or not url:
        return False
    try:
        parts = urlsplit(url)
        return (
            parts.scheme.lower() in ("http", "https")
            and bool(parts.hostname)
            and not _BAD_URL_CHARS.search(url)
            and (
                url.isascii()
                or not any(unicodedata.category(c) in _BAD_URL_CATEGORIES for c in url)
            )
            and parts.port != 0  # also raises ValueError for a port that is not a number
        )
    except ValueError:
        return False


def _check_url(url: str | None, name: str) -> None:
    """Only absolute http(s) addresses: never ``javascript:``, ``data:`` or a bare path."""
    _check_text(url, name)
    if url is not None and not is_web_url(url):
        raise KindnessInputError(
            f"{name} {url!r} is not a web address: use an http:// or https:// URL "
            "such as https://example.org/page (percent-encode spaces and the "
            'characters < > " \\ ^ ` { | })'
        )


def _check_aware(value: object, name: str) -> None:
    if not isinstance(value, dt.datetime):
        raise KindnessInputError(f"{name} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise KindnessInputError(
            f"{name} {value.isoformat()} has no time zone: give an aware datetime, "
            "e.g. with zoneinfo.ZoneInfo('Europe/London')"
        )
    first, last = CONVERSATION_YEARS
    if not first <= value.year <= last:
        raise KindnessInputError(
            f"{name} {value.isoformat()} is out of range: give a date between {first} and {last}"
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Person:
    """Someone with a part in a conversation.

    ``honorific`` ("Dr", "Professor") is kept apart from ``name`` so that
    lists sort and match by name.
    """

    name: str
    role: Role = Role.SPEAKER
    honorific: str | None = None
    job_title: str | None = None
    organisation: str | None = None

    def __post_init__(self) -> None:
        _check_text(self.name, "person name", required=True)
        for attr in ("honorific", "job_title", "organisation"):
            _check_text(getattr(self, attr), f"person {attr}")
        object.__setattr__(self, "role", _choice(Role, self.role, "person role"))

    @property
    def display_name(self) -> str:
        """Name with honorific: ``"Dr Hesham Abdalla"``."""
        return f"{self.honorific} {self.name}" if self.honorific else self.name

    @property
    def key(self) -> str:
        """Stable identifier of the person across conversations."""
        return slugify(self.name)

    @staticmethod
    def split_honorific(text: str) -> tuple[str | None, str]:
        """Split ``"Dr Hesham Abdalla"`` into ``("Dr", "Hesham Abdalla")``.

        ``"Professor Michael West"`` gives ``("Professor", "Michael West")``;
        ``"Prof. X"`` gives ``("Prof", "X")``; a name without an honorific
        gives ``(None, name)`` with its spaces tidied.
        """
        words = text.split()
        if len(words) > 1:
            head = words[0].rstrip(".")
            for honorific in _HONORIFICS:
                if head.lower() == honorific.lower():
                    return honorific, " ".join(words[1:])
        return None, " ".join(words)


@dataclass(frozen=True, slots=True, kw_only=True)
class Resource:
    """A document, recording or link belonging to a conversation.

    A resource without a ``url`` is *pending*: announced but not yet
    available.  Pending resources are never given an invented URL.
    """

    kind: ResourceKind
    title: str
    url: str | None = None
    media_type: str | None = None
    size: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", _choice(ResourceKind, self.kind, "resource kind"))
        _check_text(self.title, "resource title", required=True)
        _check_url(self.url, "resource url")
        _check_text(self.media_type, "resource media_type")
        if self.size is not None and (
            isinstance(self.size, bool) or not isinstance(self.size, int) or self.size < 0
        ):
            raise KindnessInputError("resource size must be a whole number of bytes, 0 or more")

    @property
    def pending(self) -> bool:
        """True while the resource has no URL yet."""
        return self.url is None


@dataclass(frozen=True, slots=True, kw_only=True)
class Conversation:
    """One meeting of a series.

    ``start`` is an aware datetime in the series' zone.  ``title`` may be
    ``None`` (some months have none); :attr:`display_title` then reads
    "September 2022".  ``previous_start`` is the original date of a postponed
    conversation.

    ``sequence`` and ``last_modified`` say which revision of the conversation
    this is (how many times it was published after the first, and when it
    was last published): the calendars write them as ``SEQUENCE`` and
    ``LAST-MODIFIED`` so that subscribers take the change.  They describe the
    publication, not the meeting, so they are left out of comparisons (and of
    the JSON document).
    """

    key: str
    start: dt.datetime
    end: dt.datetime | None = None
    title: str | None = None
    status: Status = Status.HELD
    summary: str = ""
    people: tuple[Person, ...] = ()
    resources: tuple[Resource, ...] = ()
    themes: tuple[str, ...] = ()
    url: str | None = None
    previous_start: dt.datetime | None = None
    sequence: int = field(default=0, compare=False)
    last_modified: dt.datetime | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        _check_text(self.key, "conversation key", required=True)
        _check_aware(self.start, "conversation start")
        if self.end is not None:
            _check_aware(self.end, "conversation end")
            if self.end <= self.start:
                raise KindnessInputError(
                    f"conversation {self.key} ends ({self.end.isoformat()}) before it "
                    f"starts ({self.start.isoformat()}): give an end after the start"
                )
        if self.previous_start is not None:
            _check_aware(self.previous_start, "conversation previous_start")
        if (
            isinstance(self.sequence, bool)
            or not isinstance(self.sequence, int)
            or self.sequence < 0
        ):
            raise KindnessInputError(
                f"conversation sequence {self.sequence!r} is not a revision number: "
                "give a whole number, 0 or more"
            )
        if self.last_modified is not None:
            _check_aware(self.last_modified, "conversation last_modified")
        _check_text(self.title, "conversation title")
        if self.title is not None and not self.title.strip():
            object.__setattr__(self, "title", None)
        _check_text(self.summary, "conversation summary", nullable=False)
        _check_url(self.url, "conversation url")
        object.__setattr__(self, "status", _choice(Status, self.status, "conversation status"))
        for name, kind in (("people", Person), ("resources", Resource), ("themes", str)):
            value = getattr(self, name)
            if isinstance(value, str | bytes | Person | Resource):
                raise KindnessInputError(
                    f"conversation {name} must be a tuple of {kind.__name__} values: "
                    f"write ({value!r},) for one"
                )
            items = tuple(value)
            for item in items:
                if not isinstance(item, kind):
                    raise KindnessInputError(
                        f"conversation {name} must hold {kind.__name__} values, "
                        f"not {type(item).__name__}"
                    )
            object.__setattr__(self, name, items)

    @property
    def display_title(self) -> str:
        """The title, or the month ("September 2022") when there is none."""
        return self.title or month_label(self.start)

    @property
    def month(self) -> tuple[int, int]:
        """(year, month) of the start, in the series' zone."""
        return (self.start.year, self.start.month)

    @property
    def speakers(self) -> tuple[Person, ...]:
        """People who speak (guest speakers and co-speakers)."""
        return tuple(p for p in self.people if p.role in (Role.SPEAKER, Role.CO_SPEAKER))

    def resources_of(self, kind: ResourceKind) -> tuple[Resource, ...]:
        return tuple(r for r in self.resources if r.kind == kind)


@dataclass(frozen=True, slots=True, kw_only=True)
class Series:
    """A recurring conversation series and its schedule."""

    key: str
    name: str
    schedule: Schedule = field(default_factory=Schedule)
    description: str = ""
    joining: str = ""
    join_url: str | None = None
    contact: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        _check_text(self.key, "series key", required=True)
        if slugify(self.key) != self.key:
            raise KindnessInputError(
                f"series key {self.key!r} must be a slug: use {slugify(self.key)!r}"
            )
        _check_text(self.name, "series name", required=True)
        _check_text(self.description, "series description", nullable=False)
        _check_text(self.joining, "series joining", nullable=False)
        _check_text(self.contact, "series contact")
        _check_url(self.join_url, "series join_url")
        _check_url(self.url, "series url")
        if not isinstance(self.schedule, Schedule):
            raise KindnessInputError("series schedule must be a kindness_core.Schedule")

    @property
    def duration(self) -> dt.timedelta:
        """Default length of a conversation (from the schedule)."""
        return self.schedule.duration

    def end_of(self, conversation: Conversation | dt.datetime) -> dt.datetime:
        """When a conversation ends, in the series' zone.

        The one rule for the end, which every output uses: the conversation's
        own ``end`` if it has one, else its start plus the schedule's
        duration (elapsed time, so an hour that spans a clock change still
        lasts an hour).  Give a :class:`Conversation`, or the aware start of
        a meeting that has no end of its own.
        """
        if isinstance(conversation, Conversation):
            if conversation.end is not None:
                return conversation.end.astimezone(self.schedule.zone)
            start = conversation.start
        else:
            start = require_aware(conversation, "the start of a conversation")
        return (start.astimezone(dt.UTC) + self.duration).astimezone(self.schedule.zone)

    def conversation_key(self, year: int, month: int) -> str:
        """The stable key of this series' conversation in a month: ``"slug/2023-10"``."""
        return f"{self.key}/{year:04d}-{month:02d}"
