"""A meeting people can join: a series' date, with its page when there is one.

A :class:`~wagtail_kindness.models.Place` names its meeting by the series and
the **scheduled** date (in the series' zone).  :func:`meeting_on` finds what
that meeting is now — the live page of that month (postponed, cancelled or
moved to another day by an editor) or else the date of the schedule — and
:func:`coming_meetings` lists those people can sign up for.  Every part of
the joining pipeline (the form, the emails, reminders, change notices) reads
meetings through this module: one home for "when is it, and is it on?".
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from kindness_core.errors import KindnessInputError
from kindness_core.series import Status

from .. import conf
from ..models import ConversationPage, UpcomingConversation

__all__ = [
    "OFFERED",
    "Meeting",
    "coming_meetings",
    "meeting_of_page",
    "meeting_on",
    "offered_meetings",
    "reminder_hours",
]


@dataclasses.dataclass(frozen=True)
class Meeting:
    series: object  # ConversationSeriesPage
    #: The scheduled date in the series' zone: the meeting's name.
    date: dt.date
    start: dt.datetime  # aware, in the meeting's zone (the new start when postponed)
    end: dt.datetime
    status: str  # a kindness_core Status value
    page: object | None = None  # ConversationPage

    @property
    def title(self) -> str:
        return UpcomingConversation(
            start=self.start, end=self.end, series=self.series, page=self.page
        ).title

    @property
    def is_on(self) -> bool:
        """Scheduled, or postponed to a known date (people can come)."""
        if self.status == Status.SCHEDULED.value:
            return True
        return self.status == Status.POSTPONED.value and bool(
            self.page is not None and self.page.postponed_date
        )

    @property
    def meeting_url(self) -> str:
        """The private joining link: the conversation's own, else the series'."""
        return (getattr(self.page, "meeting_url", "") or self.series.meeting_url or "").strip()

    @property
    def capacity(self) -> int | None:
        """Places at this meeting (``None``: no limit)."""
        own = getattr(self.page, "capacity", None)
        return own if own is not None else self.series.capacity

    def has_ended(self, now: dt.datetime) -> bool:
        return self.end <= now


def meeting_of_page(series, page) -> Meeting:
    """The meeting a conversation page of ``series`` is (its date, start, status)."""
    start = page.effective_start(series)
    end = series.core_series_base.end_of(start)
    return Meeting(
        series=series,
        date=page.date,
        start=start,
        end=end,
        status=page.status,
        page=page,
    )


def meeting_on(series, date: dt.date) -> Meeting | None:
    """The meeting of ``series`` scheduled on ``date``, or ``None`` if there is none.

    The live conversation page of that month is the meeting (one conversation
    a month); without one, ``date`` must be a date of the schedule.
    """
    page = (
        ConversationPage.objects.child_of(series)
        .live()
        .filter(date__year=date.year, date__month=date.month)
        .order_by("pk")
        .first()
    )
    try:
        if page is not None:
            return meeting_of_page(series, page)
        schedule = series.base_schedule()
        occurrences = schedule.in_month(date.year, date.month)
    except KindnessInputError:  # an unusable stored time, zone or schedule: no meeting
        return None
    for occurrence in occurrences:
        scheduled = occurrence.scheduled_date or occurrence.start.date()
        if scheduled == date:
            start = occurrence.start.astimezone(schedule.zone)
            return Meeting(
                series=series,
                date=date,
                start=start,
                end=series.core_series_base.end_of(start),
                status=Status.SCHEDULED.value,
            )
    return None


def coming_meetings(series, *, now: dt.datetime, count: int = 3) -> list[Meeting]:
    """The next ``count`` meetings people can sign up for (not cancelled, not begun)."""
    found = []
    for item in series.upcoming(now=now, count=count):
        if item.page is not None:
            found.append(meeting_of_page(series, item.page))
        else:
            found.append(
                Meeting(
                    series=series,
                    date=item.start.date(),
                    start=item.start,
                    end=item.end,
                    status=Status.SCHEDULED.value,
                )
            )
    return found


#: How many coming meetings the form offers.
OFFERED = 3


def offered_meetings(series, *, now: dt.datetime) -> list[Meeting]:
    """The coming meetings people can sign up for: on, and not over.

    None when the stored schedule cannot be read (the editors are told).
    """
    try:
        found = coming_meetings(series, now=now, count=OFFERED)
    except KindnessInputError:
        return []
    return [meeting for meeting in found if meeting.is_on and not meeting.has_ended(now)]


def reminder_hours(series) -> tuple[int, ...]:
    """Hours before a meeting that reminders go out: the series' own, else the setting's."""
    text = (series.reminder_hours or "").replace(";", ",")
    own = []
    for part in text.split(","):
        part = part.strip()
        if part.isdigit() and 0 < int(part) <= 24 * 14:
            own.append(int(part))
    hours = own or list(conf.join_reminder_hours())
    return tuple(sorted(set(hours), reverse=True))
