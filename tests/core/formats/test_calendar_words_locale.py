"""Every word the calendars write can be given in another language (``CalendarWords``).

The series calendar, the one-event file and the Google / Outlook links are
read back with icalendar and ``urllib``: with French or Spanish words no
English label is left; with the default words the output is the English one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest

from kindness_core import Archive, CalendarWords, Conversation, Person, Role, Series, Status
from kindness_core.formats.calendar_links import (
    calendar_event_title,
    google_calendar_url,
    outlook_calendar_url,
)
from kindness_core.formats.ical import conversation_calendar, to_ics
from kindness_core.formats.ical_text import (
    DEFAULT_WORDS,
    conversation_description,
    english_role_label,
    series_description,
)
from kindness_core.schedule.dates import format_day
from kindness_core.series import month_label

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

_FRENCH_ROLES = {Role.SPEAKER: ("Intervenant", "Intervenants"), Role.HOST: ("Hôte", "Hôtes"),
                 Role.CO_SPEAKER: ("Co-intervenant", "Co-intervenants"),
                 Role.FACILITATOR: ("Animateur", "Animateurs"),
                 Role.COORDINATOR: ("Coordinateur", "Coordinateurs")}  # fmt: skip
_SPANISH_ROLES = {Role.SPEAKER: ("Ponente", "Ponentes"), Role.HOST: ("Anfitrión", "Anfitriones"),
                  Role.CO_SPEAKER: ("Coponente", "Coponentes"),
                  Role.FACILITATOR: ("Moderador", "Moderadores"),
                  Role.COORDINATOR: ("Coordinador", "Coordinadores")}  # fmt: skip


def _roles(table: dict[Role, tuple[str, str]]) -> Callable[[Role, int], str]:
    def label(role: Role, count: int) -> str:
        return table[role][count > 1]

    return label


FRENCH = dataclasses.replace(
    CalendarWords.in_locale("fr"),
    cancelled="Annulé : {title}",
    postponed="Reporté : {title}",
    postponed_from="Reporté du {date}",
    role_label=_roles(_FRENCH_ROLES),
    people_line="{role} : {names}",
    more="Plus : {url}",
    join_online="Rejoindre en ligne : {url}",
    contact="Contact : {contact}",
    with_people="Avec {names}",
    join_label="Rejoindre en ligne",
)
SPANISH = dataclasses.replace(
    CalendarWords.in_locale("es"),
    cancelled="Cancelada: {title}",
    postponed="Aplazada: {title}",
    postponed_from="Aplazada desde el {date}",
    role_label=_roles(_SPANISH_ROLES),
    more="Más: {url}",
    join_online="Unirse en línea: {url}",
    contact="Contacto: {contact}",
    with_people="Con {names}",
    join_label="Unirse en línea",
)
ENGLISH_LABELS = ("Guest speaker", "Host", "More:", "Join online", "Contact:", "With ",
                  "Postponed", "Cancelled", "September", "January")  # fmt: skip


@pytest.fixture
def series(make_series: Callable[..., Series]) -> Series:
    return make_series(contact="kindness@example.org", joining="Join on Zoom.")


@pytest.fixture
def conversations(series: Series, conv: Callable[..., Conversation]) -> tuple[Conversation, ...]:
    zone = series.schedule.zone
    people = (
        Person(name="Ada Lovelace", role=Role.SPEAKER, organisation="NHS"),
        Person(name="Alan Turing", role=Role.SPEAKER),
        Person(name="Grace Hopper", role=Role.HOST),
    )
    return (
        conv(dt.date(2026, 9, 17), None, people=people, url="https://example.org/c/2026-09"),
        conv(dt.date(2026, 10, 15), "Kindness at work", status=Status.CANCELLED),
        conv(
            dt.date(2027, 1, 28),
            None,
            status=Status.POSTPONED,
            previous_start=dt.datetime(2027, 1, 21, 18, tzinfo=zone),
            people=people[:1],
        ),
    )


def _events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_english_by_default_and_in_locale_en(series: Series, conversations) -> None:
    archive = Archive(series=series, conversations=conversations)
    english = to_ics(archive, now=NOW)
    assert to_ics(archive, now=NOW, words=CalendarWords()) == english
    assert to_ics(archive, now=NOW, words=CalendarWords.in_locale("en_GB")) == english
    events = _events(english)
    everything = "\n".join(str(e.get("DESCRIPTION", "")) + str(e["SUMMARY"]) for e in events)
    for label in ("Guest speakers: Ada Lovelace (NHS); Alan Turing", "Host: Grace Hopper",
                  "Join online: https://example.org/join", "Contact: kindness@example.org",
                  "More: https://example.org/c/2026-09", "September 2026",
                  "Postponed from Thursday 21 January 2027",
                  "Cancelled: Kindness at work"):  # fmt: skip
        assert label in everything
    assert {e["CONFERENCE"].params["LABEL"] for e in events if "CONFERENCE" in e} == {"Join online"}


@pytest.mark.parametrize(
    ("words", "expected", "untitled", "moved"),
    [
        (FRENCH, ["Intervenants : Ada Lovelace (NHS); Alan Turing", "Hôte : Grace Hopper"],
         "Septembre 2026", "Reporté du jeudi 21 janvier 2027"),
        (SPANISH, ["Ponentes: Ada Lovelace (NHS); Alan Turing", "Anfitrión: Grace Hopper"],
         "Septiembre de 2026",
         "Aplazada desde el jueves, 21 de enero de 2027"),
    ],
)  # fmt: skip
def test_the_series_calendar_in_another_language(
    series: Series, conversations, words: CalendarWords, expected, untitled: str, moved: str
) -> None:
    archive = Archive(series=series, conversations=conversations)
    events = _events(to_ics(archive, now=NOW, words=words))
    by_summary = {str(e["SUMMARY"]): e for e in events}
    master = by_summary[series.name]
    master_text = str(master["DESCRIPTION"])
    assert words.join_online.replace("{url}", "https://example.org/join") in master_text
    assert words.contact.replace("{contact}", "kindness@example.org") in master_text
    assert master["CONFERENCE"].params["LABEL"] == words.join_label
    september = str(by_summary[untitled]["DESCRIPTION"])
    for label in expected:
        assert label in september
    assert words.more.replace("{url}", "https://example.org/c/2026-09") in september
    assert words.cancelled.replace("{title}", "Kindness at work") in by_summary
    january = [e for e in events if str(e["DESCRIPTION"]).startswith(moved)]
    assert len(january) == 1
    everything = "\n".join(str(e.get("DESCRIPTION", "")) + str(e["SUMMARY"]) for e in events)
    for label in ENGLISH_LABELS:
        assert label not in everything


@pytest.mark.parametrize(
    ("words", "locale", "title"), [(FRENCH, "fr", "Janvier 2027"), (SPANISH, "es", "Enero de 2027")]
)
def test_the_one_event_file_in_another_language(
    series: Series, conversations, words: CalendarWords, locale: str, title: str
) -> None:
    moved = conversations[2]
    (event,) = _events(conversation_calendar(series, moved, now=NOW, words=words))
    assert str(event["SUMMARY"]) == f"{series.name}: {title}"
    day = format_day(dt.date(2027, 1, 21), locale)
    assert str(event["DESCRIPTION"]).startswith(words.postponed_from.replace("{date}", day))
    assert event["CONFERENCE"].params["LABEL"] == words.join_label


def _query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


@pytest.mark.parametrize(
    ("words", "with_", "more", "moved", "title"),
    [
        (FRENCH, "Avec Ada Lovelace", "Plus : ", "Reporté du jeudi 21 janvier 2027",
         "Janvier 2027"),
        (SPANISH, "Con Ada Lovelace", "Más: ", "Aplazada desde el jueves, 21 de enero de 2027",
         "Enero de 2027"),
    ],
)  # fmt: skip
def test_calendar_links_in_another_language(
    series: Series,
    conversations,
    words: CalendarWords,
    with_: str,
    more: str,
    moved: str,
    title: str,
) -> None:
    postponed = conversations[2]
    for url, text_key, details_key in (
        (google_calendar_url(series, postponed, words=words), "text", "details"),
        (outlook_calendar_url(series, postponed, words=words), "subject", "body"),
        (outlook_calendar_url(series, postponed, office365=True, words=words), "subject", "body"),
    ):
        fields = _query(url)
        assert fields[text_key] == f"{series.name}: {title}"
        details = fields[details_key]
        assert details.startswith(moved)
        assert with_ in details
        assert words.join_online.replace("{url}", "https://example.org/join") in details
        assert more + "https://example.org/conversations" in details
        for label in ENGLISH_LABELS:
            assert label not in details
    assert calendar_event_title(series, postponed, words=words) == f"{series.name}: {title}"


def test_calendar_links_are_english_by_default(series: Series, conversations) -> None:
    details = _query(google_calendar_url(series, conversations[2]))["details"]
    assert details.startswith("Postponed from Thursday 21 January 2027")
    assert "With Ada Lovelace" in details
    assert "More: https://example.org/conversations" in details
    assert google_calendar_url(series, conversations[2]) == google_calendar_url(
        series, conversations[2], words=DEFAULT_WORDS
    )


@pytest.mark.parametrize(
    ("locale", "day", "month"),
    [("fr", "jeudi 21 janvier 2027", "Janvier 2027"),
     ("es", "jueves, 21 de enero de 2027", "Enero de 2027"),
     ("cy", "Dydd Iau, 21 Ionawr 2027", "Ionawr 2027"),
     ("en_US", "Thursday 21 January 2027", "January 2027")],
)  # fmt: skip
def test_in_locale_gives_dates_and_months(locale: str, day: str, month: str) -> None:
    words = CalendarWords.in_locale(locale)
    assert words.date(dt.date(2027, 1, 21)) == day
    assert words.month(dt.date(2027, 1, 21)) == month == month_label(dt.date(2027, 1, 21), locale)
    assert words.more == "More: {url}"  # the labels stay English
    assert words.join_label == "Join online"


def test_role_labels_by_default() -> None:
    assert english_role_label(Role.SPEAKER, 1) == "Guest speaker"
    assert english_role_label(Role.SPEAKER, 2) == "Guest speakers"
    assert english_role_label(Role.HOST, 3) == "Hosts"


def test_series_description_words(series: Series) -> None:
    assert series_description(series) == (
        "Monthly conversations about kindness in healthcare.\n\nJoin on Zoom.\n\n"
        "Join online: https://example.org/join\n\nContact: kindness@example.org"
    )
    assert series_description(series, words=FRENCH).endswith(
        "Rejoindre en ligne : https://example.org/join\n\nContact : kindness@example.org"
    )


def test_a_conversation_description_in_french(series: Series, conversations) -> None:
    text = conversation_description(series, conversations[0], words=FRENCH)
    assert text.split("\n\n")[0] == (
        "Intervenants : Ada Lovelace (NHS); Alan Turing\nHôte : Grace Hopper"
    )
    assert text.endswith("\n\nPlus : https://example.org/c/2026-09")
    english = conversation_description(series, conversations[0])
    assert english.split("\n\n")[0] == (
        "Guest speakers: Ada Lovelace (NHS); Alan Turing\nHost: Grace Hopper"
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"more": "More"}, r"more must be text containing \{url\}"),
        ({"join_online": "Join online"}, r"join_online must be text containing \{url\}"),
        ({"contact": "Contact: {url}"}, r"contact must be text containing \{contact\}"),
        ({"with_people": "With"}, r"with_people must be text containing \{names\}"),
        ({"people_line": "{role}:"}, r"people_line must be text containing \{names\}"),
        ({"more": None}, r"more must be text"),
        ({"role_label": "Speaker"}, "role_label must be a function"),
        ({"month": "%B %Y"}, "month must be a function"),
        ({"join_label": "  "}, "join_label must be text"),
        ({"join_label": 3}, "join_label must be text"),
    ],
)
def test_bad_words(fields: dict[str, object], message: str) -> None:
    from kindness_core import KindnessInputError

    with pytest.raises(KindnessInputError, match=message):
        CalendarWords(**fields)  # type: ignore[arg-type]
