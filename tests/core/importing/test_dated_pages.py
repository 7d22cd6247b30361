"""Pages dated by their headings: numeric dates, a date line beside a heading, the rule they follow.

And a speaker named in full, then by first name ("Thi Hoa explained…"): one person.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kindness_core.importing.importer import import_archive
from kindness_core.importing.page import read_page


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("26.05.2025 – Title", dt.date(2025, 5, 26)),
        ("26/05/2025 - Title", dt.date(2025, 5, 26)),
        ("05/26/2025: Title", dt.date(2025, 5, 26)),  # a month over 12: month first
        ("2025-05-26 – Title", dt.date(2025, 5, 26)),
        ("Mon 26.05.2025 – Title", dt.date(2025, 5, 26)),
        ("3.2.2025 | Title", dt.date(2025, 2, 3)),  # day first, as in Europe
    ],
)
def test_numeric_dates_start_a_conversation(line: str, day: dt.date) -> None:
    _, (block,) = read_page(f"Circles\n\n{line}\n\nWe talked.\n")
    heading = block.heading
    assert (heading.year, heading.month, heading.day, heading.title) == (
        day.year, day.month, day.day, "Title")  # fmt: skip


@pytest.mark.parametrize("line", ["13.13.2025 – Title", "12.5 million people came", "3.5 2025"])
def test_numbers_that_are_not_dates_are_prose(line: str) -> None:
    intro, blocks = read_page(f"Circles\n\n{line}\n\nMarch 2025 – A\n")
    assert [p.text for p in intro][-1] == line
    assert len(blocks) == 1


@pytest.mark.parametrize(
    ("first", "second", "day", "title"),
    [
        ("May 2025 — Breaking news", "Saturday, 10 May 2025", 10, "Breaking news"),
        ("Saturday, 10 May 2025", "May 2025 — Breaking news", 10, "Breaking news"),
        ("Thursday, 15 May 2025", "Wednesday 14 May 2025 – Breaking news", 14, "Breaking news"),
        ("March 2025 — Home care", "Saturday, 8 March 2025 (Women's Day)", 8, "Home care"),
    ],
)
def test_a_date_line_beside_a_heading_is_its_date(first, second, day, title) -> None:
    _intro, (block,) = read_page(f"Circles\n\n{first}\n{second}\n\nWe talked.\n")
    assert (block.heading.day, block.heading.title) == (day, title)
    assert block.heading.date_line == 4
    assert [p.text for p in block.paragraphs] == ["We talked."]


def test_two_titled_headings_of_one_month_are_still_refused() -> None:
    with pytest.raises(ValueError, match="a second conversation for May 2025"):
        read_page("May 2025 – One\nMay 2025 – Two\n")


def test_a_page_stating_no_schedule_takes_the_rule_its_dated_headings_follow() -> None:
    text = "Circles\n\n" + "".join(
        f"{day} – Talk {n}\n\nWe talked.\n\n"
        for n, day in enumerate(
            [
                "Friday 25 October 2024",
                "Friday 27 September 2024",
                "Friday 30 August 2024",
                "Friday 19 July 2024",
            ]
        )
    )
    result = import_archive(text)
    assert result.series.schedule.rule == "FREQ=MONTHLY;BYDAY=-1FR"
    warning = next(w for w in result.warnings if "no schedule could be read" in w.message)
    assert "3 of 4 dated headings" in warning.message
    july = next(c for c in result.conversations if c.start.month == 7)
    assert july.start.day == 19
    assert july.previous_start is not None  # 19 July is not the last Friday: a move
    assert july.previous_start.day == 26


def test_a_stated_schedule_wins_over_the_headings() -> None:
    text = (
        "Circles\n\nWe meet on the second Tuesday of the month at 1pm UK time.\n\n"
        "Friday 25 October 2024 – Talk\n\nWe talked.\n\nFriday 27 September 2024 – Talk\n\nWe.\n"
    )
    result = import_archive(text)
    assert result.series.schedule.rule == "FREQ=MONTHLY;BYDAY=2TU"
    assert not [w for w in result.warnings if "no schedule could be read" in w.message]


@pytest.mark.parametrize(
    ("full", "short"), [("Thi Hoa Nguyen", "Thi Hoa"), ("Mary Jane Watson", "Mary Jane")]
)
def test_a_speaker_named_again_by_first_names_is_one_person(full: str, short: str) -> None:
    text = (
        f"March 2025 – Interpreting\n\nWith: {full} (medical interpreter) · Rafael Ortiz "
        f"(family advisor)\n\n{short} explained what interpreters notice.\n"
    )
    (conversation,) = import_archive(text).conversations
    assert [p.name for p in conversation.people] == [full, "Rafael Ortiz"]
