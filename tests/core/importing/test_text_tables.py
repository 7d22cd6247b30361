"""Tables written on a page (pipes, Markdown, tabs, saved HTML rows): one conversation per line."""

from __future__ import annotations

import datetime as dt

import pytest

from kindness_core import ArchiveFormatError, ResourceKind, Role, Schedule
from kindness_core.importing.page import Link, Paragraph, text_paragraphs
from kindness_core.importing.result import Use
from kindness_core.importing.text_table import (
    TableImport,
    find_table,
    import_table,
    keep_tabs,
    table_cells,
)
from kindness_core.series import Series

FIRST_WEDNESDAY = Schedule(rule="FREQ=MONTHLY;BYDAY=1WE", time=dt.time(10, 0))
SECOND_SATURDAY = Schedule(rule="FREQ=MONTHLY;BYDAY=2SA", time=dt.time(14, 0))

PIPES = """\
Harbourside Carers' Circle

We meet on the first Wednesday of each month at 10am.

When | Subject | Guests | Materials
Wed 2 July 2025 | Sleep and caring | Dr Nia Rhodes (Sleep Physician, Bayview Hospital); Owen Price (carer) | Minutes; Video
Thu 5 June 2025 (moved from Wed 4 June because of the bank holiday) | Respite that works | Chair: Lena Ortiz | Podcast
Wed 7 May 2025 | Cancelled – venue flooded | – | n/a
Wed 2 April 2025 | Siblings who care | Facilitator: Ruth Adebayo. Guests: Sam Okafor (Young Carers Officer) and Priya Lal (student) | Write-up; Recording available on request
Wed 5 March 2025 | Money and benefits | Tom Byrne (Welfare Adviser, Bayview Council) | not recorded

Notes
The June meeting moved because of the bank holiday.
"""  # noqa: E501


def series(schedule: Schedule = FIRST_WEDNESDAY) -> Series:
    return Series(key="circle", name="Circle", schedule=schedule)


def table_of(text: str, **options: object) -> TableImport:
    paragraphs = keep_tabs(text, text_paragraphs(text))
    found = find_table(paragraphs)
    assert found is not None
    start, end = found
    options.setdefault("schedule_given", True)
    options.setdefault("series", series())
    return import_table(paragraphs[start:end], now=None, **options)  # type: ignore[arg-type]


def by_month(table: TableImport) -> dict[str, object]:
    return {c.key.rsplit("/", 1)[1]: c for c in table.conversations}


# -- finding the table ------------------------------------------------------


def test_find_table_gives_the_header_and_the_rows_only() -> None:
    paragraphs = text_paragraphs(PIPES)
    found = find_table(paragraphs)
    assert found is not None
    start, end = found
    assert paragraphs[start].text.startswith("When | Subject")
    assert paragraphs[end - 1].text.startswith("Wed 5 March 2025")
    assert paragraphs[end].text == "Notes"


@pytest.mark.parametrize(
    "text",
    [
        "Feb 2024 | Sleep and caring\nNotes | Slides\n",  # headings and cue lines, not a table
        "Topic | Speakers | Resources\nSleep | Ann Bee | Notes\n",  # no date column
        "Date | Topic\n\nSome prose after a lonely header.\n",  # a header with no row
        "Date, Topic, Speakers\n2025-01-01, A, B\n",  # commas: a spreadsheet, not a page table
        "We met on the date | time we chose.\n",
    ],
)
def test_text_that_is_not_a_table(text: str) -> None:
    assert find_table(text_paragraphs(text)) is None


@pytest.mark.parametrize(
    ("text", "cells"),
    [
        ("Date | Topic", ["Date", "Topic"]),
        ("| Date | Topic |", ["Date", "Topic"]),
        ("|Date|Topic|", ["Date", "Topic"]),
        ("Date\tTopic\tSpeakers", ["Date", "Topic", "Speakers"]),
        ("| 2025-01-01 | Pipes \\| and more |", ["2025-01-01", "Pipes | and more"]),
        ("| --- | :---: |", ["---", ":---:"]),
    ],
)
def test_table_cells(text: str, cells: list[str]) -> None:
    found = table_cells(text)
    assert found is not None
    assert found[1] == cells


# -- one table read in full -------------------------------------------------


