"""Moves and cancellations as a page words them (kindness_core.importing.changes)."""

from __future__ import annotations

import datetime as dt

import pytest

from kindness_core.importing.changes import (
    Cancellation,
    cancelled_title,
    is_change_only,
    read_cancellation,
    read_move,
)

# The schedule's date this month: the second Wednesday of June 2026.
NEAR = dt.date(2026, 6, 10)


@pytest.mark.parametrize(
    ("text", "date", "time"),
    [
        ("This month's session moved to Thursday 18 June 2026.", "2026-06-18", None),
        ("Heads up – rescheduled to Mon 15 June (the hall was booked).", "2026-06-15", None),
        ("NB postponed until Friday, June 19 at 7.30pm", "2026-06-19", "19:30"),
        ("The talk was postponed to the 24th.", "2026-06-24", None),
        ("It will take place on Tuesday 9th June instead, same time.", "2026-06-09", None),
        ("Our June circle took place a week later, on Wednesday 17 June 2026.", "2026-06-17",
         None),
        ("The meeting was held on 3 June at 18:15 because of the strike.", "2026-06-03",
         "18:15"),
        ("Because of the bank holiday we met on Thursday 11 June instead.", "2026-06-11", None),
        ("we gathered one day early, on Tue. June 9, at 1pm", "2026-06-09", "13:00"),
        ("– moved to Wed 1st of July", "2026-07-01", None),
        ("Moved to 12 noon on the same day? No: moved to 16 June at noon.", "2026-06-16",
         "12:00"),
        ("NOTE: brought forward to Tuesday, 2 June", "2026-06-02", None),
        # moves written in a paragraph, with emoji, or as "moved from" beside the new date
        ("Heads up, this one wasn't on the usual night - we shifted it to Thursday 11 June "
         "because half of us were at a conference.", "2026-06-11", None),
        ("We met on Thursday 11 June instead, because the library was shut.", "2026-06-11",
         None),
        ("June's circle was moved to Tuesday 16 June.", "2026-06-16", None),
        ("This month's session took place a day early, on Tuesday 9 June.", "2026-06-09", None),
        ("📅 Moved to Fri 12 June!", "2026-06-12", None),
        ("⚠️ Change of date: we'll meet on Thursday 11 June this time.", "2026-06-11", None),
        ("New date – Monday 15 June at 6pm", "2026-06-15", "18:00"),
        ("Thursday 11 June 2026 (moved from Wed 10 June owing to a room clash)", "2026-06-11",
         None),
        ("Friday, 12 June 2026 — please note: this session moved from 10 June because of the "
         "festival.", "2026-06-12", None),
        ("Members will recall that, as the usual day fell on a public holiday, this meeting was "
         "rescheduled to Thursday 11 June 2026 at the customary hour.", "2026-06-11", None),
    ],
)  # fmt: skip
def test_read_move(text: str, date: str, time: str | None) -> None:
    found = read_move(text, near=NEAR)
    assert found is not None
    assert found.date.isoformat() == date
    assert (found.time.strftime("%H:%M") if found.time else None) == time
    assert found.phrase


@pytest.mark.parametrize(
    "text",
    [
        "Exceptionally the café moved one week later because of the holiday.",
        "Two nurses were moved to another ward that week.",
        "We met on Zoom for the first time.",
        "It was held online.",
        "The session moved everyone in the room.",
        "Moved to 31 February.",  # no such day
        "We talked about the move to a new building on 3 June.",
        "The session moved from theory to practice quickly.",
        "She moved from Leeds in 2019.",
        "🎉 We met for the first time!",
    ],
)
def test_not_a_move(text: str) -> None:
    assert read_move(text, near=NEAR) is None


def test_a_date_without_year_is_the_nearest() -> None:
    december = dt.date(2025, 12, 17)
    found = read_move("moved to Wednesday 7 January", near=december)
    assert found is not None
    assert found.date == dt.date(2026, 1, 7)
    found = read_move("rescheduled to 30 December", near=dt.date(2026, 1, 7))
    assert found is not None
    assert found.date == dt.date(2025, 12, 30)


@pytest.mark.parametrize(
    ("title", "reason"),
    [
        ("Cancelled", ""),
        ("canceled", ""),
        ("CANCELLED – Easter weekend", "Easter weekend"),
        ("(cancelled – Easter)", "Easter"),
        ("Cancelled (snow)", "snow"),
        ("cancelled, sorry – speaker unwell", "speaker unwell"),
        ("Session cancelled due to the strike", "the strike"),
        ("Evening called off (storm warning)", "storm warning"),
        ("No meeting", ""),
        ("no meeting (summer recess)", "summer recess"),
        ("No session this month – holidays", "holidays"),
        ("No Wednesday Circle — summer pause", "summer pause"),
        ("No lunchtime talk in August: back in September", "back in September"),
        ("No gathering this month", ""),
        ("Did not take place", ""),
        # other nouns and verbs, and emoji
        ("Dialogue not convened", ""),
        ("Did not go ahead (snow)", "snow"),
        ("Huddle called off – strike day", "strike day"),
        ("No circle – summer break 🏖️", "summer break"),
        ("Cancelled 😢", ""),
        ("🚫 Cancelled (Easter)", "Easter"),
        ("❌ No session", ""),
    ],
)
def test_cancelled_titles(title: str, reason: str) -> None:
    assert cancelled_title(title) == reason


