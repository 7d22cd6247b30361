"""Joining a conversation: the editor's fields, registrations, places and the mail ledger.

* :class:`SeriesJoiningFields` and :class:`ConversationJoiningFields`: how
  people join a series (contact text, a public link, or sign-up), the
  **private** joining link (never in a public output: it is not part of the
  core series the outputs are built from), capacity and reminder hours.
* :class:`Registration`: a person who asked to join a series (one
  conversation, or every one until they stop), pending until they confirm.
* :class:`Place`: a registration's seat at one meeting (identified by its
  scheduled date), confirmed or on the waiting list, with what the person was
  last told (start, status, ``SEQUENCE`` of their ``.ics``).
* :class:`Delivery`: the mail ledger.  One row per registration, kind and
  occasion, unique in the database and claimed before the mail is sent, so
  that no mail goes out twice and a failed one is tried again
  (:mod:`wagtail_kindness.joining.deliver`).

The work is done in :mod:`wagtail_kindness.joining`; these are the data.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..validators import WebURLModelField

__all__ = [
    "ConversationJoiningFields",
    "Delivery",
    "JoinMode",
    "Place",
    "PlaceCounts",
    "Registration",
    "SeriesJoiningFields",
]


class JoinMode(models.TextChoices):
    CONTACT = "contact", _("People contact us (the text below)")
    LINK = "link", _("A public link (the joining link below)")
    SIGNUP = "signup", _("People sign up here and get the private joining link by email")


def _new_key() -> str:
    return secrets.token_urlsafe(24)


class SeriesJoiningFields(models.Model):
    """Abstract: how people join the series' conversations."""

    join_mode = models.CharField(
        _("how people join"), max_length=16, choices=JoinMode.choices, default=JoinMode.CONTACT
    )
    meeting_url = WebURLModelField(
        _("private joining link"),
        blank=True,
        help_text=_(
            "The video call's address (e.g. a Zoom link). Private: it is sent only to "
            "people who signed up and confirmed, never shown on the site."
        ),
    )
    capacity = models.PositiveIntegerField(
        _("places per conversation"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave blank for no limit. When full, people join a waiting list."),
    )
    reminder_hours = models.CharField(
        _("reminders (hours before)"),
        max_length=64,
        blank=True,
        help_text=_(
            "Hours before each conversation, separated by commas, e.g. '24, 1'. "
            "Leave blank for the site's default."
        ),
    )

    class Meta:
        abstract = True


class ConversationJoiningFields(models.Model):
    """Abstract: a conversation's own joining link and capacity (else the series')."""

    meeting_url = WebURLModelField(
        _("private joining link"),
        blank=True,
        help_text=_("Only if this conversation has its own link; else the series' is sent."),
    )
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
        help_text=_("Only if this conversation has its own limit; else the series'."),
    )

    class Meta:
        abstract = True