def test_a_text_table_gives_conversations_moves_skips_and_each_line_its_use() -> None:
    table = table_of(PIPES)
    months = by_month(table)
    assert sorted(months) == ["2025-03", "2025-04", "2025-06", "2025-07"]
    july, june, april, march = (months[m] for m in ("2025-07", "2025-06", "2025-04", "2025-03"))
    assert [(p.honorific, p.name, p.role, p.job_title, p.organisation) for p in july.people] == [  # type: ignore[attr-defined]
        ("Dr", "Nia Rhodes", Role.SPEAKER, "Sleep Physician", "Bayview Hospital"),
        (None, "Owen Price", Role.SPEAKER, "carer", None),
    ]
    assert [(r.kind, r.url) for r in july.resources] == [  # type: ignore[attr-defined]
        (ResourceKind.SUMMARY, None),
        (ResourceKind.RECORDING, None),
    ]
    # a note in the date cell: the move, from the rule's meeting
    assert june.start.date() == dt.date(2025, 6, 5)  # type: ignore[attr-defined]
    assert june.previous_start.date() == dt.date(2025, 6, 4)  # type: ignore[attr-defined]
    assert [(m.date, m.to) for m in table.schedule.moves] == [
        (dt.date(2025, 6, 4), dt.datetime(2025, 6, 5, 10, 0))
    ]
    assert [(p.name, p.role) for p in june.people] == [("Lena Ortiz", Role.HOST)]  # type: ignore[attr-defined]
    assert [r.kind for r in june.resources] == [ResourceKind.AUDIO]  # type: ignore[attr-defined]
    # labels and prose in a people cell; "on request" is no resource
    assert [(p.name, p.role, p.job_title) for p in april.people] == [  # type: ignore[attr-defined]
        ("Ruth Adebayo", Role.FACILITATOR, None),
        ("Sam Okafor", Role.SPEAKER, "Young Carers Officer"),
        ("Priya Lal", Role.SPEAKER, "student"),
    ]
    assert [r.kind for r in april.resources] == [ResourceKind.SUMMARY]  # type: ignore[attr-defined]
    assert march.resources == ()  # type: ignore[attr-defined]
    # the cancelled row: a skip of May's meeting, no conversation
    assert [(s.date, s.reason) for s in table.schedule.skips] == [
        (dt.date(2025, 5, 7), "venue flooded")
    ]
    # every line of the table is accounted for, with its own line number
    lines = [n for n, line in enumerate(PIPES.splitlines(), start=1) if "|" in line]
    assert sorted(u.line for u in table.uses) == lines
    assert {u.line: u.use for u in table.uses}[lines[3]] == Use.CHANGE
    assert table.lines == {
        f"circle/{month}": line
        for month, line in zip(
            ["2025-07", "2025-06", "2025-04", "2025-03"],
            [lines[1], lines[2], lines[4], lines[5]],
            strict=True,
        )
    }


def test_markdown_table_with_rule_and_alignment() -> None:
    text = """\
# Ward Seven Reflective Sessions

| Date | Title | Speakers | Downloads |
|:-----|:-----:|---------:|-----------|
| 2025-02-05 | Night shifts \\| day shifts | Ana Lima (nurse, Riverside Trust) | Slides, Notes |
| 2025-01-01 | No session (strike) | | |
| 2024-12-04 | Festive stories | Joe Bloggs (host) | none |
"""
    table = table_of(text)
    months = by_month(table)
    february = months["2025-02"]
    assert february.title == "Night shifts | day shifts"  # type: ignore[attr-defined]
    assert [r.kind for r in february.resources] == [ResourceKind.SLIDES, ResourceKind.SUMMARY]  # type: ignore[attr-defined]
    assert [(s.date, s.reason) for s in table.schedule.skips] == [(dt.date(2025, 1, 1), "strike")]
    rule = next(u for u in table.uses if u.line == 4)
    assert rule.use == Use.COLUMNS
    assert months["2024-12"].people[0].role == Role.HOST  # type: ignore[attr-defined]


def test_tab_separated_table_pasted_into_a_page() -> None:
    text = (
        "Riverside Book Circle\n\n"
        "Session date\tTalk\tHosted by\tLinks\n"
        "8 March 2025\tReading aloud\tMx Sol Reyes\thttps://example.org/reading-aloud.pdf\n"
        "Saturday 8 February 2025\tPoems of care\tKim Tan\thttps://www.youtube.com/watch?v=abc\n"
    )
    assert find_table(text_paragraphs(text)) is None  # the tabs are gone without keep_tabs
    table = table_of(text, series=series(SECOND_SATURDAY))
    march, february = by_month(table)["2025-03"], by_month(table)["2025-02"]
    assert [(p.honorific, p.name, p.role) for p in march.people] == [("Mx", "Sol Reyes", Role.HOST)]  # type: ignore[attr-defined]
    assert [(r.kind, r.url) for r in march.resources] == [  # type: ignore[attr-defined]
        (ResourceKind.SUMMARY, "https://example.org/reading-aloud.pdf")
    ]
    assert [(r.kind, r.url) for r in february.resources] == [  # type: ignore[attr-defined]
        (ResourceKind.RECORDING, "https://www.youtube.com/watch?v=abc")
    ]
    assert march.start == dt.datetime(2025, 3, 8, 14, 0, tzinfo=march.start.tzinfo)  # type: ignore[attr-defined]


