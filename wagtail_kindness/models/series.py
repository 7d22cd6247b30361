"""``ConversationSeriesPage``: a recurring series, its archive and its machine-readable outputs.

All its routes are here (archive, year, speaker, theme, calendar, feeds);
each stays thin and imports its view from :mod:`wagtail_kindness.views`
(Wagtail's idiom), where the work is done.  Its addresses (calendar, webcal,
feeds) are methods of the page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from urllib.parse import urlsplit, urlunsplit

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from kindness_core.archive import Archive
from kindness_core.errors import KindnessInputError
from kindness_core.formats.ical import DEFAULT_UID_DOMAIN
from kindness_core.schedule.recurrence import Move, Occurrence, Skip
from kindness_core.series import Series, Status, slugify

from .. import conf, http_cache
from ..addresses import calendar_address
from ..api import SERIES_API_FIELDS
from ..blocks import ResourceConversion
from ..forms import ConversationSeriesPageForm
from ..languages import (
    ServedInItsLanguage,
    uid_domain_for,
    with_stored_title,
)
from ..panels import ScheduleSummaryPanel
from ..purging import series_cached_paths
from ..queries import children_full_urls, core_people_and_themes
from ..scheduling import ScheduleChange, apply_schedule_change, default_change_date
from ..streams import prefetch_stream
from ..text import SLUG_PATTERN, html_to_paragraphs
from ..validators import WebURLModelField, web_url
from .conversation import ConversationPage, log_unusable
from .joining import SeriesJoiningFields
from .schedule import ScheduleFields
from .upcoming import SchedulePages, UpcomingConversation

__all__ = ["ConversationSeriesPage", "SchedulePages", "UpcomingConversation"]

#: What :meth:`ConversationSeriesPage.schedule_pages` reads of a page: its dates,
#: and its title and address for the "next conversation" link.
_SCHEDULE_FIELDS = (
    "date",
    "time",
    "status",
    "postponed_date",
    "postponed_time",
    "start",
    "title",
    "url_path",
    "path",
    "depth",
    "live",
    "time_zone",  # a conversation's own zone: read for every coming date
)

#: :meth:`ConversationSeriesPage.upcoming` looks this many dates of the schedule
#: past the ones it shows (months taken by a page, cancelled meetings).
_SPARE_OCCURRENCES = 12


class ConversationSeriesPage(
    ServedInItsLanguage, RoutablePageMixin, ScheduleFields, SeriesJoiningFields, Page
):
    """A recurring conversation series and its archive (``page.title`` is its name)."""

    intro = RichTextField(_("introduction"), blank=True)
    joining = RichTextField(_("how to join"), blank=True)
    contact = RichTextField(_("whom to contact"), blank=True)
    join_url = WebURLModelField(
        _("joining link"),
        blank=True,
        help_text=_("Optional: the address of the video call or the sign-up form."),
    )

    #: Templates of the archive and of its routes (override per site).
    template = "wagtail_kindness/pages/conversation_series_page.html"
    speaker_template = "wagtail_kindness/pages/conversation_series_speaker.html"
    #: Feed classes (or dotted paths), for sites that subclass them.
    rss_feed_class = "wagtail_kindness.views.feeds.SeriesFeed"
    atom_feed_class = "wagtail_kindness.views.feeds.SeriesAtomFeed"
    #: Wagtail API v2 fields (``wagtail_kindness.api``).
    api_fields = SERIES_API_FIELDS

    subpage_types = ["wagtail_kindness.ConversationPage"]
    base_form_class = ConversationSeriesPageForm

    content_panels = [
        *Page.content_panels,
        "intro",
        MultiFieldPanel(
            [
                "join_mode",
                "joining",
                "join_url",
                "contact",
                "meeting_url",
                FieldRowPanel(["capacity", "reminder_hours"]),
            ],
            heading=_("Joining"),
        ),
        MultiFieldPanel(
            [
                ScheduleSummaryPanel(),
                FieldRowPanel(["schedule_ordinal", "schedule_weekday"]),
                FieldRowPanel(["schedule_time", "schedule_duration"]),
                "schedule_timezone",
                "schedule_rule",
                "schedule_start",
                "schedule_change_from",
            ],
            heading=_("Schedule"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("conversation series")
        verbose_name_plural = _("conversation series")

    # -- routes: thin; the work is done in wagtail_kindness.views -----------

    @path("")
    def archive_route(self, request):
        from ..views import archive

        return archive.archive(request, self)

    @path("<int:year>/")
    def year_route(self, request, year):
        from ..views import archive

        return archive.archive(request, self, year=year)

    # Slugs of any script (``readable_slug``): "themes/santé-publique/".
    @re_path(rf"^speakers/(?P<slug>{SLUG_PATTERN})/$")
    def speaker_route(self, request, slug):
        from ..views import archive

        return archive.speaker(request, self, slug)

    @re_path(rf"^themes/(?P<slug>{SLUG_PATTERN})/$")
    def theme_route(self, request, slug):
        from ..views import archive

        return archive.archive(request, self, theme=slug)

    # ``calendar.ics`` has a dot, which Wagtail's own URL pattern refuses: it
    # needs ``wagtail_kindness.urls``; ``calendar/`` works without it.
    @path("calendar.ics/", name="calendar_route")
    def calendar_route(self, request):
        from ..views import calendar

        return calendar.series_calendar(request, self)

    @path("calendar/", name="calendar_plain_route")
    def calendar_plain_route(self, request):
        """The same calendar at an address without a dot (no URLconf change needed)."""
        return self.calendar_route(request)

    @path("feed/", name="rss_feed_route")
    def rss_feed_route(self, request):
        from ..views import feeds

        return feeds.rss_feed(request, self)

    @path("feed/atom/", name="atom_feed_route")
    def atom_feed_route(self, request):
        from ..views import feeds

        return feeds.atom_feed(request, self)

    # Joining (``join_mode`` "signup"): never cached, the form and its answers
    # are per visitor; the links of the emails carry a signed token (``?t=``).
    @path("join/", name="join_route")
    def join_route(self, request):
        from ..views import joining

        return joining.join(request, self)

    @path("join/sent/", name="join_sent_route")
    def join_sent_route(self, request):
        from ..views import joining

        return joining.sent(request, self)

    @path("join/confirm/", name="join_confirm_route")
    def join_confirm_route(self, request):
        from ..views import joining

        return joining.confirm(request, self)

    @path("join/cancel/", name="join_cancel_route")
    def join_cancel_route(self, request):
        from ..views import joining

        return joining.cancel(request, self)

    # -- addresses ------------------------------------------------------

    def get_cached_paths(self):
        """Every address a front-end cache may hold (``purging.series_cached_paths``)."""
        return series_cached_paths(self, base=super().get_cached_paths())

    def calendar_url(self, request=None) -> str | None:
        """The full address of the series' calendar (``None`` if the page has no URL)."""
        url = self.get_full_url(request)
        return calendar_address(url) if url else None

    def webcal_url(self, request=None) -> str | None:
        """The ``webcal://`` form of :meth:`calendar_url` (a calendar app subscribes)."""
        url = self.calendar_url(request)
        return urlunsplit(("webcal", *urlsplit(url)[1:])) if url else None

    def feed_url(self, request=None, *, atom: bool = False) -> str | None:
        """The full address of the RSS feed, or of the Atom one."""
        url = self.get_full_url(request)
        if not url:
            return None
        return url + self.reverse_subpage("atom_feed_route" if atom else "rss_feed_route")

    def uid_domain(self, request=None) -> str:
        """``WAGTAILKINDNESS_ICAL_UID_DOMAIN``, else the Wagtail site's hostname;
        in a locale other than the default, prefixed with its language
        (``fr.example.org``: a translation's events never replace the original's)."""
        domain = conf.ical_uid_domain()
        if not domain:
            url = self.get_full_url(request)
            domain = (urlsplit(url).hostname if url else None) or DEFAULT_UID_DOMAIN
        return uid_domain_for(self, domain)

    # -- querying -------------------------------------------------------

    def public_conversations(self):
        """The live conversation pages of this series that anyone may see (any order).

        Wagtail's ``.public()`` reads the site's view restrictions when it is
        called (one query): call this once per request and derive the rest
        from it (the ``public`` arguments below).
        """
        return ConversationPage.objects.child_of(self).live().public()

    def conversations(self, public=None):
        """Live, public conversation pages of this series, newest first."""
        return (public if public is not None else self.public_conversations()).newest_first()

    def schedule_pages(
        self, *, now: dt.datetime, public=None, count: int | None = None
    ) -> SchedulePages:
        """The public pages :meth:`upcoming` (for up to ``count`` dates, by default
        ``WAGTAILKINDNESS_UPCOMING_COUNT``) and :meth:`core_schedule` need, in one query.

        Bounded whatever the archive holds: the pages from a month before
        ``now`` to the last date of the schedule that :meth:`upcoming` looks
        at (and those postponed into that range), and the cancelled and
        postponed ones.
        """
        count = count or conf.upcoming_count()
        if not self.pk:
            return SchedulePages(now=now, count=count, recent=(), exceptions=())
        floor = self._upcoming_floor(now)
        dates, moved = models.Q(date__gte=floor), models.Q(postponed_date__gte=floor)
        horizon = self._upcoming_horizon(now, count)
        if horizon is not None:
            dates &= models.Q(date__lte=horizon)
            moved &= models.Q(postponed_date__lte=horizon)
        exceptions = [Status.CANCELLED, Status.POSTPONED]
        wanted = (
            dates | (models.Q(status=Status.POSTPONED) & moved) | models.Q(status__in=exceptions)
        )
        public = public if public is not None else self.public_conversations()
        rows = list(public.filter(wanted).only(*_SCHEDULE_FIELDS).order_by())  # ORDER BY: none
        recent = tuple(
            p
            for p in rows
            if (floor <= p.date and (horizon is None or p.date <= horizon))
            or (
                p.status == Status.POSTPONED
                and p.postponed_date
                and floor <= p.postponed_date
                and (horizon is None or p.postponed_date <= horizon)
            )
        )
        changed = sorted((p for p in rows if p.status in exceptions), key=lambda p: p.path)
        return SchedulePages(now=now, count=count, recent=recent, exceptions=tuple(changed))

    def _upcoming_horizon(self, now: dt.datetime, count: int) -> dt.date | None:
        """The last date :meth:`upcoming` may show for ``count`` dates (``None``: no bound)."""
        base = self.base_schedule()
        wanted = count + _SPARE_OCCURRENCES
        occurrences = base.upcoming(after=now - base.duration, count=wanted)
        if len(occurrences) < wanted:
            return None  # the schedule ends: every later page may matter
        last = occurrences[-1]
        return max(last.start.date(), last.scheduled_date or last.start.date())

    def _upcoming_floor(self, now: dt.datetime) -> dt.date:
        # Only pages from a month before the last meeting that may still run can matter.
        base = self.base_schedule()
        return (now - base.duration).astimezone(base.zone).date() - dt.timedelta(days=31)

    @property
    def join_link(self) -> str | None:
        """The joining link, or ``None`` if the stored one is not a usable web address."""
        return web_url(self.join_url, what=f"joining link of series {self.pk}")

    @property
    def zone(self):
        return self.base_schedule().zone

    @cached_property
    def series_key(self) -> str:
        return slugify(self.slug) or "series"

    def _core_series(self, schedule, request=None) -> Series:
        return Series(
            key=self.series_key,
            name=self.title,
            schedule=schedule,
            description=html_to_paragraphs(self.intro),
            joining=html_to_paragraphs(self.joining),
            join_url=self.join_link,
            contact=html_to_paragraphs(self.contact) or None,
            url=web_url(self.get_full_url(request), what=f"address of page {self.pk}")
            if self.pk
            else None,
        )

    @cached_property
    def core_series_base(self) -> Series:
        """The core series with the plain schedule (no query)."""
        return self._core_series(self.base_schedule())

    def core_schedule(self, *, exceptions=None, public=None):
        """The schedule with cancelled dates skipped and postponed dates moved.

        ``exceptions``: the cancelled and postponed pages, if already read
        (:meth:`schedule_pages`); else they are read from ``public``
        (:meth:`public_conversations`).  A private page never moves a public date.
        """
        changed = list(exceptions) if exceptions is not None else []
        if exceptions is None and self.pk:
            public = public if public is not None else self.public_conversations()
            changed = list(
                public.exceptions().only(
                    "date", "time", "status", "postponed_date", "postponed_time", "time_zone"
                )
            )
        base = self.base_schedule()
        # A page on a date the rule does not give (an editor may publish one,
        # with a warning) is its own event: there is no meeting to skip or move.
        ours = base.rule_dates(page.date for page in changed)
        skips, moves = [], []
        for page in changed:
            if page.date not in ours:
                continue
            if page.status == Status.CANCELLED:
                skips.append(Skip(date=page.date, reason="cancelled"))
            elif page.postponed_date:
                moves.append(
                    Move(date=page.date, to=page.local_effective(self), reason="postponed")
                )
        return dataclasses.replace(base, skips=tuple(skips), moves=tuple(moves))

    def to_core_series(self, request=None, *, exceptions=None, public=None) -> Series:
        """This series as a :class:`kindness_core.Series` (key = slug).

        ``exceptions`` and ``public``: as for :meth:`core_schedule`.
        """
        schedule = self.core_schedule(exceptions=exceptions, public=public)
        return self._core_series(schedule, request)

    def to_core(
        self,
        request=None,
        *,
        since: dt.datetime | None = None,
        strict: bool = False,
        public=None,
        stored_titles: bool = False,
    ) -> Archive:
        """A :class:`kindness_core.Archive` of the live, public conversations.

        ``since``: only the conversations that start then or later.  A page
        the core cannot take (stored outside the admin, e.g. a date outside
        the years 1900-2999) is left out and logged as an error, so that the
        calendar still answers; with ``strict`` (the export) it raises
        :class:`~kindness_core.errors.KindnessInputError` instead.
        ``public``: :meth:`public_conversations`, if the caller has it.
        ``stored_titles``: an untitled conversation is named by its page's
        title (its month in the page's language), as the outputs show it.
        """
        public = public if public is not None else self.public_conversations()
        pages = self.conversations(public)
        if since is not None:
            pages = pages.filter(models.Q(start__gte=since) | models.Q(start__isnull=True))
        # People and themes: one query each for all the pages, no model instances.
        people, themes = core_people_and_themes(pages.order_by().values("pk"))
        pages = list(pages)
        prefetch_stream(pages, "resources")  # their documents: one query, not one a page
        conversion = ResourceConversion()  # labels, document addresses: worked out once
        urls = children_full_urls(self, pages, request)  # one reverse, not one a page
        conversations = []
        for page, url in zip(pages, urls, strict=True):
            try:
                conversation = page.to_core(
                    series=self,
                    request=request,
                    url=url,
                    people=people.get(page.pk, ()),
                    themes=themes.get(page.pk, ()),
                    conversion=conversion,
                )
            except KindnessInputError as error:
                if strict:
                    raise KindnessInputError(f"{page.url_path}: {error}") from None
                log_unusable(page, error)
                continue
            conversations.append(
                with_stored_title(conversation, page) if stored_titles else conversation
            )
        series = self.to_core_series(request, public=public)
        return Archive(series=series, conversations=tuple(conversations))

    def upcoming(
        self, *, now: dt.datetime, count: int = 3, pages: SchedulePages | None = None
    ) -> list[UpcomingConversation]:
        """The next ``count`` dates: published pages first, else the schedule's dates.

        One query whatever the size of the archive (none with ``pages``, read
        by :meth:`schedule_pages` for the same ``now``): only the live, public
        pages from a month before ``now`` to the last date that can be shown
        (and those postponed into that range) can matter.  A private page neither shows nor
        moves anything public: no skip, no move, and its month is not
        "booked" (the schedule's date is shown).
        """
        if pages is None or pages.now != now or pages.count < count:
            pages = self.schedule_pages(now=now, count=count)
        base = self.base_schedule()
        since = now - base.duration
        floor = self._upcoming_floor(now)
        recent = list(pages.recent)
        recent.sort(key=lambda p: (p.start is None, p.start or since, p.pk))
        skips, moves = [], []
        for page in recent:
            if page.status == Status.CANCELLED:
                skips.append(Skip(date=page.date, reason="cancelled"))
            elif page.status == Status.POSTPONED and page.postponed_date:
                to = page.local_effective(self)
                moves.append(Move(date=page.date, to=to, reason="postponed"))
        schedule = dataclasses.replace(base, skips=tuple(skips), moves=tuple(moves))
        booked = {(p.date.year, p.date.month) for p in recent if p.date >= floor}
        coming = [p for p in recent if p.start and p.start > since and p.status != Status.CANCELLED]
        items = [self._item(p.effective_start(self), page=p) for p in coming[:count]]
        wanted = count + _SPARE_OCCURRENCES
        occurrences: list[Occurrence] = list(schedule.upcoming(after=since, count=wanted))
        for occ in occurrences:
            month = (occ.scheduled_date or occ.start.date()).timetuple()[:2]
            if month not in booked and (occ.start.year, occ.start.month) not in booked:
                items.append(self._item(occ.start))
        items.sort(key=lambda item: item.start)
        return items[:count]

    def _item(self, start: dt.datetime, page=None) -> UpcomingConversation:
        end = self.core_series_base.end_of(start)  # the core's one rule for the end
        return UpcomingConversation(
            start=start.astimezone(self.zone), end=end, series=self, page=page
        )

    def next_conversation(
        self, *, now: dt.datetime, pages: SchedulePages | None = None
    ) -> UpcomingConversation | None:
        found = self.upcoming(now=now, count=1, pages=pages)
        return found[0] if found else None

    def next_free_occurrence(self, *, now: dt.datetime) -> Occurrence | None:
        """The first coming date of the schedule whose month has no page yet (drafts count)."""
        try:
            schedule = self.base_schedule()
        except KindnessInputError:
            return None
        taken = set(
            ConversationPage.objects.child_of(self).values_list("date__year", "date__month")
        )
        for occ in schedule.upcoming(after=now, count=36):
            if (occ.start.year, occ.start.month) not in taken:
                return occ
        return None

    def serve(self, request, *args, **kwargs):
        """Wagtail's, with the HTTP cache policy: ``Cache-Control`` on every route,
        an ETag and a 304 before rendering on the HTML ones (``http_cache``)."""
        return http_cache.serve(self, super().serve, request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["base_template"] = conf.base_template()
        return context

    def save(self, *args, **kwargs):
        old = None
        if self.pk and not kwargs.get("update_fields"):
            old = (
                type(self)
                .objects.filter(pk=self.pk)
                .values_list("schedule_time", "schedule_timezone")
                .first()
            )
        result = super().save(*args, **kwargs)
        if old and old != (self.schedule_time, self.schedule_timezone):
            # A new usual time or zone applies from a date onwards: the earlier
            # conversations keep the time they were held (``scheduling``).
            change = ScheduleChange(
                old_time=old[0],
                old_zone=old[1],
                new_time=self.schedule_time,
                new_zone=self.schedule_timezone,
                since=self.schedule_change_from or default_change_date(self),
            )
            apply_schedule_change(self, change)
        return result
