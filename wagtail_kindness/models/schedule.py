"""The schedule of a series, edited as plain fields and built by kindness_core."""

from __future__ import annotations

import datetime as dt
import logging
import re

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kindness_core.errors import KindnessInputError
from kindness_core.schedule.description import describe, schedule_warnings
from kindness_core.schedule.recurrence import Schedule

from .. import conf
from ..languages import output_locale

logger = logging.getLogger(__name__)

#: The rules the two simple fields can hold ("<ordinal> <weekday> of every month").
_MONTHLY = re.compile(r"^FREQ=MONTHLY;BYDAY=(-?\d)(MO|TU|WE|TH|FR|SA|SU)$")


class Ordinal(models.IntegerChoices):
    FIRST = 1, _("First")
    SECOND = 2, _("Second")
    THIRD = 3, _("Third")
    FOURTH = 4, _("Fourth")
    FIFTH = 5, _("Fifth")
    LAST = -1, _("Last")
    SECOND_TO_LAST = -2, _("Second-to-last")


class Weekday(models.TextChoices):
    MONDAY = "MO", pgettext_lazy("weekday", "Monday")
    TUESDAY = "TU", pgettext_lazy("weekday", "Tuesday")
    WEDNESDAY = "WE", pgettext_lazy("weekday", "Wednesday")
    THURSDAY = "TH", pgettext_lazy("weekday", "Thursday")
    FRIDAY = "FR", pgettext_lazy("weekday", "Friday")
    SATURDAY = "SA", pgettext_lazy("weekday", "Saturday")
    SUNDAY = "SU", pgettext_lazy("weekday", "Sunday")


def default_time_zone() -> str:
    return conf.default_time_zone()


class ScheduleFields(models.Model):
    """Abstract: "<ordinal> <weekday> of every month at <time> in <zone>" + advanced rule."""

    schedule_ordinal = models.SmallIntegerField(
        _("which week"), choices=Ordinal.choices, default=Ordinal.THIRD
    )
    schedule_weekday = models.CharField(
        _("day of the week"), max_length=2, choices=Weekday.choices, default=Weekday.THURSDAY
    )
    schedule_time = models.TimeField(_("local start time"), default=dt.time(18, 0))
    schedule_duration = models.PositiveSmallIntegerField(
        _("length in minutes"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
    )
    schedule_timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_time_zone,
        help_text=_("Where the start time is kept: the meeting stays at this local time."),
    )
    schedule_rule = models.CharField(
        _("advanced rule"),
        max_length=500,
        blank=True,
        help_text=_(
            "Optional. An RFC 5545 rule such as FREQ=WEEKLY;INTERVAL=2;BYDAY=WE (or a "
            "phrase such as 'every other Wednesday'); it replaces the week and day above."
        ),
    )
    schedule_start = models.DateField(
        _("first meeting"),
        null=True,
        blank=True,
        help_text=_("Needed only for rules that count from a start, such as 'every other week'."),
    )

    schedule_change_from = models.DateField(
        _("a change of time or zone applies from"),
        null=True,
        blank=True,
        help_text=_(
            "When you change the start time or the time zone: the first meeting that "
            "moves. Earlier conversations keep the time they were held."
        ),
    )

    class Meta:
        abstract = True

    @property
    def rule(self) -> str:
        if self.schedule_rule:
            return self.schedule_rule
        return f"FREQ=MONTHLY;BYDAY={self.schedule_ordinal}{self.schedule_weekday}"

    @staticmethod
    def schedule_fields_for(schedule: Schedule) -> dict[str, object]:
        """The field values that give ``schedule`` back: :meth:`base_schedule` reversed.

        A monthly "<ordinal> <weekday>" rule fills the two simple fields;
        any other rule goes to the advanced rule field.  Raises
        :class:`KindnessInputError` for extra dates, which the fields cannot
        hold.
        """
        if schedule.extras:
            raise KindnessInputError(
                "the schedule has extra dates, which a series page cannot hold: "
                "add them as conversation pages instead"
            )
        fields: dict[str, object] = {
            "schedule_time": schedule.time.replace(tzinfo=None),
            "schedule_duration": int(schedule.duration.total_seconds() // 60),
            "schedule_timezone": schedule.timezone,
            "schedule_start": schedule.start,
            "schedule_ordinal": Ordinal.THIRD,
            "schedule_weekday": Weekday.THURSDAY,
            "schedule_rule": schedule.rule,
        }
        match = _MONTHLY.match(schedule.rule)
        if match and int(match.group(1)) in Ordinal.values:
            fields.update(
                schedule_ordinal=int(match.group(1)),
                schedule_weekday=match.group(2),
                schedule_rule="",
            )
        return fields

    def base_schedule(self) -> Schedule:
        """The schedule without one-off exceptions (raises KindnessInputError).

        Built once per instance and set of field values: a page asks for it
        (or its ``zone``) many times while it renders, and building one
        parses and checks the rule.  Editing a field gives a new schedule.
        """
        fields = (
            self.rule,
            self.schedule_time,
            self.schedule_timezone,
            self.schedule_start,
            self.schedule_duration,
        )
        memo = self.__dict__.get("_kindness_schedule")
        if memo is not None and memo[0] == fields:
            return memo[1]
        try:
            schedule = Schedule(
                rule=self.rule,
                time=self.schedule_time,
                timezone=self.schedule_timezone,
                start=self.schedule_start,
                duration=dt.timedelta(minutes=self.schedule_duration or 60),
            )
            self.__dict__.pop("schedule_error", None)
        except KindnessInputError as error:
            # The admin form refuses such values; they come from elsewhere (a
            # shell, a data migration).  Public pages must still be served.
            schedule = self._fallback_schedule(error)
        self.__dict__["_kindness_schedule"] = (fields, schedule)
        return schedule

    def _fallback_schedule(self, error: KindnessInputError) -> Schedule:
        """The plain monthly schedule in a valid zone, used while the stored one is broken."""
        self.__dict__["schedule_error"] = str(error)
        logger.error(
            "wagtail_kindness: the stored schedule of %r (pk %s) cannot be used (%s); "
            "the plain monthly rule is used until it is corrected in the admin",
            self,
            self.pk,
            error,
        )
        plain = f"FREQ=MONTHLY;BYDAY={self.schedule_ordinal}{self.schedule_weekday}"
        time = self.schedule_time if isinstance(self.schedule_time, dt.time) else dt.time(18, 0)
        for rule, zone in (
            (plain, self.schedule_timezone),
            (plain, conf.default_time_zone()),
            ("FREQ=MONTHLY;BYDAY=3TH", conf.default_time_zone()),
        ):
            try:
                return Schedule(rule=rule, time=time, timezone=zone)
            except KindnessInputError:
                continue
        return Schedule(rule="FREQ=MONTHLY;BYDAY=3TH", time=time, timezone="UTC")

    @property
    def schedule_description(self) -> str:
        """The schedule in words in the active language, from kindness_core ("Third
        Thursday of every month…"; the page's language while it is served)."""
        try:
            return describe(self.base_schedule(), locale=output_locale())
        except KindnessInputError as error:
            return str(error)

    @property
    def schedule_warnings(self) -> tuple[str, ...]:
        try:
            warnings = schedule_warnings(self.base_schedule())
        except KindnessInputError:
            return ()
        if error := self.__dict__.get("schedule_error"):
            problem = _(
                "The saved schedule cannot be used (%(error)s): until it is corrected, "
                "visitors see the plain monthly rule."
            ) % {"error": error}
            return (str(problem), *warnings)
        return warnings