def test_saved_html_rows_keep_their_links() -> None:
    paragraphs = [
        Paragraph(line=40, text="Date | Topic | Speakers | Resources"),
        Paragraph(
            line=41,
            text="Wed 4 June 2025 | Green spaces | Dr Fi Mac (GP, Largs Practice) | Notes; Slides",
            links=(
                Link(url="https://example.org/files/june-notes.pdf", text="Notes"),
                Link(url="https://example.org/files/june-deck.pptx", text="Slides"),
            ),
        ),
        Paragraph(line=44, text="Wed 7 May 2025 | Money worries | Kenneth Oduya | Summary"),
    ]
    assert find_table(paragraphs) == (0, 3)
    table = import_table(paragraphs, series=series(), schedule_given=True, now=None)
    june = by_month(table)["2025-06"]
    assert [(r.kind, r.url) for r in june.resources] == [  # type: ignore[attr-defined]
        (ResourceKind.SUMMARY, "https://example.org/files/june-notes.pdf"),
        (ResourceKind.SLIDES, "https://example.org/files/june-deck.pptx"),
    ]
    assert [u.line for u in table.uses] == [40, 41, 44]
    assert table.lines == {"circle/2025-06": 41, "circle/2025-05": 44}


# -- the schedule -----------------------------------------------------------


def test_without_a_stated_schedule_the_rows_give_it() -> None:
    table = table_of(PIPES, schedule_given=False, series=series(Schedule()))
    assert table.schedule.rule == "FREQ=MONTHLY;BYDAY=1WE"
    assert any("no schedule was given" in w.message for w in table.warnings)
    assert [s.date for s in table.schedule.skips] == [dt.date(2025, 5, 7)]
    assert by_month(table)["2025-06"].previous_start.date() == dt.date(2025, 6, 4)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("date_cell", "start", "moved_from"),
    [
        ("Thu 8 May 2025 (moved from Wed 7 May owing to a room clash)", dt.date(2025, 5, 8),
         dt.date(2025, 5, 7)),
        ("8 May 2025 – rescheduled from the 7th", dt.date(2025, 5, 8), dt.date(2025, 5, 7)),
        ("Thursday 8th May 2025, postponed from 07/05/2025", dt.date(2025, 5, 8),
         dt.date(2025, 5, 7)),
        ("Wed 30 April 2025 (brought forward from 7 May)", dt.date(2025, 4, 30),
         dt.date(2025, 5, 7)),
        ("2025-05-14 (instead of Wednesday 7 May 2025)", dt.date(2025, 5, 14),
         dt.date(2025, 5, 7)),
        ("Wed 7 May 2025 (Mental Health Awareness Week)", dt.date(2025, 5, 7), None),
    ],
)  # fmt: skip
def test_a_date_cell_with_a_note(
    date_cell: str, start: dt.date, moved_from: dt.date | None
) -> None:
    text = f"Date | Topic\n{date_cell} | Rooms and rotas\nWed 4 June 2025 | Next\n"
    table = table_of(text)
    conversation = next(c for c in table.conversations if c.title == "Rooms and rotas")
    assert conversation.start.date() == start
    previous = conversation.previous_start
    assert (previous.date() if previous else None) == moved_from
    assert [m.date for m in table.schedule.moves] == ([moved_from] if moved_from else [])


@pytest.mark.parametrize(
    ("title", "date_cell", "reason"),
    [
        ("No meeting – New Year's Day", "Wed 1 January 2025", "New Year's Day"),
        ("Cancelled", "Wed 1 January 2025", ""),
        ("No session (snow)", "1 Jan 2025", "snow"),
        ("Session cancelled due to illness", "2025-01-01", "illness"),
        ("", "Wed 1 January 2025 (cancelled)", ""),
    ],
)
def test_a_row_saying_there_was_no_meeting_is_a_skip(
    title: str, date_cell: str, reason: str
) -> None:
    rows = [f"{date_cell} | {title} | –", "Wed 5 February 2025 | Real | Ann Bee"]
    text = "Date | Topic | Speakers\n" + "\n".join(rows) + "\n"
    table = table_of(text)
    assert [c.title for c in table.conversations] == ["Real"]
    assert [(s.date, s.reason) for s in table.schedule.skips] == [(dt.date(2025, 1, 1), reason)]


