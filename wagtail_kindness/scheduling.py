"""A change of a series' schedule, applied from a date onwards.

Each conversation page stores the local time and the zone it is held in
(``ConversationPage.time`` and ``time_zone``).  When an editor changes the
series' usual time or its time zone, the change applies from a date (the
series' ``schedule_change_from``; by default the next meeting): the pages
dated on or after it move to the new time and zone, the earlier ones keep the
time they were held.  A page whose time differs from the old usual time was
set on purpose: it keeps its local time and takes the new zone.

:func:`schedule_from_fields` is the one place the series form's fields become
a :class:`~kindness_core.schedule.recurrence.Schedule` (the form's validation
and the admin's live preview both use it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.apps import apps
from django.utils import timezone

from kindness_core.errors import KindnessInputError
from kindness_core.schedule.phrases import parse_schedule
from kindness_core.schedule.recurrence import Schedule

__all__ = [
    "ScheduleChange",
    "apply_schedule_change",
    "default_change_date",
    "pages_that_move",
    "schedule_from_fields",
]


def schedule_from_fields(
    *,
    ordinal: object,
    weekday: object,
    time: dt.time,
    zone: str,
    start: dt.date | None,
    minutes: int,
    rule_text: str = "",
) -> Schedule:
    """The schedule the series form's fields describe (raises KindnessInputError).

    ``rule_text``, when given, is an RFC 5545 rule or a phrase ("every other
    Wednesday at 7pm Paris time") and replaces the week and day; it may say
    the time, zone or start itself.
    """
    defaults = {
        "timezone": zone,
        "time": time,
        "start": start,
        "duration": dt.timedelta(minutes=minutes),
    }
    text = (rule_text or "").strip()
    if text:
        return parse_schedule(text, **defaults)
    return Schedule(rule=f"FREQ=MONTHLY;BYDAY={ordinal}{weekday}", **defaults)


@dataclasses.dataclass(frozen=True)
class ScheduleChange:
    """From the saved usual time and zone to new ones, from ``since`` onwards."""

    old_time: dt.time
    old_zone: str
    new_time: dt.time
    new_zone: str
    since: dt.date

    @property
    def moves_anything(self) -> bool:
        return (self.old_time, self.old_zone) != (self.new_time, self.new_zone)

    def new_values(self, page) -> tuple[dt.time, str]:
        """The time and zone ``page`` takes (the same ones if it does not move)."""
        time = page.time or self.old_time
        zone = page.time_zone or self.old_zone
        if page.date < self.since:
            return time, zone
        return (self.new_time if time == self.old_time else time), self.new_zone


def default_change_date(series, *, now: dt.datetime | None = None) -> dt.date:
    """The date a change applies from when none is given: the next meeting of the
    saved schedule (today if the schedule has none)."""
    now = now or timezone.now()
    try:
        schedule = series.base_schedule()
        found = schedule.next(after=now - schedule.duration)
    except KindnessInputError:
        found = None
    if found is not None:
        return found.scheduled_date or found.start.date()
    return now.date()


def pages_that_move(series, change: ScheduleChange):
    """The conversation pages (drafts too) whose start ``change`` moves, by date."""
    ConversationPage = apps.get_model("wagtail_kindness", "ConversationPage")
    if not series.pk or not change.moves_anything:
        return []
    pages = ConversationPage.objects.child_of(series).filter(date__gte=change.since)
    moving = []
    fields = ("date", "time", "time_zone", "title", "live", "has_unpublished_changes")
    for page in pages.order_by("date", "pk").only(
        *fields, "latest_revision", "status", "postponed_date", "postponed_time"
    ):
        if change.new_values(page) != (
            page.time or change.old_time,
            page.time_zone or change.old_zone,
        ):
            moving.append(page)
    return moving


def apply_schedule_change(series, change: ScheduleChange) -> int:
    """Store the new time and zone on the pages ``change`` moves (and their UTC start).

    Returns how many pages moved.  A page whose new time cannot be used (a
    time in the new zone's spring-forward gap) keeps its old values and is
    reported by its own form when next edited.
    """
    ConversationPage = apps.get_model("wagtail_kindness", "ConversationPage")
    moved = 0
    for page in pages_that_move(series, change):
        time, zone = change.new_values(page)
        page.time, page.time_zone = time, zone
        page._kindness_series = series
        try:
            start = page.effective_start(series)
        except KindnessInputError:
            continue
        ConversationPage.objects.filter(pk=page.pk).update(time=time, time_zone=zone, start=start)
        _move_draft(page, time, zone)
        moved += 1
    return moved


def _move_draft(page, time: dt.time, zone: str) -> None:
    """Unpublished changes are kept in the latest revision: move it too, so that
    publishing the draft later does not bring the old time back."""
    if not page.has_unpublished_changes or page.latest_revision_id is None:
        return
    revision = page.latest_revision
    content = dict(revision.content)
    content.update(time=time.isoformat(), time_zone=zone)
    revision.content = content
    revision.save(update_fields=["content"])
