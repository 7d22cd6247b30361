"""The introduction of an archive page: the series' name, list heading, schedule and text."""

from __future__ import annotations

import pytest

from kindness_core.importing.introduction import DEFAULT_SERIES_NAME, read_introduction
from kindness_core.importing.page import Paragraph, text_paragraphs
from kindness_core.importing.result import ArchiveWarning, Use


def read(text: str, **options):
    warnings: list[ArchiveWarning] = []
    options = {"key": None, "name": None, "schedule": None, **options}
    intro = read_introduction(text_paragraphs(text), warnings=warnings, **options)
    return intro, warnings


def uses(intro) -> dict[int, Use]:
    return {use.line: use.use for use in intro.uses}


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("Riverside Listening Circles", "riverside-listening-circles"),
        ("Café Pédago – Paris", "cafe-pedago-paris"),
        ("The Thursday Kindness Hour", "the-thursday-kindness-hour"),
        ("Third Tuesday Talks", "third-tuesday-talks"),
    ],
)
def test_the_first_line_that_reads_as_a_title_names_the_series(title: str, key: str) -> None:
    intro, _ = read(f"{title}\n\nWe meet on the first Monday of the month at 7pm Paris time.\n")
    assert (intro.series.name, intro.series.key) == (title, key)
    assert uses(intro)[1] == Use.SERIES_NAME
    assert title not in intro.series.description


@pytest.mark.parametrize(
    "first",
    [
        "Every month our members meet to talk about kindness in care.",  # a sentence
        "We meet on the second Monday at 10am New York time",  # the schedule
        "Contact us at circles@example.org",  # an address
    ],
)
def test_a_line_that_is_not_a_title_is_not_the_name(first: str) -> None:
    intro, _ = read(f"{first}\n\nMore about us.\n")
    assert intro.series.name == DEFAULT_SERIES_NAME
    assert intro.series.key == "conversations-for-kindness"
    assert Use.SERIES_NAME not in uses(intro).values()


def test_the_callers_name_and_key_win_over_the_page() -> None:
    intro, _ = read("Riverside Circles\n\nAbout us.\n", name="Circles", key="circles")
    assert (intro.series.name, intro.series.key) == ("Circles", "circles")


def test_a_saved_pages_title_names_the_series() -> None:
    title = Paragraph(line=12, text="Open Door Conversations", level=1)
    paragraphs = (title, Paragraph(line=14, text="We talk about minds."))
    warnings: list[ArchiveWarning] = []
    intro = read_introduction(paragraphs, page_title=title, key=None, name=None,
                              schedule=None, warnings=warnings)  # fmt: skip
    assert intro.series.name == "Open Door Conversations"
    assert intro.series.description == "We talk about minds."


@pytest.mark.parametrize(
    "heading", ["Past circles", "Previous cafés", "Archive", "Our talks so far"]
)
def test_the_list_heading_is_not_description(heading: str) -> None:
    intro, _ = read(f"Riverside Circles\n\nWe listen to each other.\n\n{heading}\n")
    assert intro.series.description == "We listen to each other."
    assert uses(intro)[5] == Use.LIST_HEADING


@pytest.mark.parametrize(
    "line",
    [
        "Home \u203a Volunteering \u203a Our conversations",
        "Home > About > Events > Conversations",
        "Branch news | Reps | Meetings | Talks | Contact",
        "About · Events · Archive · Contact",
    ],
)
def test_navigation_lines_are_ignored_and_said_so(line: str) -> None:
    intro, _ = read(f"Riverside Circles\n\n{line}\n\nWe listen to each other.\n")
    assert intro.series.description == "We listen to each other."
    assert uses(intro)[3] == Use.IGNORED


@pytest.mark.parametrize(
    ("sentence", "zone", "hour"),
    [
        (
            "We meet on the second Monday of each month, 10:00–11:30 a.m. Eastern.",
            "America/New_York",
            10,
        ),
        ("Sessions run on the first Tuesday at 1pm Central.", "America/Chicago", 13),
        ("Join us on the last Friday of the month at 9am PT.", "America/Los_Angeles", 9),
        ("We gather on the third Wednesday at 6:30pm ET.", "America/New_York", 18),
    ],
)
def test_north_american_regional_names_are_read_with_a_warning(
    sentence: str, zone: str, hour: int
) -> None:
    intro, warnings = read(f"Peer Circle\n\n{sentence}\n")
    assert intro.series.schedule.timezone == zone
    assert intro.series.schedule.time.hour == hour
    (warning,) = warnings
    assert warning.line == 3
    assert zone in warning.message


@pytest.mark.parametrize("words", ["6pm EST", "6pm PDT", "6pm banana time"])
def test_seasonal_abbreviations_stay_refused(words: str) -> None:
    intro, warnings = read(f"Peer Circle\n\nWe meet on the first Monday at {words}.\n")
    assert intro.series.schedule.timezone == "Europe/London"  # the default, said so:
    assert any("could not read the schedule" in w.message for w in warnings)


def test_a_sentence_with_a_time_wins_over_a_title_with_a_weekday() -> None:
    text = (
        "Third Tuesday Talks\n\nThe Thursday club also meets.\n\n"
        "Talks are held on the third Tuesday of every month at 7.30pm (UK time).\n"
    )
    intro, warnings = read(text)
    assert intro.series.name == "Third Tuesday Talks"
    assert str(intro.series.schedule.time) == "19:30:00"
    assert uses(intro)[5] == Use.SCHEDULE
    assert warnings == []


@pytest.mark.parametrize(
    ("words", "zone"),
    [
        ("(Irish time)", "Europe/Dublin"),
        ("Irish time", "Europe/Dublin"),
        ("(UK time)", "Europe/London"),
    ],
)
def test_national_names_in_brackets(words: str, zone: str) -> None:
    intro, _ = read(f"Lunchtime Talks\n\nWe meet on the last Wednesday at 1pm {words}.\n")
    assert intro.series.schedule.timezone == zone