def test_no_meeting_in_a_month_that_has_a_conversation_is_no_skip() -> None:
    text = (
        "Date | Topic\n"
        "Wed 1 January 2025 | No meeting – New Year's Day\n"
        "Wed 8 January 2025 (moved from 1 January) | New year, new rota\n"
    )
    table = table_of(text)
    assert table.schedule.skips == ()
    assert [m.date for m in table.schedule.moves] == [dt.date(2025, 1, 1)]
    assert any("no meeting skipped" in w.message for w in table.warnings)


# -- cells --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "kinds"),
    [
        ("Notes (PDF); Slides", [ResourceKind.SUMMARY, ResourceKind.SLIDES]),
        ("Minutes, Video", [ResourceKind.SUMMARY, ResourceKind.RECORDING]),
        ("Podcast", [ResourceKind.AUDIO]),
        ("Transcript; Audio recording", [ResourceKind.SUMMARY, ResourceKind.AUDIO]),
        ("Report; Summary", [ResourceKind.SUMMARY]),  # a kind once
        ("Recording available on request", []),
        ("Not recorded", []),
        ("–", []),
        ("none", []),
        ("N/A", []),
    ],
)
def test_resource_words(cell: str, kinds: list[ResourceKind]) -> None:
    text = f"Date | Topic | Resources\nWed 4 June 2025 | A talk | {cell}\n"
    conversation = table_of(text).conversations[0]
    assert [r.kind for r in conversation.resources] == kinds
    assert all(r.url is None for r in conversation.resources)


def test_resource_words_that_name_nothing_are_named_in_a_warning() -> None:
    text = "Date | Topic | Resources\nWed 4 June 2025 | A talk | Handout; Slides\n"
    table = table_of(text)
    assert [r.kind for r in table.conversations[0].resources] == [ResourceKind.SLIDES]
    assert any("'Handout' names no resource" in w.message for w in table.warnings)


@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("Chair: Morag Sinclair", [("Morag Sinclair", Role.HOST)]),
        ("Morag Sinclair (chair); Ken Oduya (Welfare Rights Officer, Ardrossan Advice)",
         [("Morag Sinclair", Role.HOST), ("Ken Oduya", Role.SPEAKER)]),
        ("Hosted by Jo Bloggs; Dr Amy Lee (GP, Hill Practice)",
         [("Jo Bloggs", Role.HOST), ("Amy Lee", Role.SPEAKER)]),
        ("Facilitator: Shona Kerr. Guests: Anna Kowal (Link Worker) and Hamish Drum (Link Worker)",
         [("Shona Kerr", Role.FACILITATOR), ("Anna Kowal", Role.SPEAKER),
          ("Hamish Drum", Role.SPEAKER)]),
        ("Ann Bee, nurse, Example Hospital", [("Ann Bee", Role.SPEAKER)]),
        ("Ann Bee and Cy Dee", [("Ann Bee", Role.SPEAKER), ("Cy Dee", Role.SPEAKER)]),
    ],
)  # fmt: skip
def test_people_cells(cell: str, people: list[tuple[str, Role]]) -> None:
    text = f"Date | Topic | Speakers\nWed 4 June 2025 | A talk | {cell}\n"
    conversation = table_of(text).conversations[0]
    assert [(p.name, p.role) for p in conversation.people] == people


def test_an_organisation_alone_in_parentheses_is_the_organisation() -> None:
    text = (
        "Date | Topic | Speakers\n"
        "Wed 4 June 2025 | A talk | Prof Eilidh Grant (University of the West Coast); "
        "Ross Baillie (Data Analyst); Kim Oh (Trust Lead)\n"
    )
    people = table_of(text).conversations[0].people
    assert [(p.job_title, p.organisation) for p in people] == [
        (None, "University of the West Coast"),
        ("Data Analyst", None),
        ("Trust Lead", None),
    ]


def test_a_date_that_cannot_be_read_names_its_line() -> None:
    text = "Intro\n\nDate | Topic\nsometime in spring | A talk\n"
    with pytest.raises(ArchiveFormatError) as caught:
        table_of(text)
    assert "(line 4), column 'Date'" in str(caught.value)
    assert "'sometime in spring' is not a date" in str(caught.value)


def test_import_table_needs_the_header_first() -> None:
    with pytest.raises(ArchiveFormatError, match="no header row"):
        import_table([Paragraph(line=1, text="Just prose")], series=series(),
                     schedule_given=True, now=None)  # fmt: skip