@pytest.mark.parametrize(
    "title",
    [
        None,
        "",
        "Cancel culture in healthcare",
        "No more silence: speaking up",
        "No more silence at work",
        "No one left behind – inclusion in primary care",
        "When operations are cancelled: patients' stories",
        "No set answers: ethics at the bedside",
        "Not convinced? Sceptics and kindness",
        "🌱 New beginnings",
        "Noticing what matters",
    ],
)
def test_real_titles_are_not_cancellations(title: str | None) -> None:
    assert cancelled_title(title) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No meeting in August (summer break).", Cancellation(month=8, reason="summer break")),
        ("There is no circle in December 2026.", Cancellation(month=12, year=2026)),
        ("No talk in July – we're on holiday.", Cancellation(month=7, reason="we're on holiday")),
        ("The March circle was cancelled because of the snow.",
         Cancellation(month=3, reason="the snow")),
        ("Our February session had to be cancelled.", Cancellation(month=2)),
        ("The café of October was cancelled (strike day).",
         Cancellation(month=10, reason="strike day")),
        ("We decided to cancel the evening of May.", Cancellation(month=5)),
        ("This month's session was called off due to illness.",
         Cancellation(reason="illness")),
        ("No evening this month. Enjoy the break!", Cancellation(reason="")),
        ("Cancelled owing to the rail strike.", Cancellation(reason="the rail strike")),
        ("– no session (summer break)", Cancellation(reason="summer break")),
        ("Please note: the meeting was cancelled.", Cancellation()),
        # emoji, adverbs, "no <month> session", a date in brackets
        ("No circle in January - summer break! 🏖️", Cancellation(month=1, reason="summer break")),
        ("🚫 No session in August (holidays)", Cancellation(month=8, reason="holidays")),
        ("❌ Cancelled – strike day", Cancellation(reason="strike day")),
        ("The Dialogue was therefore cancelled, and members were so advised.", Cancellation()),
        ("The huddle was sadly called off because of snow.", Cancellation(reason="snow")),
        ("There was no January session as the first Wednesday fell on New Year's Day.",
         Cancellation(month=1, reason="the first Wednesday fell on New Year's Day")),
        ("The December session (9 December) was cancelled because of the year-end break.",
         Cancellation(month=12, reason="the year-end break")),
        ("No meeting this month – summer break ☀️", Cancellation(reason="summer break")),
    ],
)  # fmt: skip
def test_read_cancellation(text: str, expected: Cancellation) -> None:
    assert read_cancellation(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Her operation was cancelled twice before she met the team.",
        "We talked about cancelled clinics and how patients hear of them.",
        "No one expected so many people.",
        "There is no right answer in August or any other month.",
        "Speakers: Ana Lopez and Ben Craig",
        "No set answers in ethics, she said. 🤔",
        "The trial was not convened by us but by the university, and did not go ahead.",
        "🎄 No one wanted to leave!",
    ],
)
def test_not_a_cancellation(text: str) -> None:
    assert read_cancellation(text) is None


@pytest.mark.parametrize(
    ("text", "only"),
    [
        ("Moved to Thursday 18 June (room booked).", True),
        ("Please note: this meeting moved to 18 June, as the hall was booked.", True),
        ("Moved to 18 June. Ana spoke about sleep.", False),
    ],
)
def test_is_change_only(text: str, only: bool) -> None:
    assert is_change_only(text) is only


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Heads up: June got bumped to Thursday, June 11, because of the hearing.", "2026-06-11"),
        ("This one was pushed back to Friday 19 June.", "2026-06-19"),
        ("We pushed it to Mon 15 June – room clash.", "2026-06-15"),
        ("The circle switched to Tuesday 9 June this time.", "2026-06-09"),
        ("June's talk was swapped to the 16th.", "2026-06-16"),
        ("Brought forward to Tues 2 June (bank holiday).", "2026-06-02"),
        ("The session was shifted to 12 June at 1pm.", "2026-06-12"),
        ("Deferred until Wednesday 24 June.", "2026-06-24"),
        ("Re-scheduled to Thu 18 June", "2026-06-18"),
    ],
)
def test_other_verbs_saying_a_meeting_moved(text: str, date: str) -> None:
    found = read_move(text, near=NEAR)
    assert found is not None
    assert found.date.isoformat() == date


@pytest.mark.parametrize(
    "text",
    [
        "She switched to nursing in 2019.",
        "We got bumped off the agenda.",
        "Two of us pushed for a later start.",
        "The ward switched to electronic notes.",
        "Our speaker was delayed by the snow.",
    ],
)
def test_those_verbs_without_a_new_date_are_not_a_move(text: str) -> None:
    assert read_move(text, near=NEAR) is None


def test_a_moved_from_line_with_another_verb() -> None:
    found = read_move("Thursday 11 June 2026 (pushed back from Wed 10 June)", near=NEAR)
    assert found is not None
    assert found.date.isoformat() == "2026-06-11"