class Registration(models.Model):
    """A person who asked to join a series' conversations."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", pgettext_lazy("registration", "Confirmed")
        CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")

    series = models.ForeignKey(
        "wagtail_kindness.ConversationSeriesPage",
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("conversation series"),
    )
    name = models.CharField(pgettext_lazy("registration field", "name"), max_length=100)
    email = models.EmailField(_("email"), max_length=254, db_index=True)
    time_zone = models.CharField(_("time zone"), max_length=64)
    #: The language of the page they signed up on: their emails are in it.
    language = models.CharField(_("language"), max_length=16, blank=True)
    #: The meeting they asked for (its scheduled date); with ``every``, the
    #: first one.  Kept while they confirm; their places are in :class:`Place`.
    date = models.DateField(_("meeting"), null=True, blank=True)
    #: Every conversation until they stop (else only the one on ``date``).
    every = models.BooleanField(_("every conversation"), default=False)
    follow_up = models.BooleanField(_("tell me when the summary is up"), default=False)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PENDING
    )
    #: A random secret inside the signed links: a link names one registration
    #: and stops working when it is erased (a new one gets a new key).
    key = models.CharField(max_length=64, unique=True, default=_new_key, editable=False)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["series", "state"], name="kindness_reg_series_state")]

    def __str__(self) -> str:
        # Never the name or the email: this shows in logs and admin messages.
        return f"registration {self.pk}"


#: Confirmed and waiting places at one meeting.
PlaceCounts = tuple[int, int]


class PlaceQuerySet(models.QuerySet):
    def per_meeting(
        self, meetings: Iterable[tuple[int, dt.date]]
    ) -> dict[tuple[int, dt.date], PlaceCounts]:
        """``(confirmed, waiting)`` per ``(series id, scheduled date)``, in one query.

        Every meeting asked for is in the answer (``(0, 0)`` when nobody joined).
        """
        wanted = set(meetings)
        if not wanted:
            return {}
        rows = (
            self.filter(
                series_id__in={series for series, _day in wanted},
                date__in={day for _series, day in wanted},
                state__in=[Place.State.CONFIRMED, Place.State.WAITING],
            )
            .values("series_id", "date", "state")
            .annotate(n=Count("pk"))
            .order_by()
        )
        found: dict[tuple[int, dt.date], dict[str, int]] = {}
        for row in rows:
            found.setdefault((row["series_id"], row["date"]), {})[row["state"]] = row["n"]
        return {
            key: (found.get(key, {}).get("confirmed", 0), found.get(key, {}).get("waiting", 0))
            for key in wanted
        }


class Place(models.Model):
    """A registration's place at one meeting, named by its scheduled date."""

    class State(models.TextChoices):
        CONFIRMED = "confirmed", pgettext_lazy("place", "Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", pgettext_lazy("place", "Cancelled")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="places")
    series = models.ForeignKey(
        "wagtail_kindness.ConversationSeriesPage", on_delete=models.CASCADE, related_name="+"
    )
    #: The meeting's scheduled date in the series' zone (a postponed or moved
    #: meeting keeps it): with the series, it names the meeting.
    date = models.DateField(_("date"))
    conversation = models.ForeignKey(
        "wagtail_kindness.ConversationPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="places",
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.CONFIRMED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    #: What the person was last told: the start (aware), the status, and the
    #: ``SEQUENCE`` of the ``.ics`` they got (it grows with every change notice).
    told_start = models.DateTimeField(null=True, blank=True)
    told_status = models.CharField(max_length=16, blank=True)
    sequence = models.PositiveIntegerField(default=0)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["date", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "date"], name="kindness_place_once_per_meeting"
            )
        ]
        indexes = [models.Index(fields=["series", "date", "state"], name="kindness_place_meeting")]

    def __str__(self) -> str:
        return f"place {self.pk} ({self.date})"


class Delivery(models.Model):
    """One email to one registration: claimed before it is sent, sent at most once."""

    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("Confirmation request")
        JOINING = "joining", _("Joining details")
        WAITING = "waiting", _("Waiting list")
        REMINDER = "reminder", _("Reminder")
        NOTICE = "notice", _("Change notice")
        FOLLOW_UP = "follow_up", _("Follow-up")
        CANCELLED = "cancelled", _("Place cancelled")

    class State(models.TextChoices):
        CLAIMED = "claimed", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="deliveries"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    #: What makes this mail one of its kind: the meeting date, the hours of a
    #: reminder ("2026-12-17@24"), a notice's sequence ("2026-12-17#2")…
    occasion = models.CharField(max_length=64, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.CLAIMED)
    tries = models.PositiveSmallIntegerField(default=0)
    #: The class of the last error (never its text: it may hold the address).
    error = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "kind", "occasion"], name="kindness_delivery_once"
            )
        ]
        indexes = [models.Index(fields=["state", "claimed_at"], name="kindness_delivery_state")]

    def __str__(self) -> str:
        return f"{self.kind} {self.occasion} for registration {self.registration_id}"
