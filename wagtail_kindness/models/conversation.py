"""``ConversationPage``: one meeting of a series, in the series' own time zone."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from typing import TYPE_CHECKING

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from kindness_core.errors import KindnessInputError
from kindness_core.formats.calendar_links import google_calendar_url, outlook_calendar_url
from kindness_core.schedule.zones import get_zone, localize
from kindness_core.series import Conversation, Status, month_label, slugify

from .. import conf, http_cache
from ..addresses import calendar_address
from ..api import CONVERSATION_API_FIELDS
from ..blocks import BodyBlock, ResourceConversion, ResourcesBlock
from ..copying import NOT_COPIED, ConversationCopyForm, copy_plan, refuse_taken_month_move
from ..forms import ConversationPageForm, schedule_date_warning
from ..languages import (
    ServedInItsLanguage,
    calendar_words,
    content_language,
    output_locale,
    with_stored_title,
)
from ..months import month_taken_message, page_in_month, refuse_taken_month
from ..purging import conversation_cached_paths
from ..queries import people_of, themes_of
from ..text import html_to_paragraphs
from ..translating import SameMeetingInEveryLanguage
from ..validators import web_url  # also importable from here, as before
from .joining import ConversationJoiningFields
from .people import STATUS_CHOICES, ConversationTheme, PeopleInlinePanel
from .querysets import ConversationPageManager

if TYPE_CHECKING:
    from .series import ConversationSeriesPage

__all__ = ["ConversationPage", "log_unusable", "web_url"]

logger = logging.getLogger(__name__)


def log_unusable(page, error: KindnessInputError) -> None:
    """Log a conversation page that the core cannot take, and that is left out.

    The admin refuses such values (e.g. a date outside 1900-2999); they come
    from elsewhere (a shell, a data migration).  The calendar and the feeds
    leave the page out rather than fail.
    """
    logger.error(
        "wagtail_kindness: the conversation page %r (pk %s) is left out of the calendar "
        "and feeds (%s); correct it in the admin",
        page,
        page.pk,
        error,
    )


def _series_class():
    # The series module imports this one: the app registry, not an import.
    return apps.get_model("wagtail_kindness", "ConversationSeriesPage")


class ConversationPage(
    ServedInItsLanguage,
    SameMeetingInEveryLanguage,
    RoutablePageMixin,
    ConversationJoiningFields,
    Page,
):
    """One meeting of a series, entered in the series' own time zone."""

    conversation_title = models.CharField(
        pgettext_lazy("conversation field", "title"),
        max_length=255,
        blank=True,
        help_text=_("Optional. Untitled conversations are named by their month, e.g. 'May 2024'."),
    )
    date = models.DateField(_("date"), help_text=_("In the series' time zone."))
    time = models.TimeField(
        _("start time"),
        null=True,
        blank=True,
        help_text=_("Left blank, the series' usual time is filled in when the page is saved."),
    )
    #: The IANA zone ``date`` and ``time`` are in: the series' zone when the page
    #: was saved.  A later change of the series' schedule moves only the pages
    #: from the date it applies from, so a past meeting keeps the time it was held.
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True, editable=False)
    start = models.DateTimeField(_("starts at"), null=True, editable=False, db_index=True)
    #: The iCalendar SEQUENCE: how many times the page was published after the first
    #: (calendar apps update an event they already have only when it grows).
    sequence = models.PositiveIntegerField(_("revision number"), default=0, editable=False)
    status = models.CharField(
        pgettext_lazy("conversation field", "status"),
        max_length=16,
        choices=STATUS_CHOICES,
        default=Status.SCHEDULED.value,
    )
    postponed_date = models.DateField(
        _("new date"), null=True, blank=True, help_text=_("When postponed: the new date.")
    )
    postponed_time = models.TimeField(_("new start time"), null=True, blank=True)
    standfirst = models.TextField(_("standfirst"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    resources = StreamField(ResourcesBlock(), blank=True, verbose_name=_("resources"))
    themes = ClusterTaggableManager(through=ConversationTheme, blank=True, verbose_name=_("themes"))

    objects = ConversationPageManager()

    template = "wagtail_kindness/pages/conversation_page.html"
    #: Wagtail API v2 fields (``wagtail_kindness.api``).
    api_fields = CONVERSATION_API_FIELDS
    parent_page_types = ["wagtail_kindness.ConversationSeriesPage"]
    subpage_types: list[str] = []
    base_form_class = ConversationPageForm
    #: Copies are the next meeting of their series (``copying``).
    copy_form_class = ConversationCopyForm
    exclude_fields_in_copy = NOT_COPIED

    content_panels = [
        "conversation_title",
        MultiFieldPanel(
            [
                FieldRowPanel(["date", "time"]),
                "status",
                # Shown only when "Postponed" is chosen (js/conversation-status.js,
                # the form's Media); without JavaScript they simply show.
                FieldRowPanel(
                    ["postponed_date", "postponed_time"],
                    attrs={"data-kindness-postponed-fields": ""},
                ),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [FieldRowPanel(["meeting_url", "capacity"])],
            heading=_("Joining"),
            classname="collapsed",
        ),
        "standfirst",
        PeopleInlinePanel("people", label=_("person"), heading=_("People")),
        "body",
        "resources",
        FieldPanel("themes"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("conversation_title"),
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        indexes = [
            # The next date (``upcoming()``) reads the pages from a month ago on.
            models.Index(fields=["date"], name="kindness_conv_date"),
            # The schedule's exceptions: cancelled and postponed pages only.
            models.Index(fields=["status", "postponed_date"], name="kindness_conv_status"),
        ]

    # -- public only while the series is live ------------------------------
    # Wagtail's unpublish leaves a page's children live: a conversation of an
    # unpublished series is hidden from every output (the API and a site's
    # search use ``queries.exclude_unpublished_series``).

    def series_is_live(self, request=None) -> bool:
        """True if the series page above this conversation is live.

        With a ``request``, the live series are read once per request (the
        sitemap asks for every conversation).
        """
        if request is None:
            series = self.series_page()
            return series is not None and series.live
        memo = getattr(request, "wagtail_kindness_live_series", None)
        if memo is None:
            memo = set(_series_class().objects.live().values_list("path", flat=True))
            request.wagtail_kindness_live_series = memo
        return self.path[: -self.steplen] in memo

    def route(self, request, path_components):
        if not self.series_is_live():
            raise Http404
        return super().route(request, path_components)

    def get_sitemap_urls(self, request=None):
        return super().get_sitemap_urls(request) if self.series_is_live(request) else []

    # -- routes: ``calendar.ics`` ("add to calendar"), and without the dot --

    @path("calendar.ics/", name="calendar_route")
    def calendar_route(self, request):
        from ..views import calendar

        return calendar.conversation_calendar_file(request, self)

    @path("calendar/", name="calendar_plain_route")
    def calendar_plain_route(self, request):
        """The same file at an address without a dot (no URLconf change needed)."""
        return self.calendar_route(request)

    def get_cached_paths(self):
        """Its page and its calendar file (``purging.conversation_cached_paths``)."""
        return conversation_cached_paths(self, base=super().get_cached_paths())

    def calendar_url(self, request=None) -> str | None:
        """The full address of this conversation's calendar file."""
        url = self.get_full_url(request)
        return calendar_address(url) if url else None

    def calendar_links(self, request=None) -> dict[str, str | None]:
        """The "add to calendar" links of this conversation.

        ``subscribe`` (the series' ``webcal://`` address) is always given;
        ``ics``, ``google`` and ``outlook`` only for a coming conversation
        (scheduled, or postponed to a known date).
        """
        links: dict[str, str | None] = dict.fromkeys(("subscribe", "ics", "google", "outlook"))
        series = self.series_page()
        if series is None:
            return links
        links["subscribe"] = series.webcal_url(request)
        coming = self.status == Status.SCHEDULED or (
            self.status == Status.POSTPONED and self.postponed_date is not None
        )
        if not coming or self.date is None:
            return links
        try:
            conversation = self.to_core(series=series, request=request)
        except KindnessInputError:
            return links
        core_series = series.core_series_base
        conversation = with_stored_title(conversation, self)
        words = calendar_words()  # the active language: the page's while it is served
        links["ics"] = self.calendar_url(request)
        links["google"] = google_calendar_url(core_series, conversation, words=words)
        links["outlook"] = outlook_calendar_url(core_series, conversation, words=words)
        return links

    # -- the series and local times ---------------------------------------

    def series_page(self) -> ConversationSeriesPage | None:
        """The series page above this conversation (one query, then kept on the page)."""
        series = getattr(self, "_kindness_series", None)
        if series is None:
            if self.path:
                parent_path = self.path[: -self.steplen]
                series = _series_class().objects.filter(path=parent_path).first()
            elif (parent := getattr(self, "_cached_parent_obj", None)) is not None:
                series = parent.specific  # a new page, not in the tree yet (a preview)
            if isinstance(series, _series_class()):
                self._kindness_series = series
        return series if isinstance(series, _series_class()) else None

    def zone_name(self, series: ConversationSeriesPage) -> str:
        """The IANA zone of ``date`` and ``time``: the page's own (:attr:`time_zone`),
        else, before the page is saved, the series' zone."""
        return self.time_zone or series.base_schedule().timezone

    def local_scheduled(self, series: ConversationSeriesPage) -> dt.datetime:
        """The naive wall-clock start as entered (in :meth:`zone_name`)."""
        return dt.datetime.combine(self.date, self.time or series.schedule_time)

    def local_effective(self, series: ConversationSeriesPage) -> dt.datetime:
        if self.status == Status.POSTPONED and self.postponed_date:
            when = self.postponed_time or self.time or series.schedule_time
            return dt.datetime.combine(self.postponed_date, when)
        return self.local_scheduled(series)

    def scheduled_start(self, series: ConversationSeriesPage) -> dt.datetime:
        return localize(self.local_scheduled(series), self.zone_name(series))

    def effective_start(self, series: ConversationSeriesPage) -> dt.datetime:
        """The aware start (the new one when postponed), in the page's zone."""
        return localize(self.local_effective(series), self.zone_name(series))

    def local_start(self) -> dt.datetime | None:
        """The stored start in the zone the meeting was held in."""
        series = self.series_page()
        if series is None or self.start is None:
            return None
        try:
            zone = get_zone(self.zone_name(series))
        except KindnessInputError:
            zone = series.zone
        return self.start.astimezone(zone)

    @property
    def auto_title(self) -> str:
        """The title, else the month in the page's language ("July 2022", "Juillet 2022")."""
        if self.conversation_title:
            return self.conversation_title
        if not self.date:
            return ""
        language = content_language(self, parent=self.series_page)
        return month_label(self.date, locale=output_locale(language))

    def auto_slug_base(self) -> str:
        base = f"{self.date:%Y-%m}" if self.date else ""
        words = slugify(self.conversation_title or "")
        return "-".join(filter(None, [base, words]))[:200]

    def refresh_derived(self) -> None:
        """Fill the page title, the slug and the stored UTC start from the fields."""
        if self.date:
            self.title = self.auto_title
        if not self.slug and (base := self.auto_slug_base()):
            parent_known = self.path or getattr(self, "_cached_parent_obj", None)
            self.slug = self._get_autogenerated_slug(base) if parent_known else base
        series = self.series_page()
        if series is not None and self.date:
            # Stored, not followed: a later schedule change moves only the
            # pages from the date it applies from (``scheduling``).
            if self.time is None:
                self.time = series.schedule_time
            if not self.time_zone:
                self.time_zone = series.base_schedule().timezone
            with contextlib.suppress(KindnessInputError):  # reported by clean()
                self.start = self.effective_start(series)

    def full_clean(self, *args, **kwargs):
        self.refresh_derived()
        super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        self.refresh_derived()
        super().minimal_clean()
        if self._state.adding:  # a new draft (a copy, a page added in code) takes a free month
            refuse_taken_month(self, self.series_page())

    # -- copying and moving keep one conversation a month (``copying``) ------

    def copy(self, recursive=False, to=None, update_attrs=None, **kwargs):
        """Wagtail's copy, as the next meeting of the destination series (``copying``).

        A copy for a translation (``reset_translation_key=False``, the admin's
        "Translate") is this meeting in another language (``translating``): the
        destination's page of the month, linked to this one, if there is one
        (``TranslationRefused`` if it cannot be), else Wagtail's own copy.
        """
        if kwargs.get("reset_translation_key", True) is False:
            return self.copy_as_translation(recursive, to, update_attrs, **kwargs)
        attrs, cleared = copy_plan(self, to or self.get_parent(), update_attrs)
        kwargs["exclude_fields"] = [*(kwargs.get("exclude_fields") or []), *cleared]
        with transaction.atomic():
            return super().copy(recursive=recursive, to=to, update_attrs=attrs, **kwargs)

    copy.alters_data = True

    def move(self, target, pos=None, user=None):
        """Wagtail's move, refused (``ValidationError``) into a series whose month is taken."""
        refuse_taken_month_move(self, target, pos)
        return super().move(target, pos=pos, user=user)

    move.alters_data = True

    def clean(self):
        super().clean()
        series = self.series_page()
        if series is None or not self.date:
            return
        errors = {}
        for name in ("date", "postponed_date"):  # the calendar and feeds cannot go further
            day = getattr(self, name)
            if day and not 1900 <= day.year <= 2999:
                errors[name] = _("Enter a date between 1900 and 2999.")
        if errors:
            raise ValidationError(errors)
        try:
            self.scheduled_start(series)
        except KindnessInputError as error:
            errors["time"] = str(error)
        if self.status == Status.POSTPONED and self.postponed_date:
            try:
                self.effective_start(series)
            except KindnessInputError as error:
                errors["postponed_time"] = str(error)
        if series.pk and (other := page_in_month(series, self.date, exclude_pk=self.pk)):
            errors["date"] = month_taken_message(series, other, self.date)
        if errors:
            raise ValidationError(errors)

    def schedule_warning(self, series: ConversationSeriesPage | None = None) -> str | None:
        """A sentence if the date is not one of the schedule's dates, else ``None``
        (said after saving; the form says it while typing: ``forms.schedule_date_warning``)."""
        series = series or self.series_page()
        if series is None or not self.date:
            return None
        return schedule_date_warning(series, self.date, saved=True)

    # -- the core bridge ---------------------------------------------------

    def to_core(
        self,
        series: ConversationSeriesPage | None = None,
        request=None,
        *,
        people=None,
        themes=None,
        conversion: ResourceConversion | None = None,
        url: str | None = None,
    ) -> Conversation:
        """This page as a :class:`kindness_core.Conversation`.

        For many pages at once (``ConversationSeriesPage.to_core``), already
        read: ``people`` (core people) and ``themes`` (names), as
        :func:`~wagtail_kindness.queries.core_people_and_themes` gives them;
        ``conversion`` shared by their resources; ``url`` the page's full URL.
        """
        series = series or self.series_page()
        if series is None:
            raise ValueError("a conversation page needs its series page to become a Conversation")
        core_series = series.core_series_base
        start = self.effective_start(series)
        original = self.scheduled_start(series)
        if url is None:
            url = self.get_full_url(request) if self.pk else None
        url = web_url(url, what=f"address of page {self.pk}") if url else None
        base_url = url or (request.build_absolute_uri("/") if request is not None else None)
        return Conversation(
            key=core_series.conversation_key(self.date.year, self.date.month),
            start=start,
            end=(start.astimezone(dt.UTC) + core_series.duration).astimezone(start.tzinfo),
            title=self.conversation_title or None,
            status=Status(self.status),
            summary=self.summary_text(),
            people=(
                tuple(people)
                if people is not None
                else tuple(person.to_core() for person in people_of(self))
            ),
            resources=tuple(
                child.value.to_core(base_url, conversion=conversion) for child in self.resources
            ),
            themes=(
                tuple(themes)
                if themes is not None
                else tuple(item.tag.name for item in themes_of(self))
            ),
            url=url,
            previous_start=original if original != start else None,
            sequence=self.sequence,
            last_modified=self.last_published_at,
        )

    # -- revisions: the sequence counts publications -------------------------

    def with_content_json(self, content):
        """The page of a revision (Wagtail's, kept as it is), with the current
        :attr:`sequence`: publishing a revision, an older one when reverting,
        never lowers it (``signals.count_publication`` raises it).

        The value is read from the database, not from this object, which may
        be older than the last publication.  An untitled page is named by its
        month in its own language (:attr:`auto_title`).
        """
        page = super().with_content_json(content)
        current = None
        if self.pk:
            current = (
                ConversationPage.objects.filter(pk=self.pk)
                .values_list("sequence", flat=True)
                .first()
            )
        page.sequence = self.sequence if current is None else current
        if page.date and not page.conversation_title:
            # Untitled: its month in its own language, also for an alias in another
            # locale, which Wagtail updates from its original's content.
            page.title = page.auto_title
        return page

    @property
    def postponed_from(self) -> dt.date | None:
        """The original date of a conversation postponed to a new one, else ``None``."""
        if self.status == Status.POSTPONED and self.postponed_date and self.date:
            return self.date
        return None

    def summary_text(self) -> str:
        """The standfirst and the body's paragraphs as plain text (the core's summary)."""
        parts = [self.standfirst.strip()] if self.standfirst.strip() else []
        for child in self.body:
            if child.block_type == "paragraph":
                parts.append(html_to_paragraphs(child.value.source))
        return "\n\n".join(part for part in parts if part)

    @property
    def pending_resources(self) -> list[str]:
        """Titles of resources announced with no file or address yet (for editors)."""
        return [str(c.value.display_title) for c in self.resources if c.value.is_pending]

    def serve(self, request, *args, **kwargs):
        """Wagtail's, with the HTTP cache policy: ``Cache-Control``, and an ETag
        and a 304 before rendering on the page itself (``http_cache``)."""
        return http_cache.serve(self, super().serve, request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["base_template"] = conf.base_template()
        context["series"] = self.series_page()
        context["local_start"] = self.local_start()
        return context
