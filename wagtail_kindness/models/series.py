"""``ConversationSeriesPage``: a recurring series and its archive (with its routes)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.db import models
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from kindness_core.archive import Archive
from kindness_core.errors import KindnessInputError
from kindness_core.models import Series, Status, month_label, slugify
from kindness_core.recurrence import Move, Occurrence, Skip

from ..forms import ConversationSeriesPageForm
from ..panels import ScheduleSummaryPanel
from ..queries import public_children_q, view_restrictions
from ..streams import prefetch_stream
from ..text import SLUG_PATTERN, html_to_paragraphs
from ..validators import validate_web_url, web_url
from .conversation import ConversationPage, log_unusable
from .routes import SeriesRoutesMixin
from .schedule import ScheduleFields

__all__ = ["ConversationSeriesPage", "UpcomingConversation"]


@dataclasses.dataclass(frozen=True)
class UpcomingConversation:
    """A coming date: from a published page, or computed from the schedule."""

    start: dt.datetime  # aware, in the series' zone
    end: dt.datetime
    series: ConversationSeriesPage
    page: ConversationPage | None = None

    @property
    def title(self) -> str:
        return self.page.title if self.page else month_label(self.start)

    @property
    def status(self) -> str:
        return self.page.status if self.page else Status.SCHEDULED.value


class ConversationSeriesPage(SeriesRoutesMixin, RoutablePageMixin, ScheduleFields, Page):
    """A recurring conversation series and its archive (``page.title`` is its name)."""

    intro = RichTextField(_("introduction"), blank=True)
    joining = RichTextField(_("how to join"), blank=True)
    contact = RichTextField(_("whom to contact"), blank=True)
    join_url = models.URLField(
        _("joining link"),
        blank=True,
        validators=[validate_web_url],
        help_text=_("Optional: the address of the video call or the sign-up form."),
    )

    #: Templates of the archive and of its routes (override per site).
    template = "wagtail_kindness/pages/conversation_series_page.html"
    speaker_template = "wagtail_kindness/pages/conversation_series_speaker.html"

    subpage_types = ["wagtail_kindness.ConversationPage"]
    base_form_class = ConversationSeriesPageForm

    content_panels = [
        *Page.content_panels,
        "intro",
        MultiFieldPanel(["joining", "join_url", "contact"], heading=_("Joining")),
        MultiFieldPanel(
            [
                ScheduleSummaryPanel(),
                FieldRowPanel(["schedule_ordinal", "schedule_weekday"]),
                FieldRowPanel(["schedule_time", "schedule_duration"]),
                "schedule_timezone",
                "schedule_rule",
                "schedule_start",
            ],
            heading=_("Schedule"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("conversation series")
        verbose_name_plural = _("conversation series")

    # -- routes: thin; the logic lives in wagtail_kindness.views.archive ----

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

    def route(self, request, path_components):
        """Find a conversation page in one query (Wagtail's ``route`` makes two)."""
        if path_components and self.live:
            try:
                self.resolve_subpage("/" + "/".join(path_components) + "/")
            except Http404:
                child = (
                    ConversationPage.objects.child_of(self).filter(slug=path_components[0]).first()
                )
                if child is not None and child.specific_class is ConversationPage:
                    child._cached_parent_obj = child._kindness_series = self
                    return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_view_restrictions(self):
        return view_restrictions(self)  # one query instead of two

    # -- querying -------------------------------------------------------

    def conversations(self):
        """Live, public conversation pages of this series (newest first)."""
        # public_children_q: what .public() keeps, without its extra query.
        return (
            ConversationPage.objects.child_of(self)
            .live()
            .filter(public_children_q(self))
            .order_by("-start", "-pk")
        )

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

    def core_schedule(self):
        """The schedule with cancelled dates skipped and postponed dates moved."""
        changed = self.__dict__.pop("_kindness_changed", None)  # read by upcoming()
        if changed is None and self.pk:
            changed = (
                ConversationPage.objects.child_of(self)
                .live()
                .filter(public_children_q(self))  # a private page must not move a public date
                .filter(status__in=[Status.CANCELLED, Status.POSTPONED])
                .only("date", "time", "status", "postponed_date", "postponed_time")
            )
        changed = list(changed or ())
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

    def to_core_series(self, request=None) -> Series:
        """This series as a :class:`kindness_core.Series` (key = slug)."""
        return self._core_series(self.core_schedule(), request)

    def to_core(
        self, request=None, *, since: dt.datetime | None = None, strict: bool = False
    ) -> Archive:
        """A :class:`kindness_core.Archive` of the live, public conversations.

        ``since``: only the conversations that start then or later.  A page
        the core cannot take (stored outside the admin, e.g. a date outside
        the years 1900-2999) is left out and logged as an error, so that the
        calendar still answers; with ``strict`` (the export) it raises
        :class:`~kindness_core.errors.KindnessInputError` instead.
        """
        pages = self.conversations().prefetch_related("people__speaker", "tagged_themes__tag")
        if since is not None:
            pages = pages.filter(models.Q(start__gte=since) | models.Q(start__isnull=True))
        pages = list(pages)
        prefetch_stream(pages, "resources")  # their documents: one query, not one a page
        conversations = []
        for page in pages:
            try:
                conversations.append(page.to_core(series=self, request=request))
            except KindnessInputError as error:
                if strict:
                    raise KindnessInputError(f"{page.url_path}: {error}") from None
                log_unusable(page, error)
        return Archive(series=self.to_core_series(request), conversations=tuple(conversations))

    def upcoming(
        self, *, now: dt.datetime, count: int = 3, with_exceptions: bool = False
    ) -> list[UpcomingConversation]:
        """The next ``count`` dates: published pages first, else the schedule's dates.

        One query whatever the size of the archive: only the live pages from a
        month before ``now`` on (and those postponed to then) can matter.
        ``with_exceptions``: the same query also reads the cancelled and
        postponed pages that the next :meth:`core_schedule` call of this
        instance needs (the archive's JSON-LD), so that call makes none.
        """
        base = self.base_schedule()
        since = now - base.duration
        floor = since.astimezone(base.zone).date() - dt.timedelta(days=31)
        wanted = models.Q(date__gte=floor) | models.Q(
            status=Status.POSTPONED, postponed_date__gte=floor
        )
        if with_exceptions:
            wanted |= models.Q(status__in=[Status.CANCELLED, Status.POSTPONED])
        rows = (
            list(
                ConversationPage.objects.child_of(self)
                .live()
                .filter(wanted)
                .annotate(_kindness_public=public_children_q(self))
                .defer("body")
                .order_by()  # sorted below: no ORDER BY lets the indexes be used
            )
            if self.pk
            else []
        )
        if with_exceptions:
            self._kindness_changed = sorted(
                (
                    p
                    for p in rows
                    if p._kindness_public and p.status in (Status.CANCELLED, Status.POSTPONED)
                ),
                key=lambda p: p.path,
            )
        # A private page neither shows nor moves anything public: no skip, no
        # move, and its month is not "booked" (the schedule's date is shown).
        recent = [
            p
            for p in rows
            if p._kindness_public
            and (
                p.date >= floor
                or (p.status == Status.POSTPONED and p.postponed_date and p.postponed_date >= floor)
            )
        ]
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
        pages = [p for p in recent if p.start and p.start > since and p.status != Status.CANCELLED][
            :count
        ]
        items = [self._item(p.effective_start(self), page=p) for p in pages]
        occurrences: list[Occurrence] = list(schedule.upcoming(after=since, count=count + 12))
        for occ in occurrences:
            month = (occ.scheduled_date or occ.start.date()).timetuple()[:2]
            if month not in booked and (occ.start.year, occ.start.month) not in booked:
                items.append(self._item(occ.start))
        items.sort(key=lambda item: item.start)
        return items[:count]

    def _item(self, start: dt.datetime, page=None) -> UpcomingConversation:
        start = start.astimezone(self.zone)
        end = (start.astimezone(dt.UTC) + dt.timedelta(minutes=self.schedule_duration)).astimezone(
            self.zone
        )
        return UpcomingConversation(start=start, end=end, series=self, page=page)

    def next_conversation(
        self, *, now: dt.datetime, with_exceptions: bool = False
    ) -> UpcomingConversation | None:
        found = self.upcoming(now=now, count=1, with_exceptions=with_exceptions)
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

    def get_context(self, request, *args, **kwargs):
        from .. import conf

        context = super().get_context(request, *args, **kwargs)
        context["base_template"] = conf.base_template()
        return context

    def save(self, *args, **kwargs):
        old = None
        if self.pk and not kwargs.get("update_fields"):
            old = (
                type(self)
                .objects.filter(pk=self.pk)
                .values_list("schedule_timezone", "schedule_time")
                .first()
            )
        result = super().save(*args, **kwargs)
        if old and old != (self.schedule_timezone, self.schedule_time):
            # Local dates and times are kept in the series' zone: recompute the
            # stored UTC instants of the conversations.
            for page in ConversationPage.objects.child_of(self):
                page._kindness_series = self
                try:
                    start = page.effective_start(self)
                except KindnessInputError:
                    continue
                ConversationPage.objects.filter(pk=page.pk).update(start=start)
        return result
