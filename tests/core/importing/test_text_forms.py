"""Archive pages written differently: headings, moves, cancellations and line accounting.

Each page here is invented for the test, in a house style unlike the seed's,
and each test varies the phrasing of one class of line.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kindness_core import ArchiveFormatError, ResourceKind, Schedule, Status
from kindness_core.importing.importer import import_archive
from kindness_core.importing.page import Heading, _heading
from kindness_core.importing.result import ImportResult, Use
from kindness_core.schedule.recurrence import Move, Skip

S, R, P, A = (ResourceKind.SUMMARY, ResourceKind.RECORDING, ResourceKind.SLIDES,
              ResourceKind.AUDIO)  # fmt: skip

# Second Wednesday of the month at 5pm, Dublin time: 11 Feb, 11 Mar, 8 Apr, 13 May 2026.
INTRO = (
    "Lakeside Listening Sessions\n\n"
    "A monthly hour for carers and staff. We meet on the second Wednesday of the month "
    "at 5pm Dublin time.\n\n"
    "Past sessions\n\n"
)


def _page(*blocks: str) -> str:
    return INTRO + "\n\n".join(blocks) + "\n"


def _month(result: ImportResult, month: str):
    return next(c for c in result.conversations if c.key.endswith(month))


def _accounted(text: str, result: ImportResult) -> list[int]:
    """Non-blank lines that are neither used nor named by a warning (should be none)."""
    used = {u.line for u in result.lines} | {w.line for w in result.warnings}
    return [n for n, line in enumerate(text.splitlines(), 1) if line.strip() and n not in used]


# -- headings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "year", "month", "day", "title"),
    [
        ("April 2026 – Sleep and shift work", 2026, 4, None, "Sleep and shift work"),
        ("April 2026 — Sleep and shift work", 2026, 4, None, "Sleep and shift work"),
        ("April 2026 - Sleep and shift work", 2026, 4, None, "Sleep and shift work"),
        ("April 2026: Sleep and shift work", 2026, 4, None, "Sleep and shift work"),
        ("April 2026 | Sleep and shift work", 2026, 4, None, "Sleep and shift work"),
        ("April 2026 / Sleep and shift work", 2026, 4, None, "Sleep and shift work"),
        ("April 2026 Sleep and shift work", 2026, 4, None, "Sleep and shift work"),
        ("Apr 2026: Sleep", 2026, 4, None, "Sleep"),
        ("Sept 2026 | Sleep", 2026, 9, None, "Sleep"),
        ("Sept. 2026 – Sleep", 2026, 9, None, "Sleep"),
        ("Dec. 2026", 2026, 12, None, None),
        ("Wednesday 8 April 2026 – Sleep", 2026, 4, 8, "Sleep"),
        ("Wednesday, 8 April 2026 – Sleep", 2026, 4, 8, "Sleep"),
        ("8 April 2026 — Sleep", 2026, 4, 8, "Sleep"),
        ("Wed 8 Apr 2026: Sleep", 2026, 4, 8, "Sleep"),
        ("Wed. 8th Apr 2026 | Sleep", 2026, 4, 8, "Sleep"),
        ("April 8, 2026 - Sleep", 2026, 4, 8, "Sleep"),
        ("Wednesday, April 8th, 2026 – Sleep", 2026, 4, 8, "Sleep"),
        ("8th of April 2026 – Sleep", 2026, 4, 8, "Sleep"),
        ("22nd April 2026", 2026, 4, 22, None),
        ("Thursday 1 October 2026 – Fear: a conversation", 2026, 10, 1, "Fear: a conversation"),
    ],
)  # fmt: skip
def test_heading_forms(line, year, month, day, title) -> None:
    assert _heading(line, 7) == Heading(line=7, year=year, month=month, title=title, day=day)


@pytest.mark.parametrize(
    "line",
    [
        "May 2023 saw our largest meeting.",
        "March 2026 was the busiest month we have had.",
        "8 April 2026 was the day we moved rooms.",
        "April 8, 2026 marked ten years of the group.",
        "Maybe next time.",
        "Mayor 2026 visit",
        "Wednesday afternoons are best for most of us",
    ],
)
def test_prose_that_starts_like_a_date_stays_prose(line: str) -> None:
    assert _heading(line, 1) is None


@pytest.mark.parametrize("line", ["31 April 2026 – Sleep", "Thursday 30 February 2026 – Sleep"])
def test_a_day_the_month_does_not_have_is_refused(line: str) -> None:
    with pytest.raises(ArchiveFormatError, match=r"line 3: .* has no day"):
        _heading(line, 3)


# -- moves -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "note", "date"),
    [
        ("Wednesday 15 April 2026 – Carers at night", "", "2026-04-15"),
        ("15 April 2026 — Carers at night", "", "2026-04-15"),
        ("April 15, 2026 - Carers at night", "", "2026-04-15"),
        ("April 2026 – Carers at night", "Please note: moved to Wednesday 15 April.",
         "2026-04-15"),
        ("April 2026 | Carers at night", "NB rescheduled to Thu 16 Apr (Easter week)",
         "2026-04-16"),
        ("Apr 2026: Carers at night", "– postponed until the 22nd", "2026-04-22"),
        ("April 2026 – Carers at night",
         "Because of the school holidays we met a week later, on Wednesday 15 April.",
         "2026-04-15"),
        ("Wednesday 15 April 2026 – Carers at night",
         "This one took place a week later than usual, on Wednesday 15 April 2026.",
         "2026-04-15"),
    ],
)  # fmt: skip
def test_a_move_of_the_months_meeting(heading: str, note: str, date: str) -> None:
    text = _page(
        "May 2026 – Grief at work\n\nSpeaker: Dr Ana Byrne (GP)",
        "\n\n".join(filter(None, [heading, note, "We talked about nights."])),
        "March 2026 – Carers' rights\n\nNotes",
    )
    result = import_archive(text)
    april = _month(result, "2026-04")
    zone = result.series.schedule.zone
    assert april.start == dt.datetime.fromisoformat(date + "T17:00").replace(tzinfo=zone)
    assert april.previous_start == dt.datetime(2026, 4, 8, 17, 0, tzinfo=zone)
    assert april.end == april.start + dt.timedelta(hours=1)
    assert april.title == "Carers at night"
    assert "We talked about nights." in april.summary
    assert result.series.schedule.moves == (
        Move(date=dt.date(2026, 4, 8), to=dt.datetime.fromisoformat(date + "T17:00")),
    )
    # The schedule agrees with the conversations: the moved meeting is where it is.
    starts = [o.start for o in result.series.schedule.between(
        dt.datetime(2026, 3, 1, tzinfo=zone), dt.datetime(2026, 6, 1, tzinfo=zone))]  # fmt: skip
    assert april.start in starts
    assert result.missing == ()
    assert _accounted(text, result) == []
    if note:
        line = text.splitlines().index(note.strip()) + 1
        use = next(u for u in result.lines if u.line == line)
        assert use.use == Use.CHANGE or "moved" in use.detail
    assert note not in april.summary or not note


def test_a_move_with_its_own_time() -> None:
    text = _page("April 2026 – Carers at night\n\nMoved to Thursday 16 April at 7.30pm.")
    april = import_archive(text).conversations[0]
    assert (april.start.day, april.start.hour, april.start.minute) == (16, 19, 30)
    assert april.previous_start is not None
    assert april.previous_start.day == 8
    assert april.summary == ""


def test_a_heading_on_the_schedules_own_date_is_no_move() -> None:
    text = _page("Wednesday 8 April 2026 – Carers at night\n\nWe talked.")
    result = import_archive(text)
    assert result.conversations[0].previous_start is None
    assert result.series.schedule.moves == ()


def test_the_text_wins_over_a_different_heading_date_with_a_warning() -> None:
    text = _page("Wednesday 15 April 2026 – Carers\n\nMoved to Thursday 16 April.")
    result = import_archive(text)
    assert result.conversations[0].start.day == 16
    assert any("the heading says 15 April 2026" in w.message for w in result.warnings)


def test_a_move_that_is_not_read_is_reported() -> None:
    text = _page("April 2026 – Carers\n\nThe session was moved because of the holidays.")
    result = import_archive(text)
    assert result.conversations[0].previous_start is None
    assert any(
        w.line == 9 and "says the meeting moved but no new date was read" in w.message
        for w in result.warnings
    )


# -- cancellations ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("block", "reason"),
    [
        ("April 2026 – Cancelled (Easter)", "Easter"),
        ("April 2026 – (cancelled – Easter)", "Easter"),
        ("April 2026: no session (Easter holidays)", "Easter holidays"),
        ("April 2026 | No Listening Session this month", ""),
        ("Wednesday 8 April 2026 – Session cancelled (strike day)\n\n"
         "Because of the strike we decided to cancel the session of April.", "strike day"),
        ("April 2026\n\nNo session in April. Enjoy the holidays!", ""),
        ("April 2026\n\nCancelled due to the rail strike.", "the rail strike"),
    ],
)  # fmt: skip
def test_a_cancelled_month(block: str, reason: str) -> None:
    text = _page("May 2026 – Grief\n\nNotes", block, "March 2026 – Rights\n\nSlides")
    result = import_archive(text)
    assert [c.key[-7:] for c in result.conversations] == ["2026-05", "2026-03"]
    assert result.series.schedule.skips == (Skip(date=dt.date(2026, 4, 8), reason=reason),)
    assert result.missing == ()
    assert not any("no conversation for April" in w.message for w in result.warnings)
    assert _accounted(text, result) == []
    heading_line = text.splitlines().index(block.split("\n")[0]) + 1
    assert next(u for u in result.lines if u.line == heading_line).use == Use.CHANGE


@pytest.mark.parametrize(
    "line",
    [
        "No session in April (Easter holidays).",
        "There is no session in April.",
        "The April session was cancelled because of the snow.",
    ],
)
def test_a_line_naming_a_cancelled_month(line: str) -> None:
    text = _page("May 2026 – Grief\n\n" + line + "\n\nNotes", "March 2026 – Rights\n\nSlides")
    result = import_archive(text)
    assert [s.date for s in result.series.schedule.skips] == [dt.date(2026, 4, 8)]
    assert result.missing == ()
    use = next(u for u in result.lines if u.line == text.splitlines().index(line) + 1)
    assert use.use == Use.CHANGE
    assert line not in result.conversations[0].summary


def test_the_introduction_names_a_month_off_every_year() -> None:
    intro_line = "No session in August (summer break)."
    text = INTRO.replace("Past sessions", intro_line + "\n\nPast sessions") + "\n\n".join([
        "September 2026 – A", "July 2026 – B", "September 2025 – C", "July 2025 – D",
    ])  # fmt: skip
    result = import_archive(text)
    assert [s.date for s in result.series.schedule.skips] == [
        dt.date(2025, 8, 13), dt.date(2026, 8, 12)]  # fmt: skip
    assert all(s.reason == "summer break" for s in result.series.schedule.skips)
    assert not any("August" in w.message for w in result.warnings)
    # Other months missing are still reported.
    assert len(result.missing) == 9  # October 2025 to June 2026
    line = text.splitlines().index(intro_line) + 1
    assert next(u for u in result.lines if u.line == line).use == Use.CHANGE


def test_a_titled_month_whose_text_says_it_was_cancelled_is_kept_as_cancelled() -> None:
    """Decision: the title and text are kept, the conversation is marked cancelled.

    (A month with no real title is a skip of the schedule instead, and so is a titled
    month whose first line says it was cancelled: "Jan 2025 – Title", "CANCELLED – snow".)
    """
    text = _page("April 2026 – Carers at night\n\nWe planned an evening on night shifts."
                 "\n\nThis month's session was called off due to illness.\n\n"
                 "We hope to hold it in the autumn.")  # fmt: skip
    result = import_archive(text)
    (april,) = result.conversations
    assert april.status == Status.CANCELLED
    assert april.title == "Carers at night"
    assert (
        april.summary
        == "We planned an evening on night shifts.\n\nWe hope to hold it in the autumn."
    )
    assert result.series.schedule.skips == ()
    assert next(u for u in result.lines if u.line == 11).use == Use.CHANGE


def test_lines_under_a_cancelled_month_are_reported() -> None:
    text = _page("April 2026 – Cancelled (Easter)\n\nSee you in May!\n\n---")
    result = import_archive(text)
    assert result.conversations == () or all(c.key[-7:] != "2026-04" for c in result.conversations)
    assert any(w.line == 9 and "which had no meeting" in w.message for w in result.warnings)
    assert next(u for u in result.lines if u.line == 11).use == Use.IGNORED


def test_cancelled_heading_only_page_is_refused_sensibly() -> None:
    text = _page("April 2026 – Cancelled", "March 2026 – Rights")
    result = import_archive(text)
    assert [c.key[-7:] for c in result.conversations] == ["2026-03"]


# -- resources and accounting ----------------------------------------------------------


def test_a_page_in_another_house_style() -> None:
    text = _page(
        "Wed 13 May 2026 | Grief at work\n"
        "– Speaker: Dr Ana Byrne, GP\n"
        "– Notes (PDF) · Slides\n"
        "– Recording available on request\n"
        "---",
        "April 2026 | Cancelled (Easter)\n---",
        "Mar 2026 | Carers' rights\n"
        "→ Write-up available\n"
        "→ Listen back: audio on our podcast page\n"
        "→ Watch the presentation\n"
        "Talking-circle format, no slides.",
    )
    result = import_archive(text)
    may, march = result.conversations
    assert [r.kind for r in may.resources] == [S, P]
    assert [r.kind for r in march.resources] == [S, A, R]
    assert all(r.pending for r in march.resources)
    assert march.summary == "Talking-circle format, no slides."
    assert "---" not in may.summary
    assert _accounted(text, result) == []


def test_every_line_of_a_page_is_accounted_for() -> None:
    text = _page(
        "May 2026 – Grief\n\nWith contributions from the whole room.\n\n"
        "Some thoughts on the evening.\n\nRead the summary.",
        "March 2026 – Rights\n\n* * *\n\nThe March talk moved everyone.",
    )
    result = import_archive(text)
    assert _accounted(text, result) == []
    uses = {u.line: u.use for u in result.lines}
    assert uses[text.splitlines().index("Read the summary.") + 1] == Use.RESOURCE
    assert uses[text.splitlines().index("* * *") + 1] == Use.IGNORED


def test_a_dated_heading_picks_its_meeting_of_a_weekly_schedule() -> None:
    weekly = Schedule(rule="FREQ=WEEKLY;BYDAY=WE", time=dt.time(17, 0), timezone="Europe/Dublin")
    text = _page("Wednesday 15 April 2026 – Carers\n\nWe talked.")
    result = import_archive(text, schedule=weekly)
    (april,) = result.conversations
    assert (april.start.day, april.previous_start) == (15, None)
    assert result.series.schedule.moves == ()
    assert not any("meetings in April" in w.message for w in result.warnings)


# -- resources in prose and with emoji (second round) ----------------------------------


@pytest.mark.parametrize(
    ("lines", "kinds", "kept"),
    [
        (["A summary of the evening is available.",
          "The slides shown by Dr Byrne may likewise be downloaded."], [S, P], []),
        (["Read the notes 👉 (PDF)", "🎧 Listen to the podcast episode"], [S, A], []),
        (["📝 Write-up available.", "Ana's slides are here too", "Watch the video 🎥"],
         [S, P, R], []),
        (["The facilitator's report has been posted on our website.",
          "A recording may be requested from the office."], [S],
         ["A recording may be requested from the office."]),  # how to ask: kept for readers
        (["Dr Byrne spoke about nights. Her slides are attached."], [P],
         ["Dr Byrne spoke about nights. Her slides are attached."]),
        (["Watch the presentation from Dr Ana Byrne, GP at the Quay Practice, on the long "
          "shadow of night shifts."], [R],
         ["Watch the presentation from Dr Ana Byrne, GP at the Quay Practice, on the long "
          "shadow of night shifts."]),
    ],
)  # fmt: skip
def test_resources_named_in_prose(lines: list[str], kinds: list, kept: list[str]) -> None:
    text = _page("April 2026 – Carers at night\n\n" + "\n\n".join(["We talked about nights.",
                                                                  *lines]))  # fmt: skip
    result = import_archive(text)
    (april,) = result.conversations
    assert [r.kind for r in april.resources] == kinds
    assert all(r.pending for r in april.resources)
    assert april.summary.split("\n\n") == ["We talked about nights.", *kept]
    assert _accounted(text, result) == []


@pytest.mark.parametrize(
    "line",
    [
        "We discussed how to write a summary for patients.",
        "Dr Byrne described the video consultation pilot on her ward.",
        "The report published by the Department was criticised by many.",
        "The podcast she hosts is about grief.",
    ],
)
def test_a_topic_sentence_adds_no_resource(line: str) -> None:
    text = _page("April 2026 – Carers at night\n\n" + line)
    (april,) = import_archive(text).conversations
    assert april.resources == ()
    assert april.summary == line


@pytest.mark.parametrize(
    "note",
    [
        "Heads up, this one wasn't on the usual night - we shifted it to Wednesday 15 April "
        "because many of us were at a study day.",
        "We met on Wednesday 15 April instead, because the hall was double-booked.",
        "April's session was moved to Wednesday 15 April.",
        "📅 This month's session took place a week late, on Wednesday 15 April.",
    ],
)
def test_a_move_written_in_a_paragraph(note: str) -> None:
    text = _page("April 2026 – Carers at night", note, "We talked about nights.")
    result = import_archive(text)
    (april,) = result.conversations
    assert april.start.date() == dt.date(2026, 4, 15)
    assert april.previous_start is not None
    assert april.previous_start.date() == dt.date(2026, 4, 8)
    assert result.series.schedule.moves == (
        Move(date=dt.date(2026, 4, 8), to=dt.datetime(2026, 4, 15, 17, 0)),
    )
    assert _accounted(text, result) == []


@pytest.mark.parametrize(
    ("block", "reason"),
    [
        ("April 2026\n\nNo session in April - Easter break! 🐣", "Easter break"),
        ("April 2026 – No session 🚫", ""),
        ("Wednesday 8 April 2026 — Session not convened\n\nThe Committee resolved that the "
         "session would not be convened because of the strike.", ""),
    ],
)  # fmt: skip
def test_a_cancellation_with_emoji_or_formal_words(block: str, reason: str) -> None:
    text = _page("May 2026 – Grief\n\nNotes", block, "March 2026 – Rights\n\nSlides")
    result = import_archive(text)
    assert [c.key[-7:] for c in result.conversations] == ["2026-05", "2026-03"]
    assert result.series.schedule.skips == (Skip(date=dt.date(2026, 4, 8), reason=reason),)
    assert result.missing == ()
    assert _accounted(text, result) == []
