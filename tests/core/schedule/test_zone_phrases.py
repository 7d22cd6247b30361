"""Time zones named in schedule phrases: read, or refused in one line; never replaced.

Each class of input is tried over all of its members where they can be
listed (every place and every IANA name of the installed zone data, every
abbreviation, every regional name), and over a sample elsewhere (offsets,
unknown words).  Before this, "Paris time", "banana time" and "UTC+2" were
silently read as UK time (or as UTC).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kindness_core.cli import main
from kindness_core.errors import KindnessInputError, RuleError, UnknownTimeZoneError
from kindness_core.importing.importer import import_archive
from kindness_core.schedule.description import describe
from kindness_core.schedule.phrases import parse_schedule
from kindness_core.schedule.zone_phrases import REGIONAL_NAMES, place_names, read_zone, zone_label
from kindness_core.schedule.zones import get_zone, zone_names

NOW = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
ORDINARY_WORDS = {"christmas", "easter", "reunion", "wake", "midway", "center", "north",
                  "south", "west", "victoria"}  # fmt: skip
IANA_NAMES = sorted(z for z in zone_names() if "/" in z)
PLACES = sorted(place_names().items())


def same_clock(zone: str, names: tuple[str, ...]) -> bool:
    """``zone`` is one of ``names``, or a zone they are all links to (same data)."""
    if zone in names:
        return True
    moments = [dt.datetime(year, month, 15, tzinfo=dt.UTC)
               for year in (1975, 2000, 2024, 2030) for month in (1, 7)]  # fmt: skip
    return all(
        m.astimezone(get_zone(zone)).utcoffset() == m.astimezone(get_zone(n)).utcoffset()
        for n in names
        for m in moments
    )


def refused(text: str, *fragments: str, error: type[Exception] = RuleError) -> str:
    with pytest.raises(error) as caught:
        parse_schedule(text)
    message = str(caught.value)
    assert "\n" not in message
    assert isinstance(caught.value, KindnessInputError)
    for fragment in fragments:
        assert fragment in message, message
    return message


# -- places of the IANA data -------------------------------------------------------------


def spelt(names: tuple[str, ...]) -> str:
    """The place as a person writes it: "New York", "Port-au-Prince", "St Johns"."""
    return names[0].split("/")[-1].replace("_", " ")


@pytest.mark.parametrize(("key", "names"), PLACES, ids=[k for k, _ in PLACES])
def test_every_place_of_the_zone_data_is_read(key: str, names: tuple[str, ...]) -> None:
    phrase = f"every Monday at 6pm {spelt(names)} time"
    if key in ORDINARY_WORDS:
        refused(phrase, "is also an ordinary word", names[0])
        return
    schedule = parse_schedule(phrase)
    assert same_clock(schedule.timezone, names), (phrase, schedule.timezone)
    # Right after the meeting time, "time" may be left out.
    assert parse_schedule(f"every Monday at 6pm {spelt(names)}").timezone == schedule.timezone


@pytest.mark.parametrize(
    ("words", "zone"),
    [
        ("Paris", "Europe/Paris"),
        ("New York", "America/New_York"),
        ("Tokyo", "Asia/Tokyo"),
        ("Sydney", "Australia/Sydney"),
        ("São Paulo", "America/Sao_Paulo"),
        ("SAO PAULO", "America/Sao_Paulo"),
        ("sao_paulo", "America/Sao_Paulo"),
        ("Los Angeles", "America/Los_Angeles"),
        ("Buenos Aires", "America/Argentina/Buenos_Aires"),
        ("Ho Chi Minh", "Asia/Ho_Chi_Minh"),
        ("Zürich", "Europe/Zurich"),
        ("St. John's", "America/St_Johns"),
        ("Port au Prince", "America/Port-au-Prince"),
        ("Dar es Salaam", "Africa/Dar_es_Salaam"),
        ("Mexico City", "America/Mexico_City"),
        ("New York City", "America/New_York"),
        ("Paris local", "Europe/Paris"),
        ("London", "Europe/London"),
        ("Kolkata", "Asia/Kolkata"),
        ("Indianapolis", "America/Indiana/Indianapolis"),
        ("Istanbul", "Europe/Istanbul"),
    ],
)
def test_place_names_ignore_case_accents_and_punctuation(words: str, zone: str) -> None:
    schedule = parse_schedule(f"third Thursday of the month at 6pm {words} time")
    assert (schedule.rule, schedule.time, schedule.timezone) == (
        "FREQ=MONTHLY;BYDAY=3TH", dt.time(18), zone,
    )  # fmt: skip


@pytest.mark.parametrize(
    "phrase",
    [
        "third Thursday of the month at 6pm Paris time",
        "third Thursday of the month at 6pm, Paris time",
        "third Thursday of the month at 6pm (Paris time)",
        "third Thursday of the month at 6 p.m. Paris time",
        "third Thursday of the month at 18:00 Paris time.",
        "Paris time: third Thursday of the month at 6pm",
        "third Thursday of the month at 6pm in the Paris time zone",
        "third Thursday of the month at 6pm Paris",
    ],
)
def test_the_place_may_be_anywhere_in_the_phrase(phrase: str) -> None:
    assert parse_schedule(phrase).timezone == "Europe/Paris"


# -- IANA names, UTC, regional names ------------------------------------------------------


@pytest.mark.parametrize("zone", IANA_NAMES)
def test_every_iana_name_is_read_exactly(zone: str) -> None:
    assert parse_schedule(f"every Monday at 6pm {zone}").timezone == zone
    assert parse_schedule(f"every Monday at 6pm {zone} time").timezone == zone


@pytest.mark.parametrize("zone", ["Europe/Paris", "America/Argentina/Buenos_Aires", "UTC",
                                  "Europe/London", "Etc/GMT-2", "Asia/Ho_Chi_Minh"])  # fmt: skip
def test_describe_names_a_zone_that_reads_back_as_itself(zone: str) -> None:
    schedule = parse_schedule("every Monday at 6pm", timezone=zone)
    sentence = describe(schedule)
    assert sentence.endswith(zone_label(zone))
    assert parse_schedule(sentence).timezone == zone


@pytest.mark.parametrize("zone", IANA_NAMES[::7])
def test_every_label_reads_back(zone: str) -> None:
    assert read_zone(f"every Monday at 6:00pm {zone_label(zone)}", "UTC") == zone


@pytest.mark.parametrize(
    ("phrase", "zone"),
    [("every Monday at 10am UTC", "UTC"), ("every Monday at 10am utc", "UTC"),
     ("every Monday at 10am UTC time", "UTC"), ("every Monday at 6pm GMT/BST", "Europe/London"),
     ("every Monday at 6pm U.K. time", "Europe/London")],
)  # fmt: skip
def test_utc_and_uk_forms(phrase: str, zone: str) -> None:
    assert parse_schedule(phrase).timezone == zone


@pytest.mark.parametrize(("words", "zone"), sorted(REGIONAL_NAMES.items()))
def test_every_regional_name_is_read(words: str, zone: str) -> None:
    get_zone(zone)
    assert parse_schedule(f"every Monday at 6pm {words} time").timezone == zone
    assert parse_schedule(f"every Monday at 6pm {words.lower()} Time").timezone == zone


@pytest.mark.parametrize(
    ("words", "fragment"),
    [("Eastern", "'US Eastern time' or 'New York time'"), ("Central", "'US Central time'"),
     ("Mountain", "'Denver time' or 'Phoenix time'"), ("US Mountain", "Phoenix"),
     ("local", "'local time' does not say which zone")],
)  # fmt: skip
def test_regional_names_that_mean_several_clocks_are_refused(words: str, fragment: str) -> None:
    refused(f"every Monday at 6pm {words} time", fragment)


def test_a_wrongly_spelt_iana_name_gets_a_suggestion() -> None:
    refused("every Monday at 6pm europe/paris", "did you mean 'Europe/Paris'",
            error=UnknownTimeZoneError)  # fmt: skip
    refused("every Monday at 6pm Mars/Olympus", "Mars/Olympus", error=UnknownTimeZoneError)


# -- refused: abbreviations, offsets, unknown words, two zones ----------------------------

ABBREVIATIONS = ["BST", "CET", "CEST", "EET", "EEST", "WET", "WEST", "EST", "EDT", "CST",
                 "CDT", "MST", "MDT", "PST", "PDT", "ET", "PT", "IST", "AEST", "AEDT"]  # fmt: skip


@pytest.mark.parametrize("abbreviation", ABBREVIATIONS)
def test_abbreviations_are_refused(abbreviation: str) -> None:
    refused(f"every Monday at 6pm {abbreviation}", f"'{abbreviation}' is an abbreviation",
            "name the zone instead")  # fmt: skip
    refused(f"every Monday at 6pm {abbreviation} time", f"'{abbreviation}' is an abbreviation")


@pytest.mark.parametrize("text", ["every Monday at 6pm GMT", "every Monday at 6pm GMT time"])
def test_gmt_is_refused_as_two_things(text: str) -> None:
    refused(text, "UTC+0 all year or UK time", "'UK time' or 'UTC'", "name the zone instead")


@pytest.mark.parametrize(
    ("phrase", "offset"),
    [
        ("every Monday 6pm UTC+2", "UTC+2"),
        ("every Monday 6pm UTC-5", "UTC-5"),
        ("every Monday 6pm UTC+0", "UTC+0"),
        ("every Monday 6pm UTC+05:30", "UTC+05:30"),
        ("every Monday 6pm UTC +2", "UTC +2"),
        ("every Monday 6pm UTC\u22123", "UTC\u22123"),
        ("every Monday 6pm GMT+1", "GMT+1"),
        ("every Monday 6pm GMT-05:00", "GMT-05:00"),
        ("every Monday 6pm gmt+10", "gmt+10"),
        ("every Monday 6pm +02:00", "+02:00"),
        ("every Monday 6pm +0530", "+0530"),
        ("every Monday 18:00+02:00", "+02:00"),
        ("every Monday at 6pm -05:00", "-05:00"),
        ("every Monday at 6pm (UTC+1)", "UTC+1"),
    ],
)
def test_fixed_offsets_are_refused_with_a_hint_to_name_the_place(phrase: str, offset: str) -> None:
    refused(phrase, f"{offset!r} is a fixed offset", "name the place instead", "'Paris time'")


def test_a_time_range_is_not_an_offset() -> None:
    schedule = parse_schedule("every Monday 18:00-19:30")
    assert (schedule.time, schedule.timezone) == (dt.time(18), "Europe/London")


@pytest.mark.parametrize(
    ("words", "fragment"),
    [
        ("banana", "'banana time': name the place"),
        ("Mars", "'Mars time'"),
        ("Narnia", "'Narnia time'"),
        ("Gotham City", "'Gotham City time'"),
        ("Pariss", "did you mean 'Paris time'?"),
        ("New Yrok", "did you mean 'New York time'?"),
        ("Pacific Standard", "'Pacific Standard time'"),
        ("summer", "'summer time'"),
        ("Australian", "'Australian time'"),  # a country of several clocks, none main
        ("US", "'US time'"),
        ("Brazil", "'Brazil time'"),
    ],
)
def test_words_before_time_that_name_no_zone_are_refused(words: str, fragment: str) -> None:
    message = refused(f"third Thursday of the month at 6pm {words} time", fragment)
    assert message.startswith("could not read the time zone")


@pytest.mark.parametrize(
    ("words", "zone"),
    [
        ("Japan time", "Asia/Tokyo"),
        ("South Africa time", "Africa/Johannesburg"),
        ("South African time", "Africa/Johannesburg"),
        ("(India time)", "Asia/Kolkata"),
        ("Indian time", "Asia/Kolkata"),
        ("New Zealand time", "Pacific/Auckland"),  # "most of New Zealand", not Chatham
        ("Germany time", "Europe/Berlin"),
        ("Spanish time", "Europe/Madrid"),  # the mainland, not the Canaries
        ("Irish time", "Europe/Dublin"),
        ("Kenyan time", "Africa/Nairobi"),
        ("Ghana time", "Africa/Accra"),
        ("South Korea time", "Asia/Seoul"),
        ("Trinidad and Tobago time", "America/Port_of_Spain"),
    ],
)
def test_a_country_with_one_clock_or_a_main_one_names_it(words: str, zone: str) -> None:
    assert parse_schedule(f"second Saturday of the month at 4pm {words}").timezone == zone


@pytest.mark.parametrize(
    ("words", "zone"),
    [
        ("2pm SAST", "Africa/Johannesburg"),
        ("12.30pm SGT", "Asia/Singapore"),
        ("19:00 (JST)", "Asia/Tokyo"),
        ("9am HKT", "Asia/Hong_Kong"),
        ("10 a.m. PKT", "Asia/Karachi"),
    ],
)
def test_abbreviations_of_zones_without_summer_time_are_read(words: str, zone: str) -> None:
    assert parse_schedule(f"first Thursday of the month at {words}").timezone == zone


@pytest.mark.parametrize("words", ["6pm XYZT", "18:00 (QQT)", "6 p.m. ABT", "7.30pm ZT"])
def test_an_unknown_abbreviation_after_the_time_is_refused_not_ignored(words: str) -> None:
    message = refused(f"first Thursday of the month at {words}", "could not read the time zone")
    assert "name the place" in message


@pytest.mark.parametrize(
    "phrase",
    [
        "first Thursday of the month at 6pm, NHS staff welcome",
        "first Thursday of the month at 6pm meet the team",
        "first Thursday of the month at 6pm. TEXT US to join",
    ],
)
def test_capitals_after_the_time_that_are_not_abbreviations_are_left_alone(phrase: str) -> None:
    assert parse_schedule(phrase).timezone == "Europe/London"


@pytest.mark.parametrize("word", sorted(ORDINARY_WORDS))
def test_places_that_are_also_ordinary_words_need_their_iana_name(word: str) -> None:
    names = place_names()[word]
    refused(f"every Monday at 6pm {word.title()} time", "is also an ordinary word", names[0])
    assert parse_schedule(f"every Monday at 6pm {names[0]}").timezone == names[0]
    # Without "time" the word is left alone.
    assert parse_schedule(f"every Monday at 6pm {word}").timezone == "Europe/London"


@pytest.mark.parametrize(
    "phrase",
    [
        "every Monday at 6pm UK time (7pm Paris time)",
        "every Monday at 6pm Europe/Paris, New York time",
        "every Monday at 6pm UTC or Tokyo time",
    ],
)
def test_two_zones_are_refused(phrase: str) -> None:
    refused(phrase, "names more than one time zone")


@pytest.mark.parametrize(
    "phrase",
    [
        "every Monday at 6pm, for the first time",
        "every Monday at 6pm, at the same time",
        "every Monday at 6pm; tea time",
        "every Monday at 6pm and/or later",
        "every Monday at 6pm Paris Street",  # a place in a longer name
        "every Monday at 6pm Sydney Opera House",
        "every Monday at 6pm Central Library",
        "every Monday at 6pm local pub",
    ],
)
def test_time_without_a_zone_keeps_the_default(phrase: str) -> None:
    assert parse_schedule(phrase, timezone="Asia/Tokyo").timezone == "Asia/Tokyo"


# -- the importer and the command line ----------------------------------------------------


@pytest.mark.parametrize(
    ("words", "zone", "start"),
    [
        ("at 12.30pm Paris time", "Europe/Paris", "2024-02-15T12:30:00+01:00"),
        ("at 6 p.m. New York time", "America/New_York", "2024-02-15T18:00:00-05:00"),
        ("at 9am Tokyo time", "Asia/Tokyo", "2024-02-15T09:00:00+09:00"),
        ("at 6pm São Paulo time", "America/Sao_Paulo", "2024-02-15T18:00:00-03:00"),
        ("at 6pm Europe/Paris", "Europe/Paris", "2024-02-15T18:00:00+01:00"),
    ],
)
def test_the_importer_reads_the_zone_the_page_states(
    seed_text: str, words: str, zone: str, start: str
) -> None:
    text = seed_text.replace("at 6pm UK time", words, 1)
    result = import_archive(text, now=NOW)
    assert result.series.schedule.timezone == zone
    assert result.conversations[0].start.isoformat() == start
    assert not [w for w in result.warnings if "could not read the schedule" in w.message]


@pytest.mark.parametrize("words", ["at 6pm banana time", "at 6pm UTC+2", "at 6pm EST"])
def test_the_importer_warns_about_a_zone_it_cannot_read(seed_text: str, words: str) -> None:
    result = import_archive(seed_text.replace("at 6pm UK time", words, 1), now=NOW)
    assert result.series.schedule.timezone == "Europe/London"  # the default, said so:
    assert any("could not read the schedule" in w.message for w in result.warnings)


def test_describe_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["describe", "third Thursday of the month at 6pm Paris time", "--json",
                   "--after", "2026-11-26"])  # fmt: skip
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    payload = json.loads(out)
    assert payload["timezone"] == "Europe/Paris"
    assert payload["next"][0]["start"] == "2026-12-17T18:00:00+01:00"
    assert payload["description"] == "Third Thursday of every month at 6:00pm Europe/Paris time"


@pytest.mark.parametrize(
    ("phrase", "fragment"),
    [("third Thursday at 6pm banana time", "'banana time'"),
     ("third Thursday at 6pm UTC+2", "'UTC+2' is a fixed offset"),
     ("third Thursday at 6pm Eastern time", "'US Eastern time'")],
)  # fmt: skip
def test_the_command_line_refuses_in_one_line(
    capsys: pytest.CaptureFixture[str], phrase: str, fragment: str
) -> None:
    status = main(["describe", phrase])
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    assert err.startswith("kindness: error: ")
    assert err.count("\n") == 1
    assert fragment in err
